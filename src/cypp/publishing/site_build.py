"""``cypp site build``: a public plan as a static site (plain HTML, CSS and SVG; no
JavaScript, no server).

Every link is relative, so the site opens from the file system (file://) and behind any web
server at any path. The files depend only on the data, except the build date on each page:
the same data gives the same files (the assets, the charts, the downloads, the order of
everything), so a rebuild's changes show as a diff and caches stay warm.

The whole site is made in memory first: a refusal or a failure part way leaves the folder
as it was. A folder is written into only when it is empty or holds a site this command
built (its marker file, ``.cypp-site.json``, lists the files that build wrote; those are
removed before the new ones are written, so nothing stale lingers).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from cypp.commentary.selectors import UnknownPeriod, period_get
from cypp.disclosure import disclosure_rule
from cypp.plans.models import Plan
from cypp.publishing.services import PublicSiteError
from cypp.publishing.site_assets import site_assets
from cypp.publishing.site_content import SiteContent, site_content_build
from cypp.reports.embeds import card_from_assessment, measure_card_svg
from cypp.reports.open_data import open_data_package

MARKER = ".cypp-site.json"
BUILT_BY = "cypp site build"

# What each file of the open data is, on the downloads page.
DOWNLOAD_WORDS = {
    "datapackage.json": "The description of the data package: every file's columns, the "
    "licence and the sources (Frictionless Data Package).",
    "measures.csv": "Every measure with its target and judgements.",
    "measure_figures.csv": "Each measure's figures, period by period.",
    "indicators.csv": "The indicators the measures use.",
    "observations.csv": "Every figure of those indicators for the area, its region, England "
    "and its statistical neighbours.",
    "scorecard.json": "The rating engine's judgement of every measure, as this site shows them "
    "(the scorecard JSON).",
}


@dataclass(frozen=True)
class SiteBuilt:
    """What a build wrote: the folder, every file (relative, sorted), and the pages left out
    with why."""

    out: Path
    files: list[str]
    measures: int
    left_out: list[str]

    @property
    def pages(self) -> list[str]:
        return [f for f in self.files if f.endswith(".html")]


def site_build(
    *, plan_key: str, out: Path, period_key: str = "", today: dt.date | None = None
) -> SiteBuilt:
    """Write the public site of the plan ``plan_key`` into ``out``: judged as at the reporting
    period ``period_key``'s end, or on the latest data. Refuses (``PublicSiteError``) a plan
    that is not public and a folder that is neither empty nor a site built here before."""
    plan = Plan.objects.select_related("partnership").filter(key=plan_key).first()
    if plan is None:
        raise PublicSiteError(f"There is no plan with the key {plan_key!r}.")
    if not plan.public:
        raise PublicSiteError(
            f"The plan {plan.key!r} is not public, so it has no public site: make the plan "
            "public first."
        )
    previous = _previous_files(out)
    period = None
    if period_key:
        try:
            period = period_get(plan=plan, key=period_key)
        except UnknownPeriod as error:
            raise PublicSiteError(str(error)) from error
    content = site_content_build(plan=plan, period=period, built_on=today or timezone.localdate())
    files, left_out = site_files(content)
    _write(out, files, previous)
    return SiteBuilt(
        out=out, files=sorted(files), measures=len(content.measures), left_out=left_out
    )


def _previous_files(out: Path) -> list[str]:
    """The files of the site built in ``out`` before (none for a new or empty folder);
    refuses a folder holding anything else."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise PublicSiteError(f"{out} is a file, not a folder: choose a folder for the site.")
    if not any(out.iterdir()):
        return []
    marker = out / MARKER
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if not isinstance(recorded, dict) or recorded.get("built_by") != BUILT_BY:
        raise PublicSiteError(
            f"{out} is not empty and holds no site built by `cypp site build` (no {MARKER}): "
            "choose an empty or new folder, so nothing in it is overwritten."
        )
    return [str(f) for f in recorded.get("files", [])]


