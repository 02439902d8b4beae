"""National open data: indicators, their observations and benchmarks, public to everyone as
the evidence explorer is, with local small numbers withheld exactly as the explorer withholds
them (``observations_published``, ``published_values``: the ``cypp.disclosure`` rule).

An indicator's reference SOURCE:CODE is written in the path as ``{source}/{code}``
(``/indicators/lait/6wksBreast``): a colon in a path segment is legal but many clients and
proxies mangle it, and the two parts are what the catalogue stores. A code may contain a
slash (LAIT has some), kept as it is in the path.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.params.functions import Path
from pydantic import Field

from cypp.api import schemas
from cypp.api.caching import answer
from cypp.api.errors import ApiProblem
from cypp.api.pagination import Paging, paginated
from cypp.assessment.benchmarking import benchmark_get
from cypp.disclosure import MARK, WITHHELD, source_figures
from cypp.geography.models import Area
from cypp.geography.selectors import UnknownArea, area_get, comparator_model_latest
from cypp.indicators.catalogue import CatalogueFilters, catalogue_queryset
from cypp.indicators.models import Indicator, Observation, Period
from cypp.indicators.selectors import UnknownIndicator, UnknownPeriod, indicator_get, period_for
from cypp.reports.explorer_figures import observations_published, published_values

router = Router(tags=["evidence"])

# Words with no control characters (PostgreSQL refuses a NUL in text), and area codes.
TEXT = r"^[^\x00-\x1f]*$"
AREA = r"^[A-Za-z0-9]+$"

SourceKey = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=40, description="e.g. lait")
# A code may hold a slash (LAIT's "NEW_KS2_RWM_Sen_W/Osta"): the path takes it whole.
# Printable ASCII, no spaces: what the importers store.
Code = Path(..., pattern=r"^[!-~]+$", max_length=100, description="e.g. 6wksBreast")


def _invalid(field: str, reason: str) -> ApiProblem:
    return ApiProblem(
        422,
        "Invalid parameter",
        f"{field}: {reason}",
        errors=[{"field": field, "in": "query", "reason": reason}],
    )


def _indicator(source: str, code: str) -> Indicator:
    try:
        return indicator_get(reference=f"{source}:{code}")
    except UnknownIndicator as error:
        raise ApiProblem(404, "Not found", str(error)) from error


def _area(code: str) -> Area:
    try:
        return area_get(code=code)
    except UnknownArea as error:
        raise _invalid("area", f"no area has the code {code!r}") from error


def _period(indicator: Indicator, label: str | None) -> Period:
    try:
        return period_for(indicator=indicator, label=label)
    except UnknownPeriod as error:
        if label is None:  # no observations at all: nothing to benchmark
            raise ApiProblem(404, "Not found", str(error)) from error
        raise _invalid("period", str(error)) from error


def _indicator_body(request: HttpRequest, i: Indicator) -> dict[str, Any]:
    return {
        "reference": i.reference,
        "source": i.source.key,
        "code": i.code,
        "title": i.title,
        "definition": i.definition,
        "topic": i.topic,
        "unit": i.unit,
        "value_type": i.value_type,
        "polarity": i.polarity,
        "decimals": i.decimals,
        "url": request.build_absolute_uri(reverse("api-v1:indicator", args=[i.source.key, i.code])),
    }


class IndicatorFilters(Schema):
    q: str = Field(
        "", max_length=200, pattern=TEXT, description="Words in the title, code or definition."
    )
    source: str = Field(
        "", max_length=40, pattern=r"^[-a-zA-Z0-9_]*$", description="A source's key: lait, ees."
    )


@router.get(
    "/indicators",
    response=schemas.responses(schemas.Page[schemas.Indicator]),
    url_name="indicators",
    summary="Indicators",
)
def indicators(
    request: HttpRequest, paging: Query[Paging], filters: Query[IndicatorFilters]
) -> HttpResponse:
    """The indicator catalogue, searched as the catalogue page searches it."""
    rows = catalogue_queryset(
        filters=CatalogueFilters(words=filters.q.strip(), source=filters.source.strip())
    )
    body = paginated(request, rows, paging, lambda i: _indicator_body(request, i))
    return answer(request, schemas.Page[schemas.Indicator], body)


class ObservationFilters(Schema):
    area: str | None = Field(
        None, max_length=9, pattern=r"^[A-Za-z0-9]*$", description="An area's ONS or DfE code."
    )
    period: str | None = Field(
        None, max_length=40, pattern=TEXT, description="A period's label: 2023-24."
    )


def _observation_body(o: Observation) -> dict[str, Any]:
    withheld = o.status in WITHHELD
    return {
        "area": o.area.code,
        "area_name": o.area.name,
        "period": o.period.label,
        "value": o.value,
        "lower_95": o.lower_95,
        "upper_95": o.upper_95,
        "numerator": o.numerator,
        "denominator": o.denominator,
        "status": o.status,
        "withheld": MARK if withheld else None,
        "provisional": o.provisional,
        "estimate": o.estimate,
    }


@router.get(
    "/indicators/{source}/{path:code}/observations",
    response=schemas.responses(schemas.Page[schemas.Observation]),
    url_name="indicator-observations",
    summary="An indicator's observations",
)
def observations(
    request: HttpRequest,
    paging: Query[Paging],
    filters: Query[ObservationFilters],
    source: str = SourceKey,
    code: str = Code,
) -> HttpResponse:
    """Figures by area and period (area code, then time); local small numbers are "c"
    (``withheld``) with no value, as the evidence explorer shows them."""
    found = _indicator(source, code)
    rows = Observation.objects.filter(indicator=found).select_related("area", "period")
    if filters.area:
        rows = rows.filter(area=_area(filters.area))
    if filters.period:
        rows = rows.filter(period=_period(found, filters.period))
    rows = rows.order_by("area__code", "period__sort_key", "pk")
    body = paginated(request, rows, paging)
    # Each figure is judged on its own (a series with no published total), so withholding
    # the page's figures is withholding them in the whole set.
    observations_published(
        body["results"],
        source_figures(source_key=found.source.key, value_type=found.value_type),
    )
    body["results"] = [_observation_body(o) for o in body["results"]]
    return answer(request, schemas.Page[schemas.Observation], body)


class BenchmarkQuery(Schema):
    area: str = Field(..., max_length=9, pattern=AREA, description="The area's ONS or DfE code.")
    period: str | None = Field(
        None, max_length=40, pattern=TEXT, description="A period; the latest if none."
    )


@router.get(
    "/indicators/{source}/{path:code}/benchmark",
    response=schemas.responses(schemas.Benchmark),
    url_name="indicator-benchmark",
    summary="An area against England, its region and its statistical neighbours",
)
def benchmark(
    request: HttpRequest,
    wanted: Query[BenchmarkQuery],
    source: str = SourceKey,
    code: str = Code,
) -> HttpResponse:
    """The area's figure beside England's, its region's and its statistical neighbours'
    (average and each), with its rank and quartile band among local authorities; ranks,
    averages and bands are made from the published figures, as the explorer makes them."""
    found = _indicator(source, code)
    area = _area(wanted.area)
    period = _period(found, wanted.period)
    figures = source_figures(source_key=found.source.key, value_type=found.value_type)
    result = benchmark_get(
        indicator=found,
        area=area,
        period=period,
        model=comparator_model_latest(),
        values=published_values(found, period, figures),
    )
    # The schema keeps what it names: the area's own value is ``area.value``.
    return answer(request, schemas.Benchmark, result.as_dict())


# Last: its path would otherwise take ".../observations" as part of a code.
@router.get(
    "/indicators/{source}/{path:code}",
    response=schemas.responses(schemas.Indicator),
    url_name="indicator",
    summary="One indicator (SOURCE:CODE as /SOURCE/CODE)",
)
def indicator(request: HttpRequest, source: str = SourceKey, code: str = Code) -> HttpResponse:
    return answer(request, schemas.Indicator, _indicator_body(request, _indicator(source, code)))
