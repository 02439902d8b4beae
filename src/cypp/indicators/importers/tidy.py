"""CYPP's own tidy CSV, for local data no one publishes (see ``docs/data-formats.md``).

One row per indicator, area and period. Required: ``indicator, area, period, period_type,
value``. Optional observation columns: ``numerator, denominator, lower_95, upper_95,
lower_998, upper_998, status, provisional, estimate, note``. Optional indicator columns,
read from the first row of each indicator that fills them (a different value on a later row
is a problem): ``title, unit, value_type, multiplier, polarity, decimals, definition``.
The source is ``options["source"]`` (default ``local``), named "Local data".

The format is strict: a column it does not know (``polarty``, ``numerater``), a unit outside
the accepted forms (``Persons``) and a polarity, value type, period type or status outside
their lists are problems naming the file, row (1 for the header), column and the likely
intended word; nothing is dropped or guessed.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from cypp.indicators.importers.base import (
    MAX_DECIMALS,
    MAX_MULTIPLIER,
    STATUS_MARKS,
    Importer,
    IndicatorSpec,
    Prepared,
    SourceSpec,
    number,
    tidy,
    whole_number,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN
from cypp.indicators.importers.suggestions import choice_reason, did_you_mean
from cypp.indicators.importers.units import unit_problem, value_type_from_unit
from cypp.indicators.models import OBSERVATION_NUMBERS, PeriodType, Polarity, Status, ValueType
from cypp.indicators.periods import PeriodError, period_parse

REQUIRED = ["indicator", "area", "period", "period_type", "value"]
NUMBERS = list(OBSERVATION_NUMBERS)
FLAGS = ["provisional", "estimate"]
METADATA = ["title", "unit", "value_type", "multiplier", "polarity", "decimals", "definition"]
OPTIONAL = [*NUMBERS[1:], "status", *FLAGS, "note", *METADATA]
# A status is a mark (c, x, z, u, low, k, -) or the word CYPP stores; "published" or blank: none.
STATUS_WORDS = {**STATUS_MARKS, **{s: s for s in Status.values if s}, "published": ""}
# Statuses that say there is no value; a row carrying one and a value contradicts itself.
NO_VALUE = {Status.CONFIDENTIAL, Status.NOT_APPLICABLE, Status.UNAVAILABLE}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")
SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class TidyImporter(Importer):
    key: ClassVar[str] = "tidy"
    label: ClassVar[str] = "CYPP tidy CSV (local data)"

    data: pl.DataFrame

    def open(self) -> None:
        self.specs: list[IndicatorSpec] = []
        source = str(self.options.get("source", "local"))
        if not SOURCE_KEY.match(source):
            self.problem(
                "a source key is lower-case letters, digits, '-' or '_', up to 40",
                column="source",
                value=source,
                file="options",
            )
        self.source = SourceSpec(
            key=source,
            name=str(self.options.get("source_name", "Local data")),
            licence=str(self.options.get("licence", "")),
            credit=str(self.options.get("credit", "")),
        )
        frame = self.read_csv(lower=True)
        if frame is None:
            return
        self._unknown_columns(frame)
        if not self.require_columns(frame, REQUIRED) or self.problems:
            return
        for column in OPTIONAL:
            if column not in frame.columns:
                frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(column))
        self.data = frame.rename({LINE_COLUMN: "row"}).with_columns(
            *[pl.col(c).str.strip_chars() for c in [*REQUIRED, *OPTIONAL]],
        )

    def _unknown_columns(self, frame: pl.DataFrame) -> None:
        """A column the format does not know is a problem, never dropped: ``polarty`` would
        otherwise leave every indicator with no judgement of which way is good."""
        known = [*REQUIRED, *OPTIONAL]
        for column in frame.columns:
            if column == LINE_COLUMN or column in known:
                continue
            hint = did_you_mean(column, known)
            self.problem(
                f"unknown column; {hint}the tidy CSV takes {', '.join(known)}",
                row=1,
                column=column,
            )

    def _bad(self, condition: pl.Expr, column: str, reason: str) -> None:
        for row, value in self.data.filter(condition).select("row", column).head(500).iter_rows():
            self.problem(reason, row=row, column=column, value=value)

    def validate(self) -> None:
        blank = {c: pl.col(c).is_null() | (pl.col(c) == "") for c in self.data.columns}
        for column in ("indicator", "area", "period", "period_type"):
            self._bad(blank[column], column, "required")
        self._bad(
            ~blank["indicator"] & ~pl.col("indicator").str.contains(CODE.pattern),
            "indicator",
            "an indicator code is letters, digits, '_', '-' or '.', up to 100",
        )
        self._bad_choice(blank, "period_type", PeriodType.values)
        for column in NUMBERS:
            is_mark = pl.col(column).str.to_lowercase().is_in(list(STATUS_MARKS))
            allowed = ~blank[column] & number(column).is_null()
            if column == "value":
                allowed &= ~is_mark
            self._bad(
                allowed,
                column,
                "not a number" + (" nor a status mark" if column == "value" else ""),
            )
        self._bad_choice(blank, "status", list(STATUS_WORDS), lower=True)
        for column in FLAGS:
            self._bad(
                ~blank[column] & ~pl.col(column).str.to_lowercase().is_in([*YES, *NO]),
                column,
                "must be yes or no",
            )
        if self.problems:
            return
        frame = self.data.with_columns(self._status().alias("_status"))
        self.data = frame
        value_mark = pl.col("value").str.to_lowercase().replace_strict(STATUS_WORDS, default=None)
        self._bad(
            ~blank["status"] & value_mark.is_not_null() & (value_mark != pl.col("_status")),
            "status",
            "says otherwise than the mark in the value column",
        )
        self._bad(
            pl.col("_status").is_in(list(NO_VALUE)) & number("value").is_not_null(),
            "value",
            "a value on a row whose status says there is none",
        )
        periods = frame.group_by("period", "period_type").agg(pl.col("row").min())
        for label, period_type, row in periods.iter_rows():
            try:
                period_parse(label, period_type)
            except PeriodError as error:
                self.problem(str(error), row=row, column="period", value=label)
        if self.known_areas is not None:
            self._bad(
                ~pl.col("area").is_in(list(self.known_areas)),
                "area",
                "no area has this ONS or DfE code",
            )
        for (code,), rows in frame.group_by("indicator", maintain_order=True):
            self._describe(code, rows)

    def _bad_choice(
        self, blank: dict[str, pl.Expr], column: str, allowed: list[str], *, lower: bool = False
    ) -> None:
        """Each cell outside ``allowed``, with the likely intended word."""
        cell = pl.col(column).str.to_lowercase() if lower else pl.col(column)
        bad = self.data.filter(~blank[column] & ~cell.is_in(allowed))
        for row, value in bad.select("row", column).head(500).iter_rows():
            self.problem(choice_reason(value, allowed), row=row, column=column, value=value)

    def _status(self) -> pl.Expr:
        """The status column's word, else the value's mark, else unavailable for a blank value."""
        given = pl.col("status").str.to_lowercase().replace_strict(STATUS_WORDS, default=None)
        mark = pl.col("value").str.to_lowercase().replace_strict(STATUS_WORDS, default=None)
        return (
            pl.when(given.is_not_null() & (pl.col("status") != ""))
            .then(given)
            .when(mark.is_not_null())
            .then(mark)
            .when(number("value").is_null())
            .then(pl.lit(Status.UNAVAILABLE))
            .otherwise(pl.lit(""))
        )

    def _describe(self, code: str, rows: pl.DataFrame) -> None:
        """The indicator's metadata from its rows; a second, different value is a problem."""
        found: dict[str, str] = {}
        for column in METADATA:
            filled = rows.filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
            if not filled.height:
                continue
            first_row, first = filled.row(0, named=True)["row"], filled[column][0]
            found[column] = first
            for row, value in (
                filled.filter(pl.col(column) != first).select("row", column).head(20).iter_rows()
            ):
                self.problem(
                    f"indicator {code}: {column} differs from row {first_row} ({first!r})",
                    row=row,
                    column=column,
                    value=value,
                )

        def check(column: str, ok: bool, reason: str) -> None:
            if column in found and not ok:
                row = rows.filter(pl.col(column) == found[column])["row"][0]
                self.problem(reason, row=row, column=column, value=found[column])

        unit_type, unit_multiplier = value_type_from_unit(found.get("unit", ""))
        value_type = found.get("value_type", unit_type)
        check(
            "value_type",
            value_type in ValueType.values,
            choice_reason(found.get("value_type", ""), ValueType.values),
        )
        check(
            "polarity",
            found.get("polarity") in Polarity.values,
            choice_reason(found.get("polarity", ""), Polarity.values),
        )
        unit_reason = unit_problem(found.get("unit", ""))
        check("unit", unit_reason is None, unit_reason or "")
        given_multiplier = whole_number(found.get("multiplier", ""))
        check(
            "multiplier",
            given_multiplier is not None and 1 <= given_multiplier <= MAX_MULTIPLIER,
            f"must be a whole number from 1 to {MAX_MULTIPLIER:,}",
        )
        given_decimals = whole_number(found.get("decimals", ""))
        check(
            "decimals",
            given_decimals is not None and given_decimals <= MAX_DECIMALS,
            f"must be a whole number from 0 to {MAX_DECIMALS}",
        )
        if given_multiplier is not None and 1 <= given_multiplier <= MAX_MULTIPLIER:
            multiplier = given_multiplier
        elif value_type == unit_type:
            multiplier = unit_multiplier
        else:
            multiplier = 100 if value_type == ValueType.PROPORTION else 1
        self.specs.append(
            IndicatorSpec(
                code=code,
                title=found.get("title", code),
                definition=found.get("definition", ""),
                unit=found.get("unit", ""),
                value_type=value_type,
                multiplier=multiplier,
                polarity=found.get("polarity", Polarity.NONE),
                decimals=given_decimals,
                period_type=str(rows["period_type"].drop_nulls().mode().sort().first() or ""),
            )
        )

    def normalise(self) -> Prepared:
        flag = {
            c: pl.col(c).fill_null("").str.to_lowercase().is_in(list(YES)).alias(c) for c in FLAGS
        }
        frame = self.data.select(
            "row",
            "indicator",
            "area",
            "period",
            "period_type",
            *[number(c) for c in NUMBERS],
            pl.col("_status").alias("status"),
            *flag.values(),
            pl.col("note").fill_null("").alias("value_note"),
        )
        return Prepared(
            source=self.source,
            indicators=self.specs,
            frame=tidy(frame),
            rows_read=self.data.height,
        )
