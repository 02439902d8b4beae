from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "cypp.families"
    verbose_name = "Families: early help outcomes, claims and their audit"
