"""Voice pages: see cypp.voice.urls. Surveys, for the partnership's people: the list, a
survey's page, and for analysts and administrators loading a survey file, opening and
closing a survey, and its file to download."""

from django.urls import URLPattern, path

from cypp.voice import views_surveys

urlpatterns: list[URLPattern] = [
    path("<slug:partnership>/surveys/", views_surveys.surveys_page, name="surveys"),
    # Before the survey's own page: "upload" is not a survey key (definitions_rules.RESERVED).
    path(
        "<slug:partnership>/surveys/upload/",
        views_surveys.survey_upload_page,
        name="survey_upload",
    ),
    path("<slug:partnership>/surveys/<slug:survey>/", views_surveys.survey_page, name="survey"),
    path(
        "<slug:partnership>/surveys/<slug:survey>/status/",
        views_surveys.survey_status_page,
        name="survey_status",
    ),
    path(
        "<slug:partnership>/surveys/<slug:survey>/survey.yaml",
        views_surveys.survey_export_file,
        name="survey_export",
    ),
]
