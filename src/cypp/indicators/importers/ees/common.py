"""Shared pieces of the EES importer: the file's standard columns and the cell rules."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from cypp.indicators.importers.base import (
    STATUS_MARKS,
    ImportRejected,
    Problem,
    SourceSpec,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN, csv_read
from cypp.indicators.models import OBSERVATION_NUMBERS, PeriodType

SOURCE = SourceSpec(
    key="ees",
    name="DfE Explore Education Statistics",
    organisation="Department for Education",
    credit="Source: DfE, Explore Education Statistics",
    url="https://explore-education-statistics.service.gov.uk/",
)
TIME_IDENTIFIERS = {
    "Reporting year": PeriodType.REPORTING,
    "Financial year": PeriodType.FINANCIAL,
    "Academic year": PeriodType.ACADEMIC,
    "Calendar year": PeriodType.CALENDAR,
    # A month's figures: time_period 2025 with time_identifier March is March 2025.
    **dict.fromkeys(
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"],
        PeriodType.MONTH,
    ),
}  # fmt: skip
AREA_COLUMNS = {"National": "country_code", "Regional": "region_code"}
LEVELS = ("National", "Regional", "Local authority")
REQUIRED = ["time_period", "time_identifier", "geographic_level"]
# Time and geography columns of the EES data standards: neither filters nor indicators.
STANDARD_COLUMNS = {
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name", "lad_code",
    "lad_name", "pcon_code", "pcon_name", "ward_code", "ward_name", "lsip_code", "lsip_name",
    "local_enterprise_partnership_code", "local_enterprise_partnership_name",
    "english_devolved_area_code", "english_devolved_area_name", "opportunity_area_code",
    "opportunity_area_name", "mayoral_combined_authority_code", "mayoral_combined_authority_name",
    "police_force_area_code", "police_force_area_name", "planning_area_code", "planning_area_name",
    "school_urn", "school_laestab", "school_name", "school_postcode", "trust_id", "trust_name",
    "sponsor_id", "sponsor_name", "provider_ukprn", "provider_name", "institution_id",
    "institution_name", "rsc_region_lead_name",
}  # fmt: skip
# The mapping names a column for each number an observation carries, the value first.
NUMERIC_KEYS = OBSERVATION_NUMBERS
TEXT_KEYS = ("title", "unit", "definition", "topic", "population", "methodology_url")
INDICATOR_KEYS = {"code", "filters", "value_type", "multiplier", "polarity", "decimals"}
INDICATOR_KEYS |= {"period_type", *NUMERIC_KEYS, *TEXT_KEYS}
TOP_KEYS = {"publication", "organisation", "url", "topic", "la_code", "indicators"}
LA_CODES = ("new_la_code", "old_la_code")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")


def blank(expr: pl.Expr) -> pl.Expr:
    return expr.is_null() | (expr.str.strip_chars() == "")


def is_mark(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.to_lowercase().is_in(list(STATUS_MARKS))


def csv_frame(path: Path) -> pl.DataFrame:
    """Every column as text plus ``_line`` (see ``csv_files``); ImportRejected if unsound."""
    frame, problems = csv_read(path)
    if frame is None:
        raise ImportRejected(problems)
    return frame


def meta_path(path: Path) -> Path:
    """``data.csv`` -> ``data.meta.csv``, the companion EES publishes beside each file."""
    return path.with_name(path.name.removesuffix(".csv") + ".meta.csv")


# The mapping --------------------------------------------------------------------------


def meta_load(path: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The ``.meta.csv`` rows by column name, or the problems that stop it being used."""
    try:
        frame = csv_frame(path)
    except ImportRejected as rejected:
        return {}, rejected.problems
    missing = [c for c in ("col_name", "col_type", "label") if c not in frame.columns]
    if missing:
        return {}, [Problem(path.name, 1, c, None, "required column is missing") for c in missing]
    meta = {}
    for entry in frame.drop(LINE_COLUMN).iter_rows(named=True):
        name = (entry["col_name"] or "").strip()
        if name:
            meta[name] = {k: (v or "").strip() for k, v in entry.items()}
    return meta, []


# The importer -------------------------------------------------------------------------
