from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "cypp.publishing"
    label = "publishing"
    verbose_name = "Public site"
