from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cypp.accounts.selectors import access_get
from cypp.commentary.selectors import commentary_owed
from cypp.geography.selectors import geography_summary
from cypp.governance.selectors import actions_owned
from cypp.indicators.selectors import evidence_summary
from cypp.plans.permissions import can_view_plan
from cypp.plans.selectors import owned_by_organisation, plans_list


def home(request: HttpRequest) -> HttpResponse:
    """The partnerships' plans, then the evidence loaded: each source with its counts."""
    plans = [p for p in plans_list() if can_view_plan(request.user, p)]
    access = access_get(request.user)
    my_measures, my_commitments = owned_by_organisation(
        organisation_id=access.organisation_id, partnership_ids=set(access.roles)
    )
    return render(
        request,
        "web/home.html",
        {
            "summary": evidence_summary(),
            "geography": geography_summary(),
            "plans": plans,
            "my_measures": my_measures,
            "my_commitments": my_commitments,
            "my_actions": actions_owned(user=request.user),
            "commentary_owed": commentary_owed(user=request.user),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """A liveness probe for load balancers, and the trivial baseline of the page benchmark."""
    return HttpResponse("ok", content_type="text/plain")
