from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "cypp.operations"
    verbose_name = "Operations: backups and restores"
