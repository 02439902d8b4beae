"""Evidence pages: the indicator explorer and area profiles."""

from django.urls import path

from cypp.indicators import views_imports
from cypp.reports import views_comparator_groups, views_evidence, views_evidence_index

app_name = "evidence"
urlpatterns = [
    path("", views_evidence_index.evidence_index, name="index"),
    path("explorer/", views_evidence.explorer, name="explorer"),
    path("indicators/", views_evidence_index.indicators, name="indicators"),
    path("indicators/suggest/", views_evidence_index.indicator_suggest, name="indicator-suggest"),
    path("areas/", views_evidence.areas, name="areas"),
    path("areas/<str:code>/", views_evidence.area_profile, name="area-profile"),
    path(
        "partnerships/<slug:partnership>/comparator-groups/",
        views_comparator_groups.comparator_groups,
        name="comparator-groups",
    ),
    path(
        "partnerships/<slug:partnership>/comparator-groups/new/",
        views_comparator_groups.comparator_group_create_page,
        name="comparator-group-create",
    ),
    path(
        "partnerships/<slug:partnership>/comparator-groups/<int:group_id>/",
        views_comparator_groups.comparator_group_edit_page,
        name="comparator-group-edit",
    ),
    path(
        "partnerships/<slug:partnership>/comparator-groups/<int:group_id>/delete/",
        views_comparator_groups.comparator_group_delete_page,
        name="comparator-group-delete",
    ),
    path("imports/", views_imports.import_history, name="import-history"),
    path("imports/new/", views_imports.import_start, name="import-start"),
    path("imports/<int:pk>/", views_imports.import_progress, name="import-progress"),
    path("imports/<int:pk>/mapping/", views_imports.import_mapping, name="import-mapping"),
    path("imports/<int:pk>/preview/", views_imports.import_preview, name="import-preview"),
    path(
        "imports/<int:pk>/problems.csv",
        views_imports.import_problems_csv,
        name="import-problems",
    ),
    path("imports/batches/<int:pk>/", views_imports.import_batch, name="import-batch"),
    path(
        "imports/batches/<int:pk>/rollback/",
        views_imports.import_batch_rollback_view,
        name="import-rollback",
    ),
]
