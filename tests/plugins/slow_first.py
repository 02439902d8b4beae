"""The longest test files start first.

`make test` runs two workers, each taking a file at a time (`--dist loadfile`). xdist's own
order (files with the most tests first) left the one-test crawl of every page for last: one
worker ran it alone for five minutes while the other sat idle. Starting the longest files
first (longest processing time first, the classic rule for sharing jobs between machines)
lets the many short files fill in around them. `--no-loadscope-reorder` in the Makefile
keeps this order.

The seconds are about one file's time on SQLite (setup included), from `--durations` of the
whole suite, or of the file run again alone, on a quiet two-core machine (3 December 2026),
after the crawl opened only what the matrix lets each
role open, the demo's load-once tests shared a load, and the tests that run CYPP in
processes of their own copied one migrated file. A file missing from the list only starts
later; the list needs no upkeep beyond adding a new file that takes minutes.
"""

from __future__ import annotations

import pytest

SLOW_FIRST = (
    "tests/browser/test_every_page_as_each_role.py",  # 164 s
    "tests/security/test_authorisation_matrix.py",  # 122 s
    "tests/operations/test_backup_restore.py",  # 71 s
    "tests/browser/test_voice_done_when.py",  # 59 s
    "tests/voice/test_alert_survives_kill.py",  # 57 s
    "tests/browser/test_governance_journey.py",  # 47 s
    "tests/test_migration_partnership_move.py",  # 46 s
    "tests/reports/test_board_packs.py",  # 41 s
    "tests/demo/test_demo_once_loaded.py",  # 40 s
    "tests/reports/test_board_pack_worker_killed.py",  # 36 s
    "tests/browser/test_evidence_finding.py",  # 33 s
    "tests/browser/test_commentary_journey.py",  # 31 s
    "tests/fuzz/test_fuzz_importers.py",  # 31 s
    "tests/indicators/test_imports_never_block_readers.py",  # 30 s
)
_RANK = {path: rank for rank, path in enumerate(SLOW_FIRST)}


def _file_rank(item: pytest.Item) -> int:
    return _RANK.get(item.nodeid.split("::", 1)[0], len(SLOW_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A stable sort: the tests of a file, and the other files, keep their order.
    items.sort(key=_file_rank)
