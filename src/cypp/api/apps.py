from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cypp.api"
    label = "api"
    verbose_name = "JSON API"
