"""The demo loads once, from a store that holds it already: a second load changes nothing
the users did, even for a database the old loader made or a plan a user deleted; `cypp demo
reset` starts over, asking first (issue #12).

The demo is loaded once for the module (a load takes eight to ten seconds) and rolled back
at its end; each test's own transaction inside it rolls back what the test did, so every
test starts from the demo as loaded."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cypp.accounts.models import PartnershipRole
from cypp.commentary.models import MeasureCommentary
from cypp.demo.loader import demo_load
from cypp.demo.models import DemoLoaded
from cypp.plans.models import Measure, Plan, Priority
from cypp.plans.services import plan_part_delete
from tests.conftest import DEMO_DATA, cli
from tests.demo.user_edits import H_PLAN, assert_edits_intact, counts, quiet, user_edits

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo as `cypp demo load` leaves it, for every test of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(data_dir=DEMO_DATA, say=quiet)
        yield
        transaction.set_rollback(True)


def test_the_command_says_nothing_to_add_the_second_time() -> None:
    user_edits()
    before = counts()
    out = cli("demo", "load")
    assert out.splitlines()[-1] == "Demo: nothing to add."
    assert f"{H_PLAN}.yaml: plan {H_PLAN} loaded before; left as it is." in out
    assert counts() == before


def test_a_demo_loaded_before_markers_were_kept_is_left_alone() -> None:
    ids = user_edits()
    DemoLoaded.objects.all().delete()  # as a database loaded by the old loader
    before = counts()
    assert demo_load(data_dir=DEMO_DATA, say=quiet) == []
    assert counts() == before
    assert_edits_intact(ids)


def test_a_deleted_demo_plan_is_not_loaded_again() -> None:
    plan = Plan.objects.get(key="herefordshire-2018-2023")
    for priority in plan.priorities.all():
        plan_part_delete(by=None, plan=plan, instance=priority, fields=["title"])
    assert demo_load(data_dir=DEMO_DATA, say=quiet) == []
    assert not Priority.objects.filter(plan=plan).exists()


class _Terminal(io.StringIO):
    """Typed answers, as from a terminal."""

    def isatty(self) -> bool:
        return True


def test_reset_refuses_without_a_terminal_or_yes() -> None:
    ids = user_edits()
    with pytest.raises(CommandError, match="run it with --yes"):
        call_command("demo", "reset", stdin=io.StringIO("herefordshire worcestershire\n"))
    assert_edits_intact(ids)


def test_reset_asks_for_the_partnership_keys() -> None:
    ids = user_edits()
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Not confirmed; nothing was deleted\."):
        call_command("demo", "reset", stdin=_Terminal("herefordshire\n"), stdout=out)
    assert out.getvalue().startswith("This deletes the demo partnerships (herefordshire, ")
    assert "Type the partnership keys to confirm (herefordshire worcestershire): " in (
        out.getvalue()
    )
    assert_edits_intact(ids)


def test_reset_deletes_the_users_changes_and_loads_the_demo_afresh() -> None:
    fresh = counts()
    user_edits()
    out = io.StringIO()
    call_command("demo", "reset", stdin=_Terminal("herefordshire, worcestershire\n"), stdout=out)
    assert counts() == fresh
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
    assert counts() == fresh
