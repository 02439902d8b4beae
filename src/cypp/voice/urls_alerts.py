"""Voice pages: see cypp.voice.urls. Safeguarding alerts, for their contacts only: the list
of a person's alerts, an alert's page, and its acknowledge and close forms."""

from django.urls import URLPattern, path

from cypp.voice import views_alerts

urlpatterns: list[URLPattern] = [
    path("alerts/", views_alerts.alerts_page, name="alerts"),
    path("alerts/<int:alert_id>/", views_alerts.alert_page, name="alert"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        views_alerts.alert_acknowledge_page,
        name="alert_acknowledge",
    ),
    path("alerts/<int:alert_id>/close/", views_alerts.alert_close_page, name="alert_close"),
]
