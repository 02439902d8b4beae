from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "cypp.geography"
    verbose_name = "Geography"
