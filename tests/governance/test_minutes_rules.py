"""The rules of minutes extraction one at a time: layout, text, shapes, owners and dues."""

from __future__ import annotations

import pytest

from cypp.governance.minutes import Action, MinutesExtract, Resolution, extract_minutes
from cypp.governance.minutes.actions import action_in, due_in


def page(minutes: str, *, title: str = "Early help strategy") -> str:
    return f"Agenda item\n\n{title}\n\nTo consider the strategy.\n\nMinutes:\n\n{minutes}\n\nSupporting documents:\n"


def resolutions(minutes: str) -> list[tuple[str | None, str]]:
    return [(r.label, r.text) for r in extract_minutes(page(minutes)).resolutions]


def actions(minutes: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(a.text, a.owner, a.due, a.source) for a in extract_minutes(page(minutes)).actions]


# Owners and dues of resolved items, as the docs promise (docs/minutes-extraction.md).
@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        (
            "the Director of Children's Services be asked to bring a report on barriers to data "
            "sharing to the next meeting",
            "the Director of Children's Services",
            "the next meeting",
        ),
        ("the strategy be presented at a future meeting", None, "a future meeting"),
        ("the director to report on barriers to information sharing", "the director", None),
        (
            "the early help strategy to come to a future meeting with an update from the director",
            "the director",
            "a future meeting",
        ),
        (
            "the contents of the report be noted and the Director to report back in six months",
            "the Director",
            "in six months",
        ),
        (
            "authority be delegated to the head of commissioning to finalise the contract",
            "the head of commissioning",
            None,
        ),
        ("the board asks the chair to write to the minister", "the chair", None),
        ("the director report back to the board in March 2018", "the director", "March 2018"),
        (
            "the plan be considered by the Cabinet at its next meeting",
            "the Cabinet",
            "its next meeting",
        ),
        ("a task and finish group be set up by the end of June", None, "the end of June"),
        ("the item be deferred to the next meeting", None, "the next meeting"),
        ("partners to return the audit by 31/03/2017", "partners", "31/03/2017"),
        (
            "the manager to circulate the toolkit before Friday 3 March 2017",
            "the manager",
            "Friday 3 March 2017",
        ),
        ("The Chair to write to schools by autumn 2017", "the Chair", "autumn 2017"),
        ("Lead officers to share the findings with their teams", "Lead officers", None),
    ],
)
def test_an_item_that_asks_someone_to_act(text: str, owner: str | None, due: str | None) -> None:
    asked = action_in(text)
    assert asked is not None
    assert (asked.owner, due_in(text)) == (owner, due)


@pytest.mark.parametrize(
    "text",
    [
        "progress be noted",
        "the strategy be approved",
        "the report be received",
        "the plan to develop a family hub be approved",
        "the Director's report be noted",
        "thanks be recorded to the young people who presented",
        "the minutes of the meeting held on 3 March 2017 be confirmed as a correct record",
        "the terms of reference be amended as set out in the appendix",
        "the board notes the progress made",
    ],
)
def test_noting_and_approving_ask_nothing(text: str) -> None:
    assert action_in(text) is None


def test_labels_are_stored_in_brackets() -> None:
    assert resolutions("RESOLVED that:\n\n1. the plan be approved;\n2. the plan be published") == [
        ("(1)", "the plan be approved"),
        ("(2)", "the plan be published"),
    ]
    assert resolutions("Resolved that:\nA) the plan be approved\nB) the plan be published.") == [
        ("(A)", "the plan be approved"),
        ("(B)", "the plan be published"),
    ]


def test_i_after_h_is_a_letter_and_ii_after_i_is_roman() -> None:
    letters = "\n".join(f"({c}) item {c};" for c in "abcdefghij")
    assert [label for label, _ in resolutions(f"RESOLVED\nTHAT:\n{letters}")] == [
        f"({c})" for c in "abcdefghij"
    ]
    roman = "(i) first;\n(ii) second;\n(iii) third."
    assert resolutions(f"It was resolved that:\n{roman}") == [
        ("(i)", "first"),
        ("(ii)", "second"),
        ("(iii)", "third"),
    ]


@pytest.mark.parametrize(
    "minutes",
    [
        "RESOLVED: That the strategy be approved.",
        "RESOLVED – that the strategy be approved.",
        "RESOLVED\n\nTHAT the strategy be approved.",
        "RESOLVED\n\nThat:\n\nthe strategy be approved.",
        "Resolved that the strategy be approved",
        "It was resolved that the strategy be approved.",
        "It was unanimously resolved that the strategy be approved.",
        "The Board RESOLVED that the strategy be approved.",
    ],
)
def test_a_single_unlabelled_resolution(minutes: str) -> None:
    assert resolutions(minutes) == [(None, "the strategy be approved")]


def test_a_label_or_bullet_with_nothing_after_it_is_skipped() -> None:
    assert resolutions("RESOLVED THAT:\n(a) the plan be approved;\n(b) ;") == [
        ("(a)", "the plan be approved")
    ]
    assert actions("Actions identified by the board included:\n· ;\n·") == []


