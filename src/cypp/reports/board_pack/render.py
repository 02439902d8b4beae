"""Render a board pack tree: the HTML fragment (cover to glossary) that the page shows and
the PDF is made from, the standalone document around it, and the PDF itself."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cypp.documents.pdf import RenderedPdf, pdf_render, print_stylesheet_path
from cypp.reports.board_pack.sections import BoardPackReport


def pack_fragment(report: BoardPackReport, *, status_words: str = "") -> str:
    """The pack's content: cover, contents and every section, the same for page and PDF."""
    return render_to_string(
        "reports/board_pack/pack_body.html", {"report": report, "status_words": status_words}
    )


def pack_document(*, title: str, partnership: str, fragment: str, embed_css: bool) -> str:
    """The pack as one standalone HTML document with its language and title.

    ``embed_css`` puts the print styles inside the file, for the HTML download that is
    opened on its own; the PDF is given them separately (``pdf_from_html``).
    """
    css = Path(print_stylesheet_path()).read_text(encoding="utf-8") if embed_css else ""
    return render_to_string(
        "reports/board_pack/document.html",
        # The fragment was rendered from escaped templates; it is marked safe only to place it.
        {"title": title, "partnership": partnership, "fragment": mark_safe(fragment), "css": css},  # noqa: S308
    )


def pack_pdf(*, title: str, partnership: str, fragment: str) -> RenderedPdf:
    """The PDF/UA file of a pack fragment, with its number of pages."""
    return pdf_render(
        pack_document(title=title, partnership=partnership, fragment=fragment, embed_css=False)
    )
