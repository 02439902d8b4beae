"""The results page: a wave's counts by question, broken down by audience or area if asked,
small numbers suppressed, the themes in what was written and the trend across waves. Counts
only, for anyone with a role in the partnership (``cypp.voice.access.results_readable``);
every figure comes from ``cypp.voice.results``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError, error_message
from cypp.voice.access import results_readable
from cypp.voice.models import Survey
from cypp.voice.results import BREAKDOWNS, survey_results, wave_chosen
from cypp.voice.results_trend import percent, survey_trend


def _survey_readable(request: HttpRequest, partnership: str, survey: str) -> Survey:
    # Someone without a role in the partnership is told nothing, not even that it exists.
    p = Partnership.objects.filter(key=partnership).first()
    if p is None or not results_readable(request.user, p):
        raise Http404("No such survey")
    found = Survey.objects.filter(partnership=p, key=survey).select_related("partnership").first()
    if found is None:
        raise Http404("No such survey")
    return found


@login_required
@require_GET
def results(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    """``?wave=KEY`` (the latest that has opened by default), ``?by=audience|area`` and, with
    a breakdown, ``?group=KEY`` for one group's row of the table."""
    s = _survey_readable(request, partnership, survey)
    by = request.GET.get("by", "").strip() or None
    if by not in BREAKDOWNS:
        by = None
    group = request.GET.get("group", "").strip()
    result, trend, problem = None, None, ""
    try:
        wave = wave_chosen(s, request.GET.get("wave", "").strip() or None)
        result = survey_results(survey=s, wave=wave, by=by)
        trend = survey_trend(survey=s)
    except ApplicationError as error:
        problem = error_message(error)
    # Each question's cells with their share of those who answered it, as the trend and the
    # indicators give it (published counts only); "no answer" is a count, not a share.
    questions, groups = [], []
    if result is not None:
        questions = [
            (q, [(c, percent(c.count, q.answered)) for c in q.cells[:-1]] + [(q.cells[-1], None)])
            if q.cells
            else (q, [])
            for q in result.questions
        ]
        groups = result.groups
    if group and by:
        groups = [g for g in groups if g.key == group] or groups
    return render(
        request,
        "voice/results/results.html",
        {
            "partnership": s.partnership,
            "survey": s,
            "waves": list(s.waves.order_by("opens", "key")),
            "result": result,
            "questions": questions,
            "trend": trend,
            "by": by or "",
            "breakdowns": BREAKDOWNS,
            "groups": groups,
            "problem": problem,
        },
    )
