"""The rules a loader enforces beyond the file's shape, and the lookups in the evidence store.

Runs on the document ``reading`` produced, even when that found problems, so a file's
problems are all listed at once. Resolving references also puts them in canonical form
(an area written as its DfE code becomes its ONS code; a measure's area that is the
partnership's own is left out), so the document equals what the exporter will write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cypp.accounts.models import Organisation, Sector
from cypp.geography.models import Area
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.models import Indicator
from cypp.indicators.periods import PeriodError, period_parse
from cypp.indicators.selectors import UnknownIndicator, UnknownPeriod, indicator_get, period_for
from cypp.plans.models import Plan
from cypp.plans.plan_files.reading import Reading
from cypp.plans.plan_files.spec import PARTNERSHIP, child, prune


@dataclass
class Resolved:
    """What the document's references name in the database, for the writer."""

    partnership_area: Area | None = None
    areas: dict[str, Area] = field(default_factory=dict)  # ONS code -> area
    indicators: dict[str, Indicator] = field(default_factory=dict)  # SOURCE:CODE -> indicator
    succeeds: Plan | None = None


def document_check(*, doc: dict[str, Any], reading: Reading) -> Resolved:
    """Record every rule the document breaks; resolve and canonicalise its references."""
    resolved = Resolved()
    partnership = doc.get("partnership", {})
    plan = doc.get("plan", {})
    _partnership_check(partnership, reading, resolved)
    _unique(plan, "plan", reading)

    start, end = plan.get("start"), plan.get("end")
    if start and end and end <= start:
        reading.problem("plan.end", f"the plan ends ({end}) on or before it starts ({start})")
    if plan.get("succeeds"):
        resolved.succeeds = Plan.objects.filter(key=plan["succeeds"]).first()
        if resolved.succeeds is None:
            reading.problem("plan.succeeds", f"no plan has the key {plan['succeeds']!r}")
        elif plan["succeeds"] == plan.get("key"):
            reading.problem("plan.succeeds", "a plan cannot succeed itself")

    _order_like_the_database(plan)
    subgroups = {s.get("key") for s in plan.get("subgroups", [])}
    priorities = {p.get("key") for p in plan.get("priorities", [])}
    for p, priority in enumerate(plan.get("priorities", [])):
        for o, outcome in enumerate(priority.get("outcomes", [])):
            for m, measure in enumerate(outcome.get("measures", [])):
                path = f"plan.priorities[{p}].outcomes[{o}].measures[{m}]"
                _measure_check(measure, path, start, subgroups, reading, resolved)
    for section in ("commitments", "budget"):
        for i, item in enumerate(plan.get(section, [])):
            if item.get("priority") and item["priority"] not in priorities:
                reading.problem(
                    f"plan.{section}[{i}].priority",
                    f"no priority has the key {item['priority']!r}",
                )
    return resolved


def _partnership_check(partnership: dict[str, Any], reading: Reading, resolved: Resolved) -> None:
    if partnership.get("area"):
        try:
            resolved.partnership_area = area_get(code=partnership["area"])
            partnership["area"] = resolved.partnership_area.code
        except UnknownArea as error:
            reading.problem("partnership.area", str(error))
    members = partnership.get("members", [])
    _unique_by(members, "organisation", "partnership.members", reading)
    # A member written without a sector keeps the organisation's own (or "other" if new),
    # which is what an export will say.
    names = [m["organisation"] for m in members if "organisation" in m and "sector" not in m]
    sectors = dict(Organisation.objects.filter(name__in=names).values_list("name", "sector"))
    for index, member in enumerate(members):
        if "organisation" in member and "sector" not in member:
            member["sector"] = sectors.get(member["organisation"], Sector.OTHER.value)
            members[index] = prune(child(PARTNERSHIP, "members"), member)


