"""Imports in the browser: upload a file, give an EES file its mapping, preview what would
change, confirm, watch the background import; the import history, a batch, its rollback.

For analysts and administrators of any partnership and superusers: the evidence store is
shared by every partnership. An upload is seen only by whoever uploaded it (and
superusers); the history and its batches by everyone who may import.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from cypp.downloads import csv_download
from cypp.indicators.forms_imports import (
    BuildMappingForm,
    RollbackForm,
    SavedMappingForm,
    UploadForm,
    YamlMappingForm,
)
from cypp.indicators.history import import_batch_detail, import_batches_page
from cypp.indicators.import_uploads import (
    ImportUploadError,
    import_upload_confirm,
    import_upload_create,
    import_upload_options_set,
    import_upload_preview,
)
from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.indicators.importers.ees import ees_inspect, load_mapping
from cypp.indicators.importers.ees.mapping import mapping_problems
from cypp.indicators.models import ImportBatch, ImportUpload
from cypp.indicators.rollback import (
    RollbackRefused,
    import_batch_rollback,
    import_batch_rollback_refusal,
)
from cypp.indicators.uploads import (
    MAX_UPLOAD_WORDS,
    format_from_head,
    saved_mappings,
    upload_path,
    upload_remove,
    upload_store,
)

# Problems listed on the preview page; the CSV has them all.
PROBLEMS_SHOWN = 100


def may_import(user: Any) -> bool:
    """Analysts and administrators of any partnership, and superusers."""
    return bool(user.has_perm("indicators.import_indicators"))


def importers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _upload(request: HttpRequest, pk: int) -> ImportUpload:
    upload = get_object_or_404(ImportUpload.objects.select_related("batch"), pk=pk)
    if upload.uploaded_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404("No such upload")
    return upload


@require_http_methods(["GET", "POST"])
@importers_only
def import_start(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        importer = form.cleaned_data["importer"]
        if not importer:
            importer = format_from_head(file.read(64 * 1024)) or ""
            file.seek(0)
        dictionary = form.cleaned_data.get("dictionary")
        if not importer:
            form.add_error(
                "importer",
                "CYPP cannot tell this file's format from its first line: choose the format",
            )
        elif importer == "lait" and dictionary is None:
            form.add_error("dictionary", "Choose LAIT's data dictionary file to go with the data")
        else:
            options: dict[str, Any] = {}
            if importer == "lait" and dictionary is not None:
                options["dictionary"] = str(
                    upload_path(upload_store(chunks=dictionary.chunks(), name=dictionary.name))
                )
            upload = import_upload_create(
                chunks=file.chunks(),
                name=file.name,
                size=file.size,
                importer=importer,
                options=options,
                by=request.user,
            )
            if importer == "ees":
                return redirect("evidence:import-mapping", upload.pk)
            return redirect("evidence:import-preview", upload.pk)
    return render(
        request,
        "indicators/imports/start.html",
        {"form": form, "max_size": MAX_UPLOAD_WORDS},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@importers_only
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Three ways to give an EES file its mapping: saved, pasted or uploaded, or built."""
    upload = _upload(request, pk)
    if upload.importer != "ees" or upload.state != ImportUpload.State.UPLOADED:
        return redirect("evidence:import-preview", upload.pk)
    path = upload_path(upload.stored_name)
    try:
        found = ees_inspect(path)
    except ImportRejected as rejected:
        found, problems = {}, rejected.problems
    else:
        problems = []
    labels: dict[str, str] = dict(found.get("indicators", {}))
    chosen = [c for c in request.GET.getlist("column") if c in labels]
    how = request.POST.get("how", "")
    data = request.POST if request.method == "POST" else None
    saved = SavedMappingForm(data if how == "saved" else None)
    pasted = YamlMappingForm(
        data if how == "yaml" else None, request.FILES if how == "yaml" else None
    )
    if how == "build":
        chosen = [c for c in request.POST.getlist("column") if c in labels]
    built = BuildMappingForm(
        data if how == "build" else None,
        columns=chosen,
        labels=labels,
        filters=_filters_offered(found),
    )
    mapping_errors: list[Problem] = []
    if request.method == "POST":
        mapping, name = None, ""
        if how == "saved" and saved.is_valid():
            name = saved.cleaned_data["mapping"]
            try:
                mapping = load_mapping(saved_mappings()[name])
            except ImportRejected as rejected:
                mapping_errors = rejected.problems
        elif how == "yaml" and pasted.is_valid():
            given = pasted.cleaned_data.get("file")
            name = Path(given.name).name if given else "pasted mapping.yaml"
            text = given.read().decode("utf-8", "replace") if given else pasted.cleaned_data["text"]
            stored = upload_store(chunks=[text.encode()], name=name)
            try:
                mapping = load_mapping(upload_path(stored))
            except ImportRejected as rejected:
                mapping_errors = rejected.problems
            finally:
                upload_remove(stored)
        elif how == "build" and chosen and built.is_valid():
            name = "mapping built in the browser"
            mapping = built.mapping()
            mapping_errors = mapping_problems(mapping, name)
            mapping = None if mapping_errors else mapping
        if mapping is not None:
            import_upload_options_set(
                upload=upload,
                options={**upload.options, "mapping": mapping, "mapping_file": name},
            )
            return redirect("evidence:import-preview", upload.pk)
    invalid = bool(mapping_errors) or any(f.errors for f in (saved, pasted, built))
    return render(
        request,
        "indicators/imports/mapping.html",
        {
            "upload": upload,
            "found": found,
            "problems": problems,
            "labels": labels,
            "chosen": chosen,
            "saved": saved,
            "pasted": pasted,
            "built": built,
            "how": how,
            "mapping_errors": mapping_errors,
        },
        status=400 if invalid else 200,
    )


