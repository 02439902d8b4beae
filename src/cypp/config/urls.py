from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("account/", include("cypp.accounts.urls")),
    path("plans/", include("cypp.reports.urls_plans")),
    path("plans/", include("cypp.commentary.urls")),
    path("plans/", include("cypp.plans.urls")),
    path("governance/", include("cypp.governance.urls")),
    path("evidence/", include("cypp.reports.urls_evidence")),
    path("", include("cypp.accounts.urls_admin")),
    path("", include("cypp.web.urls")),
]
