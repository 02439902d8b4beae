"""Command-line start-up: CPU seconds of `cypp --help` and `cypp plan list`.

Each command runs as a subprocess against a freshly migrated SQLite database (no plans: the
start-up is what is measured, not the listing); its CPU time (user + system) is read from
``resource.getrusage(RUSAGE_CHILDREN)`` before and after. The baseline is a bare
``django.setup()`` with the same settings in the same run: the least any command can cost.
Each is run ``RUNS`` times and the median is printed, with its ratio to the baseline.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_cli.py``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RUNS = 5
# The aim: each command starts in under a second of CPU on the project's machine.
AIM_SECONDS = 1.0

COMMANDS = {
    "bare django.setup()": [
        str(BIN / "python"),
        "-c",
        "import django; django.setup()",
    ],
    "cypp --help": [str(BIN / "cypp"), "--help"],
    "cypp plan list": [str(BIN / "cypp"), "plan", "list"],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    before = _children_cpu()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return _children_cpu() - before


def main() -> None:
    var_dir = tempfile.mkdtemp(prefix="cypp-bench-cli-")
    env = {
        **os.environ,
        "CYPP_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.local",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([str(BIN / "cypp"), "migrate", "-v0"], env=env, check=True)
    # One untimed run each first, so every timed run finds the bytecode compiled.
    for command in COMMANDS.values():
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    # Interleaved, so a change in the machine's load falls on every command alike.
    seconds: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(RUNS):
        for name, command in COMMANDS.items():
            seconds[name].append(_cpu_seconds(command, env))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    baseline = medians["bare django.setup()"]
    print(f"Command-line start: CPU seconds (user + system), median of {RUNS}, SQLite")
    print(
        f"  method: CPU seconds of each command as a fresh subprocess, median of {RUNS} runs "
        "interleaved with the baseline (a bare django.setup(), the least any command costs, "
        "so less work than ours by design), after one untimed run each"
    )
    for name, value in medians.items():
        aim = "" if name.startswith("bare") else f"   aim < {AIM_SECONDS:.1f} s"
        print(f"  {name:22} {value:6.2f} s   ratio {value / baseline:.2f}{aim}")


if __name__ == "__main__":
    sys.exit(main())
