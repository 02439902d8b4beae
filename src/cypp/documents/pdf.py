"""PDF from the same HTML as the page: WeasyPrint, PDF/UA variant (tagged, with language and
title), A4. Every PDF CYPP makes (board packs, agendas) goes through here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders


def print_stylesheet_path() -> str:
    """The print stylesheet every PDF uses (A4 pages, page numbers, contents leaders)."""
    path = finders.find("cypp/print.css")
    if not path:
        raise RuntimeError("cypp/print.css is missing from the static files")
    return str(path)


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    pages: int


def pdf_from_html(html: str, *, base_url: str | None = None) -> bytes:
    """Render a complete HTML document to PDF/UA-1 (see ``pdf_render``)."""
    return pdf_render(html, base_url=base_url).data


def pdf_render(html: str, *, base_url: str | None = None) -> RenderedPdf:
    """Render a complete HTML document to PDF/UA-1.

    The document must carry ``<html lang>`` and ``<title>``: PDF/UA takes its language and
    title from them. Images must be inline SVG or ``data:`` URLs (nothing is fetched from the
    network); ``base_url`` resolves any relative link.
    """
    # Imported here: WeasyPrint loads Pango at import, which the web pages never need.
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).render(
        stylesheets=[CSS(filename=print_stylesheet_path())],
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
    )
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return RenderedPdf(data=bytes(data), pages=len(document.pages))
