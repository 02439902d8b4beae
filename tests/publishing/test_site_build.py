"""``cypp site build``: the files of a public plan's static site and the figures on them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from cypp.assessment.measures import plan_assessments
from cypp.assessment.published import assessments_published
from cypp.assessment.scorecard import scorecard_json
from cypp.commentary.services import reporting_periods_create
from cypp.errors import ApplicationError
from cypp.indicators.models import Indicator
from cypp.plans.models import Measure, MeasureValue
from cypp.plans.plan_files import plan_load
from cypp.publishing.site_build import MARKER, site_build
from tests.api.helpers import api_get
from tests.conftest import ROOT, cli, cli_json
from tests.publishing.site_helpers import PDF, site_plan_make

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def _text(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def _visible(html: str) -> str:
    """The page's text, tags removed and spaces collapsed, entities for ' and " undone."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def test_the_site_has_its_pages_assets_downloads_and_packs(tmp_path: Path) -> None:
    plan = site_plan_make()
    out = tmp_path / "site"
    built = site_build(plan_key=plan.key, out=out, today=TODAY)
    expected = {
        "index.html",
        "at-a-glance.html",
        "measures/measure-0.html",
        "measures/measure-1.html",
        "you-said-we-did.html",
        "board-packs.html",
        "downloads.html",
        "accessibility.html",
    }
    assert set(built.pages) == expected
    for name in (
        "assets/govuk-frontend.min.css",
        "assets/site.css",
        "downloads/datapackage.json",
        "downloads/measures.csv",
        "downloads/scorecard.json",
        "cards/measure-0.svg",
        MARKER,
    ):
        assert (out / name).is_file(), name
    # GOV.UK Frontend's asset URLs are made relative to its CSS, and each file is there.
    css = _text(out, "assets/govuk-frontend.min.css")
    assert "/static/" not in css
    urls = set(re.findall(r"url\(([^)]+)\)", css))
    assert urls and all((out / "assets" / u).is_file() for u in urls)
    # GDS Transport is for GOV.UK alone: neither its @font-face rules nor its files.
    assert "@font-face" not in css and "exclusive use on gov.uk" not in css
    assert not (out / "assets" / "fonts").exists()
    # The published pack's PDF is copied as it is; the draft is not on the site.
    [pdf] = (out / "packs").iterdir()
    assert pdf.read_bytes() == PDF
    packs = _text(out, "board-packs.html")
    assert f'href="packs/{pdf.name}"' in packs and "Board pack, spring" in packs
    assert "draft" not in packs.lower()
    # "You said, we did": the published reply only.
    said = _text(out, "you-said-we-did.html")
    assert "We opened two youth clubs." in said and "not for the public" not in said
    # No JavaScript anywhere, and every link on every page is relative.
    for page in built.pages:
        html = _text(out, page)
        assert "<script" not in html
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert not link.startswith("/"), (page, link)


def test_the_figures_are_those_published_and_the_judgements_those_of_the_scorecard(
    tmp_path: Path,
) -> None:
    plan = site_plan_make(extras=False)
    out = tmp_path / "site"
    site_build(plan_key=plan.key, out=out, today=TODAY)
    page = _visible(_text(out, "measures/measure-0.html"))
    # LAIT (demo/data/lait/bds_long_0.parquet), 6wksBreast, "2024" (LAIT's year 2023-24):
    # Herefordshire 64.52, England 52.71, as LAIT publishes them (two decimal places).
    assert "Latest 64.52 in 2023-24" in page
    assert "2023-24 64.52 not published 52.71" in page  # the row of every figure
    # The judgements are the scorecard JSON's, worked out here from the engine directly.
    expected = scorecard_json(
        plan_key=plan.key,
        as_at=None,
        assessments=list(assessments_published(plan_assessments(plan=plan))),
    )
    written = json.loads(_text(out, "downloads/scorecard.json"))
    assert written == json.loads(json.dumps(expected))
    for j in expected["measures"]:
        page = _visible(_text(out, f"measures/{j['key']}.html"))
        colour = j["rating"]["colour"]
        assert f"Rating {colour.capitalize()} {j['rating']['reason']}" in page
        assert f"{j['trend']['label']}" in page and j["trend"]["reason"] in page
        assert f"Against England: {j['england']['comparison']}" in page
        assert f"Against the statistical neighbours: {j['neighbours']['comparison']}" in page
        if j["target"]:
            assert j["target"]["explanation"] in page
        if j["rank"]:
            assert f"Rank {j['rank']} of {j['rank_of']}" in page
        if j["coverage_note"]:  # said once (the demo's site once said an unranked one twice)
            assert page.count(j["coverage_note"]) == 1, j["key"]
        glance = _visible(_text(out, "at-a-glance.html"))
        assert j["title"] in glance
    # The counts by rating on the plan on a page, in words.
    index = _visible(_text(out, "index.html"))
    colours = [j["rating"]["colour"] for j in expected["measures"]]
    for colour in set(colours):
        assert f"{colours.count(colour)} {colour}" in index
    assert "Every child in the county has the best start in life." in index
    # The measure page has its chart (an SVG with its text alternative) and its source.
    html = _text(out, "measures/measure-0.html")
    assert "<svg" in html and 'role="img"' in html
    assert "Source: " in _visible(html)


