"""The families pages, under ``/families/<partnership>/`` (namespace ``families``): the
cohort's counts (``urls_cohort``), family records and who viewed them (``urls_records``),
claims and their audit (``urls_claims``)."""

from cypp.families import urls_claims, urls_cohort, urls_records

app_name = "families"

urlpatterns = [*urls_cohort.urlpatterns, *urls_records.urlpatterns, *urls_claims.urlpatterns]
