"""An outcomes framework's rules, applied to one family's evidence: pure Python, no Django.

The written form (docs/families.md, "How progress is judged", says the same in words):

**Needs at entry.** A headline outcome is a need of the family when, for one of its
descriptors, the latest reading of the descriptor's evidence type dated from
``lookback_days`` before the start of the family's early help up to ``ENTRY_DAYS`` (28) days
after it passes the descriptor's test (attendance *below* 90%, say): the situation at
entry, not an older reading since put right. That reading is the evidence of the need and
the baseline for any "reduced by" rule. An outcome with no need
is not judged ("no need").

**Success rules.** Each outcome has one or more rules; any one succeeding is enough. A
rule names an evidence type, a test (``at_least``, ``at_most`` or ``reduction_pct`` from
the baseline), ``period_days`` and ``sustain_days``. A rule whose test is not set
(``threshold: null``: the framework publishes none and the partnership has not set one)
cannot succeed and the outcome is reported as **unset**.

- **met**: readings of the rule's type dated after the start, consecutive and every one
  passing the test, span at least ``period_days`` from the first to the last (with
  ``period_days`` 0, one passing reading is enough). A failing reading breaks the run; a
  later run may still succeed. What counts is the run still going at the closure (or now,
  while early help is open); if there is none, a run completed after the closure counts.
  The outcome is met from the date of the reading that completed the span.
- **sustained**: met, the family's early help has closed, and from the closure date (or the
  day it was met, if later) to ``sustain_days`` after it every reading passes and there is a
  reading on or after the end of that window (the evidence covers it). With
  ``sustain_days`` 0, met by the closure date is sustained.
- **lapsed**: met by the closure, then a reading within the sustain window fails.
- **not yet**: none of the above, with the reason in words.

Judged as at a date: a reading after ``as_at`` does not exist yet. A family's results
claim is ready when it has at least one need and every need is sustained.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ENTRY_DAYS = 28  # needs are often confirmed in the first weeks: the family's assessment
DEFAULT_LOOKBACK_DAYS = 365


class Status(StrEnum):
    NO_NEED = "no_need"
    NOT_YET = "not_yet"
    MET = "met"
    SUSTAINED = "sustained"
    LAPSED = "lapsed"
    UNSET = "unset"

    @property
    def words(self) -> str:
        return _STATUS_WORDS[self]


_STATUS_WORDS = {
    Status.NO_NEED: "no need",
    Status.NOT_YET: "not yet",
    Status.MET: "met",
    Status.SUSTAINED: "sustained",
    Status.LAPSED: "lapsed",
    Status.UNSET: "threshold not set",
}

COMPARISONS = ("at_least", "at_most", "below", "above", "reduction_pct")


@dataclass(frozen=True, slots=True)
class Reading:
    date: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class Test:
    """``at_least 90``, ``at_most 0``, ``below 90``, ``above 0`` or ``reduction_pct 33``
    (at least 33% below the baseline)."""

    comparison: str
    value: float

    def passes(self, value: float, baseline: float | None = None) -> bool:
        if self.comparison == "at_least":
            return value >= self.value
        if self.comparison == "at_most":
            return value <= self.value
        if self.comparison == "below":
            return value < self.value
        if self.comparison == "above":
            return value > self.value
        if self.comparison == "reduction_pct":
            if baseline is None or baseline <= 0:
                return False
            return value <= baseline * (1 - self.value / 100)
        raise ValueError(f"unknown comparison {self.comparison!r}")

    @property
    def words(self) -> str:
        v = f"{self.value:g}"
        return {
            "at_least": f"at least {v}",
            "at_most": f"at most {v}",
            "below": f"below {v}",
            "above": f"above {v}",
            "reduction_pct": f"at least {v}% below the value at entry",
        }[self.comparison]


@dataclass(frozen=True, slots=True)
class Descriptor:
    code: str
    label: str
    evidence_type: str
    test: Test
    lookback_days: int = DEFAULT_LOOKBACK_DAYS


@dataclass(frozen=True, slots=True)
class Rule:
    evidence_type: str
    label: str
    test: Test | None
    period_days: int = 0
    sustain_days: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class OutcomeRules:
    code: str
    label: str
    descriptors: tuple[Descriptor, ...]
    rules: tuple[Rule, ...]

    @classmethod
    def from_document(
        cls,
        code: str,
        label: str,
        descriptors: Sequence[Mapping[str, Any]],
        rules: Sequence[Mapping[str, Any]],
    ) -> OutcomeRules:
        """From the JSON kept on ``Outcome`` (the framework file's shape, already checked):
        a descriptor ``{code, label, evidence_type, test: {comparison: value},
        lookback_days?}``, a rule ``{evidence_type, label, threshold: {comparison: value} |
        null, period_days, sustain_days, source}``."""
        return cls(
            code=code,
            label=label,
            descriptors=tuple(
                Descriptor(
                    code=d["code"],
                    label=d["label"],
                    evidence_type=d["evidence_type"],
                    test=_test(d["test"]),
                    lookback_days=int(d.get("lookback_days", DEFAULT_LOOKBACK_DAYS)),
                )
                for d in descriptors
            ),
            rules=tuple(
                Rule(
                    evidence_type=r["evidence_type"],
                    label=r.get("label", ""),
                    test=_test(r["threshold"]) if r.get("threshold") else None,
                    period_days=int(r.get("period_days", 0)),
                    sustain_days=int(r.get("sustain_days", 0)),
                    source=r.get("source", ""),
                )
                for r in rules
            ),
        )


def _test(document: Mapping[str, Any]) -> Test:
    ((comparison, value),) = document.items()
    return Test(comparison=comparison, value=float(value))


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    code: str
    label: str
    status: Status
    reason: str
    need: Descriptor | None = None
    need_reading: Reading | None = None
    rule: Rule | None = None
    met_on: dt.date | None = None
    sustained_on: dt.date | None = None
    lapsed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FamilyResult:
    start: dt.date
    end: dt.date | None
    outcomes: tuple[OutcomeResult, ...]
    claim_ready: bool
    claim_reason: str
    needs: tuple[str, ...] = field(default=())


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def need_at_entry(
    outcome: OutcomeRules, readings: Mapping[str, Sequence[Reading]], start: dt.date
) -> tuple[Descriptor, Reading] | None:
    """The first descriptor (in the framework's order) whose latest reading at entry passes
    its test, with that reading."""
    for descriptor in outcome.descriptors:
        low = start - dt.timedelta(days=descriptor.lookback_days)
        high = start + dt.timedelta(days=ENTRY_DAYS)
        at_entry = [r for r in readings.get(descriptor.evidence_type, ()) if low <= r.date <= high]
        if at_entry:
            latest = max(at_entry, key=lambda r: r.date)
            if descriptor.test.passes(latest.value):
                return descriptor, latest
    return None


def _met_on(rule: Rule, series: Sequence[Reading], baseline: float | None) -> dt.date | None:
    """When the run of passing readings still going at the last reading completed its span
    (None if the last reading fails or the run is not long enough yet)."""
    assert rule.test is not None
    run_start: dt.date | None = None
    met: dt.date | None = None
    for reading in series:
        if rule.test.passes(reading.value, baseline):
            if run_start is None:
                run_start = reading.date
            if met is None and (reading.date - run_start).days >= rule.period_days:
                met = reading.date
        else:
            run_start, met = None, None
    return met


def _rule_judge(
    rule: Rule,
    readings: Mapping[str, Sequence[Reading]],
    baseline: float | None,
    start: dt.date,
    end: dt.date | None,
    as_at: dt.date,
) -> tuple[Status, str, dt.date | None, dt.date | None, dt.date | None]:
    """(status, reason, met on, sustained on, lapsed on) for one rule."""
    if rule.test is None:
        return (
            Status.UNSET,
            f"{rule.label or rule.evidence_type}: no threshold is set",
            None,
            None,
            None,
        )
    series = sorted(
        (r for r in readings.get(rule.evidence_type, ()) if start < r.date <= as_at),
        key=lambda r: r.date,
    )
    test_words = f"{rule.evidence_type.replace('_', ' ')} {rule.test.words}"
    if not series:
        return (
            Status.NOT_YET,
            f"no {rule.evidence_type.replace('_', ' ')} evidence since the start",
            None,
            None,
            None,
        )
    # Before the closure a run may break and start again: what counts is the run still
    # going at the closure. After the closure a failure within the sustain window is a lapse.
    before_close = [r for r in series if end is None or r.date <= end]
    met = _met_on(rule, before_close, baseline)
    if met is None:
        # Not met by the closure: progress may still come after it (an adult finds work the
        # month after the family's help ends). It then has to hold for the whole sustain
        # period from the day it was met, not from the closure.
        met = _met_on(rule, series, baseline)
        if met is None:
            span = f" over {rule.period_days} days" if rule.period_days else ""
            return Status.NOT_YET, f"{test_words}{span} not reached yet", None, None, None
    if end is None:
        return (
            Status.MET,
            f"{test_words} since {_day(met)}; early help is still open",
            met,
            None,
            None,
        )
    held_from = max(end, met)
    window_end = held_from + dt.timedelta(days=rule.sustain_days)
    after = [r for r in series if r.date > held_from]
    for reading in after:
        if reading.date > window_end:
            break
        if not rule.test.passes(reading.value, baseline):
            return (
                Status.LAPSED,
                f"met on {_day(met)}, then {reading.value:g} on {_day(reading.date)}, "
                f"within the {rule.sustain_days} days it had to hold after "
                f"{'the closure on ' if held_from == end else ''}{_day(held_from)}",
                met,
                None,
                reading.date,
            )
    covered = any(r.date >= window_end for r in series) or rule.sustain_days == 0
    if covered and as_at >= window_end:
        return (
            Status.SUSTAINED,
            f"{test_words} from {_day(met)}, held for {rule.sustain_days} days after "
            f"{'the closure on ' if held_from == end else ''}{_day(held_from)}",
            met,
            window_end,
            None,
        )
    return (
        Status.MET,
        f"{test_words} from {_day(met)}; to be sustained until {_day(window_end)}",
        met,
        None,
        None,
    )


# When an outcome has several rules, the best status among them stands.
_RANK = {Status.SUSTAINED: 5, Status.MET: 4, Status.LAPSED: 3, Status.NOT_YET: 2, Status.UNSET: 1}


def outcome_judge(
    outcome: OutcomeRules,
    readings: Mapping[str, Sequence[Reading]],
    start: dt.date,
    end: dt.date | None,
    as_at: dt.date,
) -> OutcomeResult:
    """One outcome's status for a family whose early help ran from ``start`` to ``end``
    (``None``: open), as at ``as_at``; ``readings`` are the family's evidence for this
    outcome, by evidence type."""
    visible = {k: [r for r in v if r.date <= as_at] for k, v in readings.items()}
    found = need_at_entry(outcome, visible, start)
    if found is None:
        return OutcomeResult(outcome.code, outcome.label, Status.NO_NEED, "no need at entry")
    descriptor, need_reading = found
    best: OutcomeResult | None = None
    for rule in outcome.rules:
        status, reason, met, sustained, lapsed = _rule_judge(
            rule, visible, need_reading.value, start, end, as_at
        )
        result = OutcomeResult(
            outcome.code,
            outcome.label,
            status,
            reason,
            descriptor,
            need_reading,
            rule,
            met,
            sustained,
            lapsed,
        )
        if best is None or _RANK[status] > _RANK[best.status]:
            best = result
    if best is None:
        return OutcomeResult(
            outcome.code,
            outcome.label,
            Status.UNSET,
            "the framework sets no rule",
            descriptor,
            need_reading,
        )
    return best


def family_judge(
    outcomes: Sequence[OutcomeRules],
    readings: Mapping[str, Mapping[str, Sequence[Reading]]],
    start: dt.date,
    end: dt.date | None,
    as_at: dt.date,
) -> FamilyResult:
    """Every outcome's status for one family and whether its results claim is ready;
    ``readings`` by outcome code, then evidence type."""
    results = tuple(outcome_judge(o, readings.get(o.code, {}), start, end, as_at) for o in outcomes)
    needs = tuple(r.code for r in results if r.status != Status.NO_NEED)
    if not needs:
        ready, reason = False, "no need was identified at entry"
    else:
        waiting = [r for r in results if r.code in needs and r.status != Status.SUSTAINED]
        if waiting:
            ready = False
            reason = "; ".join(f"{r.label}: {r.status.words} ({r.reason})" for r in waiting)
        else:
            ready, reason = True, f"all {len(needs)} needs at entry sustained"
    return FamilyResult(start, end, results, ready, reason, needs)
