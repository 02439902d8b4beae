from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cypp.demo"
    verbose_name = "Demo partnership"
