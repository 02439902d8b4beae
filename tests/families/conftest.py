"""Fixtures shared by the families tests (kept small: each test file makes what it needs)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def frameworks_data() -> Path:
    """The framework files the tests load (tests/families/data/frameworks/)."""
    return DATA / "frameworks"