def _measure_check(
    measure: dict[str, Any],
    path: str,
    plan_start: dt.date | None,
    subgroups: set[Any],
    reading: Reading,
    resolved: Resolved,
) -> None:
    indicator = None
    if measure.get("indicator"):
        reference = measure["indicator"]
        indicator = resolved.indicators.get(reference)
        if indicator is None:
            try:
                indicator = resolved.indicators[reference] = indicator_get(reference=reference)
            except UnknownIndicator as error:
                reading.problem(f"{path}.indicator", str(error))
    if measure.get("area"):
        try:
            area = area_get(code=measure["area"])
            resolved.areas[area.code] = area
            if resolved.partnership_area is not None and area == resolved.partnership_area:
                del measure["area"]  # the default: an export leaves it out
            else:
                measure["area"] = area.code
        except UnknownArea as error:
            reading.problem(f"{path}.area", str(error))
    _unique_by(measure.get("values", []), "period", f"{path}.values", reading)
    _baseline_check(measure.get("baseline"), f"{path}.baseline", indicator, reading)

    owner = measure.get("owner", {})
    if owner.get("subgroup") and owner["subgroup"] not in subgroups:
        reading.problem(f"{path}.owner.subgroup", f"no subgroup has the key {owner['subgroup']!r}")

    target = measure.get("target")
    if target is None:
        return
    tpath = f"{path}.target"
    if reading.has_problem_under(tpath):
        return
    value, low, high = target.get("value"), target.get("low"), target.get("high")
    if value is not None and (low is not None or high is not None):
        reading.problem(tpath, "give either value, or low and high (a range), not both")
    elif value is None and (low is None or high is None):
        reading.problem(tpath, "a target needs a value, or both low and high (a range)")
    elif low is not None and high is not None and low > high:
        reading.problem(tpath, f"low ({low}) is above high ({high})")
    due = target.get("due")
    if due is None:
        return
    if plan_start is not None and due <= plan_start:
        reading.problem(
            f"{tpath}.due", f"the target is due ({due}) on or before the plan starts ({plan_start})"
        )
    period_label = measure.get("baseline", {}).get("period")
    if indicator is not None and period_label:
        try:
            period = period_for(indicator=indicator, label=period_label)
        except UnknownPeriod:
            return  # free text, not one of the indicator's periods: nothing to compare
        if period.end is not None and due <= period.end:
            reading.problem(
                f"{tpath}.due",
                f"the target is due ({due}) on or before the baseline period "
                f"{period.label} ends ({period.end})",
            )


def _baseline_check(
    baseline: dict[str, Any] | None, path: str, indicator: Indicator | None, reading: Reading
) -> None:
    """A baseline figure carries the period it was measured in, so the trajectory to the
    target starts at the right place in time."""
    if not baseline or baseline.get("value") is None or reading.has_problem_under(path):
        return
    label = baseline.get("period")
    if label in (None, ""):
        reading.problem(
            f"{path}.period",
            "a baseline needs the period it was measured in (for example 2014/15), so "
            "progress to the target can be drawn from there",
        )
        return
    period_type = indicator.period_type if indicator and indicator.period_type else "calendar"
    try:
        period_parse(str(label), period_type)
    except PeriodError:
        reading.problem(
            f"{path}.period",
            f"{label!r} is not a period: write a year such as 2015, 2014-15 or 2014/15",
        )


def _order_like_the_database(plan: dict[str, Any]) -> None:
    """Put the lists the database keeps in its own order (milestones by due date, local
    values by period, notes by date) in that order, as an export will write them."""

    def by(items: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
        if all(name in item for item in items):
            return sorted(items, key=lambda item: item[name])
        return items

    for priority in plan.get("priorities", []):
        for outcome in priority.get("outcomes", []):
            for measure in outcome.get("measures", []):
                for name, field_name in (("milestones", "due"), ("values", "period")):
                    if name in measure:
                        measure[name] = by(measure[name], field_name)
    for commitment in plan.get("commitments", []):
        if "notes" in commitment:
            commitment["notes"] = by(commitment["notes"], "date")


def _unique(mapping: dict[str, Any], path: str, reading: Reading) -> None:
    """Keys unique within every keyed list under this mapping, however deep."""
    for name, value in mapping.items():
        if isinstance(value, list):
            if any(isinstance(item, dict) and "key" in item for item in value):
                _unique_by(value, "key", f"{path}.{name}", reading)
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    _unique(item, f"{path}.{name}[{index}]", reading)


def _unique_by(items: list[dict[str, Any]], name: str, path: str, reading: Reading) -> None:
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        value = item.get(name)
        if value is None:
            continue
        if value in seen:
            reading.problem(
                f"{path}[{index}].{name}",
                f"{value!r} is already used by element {seen[value] + 1} of this list",
            )
        else:
            seen[value] = index
