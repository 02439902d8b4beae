from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cypp.accounts"
    verbose_name = "Organisations, people and audit"
