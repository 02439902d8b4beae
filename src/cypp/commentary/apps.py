from django.apps import AppConfig


class CommentaryConfig(AppConfig):
    name = "cypp.commentary"
    verbose_name = "Reporting periods and the leads' commentary"
