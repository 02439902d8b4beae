"""Report pages as at a reporting period: the page says which data it is judged on, and
shows the same judgements as the scorecard JSON for that period."""

from __future__ import annotations

import csv
import io

import pytest

from cypp.commentary.services import reporting_periods_create
from cypp.plans.plan_files import plan_load
from tests.conftest import ROOT, cli_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    plan = plan_load(path=ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml").plan
    plan.public = True
    plan.save()
    reporting_periods_create(plan=plan, by=None)
    return plan


def test_pages_and_download_as_at_a_period_tell_the_story_of_then(client, plan) -> None:  # type: ignore[no-untyped-def]
    data = cli_json("report", "scorecard", "--plan", plan.key, "--period", "2018-q1")
    gld = next(m for m in data["measures"] if m["key"] == "gld")
    # As at March 2018 the latest published early years result was 2016/17 (LAIT "2017").
    assert gld["latest"] == {"period": "2016/17", "value": 75.0}

    page = client.get(f"/plans/{plan.key}/scorecard/?as_at=2018-q1").content.decode()
    assert "as at <strong>January to March 2018</strong>" in page
    assert "31 March 2018" in page
    on_a_page = client.get(f"/plans/{plan.key}/on-a-page/?as_at=2018-q1").content.decode()
    assert "as at <strong>January to March 2018</strong>" in on_a_page

    download = client.get(f"/plans/{plan.key}/scorecard.csv?as_at=2018-q1")
    assert download.status_code == 200, download.status_code
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header = rows[0]
    gld_row = next(
        r for r in rows if r[header.index("Measure")].startswith("Children reaching a good")
    )
    assert gld_row[header.index("Latest period")] == "2016/17"
    assert gld_row[header.index("Rating")].lower() == gld["rating"]["colour"]


def test_the_latest_data_is_the_default_and_an_unknown_period_is_ignored(client, plan) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/plans/{plan.key}/scorecard/?as_at=no-such-period").content.decode()
    assert "Figures and judgements on the latest data published." in page


@pytest.mark.parametrize("period", ["", "2018-q1"])
def test_the_scorecard_page_and_the_json_give_every_measure_the_same_rating(
    client, plan, period
) -> None:  # type: ignore[no-untyped-def]
    import html
    import re

    args = ("--period", period) if period else ()
    data = cli_json("report", "scorecard", "--plan", plan.key, *args)
    page = client.get(f"/plans/{plan.key}/scorecard/?as_at={period}").content.decode()
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', page, re.S)
    shown = {}
    for row in rows:
        title = html.unescape(re.search(r'<a class="govuk-link"[^>]*>(.*?)</a>', row).group(1))
        shown[title] = re.search(r'<strong class="govuk-tag[^"]*">(\w+)</strong>', row).group(1)
    assert {m["title"]: m["rating"]["colour"].capitalize() for m in data["measures"]} == shown
