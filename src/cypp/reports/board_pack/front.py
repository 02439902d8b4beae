"""The front pages of the board report: the key messages and "the board is asked to",
drafted from the one rating engine's judgements, and the officer's words where they edited.

Every drafted sentence states a judgement the rating engine made (a trend it tested, a
rating, a target verdict) or a plain difference between two published figures, with the
figure, its unit and its period. Nothing here claims significance the engine did not test.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import timezone

from cypp import stats
from cypp.assessment.benchmarking import Benchmark
from cypp.assessment.judging import is_worsening, number
from cypp.assessment.measures import MeasureAssessment
from cypp.plans.models import Plan
from cypp.reports.board_pack.sections import FrontPages, Implication, KeyMessage

# A board reads a page of key messages, not a list of every measure.
KEY_MESSAGES_MAX = 8
# Room kept for good news when there is some: bad news first, plainly, but not only bad news.
GOOD_NEWS_MIN = 3

WORSENED = "worsened"
TARGET_MISSED = "target missed"
IMPROVED = "improved"
TARGET_MET = "target met"
GAP = "gap to neighbours"
BAD_KINDS = (WORSENED, TARGET_MISSED)
KIND_ORDER = (WORSENED, TARGET_MISSED, IMPROVED, TARGET_MET)

IMPLICATION_KINDS = (
    ("financial", "Financial"),
    ("legal", "Legal"),
    ("equality", "Equality"),
    ("safeguarding", "Safeguarding"),
)

_QUARTERS = {"D": "the worst quarter", "C": "the second-worst quarter"}
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def date_words(day: dt.date) -> str:
    """ "31 March 2018": how the pack writes a date."""
    return f"{day.day} {day:%B %Y}"


def lines(text: str) -> list[str]:
    """One item a line, as the officer typed them: blank lines and list bullets dropped."""
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]


def key_messages_draft(
    *, assessments: Iterable[MeasureAssessment], benchmarks: Mapping[int, Benchmark]
) -> list[KeyMessage]:
    """The key messages CYPP drafts from the judgements, as at the pack's period.

    One message a measure, said once under its most pressing kind. Bad news first, plainly:
    worsened (a significant worsening trend, or a red rating), targets missed, then the
    largest shortfalls against the statistical neighbours' average. Then good news:
    significant improvements, targets met, the largest leads over the neighbours. Within a
    kind the largest gap comes first (to England or the neighbours, whichever is larger, as
    a share of their figure). At most ``KEY_MESSAGES_MAX`` messages, keeping room for up to
    ``GOOD_NEWS_MIN`` good ones when there are some.
    """
    bad: list[tuple[int, float, KeyMessage]] = []
    good: list[tuple[int, float, KeyMessage]] = []
    worse_gaps: list[tuple[int, float, KeyMessage]] = []
    better_gaps: list[tuple[int, float, KeyMessage]] = []
    for a in assessments:
        facts = _Facts(a, benchmarks.get(a.measure.pk))
        if facts.value is None:
            continue
        message = _primary_message(facts)
        if message is not None:
            rank = KIND_ORDER.index(message.kind)
            if message.kind in BAD_KINDS:
                bad.append((rank, -facts.gap, message))  # furthest behind first
            else:
                good.append((rank, facts.gap, message))  # furthest ahead first
            continue
        gap = facts.neighbours_gap
        if gap is not None and abs(gap) >= 0.005:  # "0% higher" says nothing
            target = worse_gaps if gap > 0 else better_gaps
            target.append((0, -abs(gap), _gap_message(facts, gap)))
    bad = sorted(bad, key=_order) + sorted(worse_gaps, key=_order)
    good = sorted(good, key=_order) + sorted(better_gaps, key=_order)
    good_count = min(len(good), GOOD_NEWS_MIN)
    bad_count = min(len(bad), KEY_MESSAGES_MAX - good_count)
    good_count = min(len(good), KEY_MESSAGES_MAX - bad_count)
    return [m for _r, _g, m in bad[:bad_count]] + [m for _r, _g, m in good[:good_count]]


def _order(item: tuple[int, float, KeyMessage]) -> tuple[int, float, str]:
    return item[0], item[1], item[2].text


class _Facts:
    """What one message may say about a measure: its figure on what it is compared on
    (a rate, for a count), with unit and period, and England's and the neighbours'."""

    def __init__(self, a: MeasureAssessment, benchmark: Benchmark | None) -> None:
        self.a = a
        indicator = a.measure.indicator
        point = a.benchmark_latest or a.latest
        self.period = point.period if point else ""
        self.value = _finite(point.value if point else None)
        self.decimals = 1 if a.benchmark_basis is not None else _decimals(a)
        self.unit = _unit_words(
            a.benchmark_basis.words
            if a.benchmark_basis is not None
            else (indicator.unit if indicator else a.measure.unit)
        )
        self.england = _finite(
            benchmark.england
            if benchmark is not None and benchmark.england is not None
            else a.latest_england
        )
        self.neighbours = _finite(
            benchmark.neighbours.average
            if benchmark is not None and benchmark.neighbours.average is not None
            else a.neighbours_average
        )
        judged = a.polarity in ("high", "low")
        self.england_gap = _shortfall(self.value, self.england, a.polarity) if judged else None
        self.neighbours_gap = (
            _shortfall(self.value, self.neighbours, a.polarity) if judged else None
        )
        gaps = [g for g in (self.england_gap, self.neighbours_gap) if g is not None]
        self.gap = max(gaps) if gaps else 0.0  # worse is positive

    def figure(self) -> str:
        return _with_unit(number(self.value, self.decimals), self.unit)

    def comparators(self) -> str:
        parts = []
        if self.england is not None:
            parts.append(f"England {number(self.england, self.decimals)}")
        if self.neighbours is not None:
            parts.append(f"statistical neighbours {number(self.neighbours, self.decimals)}")
        return "; ".join(parts)


def _primary_message(f: _Facts) -> KeyMessage | None:
    """The measure's message under its most pressing kind, or None (then perhaps a gap)."""
    a, title, pk = f.a, f.a.measure.title, f.a.measure.pk
    red = a.rating is not None and a.rating.colour == "red"
    if is_worsening(a.trend):
        moved = _moved(a.trend.label)
        rated = ", and the measure is rated red" if red else ""
        text = (
            f"{title} {moved} significantly, to {f.figure()} in {f.period}"
            f"{_brackets(f.comparators())}{rated}."
        )
        return KeyMessage(text, WORSENED, pk)
    target = a.target
    if target is not None and target.status in (stats.targets.MISSED, stats.targets.ACHIEVED):
        message = _target_message(f, target)
        if message is not None:
            return message
    if red:
        why, detail = _red_because(a)
        beside = _brackets("; ".join(x for x in (detail, f.comparators()) if x))
        text = f"{title}: rated red, at {f.figure()} in {f.period}{why}{beside}."
        return KeyMessage(text, WORSENED, pk)
    if a.trend.tested and a.trend.label in (
        stats.trends.INCREASING_BETTER,
        stats.trends.DECREASING_BETTER,
    ):
        moved = _moved(a.trend.label)
        text = (
            f"{title} {moved} significantly, to {f.figure()} in {f.period}"
            f"{_brackets(f.comparators())}."
        )
        return KeyMessage(text, IMPROVED, pk)
    return None


