"""Voice pages: see cypp.voice.urls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
