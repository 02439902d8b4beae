"""Evidence pages: the indicator explorer and area profiles."""

from django.urls import path

from cypp.reports import views_evidence

app_name = "evidence"
urlpatterns = [
    path("explorer/", views_evidence.explorer, name="explorer"),
    path("indicators/", views_evidence.indicators, name="indicators"),
    path("areas/", views_evidence.areas, name="areas"),
    path("areas/<str:code>/", views_evidence.area_profile, name="area-profile"),
]
