"""Pages from any council's committee system: issue, decision and agenda-item pages without
an "Agenda item" heading, minutes pasted alone, a CMIS-like saved page, and the ways
resolutions are written (docs/minutes-extraction.md, "The layout read" and "Shapes").

The pages in tests/governance/minutes_pages/layout-* are invented (the Kestrelford
children's partnership) in the layouts of those systems. Expected values are read from the
pages as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cypp.governance.minutes import extract_minutes, extract_minutes_file

PAGES = Path(__file__).parent / "minutes_pages"
NO_HEADING_LIST = "resolution list found by its labels, without a RESOLVED heading"
NO_HEADING_ONE = "resolution found by its wording, without a RESOLVED heading"
RENUMBERED = "the list's numbering is out of order; check no resolution is missing or doubled"
ONLY_DECISION = "found only in the Decision block, not in the minutes"
NARRATIVE = "a narrative agreement in the minutes, not a formal resolution"


def resolutions_of(name: str) -> list[tuple[str | None, str, str, str | None]]:
    extract = extract_minutes_file(PAGES / name)
    return [(r.label, r.text, r.confidence, r.reason) for r in extract.resolutions]


def read(text: str, **kwargs: Any) -> list[tuple[str | None, str, str | None]]:
    return [(r.label, r.text, r.reason) for r in extract_minutes(text, **kwargs).resolutions]


def test_an_issue_page_gives_each_resolution_once_in_the_minutes_wording() -> None:
    """Its Decision block repeats the minutes' resolutions, shortened: the minutes win."""
    extract = extract_minutes_file(PAGES / "layout-issue-page.txt")
    assert extract.title == "Short breaks for disabled children"
    assert extract.purpose is None  # the meeting and the paper's link are not a purpose
    assert resolutions_of("layout-issue-page.txt") == [
        ("(i)", "to note the review of short breaks and thank the parents who took part in it",
         "sure", None),
        ("(ii)", "to approve the new short breaks statement for consultation with families",
         "sure", None),
        ("(iii)", "to ask the Head of SEND to report on take-up to the September 2024 meeting",
         "sure", None),
    ]  # fmt: skip
    assert [(a.owner, a.due) for a in extract.actions] == [
        ("the Head of SEND", "the September 2024 meeting")
    ]


def test_a_decision_page_reads_its_decision_not_its_purpose_reasons_or_options() -> None:
    extract = extract_minutes_file(PAGES / "layout-decision-page.txt")
    assert extract.title == "Youth centre opening hours"
    assert extract.purpose == (
        "To agree longer opening hours at the three youth centres after the young people's survey."
    )
    assert resolutions_of("layout-decision-page.txt") == [
        (None, "the survey of young people's views be noted", "sure", None),
        (
            None,
            "the following changes be approved: That the youth centres open until 9pm on "
            "Fridays. That the summer programme be extended to six weeks",
            "sure",
            None,
        ),
    ]


def test_minutes_pasted_alone_with_paragraph_numbers_a_stem_and_a_renumbered_list() -> None:
    """14.1-14.3 number the minute's paragraphs; "That the Board:-" is who resolved; the
    list runs 1, 2, 1, so every item is to check."""
    extract = extract_minutes_file(PAGES / "layout-pasted-minutes.txt")
    assert extract.title == "Untitled minutes"  # the page starts with minutes, not a title
    assert resolutions_of("layout-pasted-minutes.txt") == [
        ("(1)", "notes the annual report of the virtual school", "check", RENUMBERED),
        (
            "(2)",
            "asks the headteacher of the virtual school to report on attendance at key stage 4 "
            "by 30 June 2025",
            "check",
            RENUMBERED,
        ),
        ("(1)", "thanks the designated teachers for their work", "check", RENUMBERED),
    ]
    assert [(a.owner, a.due) for a in extract.actions] == [
        ("the headteacher of the virtual school", "30 June 2025")
    ]


def test_pasted_minutes_with_their_title_given() -> None:
    text = (PAGES / "layout-pasted-minutes.txt").read_text(encoding="utf-8")
    extract = extract_minutes(text, title="6. Virtual school annual report")
    assert extract.title == "Virtual school annual report"
    assert len(extract.resolutions) == 3


