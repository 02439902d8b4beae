"""A partnership's rating rules: set, refused when unusable, audited, and used by every
judgement of its plans."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from cypp.accounts.models import AuditEvent
from cypp.assessment.measures import plan_assessments
from cypp.plans.plan_files import plan_load
from tests.conftest import ROOT, cli, cli_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    return plan_load(path=ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml").plan


def test_rules_change_the_judgements_and_are_audited(plan) -> None:  # type: ignore[no-untyped-def]
    def colour(key: str) -> str:
        return next(a for a in plan_assessments(plan=plan) if a.measure.key == key).rating.colour

    # Inpatient admissions has no interval: red by the worst quarter under the defaults,
    # grey when the partnership does not let quartile bands judge.
    assert colour("inpatient-admissions") == "red"
    data = cli_json(
        "rating", "rules", "--partnership", plan.partnership.key,
        "--set", '{"use_quartile_band": false}',
    )  # fmt: skip
    assert data["set"] == {"use_quartile_band": False}
    assert data["effective"]["use_quartile_band"] is False
    plan.partnership.refresh_from_db()
    assert colour("inpatient-admissions") == "grey"
    event = AuditEvent.objects.filter(context=f"partnership:{plan.partnership.key}").latest("at")
    assert event.changes == {"rating_rules": [{}, {"use_quartile_band": False}]}
    cli("rating", "rules", "--partnership", plan.partnership.key, "--reset")
    assert colour("inpatient-admissions") == "red"


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        ('{"colour_blind": true}', "unknown rating rule"),
        ('{"benchmark": "region"}', "benchmark must be"),
        ('{"amber_statuses": ["on track"]}', "only one colour"),
        ("[1, 2]", "a mapping"),
        ("{not json", "not JSON"),
    ],
)
def test_unusable_rules_are_refused_and_nothing_changes(plan, rules, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=reason):
        cli("rating", "rules", "--partnership", plan.partnership.key, "--set", rules)
    plan.partnership.refresh_from_db()
    assert plan.partnership.rating_rules == {}
