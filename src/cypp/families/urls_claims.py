"""Families pages: see cypp.families.urls. Claims by period and their readiness, and each
period's audit: the sample, a sampled family's case page and its findings."""

from django.urls import URLPattern, path

from cypp.families import views_claims

_audit = "<slug:partnership>/audits/<str:period>/"
_case = f"{_audit}cases/<int:case_id>/"

urlpatterns: list[URLPattern] = [
    path("<slug:partnership>/claims/", views_claims.claims_page, name="claims"),
    path("<slug:partnership>/claims/make/", views_claims.claims_make_page, name="claims_make"),
    path(_audit, views_claims.audit_page, name="audit"),
    path(f"{_audit}draw/", views_claims.audit_draw_page, name="audit_draw"),
    path(f"{_audit}complete/", views_claims.audit_complete_page, name="audit_complete"),
    path(_case, views_claims.audit_case_page, name="audit_case"),
    path(f"{_case}assign/", views_claims.audit_assign_page, name="audit_assign"),
    path(f"{_case}findings/", views_claims.finding_record_page, name="finding_record"),
]
