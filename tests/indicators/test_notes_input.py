"""`cypp data notes` refuses hostile or broken YAML with a clear problem and changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.models import Indicator
from cypp.indicators.notes import indicator_notes_load

pytestmark = pytest.mark.django_db
LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def _notes() -> list[tuple[str, object]]:
    return list(Indicator.objects.order_by("pk").values_list("code", "series_breaks"))


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"indicators: &a {x: *a}\n", 1, "anchors and aliases"),
        (LAUGHS.encode(), 1, "anchors and aliases"),
        (b"indicators:\n  ees:cin_at31: {rate_multiplier: [}\n", 2, "not valid YAML"),
        (b"indicators:\n  lait:LAC: {series_breaks: [{period: caf\xe9, note: x}]}\n", None,
         "is not UTF-8 text"),
        (b"indicators:\n  x: 2022-02-30\n", None, "day is out of range for month"),
    ],
    ids=["recursion", "billion laughs", "syntax", "Windows-1252", "invalid date"],
)  # fmt: skip
def test_broken_notes_are_refused_naming_the_file(
    content: bytes, line: int | None, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "notes.yaml"
    path.write_bytes(content)
    before = _notes()
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as rejected:
        indicator_notes_load(path=path)
    assert time.perf_counter() - started < 2.0
    [problem] = rejected.value.problems
    assert (problem.file, problem.row) == ("notes.yaml", line)
    assert reason in problem.reason
    assert _notes() == before
