"""Load the Fingertips export used as a golden source by the stats tests.

File: /work/shared/data/fingertips/la_hospital_admissions_2324.csv, the OHID
Fingertips export of indicator 90284 "Hospital admissions caused by
unintentional and deliberate injuries in children (aged 0 to 14 years)",
a crude rate per 10,000 (polarity: low is good), upper-tier local
authorities and England, 2010/11 to 2023/24.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pytest

EXPORT = Path("/work/shared/data/fingertips/la_hospital_admissions_2324.csv")
MULTIPLIER = 10_000  # the export's values are per 10,000 children


@cache
def rows() -> list[dict[str, str]]:
    if not EXPORT.exists():
        pytest.skip(f"Fingertips export not found at {EXPORT}")
    with EXPORT.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return float(text) if text else np.nan


def column(records: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([number(r[name]) for r in records])
