from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "cypp.governance"
    verbose_name = "Governance: boards, meetings, resolutions and actions"

    def ready(self) -> None:
        # Register the governance object permissions (rules) once every model is loaded.
        from cypp.governance import permissions  # noqa: F401