def _brackets(text: str) -> str:
    return f" ({text})" if text else ""


def _moved(label: str) -> str:
    return "rose" if label.startswith("increasing") else "fell"


def _red_because(a: MeasureAssessment) -> tuple[str, str]:
    """The plainest reason the engine gave for the red, as a clause, and its detail."""
    if a.comparison.label == "worse":
        return ", significantly worse than England", ""
    band = a.ranking.band
    if band in _QUARTERS and a.ranking.rank is not None:
        return (
            f", in {_QUARTERS[band]} of local authorities",
            f"{_ordinal(a.ranking.rank)} of {a.ranking.rank_of}",
        )
    if a.target is not None and a.target.status == stats.targets.OFF_TRACK:
        return ", off track for its target", ""
    if a.neighbours_comparison.label == "worse":
        return ", significantly worse than the statistical neighbours' average", ""
    return "", ""


def _target_message(f: _Facts, target: stats.TargetStatus) -> KeyMessage | None:
    """Met or missed, judged on the period the due date falls in (the engine's verdict);
    None when that period's figure is withheld from publication."""
    m = f.a.measure
    period = target.judged_label or target.latest_label
    if any(p.period == period and p.value is None for p in f.a.series):
        return None
    decimals = _decimals(f.a)
    unit = _unit_words((m.indicator.unit if m.indicator else m.unit) or "")
    low, high = target.target
    goal = (
        _with_unit(number(low, decimals), unit)
        if low == high
        else f"between {number(low, decimals)} and {_with_unit(number(high, decimals), unit)}"
    )
    value = _finite(target.judged_value)
    if value is None:
        value = _finite(target.latest_value)
    figure = _with_unit(number(value, decimals), unit)
    due = f" by {m.target_due:%B %Y}" if m.target_due else ""
    if target.status == stats.targets.ACHIEVED:
        text = f"{m.title} met its target of {goal}{due}: {figure} in {period}."
        return KeyMessage(text, TARGET_MET, m.pk)
    text = f"{m.title} missed its target of {goal}{due}: {figure} in {period}."
    return KeyMessage(text, TARGET_MISSED, m.pk)