def site_files(content: SiteContent) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site, {relative path: content}, and the pages left out with why."""
    files: dict[str, bytes] = dict(site_assets(colour=content.colour))
    left_out: list[str] = []
    as_at = content.as_at
    plan = content.plan
    downloads = {
        f"downloads/{name}": data
        for name, data in open_data_package(plan=plan, as_at=as_at).items()
    }
    downloads["downloads/scorecard.json"] = (
        json.dumps(content.scorecard, indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    files.update(downloads)
    for m in content.measures:
        # The embeddable card (cypp.reports.embeds) as a file: the at-a-glance page shows it.
        card = card_from_assessment(plan, m.assessment)
        m.card = card
        m.card_image = f"cards/{m.file_stem}.svg"
        files[m.card_image] = measure_card_svg(card).encode("utf-8")
    packs = _packs(content, files)

    nav = [
        {"file": "index.html", "title": "The plan"},
        {"file": "at-a-glance.html", "title": "At a glance"},
    ]
    if content.themes:
        nav.append({"file": "you-said-we-did.html", "title": "You said, we did"})
    else:
        left_out.append("you-said-we-did.html: no reply is published yet")
    nav += [
        {"file": "board-packs.html", "title": "Board packs"},
        {"file": "downloads.html", "title": "Download the data"},
    ]
    rule = disclosure_rule()
    base = {
        "site": content,
        "nav": nav,
        "sources": _sources(content),
        "threshold": rule.threshold,
        "withheld_reason": rule.reason(),
    }

    def page(file: str, template: str, **extra: Any) -> None:
        root = "../" * file.count("/")
        context = {**base, "root": root, "current": file, **extra}
        html = render_to_string(f"publishing/site/{template}", context)
        files[file] = html.encode("utf-8")

    for m in content.measures:
        page(m.file, "measure.html", m=m)
    page("index.html", "index.html")
    page("at-a-glance.html", "at_a_glance.html")
    if content.themes:
        page("you-said-we-did.html", "you_said_we_did.html")
    page("board-packs.html", "board_packs.html", packs=packs)
    page(
        "downloads.html",
        "downloads.html",
        downloads=_download_rows(downloads),
        **_licences_and_sources(downloads.get("downloads/datapackage.json")),
    )
    page("accessibility.html", "accessibility.html")
    return dict(sorted(files.items())), left_out


def _packs(content: SiteContent, files: dict[str, bytes]) -> list[dict[str, Any]]:
    """The published board packs' PDFs copied into ``packs/``, and their rows."""
    rows = []
    for pack in content.packs:
        name = f"board-pack-{pack.period.key}" if pack.period else f"board-pack-{pack.pk}"
        with pack.pdf_file.open("rb") as pdf:
            data = pdf.read()
        files[f"packs/{name}.pdf"] = data
        rows.append(
            {
                "file": f"packs/{name}.pdf",
                "title": pack.title,
                "size": size_words(len(data)),
                "pages": pack.page_count,
                "published": pack.published_at,
            }
        )
    return rows


def _download_rows(downloads: dict[str, bytes]) -> list[dict[str, str]]:
    order = list(DOWNLOAD_WORDS)
    names = sorted(
        downloads, key=lambda f: (order.index(f[10:]) if f[10:] in order else len(order), f)
    )
    return [
        {
            "file": f,
            "name": f.removeprefix("downloads/"),
            "about": DOWNLOAD_WORDS.get(f.removeprefix("downloads/"), ""),
            "size": size_words(len(downloads[f])),
        }
        for f in names
    ]


def _licences_and_sources(descriptor: bytes | None) -> dict[str, Any]:
    """The licences and sources the data package names."""
    data = json.loads(descriptor) if descriptor else {}
    sources = []
    for source in data.get("sources", []):
        title = str(source.get("title") or source.get("name", "")).removeprefix("Source: ")
        licence = source.get("licence")
        sources.append(f"{title} ({licence})" if licence else title)
    return {"licences": data.get("licenses", []), "data_sources": sources}


def _sources(content: SiteContent) -> list[str]:
    """The sources the figures come from, as each credits itself, for every page's footer."""
    credits = set()
    for m in content.measures:
        indicator = m.assessment.measure.indicator
        if indicator is None:
            credits.add(f"{content.partnership.name}'s own figures")
        else:
            credit = indicator.source.credit or indicator.source.name
            credits.add(credit.removeprefix("Source: "))
    return sorted(credits)


def size_words(size: int) -> str:
    """A file's size as people read it: "812 bytes", "14 KB", "2.3 MB" (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _write(out: Path, files: dict[str, bytes], previous: list[str]) -> None:
    root = out.resolve()
    for name in previous:
        old = (root / name).resolve()
        # Only what the marker names, inside the folder: a marker edited by hand to point
        # elsewhere removes nothing outside it.
        if old.is_relative_to(root) and old.is_file():
            old.unlink()
    for folder in sorted({(root / n).parent for n in previous}, key=lambda p: -len(p.parts)):
        inside = folder != root and folder.is_relative_to(root)
        if inside and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    marker = {"built_by": BUILT_BY, "files": sorted(files)}
    (root / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
