"""Voice pages: see cypp.voice.urls. Results, small numbers suppressed."""

from django.urls import URLPattern, path

from cypp.voice import views_results

urlpatterns: list[URLPattern] = [
    path(
        "<slug:partnership>/surveys/<slug:survey>/results/",
        views_results.results,
        name="results",
    ),
]
