"""One period model: typed time periods from the labels publishers write (ADR 0014).

Each source labels time its own way: EES writes ``202324`` with a time identifier
("Academic year"), Fingertips ``2023/24``, LAIT a bare ``2024`` typed by its dictionary's
``Year_Type``, ``2025 (prov)`` or ``2014-16``. A label is parsed with the period type the
source declares into one display label per period, whoever published it:

==========================  ==================================  ==========================
type                        label                               start to end
==========================  ==================================  ==========================
calendar                    2025                                1 Jan to 31 Dec 2025
academic                    2024/25                             1 Sep 2024 to 31 Aug 2025
financial                   2024-25                             1 Apr 2024 to 31 Mar 2025
reporting (DfE CSC)         2025                                1 Apr 2024 to 31 Mar 2025
quarter                     2024-25 Q1 (financial), 2024 Q1     Apr to Jun 2024, Jan to Mar
month                       March 2025                          1 to 31 Mar 2025
snapshot                    31 March 2025                       that day
rolling (multi-year)        2014-16, 2013/14-15/16              1 Jan 2014 to 31 Dec 2016
December to February        December 2024 to February 2025      1 Dec 2024 to 28 Feb 2025
==========================  ==================================  ==========================

plus a sort key that orders one indicator's periods in time, and the marks the label
carried (provisional, revised, final, outturn), which are kept on the observation rather
than in the label.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from cypp.errors import ApplicationError
from cypp.indicators.models import PeriodType

_MARK = re.compile(r"\s*\((prov|provisional|rev|revised|final|ot)\)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")  # 2023-24, 2023/24, 2023/2024
_EES_SPLIT = re.compile(r"^(\d{4})(\d{2})$")  # EES 202324
_ROLLING_SPLIT = re.compile(r"^(\d{4})/(\d{2})\s*-\s*(\d{2})/(\d{2})$")  # 2013/14-15/16
_QUARTER = re.compile(r"^(\d{4}(?:[-/]\d{2})?)\s*Q([1-4])$", re.IGNORECASE)
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")  # March 2025, Mar 2025
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")  # 2025-03
_DAY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")  # 31 March 2025
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")  # 2025-03-31
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")  # 31/03/2025
_DEC_FEB = re.compile(r"^December\s+(\d{4})\s+to\s+February\s+(\d{4})$", re.IGNORECASE)

# The month in which each type of year starts (financial: April; academic: September).
_START_MONTH: dict[str, int] = {PeriodType.FINANCIAL: 4, PeriodType.ACADEMIC: 9}
_SPLIT_TYPES = (PeriodType.FINANCIAL, PeriodType.ACADEMIC)


class PeriodError(ApplicationError, ValueError):
    """A period label or date that cannot be read; the message says which and why."""


@dataclass(frozen=True, slots=True)
class ParsedPeriod:
    period_type: str
    label: str
    sort_key: int
    start: dt.date
    end: dt.date
    provisional: bool = False
    mark: str = ""  # "revised", "final", "outturn" as the label said


def period_type_words(period_type: str) -> str:
    """The type as people say it ("academic year"), for problems and pages."""
    try:
        return str(PeriodType(period_type).label).lower()
    except ValueError:
        return period_type


def period_shown(raw: str, label: str) -> str:
    """A published cell and its display label, for problems: "202122 (2021/22)"; the label
    alone where the two agree."""
    raw = " ".join(str(raw).split())
    return raw if raw == label else f"{raw} ({label})"


def period_cell_shown(raw: str, period_type: str) -> str:
    """A published cell as problems show it: "202122 (2021/22)", or the cell alone when no
    period of the type reads it."""
    try:
        return period_shown(raw, period_parse(raw, period_type).label)
    except PeriodError:
        return raw


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


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


def _split_year(first: int, period_type: str) -> ParsedPeriod:
    month = _START_MONTH[period_type]
    start = dt.date(first, month, 1)
    end = _end_of_month(first + 1, month - 1)
    return ParsedPeriod(period_type, _split_label(first, period_type), _key(end, 1), start, end)


def _dec_feb(last: int) -> ParsedPeriod:
    """The average of December, January and February ending in ``last`` (NCCIS's NEET and
    not known figures: "2025" is the average of the ends of December 2024, January 2025 and
    February 2025)."""
    start, end = dt.date(last - 1, 12, 1), _end_of_month(last, 2)
    label = f"December {last - 1} to February {last}"
    return ParsedPeriod(PeriodType.DEC_FEB, label, _key(end, 0), start, end)


def _month_number(name: str, raw: str) -> int:
    month = _MONTHS.get(name.casefold())
    if month is None:
        raise PeriodError(f"{raw!r}: {name!r} is not a month")
    return month


def _day(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise PeriodError(f"{raw!r} is not a day of the calendar") from error


def period_parse(label: str, period_type: str) -> ParsedPeriod:
    """Parse a published period label given the type its source declares.

    ``period_type`` is one of PeriodType's values. A two-year label under a calendar type
    (``2015-16``) is a rolling period; under a financial or academic type it is one year.
    A bare year under a split type names the year in which it ends: LAIT's "2022" of an
    academic-year measure is 2021/22, the DfE's ``202122`` (EYFSP: 65.2% in both).
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
    if period_type == PeriodType.MONTH:
        return _parse_month(raw)
    if period_type == PeriodType.SNAPSHOT:
        return _parse_snapshot(raw)
    if period_type == PeriodType.DEC_FEB:
        return _parse_dec_feb(raw)
    if m := _QUARTER.match(raw):
        return _quarter(m.group(1), int(m.group(2)))
    if m := _YEAR.match(raw):
        year = int(m.group(1))
        if period_type == PeriodType.REPORTING:
            # A reporting year "2025" is the year ending 31 March 2025 (DfE children's social care).
            start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        elif period_type in _SPLIT_TYPES:
            # A single year under a split type names the year in which it ends.
            return _split_year(year - 1, period_type)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            period_type = PeriodType.CALENDAR if period_type == PeriodType.ROLLING else period_type
        return ParsedPeriod(period_type, raw, _key(end, 1), start, end)
    if m := _EES_SPLIT.match(raw):
        first = int(m.group(1))
        if _full_year(first, m.group(2)) != first + 1:
            raise PeriodError(f"{raw!r} is not a year like 202324")
        if period_type not in _SPLIT_TYPES:
            raise PeriodError(f"{raw!r} is a split year, not a {period_type_words(period_type)}")
        return _split_year(first, period_type)
    if m := _SPLIT_YEAR.match(raw):
        first, last = int(m.group(1)), _full_year(int(m.group(1)), m.group(2))
        span = last - first
        if span <= 0:
            raise PeriodError(f"{raw!r} ends before it starts")
        if span == 1 and period_type in _SPLIT_TYPES:
            return _split_year(first, period_type)
        # Calendar years 2014 to 2016 inclusive: a rolling three-year period.
        start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
        label = f"{first}-{last % 100:02d}"
        return ParsedPeriod(PeriodType.ROLLING, label, _key(end, span + 1), start, end)
    if m := _ROLLING_SPLIT.match(raw):
        first = int(m.group(1))
        last_start = _full_year(first, m.group(3))
        month = _START_MONTH.get(period_type, 4)
        start = dt.date(first, month, 1)
        end = _end_of_month(last_start + 1, month - 1)
        return ParsedPeriod(PeriodType.ROLLING, raw, _key(end, last_start - first + 1), start, end)
    raise PeriodError(f"{raw!r} is not a period label this importer understands")