def _gap_message(f: _Facts, gap: float) -> KeyMessage:
    """A plain difference from the neighbours' average: not tested, so never "significantly"."""
    higher = f.value is not None and f.neighbours is not None and f.value > f.neighbours
    share = abs((f.value or 0) - (f.neighbours or 0)) / abs(f.neighbours or 1)
    better = "worse" if gap > 0 else "better"
    england = f" (England {number(f.england, f.decimals)})" if f.england is not None else ""
    text = (
        f"{f.a.measure.title}: {f.figure()} in {f.period}, {share:.0%} "
        f"{'higher' if higher else 'lower'} ({better}) than the statistical neighbours' "
        f"average of {number(f.neighbours, f.decimals)}{england}."
    )
    return KeyMessage(text, GAP, f.a.measure.pk)


def recommendations_draft(*, exceptions: Sequence[Any]) -> list[str]:
    """What the board is asked to do, drafted from the exceptions: each item completes
    "The board is asked to ...". ``exceptions`` are the pack's measure pages (or assessments)
    whose ``exception_reasons`` are not empty."""
    named = [e for e in exceptions if e.exception_reasons]
    drafted = ["note the performance summarised in this report and the key messages"]
    if named:
        which = "; ".join(_owned(e.measure) for e in named)
        count = "the exception" if len(named) == 1 else f"the {len(named)} exceptions"
        drafted.append(
            f"ask the owners of {count} to report back on their recovery plans at the "
            f"next meeting: {which}"
        )
    else:
        drafted.append("note that no measure is an exception for this period")
    drafted.append("agree the key messages for publication")
    return drafted


def _owned(measure: Any) -> str:
    owner = measure.owner_organisation or measure.owner_subgroup
    who = ", ".join(str(x) for x in (owner, measure.lead) if x)
    return f"{measure.title} ({who})" if who else measure.title


