from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cypp.indicators"
    verbose_name = "Indicators and observations"

    def ready(self) -> None:
        # Register the evidence store's permissions (rules) once every model is loaded.
        from cypp.indicators import permissions  # noqa: F401
