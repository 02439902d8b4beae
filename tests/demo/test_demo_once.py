"""The demo loads once: a second `cypp demo load` adds only what it never loaded and leaves
what users edited or added alone (issue #12). These tests start from a store without the
demo; test_demo_once_loaded.py has those that start from the demo loaded, and `cypp demo
reset`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from cypp.demo.loader import demo_load
from cypp.plans.models import Measure, Plan
from tests.conftest import DEMO_DATA
from tests.demo.user_edits import DEMO_PLANS, assert_edits_intact, counts, quiet, user_edits

pytestmark = pytest.mark.django_db


def test_a_second_load_adds_nothing_and_keeps_every_user_edit() -> None:
    out = io.StringIO()
    first = demo_load(data_dir=DEMO_DATA, say=lambda m: out.write(m + "\n"))
    # The three demo plan files, four people, eight roles (two partnerships), the
    # governance and the commentary.
    assert sum(a.startswith("plan ") for a in first) == 3
    assert sum(a.startswith("person ") for a in first) == 4
    assert sum(" as " in a for a in first) == 8
    ids = user_edits()
    before = counts()
    out = io.StringIO()
    second = demo_load(data_dir=DEMO_DATA, say=lambda m: out.write(m + "\n"))
    assert second == []
    assert out.getvalue().splitlines()[-1] == "Demo: nothing to add."
    assert counts() == before
    assert_edits_intact(ids)


def test_a_new_demo_plan_is_added_and_nothing_else_changes(tmp_path: Path) -> None:
    # A copy of the demo directory with only the first two plan files (sorted by name)...
    for name in ("data", "mappings", "indicator-notes.yaml"):
        (tmp_path / name).symlink_to(DEMO_DATA.parent / name)
    plans = tmp_path / "plans"
    plans.mkdir()
    files = sorted(DEMO_PLANS.glob("*.yaml"))
    for path in files[:2]:
        shutil.copy(path, plans / path.name)
    demo_load(data_dir=tmp_path / "data", say=quiet)
    ids = user_edits()
    before = counts()
    # ...then the third arrives (Worcestershire's plan: a new partnership).
    shutil.copy(files[2], plans / files[2].name)
    added = demo_load(data_dir=tmp_path / "data", say=quiet)
    new_key = files[2].stem
    assert f"plan {new_key}" in added
    assert "plan herefordshire-2015-2018" not in added
    assert Plan.objects.count() == before["Plan"] + 1
    new_measures = Measure.objects.filter(outcome__priority__plan__key=new_key).count()
    assert Measure.objects.count() == before["Measure"] + new_measures
    assert_edits_intact(ids)
