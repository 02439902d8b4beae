"""Commentary pages, under /plans/ (included before the plan pages, so these win)."""

from django.urls import path

from cypp.commentary import views

app_name = "commentary"
urlpatterns = [
    path("<slug:key>/commentary/", views.status_page, name="status"),
    path("<slug:key>/periods/create/", views.periods_create, name="periods-create"),
    path("<slug:key>/periods/<slug:period>/edit/", views.period_edit, name="period-edit"),
    path("<slug:key>/commentary/<slug:period>/", views.status_page, name="status-period"),
    path("<slug:key>/commentary/<slug:period>/remind/", views.remind, name="remind"),
    path(
        "<slug:key>/commentary/<slug:period>/measures/<int:pk>/",
        views.write_page,
        name="write",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/measures/<int:pk>/review/",
        views.review_page,
        name="review",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/outcomes/<int:outcome>/evidence/add/",
        views.evidence_add,
        name="evidence-add",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/evidence/<int:pk>/",
        views.evidence_edit,
        name="evidence-edit",
    ),
    path(
        "<slug:key>/commentary/<slug:period>/evidence/<int:pk>/review/",
        views.evidence_review,
        name="evidence-review",
    ),
]