@require_http_methods(["GET", "POST"])
@importers_only
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _upload(request, pk)
    if upload.state != ImportUpload.State.UPLOADED:
        return redirect("evidence:import-progress", upload.pk)
    if upload.importer == "ees" and "mapping" not in upload.options:
        return redirect("evidence:import-mapping", upload.pk)
    preview = import_upload_preview(upload=upload)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "import":
            try:
                import_upload_confirm(upload=upload, by=request.user)
            except ImportUploadError as problem:
                error = str(problem)
            else:
                return redirect("evidence:import-progress", upload.pk)
        else:
            error = "Use the Import button to import the file."
    problems = preview["problems"]
    return render(
        request,
        "indicators/imports/preview.html",
        {
            "upload": upload,
            "preview": preview,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_more": max(len(problems) - PROBLEMS_SHOWN, 0),
            "changes_more": max(preview["changes_total"] - len(preview["changes"]), 0),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
@importers_only
def import_problems_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem the preview (or the import) found, as CSV. The value column holds what
    the uploaded file held: a cell such as "=HYPERLINK(...)" is quoted, not run."""
    upload = _upload(request, pk)
    problems = upload.result.get("problems") or upload.result.get("preview", {}).get("problems", [])
    columns = ("file", "row", "column", "value", "reason")
    return csv_download(
        [columns, *([p.get(k) for k in columns] for p in problems)],
        filename=f"problems-{upload.pk}.csv",
    )


@require_GET
@importers_only
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _upload(request, pk)
    if upload.state == ImportUpload.State.UPLOADED:
        return redirect("evidence:import-preview", upload.pk)
    percent = 0
    if upload.rows_total:
        percent = min(100, round(100 * upload.rows_done / upload.rows_total))
    response = render(
        request,
        "indicators/imports/progress.html",
        {
            "upload": upload,
            "percent": percent,
            "report": upload.result.get("report"),
            "problems": (upload.result.get("problems") or [])[:PROBLEMS_SHOWN],
            "error": upload.result.get("error", ""),
        },
    )
    add_never_cache_headers(response)
    return response


@require_GET
@importers_only
def import_history(request: HttpRequest) -> HttpResponse:
    page = import_batches_page(page=request.GET.get("page"))
    uploads = ImportUpload.objects.filter(uploaded_by_id=request.user.pk).exclude(
        state=ImportUpload.State.COMPLETED
    )[:10]
    return render(request, "indicators/imports/history.html", {"page": page, "uploads": uploads})


@require_GET
@importers_only
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("source", "rollback_of"), pk=pk)
    return render(
        request,
        "indicators/imports/batch.html",
        {
            "detail": import_batch_detail(batch=batch),
            "refusal": import_batch_rollback_refusal(batch=batch),
        },
    )


@require_http_methods(["GET", "POST"])
@importers_only
def import_batch_rollback_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=pk)
    form = RollbackForm(request.POST if request.method == "POST" else None)
    refusal = import_batch_rollback_refusal(batch=batch)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            undo = import_batch_rollback(batch=batch, by=request.user)
        except RollbackRefused as refused:
            refusal = str(refused)
        else:
            return redirect("evidence:import-batch", undo.pk)
    return render(
        request,
        "indicators/imports/rollback.html",
        {"batch": batch, "form": form, "refusal": refusal},
        status=400 if form.errors or (refusal and request.method == "POST") else 200,
    )


def _filters_offered(found: dict[str, Any]) -> dict[str, list[str]]:
    """The filter columns the mapping builder offers: the file's own filters, and its
    time_identifier when it holds several (a file of weeks 8 to 30 needs one chosen, or
    every area would have a figure per week for the same period)."""
    filters = dict(found.get("filters", {}))
    identifiers = sorted(found.get("time_identifiers", {}), key=_natural)
    if len(identifiers) > 1:
        filters["time_identifier"] = identifiers
    return filters


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Week 8 before Week 10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in text.split())
