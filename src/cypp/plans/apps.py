from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cypp.plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        # Register the plans' object permissions (rules) once every model is loaded.
        from cypp.plans import permissions  # noqa: F401