def test_the_site_names_the_build_date_and_the_data_period_in_words(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    site_build(plan_key=plan.key, out=tmp_path / "s", today=TODAY)
    page = _visible(_text(tmp_path / "s", "index.html"))
    assert "Last updated 2 December 2026." in page
    assert "the latest published when the site was built (the newest are for 2023-24)" in page


def test_same_data_same_files_but_for_the_build_date(tmp_path: Path) -> None:
    plan = site_plan_make()
    first, second, later = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    site_build(plan_key=plan.key, out=first, today=TODAY)
    site_build(plan_key=plan.key, out=second, today=TODAY)
    site_build(plan_key=plan.key, out=later, today=dt.date(2027, 1, 5))
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        old, new = (first / name).read_bytes(), (later / name).read_bytes()
        if old != new:
            assert name.endswith(".html"), name
            assert old.replace(b"2 December 2026", b"5 January 2027") == new, name


def test_no_replies_no_page_and_no_link(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    built = site_build(plan_key=plan.key, out=tmp_path / "s", today=TODAY)
    assert "you-said-we-did.html" not in built.pages
    assert not (tmp_path / "s" / "you-said-we-did.html").exists()
    for page in built.pages:
        assert "you-said-we-did" not in _text(tmp_path / "s", page)
    assert "No board pack has been published yet." in _text(tmp_path / "s", "board-packs.html")


def test_a_private_plan_is_refused(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    plan.public = False
    plan.save()
    with pytest.raises(ApplicationError, match="is not public"):
        site_build(plan_key=plan.key, out=tmp_path / "s", today=TODAY)
    assert not (tmp_path / "s").exists()


def test_a_folder_holding_something_else_is_refused_and_left_alone(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ApplicationError, match="not empty"):
        site_build(plan_key=plan.key, out=tmp_path, today=TODAY)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_site_built_before_is_rebuilt_and_its_stale_files_go(tmp_path: Path) -> None:
    plan = site_plan_make(measures=2)
    out = tmp_path / "s"
    site_build(plan_key=plan.key, out=out, today=TODAY)
    assert (out / "measures" / "measure-1.html").exists()
    Measure.objects.filter(outcome__priority__plan=plan, key="measure-1").delete()
    built = site_build(plan_key=plan.key, out=out, today=TODAY)
    assert not (out / "measures" / "measure-1.html").exists()
    on_disk = sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != MARKER
    )
    assert on_disk == built.files


def test_an_unknown_period_is_refused_with_the_periods_there_are(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    with pytest.raises(ApplicationError, match="no reporting period 'nope'"):
        site_build(plan_key=plan.key, out=tmp_path / "s", period_key="nope", today=TODAY)


def test_the_command_says_what_it_wrote_and_refuses_in_words(tmp_path: Path) -> None:
    plan = site_plan_make(measures=2)
    said = cli("site", "build", "--plan", plan.key, "--out", str(tmp_path / "s"))
    files = sorted(p for p in (tmp_path / "s").rglob("*") if p.is_file() and p.name != MARKER)
    assert said.startswith(f"Wrote {len(files)} files into {tmp_path / 's'}: 8 pages, ")
    assert "2 measure pages" in said and "1 board pack." in said
    plan.public = False
    plan.save()
    with pytest.raises(CommandError, match="is not public"):
        cli("site", "build", "--plan", plan.key, "--out", str(tmp_path / "t"))


def test_an_unknown_plan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ApplicationError, match="no plan with the key"):
        site_build(plan_key="no-such-plan", out=tmp_path / "s", today=TODAY)


def test_a_site_as_at_a_reporting_period_tells_the_story_of_then(tmp_path: Path) -> None:
    plan = plan_load(path=ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml").plan
    plan.public = True
    plan.save()
    reporting_periods_create(plan=plan, by=None)
    out = tmp_path / "s"
    site_build(plan_key=plan.key, out=out, period_key="2018-q1", today=TODAY)
    data = json.loads(_text(out, "downloads/scorecard.json"))
    assert data["as_at"] == {"period": "January to March 2018", "end": "2018-03-31"}
    gld = next(m for m in data["measures"] if m["key"] == "gld")
    # As at March 2018 the latest published early years result was 2016/17 (LAIT "2017").
    assert gld["latest"] == {"period": "2016/17", "value": 75.0}
    page = _visible(_text(out, "measures/gld.html"))
    assert "in 2016/17" in page and "2017/18" not in page
    assert (
        "Figures as at January to March 2018: those for periods that had ended by "
        "31 March 2018." in _visible(_text(out, "index.html"))
    )


def test_a_local_small_number_is_c_on_every_page_and_in_the_json(tmp_path: Path) -> None:
    plan = site_plan_make(extras=False, measures=1)
    outcome = plan.priorities.get().outcomes.get()
    entered = Measure.objects.create(
        outcome=outcome, key="families-helped", title="Families given early help", order=5
    )
    # Entered by the partnership: 12 families, then 0, then 3 (below the threshold of 10).
    for period, value in {"2015": 12, "2016": 0, "2017": 3}.items():
        MeasureValue.objects.create(measure=entered, period=period, value=value)
    out = tmp_path / "s"
    site_build(plan_key=plan.key, out=out, today=TODAY)
    page = _visible(_text(out, "measures/families-helped.html"))
    assert "Latest c (" in page and " in 2017" in page
    assert re.search(r"2017 c \(", page) and re.search(r"2015 12(\.0)? ", page)
    assert not re.search(r"2017 3(\.0)? ", page)
    row = next(
        m
        for m in json.loads(_text(out, "downloads/scorecard.json"))["measures"]
        if m["key"] == "families-helped"
    )
    assert row["latest"] == {"period": "2017", "value": None}
    glance = _visible(_text(out, "at-a-glance.html"))
    assert "Families given early help c (" in glance
    # The command line and the API say the same as the site (the command once gave the 3).
    written = json.loads(_text(out, "downloads/scorecard.json"))
    assert cli_json("report", "scorecard", "--plan", plan.key) == written
    assert api_get(f"/plans/{plan.key}/scorecard").json() == written
    assert "Families given early help: c in 2017" in cli("report", "scorecard", "--plan", plan.key)


def test_a_measure_no_authority_is_ranked_on_says_why_once(tmp_path: Path) -> None:
    # The demo's site said it twice: the ranking's sentence is the coverage note itself when
    # nobody is ranked (neither the indicator nor the plan says which way is better).
    plan = site_plan_make(extras=False, measures=1)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    indicator = (
        Indicator.objects.filter(
            source__key="lait", polarity="none", observations__area=measure.area
        )
        .distinct()
        .first()
    )
    assert indicator is not None
    measure.indicator, measure.target_value, measure.target_direction = indicator, None, ""
    measure.save()
    out = tmp_path / "site"
    site_build(plan_key=plan.key, out=out, today=TODAY)
    [judgement] = json.loads(_text(out, "downloads/scorecard.json"))["measures"]
    assert judgement["rank"] is None
    note = judgement["coverage_note"]
    assert "neither the indicator nor the plan says whether higher or lower is better" in note
    assert _visible(_text(out, f"measures/{judgement['key']}.html")).count(note) == 1
