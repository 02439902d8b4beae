"""A progress bar for ``cypp data import`` on a terminal; nothing at all when not a terminal.

The import service tells its progress (stage, rows done, rows in all) through the same
callback the background task uses to save it for the import page. On a terminal this
draws it with ``rich`` on standard error, so ``--json`` output on standard output stays
clean; piped or in a script, nothing extra is printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from cypp.indicators.staging import ImportProgress


@contextmanager
def import_progress_bar(stream: TextIO) -> Iterator[ImportProgress | None]:
    """A progress callback drawing a bar on ``stream`` if it is a terminal, else None."""
    if not stream.isatty():
        yield None
        return
    # Imported here: rich costs start-up time every other command need not pay.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=None)

        def tell(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        yield tell
