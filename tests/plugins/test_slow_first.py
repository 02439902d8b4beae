"""The slow-first list names files that exist: a renamed file would quietly start last."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.plugins.slow_first import SLOW_FIRST


def test_every_file_named_slow_first_exists() -> None:
    missing = [path for path in SLOW_FIRST if not (ROOT / path).is_file()]
    assert not missing, f"tests/plugins/slow_first.py names files that are not there: {missing}"
