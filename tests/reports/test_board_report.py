"""The board report's front pages: key messages and recommendations drafted from the demo
plan's judgements for January to March 2018 (sentences checked against the demo's figures,
worked out here from the observations themselves), the officer's edits kept beside the
draft, every save audited, nothing saved once the period is published, all or nothing, and
only officers on the page."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cypp.accounts.models import AuditEvent
from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import assessments_published
from cypp.commentary.models import ReportingPeriod
from cypp.geography.models import Area
from cypp.geography.selectors import comparator_model_latest, neighbours_list
from cypp.governance.models import AgendaItem
from cypp.indicators.models import Observation
from cypp.plans.models import Measure, Plan
from cypp.reports.board_pack.front import (
    front_pages_build,
    key_messages_draft,
    recommendations_draft,
)
from cypp.reports.board_report import (
    BoardReportError,
    board_report_draft_restore,
    board_report_drafts,
    board_report_get,
    board_report_save,
    pack_benchmarks,
)
from cypp.reports.models import BoardPack, BoardReport
from tests.governance.factories import body_make, meeting_make
from tests.plans.factories import contributor_make, partnership_make, plan_make
from tests.reports.board_pack_helpers import demo_plan_with_periods

pytestmark = pytest.mark.django_db

HEREFORDSHIRE = "E06000019"
ENGLAND = "E92000001"

# The five exceptions of the demo plan as at 31 March 2018 (red, or worsening significantly),
# in plan order: read off the demo pack's exceptions section.
EXCEPTIONS = [
    "Inpatient admissions for mental health disorders, aged 0 to 17",
    "Child protection plans that were a second or subsequent plan",
    "Hospital admissions caused by unintentional and deliberate injuries, children aged 0 to 14",
    "First-time entrants to the youth justice system",
    "Care leavers aged 19 to 21 in education, employment or training",
]


def _figures(plan: Plan, key: str, period: str) -> tuple[float, float | None, float]:
    """Herefordshire's, England's and the statistical neighbours' average figure for the
    measure's indicator in ``period``, straight from the observations."""
    measure = Measure.objects.get(outcome__priority__plan=plan, key=key)
    rows = dict(
        Observation.objects.filter(
            indicator=measure.indicator, period__label=period, value__isnull=False
        ).values_list("area__code", "value")
    )
    area = Area.objects.get(code=HEREFORDSHIRE)
    codes = [
        link.neighbour.code for link in neighbours_list(area=area, model=comparator_model_latest())
    ]
    neighbours = statistics.mean(rows[c] for c in codes if c in rows)
    return rows[HEREFORDSHIRE], rows.get(ENGLAND), neighbours


def _judged(plan: Plan, period: ReportingPeriod) -> tuple[list, dict]:
    published = assessments_published(
        plan_assessments(plan=plan, as_at=AsAt(end=period.end, period=period.label))
    )
    return published, pack_benchmarks(published)


