"""The reporting periods of a plan as dates: keys, labels and the default timetable.

Pure date arithmetic, no database: ``cypp.commentary.services.reporting_periods_create``
saves what this computes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The default timetable, counted from the last day of the period (docs/commentary.md).
COMMENTARY_DUE_DAYS = 14
SIGNOFF_DUE_DAYS = 21
MEETING_DAYS = 35

MONTHS = {"quarterly": 3, "half-yearly": 6, "annual": 12}


@dataclass(frozen=True, slots=True)
class PeriodDates:
    key: str
    label: str
    start: dt.date
    end: dt.date
    commentary_due: dt.date
    signoff_due: dt.date
    meeting_date: dt.date


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _label(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _key(frequency: str, start: dt.date) -> str:
    if frequency == "quarterly":
        return f"{start.year}-q{(start.month - 1) // 3 + 1}"
    if frequency == "half-yearly":
        return f"{start.year}-h{1 if start.month <= 6 else 2}"
    # A year from April is a financial year, written as the field writes it: 2015-16.
    if start.month == 4:
        return f"{start.year}-{(start.year + 1) % 100:02d}"
    return f"{start.year}"


def period_dates(
    *, plan_start: dt.date, plan_end: dt.date, frequency: str = "quarterly"
) -> list[PeriodDates]:
    """Consecutive periods of ``frequency`` from the first day of ``plan_start``'s month to
    ``plan_end`` (the last one ends with the plan).

    Quarters start with the plan: a plan that starts on 1 April has the financial year's
    quarters (April to June, July to September...), keyed by the calendar quarter their
    first month is in (2016-q3 is July to September 2016). Half-years are keyed 2016-h1 and
    2016-h2, years 2015-16 (from April) or 2015.
    """
    if frequency not in MONTHS:
        raise ValueError(f"No frequency {frequency!r}; choose one of {', '.join(MONTHS)}.")
    if plan_end < plan_start:
        raise ValueError("The plan ends before it starts.")
    months = MONTHS[frequency]
    start = plan_start.replace(day=1)
    periods = []
    while start <= plan_end:
        following = _add_months(start, months)
        end = min(following - dt.timedelta(days=1), plan_end)
        periods.append(
            PeriodDates(
                key=_key(frequency, start),
                label=_label(start, end),
                start=start,
                end=end,
                commentary_due=end + dt.timedelta(days=COMMENTARY_DUE_DAYS),
                signoff_due=end + dt.timedelta(days=SIGNOFF_DUE_DAYS),
                meeting_date=end + dt.timedelta(days=MEETING_DAYS),
            )
        )
        start = following
    return periods
