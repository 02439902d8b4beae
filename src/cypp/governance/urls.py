from django.urls import path

from cypp.governance import views, views_actions, views_agenda, views_minutes

app_name = "governance"

_meeting = "<slug:partnership>/<slug:body>/meetings/<int:pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("your-actions/", views.your_actions, name="your-actions"),
    path("<slug:partnership>/", views.partnership_page, name="partnership"),
    path("<slug:partnership>/bodies/add/", views.body_add, name="body-add"),
    path("<slug:partnership>/relations/add/", views.relation_add, name="relation-add"),
    path("<slug:partnership>/actions/<int:pk>/", views_actions.action_page, name="action"),
    path(
        "<slug:partnership>/actions/<int:pk>/edit/",
        views_actions.action_edit,
        name="action-edit",
    ),
    path("<slug:partnership>/<slug:body>/", views.body_page, name="body"),
    path("<slug:partnership>/<slug:body>/edit/", views.body_edit, name="body-edit"),
    path("<slug:partnership>/<slug:body>/members/add/", views.member_add, name="member-add"),
    path("<slug:partnership>/<slug:body>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("<slug:partnership>/<slug:body>/agenda/", views_agenda.next_agenda, name="next-agenda"),
    path(_meeting, views.meeting_page, name="meeting"),
    path(_meeting + "status/", views.meeting_status, name="meeting-status"),
    path(_meeting + "items/add/", views.item_add, name="item-add"),
    path(_meeting + "items/<int:item_pk>/edit/", views.item_edit, name="item-edit"),
    path(
        _meeting + "items/<int:item_pk>/resolutions/add/",
        views.resolution_add,
        name="resolution-add",
    ),
    path(_meeting + "items/<int:item_pk>/papers/add/", views.paper_add, name="paper-add"),
    path(_meeting + "actions/add/", views.action_add, name="action-add"),
    path(_meeting + "links/<slug:kind>/<int:subject_pk>/", views.links_edit, name="links"),
    path(_meeting + "minutes/", views_minutes.minutes_review, name="minutes"),
    path(_meeting + "agenda/", views_agenda.agenda_page, name="agenda"),
    path(_meeting + "agenda.html", views_agenda.agenda_html, name="agenda-html"),
    path(_meeting + "agenda.pdf", views_agenda.agenda_pdf, name="agenda-pdf"),
]