def test_key_messages_say_the_demo_judgements_with_their_figures_bad_news_first() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    assert period.key == "2018-q1"
    assessments, benchmarks = _judged(plan, period)

    messages = key_messages_draft(assessments=assessments, benchmarks=benchmarks)

    # Bad news first (the five reds, the furthest behind England or the neighbours first),
    # then the one significant improvement, then the two largest leads over the neighbours.
    assert [m.kind for m in messages] == ["worsened"] * 5 + ["improved"] + ["gap to neighbours"] * 2
    assert len(messages) == 8
    texts = [m.text for m in messages]

    value, england, neighbours = _figures(plan, "repeat-cp-plans", "2018")
    assert (value, england, round(neighbours, 1)) == (29.2, 20.2, 20.3)
    assert (
        "Child protection plans that were a second or subsequent plan rose significantly, to "
        "29.2% in 2018 (England 20.2; statistical neighbours 20.3), and the measure is rated red."
    ) in texts

    value, england, neighbours = _figures(plan, "inpatient-admissions", "2017-18")
    assert (value, england, round(neighbours, 2)) == (187.62, 85.81, 89.18)
    assert texts[0] == (
        "Inpatient admissions for mental health disorders, aged 0 to 17: rated red, at 187.62 "
        "per 100,000 in 2017-18, in the worst quarter of local authorities (147th of 148; "
        "England 85.81; statistical neighbours 89.18)."
    )
    # 187.62 is 119% above England's 85.81, the largest shortfall of the five; care leavers
    # (38.0% against the neighbours' 55.1%, 31% short) and injuries (118.2 against England's
    # 97.8, 21% worse) come later.
    order = [t.split(":")[0].split(" rose")[0] for t in texts[:5]]
    assert order == [
        EXCEPTIONS[0],
        EXCEPTIONS[3],
        EXCEPTIONS[1],
        EXCEPTIONS[4],
        EXCEPTIONS[2],
    ]

    value, england, neighbours = _figures(plan, "re-referrals", "2018")
    assert texts[5] == (
        "Re-referrals to children's social care within 12 months of a previous referral fell "
        f"significantly, to {value:.1f}% in 2018 (England {england:.1f}; statistical "
        f"neighbours {neighbours:.1f})."
    )
    assert (value, england) == (21.3, 21.9)

    value, england, neighbours = _figures(plan, "six-to-eight-weeks", "2017-18")
    share = round(100 * (value - neighbours) / neighbours)
    assert share == 35
    assert texts[7] == (
        f"Breastfeeding at 6 to 8 weeks: 58.12% in 2017-18, {share}% higher (better) than the "
        f"statistical neighbours' average of {neighbours:.2f} (England {england:.2f})."
    )
    value, _england, neighbours = _figures(plan, "reoffending", "2017-18")
    assert texts[6] == (
        f"Young offenders aged 15 to 17 who re-offend: {value:.2f}% in 2017-18, "
        f"{round(100 * (neighbours - value) / neighbours)}% lower (better) than the "
        f"statistical neighbours' average of {neighbours:.2f}."
    )
    # Nothing is said to be significant that the engine did not test.
    assert not any("significantly" in t for t in texts[6:])


def test_targets_met_and_missed_are_said_with_the_figure_they_were_judged_on() -> None:
    plan = plan_make(measures=2)  # breastfeeding at 6-8 weeks, 60% due by 31 March 2018
    Measure.objects.filter(outcome__priority__plan=plan, key="measure-1").update(target_value=55)
    measure = Measure.objects.get(outcome__priority__plan=plan, key="measure-0")
    value = Observation.objects.get(
        indicator=measure.indicator, area__code=HEREFORDSHIRE, period__label="2017-18"
    ).value
    assert 55 <= value < 60  # 58.12: the one target met, the other missed
    assessments = plan_assessments(plan=plan, as_at=AsAt(end=dt.date(2018, 3, 31)))

    messages = key_messages_draft(assessments=assessments, benchmarks={})

    assert [(m.kind, m.text) for m in messages[:2]] == [
        (
            "target missed",
            f"Breastfeeding at 6-8 weeks (0) missed its target of 60.00% by March 2018: "
            f"{value:.2f}% in 2017-18.",
        ),
        (
            "target met",
            f"Breastfeeding at 6-8 weeks (1) met its target of 55.00% by March 2018: "
            f"{value:.2f}% in 2017-18.",
        ),
    ]


def test_recommendations_name_every_exception() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    assessments = _judged(plan, period)[0]
    exceptions = [a for a in assessments if a.exception_reasons]
    assert [a.measure.title for a in exceptions] == EXCEPTIONS

    drafted = recommendations_draft(exceptions=exceptions)

    assert drafted[0] == "note the performance summarised in this report and the key messages"
    assert drafted[1].startswith(
        "ask the owners of the 5 exceptions to report back on their recovery plans at the "
        "next meeting: "
    )
    assert all(title in drafted[1] for title in EXCEPTIONS)
    assert drafted[-1] == "agree the key messages for publication"
    assert recommendations_draft(exceptions=[])[1] == (
        "note that no measure is an exception for this period"
    )


def test_front_pages_without_a_report_are_the_drafts_as_at_the_period_end() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    assessments, benchmarks = _judged(plan, period)

    front = front_pages_build(
        plan=plan,
        period=period,
        assessments=assessments,
        benchmarks=benchmarks,
        exceptions=[a for a in assessments if a.exception],
    )

    assert front.data_as_at == "31 March 2018"
    assert front.meeting_date == period.meeting_date == dt.date(2018, 5, 5)
    assert front.meeting == f"{plan.partnership.name}, 5 May 2018"
    assert not front.edited
    assert len(front.key_messages) == 8 and len(front.recommendations) == 3
    assert [(i.kind, i.text, i.not_applicable) for i in front.implications] == [
        ("financial", "", False),
        ("legal", "", False),
        ("equality", "", False),
        ("safeguarding", "", False),
    ]
    assert "January to March 2018" in front.purpose


