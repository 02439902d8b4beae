"""A small world for the read endpoints' tests: a public plan on real LAIT data
(Herefordshire's breastfeeding at 6-8 weeks, from the demo's national data) and on a local
count with a small number, a private plan in another partnership, reporting periods,
published and draft board packs, and a governance action about the public plan.

The expected figures are read from the source file itself (``lait_rows``), not from CYPP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.utils import timezone

from cypp.commentary.models import ReportingPeriod
from cypp.geography.selectors import area_get
from cypp.governance.models import BoardPack, PlanLink
from cypp.indicators.models import ImportBatch, Indicator, Observation, Period, Source
from cypp.plans.models import Measure, Plan
from tests.governance.factories import action_make, body_make
from tests.plans.factories import plan_make

LAIT = Path(__file__).resolve().parents[2] / "demo" / "data" / "lait" / "bds_long_0.parquet"
HEREFORDSHIRE = "E06000019"


def lait_rows(short: str, place: str) -> dict[str, str]:
    """``{year: value as printed}`` of one indicator for one place in the LAIT file."""
    frame = pl.read_parquet(LAIT).filter(
        (pl.col("Short Desc") == short) & (pl.col("LA and Regions") == place)
    )
    return dict(zip(frame["Years"].to_list(), frame["Values"].to_list(), strict=True))


@dataclass
class World:
    public: Plan
    private: Plan
    local: Indicator
    local_measure: Measure


def _period(label: str, year: int) -> Period:
    period, _ = Period.objects.get_or_create(
        period_type="calendar",
        label=label,
        defaults={
            "sort_key": year * 100,
            "start": dt.date(year, 1, 1),
            "end": dt.date(year, 12, 31),
        },
    )
    return period


def local_indicator() -> Indicator:
    """A local count (not an official source): 25 children in 2024, 4 in 2023 (a small
    number, published as "c"), 31 in 2022, for Herefordshire."""
    source, _ = Source.objects.get_or_create(key="apitest", defaults={"name": "API test data"})
    indicator = Indicator.objects.create(
        source=source,
        code="children_waiting",
        title="Children waiting for an assessment",
        unit="children",
        value_type="count",
        polarity="low",
        decimals=0,
    )
    now = timezone.now()
    batch = ImportBatch.objects.create(
        source=source,
        importer="tidy",
        file_name="waiting.csv",
        file_hash="0" * 64,
        started_at=now,
        finished_at=now,
    )
    area = area_get(code=HEREFORDSHIRE)
    for year, value in ((2022, 31.0), (2023, 4.0), (2024, 25.0)):
        Observation.objects.create(
            indicator=indicator,
            area=area,
            period=_period(str(year), year),
            value=value,
            batch=batch,
        )
    return indicator


def world_make(*, measures: int = 2) -> World:
    public = plan_make(key="public-plan", public=True, measures=measures)
    private = plan_make(key="private-plan", public=False, partnership="other-partnership")
    local = local_indicator()
    outcome = public.priorities.get().outcomes.get()
    local_measure = Measure.objects.create(
        outcome=outcome,
        key="children-waiting",
        title="Children waiting for an assessment",
        indicator=local,
        area=public.partnership.area,
        target_direction="decrease",
        order=99,
    )
    ReportingPeriod.objects.create(
        plan=public,
        key="2019-q4",
        label="January to March 2019",
        start=dt.date(2019, 1, 1),
        end=dt.date(2019, 3, 31),
        commentary_due=dt.date(2019, 4, 15),
        signoff_due=dt.date(2019, 4, 30),
    )
    ReportingPeriod.objects.create(
        plan=public,
        key="2099-q1",
        label="April to June 2099",
        start=dt.date(2099, 4, 1),
        end=dt.date(2099, 6, 30),
        commentary_due=dt.date(2099, 7, 15),
        signoff_due=dt.date(2099, 7, 30),
    )
    BoardPack.objects.create(
        plan=public,
        title="Board pack, spring 2019",
        status=BoardPack.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    BoardPack.objects.create(plan=public, title="Draft pack", status=BoardPack.Status.READY)
    body = body_make(partnership=public.partnership)
    action = action_make(body, text="Report on waiting times", due_date=dt.date(2020, 1, 31))
    PlanLink.objects.create(action=action, measure=local_measure)
    return World(public=public, private=private, local=local, local_measure=local_measure)
