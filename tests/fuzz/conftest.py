"""The fuzz targets' shared settings and their figures.

``CYPP_FUZZ_EXAMPLES`` sets the cases per target (CI: the default, a few hundred, with a
fixed seed so a run is reproducible; ``make fuzz``: 10,000, random). At the end of the run
each target's figures are printed: cases run, refused, accepted, failures, seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("CYPP_FUZZ_EXAMPLES", "0") or 0)
settings.register_profile(
    "cypp-fuzz",
    max_examples=EXAMPLES or 200,
    deadline=None,
    derandomize=not EXAMPLES,  # CI: the same cases every run
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("cypp-fuzz")


@dataclass
class Tally:
    """One target's figures."""

    run: int = 0
    refused: int = 0
    accepted: int = 0
    failures: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    @contextmanager
    def case(self, refusals: tuple[type[BaseException], ...]) -> Iterator[None]:
        """Count one case: accepted, refused with one of ``refusals``, or a failure."""
        started = time.perf_counter()
        self.run += 1
        try:
            yield
        except refusals:
            self.refused += 1
            raise
        except BaseException:
            self.failures += 1
            raise
        else:
            self.accepted += 1
        finally:
            self.seconds += time.perf_counter() - started


TALLIES: dict[str, Tally] = {}


def tally(target: str) -> Tally:
    return TALLIES.setdefault(target, Tally())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLIES:
        return
    write = terminalreporter.write_line
    write("")
    write(f"fuzz figures ({EXAMPLES or 'default'} cases per target asked):")
    write(
        f"  {'target':<12} {'cases':>7} {'refused':>8} {'accepted':>9} {'failures':>9} {'seconds':>8}"
    )
    for name, t in sorted(TALLIES.items()):
        write(
            f"  {name:<12} {t.run:>7} {t.refused:>8} {t.accepted:>9} {t.failures:>9} "
            f"{t.seconds:>8.1f}"
        )
