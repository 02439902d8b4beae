from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cypp.plans"
    verbose_name = "Plans"