def test_a_resolution_list_that_lost_its_heading_is_read_by_its_wording() -> None:
    extract = extract_minutes_file(PAGES / "layout-no-keyword.txt")
    assert extract.title == "Children's mental health services"
    assert resolutions_of("layout-no-keyword.txt") == [
        ("(1)", "The presentation be noted", "check", NO_HEADING_LIST),
        (
            "(2)",
            "The following priorities for the coming year be approved:- Shorter waits for a "
            "first appointment A named mental health lead in every school",
            "check",
            NO_HEADING_LIST,
        ),
        (
            "(3)",
            "The service be asked to report on waiting times at the next meeting",
            "check",
            NO_HEADING_LIST,
        ),
    ]


def test_a_lone_that_at_the_end_is_a_resolution_and_a_motion_lost_is_not() -> None:
    assert resolutions_of("layout-lone-that.txt") == [
        (None, "the report be noted", "check", NO_HEADING_ONE)
    ]


def test_agreed_heading_and_agreements_told_beside_formal_resolutions() -> None:
    """Beside formal resolutions, "The Board agreed to consult ..." is debate that led to
    them: an action, not another resolution; "Officers agreed to ..." is an undertaking."""
    extract = extract_minutes_file(PAGES / "layout-agreed.txt")
    assert resolutions_of("layout-agreed.txt") == [
        ("(a)", "the plans for the programme be approved", "sure", None),
        (
            "(b)",
            "the Director of Children's Services be asked to report on take-up at the next meeting",
            "sure",
            None,
        ),
    ]
    assert "the Director of Children's Services" in [a.owner for a in extract.actions]


def test_a_cmis_like_saved_page() -> None:
    """A council's other committee system, saved as HTML: menus and breadcrumbs dropped, the
    item number dropped from the title, "Resolved" and an en dash before an ordered list."""
    extract = extract_minutes_file(PAGES / "layout-cmis.html")
    assert extract.title == "School readiness"
    assert extract.purpose == "To review how ready children are for school at the age of five."
    assert resolutions_of("layout-cmis.html") == [
        ("(a)", "the report be noted", "sure", None),
        (
            "(b)",
            "the Head of Early Years be asked to bring the school readiness plan to the board "
            "by 31 July 2025",
            "sure",
            None,
        ),
    ]
    assert [(a.owner, a.due) for a in extract.actions] == [
        ("the Head of Early Years", "31 July 2025")
    ]


def test_a_page_without_an_agenda_item_heading_is_read() -> None:
    extract = extract_minutes_file(PAGES / "no-agenda-item.txt")
    assert extract.title == "Kestrelford Children's Partnership Board"
    assert resolutions_of("no-agenda-item.txt") == [
        (None, "the minutes of the last meeting be approved", "sure", None)
    ]


@pytest.mark.parametrize(
    "minutes",
    [
        "RESOLVED – That the plan be approved.",
        "Resolved - that the plan be approved.",
        "RESOLVED, that – the plan be approved.",
        "RESOLVED: That the plan be approved.",
        "The Committee resolved:-\n\nThat the plan be approved.",
        "AGREED – that the plan be approved.",
        "The board voted and it was RESOLVED - That the plan be approved.",
        "17.4 RESOLVED – That the plan be approved.",
        "RESOLVED:\n\nThat the plan be approved.",
    ],
)
def test_headings_however_written(minutes: str) -> None:
    assert read(minutes, title="Plan") == [(None, "the plan be approved", None)]


@pytest.mark.parametrize(
    ("minutes", "labels"),
    [
        ("RESOLVED:\n1. the plan be approved;\n2. the plan be published.", ["(1)", "(2)"]),
        ("RESOLVED:\n2.1 the plan be approved;\n2.2 the plan be published.", ["(2.1)", "(2.2)"]),
        ("RESOLVED:\n(1) the plan be approved;\n(2) the plan be published.", ["(1)", "(2)"]),
        ("RESOLVED:\ni. the plan be approved;\nii. the plan be published.", ["(i)", "(ii)"]),
        ("RESOLVED:\na) the plan be approved;\nb) the plan be published.", ["(a)", "(b)"]),
        (
            "RESOLVED UNANIMOUSLY: That the Children and Families Committee:-\n"
            "(a) the plan be approved;\n(b) the plan be published.",
            ["(a)", "(b)"],
        ),
        (
            "RESOLVED: That the Executive:\n(a) the plan be approved;\n(b) the plan be published.",
            ["(a)", "(b)"],
        ),
    ],
)
def test_lists_however_numbered_and_stems_left_out(minutes: str, labels: list[str]) -> None:
    assert read(minutes, title="Plan") == [
        (labels[0], "the plan be approved", None),
        (labels[1], "the plan be published", None),
    ]