def test_an_edit_keeps_the_draft_it_replaced_and_restoring_brings_the_draft_back() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    drafts = board_report_drafts(plan=plan, period=period)
    first = drafts.key_messages[0].text
    edited = f"{first}\nThe board's own line about early help."

    board_report_save(
        plan=plan,
        period=period,
        by=analyst,
        drafts=drafts,
        lead_officer="Jo Smith, Director of Children's Services",
        key_messages=edited,
        # The recommendations as drafted: no edit.
        recommendations="\n\n".join(drafts.recommendations),
    )

    report = board_report_get(plan=plan, period=period)
    assert report is not None
    assert report.key_messages_edited and not report.recommendations_edited
    assert report.key_messages == edited
    assert [d["text"] for d in report.key_messages_draft] == [m.text for m in drafts.key_messages]
    assert report.key_messages_draft[0]["kind"] == "worsened"
    assert report.recommendations == "" and report.recommendations_draft == []

    assessments, benchmarks = _judged(plan, period)
    front = front_pages_build(
        plan=plan,
        period=period,
        assessments=assessments,
        benchmarks=benchmarks,
        exceptions=[a for a in assessments if a.exception],
    )
    assert front.edited and front.lead_officer.startswith("Jo Smith")
    # A line kept word for word from the draft keeps its kind; a new line is the officer's.
    assert [(m.text, m.kind) for m in front.key_messages] == [
        (first, "worsened"),
        ("The board's own line about early help.", "officer"),
    ]
    assert front.recommendations == drafts.recommendations

    board_report_draft_restore(plan=plan, period=period, by=analyst, part="key_messages")
    report.refresh_from_db()
    assert not report.key_messages_edited and report.key_messages == ""
    assert report.key_messages_draft  # the draft the edit replaced is still there

    events = list(
        AuditEvent.objects.filter(
            object_type="reports.boardreport", object_id=str(report.pk)
        ).order_by("at", "id")
    )
    assert [e.context for e in events] == [f"plan:{plan.key}"] * 2
    assert [e.action for e in events] == [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE]
    assert events[0].changes["key_messages"] == [None, edited]
    assert events[0].changes["lead_officer"][1].startswith("Jo Smith")
    assert events[1].changes["key_messages"] == [edited, ""]
    assert events[1].changes["key_messages_edited"] == [True, False]
    assert events[1].note == "Drafted key messages restored"


def test_saving_nothing_new_records_nothing() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    board_report_save(plan=plan, period=period, by=analyst, author="A. Analyst")
    before = AuditEvent.objects.filter(object_type="reports.boardreport").count()

    board_report_save(plan=plan, period=period, by=analyst, author="A. Analyst")

    assert AuditEvent.objects.filter(object_type="reports.boardreport").count() == before == 1


def test_a_published_period_refuses_every_change() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    board_report_save(plan=plan, period=period, by=analyst, purpose="To report progress.")
    # What publishing the period's pack does to the period (board_pack_publish).
    ReportingPeriod.objects.filter(pk=period.pk).update(locked_at=timezone.now())

    with pytest.raises(BoardReportError, match="published"):
        board_report_save(plan=plan, period=period, by=analyst, purpose="Changed after")
    with pytest.raises(BoardReportError, match="published"):
        board_report_draft_restore(plan=plan, period=period, by=analyst, part="recommendations")

    report = board_report_get(plan=plan, period=period)
    assert report is not None and report.purpose == "To report progress."


def test_a_save_with_any_problem_saves_nothing_and_names_each_field() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    elsewhere = meeting_make(
        body_make("elsewhere-board", partnership=partnership_make("elsewhere")),
        dt.date(2018, 5, 8),
    )

    with pytest.raises(BoardReportError) as caught:
        board_report_save(
            plan=plan,
            period=period,
            by=analyst,
            lead_officer="Jo Smith",  # fine on its own
            meeting=elsewhere,
            author="x" * 201,
            recommendations="",
            implications={"financial": "Within the existing budget."},
            implications_not_applicable=["financial"],
        )

    errors = caught.value.message_dict
    assert set(errors) == {"meeting", "author", "recommendations", "implication_financial"}
    assert errors["meeting"] == [f"Choose a meeting of {plan.partnership.name}"]
    assert "not both" in errors["implication_financial"][0]
    assert not BoardReport.objects.filter(plan=plan).exists()
    assert not AuditEvent.objects.filter(object_type="reports.boardreport").exists()


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_only_officers_see_and_save_the_page() -> None:
    plan, period, analyst, viewer = demo_plan_with_periods()
    contributor = contributor_make(
        "owner", organisation="Herefordshire Council", partnership=plan.partnership
    )
    url = reverse("reports:board-report", args=[plan.key, period.key])

    for reader in (viewer, contributor):
        assert _client(reader).get(url).status_code == 403
        assert (
            _client(reader).post(url, {"action": "save", "recommendations": "x"}).status_code == 403
        )
    assert not BoardReport.objects.exists()
    missing = reverse("reports:board-report", args=[plan.key, "1999-q1"])
    assert _client(analyst).get(missing).status_code == 404

    page = _client(analyst).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "The board is asked to" in html and "Key messages" in html
    assert "Herefordshire Health and Wellbeing Board" not in html  # no meeting in the tests' data
    for label in ("Financial implications", "No safeguarding implications (not applicable)"):
        assert label in html


