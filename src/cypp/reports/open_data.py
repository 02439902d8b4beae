"""A public plan's open data: a Frictionless Data Package (tabular-data-package profile) of
its measures, their indicators and every observation behind them, as CSV files with a
``datapackage.json`` that describes them (schema, licence, sources).

Every figure is as published: the measures' judgements from the one rating engine with
the disclosure rule applied (``assessments_published``, as the plan's report pages), and
the observations withheld exactly as the indicator explorer withholds them
(``observations_published``): local small numbers are "c".

The observations are those of the plan's indicators for the plan's areas (each measure's
area), their comparison regions, England and their statistical neighbours (the latest
published model): what a reader needs to check every comparison the plan's reports make.

The output depends only on the plan and the data: the same data gives the same bytes
(rows in a fixed order, JSON with sorted keys, a zip with fixed dates), and the package's
``created`` date is when the plan or its evidence last changed, not when it was built.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from cypp.accounts.audit import audit_context
from cypp.accounts.models import AuditEvent
from cypp.assessment.measures import ENGLAND, AsAt, plan_assessments
from cypp.assessment.published import PublishedAssessment, assessments_published
from cypp.assessment.series import comparison_region
from cypp.disclosure import MARK, disclosure_rule, source_figures
from cypp.errors import ApplicationError
from cypp.geography.models import Area, Neighbour
from cypp.geography.selectors import comparator_model_latest
from cypp.indicators.models import ImportBatch, Indicator, Observation, Source
from cypp.plans.models import Plan
from cypp.reports.explorer_figures import observations_published
from cypp.reports.open_data_tables import (
    INDICATOR_FIELDS,
    MEASURE_FIELDS,
    MEASURE_FIGURE_FIELDS,
    MEASURE_KEY_FIELDS,
    OBSERVATION_FIELDS,
    Field,
    indicator_row,
    measure_figure_rows,
    measure_row,
    observation_row,
    table_csv,
)

OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
MISSING_VALUES = ["", MARK]
# The order of the files in the package, the zip and the open-data page.
FILES = (
    "measures.csv",
    "measure_figures.csv",
    "indicators.csv",
    "observations.csv",
)
ROLE_ORDER = {"plan area": 0, "region": 1, "England": 2, "statistical neighbour": 3}
# A fixed date for the zip's entries: the same data gives the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class NotOpenData(ApplicationError):
    """The plan is not public: it has no open data."""


def open_data_package(*, plan: Plan, as_at: AsAt | None = None) -> dict[str, bytes]:
    """File name -> content: "datapackage.json", "measures.csv", "measure_figures.csv",
    "indicators.csv", "observations.csv". Only for a public plan (``NotOpenData``, an
    ``ApplicationError``, otherwise)."""
    if not plan.public:
        raise NotOpenData(f"The plan {plan.key} is not public, so it has no open data.")
    assessments = assessments_published(plan_assessments(plan=plan, as_at=as_at))
    measures = [a.measure for a in assessments]
    indicators = sorted(
        {m.indicator.pk: m.indicator for m in measures if m.indicator}.values(),
        key=lambda i: i.reference,
    )
    observations = _observations(plan, assessments, indicators, as_at)
    files = {
        "measures.csv": table_csv(MEASURE_FIELDS, [measure_row(a) for a in assessments]),
        "measure_figures.csv": table_csv(
            MEASURE_FIGURE_FIELDS, [r for a in assessments for r in measure_figure_rows(a)]
        ),
        "indicators.csv": table_csv(INDICATOR_FIELDS, [indicator_row(i) for i in indicators]),
        "observations.csv": table_csv(
            OBSERVATION_FIELDS, [observation_row(o, role) for o, role in observations]
        ),
    }
    updated = _last_updated(plan, [o for o, _ in observations])
    descriptor = _descriptor(plan, as_at, indicators, files, updated)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return {"datapackage.json": text.encode("utf-8"), **files}


def open_data_zip(*, plan: Plan, as_at: AsAt | None = None) -> bytes:
    """The package as one zip: ``datapackage.json`` first, then the CSV files."""
    return package_zip(open_data_package(plan=plan, as_at=as_at))


def package_zip(files: dict[str, bytes]) -> bytes:
    """Files zipped in their order, with fixed dates and modes: same files, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content)
    return out.getvalue()


