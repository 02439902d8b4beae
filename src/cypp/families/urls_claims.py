"""Families pages: see cypp.families.urls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
