"""The one interface every importer sits behind, and the cell rules they share.

An importer turns one published file into a tidy frame of observations plus the
indicators they belong to. It never writes: ``observations_import`` (services) resolves
areas and periods and writes everything in one transaction, so a file with any problem
changes nothing.

The life of an import: ``open`` reads the file, ``validate`` lists every problem (file,
row, column, value, reason), ``normalise`` returns a ``Prepared`` frame in the tidy shape
below, and the service loads it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

from cypp.errors import ApplicationError, rejection_message

# The tidy shape every importer produces. ``row`` is the 1-based line of the source file
# (the header is line 1), so problems found later can still name it.
TIDY_SCHEMA: dict[str, Any] = {
    "row": pl.Int64,
    "indicator": pl.Utf8,
    "area": pl.Utf8,
    "period": pl.Utf8,
    "period_type": pl.Utf8,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "lower_95": pl.Float64,
    "upper_95": pl.Float64,
    "lower_998": pl.Float64,
    "upper_998": pl.Float64,
    "status": pl.Utf8,
    "provisional": pl.Boolean,
    "estimate": pl.Boolean,
    "value_note": pl.Utf8,
}

# Status marks as the DfE (EES, LAIT) and ONS publish them. A marked cell is a status,
# never a number and never an error.
STATUS_MARKS = {
    "c": "confidential",
    "x": "unavailable",
    "z": "not_applicable",
    "u": "low_reliability",
    "low": "rounds_to_zero",
    "k": "rounds_to_zero",
    "-": "unavailable",
    ":": "unavailable",
    "..": "unavailable",
}
MARKS_TEXT = ", ".join(STATUS_MARKS)

# Bounds on an indicator's description wherever a file sets it: pages print values with
# ``decimals`` places (99999999999 made them fail), rates are per at most a million.
MAX_DECIMALS = 6
MAX_MULTIPLIER = 1_000_000


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f" value {self.value!r}:"
        return f"{where}:{shown} {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


class ImportRejected(ApplicationError):
    """The file was rejected whole; nothing was written. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(rejection_message("Import", problems, shown=50))


@dataclass(frozen=True, slots=True)
class SourceSpec:
    key: str
    name: str
    organisation: str = ""
    licence: str = "Open Government Licence v3.0"
    credit: str = ""
    url: str = ""


@dataclass(slots=True)
class IndicatorSpec:
    code: str
    title: str
    definition: str = ""
    topic: str = ""
    unit: str = ""
    value_type: str = "other"
    multiplier: int = 1
    polarity: str = "none"
    decimals: int | None = None
    source_organisation: str = ""
    methodology_url: str = ""
    period_type: str = ""
    population: str = ""
    quartiles_published: bool = True


@dataclass(slots=True)
class Prepared:
    source: SourceSpec
    indicators: list[IndicatorSpec]
    frame: pl.DataFrame
    rows_read: int
    rows_skipped: int = 0
    warnings: list[str] = field(default_factory=list)


