"""Extraction from published minutes, on our own example pages (tests/governance/minutes_pages/).

The pages are invented (the Kestrelford children's partnership); they follow the layout of
council committee pages described in the team's EXAMPLE-PLANS.md (section 5), one shape of
decision per page, saved as text and as HTML. Each test pins the exact JSON contract.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cypp.governance.minutes import extract_minutes, extract_minutes_file, read_minutes_file

PAGES = Path(__file__).parent / "minutes_pages"


def extracted(name: str) -> dict[str, Any]:
    return extract_minutes_file(PAGES / name).to_json_dict()


def test_resolved_that_with_bracketed_labels_nbsp_tabs_and_wrapped_items() -> None:
    assert extracted("resolved-that.txt") == {
        "title": "Progress on priority two of the children and young people's plan",
        "purpose": "To review progress on keeping children safe, the second priority of the plan.",
        "resolutions": [
            {
                "label": "(a)",
                "text": "progress against priority two be noted",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(b)",
                "text": "the revised early help strategy be presented at a future meeting of the board",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(c)",
                "text": "the Director of Children's Services be asked to bring a report to the next "
                "meeting on the barriers to sharing information between agencies",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(d)",
                "text": "the director to report on the waiting times for school nursing by 30 September 2017",
                "confidence": "sure",
                "reason": None,
            },
        ],
        "actions": [
            {
                "text": "the revised early help strategy be presented at a future meeting of the board",
                "owner": None,
                "due": "a future meeting of the board",
                "source": "resolution",
                "confidence": "check",
                "reason": "no owner named",
            },
            {
                "text": "the Director of Children's Services be asked to bring a report to the next "
                "meeting on the barriers to sharing information between agencies",
                "owner": "the Director of Children's Services",
                "due": "the next meeting",
                "source": "resolution",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the director to report on the waiting times for school nursing by 30 September 2017",
                "owner": "the director",
                "due": "30 September 2017",
                "source": "resolution",
                "confidence": "sure",
                "reason": None,
            },
        ],
    }


def test_it_was_resolved_in_an_html_page_with_site_chrome() -> None:
    """Header, search, menu, breadcrumbs (which also say "Agenda item"), footer and scripts
    are dropped; the item number before the title is dropped; &nbsp; and &middot; read."""
    assert extracted("it-was-resolved.html") == {
        "title": "Early help strategy 2017-2020",
        "purpose": "To consider the draft early help strategy and the offer it makes to families.",
        "resolutions": [
            {
                "label": "(a)",
                "text": "the early help strategy 2017-2020 be approved",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(b)",
                "text": "the head of early help be requested to provide a six-monthly update on the "
                "number of families supported, the first by 31 January 2018",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(c)",
                "text": "thanks be recorded to the families who helped to shape the strategy",
                "confidence": "sure",
                "reason": None,
            },
        ],
        "actions": [
            {
                "text": "the head of early help be requested to provide a six-monthly update on the "
                "number of families supported, the first by 31 January 2018",
                "owner": "the head of early help",
                "due": "31 January 2018",
                "source": "resolution",
                "confidence": "sure",
                "reason": None,
            }
        ],
    }


def test_resolved_that_with_letter_and_bracket_labels_sub_items_and_a_bare_label() -> None:
    """a) is stored as (a); (i), (ii) inside b) stay in b); "c)" alone on its line, then a
    blank line, then its text, is one item; "Purpose:" is not part of the purpose."""
    assert extracted("resolved-that-a.txt") == {
        "title": "Sharing information between agencies",
        "purpose": "To agree how partners will overcome the barriers to sharing data about "
        "children and families.",
        "resolutions": [
            {
                "label": "(a)",
                "text": "the principles for sharing information set out in the paper be endorsed",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(b)",
                "text": "the information governance group to draft a single agreement for all "
                "partners, covering: (i) the purposes for which data may be shared; and (ii) how "
                "families will be told",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(c)",
                "text": "the agreement be brought back to the board within three months",
                "confidence": "sure",
                "reason": None,
            },
        ],
        "actions": [
            {
                "text": "the information governance group to draft a single agreement for all "
                "partners, covering: (i) the purposes for which data may be shared; and (ii) how "
                "families will be told",
                "owner": "the information governance group",
                "due": None,
                "source": "resolution",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the agreement be brought back to the board within three months",
                "owner": None,
                "due": "within three months",
                "source": "resolution",
                "confidence": "check",
                "reason": "no owner named",
            },
        ],
    }


def test_actions_identified_by_the_board_with_middle_dot_bullets() -> None:
    """A bullet that names who ("board members to ...") has that owner; one that does not
    has none: "identified by the board" says who identified the actions, not who must do
    them (issue #18 reported these owners as "the board")."""
    assert extracted("actions-identified.txt") == {
        "title": "Voice of children and young people",
        "purpose": "To hear from the youth council about its survey of 2,400 pupils and agree how "
        "the board will respond.",
        "resolutions": [],
        "actions": [
            {
                "text": "board members to take the survey findings back to their own organisations "
                "and report what they will change at the next meeting",
                "owner": "board members",
                "due": "the next meeting",
                "source": "actions list",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "a short version of the findings to be shared with every school by the end "
                "of the summer term",
                "owner": None,
                "due": "the end of the summer term",
                "source": "actions list",
                "confidence": "check",
                "reason": "no owner named",
            },
            {
                "text": "Invite the youth council to present again in a year's time",
                "owner": None,
                "due": "in a year's time",
                "source": "actions list",
                "confidence": "check",
                "reason": "no owner named",
            },
        ],
    }


def test_it_was_agreed_sentences() -> None:
    """Agreements told in the narrative are resolutions, whole sentences, for the officer to
    check; "It was agreed that the report be noted" asks nothing of anyone: no action."""
    assert extracted("agreed.txt") == {
        "title": "Children's partnership scorecard, quarter 3",
        "purpose": "To review the partnership's scorecard of measures for the third quarter of "
        "2016-17.",
        "resolutions": [
            {
                "label": None,
                "text": "It was agreed that the report be noted",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
            {
                "label": None,
                "text": "It was also agreed that the performance lead would add comparisons with "
                "statistical neighbours to the scorecard by 28 April 2017",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
            {
                "label": None,
                "text": "It was agreed that the chair would write to the further education colleges "
                "about places for care leavers before the next meeting",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
        ],
        "actions": [
            {
                "text": "the performance lead would add comparisons with statistical neighbours to "
                "the scorecard by 28 April 2017",
                "owner": "the performance lead",
                "due": "28 April 2017",
                "source": "agreement",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the chair would write to the further education colleges about places for "
                "care leavers before the next meeting",
                "owner": "the chair",
                "due": "the next meeting",
                "source": "agreement",
                "confidence": "sure",
                "reason": None,
            },
        ],
    }


def test_html_fragment_with_an_ordered_list_and_an_actions_list() -> None:
    """<ol type="a"> items are labelled as the browser shows them; <ul> items are bullets."""
    assert extracted("resolved-lists.html") == {
        "title": "Annual report of the local safeguarding children board",
        "purpose": "To receive the annual report of the safeguarding board for 2016-17.",
        "resolutions": [
            {
                "label": "(a)",
                "text": "the annual report be received",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(b)",
                "text": "the independent chair be invited to present the board’s business plan to "
                "the next meeting",
                "confidence": "sure",
                "reason": None,
            },
            {
                "label": "(c)",
                "text": "the report be published on the partnership's website",
                "confidence": "sure",
                "reason": None,
            },
        ],
        "actions": [
            {
                "text": "the independent chair be invited to present the board’s business plan to "
                "the next meeting",
                "owner": "the independent chair",
                "due": "the next meeting",
                "source": "resolution",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the report be published on the partnership's website",
                "owner": None,
                "due": None,
                "source": "resolution",
                "confidence": "check",
                "reason": "no owner named",
            },
            {
                "text": "partners to nominate a lead for neglect by Friday 14 July 2017",
                "owner": "partners",
                "due": "Friday 14 July 2017",
                "source": "actions list",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the business manager to circulate the neglect toolkit",
                "owner": "the business manager",
                "due": None,
                "source": "actions list",
                "confidence": "sure",
                "reason": None,
            },
        ],
    }


def test_a_single_unlabelled_resolution_in_windows_1252_with_crlf() -> None:
    assert read_minutes_file(PAGES / "inline-resolved-cp1252.txt").count("children’s") == 1
    assert extracted("inline-resolved-cp1252.txt") == {
        "title": "Early help strategy 2016-18",
        "purpose": "to approve the early help strategy and the widened families programme.",
        "resolutions": [
            {
                "label": None,
                "text": "the early help strategy 2016-18 be approved, and that the final strategy "
                "be presented to a future meeting of the Cabinet with the results of the audit",
                "confidence": "sure",
                "reason": None,
            }
        ],
        "actions": [
            {
                "text": "the early help strategy 2016-18 be approved, and that the final strategy "
                "be presented to a future meeting of the Cabinet with the results of the audit",
                "owner": None,
                "due": "a future meeting of the Cabinet",
                "source": "resolution",
                "confidence": "check",
                "reason": "no owner named",
            }
        ],
    }


@pytest.mark.parametrize(
    ("name", "title", "purpose"),
    [
        (
            "no-decisions.txt",
            "Update from the youth justice partnership",
            "To note the work of the youth justice partnership since the last meeting.",
        ),
        ("title-only.txt", "Apologies for absence", None),
    ],
)
def test_a_page_without_decisions_is_not_an_error(name: str, title: str, purpose: str) -> None:
    extract = extract_minutes_file(PAGES / name)
    assert extract.to_json_dict() == {
        "title": title,
        "purpose": purpose,
        "resolutions": [],
        "actions": [],
    }
    assert extract.has_decisions is False


def test_the_same_page_as_text_and_as_html_gives_the_same_extract() -> None:
    """Paragraphs become <p>, printed lines within them <br>, as a word processor saves."""
    text = (PAGES / "resolved-that.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "<html><body><main>{}</main></body></html>".format(
        "".join("<p>{}</p>".format(p.replace("\n", "<br>\n")) for p in paragraphs)
    )
    assert extract_minutes(html) == extract_minutes(text)
    assert extract_minutes(html).has_decisions is True