def test_roman_numerals_run_on_past_v() -> None:
    items = "\n".join(f"({n}) the point {n} be noted;" for n in ["iv", "v", "vi", "vii"])
    assert [label for label, _, _ in read(f"RESOLVED:\n{items}", title="Plan")] == [
        "(iv)",
        "(v)",
        "(vi)",
        "(vii)",
    ]


def test_a_narrative_agreement_alone_is_a_resolution_to_check() -> None:
    minutes = (
        "The board discussed the survey of young carers. The board agreed to consult young "
        "carers on the new support offer. Members asked about transport."
    )
    assert read(minutes, title="Young carers") == [
        (None, "The board agreed to consult young carers on the new support offer", NARRATIVE)
    ]


def test_debate_after_a_resolved_item_is_left_out() -> None:
    minutes = (
        "RESOLVED:\n1. That the dashboard be noted. The following comments were made:\n"
        "· Members wanted it shorter\n2. That the plan be approved."
    )
    assert read(minutes, title="Dashboard") == [
        ("(1)", "the dashboard be noted", None),
        ("(2)", "the plan be approved", None),
    ]


def test_reasons_and_recommendations_moved_are_not_resolutions() -> None:
    minutes = (
        "The report recommended:\n(a) That the plan be approved.\n\n"
        "RESOLVED – That the plan be approved with the changes agreed at the meeting.\n\n"
        "Reasons for the decision:\n(1) That the plan be approved would meet the duty."
    )
    assert read(minutes, title="Plan") == [
        (None, "the plan be approved with the changes agreed at the meeting", None)
    ]


def test_debate_numbered_like_a_list_is_not_a_resolution() -> None:
    minutes = (
        "1. The chair welcomed the youth council.\n"
        "2. Members asked that the survey be shared with schools.\n"
        "3. The manager said the plan would be published in May."
    )
    assert read(minutes, title="Youth council") == []


def test_a_decision_block_only_is_to_check_when_the_minutes_record_none() -> None:
    text = (
        "Youth council survey\n\nDecision:\n\nThat the survey results be noted.\n\n"
        "Minutes:\n\nThe youth council presented its survey.\n"
    )
    assert read(text) == [(None, "the survey results be noted", ONLY_DECISION)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("RESOLVED that the plan be approved.", "Untitled minutes"),
        ("Issue - meetings\n\nEarly help\n\nDecision:\nThat the plan be approved.", "Early help"),
        ("12 Early help pdf icon PDF 20 KB\n\nRESOLVED that the plan be approved.", "Untitled minutes"),
        ("The board met at the youth centre and heard from young people about buses.", "Untitled minutes"),
    ],
)  # fmt: skip
def test_the_title_is_the_first_line_when_it_reads_as_one(text: str, title: str) -> None:
    assert extract_minutes(text).title == title


@pytest.mark.parametrize(
    "minutes",
    [
        "RESOLVED (by majority): That the Children and Families Committee\n"
        "1. the plan be approved;\n2. the plan be published.",
        "RESOLVED (unanimously) that Cabinet agrees to:\n"
        "(1) the plan be approved;\n(2) the plan be published.",
        "RESOLVED: That the Committee\n(1) the plan be approved; and\n(2) the plan be published.",
    ],
)
def test_a_stem_without_its_colon_and_a_vote_in_brackets(minutes: str) -> None:
    assert [text for _, text, _ in read(minutes, title="Plan")] == [
        "the plan be approved",
        "the plan be published",
    ]


def test_a_resolution_holds_its_own_labelled_list() -> None:
    minutes = (
        "RESOLVED - That the following next steps be approved:\n"
        "(a) a plan be prepared;\n(b) the plan be presented to the board."
    )
    assert read(minutes, title="Plan") == [
        (
            None,
            "the following next steps be approved: (a) a plan be prepared; (b) the plan be "
            "presented to the board",
            None,
        )
    ]


