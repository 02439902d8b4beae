"""The command line starts fast: what `cypp plan list` and the rating engine import, and
which actions skip Django's system checks (cypp.command_line). Timings are in
benchmarks/bench_cli.py; these tests check the causes, not the seconds."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.management import load_command_class

from cypp import stats
from cypp.disclosure import MARK
from cypp.stats.trends import chi_squared_threshold

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy", "numpy", "polars", "openpyxl", "vl_convert", "weasyprint", "jwt")


def _loaded_after(code: str) -> list[str]:
    """The heavy packages in sys.modules after Django's set-up and ``code``, in a fresh
    interpreter (this one has imported everything already)."""
    program = (
        "import sys, django\n"
        "django.setup()\n"
        f"{code}\n"
        f"print(' '.join(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.test",
        "PYTHONPATH": str(ROOT / "src"),
    }
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_django_set_up_imports_none_of_the_heavy_packages() -> None:
    # `cypp --help` is Django's set-up and a list of command names.
    assert _loaded_after("") == []


def test_the_plan_command_loads_without_numpy_scipy_or_polars() -> None:
    loaded = _loaded_after(
        "from django.core.management import load_command_class\n"
        "load_command_class('cypp.plans', 'plan').create_parser('cypp', 'plan')"
    )
    assert loaded == []


def test_the_rating_engine_imports_without_scipy() -> None:
    # scipy.stats alone took 3 s of the 6 s `cypp plan list` spent starting: the statistics
    # core imports it inside the functions that need it.
    loaded = _loaded_after(
        "import importlib, pkgutil, cypp.assessment, cypp.stats\n"
        "for module in pkgutil.walk_packages(cypp.assessment.__path__, 'cypp.assessment.'):\n"
        "    importlib.import_module(module.name)"
    )
    assert "scipy" not in loaded


def test_the_mark_for_a_withheld_figure_is_the_statistics_cores() -> None:
    # cypp.disclosure names it without importing the statistics core (numpy).
    assert MARK == stats.SUPPRESSED == "c"


def test_the_trend_threshold_is_chi_squared_at_99_8_percent_on_one_degree_of_freedom() -> None:
    # Published tables of the chi-squared distribution: 9.550 for p = 0.002, 1 degree of
    # freedom (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4, upper critical values).
    assert chi_squared_threshold() == pytest.approx(9.5495, abs=5e-5)


@pytest.fixture
def checks_run() -> Any:
    """A list that grows by one each time Django's system checks run."""
    runs: list[int] = []

    def counted(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
        runs.append(1)
        return []

    checks.register(counted)
    yield runs
    checks.registry.registry.registered_checks.discard(counted)


def _execute(command: str, app: str, **options: Any) -> None:
    base = {"force_color": False, "no_color": True, "verbosity": 0, "stdout": io.StringIO()}
    load_command_class(app, command).execute(**base, **options)


@pytest.mark.django_db
def test_a_read_action_skips_the_system_checks(checks_run: list[int]) -> None:
    _execute("plan", "cypp.plans", action="list", json=True)
    assert checks_run == []


@pytest.mark.django_db
def test_an_action_that_writes_runs_the_system_checks_first(
    checks_run: list[int], tmp_path: Path
) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _execute(
            "plan",
            "cypp.plans",
            action="load",
            file=tmp_path / "missing.yaml",
            confirm_deletions=False,
            json=False,
        )
    assert checks_run == [1]


@pytest.mark.django_db
def test_call_command_skips_the_checks_as_django_does(checks_run: list[int]) -> None:
    from django.core.management import call_command

    call_command("plan", "list", stdout=io.StringIO())
    assert checks_run == []
