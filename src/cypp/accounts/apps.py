from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cypp.accounts"
    verbose_name = "Organisations, people and audit"

    def ready(self) -> None:
        # Register the object permissions (rules) once every model is loaded.
        # The idle sign-out's clock starts at every sign-in, however it was made.
        from django.contrib.auth.signals import user_logged_in

        from cypp.accounts import permissions  # noqa: F401
        from cypp.accounts.session_timeout import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="cypp-session-idle-clock")
