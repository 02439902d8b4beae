from django.urls import path

from cypp.governance import (
    views_actions,
    views_agenda,
    views_bodies,
    views_committee_system,
    views_item_review,
    views_meetings,
    views_minutes,
)

app_name = "governance"

_meeting = "<slug:partnership>/<slug:body>/meetings/<int:pk>/"
urlpatterns = [
    path("", views_bodies.index, name="index"),
    path("your-actions/", views_actions.your_actions, name="your-actions"),
    path("<slug:partnership>/", views_bodies.partnership_page, name="partnership"),
    path("<slug:partnership>/bodies/add/", views_bodies.body_add, name="body-add"),
    path("<slug:partnership>/relations/add/", views_bodies.relation_add, name="relation-add"),
    path(
        "<slug:partnership>/committee-system/",
        views_committee_system.committee_system_page,
        name="committee-system",
    ),
    path(
        "<slug:partnership>/committee-system/sync/",
        views_committee_system.sync_now,
        name="committee-sync",
    ),
    path(
        "<slug:partnership>/committee-system/boards/<slug:body>/",
        views_committee_system.board_committee,
        name="board-committee",
    ),
    path("<slug:partnership>/actions/<int:pk>/", views_actions.action_page, name="action"),
    path(
        "<slug:partnership>/actions/<int:pk>/edit/",
        views_actions.action_edit,
        name="action-edit",
    ),
    path("<slug:partnership>/<slug:body>/", views_bodies.body_page, name="body"),
    path("<slug:partnership>/<slug:body>/edit/", views_bodies.body_edit, name="body-edit"),
    path("<slug:partnership>/<slug:body>/members/add/", views_bodies.member_add, name="member-add"),
    path(
        "<slug:partnership>/<slug:body>/meetings/add/",
        views_meetings.meeting_add,
        name="meeting-add",
    ),
    path("<slug:partnership>/<slug:body>/agenda/", views_agenda.next_agenda, name="next-agenda"),
    path(_meeting, views_meetings.meeting_page, name="meeting"),
    path(_meeting + "status/", views_meetings.meeting_status, name="meeting-status"),
    path(_meeting + "items/add/", views_meetings.item_add, name="item-add"),
    path(_meeting + "items/<int:item_pk>/edit/", views_meetings.item_edit, name="item-edit"),
    path(
        _meeting + "items/<int:item_pk>/resolutions/add/",
        views_meetings.resolution_add,
        name="resolution-add",
    ),
    path(_meeting + "items/<int:item_pk>/papers/add/", views_meetings.paper_add, name="paper-add"),
    path(_meeting + "papers/<int:paper_pk>/", views_meetings.paper_download, name="paper"),
    path(_meeting + "actions/add/", views_actions.action_add, name="action-add"),
    path(_meeting + "links/<slug:kind>/<int:subject_pk>/", views_meetings.links_edit, name="links"),
    path(_meeting + "minutes/", views_minutes.minutes_review, name="minutes"),
    path(
        _meeting + "items/<int:item_pk>/review/",
        views_item_review.item_review,
        name="item-review",
    ),
    path(_meeting + "agenda/", views_agenda.agenda_page, name="agenda"),
    path(_meeting + "agenda.html", views_agenda.agenda_html, name="agenda-html"),
    path(_meeting + "agenda.pdf", views_agenda.agenda_pdf, name="agenda-pdf"),
]
