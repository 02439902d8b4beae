"""Which items are actions, their owners, dues and confidence (docs/minutes-extraction.md,
"Which items are actions, and their owner and due"). Every sentence and page here is
invented for these tests, in the layouts councils publish."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cypp.governance.minutes import extract_minutes_file
from cypp.governance.minutes.actions import action_in, resolution_actions
from cypp.governance.minutes.actions_discussion import discussion_actions
from cypp.governance.minutes.actions_due import due_in, due_read
from cypp.governance.minutes.body_actions import actions_at

PAGES = Path(__file__).parent / "minutes_pages"


def rows(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(text, owner, due, reason) of each action a resolved item asks for."""
    return [(a.text, a.owner, a.due, a.reason) for a in resolution_actions(text)]


# Resolved items that ask someone to act: the owner as the text names them, else None.
@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        (
            "to note that the Head of Early Help would liaise with the Chief Officer – Housing "
            "to ensure that care leavers were offered a tenancy",
            "the Head of Early Help",
            None,
        ),
        (
            "to note that the Director of Education had undertaken to provide an update to "
            "Members on the school meals pilot",
            "the Director of Education",
            None,
        ),
        (
            "to note that the admissions report was to be added to the planner for the "
            "March 2026 meeting",
            None,
            "the March 2026 meeting",
        ),
        ("to agree to remove item 9 (play areas) from the planner", None, None),
        ("to request that the layout of the scorecard be reviewed", None, None),
        (
            "officers report back to the May children's partnership board on the waiting list",
            "officers",
            "the May children's partnership board",
        ),
        (
            "requests the Participation Officer to look into both issues and report back to "
            "the next meeting",
            "the Participation Officer",
            "the next meeting",
        ),
        (
            "consideration be given to further topics to be explored by officers for the "
            "next work programme report",
            "officers",
            "the next work programme report",
        ),
        (
            "the report be noted and the Board receive a further update in six months",
            None,
            "in six months",
        ),
        (
            "delegates authority to the Director of Children's Services, in consultation with "
            "the Lead Member, to finalise and publish the charter",
            "the Director of Children's Services",
            None,
        ),
        (
            "the Director of Children's Services, in consultation with the Cabinet Member for "
            "Children, be authorised to take the steps needed to open the short breaks service",
            "the Director of Children's Services",
            None,
        ),
        (
            "the Head of Early Help (in consultation with the Lead Member) be asked to finalise "
            "the plan",
            "the Head of Early Help",
            None,
        ),
        (
            "the Director be authorised to take all steps needed to open the hub by 1 April 2026",
            "the Director",
            "1 April 2026",
        ),
        (
            "Cabinet agrees to consult on the proposals over the summer term",
            "Cabinet",
            "the summer term",
        ),
        ("the annual plan be approved and submitted to the regional partnership", None, None),
        (
            "Members requested that officers provide a breakdown of the figures by ward",
            "officers",
            None,
        ),
        (
            "notes the report and asks that the Cabinet Member ensures that schools are consulted",
            "the Cabinet Member",
            None,
        ),
        (
            "the Board notes the report and that a progress report is submitted in twelve months' "
            "time",
            None,
            "in twelve months' time",
        ),
        ("the Committee add the item to its work programme", "the Committee", None),
        ("to agree that the Convener write to the Scottish Government", "the Convener", None),
        (
            "to instruct the Chief Officer – Education to report back to Committee in six months",
            "the Chief Officer – Education",
            "in six months",
        ),
        (
            "the Director be authorised to agree the final terms and to report back to the "
            "Committee in March 2026",
            "the Director",
            "March 2026",
        ),
        (
            "the Board endorses the approach and looks forward to receiving the final strategy "
            "in the autumn",
            None,
            "the autumn",
        ),
    ],
)
def test_a_resolved_item_that_asks_for_something(
    text: str, owner: str | None, due: str | None
) -> None:
    (action,) = resolution_actions(text)
    assert (action.owner, action.due) == (owner, due)


