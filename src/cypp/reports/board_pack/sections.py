"""The board pack as a tree of sections: plain dataclasses, built once, rendered many ways.

The HTML page, the PDF (made from that HTML) and the CSV/XLSX exports all read this tree, so
a figure in the PDF is the figure in the spreadsheet. Each section says which template draws
it and which tables it contributes to the exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cypp.assessment.benchmarking import Benchmark
from cypp.assessment.measures import MeasureAssessment
from cypp.charts import Chart
from cypp.downloads import Cell, Table
from cypp.plans.models import Outcome, Plan, Priority


@dataclass(frozen=True, slots=True)
class Change:
    """A measure whose status, rating or latest figure moved since the last published pack."""

    measure: str
    what: str  # "rating", "progress to target", "latest figure"
    before: str
    now: str


@dataclass
class MeasurePage:
    """One measure's page: the evidence, the judgements and the lead's commentary."""

    anchor: str
    assessment: MeasureAssessment
    benchmark: Benchmark | None
    chart: Chart | None
    commentary: Any | None  # cypp.commentary MeasureCommentary, approved, or None
    exception_reasons: list[str] = field(default_factory=list)
    neighbours_comparison: str = ""  # "worse", "similar", ... against the neighbours' average
    # The plan at a glance: the sparkline as an image (a data URI) and its words, and the
    # latest England and neighbours' figures as published ("c" where withheld).
    sparkline_src: str = ""
    sparkline_alt: str = ""
    england: Cell = None
    neighbours: Cell = None

    @property
    def measure(self) -> Any:
        return self.assessment.measure

    @property
    def commentary_first_line(self) -> str:
        """The approved story behind the curve's first line, for the appendix's one row."""
        text = getattr(self.commentary, "story_behind_curve", "") or ""
        line = next((t.strip() for t in text.splitlines() if t.strip()), "")
        return line if len(line) <= 160 else line[:159].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class OutstandingCommentary:
    """A measure whose owner's commentary for the period is not approved, listed once."""

    anchor: str  # where the measure is in the pack (its exception page or appendix row)
    measure: str
    owner: str
    status: str  # "not_started", "draft", "submitted" or "returned"
    words: str  # "Not started", "Draft", ...


@dataclass
class OutcomePages:
    outcome: Outcome
    measures: list[MeasurePage]
    evidence: list[Any]  # approved qualitative evidence (case studies, quotes) for the period


@dataclass
class PriorityPages:
    priority: Priority
    number: int
    outcomes: list[OutcomePages]


@dataclass(frozen=True, slots=True)
class KeyMessage:
    """One plain sentence with its figure, drafted from the judgements or written by the officer.

    ``kind`` says where a drafted message came from ("improved", "worsened", "target met",
    "target missed", "gap to neighbours"); an officer's own line is "officer".
    """

    text: str
    kind: str = "officer"
    measure_id: int | None = None


@dataclass(frozen=True, slots=True)
class Implication:
    """One implication of the report (financial, legal, equality, safeguarding): the officer's
    words, or marked not applicable, or not yet considered (both empty and False)."""

    kind: str  # "financial", ...
    label: str  # "Financial"
    text: str = ""
    not_applicable: bool = False


@dataclass
class FrontPages:
    """The first two pages of the pack: who presents it to which meeting, what the board is
    asked to do, the key messages, and the committee-report parts (purpose, background,
    implications). Built by ``cypp.reports.board_pack.front.front_pages_build``."""

    meeting: str  # "Herefordshire Children and Young People's Partnership, 5 May 2018", or ""
    meeting_date: dt.date | None
    lead_officer: str
    author: str
    purpose: str
    background: str
    recommendations: list[str]  # "the board is asked to": each completes that sentence
    key_messages: list[KeyMessage]
    implications: list[Implication]
    data_as_at: str  # "31 March 2018": the end of the pack's period; every figure is as at it
    edited: bool  # the officer has edited the drafted recommendations or key messages


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the pack: its anchor and heading (for the contents and the PDF bookmarks),
    the template that draws it and the tables it exports."""

    key: str
    title: str
    template: str
    tables: tuple[Table, ...] = ()
    appendix: bool = False  # after the report proper: "Appendix A: ..." in the contents


@dataclass
class BoardPackReport:
    """Everything a board pack shows, for one plan and one reporting period."""

    plan: Plan
    period: Any | None  # cypp.commentary ReportingPeriod
    title: str
    built_at: dt.datetime
    data_as_of: dt.datetime | None
    assessments: list[MeasureAssessment]
    by_status: list[tuple[str, int]]
    by_rating: list[tuple[str, int]]
    measurability_score: int
    commentary_counts: dict[str, int]
    previous_pack: Any | None  # the last published BoardPack before this one
    changes: list[Change]
    priorities: list[PriorityPages]
    exceptions: list[MeasurePage]
    commitments: list[dict[str, Any]]
    budget: list[dict[str, Any]]
    budget_totals: list[dict[str, Any]]
    actions: list[Any]
    data_notes: dict[str, Any]
    glossary: list[tuple[str, str]]
    front: FrontPages | None = None
    sections: list[Section] = field(default_factory=list)
    ratings_chart: Any | None = None  # cypp.charts.ratings.RatingsChart
    outstanding: list[OutstandingCommentary] = field(default_factory=list)
    # "You said, we did": the partnership's published replies whose themes are linked to
    # the plan's outcomes (cypp.voice.selectors_themes.PublishedReply).
    you_said_we_did: list[Any] = field(default_factory=list)

    @property
    def appendix_pages(self) -> list[MeasurePage]:
        """Every measure that is not an exception: one row each in the appendix."""
        return [m for m in self.measure_pages if not m.exception_reasons]

    @property
    def evidence_outcomes(self) -> list[OutcomePages]:
        """The outcomes with approved qualitative evidence for the period."""
        return [o for p in self.priorities for o in p.outcomes if o.evidence]

    @property
    def main_sections(self) -> list[Section]:
        return [s for s in self.sections if not s.appendix]

    @property
    def appendices(self) -> list[Section]:
        return [s for s in self.sections if s.appendix]

    @property
    def measure_pages(self) -> list[MeasurePage]:
        return [m for p in self.priorities for o in p.outcomes for m in o.measures]

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)
