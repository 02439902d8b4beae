"""A skipped test is a failed test in this suite.

Every test reads data bundled in the repository (``demo/data``, ``tests/**/fixtures``), so no
test has a reason to skip: a skip means a test quietly stopped checking anything, typically
because it looked for a file outside the repository (the shared national data beside the
checkout) that a fresh clone does not have. This plugin turns every skip (a ``skip``/``skipif``
mark, ``pytest.skip()``, ``pytest.importorskip()``, at collection or while the test runs) into
a failure that names the reason, so CI fails instead of reporting a pass. Expected failures
(``xfail``) are left alone: they still run the test.

Registered in ``tests/conftest.py`` (``pytest_plugins``), so it runs wherever the suite does.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

WHY = (
    "skipped tests are failures here: every test must run on a fresh clone, reading data "
    "bundled in the repository (demo/data, tests/**/fixtures), never a file outside it "
    "(tests/plugins/no_skips.py)"
)


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The reason pytest gave for the skip, or the whole report if it has no usual shape."""
    longrepr: Any = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _as_failure(report: pytest.TestReport | pytest.CollectReport) -> None:
    report.longrepr = f"{report.nodeid} was skipped ({_skip_reason(report)}); {WHY}"
    report.outcome = "failed"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        _as_failure(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    if report.skipped:
        _as_failure(report)
    return report
