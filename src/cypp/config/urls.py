from django.contrib import admin
from django.urls import include, path, re_path

from cypp.api.api import api
from cypp.api.errors import api_address_unknown
from cypp.commentary.views_history import plan_history_page
from cypp.plans import urls as plans_urls

# The plans namespace gathers pages from two layers: the plan's history shows commentary
# events, so its view sits in commentary, above plans (docs/adr/0016-layers.md).
plans_pages = [
    path("<slug:key>/history/", plan_history_page, name="history"),
    *plans_urls.urlpatterns,
]

# The API's operations, then any other address under it: a problem+json 404, not the site's
# HTML page (in the API's namespace, so it is the API's: tests/api covers it).
api_patterns, api_app, api_namespace = api.urls
api_urls = (
    [*api_patterns, re_path(r"", api_address_unknown, name="address-unknown")],
    api_app,
    api_namespace,
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls),
    path("account/", include("cypp.accounts.urls")),
    path("plans/", include("cypp.reports.urls_plans")),
    path("plans/", include("cypp.commentary.urls")),
    path("plans/", include((plans_pages, plans_urls.app_name))),
    path("governance/", include("cypp.governance.urls")),
    path("evidence/", include("cypp.reports.urls_evidence")),
    path("families/", include("cypp.families.urls")),
    path("voice/", include("cypp.voice.urls")),
    path("", include("cypp.plans.urls_admin")),
    path("", include("cypp.web.urls")),
]
