"""Plan reports: plan on a page, scorecard, measure pages."""

from django.urls import path

from cypp.reports import views_plans

app_name = "reports"
urlpatterns = [
    path("<slug:key>/on-a-page/", views_plans.plan_on_a_page, name="on-a-page"),
    path("<slug:key>/scorecard/", views_plans.scorecard, name="scorecard"),
    path("<slug:key>/measures/<int:pk>/", views_plans.measure_page, name="measure"),
]