def test_resolved_as_an_ordinary_word_is_not_a_resolution() -> None:
    assert resolutions("Resolved issues with the database were reported to the board.") == []
    assert resolutions("The issues were resolved that week.") == []


def test_bullets_of_every_kind_and_a_bare_bullet() -> None:
    minutes = (
        "Actions identified by the board included:\n"
        "•\tthe chair to write to schools;\n"
        "\uf0b7 the clerk to book the room;\n"
        "- the manager to send the survey;\n"
        "o\tthe lead to check the figures;\n"
        "·\n\n   the analyst to refresh the scorecard"
    )
    assert [(text, owner) for text, owner, _, _ in actions(minutes)] == [
        ("the chair to write to schools", "the chair"),
        ("the clerk to book the room", "the clerk"),
        ("the manager to send the survey", "the manager"),
        ("the lead to check the figures", "the lead"),
        ("the analyst to refresh the scorecard", "the analyst"),
    ]


# "by the board" says who identified the actions, not who must do them (issue #18: owners
# were "the board" for bullets that named no one); only "for X" names the bullets' owner.
@pytest.mark.parametrize(
    ("heading", "owner"),
    [
        ("Actions identified by the board included:", None),
        ("Actions agreed by board members:", None),
        ("The following actions were agreed:", None),
        ("Actions for the director:", "the director"),
    ],
)
def test_the_heading_names_the_owner_of_bullets_that_do_not(
    heading: str, owner: str | None
) -> None:
    assert actions(f"{heading}\n· review the data sharing protocol") == [
        ("review the data sharing protocol", owner, None, "actions list")
    ]


def test_an_instruction_is_not_an_owner() -> None:
    minutes = (
        "Actions identified by the board included:\n"
        "· Review the protocol to ensure it is used;\n"
        "· Explore options to share data with schools;\n"
        "· Lead officers to share the findings with their teams."
    )
    # The heading's "by the board" is not an owner (issue #18): the instructions name no one.
    assert [owner for _, owner, _, _ in actions(minutes)] == [None, None, "Lead officers"]


@pytest.mark.parametrize(
    "heading",
    [
        "Actions from the last meeting:",
        "Actions arising from the previous minutes:",
        "Action log update:",
        "Outstanding actions:",
    ],
)
def test_a_list_of_earlier_actions_is_not_new_actions(heading: str) -> None:
    assert actions(f"{heading}\n· the chair to write to schools (done)") == []


def test_it_was_agreed_that_with_items() -> None:
    minutes = (
        "It was agreed that:\n"
        "(a) the report be noted;\n"
        "(b) the chair would write to the minister by 1 May 2017."
    )
    assert actions(minutes) == [
        (
            "the chair would write to the minister by 1 May 2017",
            "the chair",
            "1 May 2017",
            "agreement",
        )
    ]
    assert resolutions(minutes) == []


def test_agreement_with_a_passive_and_an_agent() -> None:
    minutes = "It was agreed that the plan would be presented by the director at the June meeting."
    assert actions(minutes) == [
        (
            "the plan would be presented by the director at the June meeting",
            "the director",
            "the June meeting",
            "agreement",
        )
    ]


def test_text_is_normalised() -> None:
    """NBSP and other spaces, tabs, zero-width characters, soft hyphens, NFC."""
    extract = extract_minutes(
        "Agenda item\n\nEarly\u00a0help  \tstrate\u00adgy\u200b\n\nTo consider the cafe\u0301.\n\n"
        "Minutes:\n\nRESOLVED\u00a0THAT:\n(a)\u202fthe strategy\u2003be approved"
    )
    assert extract == MinutesExtract(
        title="Early help strategy",
        purpose="To consider the café.",
        resolutions=(Resolution(label="(a)", text="the strategy be approved"),),
        actions=(),
    )


def test_wrapped_lines_join_but_sentences_and_paragraphs_do_not() -> None:
    minutes = (
        "RESOLVED\nTHAT:\n(a) the director be asked to\nreport to the next\n\n"
        "meeting on the barriers.\nThe chair closed the meeting.\n(b) is not an item"
    )
    assert resolutions(minutes) == [
        (
            "(a)",
            "the director be asked to report to the next",
        )
    ]


def test_the_minutes_end_at_supporting_documents() -> None:
    text = page("The board met.") + "RESOLVED THAT the footer be ignored.\n"
    assert extract_minutes(text).resolutions == ()


@pytest.mark.parametrize(
    ("text", "title", "purpose"),
    [
        ("Agenda item\n12. Early help\nMinutes:\nNone.", "Early help", None),
        ("Agenda item - Early help\nPurpose: to agree it\nMinutes:", "Early help", "to agree it"),
        ("Agenda item 5: Early help\n\n", "Early help", None),
        (
            "Home\nAgenda item\nAgenda item\nEarly help\nTo agree it\nMinutes:",
            "Early help",
            "To agree it",
        ),
        (
            "Agenda item\nMinutes\nTo approve the minutes of the last meeting\nMinutes:",
            "Minutes",
            "To approve the minutes of the last meeting",
        ),
        ("Agenda item\n2017-18 budget\n\nMinutes:", "2017-18 budget", None),
        ("AGENDA ITEM\nEarly help\nTo agree it\nDecision:", "Early help", "To agree it"),
    ],
)
def test_title_and_purpose(text: str, title: str, purpose: str | None) -> None:
    extract = extract_minutes(text)
    assert (extract.title, extract.purpose) == (title, purpose)