@pytest.mark.parametrize(
    "text",
    [
        "the progress made be noted",
        "to otherwise note the planner",
        "to note the update given by the Head of Service on the nursery",
        "the admission arrangements for 2026/27, as set out in Appendix A, be determined",
        "the youth service budget be set at £1.2 million",
        "£40,000 be allocated to the holiday activities programme",
        "the contract for short breaks be awarded to a local charity",
        "the views of young people be taken into account",
        "officers continue to work with schools to reduce exclusions",
        "the Director be authorised to vary the scheme as the need arises",
        "authority be delegated to the Head of Service to respond to consultations from time "
        "to time",
        "the following appointments be made: Councillor Amin as Chair",
        "the Board's thanks be passed to the young inspectors",
        "the work that has been done by the team be noted",
        "the draft plan be approved for consultation",
        "the Board agreed to support the bid",
        "the following outcomes be approved: Children are safe · Exclusions are reduced",
        "the update be noted and the Committee continue to monitor progress",
        "the Director reports that the service is improving",
        "Council be asked to approve the policy",
        "the Director be authorised to award the contract for short breaks",
        "authority be delegated to the Director to enter into the agreement with the health board",
        "the Board asks partners to endorse the charter",
        "approval be given to the partnership's new participation charter",
        "consent be given for the pilot of family hubs in two wards",
        "the Board approves a new bus pass discount for young carers to be applied until they "
        "turn 21",
        "the Committee agreed the revised short breaks offer to be introduced from April 2027",
    ],
)
def test_deciding_noting_and_standing_permissions_ask_nothing(text: str) -> None:
    assert resolution_actions(text) == ()


def test_each_step_of_an_approved_list_is_an_action() -> None:
    text = (
        "the following next steps be approved: · That a travel plan is drawn up with parents. "
        "· That the timetable be presented to the Scrutiny Panel in Quarter 2 of 2025/26. "
        "· That a report be brought back to Cabinet in the next 9 months."
    )
    assert rows(text) == [
        ("a travel plan is drawn up with parents", None, None, "no owner named"),
        (
            "the timetable be presented to the Scrutiny Panel in Quarter 2 of 2025/26",
            None,
            "Quarter 2 of 2025/26",
            "no owner named",
        ),
        (
            "a report be brought back to Cabinet in the next 9 months",
            None,
            "in the next 9 months",
            "no owner named",
        ),
    ]


def test_an_approved_list_of_priorities_asks_nothing() -> None:
    """Bare noun phrases under "be approved:" are what was approved; "lead" in "a named
    health lead" is a noun, not a subjunctive."""
    text = (
        "the following priorities be approved:- Quicker first appointments A named health "
        "lead in every school"
    )
    assert rows(text) == []


def test_a_list_inside_an_item_that_asks_is_one_action() -> None:
    text = (
        "the data group to draft an agreement covering: (i) what may be shared; and (ii) how "
        "families will be told"
    )
    assert rows(text) == [(text, "the data group", None, None)]


def test_who_receives_updates_is_not_their_owner() -> None:
    text = (
        "Agreed that from the next financial year a summary will be published each quarter, "
        "with the Cabinet Member for Children receiving a monthly briefing"
    )
    assert rows(text) == [
        (
            "Agreed that from the next financial year a summary will be published each quarter",
            None,
            "from the next financial year",
            "no owner named",
        ),
        (
            "the Cabinet Member for Children receiving a monthly briefing",
            None,
            None,
            "read from a clause starting 'with'; no owner named",
        ),
    ]


def test_a_future_step_a_resolution_only_notes_is_to_check() -> None:
    assert rows("to note that the Head of Service would write to every school") == [
        (
            "to note that the Head of Service would write to every school",
            "the Head of Service",
            None,
            "found in a noted resolution",
        )
    ]


def test_an_owner_guessed_from_by_is_to_check() -> None:
    (action,) = resolution_actions("the plan be considered by the Cabinet at its next meeting")
    assert (action.owner, action.confidence, action.reason) == (
        "the Cabinet",
        "check",
        "owner guessed from 'by the Cabinet'",
    )


