"""A partnership's audit trail, for its administrators: every recorded change to its plans,
governance, commentary and roles, newest first, filtered, and exported as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cypp.accounts.forms_people import AuditFilterForm, object_type_name
from cypp.accounts.models import AuditEvent, Partnership
from cypp.downloads import Table, table_download
from cypp.plans.selectors_audit import (
    AuditFilter,
    partnership_audit_choices,
    partnership_audit_events,
)
from cypp.plans.views_people import partnership_managed

PER_PAGE = 50
EXPORT_COLUMNS = (
    "When (UTC)",
    "Who",
    "Change",
    "Kind of thing",
    "Thing",
    "Its number",
    "Where",
    "Field",
    "Before",
    "After",
    "Note",
)


def _filtered(request: HttpRequest, partnership: Partnership) -> tuple[AuditFilterForm, Any]:
    people, object_types = partnership_audit_choices(partnership=partnership)
    form = AuditFilterForm(request.GET or None, people=people, object_types=object_types)
    filters = AuditFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = AuditFilter(
            person=data["person"] or "",
            object_type=data["object_type"] or "",
            object=data["object"] or "",
            action=data["action"] or "",
            since=data["since"],
            until=data["until"],
        )
    elif form.is_bound:
        # A filter that cannot be read shows nothing rather than everything.
        return form, AuditEvent.objects.none()
    return form, partnership_audit_events(partnership=partnership, filters=filters)


@login_required
def audit_page(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = partnership_managed(request, partnership)
    form, events = _filtered(request, the_partnership)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_page.html",
        {
            "partnership": the_partnership,
            "form": form,
            "page": page,
            "events": [(e, object_type_name(e.object_type)) for e in page.object_list],
            "query": query.urlencode(),
        },
    )


def _shown(value: Any) -> Any:
    """A before or after value as a cell: text as it is, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_rows(events: Any) -> list[tuple[Any, ...]]:
    """One row per field changed (one row for a record that changed no field)."""
    rows: list[tuple[Any, ...]] = []
    for event in events.iterator(chunk_size=2000):
        head = (
            event.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            event.user_name,
            event.get_action_display(),
            object_type_name(event.object_type),
            event.object_repr,
            event.object_id,
            event.context,
        )
        changes = event.changes or {}
        if not changes:
            rows.append((*head, "", "", "", event.note))
        for field, values in changes.items():
            pair = [*values, None, None][:2] if isinstance(values, list) else [None, values]
            before, after = pair
            rows.append((*head, field, _shown(before), _shown(after), event.note))
    return rows


@login_required
def audit_export(request: HttpRequest, partnership: str, fmt: str) -> HttpResponse:
    """The filtered rows as a file. Text a spreadsheet would run as a formula is quoted by
    the one writer of every download (``cypp.downloads``)."""
    the_partnership = partnership_managed(request, partnership)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Audit trails are exported as CSV or XLSX")
    _form, events = _filtered(request, the_partnership)
    table = Table(
        key="audit",
        caption=f"Audit trail of {the_partnership.name}",
        columns=EXPORT_COLUMNS,
        rows=tuple(audit_rows(events)),
    )
    stem = f"audit-{the_partnership.key}-{timezone.localdate():%Y-%m-%d}"
    return table_download(table, fmt=fmt, filename=f"{stem}.{fmt}", title=table.caption)
