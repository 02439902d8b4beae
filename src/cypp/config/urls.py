from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("account/", include("cypp.accounts.urls")),
    path("plans/", include("cypp.plans.urls")),
    path("", include("cypp.web.urls")),
]
