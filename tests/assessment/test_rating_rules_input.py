"""`cypp rating rules --set` refuses rules of the wrong type, not only unknown ones: a
string "false" is truthy and "achieved" is not a list of statuses."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from tests.conftest import cli
from tests.plans.factories import partnership_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rules", "reason"),
    [
        ('{"use_target": "false"}', "use_target must be true or false"),
        ('{"use_quartile_band": 0}', "use_quartile_band must be true or false"),
        ('{"green_statuses": "achieved"}', "green_statuses must be a list of target statuses"),
        ('{"red_statuses": [["missed"]]}', "red_statuses must be a list of target statuses"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_rules_of_the_wrong_type_are_refused(rules: str, reason: str) -> None:
    partnership = partnership_make()
    with pytest.raises(CommandError, match=reason):
        cli("rating", "rules", "--partnership", partnership.key, "--set", rules)
    partnership.refresh_from_db()
    assert partnership.rating_rules == {}
