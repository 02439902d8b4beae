from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cypp.reports"
    verbose_name = "Reports and pages"

    def ready(self) -> None:
        # Register the reports' object permissions (rules) once every model is loaded.
        from cypp.reports import permissions  # noqa: F401