def test_a_clear_owner_and_task_is_sure() -> None:
    (action,) = resolution_actions("the Director be asked to report to the next meeting")
    assert (action.confidence, action.reason) == ("sure", None)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "a report be brought to the next meeting of the committee",
            "the next meeting of the committee",
        ),
        ("the item be added for the February 2026 meeting", "the February 2026 meeting"),
        (
            "officers report to the July corporate parenting panel",
            "the July corporate parenting panel",
        ),
        ("the plan be presented in Quarter 1 of 2026/27", "Quarter 1 of 2026/27"),
        (
            "the plan be brought to the next Health and Wellbeing Board meeting",
            "the next Health and Wellbeing Board meeting",
        ),
        (
            "a report be brought to the next meeting to consider the board's view",
            "the next meeting",
        ),
        ("the plan be presented in Q3 2026", "Q3 2026"),
        ("a report be brought back in the next 6 months", "in the next 6 months"),
        ("an update be given from the next municipal year", "from the next municipal year"),
        ("the item be brought in September", "September"),
        ("the partners to reply by 30 March 2026", "30 March 2026"),
        ("the lead to write to schools over the summer term", "the summer term"),
        ("the chair to visit the hub in the new year", "the new year"),
        ("the report be circulated for future reports", None),
        ("the group be set up to look at transport", None),
        (
            "a paper on youth clubs be prepared for the meeting scheduled for 14 January 2027",
            "14 January 2027",
        ),
        ("funding for 2026/27 be sought for the holiday clubs", None),
    ],
)
def test_dues_as_written(text: str, due: str | None) -> None:
    assert due_in(text) == due


def test_a_due_among_several_or_without_a_year_is_to_check() -> None:
    several = due_read("a report be brought to the next meeting and no later than 1 May 2026")
    assert several is not None
    assert several.doubt == "due read as 'the next meeting', the first of 2 dates given"
    month = due_read("the item be brought in September")
    assert month is not None and month.doubt == "due read as 'September', with no year"


def test_undertakings_and_future_steps_in_the_discussion() -> None:
    line = (
        "Members noted the need for a map of the services. The Head of Service agreed to "
        "circulate a map to Members of the Board. The Director explained that the item on "
        "transport, first planned for this meeting, would be brought to the June meeting."
    )
    assert [(a.text, a.owner, a.due, a.source, a.reason) for a in discussion_actions(line)] == [
        (
            "The Head of Service agreed to circulate a map to Members of the Board",
            "the Head of Service",
            None,
            "agreement",
            None,
        ),
        (
            "the item on transport, first planned for this meeting, would be brought to the "
            "June meeting",
            None,
            "the June meeting",
            "agreement",
            "from discussion text, not a resolution; no owner named",
        ),
    ]


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        (
            "The Cabinet Member said she would raise the delay with the health board.",
            "the Cabinet Member",
        ),
        ("The Director would provide a written response to Councillor Ali.", "the Director"),
        ("Officers will circulate the attendance figures after the meeting.", "Officers"),
        ("The Head of Service would report back on the waiting list.", "the Head of Service"),
        (
            "The Strategic Director, People, would report back to the next meeting.",
            "the Strategic Director, People",
        ),
    ],
)
def test_a_person_who_will_do_something_named_in_the_discussion(line: str, owner: str) -> None:
    found = actions_at((line,), 0)
    assert found is not None
    assert [(a.owner, a.reason) for a in found[0]] == [
        (owner, "from discussion text, not a resolution")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "The service would provide support to schools.",
        "Members commented on the need to ensure that the plan was joined up.",
        "The service would continue to monitor attendance over the coming months.",
        "Members asked whether a report would be brought to the next meeting.",
        "A meeting had been arranged with schools for November.",
        "The panel had agreed to review the policy in 2024, which it had done.",
        "The Board agreed to support the bid.",
        "The Chair thanked the young people who had spoken.",
        "It was noted that the youth council would meet in July.",
    ],
)
def test_debate_questions_and_what_was_done_are_not_actions(line: str) -> None:
    assert actions_at((line,), 0) is None


def test_action_lines() -> None:
    body = (
        "ACTION: The Youth Offer Manager to share the leaflet with every school.",
        "The Board asked for a guide to the plan for young people. (Action: Participation Lead)",
        "The clerk would book a larger room for the next meeting.",
        "ACTION: JB",
    )
    found = [actions_at(body, i) for i in range(len(body))]
    assert [[(a.text, a.owner, a.source) for a in f[0]] if f else [] for f in found] == [
        [
            (
                "The Youth Offer Manager to share the leaflet with every school",
                "the Youth Offer Manager",
                "actions list",
            )
        ],
        [
            (
                "The Board asked for a guide to the plan for young people",
                "Participation Lead",
                "actions list",
            )
        ],
        [
            (
                "The clerk would book a larger room for the next meeting",
                "the clerk",
                "agreement",
            )
        ],
        [
            (
                "The clerk would book a larger room for the next meeting",
                "JB",
                "actions list",
            )
        ],
    ]


