"""The cohort pages: the partnership's early help counts for a financial year (aggregates
only, small numbers suppressed, for anyone with a role in the partnership) and the list of
the families a person may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError, error_message
from cypp.families.access import aggregates_readable, families_visible, log_readable
from cypp.families.selectors_cohort import family_rows, years_with_episodes
from cypp.families.summary import cohort_summary


def _partnership_readable(request: HttpRequest, key: str) -> Partnership:
    # Someone without a role in the partnership is told nothing, not even that it exists.
    partnership = Partnership.objects.filter(key=key).select_related("area").first()
    if partnership is None or not aggregates_readable(request.user, partnership):
        raise Http404("No such partnership")
    return partnership


@login_required
@require_GET
def index(request: HttpRequest, partnership: str) -> HttpResponse:
    """The cohort in one financial year (``?period=2024-25``; the latest with episodes by
    default): the same figures and marks as ``cypp families summary --json``."""
    p = _partnership_readable(request, partnership)
    years = years_with_episodes(p)
    chosen = request.GET.get("period", "").strip() or (years[0].label if years else "")
    summary, problem = None, ""
    if chosen:
        try:
            summary = cohort_summary(p, chosen)
        except ApplicationError as error:
            problem = error_message(error)
    return render(
        request,
        "families/cohort.html",
        {
            "partnership": p,
            "years": years,
            "chosen": chosen,
            "summary": summary,
            "problem": problem,
            "opens_families": families_visible(request.user, p).exists(),
            # The roles and the log of views are the administrators' (cypp.families.access).
            "administers": log_readable(request.user, p),
        },
    )


@login_required
@require_GET
def family_list(request: HttpRequest, partnership: str) -> HttpResponse:
    """The families whose records this person may open, and nothing of any other."""
    p = _partnership_readable(request, partnership)
    rows, problem = [], ""
    try:
        rows = family_rows(request.user, p)
    except ApplicationError as error:
        problem = error_message(error)
    return render(
        request,
        "families/cohort_families.html",
        {"partnership": p, "rows": rows, "problem": problem},
    )
