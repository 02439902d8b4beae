"""The analysts' survey pages: the partnership's surveys, one survey with its versions and
questions, loading a survey file, opening and closing a survey, and its file.

Anyone with a role in the partnership reads the list and a survey's page (what was asked is
no secret; the answers are on the results page, small numbers suppressed). Loading, opening
and closing, and the file (it names the safeguarding contacts) are for the analysts and
administrators (``cypp.voice.access``): 404 for someone with no role in the partnership,
403 for a role that may read but not change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError, error_message
from cypp.voice.access import results_readable, voice_manageable
from cypp.voice.definitions import SurveyRejected
from cypp.voice.forms_surveys import SurveyStatusForm, SurveyUploadForm
from cypp.voice.models import Survey
from cypp.voice.scales import SCALES
from cypp.voice.selectors_surveys import scales_registered, survey_of, surveys_of, wave_current
from cypp.voice.services_surveys import survey_export, survey_load_report, survey_status_set


def _partnership(request: HttpRequest, key: str) -> Partnership:
    # Someone without a role in the partnership is told nothing, not even that it exists.
    partnership = Partnership.objects.filter(key=key).first()
    if partnership is None or not results_readable(request.user, partnership):
        raise Http404("No such partnership")
    return partnership


def _managed(request: HttpRequest, key: str) -> Partnership:
    partnership = _partnership(request, key)
    if not voice_manageable(request.user, partnership):
        raise PermissionDenied("Only the partnership's analysts and administrators do this.")
    return partnership


def _survey(partnership: Partnership, key: str) -> Survey:
    survey = survey_of(partnership, key)
    if survey is None:
        raise Http404("No such survey")
    return survey


def _link(name: str, **kwargs: str) -> str:
    """The address of another part's page, or "" while that part is not built."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def surveys_page(request: HttpRequest, partnership: str) -> HttpResponse:
    p = _partnership(request, partnership)
    today = timezone.localdate()
    rows = [{"survey": s, "current": wave_current(s, today)} for s in surveys_of(p)]
    manages = voice_manageable(request.user, p)
    scales = [(SCALES[r.scale].name, r) for r in scales_registered(p) if r.scale in SCALES]
    return render(
        request,
        "voice/surveys/list.html",
        {
            "partnership": p,
            "rows": rows,
            "manages": manages,
            "scales": scales,
            "themes_url": _link("voice:themes", partnership=p.key),
            "public_url": _link("voice:you_said_we_did", partnership=p.key),
        },
    )


@login_required
@require_GET
def survey_page(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    p = _partnership(request, partnership)
    s = _survey(p, survey)
    current = wave_current(s, timezone.localdate())
    return render(
        request,
        "voice/surveys/survey.html",
        {
            "partnership": p,
            "survey": s,
            "current": current,
            "waves": list(s.waves.all()),
            "audiences": list(s.audiences.all()),
            "manages": voice_manageable(request.user, p),
            "results_url": _link("voice:results", partnership=p.key, survey=s.key),
            "journey_url": _link("voice:journey_start", survey=s.key),
            "theming_url": _link("voice:theming", partnership=p.key, survey=s.key),
            "imports_url": _link("voice:imports", partnership=p.key, survey=s.key),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_upload_page(request: HttpRequest, partnership: str) -> HttpResponse:
    """Upload a survey file: loaded only if it has no problem; else every problem is listed
    and nothing is saved."""
    p = _managed(request, partnership)
    posted = request.method == "POST"
    form = SurveyUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[object] = []
    file_name = ""
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            report = survey_load_report(
                text=upload.text, file_name=upload.name, by=request.user, partnership=p
            )
        except SurveyRejected as rejected:
            problems = list(rejected.problems)
        except ApplicationError as error:
            form.add_error("file", error_message(error))
        else:
            messages.success(request, report.message)
            return redirect("voice:survey", partnership=p.key, survey=report.survey.key)
    return render(
        request,
        "voice/surveys/upload.html",
        {"partnership": p, "form": form, "problems": problems, "file_name": file_name},
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_status_page(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    """Open the survey to answers, or close it: a page to confirm, then the change."""
    p = _managed(request, partnership)
    s = _survey(p, survey)
    wanted = "closed" if s.status == Survey.Status.OPEN else "open"
    form = SurveyStatusForm(
        request.POST if request.method == "POST" else None, initial={"status": wanted}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = survey_status_set(
                survey=s, status=form.cleaned_data["status"], by=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error_message(error))
        else:
            said = "open to answers" if changed.status == Survey.Status.OPEN else "closed"
            messages.success(request, f"{changed.title} is {said}.")
            return redirect("voice:survey", partnership=p.key, survey=s.key)
    return render(
        request,
        "voice/surveys/status.html",
        {
            "partnership": p,
            "survey": s,
            "form": form,
            "wanted": wanted,
            "current": wave_current(s, timezone.localdate()),
        },
    )


@login_required
@require_GET
def survey_export_file(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    """The survey's file, as loaded: to change and upload again."""
    p = _managed(request, partnership)
    s = _survey(p, survey)
    response = HttpResponse(survey_export(survey=s), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{s.key}.yaml"'
    return response
