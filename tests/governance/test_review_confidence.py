"""How sure the extractor was of each row, on the review of pasted minutes (issue 18,
part 3): every resolution and action says "Sure" or "Check" in words (a tag, not colour
alone), the reason is given, and the rows to check are listed first with links to them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cypp.governance.models import AgendaItem, Resolution
from tests.governance.factories import body_make, meeting_make
from tests.governance.test_review_of_minutes import _confirm_data
from tests.plans.factories import analyst_make

pytestmark = pytest.mark.django_db

# Invented minutes in the "Agenda item" layout: two labelled resolutions, one agreement.
PAGE = """Agenda item

Young carers' support offer

Purpose: To agree the next steps for the young carers' support offer.

Minutes:

The board heard that more young carers had been identified through schools.

RESOLVED

THAT:

(a)\u00a0\u00a0\u00a0 the update on the young carers' support offer be noted; and

(b)\u00a0\u00a0\u00a0 the carers' lead be asked to report on take-up of respite breaks to a future meeting.

It was agreed that the head of inclusion would write to every secondary school by 31 October 2026.

Supporting documents:
"""


@pytest.fixture
def meeting():
    body = body_make("board", name="Children and Young People's Partnership Board")
    return meeting_make(body, dt.date(2026, 6, 10))


def _url(meeting):
    return f"/governance/test-partnership/board/meetings/{meeting.pk}/minutes/"


def _tags(html: str) -> list[str]:
    """The confidence tags in the order the rows are shown (under their legends)."""
    return re.findall(
        r'cypp-confidence"><strong class="govuk-tag[^"]*">(Sure|Check)</strong>', html
    )


def test_every_row_of_the_draft_says_how_sure_the_extractor_was(client, meeting):
    client.force_login(analyst_make())
    draft = client.post(_url(meeting), {"step": "extract", "text": PAGE})
    assert draft.status_code == 200
    html = draft.content.decode()
    rows = html.count('<fieldset class="govuk-fieldset govuk-!-margin-bottom-6"')
    # (a), (b), the action in (b) and the agreement: at least four rows, each with a tag.
    assert rows >= 4
    assert len(_tags(html)) == rows
    # The marks travel with the form to the confirmation.
    data = _confirm_data(draft)
    assert set(data["res-0-confidence"]) <= {"sure", "check"}
    assert "act-0-reason" in data


def test_rows_to_check_are_listed_first_with_their_reasons_and_kept_on_an_error(client, meeting):
    client.force_login(analyst_make())
    data = _confirm_data(client.post(_url(meeting), {"step": "extract", "text": PAGE}))
    # As the extractor would mark them where it guessed.
    data["res-1-confidence"] = ["check"]
    data["res-1-reason"] = ["resolution list found by its labels, without a RESOLVED heading"]
    data["act-0-confidence"] = ["check"]
    data["act-0-reason"] = ["no owner named"]
    data["act-0-owner_role"] = [""]  # a problem, so the page comes back
    response = client.post(_url(meeting), data)
    assert response.status_code == 400
    html = response.content.decode()
    start = html.index('<div class="govuk-inset-text">')
    summary = html[start : html.index("</div>", start)]
    assert re.search(r"Look at \d+ rows marked", summary)
    assert '<a class="govuk-link" href="#resolution-2">Resolution 2</a>: resolution list found' in (
        summary
    )
    assert '<a class="govuk-link" href="#action-1">Action 1</a>: no owner named' in summary
    assert 'id="resolution-2"' in html and 'id="action-1"' in html
    assert "Why to check it: no owner named" in html
    tags = _tags(html)
    resolutions = int(data["res-TOTAL_FORMS"][0])
    assert tags[1] == "Check" and tags[resolutions] == "Check"  # resolution 2, action 1
    assert not AgendaItem.objects.exists() and not Resolution.objects.exists()


def test_a_forged_confidence_reads_as_sure(client, meeting):
    client.force_login(analyst_make())
    data = _confirm_data(client.post(_url(meeting), {"step": "extract", "text": PAGE}))
    data["res-0-confidence"] = ["<script>alert(1)</script>"]
    data["res-0-reason"] = ["<script>alert(1)</script>"]
    data["act-0-owner_role"] = [""]
    html = client.post(_url(meeting), data).content.decode()
    assert _tags(html)[0] == "Sure"
    assert "<script>alert(1)</script>" not in html