def test_a_page_with_actions_in_its_discussion() -> None:
    extract = extract_minutes_file(PAGES / "actions-discussion.txt")
    assert [r.text for r in extract.resolutions] == ["the annual review be noted"]
    assert [a.to_json_dict() for a in extract.actions] == [
        {
            "text": "The Head of Youth Justice agreed to circulate the exclusion figures to "
            "Members of the Board",
            "owner": "the Head of Youth Justice",
            "due": None,
            "source": "agreement",
            "confidence": "sure",
            "reason": None,
        },
        {
            "text": "The Inspector undertook to arrange a visit before the end of the summer term",
            "owner": "the Inspector",
            "due": "the end of the summer term",
            "source": "agreement",
            "confidence": "sure",
            "reason": None,
        },
        {
            "text": "the item on custody costs, first planned for this meeting, would be brought "
            "to the October meeting of the board",
            "owner": None,
            "due": "the October meeting of the board",
            "source": "agreement",
            "confidence": "check",
            "reason": "from discussion text, not a resolution; no owner named",
        },
        {
            "text": "The Youth Offer Manager to share the diversion scheme leaflet with every "
            "secondary school",
            "owner": "the Youth Offer Manager",
            "due": None,
            "source": "actions list",
            "confidence": "sure",
            "reason": None,
        },
        {
            "text": "The Board asked for a short guide to the plan written for young people",
            "owner": "Participation Lead",
            "due": None,
            "source": "actions list",
            "confidence": "sure",
            "reason": None,
        },
    ]


def test_the_steps_of_a_decision_page_are_its_actions() -> None:
    """The decision page's second resolution approves three next steps, each an action with
    no owner named; its third agrees a quarterly summary and a briefing for the Cabinet
    Member, who receives it and so is not its owner."""
    extract = extract_minutes_file(PAGES / "actions-next-steps.txt")
    assert [(a.text, a.owner, a.due, a.reason) for a in extract.actions] == [
        (
            "a travel plan for each hub is drawn up with the parent and carer forum",
            None,
            None,
            "no owner named",
        ),
        (
            "the hub timetable be presented to the Children's Scrutiny Panel in Quarter 2 of "
            "2025/26",
            None,
            "Quarter 2 of 2025/26",
            "no owner named",
        ),
        (
            "a report be brought back to Cabinet in the next 9 months on take-up by young parents",
            None,
            "in the next 9 months",
            "no owner named",
        ),
        (
            "Agreed that from the next financial year a summary of hub visits will be published "
            "each quarter",
            None,
            "from the next financial year",
            "no owner named",
        ),
        (
            "the Cabinet Member for Children receiving a monthly briefing on waiting times",
            None,
            None,
            "read from a clause starting 'with'; no owner named",
        ),
    ]


def test_the_rules_take_linear_time_on_long_odd_text() -> None:
    """The fuzz test and the 2 MB limit: no pattern may backtrack without bound."""
    odd = [
        "the " * 5000,
        "to " * 5000 + "x",
        "be " * 5000,
        "by the " * 3000,
        "(Action: " * 2000,
        "the next " * 3000 + "meeting",
        "Officers " * 4000 + "to",
    ]
    started = time.perf_counter()
    for text in odd:
        action_in(text)
        resolution_actions(text)
        due_in(text)
        discussion_actions(text[:20000])
        actions_at((text[:20000],), 0)
    assert time.perf_counter() - started < 5


def test_a_decision_that_sends_a_paper_on_is_still_an_action() -> None:
    # The infinitive after a decision asks something when it sends a paper or sets a review.
    (action,) = resolution_actions(
        "the Board approves the draft charter to be presented to the youth forum in May 2027"
    )
    assert (action.owner, action.due) == (None, "May 2027")