def _quarter(year_label: str, quarter: int) -> ParsedPeriod:
    """Quarters of split years (2024-25 Q1) count from April, as the NHS and the DfE count
    them; quarters of calendar years (2024 Q1) from January. Labelled 2024-25 Q1 / 2024 Q1."""
    first = int(year_label[:4])
    split = len(year_label) > 4
    if split and _full_year(first, year_label[5:]) != first + 1:
        raise PeriodError(f"{year_label!r} is not one year")
    month0 = 4 if split else 1
    start_month = month0 + 3 * (quarter - 1)
    year = first + (start_month - 1) // 12
    start_month = (start_month - 1) % 12 + 1
    start = dt.date(year, start_month, 1)
    last_month = start_month + 2
    end = _end_of_month(year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)
    label = f"{_split_label(first, PeriodType.FINANCIAL) if split else first} Q{quarter}"
    return ParsedPeriod(PeriodType.QUARTER, label, _key(end, 0), start, end)


def _parse_month(raw: str) -> ParsedPeriod:
    if m := _MONTH.match(raw):
        month, year = _month_number(m.group(1), raw), int(m.group(2))
    elif m := _ISO_MONTH.match(raw):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{raw!r} is not a month")
    else:
        raise PeriodError(f"{raw!r} is not a month like March 2025")
    start, end = dt.date(year, month, 1), _end_of_month(year, month)
    label = f"{calendar.month_name[month]} {year}"
    return ParsedPeriod(PeriodType.MONTH, label, _key(end, 0), start, end)


def _parse_snapshot(raw: str) -> ParsedPeriod:
    if m := _DAY.match(raw):
        day = _day(int(m.group(3)), _month_number(m.group(2), raw), int(m.group(1)), raw)
    elif m := _ISO_DAY.match(raw):
        day = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
    elif m := _UK_DAY.match(raw):
        day = _day(int(m.group(3)), int(m.group(2)), int(m.group(1)), raw)
    else:
        raise PeriodError(f"{raw!r} is not a day like 31 March 2025 (a snapshot is one day)")
    label = f"{day.day} {calendar.month_name[day.month]} {day.year}"
    # Days sort after the month's whole periods ending the same month: key by day too.
    key = day.year * 10_000 + day.month * 100 + day.day
    return ParsedPeriod(PeriodType.SNAPSHOT, label, key, day, day)


def _parse_dec_feb(raw: str) -> ParsedPeriod:
    if m := _DEC_FEB.match(raw):
        first, last = int(m.group(1)), int(m.group(2))
        if last != first + 1:
            raise PeriodError(f"{raw!r}: February must follow the December")
        return _dec_feb(last)
    if m := _YEAR.match(raw):
        # NCCIS and LAIT name the average by its year: "2025" ends in February 2025.
        return _dec_feb(int(m.group(1)))
    if m := _EES_SPLIT.match(raw) or _SPLIT_YEAR.match(raw):
        first = int(m.group(1))
        if _full_year(first, m.group(2)) != first + 1:
            raise PeriodError(f"{raw!r} is not one year")
        # The average falls in the academic year 2024/25: December 2024 to February 2025.
        return _dec_feb(first + 1)
    raise PeriodError(f"{raw!r} is not a December to February average like 2025")


def period_label_key(label: str) -> str:
    """A label reduced to what identifies it within one indicator's periods: "2023/24",
    "2023-24", " 2023 /24" and the bare "2024" LAIT writes for the same year match, as do
    "December 2023 to February 2024" and "2024" (one indicator has one type of period,
    and these types have one period ending in each year)."""
    text = "".join(label.split()).casefold()
    text = _MARK.sub("", text)
    if m := _SPLIT_YEAR.match(text):
        first = int(m.group(1))
        try:
            if _full_year(first, m.group(2)) == first + 1:
                return str(first + 1)
        except PeriodError:
            pass
    if m := re.match(r"^december(\d{4})tofebruary(\d{4})$", text):
        return m.group(2)
    return text.replace("/", "-")
