"""A child's journey through a survey, public: ``take/<survey>/...`` (cypp.voice.views_journey)."""

from django.urls import path

from cypp.voice import views_journey as views
from cypp.voice import views_journey_answers as views_answers

urlpatterns = [
    path("take/<slug:survey>/", views.journey_start, name="journey_start"),
    path("take/<slug:survey>/privacy/", views.journey_privacy, name="journey_privacy"),
    path("take/<slug:survey>/language/", views.journey_language, name="journey_language"),
    path("take/<slug:survey>/who/", views.journey_audience, name="journey_audience"),
    path("take/<slug:survey>/agree/", views.journey_consent, name="journey_consent"),
    path(
        "take/<slug:survey>/questions/", views_answers.journey_questions, name="journey_questions"
    ),
    path(
        "take/<slug:survey>/questions/<slug:question>/",
        views_answers.journey_question,
        name="journey_question",
    ),
    path("take/<slug:survey>/save/", views_answers.journey_save, name="journey_save"),
    path("take/<slug:survey>/resume/", views_answers.journey_resume, name="journey_resume"),
    path("take/<slug:survey>/help/", views.journey_help, name="journey_help"),
    path("take/<slug:survey>/finish/", views_answers.journey_finish, name="journey_finish"),
]