def test_html_chrome_is_dropped_but_a_header_inside_main_is_kept() -> None:
    html = (
        "<!doctype html><html><body><header>Agenda item<p>Council</p></header>"
        "<div role='navigation'>Agenda item</div><main><header><h1>Agenda item</h1>"
        "<h2>Early help</h2></header><p hidden>RESOLVED that hidden text be ignored</p>"
        "<h3>Minutes:</h3><table><tr><td>(a)</td><td>the plan be approved;</td></tr>"
        "<tr><td>(b)</td><td>the manager to publish it.</td></tr></table></main>"
        "<aside>RESOLVED that the aside be ignored</aside><footer>RESOLVED</footer>"
        "<noscript>RESOLVED</noscript></body></html>"
    )
    extract = extract_minutes(html)
    assert extract.title == "Early help"
    # No heading: of the table's labelled rows only the one worded as a resolution ("be
    # approved") is read as one, for the officer to check; "the manager to publish it" is not.
    assert extract.resolutions == (
        Resolution(
            "(a)",
            "the plan be approved",
            "check",
            "resolution list found by its labels, without a RESOLVED heading",
        ),
    )
    html = html.replace("<table>", "<p>RESOLVED</p><table>")
    assert extract_minutes(html) == MinutesExtract(
        title="Early help",
        purpose=None,
        resolutions=(
            Resolution("(a)", "the plan be approved"),
            Resolution("(b)", "the manager to publish it"),
        ),
        actions=(Action("the manager to publish it", "the manager", None, "resolution"),),
    )


def test_ordered_list_with_a_roman_style_and_labels_printed_inside() -> None:
    html = (
        "<h1>Agenda item</h1><h2>Early help</h2><p>Minutes:</p><p>RESOLVED</p>"
        "<ol style='list-style-type: lower-roman' start='2'><li>the plan be approved</li>"
        "<li>(b) the plan be published</li></ol>"
    )
    assert [(r.label, r.text) for r in extract_minutes(html).resolutions] == [
        ("(ii)", "the plan be approved"),
        ("(b)", "the plan be published"),
    ]


def test_json_contract_keys_and_order() -> None:
    extract = extract_minutes(page("RESOLVED: That the director report back by May 2017."))
    contract = extract.to_json_dict()
    assert list(contract) == ["title", "purpose", "resolutions", "actions"]
    assert contract["actions"] == [
        {
            "text": "the director report back by May 2017",
            "owner": "the director",
            "due": "May 2017",
            "source": "resolution",
            "confidence": "sure",
            "reason": None,
        }
    ]
    assert contract["resolutions"] == [
        {
            "label": None,
            "text": "the director report back by May 2017",
            "confidence": "sure",
            "reason": None,
        }
    ]
    assert extract.has_decisions


def test_word_html_with_conditional_comments_and_bullets_under_an_item() -> None:
    """Pages pasted from Word carry <o:p>, <![if !supportLists]> and Symbol-font bullets."""
    html = (
        "<html><body><h1>Agenda item</h1><h2>Partnership plan</h2>"
        "<p>Purpose: To note the plan.</p><h2>Minutes:</h2><div class=WordSection1>"
        "<p class=MsoNormal><b>RESOLVED<o:p></o:p></b></p><p class=MsoNormal>THAT:<o:p></o:p></p>"
        "<p class=MsoListParagraph><![if !supportLists]><span>(a)<span>&nbsp;&nbsp;&nbsp; "
        "</span></span><![endif]>the plan be noted, including:<o:p></o:p></p>"
        "<p class=MsoListParagraph><![if !supportLists]><span style='font-family:Symbol'>&#183;"
        "<span>&nbsp;&nbsp; </span></span><![endif]>its four priorities<o:p></o:p></p>"
        "<!--[if gte mso 9]><xml>RESOLVED</xml><![endif]-->"
        "<p class=MsoListParagraph><![if !supportLists]><span>(b)<span>&nbsp;&nbsp; </span>"
        "</span><![endif]>the Director of Public Health be asked to report by 1 June 2017."
        "<o:p></o:p></p></div></body></html>"
    )
    assert extract_minutes(html) == MinutesExtract(
        title="Partnership plan",
        purpose="To note the plan.",
        resolutions=(
            Resolution("(a)", "the plan be noted, including: its four priorities"),
            Resolution("(b)", "the Director of Public Health be asked to report by 1 June 2017"),
        ),
        actions=(
            Action(
                "the Director of Public Health be asked to report by 1 June 2017",
                "the Director of Public Health",
                "1 June 2017",
                "resolution",
            ),
        ),
    )
