"""The Evidence area's front door: its landing page, the indicator catalogue and the
indicator picker's suggestions.

Public like the other evidence pages (national open data); GET only. The catalogue is a
GET form, so a search is a link that can be shared, and it works without JavaScript.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from cypp.accounts.selectors import EDITS_STRUCTURE, access_get
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.catalogue import (
    PAGE_SIZE,
    CatalogueFilters,
    catalogue_choices,
    catalogue_entries,
    catalogue_queryset,
    indicator_suggestions,
)
from cypp.indicators.selectors import evidence_summary

# Longest search a person plausibly types; longer input is cut, not refused.
_MAX_WORDS = 200


def _reverse_or_none(name: str) -> str | None:
    """The address of a page that may not be built yet (the import pages)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_not_required
@require_GET
def evidence_index(request: HttpRequest) -> HttpResponse:
    """Where each evidence page is and what is loaded; import links for analysts."""
    access = access_get(request.user)
    imports = access.is_superuser or any(r in EDITS_STRUCTURE for r in access.roles.values())
    summary = evidence_summary()
    return render(
        request,
        "reports/evidence_index.html",
        {
            "summary": summary,
            "indicators": sum(s.indicators for s in summary),
            "observations": sum(s.observations for s in summary),
            "last_import": max(
                (s.last_import for s in summary if s.last_import),
                key=lambda batch: batch.finished_at,
                default=None,
            ),
            "import_start": _reverse_or_none("evidence:import-start") if imports else None,
            "import_history": _reverse_or_none("evidence:import-history") if imports else None,
        },
    )


def _page_links(request: HttpRequest, number: int, count: int) -> list[dict[str, object]]:
    """GOV.UK pagination items: first, last, the current page and its neighbours, with an
    ellipsis for each gap."""
    shown = sorted({1, count, number - 1, number, number + 1} & set(range(1, count + 1)))
    items: list[dict[str, object]] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": _with_page(request, n), "current": n == number})
        previous = n
    return items


def _with_page(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"{request.path}?{query.urlencode()}"


@login_not_required
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    """The indicator catalogue: search by words, filter, 25 a page, each to the explorer."""
    get = request.GET
    filters = CatalogueFilters(
        words=get.get("q", "").strip()[:_MAX_WORDS],
        theme=get.get("theme", "").strip()[:_MAX_WORDS],
        source=get.get("source", "").strip()[:40],
        polarity=get.get("polarity", "").strip()[:10],
        period_type=get.get("period_type", "").strip()[:30],
    )
    area = get.get("area", "").strip()[:9]
    try:
        area_found = area_get(code=area) if area else None
    except UnknownArea:
        area_found = None  # an unknown area only loses the "Explore for" links
    paginator = Paginator(catalogue_queryset(filters=filters), PAGE_SIZE)
    page = paginator.get_page(get.get("page"))
    entries = catalogue_entries(indicators=list(page.object_list))
    return render(
        request,
        "reports/explorer_indicators.html",
        {
            "filters": filters,
            "query": filters.words,
            "area": area,
            "area_found": area_found,
            "choices": catalogue_choices(),
            "page": page,
            "entries": entries,
            "count": paginator.count,
            "page_links": _page_links(request, page.number, paginator.num_pages)
            if paginator.num_pages > 1
            else [],
            "previous_href": _with_page(request, page.number - 1) if page.has_previous() else "",
            "next_href": _with_page(request, page.number + 1) if page.has_next() else "",
        },
    )


@login_not_required
@require_GET
def indicator_suggest(request: HttpRequest) -> JsonResponse:
    """Up to 20 indicators for the picker: ``{"results": [{reference, title, source, unit}]}``."""
    text = request.GET.get("q", "").strip()[:_MAX_WORDS]
    found = indicator_suggestions(text=text)
    return JsonResponse(
        {
            "results": [
                {
                    "reference": i.reference,
                    "title": i.title,
                    "source": i.source.name,
                    "unit": i.unit,
                }
                for i in found
            ]
        }
    )
