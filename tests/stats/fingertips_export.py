"""Load the Fingertips export used as a golden source by the stats tests.

File: fixtures/fingertips_90284_hospital_admissions_0_14_2324.csv.gz, a
column-trimmed copy of the OHID Fingertips export of indicator 90284
"Hospital admissions caused by unintentional and deliberate injuries in
children (aged 0 to 14 years)", a crude rate per 10,000 (polarity: low is
good), England, regions and counties & UAs, by sex and deprivation decile,
2010/11 to 2023/24.  Published in dfe-analytical-services/CSC_outcomes_and_enablers
``data-raw/region_hospital_admissions_2324.csv`` (commit 2f5d11a); Open
Government Licence v3.0.  fixtures/README.md says exactly how it was trimmed.

The fixture lives in the repository, so these tests never skip.
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

import numpy as np

EXPORT = (
    Path(__file__).parent / "fixtures" / "fingertips_90284_hospital_admissions_0_14_2324.csv.gz"
)
MULTIPLIER = 10_000  # the export's values are per 10,000 children


@cache
def rows() -> list[dict[str, str]]:
    with gzip.open(EXPORT, mode="rt", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return float(text) if text else np.nan


def column(records: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([number(r[name]) for r in records])
