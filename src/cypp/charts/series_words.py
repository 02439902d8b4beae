"""The words of a time-series chart's text alternative: first and latest figures, the
comparators then, the gaps with their status, the breaks, the target and the axis."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cypp.charts.base import number_text
from cypp.charts.series import Break, Point, Series, Target
from cypp.charts.time_axis import TimeAxis

BREAK_LABEL = "Series break"


def span_words(axis: TimeAxis) -> str:
    return f", {axis.periods[0]} to {axis.periods[-1]}" if axis.periods else ""


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def series_sentences(
    *,
    area: Series,
    comparators: Sequence[Series],
    axis: TimeAxis,
    decimals: int | None,
    breaks: Sequence[Break],
) -> list[str]:
    """The area's first and latest figures, the comparators then, the gaps, the breaks."""
    order = {label: i for i, label in enumerate(axis.periods)}
    present = sorted(
        (p for p in area.points if p.value is not None and p.period in order),
        key=lambda p: order[p.period],
    )
    sentences = []
    if present:
        first, last = present[0], present[-1]
        if first is last:
            sentences.append(f"{area.name}: {number_text(last.value, decimals)} in {last.period}.")
        else:
            sentences.append(
                f"{area.name} went from {number_text(first.value, decimals)} in {first.period}"
                f" to {number_text(last.value, decimals)} in {last.period}."
            )
        others = []
        for s in comparators:
            point = next((p for p in s.points if p.period == last.period), None)
            if point is not None and point.value is not None:
                others.append(f"{s.name} {number_text(point.value, decimals)}")
        if others:
            sentences.append(f"In {last.period}: {', '.join(others)}.")
    else:
        sentences.append(f"{area.name} has no published figure in these periods.")
    sentences.append(_gap_sentence(area, axis))
    for b in breaks:
        shown = f" (shown as {b.shown_as})" if b.shown_as and b.shown_as != b.period else ""
        note = f": {b.note.rstrip('.')}" if b.note else ""
        sentences.append(
            f"The series is broken at {b.period}{shown}{note}. A vertical line labelled"
            f" “{BREAK_LABEL}” marks it, and no line is drawn across it."
        )
    if any(p.lower is not None and p.upper is not None for p in present):
        sentences.append(f"Vertical bars show the 95% confidence intervals of {area.name}.")
    return sentences


def _gap_sentence(area: Series, axis: TimeAxis) -> str:
    """The periods within the area's series that have no figure, with their status."""
    points = {p.period: p for p in area.points if p.period in axis.periods}
    valued = [n for n, label in enumerate(axis.periods) if _has_value(points.get(label))]
    if not valued:
        return ""
    by_note: dict[str, list[str]] = defaultdict(list)
    for label in axis.periods[valued[0] : valued[-1] + 1]:
        point = points.get(label)
        if not _has_value(point):
            by_note[(point.note if point else "") or "no data"].append(label)
    if not by_note:
        return ""
    parts = [f"{_join(labels)} ({note})" for note, labels in by_note.items()]
    return f"{area.name} has no figure for {'; '.join(parts)}: the line stops at the gap."


def _has_value(point: Point | None) -> bool:
    return point is not None and point.value is not None


def target_sentences(target: Target | None, decimals: int | None) -> list[str]:
    if target is None:
        return []
    value = number_text(target.value, decimals)
    if target.baseline is None:
        return [
            f"{target.label}: {value} by {target.due_words}. Only the target is marked, at"
            " its due date: there is no baseline before it to draw a trajectory from."
        ]
    baseline = number_text(target.baseline, decimals)
    where = (
        f"at the start of the plan ({target.baseline_period})"
        if target.baseline_assumed
        else f"in {target.baseline_period}"
    )
    return [
        f"{target.label} (dashed line): from the baseline of {baseline} {where} to {value}"
        f" by {target.due_words}."
    ]
