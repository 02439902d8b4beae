"""The pack's order: the report a board reads (front pages, summary, the plan at a glance,
the exceptions in depth, what families told us, what children said and what was done, the
commentary outstanding), then the
appendices. Each section names its template and the tables it exports."""

from __future__ import annotations

import string

from cypp.downloads import Table
from cypp.reports.board_pack import tables
from cypp.reports.board_pack.sections import BoardPackReport, Section

PACK = "reports/board_pack/"


def pack_sections(report: BoardPackReport) -> list[Section]:
    """The report proper (at most 20 pages for the demo plan), then the appendices."""
    t = tables
    pack = PACK
    return [
        Section("summary", "Summary", pack + "summary.html", t.summary_tables(report)),
        Section(
            "plan-at-a-glance",
            "The plan at a glance",
            pack + "glance.html",
            (*t.glance_tables(report), t.scorecard_table(report.assessments)),
        ),
        Section(
            "exceptions",
            "Exceptions",
            pack + "exceptions.html",
            (t.exceptions_table(report), t.commentary_table(report)),
        ),
        *(
            [Section("evidence", "What children and families told us", pack + "evidence.html")]
            if report.evidence_outcomes
            else []
        ),
        *(
            [
                Section(
                    "you-said-we-did",
                    "You said, we did",
                    pack + "you_said_we_did.html",
                    (t.you_said_we_did_table(report),),
                )
            ]
            if report.you_said_we_did
            else []
        ),
        *(
            [
                Section(
                    "commentary-outstanding",
                    "Commentary outstanding",
                    pack + "outstanding.html",
                    (t.outstanding_table(report),),
                )
            ]
            if report.period
            else []
        ),
        *_appendices(
            ("other-measures", "Every other measure", (t.other_measures_table(report),)),
            ("commitments", "Commitments due and overdue", (t.commitments_table(report),)),
            ("budget", "Budget", (t.budget_table(report),)),
            ("actions", "Actions from the boards", (t.actions_table(report),)),
            ("data-notes", "About the data", t.data_notes_tables(report)),
            ("glossary", "Glossary", ()),
        ),
    ]


def _appendices(*parts: tuple[str, str, tuple[Table, ...]]) -> list[Section]:
    """The appendices lettered in their order (A, B, ...), so that adding or moving one never
    leaves a gap or a letter twice; each draws the template named after its anchor."""
    return [
        Section(
            key,
            f"Appendix {letter}: {title}",
            PACK + key.replace("-", "_") + ".html",
            exported,
            appendix=True,
        )
        for letter, (key, title, exported) in zip(string.ascii_uppercase, parts, strict=False)
    ]