def test_a_second_request_in_a_resolution_is_its_own_action() -> None:
    text = (
        "Noted that the Early Years Partnership is responsible for delivering the plan and "
        "asks the Families Scrutiny Panel to monitor its progress"
    )
    assert rows(text) == [
        (
            "Noted that the Early Years Partnership is responsible for delivering the plan",
            "the Early Years Partnership",
            None,
            "found in a noted resolution; owner guessed from 'is responsible for delivering'",
        ),
        (
            "asks the Families Scrutiny Panel to monitor its progress",
            "the Families Scrutiny Panel",
            None,
            "read from a later request in the resolution, apart from the words before it",
        ),
    ]


def test_an_owner_named_by_a_body_with_and_in_its_name() -> None:
    (action,) = resolution_actions("the draft offer be reviewed by the Play and Leisure Forum")
    assert action.owner == "the Play and Leisure Forum"


def test_a_title_naming_several_services_is_one_owner() -> None:
    line = (
        "Members wanted more on transport. The Director of Schools, Skills and Youth undertook "
        "to review the timetable of reports."
    )
    (action,) = discussion_actions(line)
    assert action.owner == "the Director of Schools, Skills and Youth"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Councillor Okafor said that the figures on school transport promised in March had "
            "not arrived. The Chair agreed to chase the matter.",
            "Councillor Okafor said that the figures on school transport promised in March had "
            "not arrived. The Chair agreed to chase the matter",
        ),
        (
            "A request was made for the youth survey to show results by age group. It was agreed "
            "that the Head of Participation would look at adding this for future surveys.",
            "A request was made for the youth survey to show results by age group. the Head of "
            "Participation would look at adding this for future surveys",
        ),
    ],
)
def test_a_task_that_points_back_keeps_what_it_points_to(line: str, kept: str) -> None:
    found = actions_at((line,), 0)
    assert found is not None
    (action,) = found[0]
    assert (action.text, action.confidence, action.due) == (kept, "check", None)
    assert action.reason is not None
    assert action.reason.startswith("the task points back to what was said before it")


def test_a_task_that_names_its_subject_stands_alone() -> None:
    line = "Members asked about waiting times. The Chair agreed to write to the health board."
    (action,) = discussion_actions(line)
    assert action.text == "The Chair agreed to write to the health board"


def test_a_task_set_only_on_a_condition_is_to_check() -> None:
    (action,) = resolution_actions(
        "a youth worker should attend the panel if the Participation Lead is unable to do so"
    )
    assert (action.confidence, action.reason) == (
        "check",
        "set only on a condition, so it may be a standing arrangement",
    )
    (plain,) = resolution_actions(
        "the Head of Service should review the support for children in need"
    )
    assert (plain.confidence, plain.reason) == ("sure", None)


def test_a_later_request_read_apart_from_its_resolution_is_to_check() -> None:
    first, later = resolution_actions(
        "the Board asks the Director to publish the offer and asks the Youth Panel to test it"
    )
    assert (first.owner, first.confidence) == ("the Director", "sure")
    assert (later.owner, later.confidence, later.reason) == (
        "the Youth Panel",
        "check",
        "read from a later request in the resolution, apart from the words before it",
    )


def test_the_opening_words_that_say_why_are_not_the_task() -> None:
    (action,) = resolution_actions(
        "With reference to the concerns raised by the youth forum, officers be asked to "
        "review the bus pass scheme"
    )
    assert (action.text, action.owner) == (
        "officers be asked to review the bus pass scheme",
        "officers",
    )


def test_a_resolution_that_requests_a_paper_asks_someone_unnamed() -> None:
    (action,) = resolution_actions(
        "the Panel requests a further report on children missing education in June 2027"
    )
    assert (action.owner, action.due) == (None, "June 2027")


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("The Chair asked officers to look into the waiting list and report back.", "officers"),
        (
            "Members asked the Family Hubs Manager to circulate the leaflet.",
            "the Family Hubs Manager",
        ),
        ("Officers were asked to provide a written answer on school transport.", "Officers"),
        ("The youth worker was asked to send the survey results to the clerk.", "the youth worker"),
    ],
)
def test_a_request_made_in_the_meeting_that_sends_something_or_reports_back(
    line: str, owner: str
) -> None:
    (action,) = discussion_actions(line)
    assert (action.owner, action.reason) == (owner, "from discussion text, not a resolution")


