"""A public plan's open data: the page that describes the package, its files one by one
(``datapackage.json`` and the CSV files) and the whole package as a zip.

Open data is for public plans only: any other plan answers 404 to everyone, its own
partners included (they have the scorecard downloads). The package is built once per
version of the plan and its data (``plan_data_version``) and kept in the pages cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

from cypp.disclosure import disclosure_rule
from cypp.plans.models import Plan
from cypp.plans.selectors import UnknownPlan, plan_get
from cypp.reports.embeds import MeasureCard, measure_cards
from cypp.reports.open_data import FILES, open_data_name, open_data_package, package_zip
from cypp.reports.page_cache import plan_data_version

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ZIP = "application/zip"
# Public figures that change only with an import or a plan change: an hour in a cache,
# then revalidated by ETag.
MAX_AGE = 3600


def public_plan(key: str) -> Plan:
    """The public plan with this key; 404 for any other plan, for everyone."""
    try:
        plan = plan_get(key=key)
    except UnknownPlan as error:
        raise Http404(str(error)) from error
    if not plan.public:
        raise Http404("This plan is not public, so it has no open data.")
    return plan


def package_cached(plan: Plan) -> dict[str, bytes]:
    """The plan's package on the latest data, built at most once per version of the plan
    and its data (and of the disclosure rule: another threshold withholds other figures)."""
    raw = f"open-data:{plan_data_version(plan)}:{disclosure_rule().key}"
    key = "open-data:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["pages"]
    files = cache.get(key)
    if files is None:
        files = open_data_package(plan=plan)
        cache.set(key, files)
    return dict(files)


def cards_cached(plan: Plan) -> list[MeasureCard]:
    """The plan's measure cards on the latest data, built at most once per version of the
    plan and its data, like the package."""
    raw = f"cards:{plan_data_version(plan)}:{disclosure_rule().key}"
    key = "cards:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["pages"]
    cards: list[MeasureCard] | None = cache.get(key)
    if cards is None:
        cards = measure_cards(plan=plan)
        cache.set(key, cards)
    return cards


def download(request: HttpRequest, content: bytes, content_type: str, filename: str) -> Any:
    """A public file: cacheable, with an ETag so a cache can ask whether it changed."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return get_conditional_response(request, etag=etag, response=response)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


@require_GET
def open_data_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = public_plan(key)
    files = package_cached(plan)
    descriptor = json.loads(files["datapackage.json"])
    resources = {r["path"]: r for r in descriptor["resources"]}
    rows = [
        {
            "name": name,
            "title": resources[name]["title"],
            "description": resources[name]["description"],
            "fields": resources[name]["schema"]["fields"],
            "size": _size(len(files[name])),
            "url_name": name.removesuffix(".csv"),
        }
        for name in FILES
    ]
    return render(
        request,
        "reports/open_data.html",
        {
            "plan": plan,
            "descriptor": descriptor,
            "last_updated": (
                dt.datetime.fromisoformat(descriptor["last_updated"])
                if descriptor.get("last_updated")
                else None
            ),
            "files": rows,
            "package_size": _size(len(files["datapackage.json"])),
            "zip_size": _size(len(package_zip(files))),
            "zip_name": f"{open_data_name(plan)}.zip",
            "cards": cards_cached(plan),
            "mark_reason": disclosure_rule().reason(),
        },
    )


@require_GET
def open_data_descriptor(request: HttpRequest, key: str) -> Any:
    plan = public_plan(key)
    return download(request, package_cached(plan)["datapackage.json"], JSON, "datapackage.json")


@require_GET
def open_data_file(request: HttpRequest, key: str, name: str) -> Any:
    plan = public_plan(key)
    files = package_cached(plan)
    filename = f"{name}.csv"
    if filename not in files:
        raise Http404("The package has no such file.")
    return download(request, files[filename], CSV, filename)


@require_GET
def open_data_zip_view(request: HttpRequest, key: str) -> Any:
    plan = public_plan(key)
    name = f"{open_data_name(plan)}.zip"
    response = download(request, package_zip(package_cached(plan)), ZIP, name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