def test_a_resolution_list_goes_on_after_debate_in_its_middle() -> None:
    """Item 3 carries on the numbering of the list under RESOLVED: no heading is missing."""
    minutes = (
        "RESOLVED:\n1. That the dashboard be noted.\n2. That the plan be approved.\n"
        "The following queries were raised:\n· Funding for the summer scheme\n"
        "3. That a briefing note be brought to the next meeting."
    )
    assert read(minutes, title="Dashboard") == [
        ("(1)", "the dashboard be noted", None),
        ("(2)", "the plan be approved", None),
        ("(3)", "a briefing note be brought to the next meeting", None),
    ]


def test_unlabelled_paragraphs_after_a_stem_each_a_resolution_until_the_debate_resumes() -> None:
    minutes = (
        "RESOLVED: That the Board:\n\nnotes the report;\n\n"
        "asks the director to report back in May.\n\nThe chair closed the meeting."
    )
    assert read(minutes, title="Report") == [
        (None, "notes the report", None),
        (None, "asks the director to report back in May", None),
    ]


def test_points_raised_in_debate_are_not_resolutions_however_worded() -> None:
    minutes = (
        "The following points were raised in discussion:\n"
        "· That the plan be shared with parents\n· That schools be involved in its design"
    )
    assert read(minutes, title="Plan") == []


def test_a_decision_block_that_lost_the_minutes_heading_after_it_gives_each_once() -> None:
    text = (
        "Youth survey\n\nDecision:\n\n(1) That the survey results be noted.\n\n"
        "(2) That the director be asked to share them with schools.\n\n"
        "The Board received the survey from the youth council.\n\n"
        "RESOLVED - (1) That the survey results be noted.\n\n"
        "(2) That the director be asked to share them with every school.\n"
    )
    extract = extract_minutes(text)
    assert [(r.label, r.text, r.reason) for r in extract.resolutions] == [
        ("(1)", "the survey results be noted", None),
        ("(2)", "the director be asked to share them with every school", None),
    ]
    assert [a.text for a in extract.actions] == [
        "the director be asked to share them with every school"
    ]


def test_a_decision_block_leaves_out_a_paragraph_of_prose_beside_its_decisions() -> None:
    text = (
        "Early help\n\nDecision:\n\nCabinet considered the report of the Director.\n\n"
        "That the early help strategy be approved.\n\nMinutes:\n\n"
        "The Board agreed to write to the minister about funding.\n"
    )
    assert read(text) == [(None, "the early help strategy be approved", ONLY_DECISION)]


def test_letters_under_a_numbered_resolution_stay_inside_it() -> None:
    minutes = (
        "RESOLVED:\n1. the plan be approved, with these changes\na) a page for parents\n"
        "b) a page for young people\n2. the plan be published."
    )
    assert read(minutes, title="Plan") == [
        ("(1)", "the plan be approved, with these changes (a) a page for parents (b) a page for "
         "young people", None),
        ("(2)", "the plan be published", None),
    ]  # fmt: skip


def test_long_headings_of_options_and_reasons_are_not_read() -> None:
    text = (
        "Early help\n\nDecision(s):\n\nThat the early help strategy be approved.\n\n"
        "Details of any alternative options considered and rejected by the decision maker:\n\n"
        "That the current strategy be kept.\n\n"
        "Reason(s) for the decision:\n\nThat the strategy be approved meets the duty.\n"
    )
    assert read(text) == [(None, "the early help strategy be approved", None)]


@pytest.mark.parametrize("stem", ["That Cabinet:", "Cabinet considered the report and agreed:"])
def test_a_decision_blocks_stem_before_bullets_is_left_out(stem: str) -> None:
    text = (
        f"Early help\n\nDecision:\n\n{stem}\n\n· approves the early help strategy;\n\n"
        "· asks the director to report on it in a year.\n"
    )
    assert [text for _, text, _ in read(text)] == [
        "approves the early help strategy",
        "asks the director to report on it in a year",
    ]


