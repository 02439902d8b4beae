from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    # An app only so that the static files finder finds the print stylesheet
    # (cypp/print.css) the PDFs use; it has no models.
    name = "cypp.documents"
    label = "cypp_documents"
    verbose_name = "Documents (PDF)"
