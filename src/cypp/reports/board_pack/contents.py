"""The pack's order: the report a board reads (front pages, summary, the plan at a glance,
the exceptions in depth, what families told us, the commentary outstanding), then the
appendices. Each section names its template and the tables it exports."""

from __future__ import annotations

from cypp.reports.board_pack import tables
from cypp.reports.board_pack.sections import BoardPackReport, Section


def pack_sections(report: BoardPackReport) -> list[Section]:
    """The report proper (at most 20 pages for the demo plan), then the appendices."""
    t = tables
    pack = "reports/board_pack/"
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
                    "commentary-outstanding",
                    "Commentary outstanding",
                    pack + "outstanding.html",
                    (t.outstanding_table(report),),
                )
            ]
            if report.period
            else []
        ),
        Section(
            "other-measures",
            "Appendix A: Every other measure",
            pack + "other_measures.html",
            (t.other_measures_table(report),),
            appendix=True,
        ),
        Section(
            "commitments",
            "Appendix B: Commitments due and overdue",
            pack + "commitments.html",
            (t.commitments_table(report),),
            appendix=True,
        ),
        Section(
            "budget",
            "Appendix C: Budget",
            pack + "budget.html",
            (t.budget_table(report),),
            appendix=True,
        ),
        Section(
            "actions",
            "Appendix D: Actions from the boards",
            pack + "actions.html",
            (t.actions_table(report),),
            appendix=True,
        ),
        Section(
            "data-notes",
            "Appendix E: About the data",
            pack + "data_notes.html",
            t.data_notes_tables(report),
            appendix=True,
        ),
        Section("glossary", "Appendix F: Glossary", pack + "glossary.html", appendix=True),
    ]
