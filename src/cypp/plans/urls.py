from django.urls import path

from cypp.plans import views, views_deleted

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:key>/", views.plan_page, name="plan"),
    path("<slug:key>/edit/", views.plan_edit, name="edit"),
    path("<slug:key>/deleted/", views_deleted.deleted_items_page, name="deleted"),
    path(
        "<slug:key>/deleted/<int:pk>/restore/",
        views_deleted.deleted_item_restore_view,
        name="deleted-restore",
    ),
    path("<slug:key>/<slug:part>/add/", views.part_add, name="part-add"),
    path("<slug:key>/<slug:part>/add/<int:parent_pk>/", views.part_add, name="part-add-to"),
    path("<slug:key>/<slug:part>/<int:pk>/edit/", views.part_edit, name="part-edit"),
    path("<slug:key>/<slug:part>/<int:pk>/delete/", views.part_delete, name="part-delete"),
]
