from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cypp.web"
    verbose_name = "Web pages"
