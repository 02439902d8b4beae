"""The board pack as a board report: front pages, the plan at a glance on one page, a page per
exception, an appendix row for every other measure, commentary outstanding listed once, and
at most 20 pages before the appendix for the demo Herefordshire pack of January to March 2018.

Expected values come from the rating engine called directly (``plan_assessments``), from
the database (measures, approved commentary) and from the PDF's own text (pdftotext), never
from the pack builder under test."""

from __future__ import annotations

import base64
import datetime as dt
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cypp.assessment.measures import AsAt, plan_assessments
from cypp.charts.ratings import PriorityRatings, ratings_by_priority_chart
from cypp.commentary.models import MeasureCommentary, ReportingPeriod
from cypp.plans.models import Measure, Plan
from cypp.reports.board_pack.render import pack_fragment
from cypp.reports.board_pack.sections import FrontPages, Implication, KeyMessage
from cypp.reports.builds import board_pack_report
from tests.conftest import cli
from tests.reports.board_pack_helpers import approve_commentary, demo_plan_with_periods

pytestmark = pytest.mark.django_db


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_words(page) for page in text.split("\f")[:-1]]


def _page_starting(pages: list[str], heading: str, *, after: int = 0) -> int:
    """The number (from 1) of the first page after ``after`` whose body begins with
    ``heading`` (past the running title at the top of the page)."""
    for number, text in enumerate(pages, start=1):
        if number <= after:
            continue
        body = text.split("March 2018", 1)[-1].strip() if number > 1 else text
        if body.startswith(heading):
            return number
    raise AssertionError(f"no page begins with {heading!r}")


class _Elements(HTMLParser):
    """Each element's tag, id and class, and the text of the pack, for structure checks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def _section(html: str, key: str) -> str:
    """The HTML of one section of the pack, from its opening tag to the next section's."""
    start = html.index(f'id="{key}"')
    following = [
        html.find('<section class="cypp-pack__section', start + 1),
        html.find("</article>", start + 1),
    ]
    return html[start : min(i for i in following if i > 0)]


def _expected(plan: Plan, period: ReportingPeriod) -> tuple[set[int], set[int]]:
    """The exceptions and the other measures as the rating engine sees them at the period."""
    judged = plan_assessments(plan=plan, as_at=AsAt(end=period.end, period=period.label))
    exceptions = {a.measure.pk for a in judged if a.exception_reasons}
    others = {a.measure.pk for a in judged} - exceptions
    return exceptions, others


def test_demo_pack_pdf_is_a_board_report_of_at_most_20_pages_before_the_appendix(
    tmp_path: Path,
) -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    assert period.end == dt.date(2018, 3, 31)  # the demo's January to March 2018
    exceptions, _others = _expected(plan, period)
    out = tmp_path / "pack.pdf"

    cli("report", "board", "--plan", plan.key, "--period", period.key, "--out", str(out))

    pages = _pdf_pages(out)
    contents = _page_starting(pages, "Contents")
    appendix = _page_starting(pages, "Appendix A: Every other measure", after=contents)
    assert appendix - 1 <= 20, f"{appendix - 1} pages before the appendix"

    # Page 1: the committee report's cover, its parts in order; page 2 the key messages.
    cover = pages[0]
    order = [
        "Meeting",
        "Lead officer",
        "Author",
        "Reporting period",
        "Data as at",
        "Figures are as at 31 March 2018",
        "Purpose",
        "The board is asked to",
    ]
    places = [cover.find(words) for words in order]
    assert -1 not in places and places == sorted(places), list(zip(order, places, strict=True))
    second = pages[1]
    order = ["Key messages", "Background", "Implications", "Financial", "Legal", "Equality"]
    order += ["Safeguarding", "In this pack", "Appendix A"]
    places = [second.find(words) for words in order]
    assert -1 not in places and places == sorted(places), list(zip(order, places, strict=True))

    # The plan at a glance is one page: the exceptions begin on the page after it.
    glance = _page_starting(pages, "The plan at a glance", after=contents)
    assert _page_starting(pages, "Exceptions", after=glance) == glance + 1

    # A page for every exception, between the exceptions' list and the appendix.
    first = _page_starting(pages, "Exceptions", after=glance)
    for measure in Measure.objects.filter(pk__in=exceptions):
        title = _words(measure.title)
        found = [
            n
            for n in range(first + 1, appendix)
            if title in pages[n - 1].split("Outcome:", 1)[-1][: len(title) + 300]
        ]
        assert found, f"no page for the exception {title}"
    # Commentary not approved is listed once, not on every page.
    text = " ".join(pages)
    assert "No commentary was approved" not in text
    assert text.count("Commentary outstanding") >= 1


def test_every_exception_has_a_page_and_every_other_measure_an_appendix_row() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    gld = Measure.objects.get(outcome__priority__plan=plan, key="gld")
    approve_commentary(gld, period, analyst, "Fewer children reached the expected level.\nMore.")
    exceptions, others = _expected(plan, period)
    assert exceptions and others

    html = pack_fragment(board_pack_report(plan=plan, period=period))

    found = _elements(_section(html, "exceptions"))
    pages = {
        int(a["id"].removeprefix("measure-"))
        for tag, a in found
        if tag == "section" and "cypp-pack__measure" in a.get("class", "")
    }
    assert pages == exceptions
    rows = {
        int(a["id"].removeprefix("measure-"))
        for tag, a in _elements(_section(html, "other-measures"))
        if tag == "tr" and a.get("id", "").startswith("measure-")
    }
    assert rows == others
    # Each measure is in the pack once as a destination: its exception page or its row.
    assert not pages & rows
    # The glance links to every measure of the plan, each to its one place in the pack.
    links = {
        a["href"]
        for tag, a in _elements(_section(html, "plan-at-a-glance"))
        if tag == "a" and a.get("href", "").startswith("#measure-")
    }
    everything = set(
        Measure.objects.filter(outcome__priority__plan=plan).values_list("pk", flat=True)
    )
    assert links == {f"#measure-{pk}" for pk in everything}
    # The approved commentary's first line is in the appendix, the rest is not.
    if gld.pk in others:
        assert "Fewer children reached the expected level." in _section(html, "other-measures")


