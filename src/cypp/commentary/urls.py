"""Commentary pages, under /plans/ (included before the plan pages, so these win)."""

from django.urls import path

from cypp.commentary import views_commentary, views_evidence, views_status

app_name = "commentary"
urlpatterns = [
    path("<slug:key>/commentary/", views_status.status_page, name="status"),
    path("<slug:key>/periods/create/", views_status.periods_create, name="periods-create"),
    path("<slug:key>/periods/<slug:period>/edit/", views_status.period_edit, name="period-edit"),
    path("<slug:key>/commentary/<slug:period>/", views_status.status_page, name="status-period"),
    path("<slug:key>/commentary/<slug:period>/remind/", views_status.remind, name="remind"),
    path(
        "<slug:key>/commentary/<slug:period>/measures/<int:pk>/",
        views_commentary.write_page,
        name="write",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/measures/<int:pk>/review/",
        views_commentary.review_page,
        name="review",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/outcomes/<int:outcome>/evidence/add/",
        views_evidence.evidence_add,
        name="evidence-add",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/evidence/<int:pk>/",
        views_evidence.evidence_edit,
        name="evidence-edit",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/evidence/<int:pk>/review/",
        views_evidence.evidence_review,
        name="evidence-review",
    ),
]
