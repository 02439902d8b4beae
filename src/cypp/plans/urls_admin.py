"""A partnership's administration pages (its people, its audit trail) and the link an
invited person follows to set their password."""

from django.urls import path

from cypp.plans import views_audit, views_people

app_name = "accounts_admin"
urlpatterns = [
    path("partnerships/<slug:partnership>/people/", views_people.people_list, name="people"),
    path(
        "partnerships/<slug:partnership>/people/invite/",
        views_people.people_invite,
        name="people-invite",
    ),
    path(
        "partnerships/<slug:partnership>/people/<int:user_id>/",
        views_people.people_change,
        name="people-change",
    ),
    path(
        "partnerships/<slug:partnership>/people/<int:user_id>/remove/",
        views_people.people_remove,
        name="people-remove",
    ),
    path("partnerships/<slug:partnership>/audit/", views_audit.audit_page, name="audit"),
    path(
        "partnerships/<slug:partnership>/audit/export.<str:fmt>",
        views_audit.audit_export,
        name="audit-export",
    ),
    path(
        "account/invitation/<uidb64>/<token>/",
        views_people.InvitationAccept.as_view(),
        name="invitation",
    ),
    path(
        "account/invitation/done/",
        views_people.InvitationDone.as_view(),
        name="invitation-done",
    ),
]
