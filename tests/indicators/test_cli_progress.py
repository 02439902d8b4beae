"""`cypp data import`'s progress bar: drawn on a terminal, nothing at all otherwise."""

from __future__ import annotations

import io

from cypp.indicators.cli_progress import import_progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with import_progress_bar(stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_a_terminal_gets_the_stage_and_rows_done() -> None:
    stream = Terminal()
    with import_progress_bar(stream) as progress:
        assert progress is not None
        progress("Writing the rows to the staging table", 50_000, 640_900)
    drawn = stream.getvalue()
    assert "Writing the rows to the staging table" in drawn
    assert "50000/640900" in drawn