def test_saving_on_the_page_says_to_build_again_when_a_pack_is_ready() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    body = body_make("hwb", partnership=plan.partnership, name="Health and Wellbeing Board")
    meeting = meeting_make(body, dt.date(2018, 5, 8))
    pack = BoardPack.objects.create(
        plan=plan, period=period, title="Pack", status=BoardPack.Status.READY
    )
    drafts = board_report_drafts(plan=plan, period=period)
    url = reverse("reports:board-report", args=[plan.key, period.key])
    client = _client(analyst)

    response = client.post(
        url,
        {
            "action": "save",
            "meeting": str(meeting.pk),
            "lead_officer": "Jo Smith, Director",
            "recommendations": "note the report\nagree the key messages",
            "key_messages": "\n".join(m.text for m in drafts.key_messages),
            "implication_legal": "None beyond the council's statutory duties.",
            "implication_equality_na": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Saved. Build the pack again to put these words in it." in response.content.decode()
    report = board_report_get(plan=plan, period=period)
    assert report is not None and report.meeting == meeting
    assert report.recommendations_edited and not report.key_messages_edited
    assert report.implications == {"legal": "None beyond the council's statutory duties."}
    assert report.implications_not_applicable == ["equality"]

    bad = client.post(
        url,
        {
            "action": "save",
            "recommendations": "",
            "implication_legal": "x",
            "implication_legal_na": "on",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "There is a problem" in html and 'href="#id_implication_legal"' in html

    # The saved meeting and lead officer put the pack on the agenda, from the same page.
    attached = client.post(url, {"action": "attach"}, follow=True)
    assert "The pack is on the agenda of" in attached.content.decode()
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title, item.presenter) == (pack.title, "Jo Smith, Director")
    assert item.papers.get().board_pack == pack


def test_the_link_from_a_pack_is_for_officers_only() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    pack = BoardPack.objects.create(plan=plan, period=period, title="Pack")
    include = "reports/includes/board_report_links.html"
    url = reverse("reports:board-report", args=[plan.key, period.key])

    for_officer = render_to_string(include, {"plan": plan, "pack": pack, "officer": True})
    assert f'href="{url}"' in for_officer
    assert f"Edit the board report for {period.label}" in for_officer
    assert render_to_string(include, {"plan": plan, "pack": pack, "officer": False}).strip() == ""
    assert render_to_string(include, {"plan": plan, "pack": None, "officer": True}).strip() == ""


def test_two_first_saves_at_the_same_moment_refuse_the_second_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another officer's first save lands between this save's look for the report and its
    write (as two requests can on SQLite): this save is refused with words, and changes
    nothing; the other officer's words stay."""
    import cypp.reports.board_report as board_report

    plan, period, analyst, _viewer = demo_plan_with_periods()
    looked = board_report._report_for_update

    def meanwhile(plan_: Plan, period_: ReportingPeriod) -> tuple[BoardReport, bool]:
        found = looked(plan_, period_)
        BoardReport.objects.create(plan=plan_, period=period_, author="The other officer")
        return found

    monkeypatch.setattr(board_report, "_report_for_update", meanwhile)
    events = AuditEvent.objects.count()
    with pytest.raises(BoardReportError, match="Someone else saved this board report"):
        board_report_save(plan=plan, period=period, by=analyst, author="Me")
    # The whole save rolled back, the other officer's row with it (it stands for a commit
    # that happened elsewhere; here it was inside this save's transaction).
    assert AuditEvent.objects.count() == events
    assert not BoardReport.objects.filter(plan=plan, period=period, author="Me").exists()
