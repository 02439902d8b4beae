"""The imports page of a survey: the answers brought in from other tools so far, and a file
to bring in. The file is checked whole first: with any problem, every problem is listed
(row, column, reason) and nothing is saved; a clean file is imported at once. For the
partnership's analysts and administrators (``cypp.voice.access.survey_manageable``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError, error_message
from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.voice.access import results_readable, survey_manageable
from cypp.voice.forms_imports import ImportForm
from cypp.voice.models import Survey, VoiceImport
from cypp.voice.services_imports import ImportResult, voice_import


def _survey(request: HttpRequest, partnership: str, survey: str) -> Survey:
    # Someone without a role in the partnership is told nothing, not even that it exists.
    p = Partnership.objects.filter(key=partnership).first()
    if p is None or not results_readable(request.user, p):
        raise Http404("No such survey")
    found = Survey.objects.filter(partnership=p, key=survey).select_related("partnership").first()
    if found is None:
        raise Http404("No such survey")
    if not survey_manageable(request.user, found):
        raise PermissionDenied("Only the partnership's analysts and administrators import answers.")
    return found


def _said(result: ImportResult) -> str:
    if result.already_imported:
        return (
            f"{result.file_name} was already imported into this wave: nothing changed "
            f"({result.responses} responses)."
        )
    said = (
        f"Imported {result.responses} responses ({result.answers} answers) from {result.file_name}."
    )
    if result.flagged:
        said += (
            f" {result.flagged} answer(s) say a child may be unsafe: CYPP does not know who gave "
            "them, so follow them up in the tool they came from."
        )
    return said


@login_required
@require_http_methods(["GET", "POST"])
def imports_page(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    s = _survey(request, partnership, survey)
    form = ImportForm(request.POST or None, request.FILES or None, survey=s)
    problems: list[Problem] = []
    file_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        wave = s.waves.get(key=form.cleaned_data["wave"])
        audience_key = form.cleaned_data["audience"]
        audience = s.audiences.get(key=audience_key) if audience_key else None
        try:
            result = voice_import(
                survey=s,
                wave=wave,
                format=form.cleaned_data["format"],
                data=upload.data,
                file_name=upload.name,
                ignore=form.ignored(),
                audience=audience,
                by=request.user,
            )
        except ImportRejected as rejected:
            problems = list(rejected.problems)
        except ApplicationError as error:
            form.add_error("file", error_message(error))
        else:
            messages.success(request, _said(result))
            return redirect(
                "voice:import",
                partnership=s.partnership.key,
                survey=s.key,
                import_id=result.import_id,
            )
    imports = (
        VoiceImport.objects.filter(survey=s).select_related("wave").order_by("-imported_at", "-pk")
    )
    return render(
        request,
        "voice/imports/imports.html",
        {
            "partnership": s.partnership,
            "survey": s,
            "form": form,
            "problems": problems,
            "file_name": file_name,
            "imports": imports,
        },
    )


@login_required
@require_GET
def import_page(
    request: HttpRequest, partnership: str, survey: str, import_id: int
) -> HttpResponse:
    """One import: what came in, from which file, when and by whom."""
    s = _survey(request, partnership, survey)
    found = VoiceImport.objects.filter(survey=s, pk=import_id).select_related("wave").first()
    if found is None:
        raise Http404("No such import")
    return render(
        request,
        "voice/imports/import.html",
        {
            "partnership": s.partnership,
            "survey": s,
            "voice_import": found,
            "responses": found.responses.count(),
        },
    )
