from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cypp.accounts"
    verbose_name = "Organisations, people and audit"

    def ready(self) -> None:
        # Register the object permissions (rules) once every model is loaded.
        from cypp.accounts import permissions  # noqa: F401
