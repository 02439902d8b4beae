"""The minutes review in the browser's forms (issue 7, part 5): paste or upload a page,
check the draft, confirm; nothing saved before; bad input gets a clear message."""

from __future__ import annotations

import datetime as dt

import pytest

from cypp.governance.minutes_forms import due_from_words
from cypp.governance.models import Action, AgendaItem, PlanLink, Resolution
from cypp.plans.models import Measure
from tests.governance.factories import body_make, meeting_make
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db

PAGE = """Agenda item

Progress on the early help pledge

Purpose: To review progress on the early help pledge of the plan.

Minutes:

The board heard that referrals had fallen after the new front door opened.

\u00b7\u00a0\u00a0\u00a0\u00a0 Waiting times were shorter.

RESOLVED

THAT:

(a)\u00a0\u00a0\u00a0 the progress report be noted;

(b)\u00a0\u00a0\u00a0 the director of children's services be asked to bring a report on the barriers to data sharing to a future meeting; and

(c)\u00a0\u00a0\u00a0 the early help strategy be presented at a future meeting.

It was agreed that the head of early help would circulate the audit results by 30 September 2026.

Supporting documents:
"""

NO_DECISIONS = """Agenda item

Questions from members of the public

Minutes:

There were no questions.

Supporting documents:
"""


@pytest.fixture
def meeting():
    body = body_make("board", name="Health and Wellbeing Board")
    return meeting_make(body, dt.date(2026, 3, 1))


def _url(meeting):
    return f"/governance/test-partnership/board/meetings/{meeting.pk}/minutes/"


def _nothing_saved():
    return not (
        AgendaItem.objects.exists() or Resolution.objects.exists() or Action.objects.exists()
    )


def test_only_officers_review_minutes(client, meeting):
    client.force_login(viewer_make())
    assert client.get(_url(meeting)).status_code == 403
    assert client.post(_url(meeting), {"step": "extract", "text": PAGE}).status_code == 403


def _confirm_data(draft_response):
    """The draft page's form as the browser would send it back, unchanged."""
    import re
    from html import unescape

    html = draft_response.content.decode()
    form = html[html.index('<input type="hidden" name="step" value="confirm">') :]
    data: dict[str, list[str]] = {"step": ["confirm"]}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) == "checkbox" and "checked" not in tag:
            continue
        default = "on" if kind and kind.group(1) == "checkbox" else ""
        data.setdefault(name.group(1), []).append(unescape(value.group(1)) if value else default)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data.setdefault(name, []).append(unescape(body).lstrip("\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data.setdefault(name, []).append(unescape(chosen.group(1)) if chosen else "")
    return data


def test_a_pasted_page_is_reviewed_then_saved_only_on_confirmation(client, meeting):
    plan = plan_make()
    measure = Measure.objects.get(outcome__priority__plan=plan)
    client.force_login(analyst_make())
    assert client.get(_url(meeting)).status_code == 200
    draft = client.post(_url(meeting), {"step": "extract", "text": PAGE})
    assert draft.status_code == 200
    html = draft.content.decode()
    assert "Check the decisions before you save them" in html
    assert "the director of children&#x27;s services be asked" in html
    assert _nothing_saved()

    data = _confirm_data(draft)
    # The officer unticks the action that repeats resolution (c) and links another to a measure.
    del data["act-1-keep"]
    data["act-2-link"] = [f"measure:{measure.pk}"]
    saved = client.post(_url(meeting), data)
    body = saved.content.decode()
    assert saved.status_code == 302, body[body.find("govuk-error-summary") :][:3000]
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Progress on the early help pledge"
    assert "front door" in item.minutes
    assert list(item.resolutions.values_list("label", flat=True)) == ["(a)", "(b)", "(c)"]
    actions = {a.text: a for a in Action.objects.filter(meeting=meeting)}
    assert len(actions) == 2
    director = next(a for t, a in actions.items() if "director" in t)
    assert director.owner_role == "the director of children's services"
    assert director.due_at_future_meeting and director.resolution.label == "(b)"
    audit = next(a for t, a in actions.items() if "audit" in t)
    assert audit.due_date == dt.date(2026, 9, 30) and audit.owner_role == "the head of early help"
    assert PlanLink.objects.get(action=audit).measure == measure


def test_a_confirmation_with_a_problem_saves_nothing(client, meeting):
    client.force_login(analyst_make())
    data = _confirm_data(client.post(_url(meeting), {"step": "extract", "text": PAGE}))
    data["act-0-owner_role"] = [""]
    response = client.post(_url(meeting), data)
    assert response.status_code == 400
    assert "Action 1: Say who owns the action" in response.content.decode()
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"", "The selected file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "it is a PDF"),
        (bytes(range(256)) * 40, "binary"),
        (b"a" * (2 * 1024 * 1024 + 10), "The file must be smaller than 2 MB"),
        (NO_DECISIONS.encode(), "The page has no resolutions or actions"),
    ],
    ids=["empty", "blank", "pdf", "binary", "huge", "no-decisions"],
)
def test_bad_uploads_get_a_clear_message_and_save_nothing(client, meeting, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analyst_make())
    response = client.post(
        _url(meeting),
        {"step": "extract", "file": SimpleUploadedFile("minutes.html", upload, "text/html")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page, page[:3000]
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Paste the minutes page or choose a file"), (NO_DECISIONS, "no resolutions or actions")],
)
def test_bad_pasted_text_gets_a_clear_message(client, meeting, text, message):
    client.force_login(analyst_make())
    response = client.post(_url(meeting), {"step": "extract", "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _nothing_saved()


def test_a_saved_html_page_is_read(client, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = (
        "<html><body>" + "".join(f"<p>{line}</p>" for line in PAGE.splitlines()) + "</body></html>"
    )
    client.force_login(analyst_make())
    response = client.post(
        _url(meeting),
        {"step": "extract", "file": SimpleUploadedFile("item.html", html.encode(), "text/html")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check the decisions" in page
    # The page is kept as the item's minutes in plain text, not as HTML.
    assert "front door opened" in page and "&lt;p&gt;" not in page


def test_due_words_are_read_when_plain():
    assert due_from_words("30 September 2026") == (dt.date(2026, 9, 30), False)
    assert due_from_words("by the 1st of March 2027") == (None, False)
    assert due_from_words("31st March 2027") == (dt.date(2027, 3, 31), False)
    assert due_from_words("a future meeting") == (None, True)
    assert due_from_words(None) == (None, False)


@pytest.mark.parametrize(
    "data",
    [
        {"step": "confirm"},
        {"step": "confirm", "res-TOTAL_FORMS": "x", "act-TOTAL_FORMS": "-1"},
        {
            "step": "confirm",
            "item-title": "T",
            "res-TOTAL_FORMS": "0",
            "res-INITIAL_FORMS": "0",
            "act-TOTAL_FORMS": "0",
            "act-INITIAL_FORMS": "0",
        },
    ],
    ids=["no-draft", "tampered-counts", "nothing-kept"],
)
def test_a_broken_confirmation_is_refused_without_a_server_error(client, meeting, data):
    client.force_login(analyst_make())
    response = client.post(_url(meeting), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert _nothing_saved()