def open_data_name(plan: Plan) -> str:
    """The package's name: lower-case letters, digits, "-", "_" and "." as the spec asks."""
    return f"cypp-{plan.key}".lower()


def _areas(plan: Plan, assessments: list[PublishedAssessment]) -> dict[int, str]:
    """Area id -> its role: the plan's areas, their regions, England, their neighbours."""
    own = {a.measure.area for a in assessments if a.measure.area is not None}
    roles: dict[int, str] = {}
    model = comparator_model_latest()
    if model is not None:
        for neighbour_id in Neighbour.objects.filter(
            model=model, area_id__in=[a.pk for a in own]
        ).values_list("neighbour_id", flat=True):
            roles[neighbour_id] = "statistical neighbour"
    for area in own:
        region = comparison_region(area)
        if region is not None:
            roles[region.pk] = "region"
    england = Area.objects.filter(code=ENGLAND).values_list("pk", flat=True).first()
    if england is not None:
        roles[england] = "England"
    for area in own:  # a plan area is named as such even if it neighbours another
        roles[area.pk] = "plan area"
    return roles


def _observations(
    plan: Plan,
    assessments: list[PublishedAssessment],
    indicators: list[Indicator],
    as_at: AsAt | None,
) -> list[tuple[Observation, str]]:
    """Every observation of the indicators for the areas, withheld as the explorer does:
    an indicator's observations together, a set with no published total."""
    roles = _areas(plan, assessments)
    if not indicators or not roles:
        return []
    query = Observation.objects.filter(
        indicator__in=indicators, area_id__in=list(roles)
    ).select_related("indicator__source", "area", "period")
    if as_at is not None:
        query = query.filter(period__end__lte=as_at.end)
    by_indicator: dict[int, list[Observation]] = defaultdict(list)
    for o in query:
        by_indicator[o.indicator_id].append(o)
    result: list[tuple[Observation, str]] = []
    for indicator in indicators:
        rows = by_indicator.get(indicator.pk, [])
        figures = source_figures(source_key=indicator.source.key, value_type=indicator.value_type)
        observations_published(rows, figures)
        result.extend((o, roles[o.area_id]) for o in rows)
    result.sort(
        key=lambda r: (
            r[0].indicator.reference,
            ROLE_ORDER[r[1]],
            r[0].area.code,
            r[0].period.sort_key,
            r[0].period.label,
        )
    )
    return result


def _last_updated(plan: Plan, observations: list[Observation]) -> dt.datetime | None:
    """When the plan (its newest audit event) or the figures in it (their import batches)
    last changed."""
    audit = AuditEvent.objects.filter(context=audit_context(plan=plan)).aggregate(last=Max("at"))
    batches = ImportBatch.objects.filter(pk__in={o.batch_id for o in observations}).aggregate(
        last=Max("finished_at")
    )
    times = [t for t in (audit["last"], batches["last"]) if t is not None]
    return max(times) if times else None


def _schema(fields: tuple[Field, ...], **extra: Any) -> dict[str, Any]:
    return {"fields": [f.schema() for f in fields], "missingValues": MISSING_VALUES, **extra}


def _measure_key() -> dict[str, Any]:
    return {
        "fields": list(MEASURE_KEY_FIELDS),
        "reference": {"resource": "measures", "fields": list(MEASURE_KEY_FIELDS)},
    }


