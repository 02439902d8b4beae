"""The governance demo: Herefordshire's Health and Wellbeing Board and cabinet, and
Worcestershire's Strategic Partnership Board with its four subgroups, with meetings built
from the board business in EXAMPLE-PLANS.md section 4 and actions linked to the demo plans.

Dates, chairs, subgroup names, terms of reference and the wording of minutes are
illustrative (docs/governance.md says so); the decisions follow the published facts.
Loading twice changes nothing: every object is looked up by its natural key first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.models import Organisation, Partnership
from cypp.governance import services
from cypp.governance.models import Action, AgendaItem, Body, Meeting, Resolution
from cypp.plans.models import Commitment, Measure, Outcome, Plan, Priority

H_PLAN = "herefordshire-2015-2018"
W_PLAN = "worcestershire-2022-2024"


def _body(partnership: Partnership, key: str, name: str, kind: str, **extra: Any) -> Body:
    body = Body.objects.filter(partnership=partnership, key=key).first()
    if body is None:
        body = services.body_create(
            by=None, partnership=partnership, key=key, name=name, kind=kind, **extra
        )
    return body


def _meeting(body: Body, date: dt.date, status: str, location: str = "") -> Meeting:
    meeting = Meeting.objects.filter(body=body, date=date).first()
    if meeting is None:
        meeting = services.meeting_record(
            by=None, body=body, date=date, status=status, location=location
        )
    return meeting


def _next_meeting(body: Body, location: str) -> Meeting:
    """A planned meeting about eight weeks ahead, unless one is planned already."""
    today = timezone.localdate()
    planned = (
        Meeting.objects.filter(body=body, status=Meeting.Status.PLANNED, date__gte=today)
        .order_by("date")
        .first()
    )
    if planned is not None:
        return planned
    date = today + dt.timedelta(weeks=8)
    while date.weekday() != 1:  # boards here meet on Tuesdays
        date += dt.timedelta(days=1)
    return _meeting(body, date, Meeting.Status.PLANNED, location)


def _item(meeting: Meeting, title: str, **fields: Any) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, title=title).first()
    if item is None:
        item = services.agenda_item_add(by=None, meeting=meeting, title=title, **fields)
    return item


def _resolution(item: AgendaItem, label: str, text: str, targets: list[Any]) -> Resolution:
    resolution = Resolution.objects.filter(agenda_item=item, label=label).first()
    if resolution is None:
        resolution = services.resolution_add(by=None, item=item, label=label, text=text)
    services.plan_links_set(by=None, subject=resolution, targets=[t for t in targets if t])
    return resolution


def _action(
    body: Body,
    meeting: Meeting,
    text: str,
    owner: services.Owner,
    targets: list[Any],
    **fields: Any,
) -> Action:
    action = Action.objects.filter(body=body, meeting=meeting, text=text).first()
    if action is None:
        action = services.action_add(
            by=None, body=body, meeting=meeting, text=text, owner=owner, **fields
        )
    services.plan_links_set(by=None, subject=action, targets=[t for t in targets if t])
    return action


def _member(body: Body, organisation_name: str, role: str) -> None:
    organisation = Organisation.objects.filter(name=organisation_name).first()
    if organisation is not None and not body.members.filter(organisation=organisation).exists():
        services.body_member_add(by=None, body=body, organisation=organisation, role=role)


def _find(model: Any, **lookup: Any) -> Any:
    return model.objects.filter(**lookup).first()


@transaction.atomic
def demo_governance_load(*, say: Callable[[str], None] = print) -> None:
    """Load (or leave as it is) the governance demo; needs the demo plans loaded first."""
    hereford = Partnership.objects.filter(key="herefordshire").first()
    worcester = Partnership.objects.filter(key="worcestershire").first()
    if hereford is None or worcester is None:
        say("Governance: the demo partnerships are not loaded; nothing to do.")
        return
    before = (Body.objects.count(), Meeting.objects.count(), Action.objects.count())
    _herefordshire(hereford)
    _worcestershire(worcester)
    after = (Body.objects.count(), Meeting.objects.count(), Action.objects.count())
    added = [b - a for a, b in zip(before, after, strict=True)]
    say(
        f"Governance: {added[0]} bodies, {added[1]} meetings and {added[2]} actions added "
        f"({after[0]} bodies, {after[1]} meetings, {after[2]} actions in all)."
    )


def _herefordshire(partnership: Partnership) -> None:
    plan = Plan.objects.filter(key=H_PLAN).first()
    in_plan = {"priority__plan": plan}
    council = Organisation.objects.get_or_create(
        name="Herefordshire Council", defaults={"sector": "council"}
    )[0]
    hwb = _body(
        partnership,
        "health-and-wellbeing-board",
        "Herefordshire Health and Wellbeing Board",
        Body.Kind.BOARD,
        chair_name="Cabinet member for health and wellbeing",
        terms_of_reference=(
            "Leads the Health and Wellbeing Strategy, whose priority 2 is the Children and "
            "Young People's Plan; receives progress reports on it and holds the partners to "
            "account. (Illustrative wording.)"
        ),
        order=1,
    )
    cabinet = _body(
        partnership,
        "cabinet",
        "Herefordshire Council Cabinet",
        Body.Kind.CABINET,
        chair_name="Leader of the council",
        terms_of_reference="Takes the council's executive decisions. (Illustrative wording.)",
        order=2,
    )
    services.body_relation_add(
        by=None,
        from_body=hwb,
        to_body=cabinet,
        kind="gives_feedback_to",
    )
    _committee_system(partnership, hwb)

    meeting = _meeting(
        hwb, dt.date(2016, 3, 15), Meeting.Status.MINUTES_APPROVED, "Shire Hall, Hereford"
    )
    item = _item(
        meeting,
        "Children and Young People's Plan: progress on priority 2",
        purpose="To review progress on priority 2 of the Health and Wellbeing Strategy.",
        presenter="Director for children's wellbeing",
        minutes=(
            "The board heard that child protection plans and children in care are the litmus "
            "test of the plan. The number of looked-after children was high against the West "
            "Midlands; the figures cover Herefordshire's own children only, while children "
            "placed in the county by other authorities also need services. NEET fell by about "
            "100 young people after a project. A pooled budget with the clinical commissioning "
            "group pays for complex needs. Areas previously rated red had improved."
        ),
    )
    protected = _find(Outcome, key="protected", **in_plan)
    looked_after = _find(Measure, key="looked-after-rate", outcome__priority__plan=plan)
    cp_plans = _find(Measure, key="cp-plans", outcome__priority__plan=plan)
    early_help = _find(Priority, key="early-help", plan=plan)
    whole_family = _find(Outcome, key="whole-family-help", **in_plan)
    families = _find(Measure, key="families-helped", outcome__priority__plan=plan)
    lead_worker = _find(Commitment, key="lead-worker", plan=plan)
    services.plan_links_set(by=None, subject=item, targets=[t for t in (protected,) if t])
    _resolution(item, "(a)", "That progress on priority 2 be noted.", [looked_after, cp_plans])
    res_b = _resolution(
        item,
        "(b)",
        "That the early help strategy come to a future meeting of the board, with an update "
        "from the director for children's wellbeing.",
        [early_help],
    )
    res_c = _resolution(
        item,
        "(c)",
        "That the director for children's wellbeing report on the barriers to information "
        "and data sharing between agencies.",
        [protected],
    )
    strategy = _action(
        hwb,
        meeting,
        "Bring the early help strategy to a future meeting of the board, with an update from "
        "the director",
        services.Owner(role="Director for children's wellbeing"),
        [whole_family, lead_worker],
        resolution=res_b,
        due_at_future_meeting=True,
    )
    sharing = _action(
        hwb,
        meeting,
        "Report on the barriers to information and data sharing between agencies",
        services.Owner(organisation=council),
        [protected, cp_plans],
        resolution=res_c,
        due_date=dt.date(2016, 9, 30),
    )
    # The strategy came back and cabinet approved it: done. The data-sharing report did
    # not come back by its date: overdue (and owned by the council, so the demo
    # contributor, who works for it, can update it).
    if strategy.status == Action.Status.OPEN:
        services.action_complete(
            by=None,
            action=strategy,
            text="The early help strategy 2016-18 was approved by cabinet and presented to "
            "the board.",
            done_on=dt.date(2016, 7, 21),
        )
    del sharing

    cab = _meeting(
        cabinet, dt.date(2016, 7, 21), Meeting.Status.MINUTES_APPROVED, "Brockington, Hereford"
    )
    cab_item = _item(
        cab,
        "Early help strategy 2016-18",
        purpose="To approve the early help strategy 2016-18.",
        presenter="Cabinet member for young people and children's wellbeing",
        minutes=(
            "Cabinet heard that the strategy would work with 600 families by 2020 under the "
            "widened troubled families programme, with an audit process. Child protection "
            "plans and looked-after children were falling; child protection numbers were in "
            "line with statistical neighbours, looked-after children still above them."
        ),
    )
    services.plan_links_set(by=None, subject=cab_item, targets=[t for t in (early_help,) if t])
    cab_res = _resolution(
        cab_item, "(a)", "That the early help strategy 2016-18 be approved.", [whole_family]
    )
    _action(
        cabinet,
        cab,
        "Report the number of families worked with under the widened troubled families "
        "programme, and the results of the audit, to a future meeting",
        services.Owner(role="Head of early help"),
        [families],
        resolution=cab_res,
        due_at_future_meeting=True,
    )
    # The board that receives the plan's January to March 2018 board report (the demo's
    # reporting periods are reported about five weeks after they end).
    _meeting(hwb, dt.date(2018, 5, 8), Meeting.Status.HELD, "Shire Hall, Hereford")
    upcoming = _next_meeting(hwb, "Shire Hall, Hereford")
    _item(
        upcoming,
        "Children and Young People's Plan: annual progress report",
        purpose="To review progress on the plan's priorities and the measures behind them.",
        presenter="Director for children's wellbeing",
    )
    for name, role in (
        ("Herefordshire Council", "Cabinet members and directors"),
        ("Herefordshire Clinical Commissioning Group", "Accountable officer"),
        ("West Mercia Police", "Local policing commander"),
    ):
        _member(hwb, name, role)


# Herefordshire Council's ModernGov site, and its Health and Wellbeing Board's committee id
# there (the board to which the Children and Young People's Plan reports). The demo does not
# sync: demo/data/moderngov/herefordshire holds SYNTHETIC responses for the README's
# `cypp governance sync --recorded` step.
H_COMMITTEE_SYSTEM = "https://councillors.herefordshire.gov.uk/"
H_BOARD_COMMITTEE = 599


def _committee_system(partnership: Partnership, board: Body) -> None:
    """The partnership's committee system and the board's committee, unless already set."""
    from cypp.governance.models import CommitteeSystem
    from cypp.governance.services.committee_sync import body_committee_set, committee_system_set

    if not CommitteeSystem.objects.filter(partnership=partnership).exists():
        committee_system_set(by=None, partnership=partnership, address=H_COMMITTEE_SYSTEM)
    taken = Body.objects.filter(partnership=partnership, committee_id=H_BOARD_COMMITTEE).exists()
    if board.committee_id is None and not taken:
        body_committee_set(by=None, body=board, committee_id=H_BOARD_COMMITTEE)


def _worcestershire(partnership: Partnership) -> None:
    plan = Plan.objects.filter(key=W_PLAN).first()
    county = Organisation.objects.get_or_create(
        name="Worcestershire County Council", defaults={"sector": "council"}
    )[0]
    hwb = _body(
        partnership,
        "health-and-wellbeing-board",
        "Worcestershire Health and Wellbeing Board",
        Body.Kind.BOARD,
        terms_of_reference="Leads the Joint Health and Wellbeing Strategy. (Illustrative wording.)",
        order=1,
    )
    spb = _body(
        partnership,
        "strategic-partnership-board",
        "Worcestershire Children and Young People's Strategic Partnership Board",
        Body.Kind.BOARD,
        chair_name="Cabinet member for children and families",
        terms_of_reference=(
            "A sub-group of the Health and Wellbeing Board. Oversees the Children and Young "
            "People's Plan, delivered through four subgroups by a set of key measures. "
            "Reporting and feedback run both ways."
        ),
        order=2,
    )
    services.body_relation_add(by=None, from_body=spb, to_body=hwb, kind="reports_to", two_way=True)
    subgroups = [
        ("staying-safe", "Staying Safe Subgroup"),
        ("emotional-wellbeing", "Emotional Well-being Subgroup"),
        ("send-inclusion", "SEND and Inclusion Subgroup"),
        ("voice", "Voice and Participation Subgroup"),
    ]
    for order, (key, name) in enumerate(subgroups, start=3):
        sub = _body(
            partnership,
            key,
            name,
            Body.Kind.SUBGROUP,
            terms_of_reference="Delivers its share of the plan's key measures and reports to "
            "the Strategic Partnership Board. (Illustrative name and wording.)",
            order=order,
        )
        services.body_relation_add(
            by=None, from_body=sub, to_body=spb, kind="reports_to", two_way=True
        )
    scrutiny = _body(
        partnership,
        "scrutiny",
        "Children and Families Overview and Scrutiny Panel",
        Body.Kind.SCRUTINY,
        order=9,
    )

    held = _meeting(
        scrutiny, dt.date(2022, 6, 20), Meeting.Status.MINUTES_APPROVED, "County Hall, Worcester"
    )
    item = _item(
        held,
        "Draft Children and Young People's Plan 2022-2024",
        purpose="To scrutinise the draft plan before it is agreed.",
        minutes=(
            "Members asked how success could be measured: the draft had no data and no "
            "targets. Baseline data existed and could be added, then updated as outcomes "
            "were assessed. Two years is short; schools use five-year plans with interim "
            "milestones. Qualitative outcomes matter where data cannot measure success."
        ),
    )
    res = _resolution(
        item,
        "(a)",
        "That baseline data and targets be added to the plan's key measures and reported "
        "back to the panel.",
        [
            _find(Commitment, key="add-baselines", plan=plan),
            _find(Commitment, key="targets-and-milestones", plan=plan),
        ],
    )
    _action(
        scrutiny,
        held,
        "Add baseline data and targets to the plan's key measures and report back",
        services.Owner(organisation=county),
        [_find(Commitment, key="add-baselines", plan=plan)],
        resolution=res,
        due_at_future_meeting=True,
    )
    spb_held = _meeting(spb, dt.date(2022, 7, 12), Meeting.Status.HELD, "County Hall, Worcester")
    spb_next = _next_meeting(spb, "County Hall, Worcester")
    _member(spb, "Worcestershire County Council", "Chair: cabinet member for children and families")
    spb_item = _item(
        spb_held,
        "Key measures and subgroup reports",
        purpose="To agree how each subgroup reports on its key measures.",
    )
    del spb_item
    _action(
        spb,
        spb_held,
        "Each subgroup to report progress on its key measures to the board",
        services.Owner(role="Subgroup chairs"),
        [_find(Outcome, key="protected", priority__plan=plan)],
        due_meeting=spb_next,
    )
