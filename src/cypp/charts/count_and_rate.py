"""A count measure over time: the number with its target, and the rate beside other areas.

A count (139 children on a child protection plan) is the plan's own figure and its target
is a count, but it cannot be set beside England's 50,000: other areas are compared on a
rate (per 10,000 children). Drawing both on one axis would put a count's target on a rate's
scale, so the chart has two panels sharing one time axis: above, the number with its
target trajectory; below, the rate with its confidence intervals beside England, the
region and the statistical neighbours' average. A board member sees the target and the
comparison, each in its own unit, with the years lined up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cypp.charts.base import Chart, chart_with_table
from cypp.charts.series import Break, Series, Target
from cypp.charts.series_table import series_table
from cypp.charts.series_words import series_sentences, span_words, target_sentences
from cypp.charts.time_axis import time_axis
from cypp.charts.time_series import CONFIG, SCHEMA, series_panel


def count_and_rate_chart(
    *,
    title: str,
    count: Series,
    count_unit: str,
    rate: Series,
    rate_unit: str,
    comparators: Sequence[Series] = (),
    target: Target | None = None,
    breaks: Sequence[Break] = (),
    count_decimals: int | None = 0,
    rate_decimals: int | None = 1,
) -> Chart:
    """Two line charts on one time axis: the count (with its target, if any) above and the
    rate compared with other areas below; one text alternative and one table for both.

    ``count_unit`` and ``rate_unit`` title the panels and their value axes ("Number of
    children"; "Rate per 10,000 children aged 0 to 17").
    """
    axis = time_axis([count, rate, *comparators], target=target, breaks=breaks)
    upper = series_panel(
        area=count,
        comparators=(),
        target=target,
        breaks=breaks,
        axis=axis,
        unit=count_unit,
        height=200,
    )
    lower = series_panel(
        area=rate,
        comparators=comparators,
        target=None,
        breaks=breaks,
        axis=axis,
        unit=rate_unit,
        height=260,
    )
    with_target = ", with the target" if target is not None else ""
    panel_title: dict[str, Any] = {"anchor": "start", "fontSize": 13, "offset": 14}
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "vconcat": [
            {"title": {"text": f"{count_unit}{with_target}", **panel_title}, **upper.view},
            {
                "title": {"text": f"{rate_unit}, compared with other areas", **panel_title},
                **lower.view,
            },
        ],
        "spacing": 36,
        # Each panel keeps its own value axis and its own key: a count and a rate never
        # share a scale.
        "resolve": {
            "scale": {
                "y": "independent",
                "color": "independent",
                "strokeDash": "independent",
                "strokeWidth": "independent",
            },
            "legend": {"color": "independent", "strokeDash": "independent"},
        },
        "config": CONFIG,
    }
    columns, rows = series_table(
        axis=axis,
        series=[count, rate, *comparators],
        target=target,
        limits_of=[rate.name],
        target_after=count.name,
        # The comparators' figures are rates: their columns say so beside the count's.
        headers={s.name: f"{s.name} (rate)" for s in comparators},
    )

    sentences = [
        f"Line chart of {title}{span_words(axis)}, in two panels on one time axis.",
        f"Upper panel, {count_unit.lower()}:",
    ]
    sentences += series_sentences(
        area=count, comparators=(), axis=axis, decimals=count_decimals, breaks=()
    )
    sentences += target_sentences(target, count_decimals)
    sentences.append(_panel_words(upper.values.sentence, "upper"))
    sentences.append(
        f"Lower panel, the {rate_unit[:1].lower()}{rate_unit[1:]}, so that areas of different"
        " sizes can be compared:"
    )
    sentences += series_sentences(
        area=rate, comparators=comparators, axis=axis, decimals=rate_decimals, breaks=breaks
    )
    sentences.append(_panel_words(lower.values.sentence, "lower"))
    if target is not None:
        sentences.append(
            "The target is a number, not a rate, so it is drawn on the upper panel only."
        )
    return chart_with_table(
        spec=spec,
        title=title,
        alt=" ".join(s for s in sentences if s),
        columns=columns,
        rows=rows,
        decimals=rate_decimals,
    )


def _panel_words(sentence: str, panel: str) -> str:
    return sentence.replace("The vertical axis", f"The {panel} panel's vertical axis", 1)