def test_a_council_website_page_with_its_banner_in_a_div() -> None:
    html = (
        '<html><body><div id="header">Kestrelford Council</div><div id="content">'
        "<h1>School readiness</h1><p>Resolved &ndash; That the report be noted.</p></div>"
        '<div class="footer">Town Hall, Kestrelford</div></body></html>'
    )
    extract = extract_minutes(html)
    assert extract.title == "School readiness"
    assert [r.text for r in extract.resolutions] == ["the report be noted"]


def test_a_very_long_resolution_and_a_decision_told_in_prose_are_to_check() -> None:
    long_text = "the plan be approved, " + "with the changes asked for by young people, " * 20
    assert read(f"RESOLVED: That {long_text.strip(', ')}.", title="Plan") == [
        (None, long_text.strip(", "), "a very long resolution; check where it ends")
    ]
    text = "Plan\n\nDecision:\n\nCabinet approved the plan for young carers.\n"
    assert read(text) == [
        (
            None,
            "Cabinet approved the plan for young carers",
            "a paragraph of the Decision block that does not read as a resolution",
        )
    ]


# --- Round 2: rules revised with all the corpus read (each a general statement) ---------


def test_a_line_introducing_the_list_after_a_heading_is_not_a_resolution() -> None:
    """ "For the reasons given in the report:-" only introduces the resolved items; the
    items are read under the heading (sure), not as a list without one."""
    minutes = (
        "Minutes:\nThe board discussed the family hubs plan.\n\nRESOLVED\n\n"
        "For the reasons given in the report:-\n\n"
        "1. That the family hubs plan be approved.\n"
        "2. That the Head of Early Help report back to the board in March 2027.\n"
    )
    assert read(minutes, title="Family hubs") == [
        ("(1)", "the family hubs plan be approved", None),
        ("(2)", "the Head of Early Help report back to the board in March 2027", None),
    ]


def test_a_that_line_ending_with_a_colon_under_a_heading_holds_its_list() -> None:
    """As on the heading's own line: "That X be asked to:" is one resolution with its list."""
    minutes = (
        "RESOLVED\n\nThat the Head of Early Help be asked to:\n"
        "(a) map where the family hubs reach; and\n(b) report to the next meeting.\n"
    )
    assert read(minutes, title="Family hubs") == [
        (
            None,
            "the Head of Early Help be asked to: (a) map where the family hubs reach; and "
            "(b) report to the next meeting",
            None,
        )
    ]


def test_a_resolution_printed_again_word_for_word_is_kept_once() -> None:
    """A decision summary above the minutes and the minute paragraph that records the vote
    give the same resolution; so does a list printed above and below the debate."""
    summary = (
        "Play strategy\n\nRESOLVED - That the play strategy for 2027 be approved.\n\n"
        "5.1 Members welcomed the strategy and the work of the youth council on it.\n\n"
        "5.2 RESOLVED - That the play strategy for 2027 be approved.\n"
    )
    assert read(summary) == [(None, "the play strategy for 2027 be approved", None)]
    lists = (
        "Work programme\n\n(a) That the work programme be agreed; and\n"
        "(b) That the young carers item move to March.\n\n"
        "The clerk presented the work programme.\n\n"
        "(a) That the work programme be agreed; and\n"
        "(b) That the young carers item move to March.\n"
    )
    assert [(label, text) for label, text, _ in read(lists)] == [
        ("(a)", "the work programme be agreed"),
        ("(b)", "the young carers item move to March"),
    ]


def test_two_different_resolutions_that_share_most_words_are_both_kept() -> None:
    minutes = (
        "RESOLVED:\n(a) That the report on school attendance be noted.\n"
        "(b) That the report on school exclusions be noted.\n"
    )
    assert [text for _, text, _ in read(minutes, title="Schools")] == [
        "the report on school attendance be noted",
        "the report on school exclusions be noted",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Cabinet resolved to:",
        "Schools Forum agreed:",
        "DECIDED:",
        "Decided -",
        "It was moved by Councillor Ash, seconded by Councillor Birch and resolved - That:",
    ],
)
def test_more_ways_of_heading_the_resolutions(heading: str) -> None:
    minutes = f"{heading}\n(a) note the report;\n(b) approve the breakfast club policy.\n"
    assert read(minutes, title="Breakfast clubs") == [
        ("(a)", "note the report", None),
        ("(b)", "approve the breakfast club policy", None),
    ]