def _resources(files: dict[str, bytes]) -> list[dict[str, Any]]:
    to_indicators = {
        "fields": "indicator",
        "reference": {"resource": "indicators", "fields": "reference"},
    }
    described: dict[str, tuple[str, str, dict[str, Any]]] = {
        "measures.csv": (
            "Measures",
            "Every measure of the plan with its target and the rating engine's judgements: "
            "rating and its reason, progress to target, trend, the latest figure and period, "
            "and how it compares with England and the statistical neighbours.",
            _schema(
                MEASURE_FIELDS,
                primaryKey=list(MEASURE_KEY_FIELDS),
                foreignKeys=[to_indicators],
            ),
        ),
        "measure_figures.csv": (
            "Measure figures",
            "Each measure's figures period by period, as the plan's reports judge it: the "
            "indicator's figures for the measure's area, or the figures the partnership "
            "enters itself for a measure with no indicator.",
            _schema(
                MEASURE_FIGURE_FIELDS,
                primaryKey=[*MEASURE_KEY_FIELDS, "period"],
                foreignKeys=[_measure_key()],
            ),
        ),
        "indicators.csv": (
            "Indicators",
            "The indicators the plan's measures use: definition, unit, polarity, source.",
            _schema(INDICATOR_FIELDS, primaryKey=["reference"]),
        ),
        "observations.csv": (
            "Observations",
            "Every figure of those indicators for the plan's area, its region, England and "
            "its statistical neighbours, with the publishers' marks and CYPP's withheld "
            "local small numbers.",
            _schema(
                OBSERVATION_FIELDS,
                primaryKey=["indicator", "area_code", "period_type", "period"],
                foreignKeys=[to_indicators],
            ),
        ),
    }
    resources = []
    for name in FILES:
        title, description, schema = described[name]
        resources.append(
            {
                "name": name.removesuffix(".csv").replace("_", "-"),
                "path": name,
                "title": title,
                "description": description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(files[name]),
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
            }
        )
    return resources


def _sources(indicators: list[Indicator]) -> list[dict[str, str]]:
    """Every source of the plan's indicators, with its credit and licence."""
    seen: dict[str, Source] = {i.source.key: i.source for i in indicators}
    sources = []
    for key in sorted(seen):
        s = seen[key]
        entry = {"title": s.credit or f"Source: {s.name}", "name": s.name}
        if s.url:
            entry["path"] = s.url
        entry["licence"] = s.licence or "as its publisher states"
        sources.append(entry)
    return sources


def _descriptor(
    plan: Plan,
    as_at: AsAt | None,
    indicators: list[Indicator],
    files: dict[str, bytes],
    updated: dt.datetime | None,
) -> dict[str, Any]:
    rule = disclosure_rule()
    partnership = plan.partnership.name
    when = f" as at {as_at.period or as_at.end.isoformat()}" if as_at else ""
    home = str(settings.SITE_URL).rstrip("/") + reverse("plans:plan", kwargs={"key": plan.key})
    stamp = updated.astimezone(dt.UTC).replace(microsecond=0).isoformat() if updated else None
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": open_data_name(plan),
        "title": f"{plan.title}: open data{when}",
        "description": (
            f"The measures of {partnership}'s plan \"{plan.title}\", the rating engine's "
            "judgements of each, the indicators they use and every figure behind them. "
            f'Local small numbers are withheld and marked "{MARK}" ({rule.reason()}); the '
            "status column beside each figure says why a figure is missing or marked. "
            "Official figures (DfE, OHID) are as their publishers released them, under the "
            "Open Government Licence v3.0. The partnership's own measures, targets, "
            "judgements and local figures are released under the same licence."
        ),
        "homepage": home,
        "keywords": ["children and young people", "plan", "indicators", partnership],
        "licenses": [OGL],
        "sources": _sources(indicators),
        "contributors": [{"title": partnership, "role": "publisher"}],
        "resources": _resources(files),
        "cypp": {"plan": plan.key, "as_at": as_at.end.isoformat() if as_at else None},
    }
    if stamp is not None:
        descriptor["created"] = stamp
        descriptor["last_updated"] = stamp
    return descriptor