class Importer(ABC):
    """One published format. Subclasses set ``key`` and implement the three steps."""

    key: ClassVar[str]
    label: ClassVar[str]
    # Whether a percentage (a proportion per 100) is bounded by 0 and 100 and its numerator
    # by its denominator. LAIT publishes take-up "percentages" of population estimates
    # above 100 (3 and 4 year olds' funded places: 103.2), so it opts out.
    percentages_bounded: ClassVar[bool] = True

    def __init__(
        self,
        path: Path,
        options: dict[str, Any] | None = None,
        *,
        known_areas: set[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.options = dict(options or {})
        # ONS and DfE codes of the geography, so that validation can name unknown areas
        # alongside every other problem (the service checks again before writing).
        self.known_areas = known_areas
        self.problems: list[Problem] = []

    @property
    def file_name(self) -> str:
        return self.path.name

    def problem(
        self,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        file: str | None = None,
    ) -> None:
        """Record a problem; ``file`` names a companion file (dictionary, metadata) if not the main one."""
        self.problems.append(
            Problem(
                file or self.file_name, row, column, None if value is None else str(value), reason
            )
        )

    @abstractmethod
    def open(self) -> None:
        """Read the file (and its companions) into memory; problems if it cannot be read."""

    @abstractmethod
    def validate(self) -> None:
        """Record every problem in ``self.problems``; never stop at the first."""

    @abstractmethod
    def normalise(self) -> Prepared:
        """The tidy frame and indicator metadata; only called when there are no problems."""

    def prepare(self) -> Prepared:
        """open, validate, normalise; raise ImportRejected with every problem found."""
        self.open()
        if not self.problems:
            self.validate()
        if self.problems:
            raise ImportRejected(self.problems)
        prepared = self.normalise()
        if not self.problems:
            self.check_values(prepared)
            self.check_repeats(prepared)
        if self.problems:
            raise ImportRejected(self.problems)
        return prepared

    def check_repeats(self, prepared: Prepared) -> None:
        """Record every row that repeats an earlier one's indicator, area and period, the area
        named either way (Herefordshire is E06000019 to ONS and 884 to the DfE)."""
        if self.known_areas is None or prepared.frame.height == 0:
            return
        from cypp.geography.models import Area

        same: dict[str, str] = {}
        for code, dfe_code in Area.objects.values_list("code", "dfe_code"):
            same[code] = code
            if dfe_code:
                same[dfe_code] = code
        frame = prepared.frame.with_columns(
            pl.col("area").replace_strict(same, default=pl.col("area")).alias("_area")
        )
        key = ["indicator", "_area", "period_type", "period"]
        repeats = (
            frame.group_by(key)
            .agg(pl.col("row").sort(), pl.col("area").sort_by("row"))
            .filter(pl.col("row").list.len() > 1)
            .sort(pl.col("row").list.get(1))
        )
        from cypp.indicators.periods import period_cell_shown

        for indicator, ons, _type, period, rows, codes in repeats.head(200).iter_rows():
            named = f" ({codes[0]} and {codes[1]} both name {ons})" if codes[0] != codes[1] else ""
            shown = period_cell_shown(period, _type)  # "202122 (2021/22)", not the code alone
            self.problem(
                f"the same indicator ({indicator}), area and period ({shown}) as row "
                f"{rows[0]}{named}",
                row=rows[1],
                column=self.column_name("area", indicator),
                value=codes[1],
            )

    def column_name(self, field: str, indicator: str) -> str:
        """The file's name for a tidy field (``numerator``) of an indicator, for problems."""
        return field

    def check_values(self, prepared: Prepared) -> None:
        """Record every number no real observation can have (see ``IMPOSSIBLE``)."""
        specs = prepared.indicators
        kinds = pl.DataFrame(
            {
                "indicator": [s.code for s in specs],
                "_type": [s.value_type for s in specs],
                "_multiplier": [s.multiplier for s in specs],
            },
            schema={"indicator": pl.Utf8, "_type": pl.Utf8, "_multiplier": pl.Int64},
        )
        frame = prepared.frame.join(kinds, on="indicator", how="left")
        rules = IMPOSSIBLE + (PERCENTAGE_BOUNDS if self.percentages_bounded else [])
        for condition, field_name, reason in rules:
            bad = frame.filter(condition).select(
                "row",
                "indicator",
                pl.col(field_name).alias("_given"),
                pl.col("value").alias("_value"),
            )
            for row, indicator, given, value in bad.head(200).iter_rows():
                shown = "" if value is None else f" {value:g}"
                self.problem(
                    f"indicator {indicator}: {reason.format(value=shown)}",
                    row=row,
                    column=self.column_name(field_name, indicator),
                    value=f"{given:g}",
                )

    # Helpers shared by the importers -------------------------------------------------

    def read_csv(self, path: Path | None = None, *, lower: bool = False) -> pl.DataFrame | None:
        """All columns as text plus ``_line`` (see ``csv_files``); None, with every problem
        recorded, if the file is not a sound UTF-8 CSV."""
        from cypp.indicators.importers.csv_files import csv_read

        path = path or self.path
        frame, problems = csv_read(path, file=path.name, lower=lower)
        self.problems.extend(problems)
        return frame

    def require_columns(self, frame: pl.DataFrame, required: list[str]) -> bool:
        missing = [c for c in required if c not in frame.columns]
        for column in missing:
            self.problem(
                f"required column is missing (found: {', '.join(frame.columns)})",
                row=1,
                column=column,
            )
        return not missing

    def check_numeric(self, frame: pl.DataFrame, columns: list[str], row_offset: int = 2) -> None:
        """Record a problem for every cell that is neither a number, empty, nor a status mark."""
        for column in columns:
            if column not in frame.columns:
                continue
            text = pl.col(column).str.strip_chars()
            bad = frame.with_row_index("_i").filter(
                text.is_not_null()
                & (text != "")
                & _number(text).is_null()
                & ~text.str.to_lowercase().is_in(list(STATUS_MARKS))
            )
            for index, value in bad.select("_i", column).iter_rows():
                self.problem(
                    f"not a number nor a status mark ({MARKS_TEXT})",
                    row=index + row_offset,
                    column=column,
                    value=value,
                )

    def check_areas(self, codes: pl.Series, column: str, row_offset: int = 2) -> None:
        """Record a problem for every row whose area code is not in the geography."""
        if self.known_areas is None:
            return
        frame = pl.DataFrame({"code": codes.cast(pl.Utf8).str.strip_chars()}).with_row_index("_i")
        bad = frame.filter(pl.col("code").is_null() | ~pl.col("code").is_in(list(self.known_areas)))
        for index, code in bad.head(1000).iter_rows():
            self.problem(
                "no area has this ONS or DfE code" if code else "no area code",
                row=index + row_offset,
                column=column,
                value=code,
            )
        if bad.height > 1000:
            self.problem(f"... and {bad.height - 1000} more rows with unknown areas", column=column)


def whole_number(text: str) -> int | None:
    """The text as a whole number of at most 9 digits (0-9 only: "²" is no digit here), or None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _above(a: str, b: str) -> pl.Expr:
    """a > b beyond the last digit a publisher rounds to (both given)."""
    return pl.col(a) - pl.col(b) > 1e-9 * pl.max_horizontal(pl.col(b).abs(), pl.lit(1.0))


_PERCENTAGE = (pl.col("_type") == "proportion") & (pl.col("_multiplier") == 100)
# Numbers no real observation has, each with the field named in the problem and the reason.
# A proportion's numerator is part of its denominator; counts and limits bound the value.
IMPOSSIBLE: list[tuple[pl.Expr, str, str]] = [
    (pl.col("numerator") < 0, "numerator", "a count cannot be negative"),
    (pl.col("denominator") < 0, "denominator", "a count cannot be negative"),
    ((pl.col("_type") == "count") & (pl.col("value") < 0), "value", "a count cannot be negative"),
    (_above("lower_95", "value"), "lower_95", "the lower 95% limit is above the value{value}"),
    (_above("value", "upper_95"), "upper_95", "the upper 95% limit is below the value{value}"),
    (_above("lower_998", "value"), "lower_998", "the lower 99.8% limit is above the value{value}"),
    (_above("value", "upper_998"), "upper_998", "the upper 99.8% limit is below the value{value}"),
    (
        _above("lower_95", "upper_95"),
        "lower_95",
        "the lower 95% limit is above the upper 95% limit",
    ),
    (
        _above("lower_998", "upper_998"),
        "lower_998",
        "the lower 99.8% limit is above the upper 99.8% limit",
    ),
]


PERCENTAGE_BOUNDS: list[tuple[pl.Expr, str, str]] = [
    (
        _PERCENTAGE & _above("numerator", "denominator"),
        "numerator",
        "the numerator is above the denominator, impossible for a percentage",
    ),
    (
        _PERCENTAGE & ((pl.col("value") < 0) | (pl.col("value") > 100)),
        "value",
        "a percentage must be from 0 to 100",
    ),
]


def _number(text: pl.Expr) -> pl.Expr:
    """The cell as a float, or null; thousands separators allowed, NaN and infinity not."""
    cleaned = (
        pl.when(text.str.contains(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"))
        .then(text.str.replace_all(",", ""))
        .otherwise(text)
    )
    number = cleaned.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number).otherwise(None)


def number(column: str) -> pl.Expr:
    """A numeric column from text: marks, blanks and junk become null (validated beforehand)."""
    return _number(pl.col(column).str.strip_chars()).alias(column)


def value_status(column: str) -> pl.Expr:
    """The status of a value cell: its mark's meaning, '' for a number, 'unavailable' if blank."""
    text = pl.col(column).str.strip_chars()
    mark = text.str.to_lowercase().replace_strict(STATUS_MARKS, default=None)
    return (
        pl.when(mark.is_not_null())
        .then(mark)
        .when(_number(text).is_not_null())
        .then(pl.lit(""))
        .otherwise(pl.lit("unavailable"))
    )


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill absent tidy columns with nulls/defaults and order them as TIDY_SCHEMA."""
    defaults: dict[str, pl.Expr] = {
        "status": pl.lit(""),
        "provisional": pl.lit(False),
        "estimate": pl.lit(False),
        "value_note": pl.lit(""),
    }
    columns = []
    for name, dtype in TIDY_SCHEMA.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype))
        else:
            columns.append(defaults.get(name, pl.lit(None)).cast(dtype).alias(name))
    return frame.select(columns).with_columns(
        pl.col("value_note").fill_null(""),
        pl.col("status").fill_null(""),
        pl.col("provisional").fill_null(False),
        pl.col("estimate").fill_null(False),
    )