def test_a_vote_ending_and_resolved_gives_the_resolution_on_its_line() -> None:
    minutes = (
        "It was moved by Councillor Ash, seconded by Councillor Birch and Resolved – That "
        "the youth offer be endorsed.\n"
    )
    assert read(minutes, title="Youth offer") == [(None, "the youth offer be endorsed", None)]


def test_a_body_that_resolved_something_in_the_past_is_debate_not_a_heading() -> None:
    minutes = "Schools Forum resolved last year to keep the breakfast club grant.\n"
    assert read(minutes, title="Breakfast clubs") == []


def test_a_resolution_heading_written_as_a_noun() -> None:
    assert read("Resolution: That the speech and language pathway be agreed.\n", title="SLT") == [
        (None, "the speech and language pathway be agreed", None)
    ]


def test_a_decision_with_its_verb_in_capitals_is_a_formal_resolution() -> None:
    """ "The Board NOTED ..." marks the outcome as RESOLVED does: kept whole and sure, even
    beside a RESOLVED heading (lower-case "agreed to" is a narrative agreement)."""
    minutes = (
        "Minutes:\nRESOLVED: That the immunisation report be noted.\n\n"
        "The Board NOTED the dashboard of school nursing visits.\n\n"
        "Members of the Board AGREED that the clerk circulate the slides to schools.\n"
    )
    extract = extract_minutes(minutes, title="Immunisations")
    assert [(r.text, r.confidence) for r in extract.resolutions] == [
        ("the immunisation report be noted", "sure"),
        ("The Board NOTED the dashboard of school nursing visits", "sure"),
        ("Members of the Board AGREED that the clerk circulate the slides to schools", "sure"),
    ]
    # One action for the clerk, not one from the resolution and another from the agreement.
    assert [(a.owner, a.source) for a in extract.actions] == [("the clerk", "resolution")]


def test_a_capitalised_word_in_debate_is_not_a_decision() -> None:
    minutes = "Minutes:\nThe Board discussed the NHS APPROVED provider list and asked questions.\n"
    assert read(minutes, title="Providers") == []


def test_noted_in_capitals_before_a_list_heads_it_and_a_line_all_in_capitals_is_a_heading() -> None:
    minutes = "Minutes:\nThe Board NOTED:\n(a) the school nursing dashboard;\n(b) the new rota.\n"
    assert read(minutes, title="Nursing") == [
        ("(a)", "the school nursing dashboard", None),
        ("(b)", "the new rota", None),
    ]
    assert read("Minutes:\nTHE BOARD NOTED THE UPDATE\n\nThe update was given.\n", title="T") == []


def test_a_decision_told_in_the_past_tense_is_kept_beside_worded_ones() -> None:
    """Only the meeting's business ("Cabinet considered the report.") is left out."""
    text = (
        "School meals\n\nDecision:\n\nThat the consultation responses be noted.\n\n"
        "The Cabinet Member for Children approved the school meals policy.\n\n"
        "Cabinet considered the report.\n"
    )
    assert read(text) == [
        (None, "the consultation responses be noted", None),
        (
            None,
            "The Cabinet Member for Children approved the school meals policy",
            "a paragraph of the Decision block that does not read as a resolution",
        ),
    ]


@pytest.mark.parametrize(
    "minutes",
    [
        "RESOLVED – That (1) the youth survey be noted; and (2) the Head of Participation "
        "report back to the Board in June 2027.",
        "RESOLVED: That the Board: (1) notes the youth survey; and (2) the Head of "
        "Participation report back to the Board in June 2027.",
        "Resolved:\n1. the youth survey be noted. 2. the Head of Participation report back "
        "to the Board in June 2027.",
    ],
)
def test_items_printed_in_one_paragraph_are_each_a_resolution(minutes: str) -> None:
    found = read(minutes, title="Youth survey")
    assert [label for label, _, _ in found] == ["(1)", "(2)"]
    assert found[1][1] == "the Head of Participation report back to the Board in June 2027"


