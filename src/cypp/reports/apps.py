from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cypp.reports"
    verbose_name = "Reports and pages"
