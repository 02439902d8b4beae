"""`extract_minutes`: an agenda item's page (text or HTML) to its title, purpose,
resolutions and actions. Pure Python; the contract is in docs/minutes-extraction.md."""

from __future__ import annotations

import os

from cypp.governance.minutes.decisions import page_decisions
from cypp.governance.minutes.files import read_minutes_file
from cypp.governance.minutes.html_page import html_to_text, looks_like_html
from cypp.governance.minutes.layout import normalise_lines, page_layout, section_layout
from cypp.governance.minutes.model import MinutesError, MinutesExtract


def extract_minutes(text: str, *, title: str | None = None) -> MinutesExtract:
    """The title, purpose, resolutions and actions of one agenda item's page.

    `text` is an agenda-item, issue or decision page, or minutes pasted alone, as plain
    text or HTML (told apart by its tags). Raises `MinutesError` only when nothing is
    readable; a page without decisions gives empty tuples (see `has_decisions`). With
    `title` (known from a committee system's web service), `text` is the item's minutes
    alone and no page heading is looked for.
    """
    if looks_like_html(text):
        try:
            text = html_to_text(text)
        except (AssertionError, ValueError) as error:  # html.parser on hopeless markup
            raise MinutesError(f"the HTML could not be read ({error})") from error
    lines = normalise_lines(text)
    layout = section_layout(lines, title=title) if title is not None else page_layout(lines)
    decisions = page_decisions(layout.sections)
    return MinutesExtract(
        title=layout.title,
        purpose=layout.purpose,
        resolutions=decisions.resolutions,
        actions=decisions.actions,
    )


def extract_minutes_file(path: str | os.PathLike[str]) -> MinutesExtract:
    """`read_minutes_file` then `extract_minutes`; every refusal names the file."""
    text = read_minutes_file(path)
    try:
        return extract_minutes(text)
    except MinutesError as error:
        raise error.for_file(str(path)) from error
