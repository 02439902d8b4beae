"""Families pages: see cypp.families.urls. The cohort's counts and the list of families."""

from django.urls import URLPattern, path

from cypp.families import views_cohort

urlpatterns: list[URLPattern] = [
    path("<slug:partnership>/", views_cohort.index, name="index"),
    path("<slug:partnership>/families/", views_cohort.family_list, name="list"),
]
