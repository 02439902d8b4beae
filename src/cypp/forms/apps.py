from django.apps import AppConfig


class FormsConfig(AppConfig):
    # An app only so that Django finds its templates (forms/...); it has no models.
    name = "cypp.forms"
    label = "cypp_forms"
    verbose_name = "GOV.UK form parts"