def test_labels_inside_an_item_out_of_sequence_or_held_by_it_are_its_text() -> None:
    minutes = (
        "RESOLVED:\n(a) That the changes in paragraphs (3) and (4) be approved; and\n"
        "(b) That the following be added to the plan: (i) a young carers lead; (ii) a "
        "helpline.\n"
    )
    assert [text for _, text, _ in read(minutes, title="Plan")] == [
        "the changes in paragraphs (3) and (4) be approved",
        "the following be added to the plan: (i) a young carers lead; (ii) a helpline",
    ]


def test_an_item_called_minutes_has_that_title_when_a_minutes_heading_follows() -> None:
    page = (
        "Minutes\n\nTo agree the minutes of the board's meeting held on 3 March 2027.\n\n"
        "Minutes:\n\nRESOLVED – That the minutes of the meeting held on 3 March 2027 be "
        "approved as a correct record.\n"
    )
    extract = extract_minutes(page)
    assert extract.title == "Minutes"
    assert extract.purpose == "To agree the minutes of the board's meeting held on 3 March 2027."
    assert [r.text for r in extract.resolutions] == [
        "the minutes of the meeting held on 3 March 2027 be approved as a correct record"
    ]
    # Without a `Minutes:` heading below it, "Minutes" is the heading, not a title.
    assert extract_minutes("Minutes\n\nRESOLVED – That the report be noted.\n").title == (
        "Untitled minutes"
    )


@pytest.mark.parametrize("heading", ["DECIDED:", "Decided -", "Resolution:"])
def test_the_decision_after_its_reasons_is_read_under_any_heading(heading: str) -> None:
    page = (
        "School meals\n\nMinutes:\n\nReasons for the decision: the duty to provide meals.\n\n"
        f"{heading} That the school meals policy be approved.\n"
    )
    assert read(page) == [(None, "the school meals policy be approved", None)]


def test_a_background_subheading_inside_the_minutes_does_not_hide_what_follows() -> None:
    page = (
        "Young carers\n\nMinutes:\n\nBackground\n\nThe young carers lead introduced the "
        "census.\n\nThe Board AGREED that the young carers lead circulate the census to schools "
        "by 30 April 2027.\n"
    )
    extract = extract_minutes(page)
    assert [r.text for r in extract.resolutions] == [
        "The Board AGREED that the young carers lead circulate the census to schools by 30 "
        "April 2027"
    ]
    assert [(a.owner, a.due) for a in extract.actions] == [
        ("the young carers lead", "30 April 2027")
    ]
    # Before the minutes (a decision page's parts), "Summary:" still explains, not decides.
    assert read(
        "Census\n\nSummary: That the census be approved.\n\nDecision:\n\nThat the census be noted.\n"
    ) == [(None, "the census be noted", None)]


def test_roman_numerals_in_capitals_label_items_and_sub_items() -> None:
    minutes = (
        "RESOLVED:\nI. That the report be noted.\nII. That the Director report back in June 2027.\n"
    )
    assert [(label, text) for label, text, _ in read(minutes, title="T")] == [
        ("(I)", "the report be noted"),
        ("(II)", "the Director report back in June 2027"),
    ]
    minutes = (
        "RESOLVED:\n(a) That the report be noted.\n(b) That the following be added:\n"
        "(I) a young carers lead;\n(II) a helpline.\n(c) That the plan be approved.\n"
    )
    assert [label for label, _, _ in read(minutes, title="T")] == ["(a)", "(b)", "(c)"]


@pytest.mark.parametrize(
    "intro", ["The Board was invited to:", "The report sought the Board's agreement to:"]
)
def test_a_list_of_what_the_report_invited_or_sought_was_not_yet_decided(intro: str) -> None:
    minutes = (
        f"Minutes:\n{intro}\n(a) note the progress on family hubs;\n"
        "(b) approve the hub opening times.\n\nMembers discussed the opening times.\n\n"
        "RESOLVED – That the hub opening times be approved from September 2027.\n"
    )
    assert read(minutes, title="Family hubs") == [
        (None, "the hub opening times be approved from September 2027", None)
    ]


