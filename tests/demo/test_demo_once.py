"""The demo loads once: a second `cypp demo load` adds only what it never loaded and leaves
what users edited or added alone; `cypp demo reset` starts over, asking first (issue #12)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Model

from cypp.accounts.models import PartnershipRole
from cypp.accounts.services import partnership_role_set
from cypp.commentary.models import CommentaryRevision, MeasureCommentary, ReportingPeriod
from cypp.commentary.services import measure_commentary_save
from cypp.demo.loader import demo_load
from cypp.demo.models import DemoLoaded
from cypp.governance.models import Action, Body, Meeting, PlanLink
from cypp.plans.models import Measure, MeasureValue, Outcome, Plan, Priority
from cypp.plans.services import plan_part_delete, plan_part_save
from tests.conftest import DEMO_DATA, cli

pytestmark = pytest.mark.django_db

H_PLAN = "herefordshire-2015-2018"
DEMO_PLANS = DEMO_DATA.parent / "plans"
COUNTED: tuple[type[Model], ...] = (
    Plan,
    Priority,
    Outcome,
    Measure,
    MeasureValue,
    MeasureCommentary,
    CommentaryRevision,
    ReportingPeriod,
    Body,
    Meeting,
    Action,
    PlanLink,
    PartnershipRole,
    User,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def _quiet(_message: str) -> None:
    pass


def _user_edits() -> dict[str, object]:
    """What a partnership does with the demo: add a measure, retitle one, write commentary
    on a period the demo left empty, delete a demo commentary, change a role and a password.
    Everything through the services, as the pages do."""
    plan = Plan.objects.get(key=H_PLAN)
    analyst = User.objects.get(username="analyst")
    outcome = Outcome.objects.get(priority__plan=plan, key="school-ready")
    added = Measure(outcome=outcome, key="reading-at-seven", title="Reading at seven", order=9)
    plan_part_save(by=analyst, plan=plan, instance=added, fields=["key", "title"])
    mmr = Measure.objects.get(outcome__priority__plan=plan, key="mmr")
    mmr.title = "MMR: both doses by five (our wording)"
    plan_part_save(by=analyst, plan=plan, instance=mmr, fields=["title"])
    period = ReportingPeriod.objects.get(plan=plan, key="2017-q3")
    measure_commentary_save(
        measure=mmr, period=period, by=analyst, story_behind_curve="Written by a user."
    )
    gone = MeasureCommentary.objects.get(measure__key="initiation")
    gone.delete()  # a user's choice the demo must not undo
    partnership_role_set(
        by=None,
        user=User.objects.get(username="viewer"),
        partnership=plan.partnership,
        role="analyst",
    )
    viewer = User.objects.get(username="viewer")
    viewer.set_password("a password the user chose")
    viewer.save()
    return {"added": added.pk, "mmr": mmr.pk}


def _assert_edits_intact(ids: dict[str, object]) -> None:
    assert Measure.objects.get(pk=ids["added"]).title == "Reading at seven"
    assert Measure.objects.get(pk=ids["mmr"]).title == "MMR: both doses by five (our wording)"
    assert (
        MeasureCommentary.objects.get(
            measure_id=ids["mmr"], period__key="2017-q3"
        ).story_behind_curve
        == "Written by a user."
    )
    assert not MeasureCommentary.objects.filter(measure__key="initiation").exists()
    role = PartnershipRole.objects.get(user__username="viewer", partnership__key="herefordshire")
    assert role.role == "analyst"
    assert User.objects.get(username="viewer").check_password("a password the user chose")


def test_a_second_load_adds_nothing_and_keeps_every_user_edit() -> None:
    out = io.StringIO()
    first = demo_load(data_dir=DEMO_DATA, say=lambda m: out.write(m + "\n"))
    # The three demo plan files, four people, eight roles (two partnerships), the
    # governance and the commentary.
    assert sum(a.startswith("plan ") for a in first) == 3
    assert sum(a.startswith("person ") for a in first) == 4
    assert sum(" as " in a for a in first) == 8
    ids = _user_edits()
    before = _counts()
    out = io.StringIO()
    second = demo_load(data_dir=DEMO_DATA, say=lambda m: out.write(m + "\n"))
    assert second == []
    assert out.getvalue().splitlines()[-1] == "Demo: nothing to add."
    assert _counts() == before
    _assert_edits_intact(ids)


def test_the_command_says_nothing_to_add_the_second_time() -> None:
    cli("demo", "load")
    _user_edits()
    before = _counts()
    out = cli("demo", "load")
    assert out.splitlines()[-1] == "Demo: nothing to add."
    assert f"{H_PLAN}.yaml: plan {H_PLAN} loaded before; left as it is." in out
    assert _counts() == before


def test_a_demo_loaded_before_markers_were_kept_is_left_alone() -> None:
    demo_load(data_dir=DEMO_DATA, say=_quiet)
    ids = _user_edits()
    DemoLoaded.objects.all().delete()  # as a database loaded by the old loader
    before = _counts()
    assert demo_load(data_dir=DEMO_DATA, say=_quiet) == []
    assert _counts() == before
    _assert_edits_intact(ids)


def test_a_new_demo_plan_is_added_and_nothing_else_changes(tmp_path: Path) -> None:
    # A copy of the demo directory with only the first two plan files (sorted by name)...
    for name in ("data", "mappings", "indicator-notes.yaml"):
        (tmp_path / name).symlink_to(DEMO_DATA.parent / name)
    plans = tmp_path / "plans"
    plans.mkdir()
    files = sorted(DEMO_PLANS.glob("*.yaml"))
    for path in files[:2]:
        shutil.copy(path, plans / path.name)
    demo_load(data_dir=tmp_path / "data", say=_quiet)
    ids = _user_edits()
    before = _counts()
    # ...then the third arrives (Worcestershire's plan: a new partnership).
    shutil.copy(files[2], plans / files[2].name)
    added = demo_load(data_dir=tmp_path / "data", say=_quiet)
    new_key = files[2].stem
    assert f"plan {new_key}" in added
    assert "plan herefordshire-2015-2018" not in added
    assert Plan.objects.count() == before["Plan"] + 1
    new_measures = Measure.objects.filter(outcome__priority__plan__key=new_key).count()
    assert Measure.objects.count() == before["Measure"] + new_measures
    _assert_edits_intact(ids)


def test_a_deleted_demo_plan_is_not_loaded_again() -> None:
    demo_load(data_dir=DEMO_DATA, say=_quiet)
    plan = Plan.objects.get(key="herefordshire-2018-2023")
    for priority in plan.priorities.all():
        plan_part_delete(by=None, plan=plan, instance=priority, fields=["title"])
    assert demo_load(data_dir=DEMO_DATA, say=_quiet) == []
    assert not Priority.objects.filter(plan=plan).exists()


class _Terminal(io.StringIO):
    """Typed answers, as from a terminal."""

    def isatty(self) -> bool:
        return True


def test_reset_refuses_without_a_terminal_or_yes() -> None:
    demo_load(data_dir=DEMO_DATA, say=_quiet)
    ids = _user_edits()
    with pytest.raises(CommandError, match="run it with --yes"):
        call_command("demo", "reset", stdin=io.StringIO("herefordshire worcestershire\n"))
    _assert_edits_intact(ids)


def test_reset_asks_for_the_partnership_keys() -> None:
    demo_load(data_dir=DEMO_DATA, say=_quiet)
    ids = _user_edits()
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Not confirmed; nothing was deleted\."):
        call_command("demo", "reset", stdin=_Terminal("herefordshire\n"), stdout=out)
    assert out.getvalue().startswith("This deletes the demo partnerships (herefordshire, ")
    assert "Type the partnership keys to confirm (herefordshire worcestershire): " in (
        out.getvalue()
    )
    _assert_edits_intact(ids)


def test_reset_deletes_the_users_changes_and_loads_the_demo_afresh() -> None:
    demo_load(data_dir=DEMO_DATA, say=_quiet)
    fresh = _counts()
    _user_edits()
    out = io.StringIO()
    call_command("demo", "reset", stdin=_Terminal("herefordshire, worcestershire\n"), stdout=out)
    assert _counts() == fresh
    assert not Measure.objects.filter(key="reading-at-seven").exists()
    assert Measure.objects.get(outcome__priority__plan__key=H_PLAN, key="mmr").title != (
        "MMR: both doses by five (our wording)"
    )
    assert MeasureCommentary.objects.filter(measure__key="initiation").exists()
    assert User.objects.get(username="viewer").check_password("cypp-demo-viewer")
    role = PartnershipRole.objects.get(user__username="viewer", partnership__key="herefordshire")
    assert role.role == "viewer"
    # --yes, for scripts: the same, without asking.
    call_command("demo", "reset", "--yes", stdout=io.StringIO())
    assert _counts() == fresh
