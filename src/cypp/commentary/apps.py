from django.apps import AppConfig


class CommentaryConfig(AppConfig):
    name = "cypp.commentary"
    verbose_name = "Reporting periods and the leads' commentary"

    def ready(self) -> None:
        # Register the commentary object permissions (rules) once every model is loaded.
        from cypp.commentary import permissions  # noqa: F401