def test_it_was_agreed_in_capitals_is_formal_and_in_lower_case_a_narrative_agreement() -> None:
    capitals = (
        "Minutes:\nRESOLVED: That the report be noted.\n\nIt was AGREED that the Director "
        "would circulate the school nursing dashboard to members by 1 May 2027.\n"
    )
    extract = extract_minutes(capitals, title="Nursing")
    assert [(r.confidence, r.reason) for r in extract.resolutions] == [
        ("sure", None),
        ("sure", None),
    ]
    assert [(a.owner, a.due) for a in extract.actions] == [("the Director", "1 May 2027")]
    lower = capitals.replace("AGREED", "agreed")
    # Beside the formal resolution, the narrative agreement is debate; its action stays.
    assert [r.text for r in extract_minutes(lower, title="Nursing").resolutions] == [
        "the report be noted"
    ]
    assert [(a.owner, a.due) for a in extract_minutes(lower, title="Nursing").actions] == [
        ("the Director", "1 May 2027")
    ]


def test_an_issue_page_with_two_meetings_keeps_each_meetings_decision() -> None:
    """The scrutiny committee's minutes do not stand for the Cabinet's Decision block: each
    meeting's Decision block is paired with its own minutes only."""
    page = (
        "Issue - meetings\n\nShort breaks for disabled children\n\n"
        "Meeting: 12/03/2027 - Children's Scrutiny Committee (Item 7)\n\n"
        "7 Short breaks for disabled children pdf icon PDF 120 KB\n\nMinutes:\n\n"
        "The Head of SEND presented the review.\n\n"
        "RESOLVED – That the review of short breaks be noted.\n\n"
        "Meeting: 02/04/2027 - Cabinet (Item 9)\n\n"
        "9 Short breaks for disabled children pdf icon PDF 130 KB\n\nDecision:\n\n"
        "That the short breaks offer be extended to Saturdays from September 2027.\n\n"
        "Reasons for the decision: families asked for it.\n"
    )
    assert read(page) == [
        (None, "the review of short breaks be noted", None),
        (None, "the short breaks offer be extended to Saturdays from September 2027", None),
    ]


def test_a_list_a_sentence_introduces_is_what_was_presented_not_decided() -> None:
    presented = (
        "Minutes:\nThe Director set out the service's priorities for the year:\n"
        "(a) to review the short breaks offer;\n(b) to agree a charter with parents.\n"
    )
    assert read(presented, title="Priorities") == []
    stem = "Minutes:\nThe Board:\n(a) notes the priorities;\n(b) agrees the charter.\n"
    assert [text for _, text, _ in read(stem, title="Priorities")] == [
        "notes the priorities",
        "agrees the charter",
    ]
    told = "Minutes:\nMembers agreed the following:\n(a) to note the priorities;\n(b) to agree the charter.\n"
    assert [text for _, text, _ in read(told, title="Priorities")] == [
        "to note the priorities",
        "to agree the charter",
    ]


def test_a_decision_blocks_items_printed_in_one_paragraph_are_each_a_decision() -> None:
    page = (
        "School meals\n\nDecision:\n\nThat Cabinet: (a) approves the school meals policy; and "
        "(b) asks the Director to report on take-up in March 2028.\n"
    )
    assert read(page) == [
        ("(a)", "approves the school meals policy", None),
        ("(b)", "asks the Director to report on take-up in March 2028", None),
    ]


def test_welcoming_or_recommending_in_a_decision_block_is_not_a_decision_told() -> None:
    text = (
        "School meals\n\nDecision:\n\nThat the school meals policy be approved.\n\n"
        "The Cabinet Member welcomed the report.\n\nScrutiny recommended a review in 2028.\n"
    )
    assert read(text) == [(None, "the school meals policy be approved", None)]


def test_a_paragraph_in_the_subjunctive_after_a_resolution_is_the_next_resolution() -> None:
    """ "The Director be asked to ..." is the grammar of resolutions, which debate never
    uses; "Members asked that the survey be shared" is debate."""
    minutes = (
        "Minutes:\nRESOLVED – That the attendance report be noted.\n\n"
        "The Director be asked to report back to the Board in June 2027.\n\n"
        "The Chair thanked officers.\n\nMembers asked that the survey be shared.\n"
    )
    assert read(minutes, title="Attendance") == [
        (None, "the attendance report be noted", None),
        (None, "The Director be asked to report back to the Board in June 2027", None),
    ]