def front_pages_build(
    *,
    plan: Plan,
    period: Any | None,
    assessments: Iterable[MeasureAssessment],
    benchmarks: Mapping[int, Benchmark],
    exceptions: Sequence[Any],
    report: Any | None = None,
) -> FrontPages:
    """The front pages of the pack for ``plan`` and ``period``: the officer's saved words
    (``BoardReport``) where they edited, the fresh drafts where they did not.

    ``report`` is the ``BoardReport`` when the caller has it; otherwise it is read.
    """
    if report is None:
        from cypp.reports.board_report import board_report_get  # reports -> front -> reports

        report = board_report_get(plan=plan, period=period)
    drafted_messages = key_messages_draft(assessments=assessments, benchmarks=benchmarks)
    drafted_recommendations = recommendations_draft(exceptions=exceptions)
    edited_messages = bool(report and report.key_messages_edited)
    edited_recommendations = bool(report and report.recommendations_edited)
    key_messages = (
        officer_key_messages(report.key_messages, drafted_messages, report.key_messages_draft)
        if report is not None and edited_messages
        else drafted_messages
    )
    recommendations = (
        lines(report.recommendations)
        if report is not None and edited_recommendations
        else drafted_recommendations
    )
    meeting, meeting_date = _meeting(plan, period, report)
    as_at = period.end if period is not None else timezone.localdate()
    return FrontPages(
        meeting=meeting,
        meeting_date=meeting_date,
        lead_officer=report.lead_officer if report else "",
        author=report.author if report else "",
        purpose=(report.purpose if report and report.purpose else purpose_draft(plan, period)),
        background=report.background if report else "",
        recommendations=recommendations,
        key_messages=key_messages,
        implications=implications_list(report),
        data_as_at=date_words(as_at),
        edited=edited_messages or edited_recommendations,
    )


def purpose_draft(plan: Plan, period: Any | None) -> str:
    """The report's purpose when the officer has not written one."""
    when = f" for {period.label}" if period is not None else ""
    return (
        f"To report progress on {plan.title}{when}: where each measure stands, the "
        "exceptions that need the board's attention, and what the board is asked to do."
    )


def officer_key_messages(
    text: str, drafted: list[KeyMessage], stored_draft: list[dict[str, Any]]
) -> list[KeyMessage]:
    """The officer's lines as key messages: a line kept word for word from a draft keeps its
    kind and measure; any other line is the officer's own."""
    known = {m.text: m for m in drafted}
    for item in stored_draft or []:
        known.setdefault(
            str(item.get("text", "")),
            KeyMessage(str(item.get("text", "")), str(item.get("kind", "")), item.get("measure")),
        )
    return [known.get(line, KeyMessage(line)) for line in lines(text)]


def implications_list(report: Any | None) -> list[Implication]:
    """The four implications in order: written, not applicable, or not yet considered."""
    texts = (report.implications if report else None) or {}
    not_applicable = set((report.implications_not_applicable if report else None) or [])
    return [
        Implication(
            kind=kind,
            label=label,
            text=str(texts.get(kind, "")).strip(),
            not_applicable=kind in not_applicable,
        )
        for kind, label in IMPLICATION_KINDS
    ]


def _meeting(plan: Plan, period: Any | None, report: Any | None) -> tuple[str, dt.date | None]:
    meeting = report.meeting if report is not None else None
    if meeting is not None:
        return f"{meeting.body.name}, {date_words(meeting.date)}", meeting.date
    if period is not None and period.meeting_date:
        return f"{plan.partnership.name}, {date_words(period.meeting_date)}", period.meeting_date
    return "", None


def _decimals(a: MeasureAssessment) -> int:
    """The measure's own decimal places (one when the indicator does not say)."""
    indicator = a.measure.indicator
    return 1 if indicator is None or indicator.decimals is None else indicator.decimals


def _finite(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def _shortfall(value: float | None, other: float | None, polarity: str) -> float | None:
    """How much worse ``value`` is than ``other``, as a share of ``other`` (negative when
    better); None when either is missing."""
    if value is None or other is None or other == 0:
        return None
    difference = (value - other) / abs(other)
    return difference if polarity == "low" else -difference


def _unit_words(unit: str | None) -> str:
    """The unit as it reads after a number: "per 10,000 children aged 0 to 17", "%"."""
    words = re.sub(r"\s*\([^)]*\)", "", (unit or "").strip())
    lower = words.lower()
    if lower.startswith("%"):
        return "%"
    if lower.startswith("rate per "):
        return words[len("rate ") :]
    if lower.startswith("per "):
        return words
    if lower.startswith("number of "):
        return words[len("number of ") :]
    if lower in ("", "number", "count", "value"):
        return ""
    return f"({words})"


def _with_unit(shown: str, unit: str) -> str:
    if not unit:
        return shown
    return f"{shown}%" if unit == "%" else f"{shown} {unit}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
