"""Shared fixtures. The national demo data is loaded once per test database (per worker),
then every test runs inside a transaction that is rolled back, so tests see real data
and leave no trace."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import settings

# No wall-clock limit on a property test (Hypothesis's default is 200 ms an example): time is
# measured in benchmarks/, never asserted in a test, and a busy machine is not a failure.
settings.register_profile("cypp", deadline=None)
settings.load_profile("cypp")

# A skipped test fails the run (tests/plugins/no_skips.py): every test reads bundled data.
# The live site and Chromium (tests/plugins/live_site.py) serve every folder's tests.
# The longest files start first (tests/plugins/slow_first.py), to share CI's two cores.
# Tests that run CYPP in processes of their own copy one migrated SQLite file made once a run
# (tests/plugins/migrated_sqlite.py).
pytest_plugins = [
    "tests.plugins.no_skips",
    "tests.plugins.live_site",
    "tests.plugins.slow_first",
    "tests.plugins.migrated_sqlite",
]

ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA = ROOT / "demo" / "data"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database with the demo's geography, neighbours and national data loaded.

    The demo plans and people are left out: tests make the plans and people they need.
    """
    from cypp.demo.loader import demo_evidence_load

    with django_db_blocker.unblock():
        demo_evidence_load(data_dir=DEMO_DATA, say=lambda _message: None)


def cli(*args: str) -> str:
    """Run a `cypp` management command in-process and return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def cli_json(*args: str) -> Any:
    return json.loads(cli(*args, "--json"))