def test_the_summary_counts_equal_the_lists() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    gld = Measure.objects.get(outcome__priority__plan=plan, key="gld")
    approve_commentary(gld, period, analyst, "Fewer children reached the expected level.")
    exceptions, others = _expected(plan, period)
    measures = Measure.objects.filter(outcome__priority__plan=plan).count()
    approved = MeasureCommentary.objects.filter(period=period, status="approved").count()

    report = board_pack_report(plan=plan, period=period)
    html = pack_fragment(report)

    counts = dict(re.findall(r'data-count="([a-z-]+)">(\d+)<', _section(html, "summary")))
    assert int(counts["exceptions"]) == len(exceptions)
    assert int(counts["other-measures"]) == len(others)
    assert int(counts["commentary-outstanding"]) == measures - approved
    outstanding = _section(html, "commentary-outstanding")
    assert outstanding.count('<tr class="govuk-table__row"><th scope="row"') == measures - approved
    assert f"{len(exceptions)} exception" in _section(html, "exceptions")
    # The exports hold the same lists.
    assert len(report.table("plan-at-a-glance").rows) == measures
    assert len(report.table("other-measures").rows) == len(others)
    assert len(report.table("commentary-outstanding").rows) == measures - approved
    by_priority = report.table("ratings-by-priority")
    assert sum(row[-1] for row in by_priority.rows) == measures  # type: ignore[misc]
    assert {"scorecard", "summary", "changes", "exceptions", "commentary"} <= {
        t.key for t in report.tables
    }


def test_exception_charts_draw_the_neighbours_average() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    exceptions, _others = _expected(plan, period)

    html = _section(pack_fragment(board_pack_report(plan=plan, period=period)), "exceptions")

    images = [a for tag, a in _elements(html) if tag == "img" and "cypp-chart__img" in a["class"]]
    assert len(images) == len(exceptions)
    assert all(a["alt"] for a in images)
    with_average = [a for a in images if "Neighbours' average" in a["alt"]]
    assert with_average, "no exception chart names the neighbours' average"
    for a in with_average:
        svg = base64.b64decode(a["src"].split(",", 1)[1]).decode("utf-8")
        assert "Neighbours" in svg  # drawn, with its label, not only said in words


def test_front_pages_show_the_officers_words_and_say_what_is_missing() -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    report = board_pack_report(plan=plan, period=period)
    report.front = FrontPages(
        meeting="Herefordshire Children and Young People's Partnership, 5 May 2018",
        meeting_date=dt.date(2018, 5, 5),
        lead_officer="",
        author="Sam Jones, Performance Analyst",
        purpose="",
        background="The plan's last quarter.",
        recommendations=["note the exceptions", "agree the key messages"],
        key_messages=[KeyMessage("Re-referrals fell to 21.3%.", "improved")],
        implications=[
            Implication("financial", "Financial", text="None beyond budgets."),
            Implication("legal", "Legal", not_applicable=True),
            Implication("equality", "Equality"),
            Implication("safeguarding", "Safeguarding"),
        ],
        data_as_at="31 March 2018",
        edited=True,
    )

    html = _words(re.sub(r"<[^>]+>", " ", pack_fragment(report)))

    cover = html[: html.index("Key messages")]
    assert "Lead officer Not given" in cover and "Author Sam Jones" in cover
    assert "Figures are as at 31 March 2018" in cover
    assert "Purpose Not given" in cover
    assert cover.index("The board is asked to") < cover.index("note the exceptions")
    assert cover.index("note the exceptions") < cover.index("agree the key messages")
    second = html[html.index("Key messages") : html.index("Contents")]
    assert "Re-referrals fell to 21.3%." in second
    assert "Financial None beyond budgets." in second
    assert "Legal Not applicable" in second
    assert "Equality Not yet considered by the officer" in second
    assert "Safeguarding Not yet considered by the officer" in second


def test_ratings_chart_reads_without_colour() -> None:
    chart = ratings_by_priority_chart(
        [
            PriorityRatings("Priority 1: Early help", (0, 1, 0, 2)),
            PriorityRatings("Priority 2: Safeguarding", (2, 0, 0, 4)),
        ]
    )

    # Each bar's counts are in words beside it and in the text alternative.
    assert "1 amber, 2 grey" in chart.svg and "2 red, 4 grey" in chart.svg
    assert "Priority 2: Safeguarding: 2 red, 4 grey" in chart.alt
    # Red and amber are patterns (hatched, dotted), grey an outline: not colour alone.
    assert 'fill="url(#red)"' in chart.svg and 'fill="url(#amber)"' in chart.svg
    assert chart.table.rows == (
        ("Priority 1: Early help", 0, 1, 0, 2, 3),
        ("Priority 2: Safeguarding", 2, 0, 0, 4, 6),
    )
    assert chart.image_src.startswith("data:image/svg+xml;base64,")
