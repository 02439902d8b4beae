"""Families pages: see cypp.families.urls. A family's record and its evidence, the log of who
viewed family records, and the partnership's early help roles."""

from django.urls import URLPattern, path

from cypp.families import views_records

_family = "<slug:partnership>/families/<str:reference>/"

urlpatterns: list[URLPattern] = [
    path(_family, views_records.family_page, name="family"),
    path(f"{_family}evidence/new/", views_records.evidence_add, name="evidence_add"),
    path(
        f"{_family}evidence/<int:evidence_id>/withdraw/",
        views_records.evidence_withdraw_page,
        name="evidence_withdraw",
    ),
    path("<slug:partnership>/views/", views_records.views_log, name="views_log"),
    path("<slug:partnership>/roles/", views_records.roles_page, name="roles"),
    path("<slug:partnership>/roles/give/", views_records.role_give, name="role_give"),
    path(
        "<slug:partnership>/roles/<int:role_id>/remove/",
        views_records.role_remove,
        name="role_remove",
    ),
]
