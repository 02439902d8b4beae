from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cypp.indicators"
    verbose_name = "Indicators and observations"