@pytest.mark.parametrize(
    "line",
    [
        "Councillor Begum asked the Head of Service to explain the rise in referrals.",
        "The Board was asked to note the update on family hubs.",
        "The Cabinet Member was asked to clarify the timetable, which she did.",
        "The young carers were asked to share their experiences of school.",
    ],
)
def test_a_question_put_in_the_meeting_is_not_a_task(line: str) -> None:
    assert discussion_actions(line) == []


def test_papers_to_be_handed_over_after_the_meeting_are_a_task() -> None:
    (action,) = discussion_actions(
        "The Head of Service confirmed that the attendance figures would be circulated after "
        "the meeting."
    )
    assert (action.text, action.owner) == (
        "the attendance figures would be circulated after the meeting",
        None,
    )


def test_agreeing_to_do_so_takes_the_request_before_it() -> None:
    (action,) = discussion_actions(
        "Councillor Hughes asked that the audit be shared with the youth council. The "
        "Participation Lead agreed to do so."
    )
    assert (action.owner, action.confidence) == ("the Participation Lead", "check")
    assert action.text.startswith("Councillor Hughes asked that the audit be shared")


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("the Board approves the plan and asks that it is reviewed by the summer", None),
        ("the Board notes the report and asks officers to circulate it to schools", "officers"),
    ],
)
def test_a_single_request_after_a_decision_keeps_the_whole_item(
    text: str, owner: str | None
) -> None:
    (action,) = resolution_actions(text)
    assert (action.text, action.owner) == (text, owner)


def test_two_requests_each_have_their_owner() -> None:
    first, second = resolution_actions(
        "the Committee notes the report and asks the Chair to write to the Minister; and "
        "requests officers to circulate the reply"
    )
    assert (first.text, first.owner) == ("asks the Chair to write to the Minister", "the Chair")
    assert (second.text, second.owner) == ("requests officers to circulate the reply", "officers")


@pytest.mark.parametrize(
    ("line", "owner", "due"),
    [
        (
            "In response to a question, the Head of Service said she would check the figures "
            "and respond to Members.",
            "the Head of Service",
            None,
        ),
        (
            "The Board was advised that the strategy would be refreshed and would come back to "
            "the Board in spring 2027.",
            None,
            "spring 2027",
        ),
    ],
)
def test_who_and_when_in_a_step_told_to_the_meeting(
    line: str, owner: str | None, due: str | None
) -> None:
    (action,) = discussion_actions(line)
    assert (action.owner, action.due) == (owner, due)


@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        (
            "the Panel resolved to hold an extra meeting in February 2027 on school places",
            "the Panel",
            "February 2027",
        ),
        (
            "to agree that the Chair and Vice-Chair meet with the Lead Member to discuss the audit",
            "the Chair and Vice-Chair",
            None,
        ),
    ],
)
def test_who_resolved_to_act_and_who_is_to_meet(text: str, owner: str, due: str | None) -> None:
    (action,) = resolution_actions(text)
    assert (action.owner, action.due) == (owner, due)


def test_resolving_to_approve_asks_nothing() -> None:
    assert resolution_actions("the Panel resolved to approve the revised terms of reference") == ()


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        (
            "Members asked for the waiting times by school, which officers agreed to provide.",
            "officers",
        ),
        (
            "The Early Help Manager said that she would be happy to arrange a visit to the hub.",
            "the Early Help Manager",
        ),
        (
            "Officers said they would look into the delay and respond in writing.",
            "Officers",
        ),
    ],
)
def test_offers_and_answers_in_writing_are_tasks(line: str, owner: str) -> None:
    (action,) = discussion_actions(line)
    assert action.owner == owner


def test_being_happy_to_support_decides() -> None:
    assert discussion_actions("Members would be happy to support the youth council's bid.") == []


def test_a_task_that_points_back_keeps_one_sentence_when_two_are_long() -> None:
    long_one = "Members discussed the many reasons why families " + "x " * 200 + "struggled."
    line = f"{long_one} The figures for the summer were late. The Chair agreed to chase them."
    (action,) = discussion_actions(line)
    assert action.text == "The figures for the summer were late. The Chair agreed to chase them"
