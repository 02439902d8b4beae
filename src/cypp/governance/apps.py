from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "cypp.governance"
    verbose_name = "Governance: boards, meetings, resolutions and actions"
