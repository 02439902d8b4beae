"""The voice benchmark (benchmarks/bench_voice.py) runs end to end at a tiny size, so that
``make bench`` cannot rot between its runs: every step runs in its own process on fresh
SQLite databases, and each side of each ratio did the work it says on the same rows. No
timing is asserted.

The expected figures are worked out here from the sizes asked for: every response written
is finished and in the wave measured, so the results count all of them; the answering
baseline must leave exactly the rows the journey leaves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "bench_voice.py"
RESPONSES = 300
SMALL = 30
ANSWERING = 12


@pytest.mark.sqlite_only
def test_the_voice_benchmark_runs_at_a_tiny_size():
    env = {
        **os.environ,
        "CYPP_BENCH_VOICE": str(RESPONSES),
        "CYPP_BENCH_VOICE_SMALL": str(SMALL),
        "CYPP_BENCH_VOICE_ANSWERING": str(ANSWERING),
        "CYPP_BENCH_ROUNDS": "1",
        "CYPP_BENCH_DATABASES": "sqlite",
        "CYPP_BENCH_TRACEMALLOC": "1",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, str(BENCH), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    found = results["sqlite"]

    written = found["fill"]["big"]
    assert written["responses"] == RESPONSES
    assert found["fill"]["small"]["responses"] == SMALL
    # Six questions, some skipped: fewer than six answers a response, more than one.
    assert RESPONSES < written["answers"] < 6 * RESPONSES
    assert written["tags"] > 0

    # The baseline counted every answer written to the wave; ours read every response, all
    # six questions, the three themes, and by area the three areas and "not given".
    assert found["group_by"]["answers"] == written["answers"]
    for step in ("results", "results_area"):
        assert found[step]["responses"] == RESPONSES
        assert found[step]["questions"] == 6
        assert found[step]["themes"] == 3
    assert found["results"]["groups"] == 0
    assert found["results_area"]["groups"] == 4

    # Both answering sides left the same rows: every respondent finished, nothing else.
    journey, plain = found["journey"], found["plain"]
    assert journey["respondents"] == plain["respondents"] == ANSWERING
    assert journey["stored"] == plain["stored"]
    assert journey["stored"]["responses"] == journey["stored"]["finished"] == ANSWERING
    assert journey["stored"]["answers"] > ANSWERING

    queries = found["queries"]
    assert set(queries) == {"small_whole", "small_area", "big_whole", "big_area"}
    assert all(count > 0 for count in queries.values())

    for step in ("group_by", "results", "results_area", "journey", "plain"):
        assert found[step]["seconds"] > 0
        assert found[step]["cpu_seconds"] > 0
        assert found[step]["python_peak_mib"] > 0
        assert found[step]["process_peak_mib"] >= results["floor"]["process_peak_mib"] / 2
    assert "  sqlite\n    written " in out.stdout
    assert "ratio results/group by" in out.stdout
    assert "ratio by area/group by" in out.stdout
    assert "ratio answering/plain create" in out.stdout
    assert "    queries     survey_results: " in out.stdout
