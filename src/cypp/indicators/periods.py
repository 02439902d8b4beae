"""Typed time periods from the labels publishers write.

Each source labels time its own way: EES writes ``202324`` with a time identifier
("Academic year"), Fingertips ``2023/24``, LAIT ``2023-24``, ``2025 (prov)`` or ``2014-16``.
A label is parsed with the period type the source declares, into a display label, a
sort key that orders periods in time, start and end dates, and the marks the label
carried (provisional, revised, final, outturn).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cypp.indicators.models import PeriodType

_MARK = re.compile(r"\s*\((prov|provisional|rev|revised|final|ot)\)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")  # 2023-24, 2023/24, 2023/2024
_EES_SPLIT = re.compile(r"^(\d{4})(\d{2})$")  # EES 202324
_ROLLING_SPLIT = re.compile(r"^(\d{4})/(\d{2})\s*-\s*(\d{2})/(\d{2})$")  # 2013/14-15/16
_QUARTER = re.compile(r"^(\d{4}(?:[-/]\d{2})?)\s*Q([1-4])$", re.IGNORECASE)

# The month in which each type of year starts (financial: April; academic: September).
_START_MONTH: dict[str, int] = {PeriodType.FINANCIAL: 4, PeriodType.ACADEMIC: 9}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ParsedPeriod:
    period_type: str
    label: str
    sort_key: int
    start: dt.date
    end: dt.date
    provisional: bool = False
    mark: str = ""  # "revised", "final", "outturn" as the label said


def _end_of_month(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _full_year(first: int, second: str) -> int:
    """The four-digit year of the second half of a split label: 2023-24 -> 2024."""
    if len(second) == 4:
        return int(second)
    century = first // 100 * 100
    year = century + int(second)
    if year <= first:
        year += 100  # 1999-00
    if year - first > 10:
        # "2024-23" is a typo, not a period of 99 years.
        raise PeriodError(f"{first}-{second} does not end after it starts")
    return year


def _key(end: dt.date, years: int) -> int:
    # End date first, then span: 2016-18 sorts after 2018 so a series of one type reads in order.
    return end.year * 10_000 + end.month * 100 + min(years, 99)


def _split_label(first: int, period_type: str) -> str:
    """One label per year and type, whoever published it: the DfE writes financial years
    2023-24 and academic years 2023/24; Fingertips writes both as 2023/24."""
    separator = "/" if period_type == PeriodType.ACADEMIC else "-"
    return f"{first}{separator}{(first + 1) % 100:02d}"


def _split_year(first: int, period_type: str, label: str) -> ParsedPeriod:
    month = _START_MONTH.get(period_type, 4)
    start = dt.date(first, month, 1)
    end = _end_of_month(first + 1, month - 1)
    return ParsedPeriod(period_type, label, _key(end, 1), start, end)


def period_parse(label: str, period_type: str) -> ParsedPeriod:
    """Parse a published period label given the type its source declares.

    ``period_type`` is one of PeriodType's values. A two-year label under a calendar type
    (``2015-16``) is a rolling period; under a financial or academic type it is one year.
    """
    raw = " ".join(str(label).split())
    provisional, mark = False, ""
    found = _MARK.search(raw)
    if found:
        word = found.group(1).lower()
        provisional = word.startswith("prov")
        mark = {"rev": "revised", "revised": "revised", "final": "final", "ot": "outturn"}.get(
            word, ""
        )
        raw = raw[: found.start()]
    if not raw:
        raise PeriodError(f"{label!r} is not a period")
    parsed = _parse_bare(raw, period_type)
    return ParsedPeriod(
        parsed.period_type,
        parsed.label,
        parsed.sort_key,
        parsed.start,
        parsed.end,
        provisional=provisional,
        mark=mark,
    )


def _parse_bare(raw: str, period_type: str) -> ParsedPeriod:
    if period_type not in PeriodType.values:
        raise PeriodError(f"unknown period type {period_type!r}")
    if m := _QUARTER.match(raw):
        year_label, quarter = m.group(1), int(m.group(2))
        first = int(year_label[:4])
        # Quarters of split years (2024-25 Q1) count from April; of calendar years from January.
        month0 = 4 if len(year_label) > 4 else 1
        start_month = month0 + 3 * (quarter - 1)
        year = first + (start_month - 1) // 12
        start_month = (start_month - 1) % 12 + 1
        start = dt.date(year, start_month, 1)
        last_month = start_month + 2
        end = _end_of_month(year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)
        return ParsedPeriod(PeriodType.QUARTER, raw, _key(end, 0), start, end)
    if m := _YEAR.match(raw):
        year = int(m.group(1))
        if period_type == PeriodType.REPORTING:
            # A reporting year "2025" is the year ending 31 March 2025 (DfE children's social care).
            start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        elif period_type in (PeriodType.FINANCIAL, PeriodType.ACADEMIC):
            # A single year under a split type names the year in which it ends.
            parsed = _split_year(year - 1, period_type, raw)
            return parsed
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            period_type = PeriodType.CALENDAR if period_type == PeriodType.ROLLING else period_type
        return ParsedPeriod(period_type, raw, _key(end, 1), start, end)
    if m := _EES_SPLIT.match(raw):
        first = int(m.group(1))
        if _full_year(first, m.group(2)) != first + 1:
            raise PeriodError(f"{raw!r} is not a year like 202324")
        return _split_year(first, period_type, _split_label(first, period_type))
    if m := _SPLIT_YEAR.match(raw):
        first, last = int(m.group(1)), _full_year(int(m.group(1)), m.group(2))
        span = last - first
        if span <= 0:
            raise PeriodError(f"{raw!r} ends before it starts")
        if span == 1 and period_type in (PeriodType.FINANCIAL, PeriodType.ACADEMIC):
            return _split_year(first, period_type, _split_label(first, period_type))
        # Calendar years 2014 to 2016 inclusive: a rolling three-year period.
        start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
        return ParsedPeriod(PeriodType.ROLLING, raw, _key(end, span + 1), start, end)
    if m := _ROLLING_SPLIT.match(raw):
        first = int(m.group(1))
        last_start = _full_year(first, m.group(3))
        month = _START_MONTH.get(period_type, 4)
        start = dt.date(first, month, 1)
        end = _end_of_month(last_start + 1, month - 1)
        return ParsedPeriod(PeriodType.ROLLING, raw, _key(end, last_start - first + 1), start, end)
    raise PeriodError(f"{raw!r} is not a period label this importer understands")


def period_label_key(label: str) -> str:
    """A label reduced to what identifies it: "2023/24", "2023-24" and " 2023 /24" match,
    as publishers write the same year differently."""
    return "".join(label.split()).replace("/", "-").casefold()
