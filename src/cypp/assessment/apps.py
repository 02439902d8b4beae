from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "cypp.assessment"
    verbose_name = "Assessment"
