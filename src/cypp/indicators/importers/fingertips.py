"""OHID Fingertips CSV export: one or more indicators, all areas, every period, as Fingertips writes it.

Each row is one indicator, area, sex, age and period, with the value, both confidence levels
(95% and 99.8%), count (numerator), denominator and a value note. Rows with a Category Type
(inequality breakdowns such as deprivation deciles) are skipped and counted. The indicator
code is the Fingertips ID for Sex "Persons" (``90284``) and ``90284-male`` / ``90284-female``
for the other sexes.

Fingertips states neither the multiplier nor the polarity, so both are inferred: the
multiplier from value = count / denominator x 10^k (a problem if the rows disagree), and the
polarity from "Compared to England value or percentiles": "Better" on a value below England's
means low is good. Options override both: ``multiplier``, ``value_type``, ``polarity``;
``period_type`` says whether "2010/11" is a financial (default) or academic year; ``age``
chooses one age group where a file holds several.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from cypp.indicators.importers.base import (
    MAX_MULTIPLIER,
    STATUS_MARKS,
    Importer,
    IndicatorSpec,
    Prepared,
    SourceSpec,
    number,
    tidy,
    value_status,
    whole_number,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.indicators.periods import PeriodError, period_cell_shown, period_parse

SOURCE = SourceSpec(
    key="fingertips",
    name="OHID Fingertips",
    organisation="Office for Health Improvement and Disparities",
    credit="Source: OHID Fingertips",
    url="https://fingertips.phe.org.uk/",
)
REQUIRED = ["Indicator ID", "Indicator Name", "Area Code", "Sex", "Age", "Time period", "Value"]
NUMERIC = {
    "Value": "value",
    "Lower CI 95.0 limit": "lower_95",
    "Upper CI 95.0 limit": "upper_95",
    "Lower CI 99.8 limit": "lower_998",
    "Upper CI 99.8 limit": "upper_998",
    "Count": "numerator",
    "Denominator": "denominator",
}
COMPARED = "Compared to England value or percentiles"
ENGLAND = "E92000001"
TOLERANCE = 0.01  # value within 1% of count / denominator x 10^k
_MULTI_YEAR = re.compile(r"^\d{4}(/\d{2})?\s*-\s*\d{2}(/\d{2})?$")  # 2018 - 20, 2016/17 - 18/19
_RANGE = re.compile(r"^(\d+)\s*y$", re.IGNORECASE)
OBSERVATION = [*NUMERIC.values(), "status", "value_note"]


def _blank(expr: pl.Expr) -> pl.Expr:
    return expr.is_null() | (expr.str.strip_chars() == "")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _most_common(series: pl.Series) -> str:
    return str(series.drop_nulls().mode().sort().first() or "")


def _period(label: str, span: str, split_type: str) -> tuple[str, str]:
    """The label (multi-year labels without spaces: "2018-20") and the type to parse it as."""
    label = " ".join(label.split())
    found = _RANGE.match(span)
    if _MULTI_YEAR.match(label) or (found and int(found.group(1)) > 1):
        return re.sub(r"\s*-\s*", "-", label), PeriodType.ROLLING
    if re.fullmatch(r"\d{4}", label):
        return label, PeriodType.CALENDAR
    if re.search(r"Q[1-4]$", label, re.IGNORECASE):
        return label, PeriodType.QUARTER
    return label, split_type


class FingertipsImporter(Importer):
    key: ClassVar[str] = "fingertips"
    label: ClassVar[str] = "OHID Fingertips CSV export"

    data: pl.DataFrame

    def open(self) -> None:
        self.rows: pl.DataFrame | None = None
        self.specs: dict[str, IndicatorSpec] = {}
        self.warnings: list[str] = []
        self.skipped = 0
        frame = self.read_csv()
        if frame is not None and self.require_columns(frame, REQUIRED):
            self.data = frame.rename({LINE_COLUMN: "_row"})
        split = self.options.get("period_type", PeriodType.FINANCIAL)
        if split not in (PeriodType.FINANCIAL, PeriodType.ACADEMIC):
            self.problem(
                "must be financial or academic", column="period_type", value=split, file="options"
            )
        if self.options.get("polarity", Polarity.NONE) not in Polarity.values:
            self.problem(
                f"must be one of {', '.join(Polarity.values)}",
                column="polarity",
                value=self.options["polarity"],
                file="options",
            )
        if self.options.get("value_type", ValueType.OTHER) not in ValueType.values:
            self.problem(
                f"must be one of {', '.join(ValueType.values)}",
                column="value_type",
                value=self.options["value_type"],
                file="options",
            )
        multiplier = whole_number(str(self.options.get("multiplier", "1")))
        if multiplier is None or not 1 <= multiplier <= MAX_MULTIPLIER:
            self.problem(
                f"must be a whole number from 1 to {MAX_MULTIPLIER:,}",
                column="multiplier",
                value=self.options["multiplier"],
                file="options",
            )

    def column_name(self, field: str, indicator: str) -> str:
        names = {name: column for column, name in NUMERIC.items()} | {"area": "Area Code"}
        return names.get(field, field)

    def _text(self, name: str) -> pl.Expr:
        if name in self.data.columns:
            return pl.col(name).str.strip_chars()
        return pl.lit(None, pl.Utf8)

    def validate(self) -> None:
        data = self.data
        breakdowns = ~_blank(self._text("Category Type"))
        skipped = data.filter(breakdowns).height
        if skipped:
            self.warnings.append(
                f"{skipped} rows of inequality breakdowns (Category Type, e.g. deprivation deciles) skipped"
            )
        data = data.filter(~breakdowns)
        if self.options.get("age"):
            data = data.filter(self._text("Age") == str(self.options["age"]).strip())
            if not data.height:
                self.problem(
                    "no row has this Age", column="Age", value=self.options["age"], file="options"
                )
                return
        self.skipped = self.data.height - data.height
        split = self.options.get("period_type", PeriodType.FINANCIAL)
        labelled = [
            _period(label or "", span or "", split)
            for label, span in data.select(
                self._text("Time period"), self._text("Time period range")
            ).iter_rows()
        ]
        sex = self._text("Sex")
        data = data.with_columns(
            self._text("Indicator ID").alias("_id"),
            pl.Series("period", [x[0] for x in labelled], dtype=pl.Utf8),
            pl.Series("period_type", [x[1] for x in labelled], dtype=pl.Utf8),
            pl.when(sex.str.to_lowercase() == "persons")
            .then(self._text("Indicator ID"))
            .otherwise(
                self._text("Indicator ID")
                + "-"
                + sex.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "-")
            )
            .alias("indicator"),
            self._text("Area Code").alias("area"),
        )
        for row, value in (
            data.filter(~pl.col("_id").str.contains(r"^\d{1,12}$").fill_null(False))
            .select("_row", "_id")
            .head(100)
            .iter_rows()
        ):
            self.problem(
                "not a Fingertips indicator ID (a whole number)",
                row=row,
                column="Indicator ID",
                value=value,
            )
        # Sex and Age name the indicator's population: a row without them belongs to none.
        for column in ("Sex", "Age"):
            rows = data.filter(_blank(pl.col(column))).select("_row").head(100)
            for (row,) in rows.iter_rows():
                self.problem("required", row=row, column=column)
        for column in NUMERIC:
            if column not in data.columns:
                continue
            cell = pl.col(column)
            marks = cell.str.strip_chars().str.to_lowercase().is_in(list(STATUS_MARKS))
            bad = data.filter(~_blank(cell) & number(column).is_null() & ~marks)
            for row, value in bad.select("_row", column).head(500).iter_rows():
                self.problem("not a number", row=row, column=column, value=value)
        periods = data.group_by("period", "period_type").agg(pl.col("_row").min())
        for label, period_type, row in periods.iter_rows():
            try:
                period_parse(label, period_type)
            except PeriodError as error:
                self.problem(str(error), row=row, column="Time period", value=label)
        unknown = _blank(pl.col("area"))
        if self.known_areas is not None:
            unknown |= ~pl.col("area").is_in(list(self.known_areas))
        for row, code in data.filter(unknown).select("_row", "area").head(500).iter_rows():
            self.problem(
                "no area has this ONS code" if code else "no area code",
                row=row,
                column="Area Code",
                value=code,
            )
        ages = data.group_by("_id").agg(
            self._text("Age").drop_nulls().unique().sort(), pl.col("_row").min()
        )
        for indicator_id, age_groups, row in ages.filter(pl.col("Age").list.len() > 1).iter_rows():
            self.problem(
                f"indicator {indicator_id} has several age groups ({', '.join(age_groups)}): "
                "choose one with the option age=...",
                row=row,
                column="Age",
            )
        if self.problems:
            return
        self.rows = self._deduplicated(data)
        for indicator_id in sorted(self.rows["_id"].unique().to_list(), key=int):
            self._describe(indicator_id, self.rows.filter(pl.col("_id") == indicator_id))

    def _deduplicated(self, data: pl.DataFrame) -> pl.DataFrame:
        """Fingertips writes England twice (as itself and under its parent); keep one if identical."""
        frame = data.with_columns(
            *[number(c).alias(name) for c, name in NUMERIC.items() if c in data.columns],
            value_status("Value").alias("status"),
            self._text("Value note").fill_null("").alias("value_note"),
        )
        present = [c for c in OBSERVATION if c in frame.columns]
        key = ["indicator", "area", "period_type", "period"]
        groups = (
            frame.group_by(key)
            .agg(pl.col("_row").sort(), pl.struct(present).n_unique().alias("versions"))
            .filter(pl.col("_row").list.len() > 1)
        )
        for indicator, area, _type, period, rows, _n in (
            groups.filter(pl.col("versions") > 1).head(100).iter_rows()
        ):
            shown = period_cell_shown(period, _type)  # "2023/24 (2023-24)"
            self.problem(
                f"indicator {indicator}, area {area}, period {shown} differs from row {rows[0]}",
                row=rows[1],
                column="Value",
            )
        dropped = frame.height - frame.unique(key, keep="first", maintain_order=True).height
        if dropped:
            self.skipped += dropped
            self.warnings.append(
                f"{dropped} rows repeating an identical row skipped (England under itself)"
            )
        return frame.sort("_row").unique(key, keep="first", maintain_order=True)

    def _describe(self, indicator_id: str, rows: pl.DataFrame) -> None:
        value_type, multiplier = self._kind(indicator_id, rows)
        polarity = self.options.get("polarity") or self._polarity(indicator_id, rows)
        name = str(
            rows.select(self._text("Indicator Name")).to_series().drop_nulls().first()
            or indicator_id
        )
        units: dict[str, str] = {
            ValueType.RATE: f"Rate per {multiplier:,}",
            ValueType.PROPORTION: "%",
        }
        unit = units.get(value_type, "")
        if value_type == ValueType.PROPORTION and multiplier == 1:
            unit = "proportion"
        for code, sex, age in (
            rows.select("indicator", self._text("Sex"), self._text("Age")).unique().iter_rows()
        ):
            self.specs[code] = IndicatorSpec(
                code=code,
                title=str(name) if sex.lower() == "persons" else f"{name} ({sex})",
                unit=unit,
                value_type=value_type,
                multiplier=multiplier,
                polarity=polarity,
                source_organisation=SOURCE.organisation,
                methodology_url=f"https://fingertips.phe.org.uk/search/{indicator_id}",
                period_type=_most_common(rows["period_type"]),
                population=f"{sex}, {age}",
            )

    def _kind(self, indicator_id: str, rows: pl.DataFrame) -> tuple[str, int]:
        """The value type and multiplier: from the options, else from value = count/denominator x 10^k."""
        if "multiplier" in self.options:
            multiplier = int(self.options["multiplier"])
            default = (
                ValueType.RATE
                if multiplier >= 1000
                else ValueType.PROPORTION
                if multiplier == 100
                else ValueType.OTHER
            )
            return self.options.get("value_type", default), multiplier
        if "numerator" not in rows.columns or "denominator" not in rows.columns:
            rows = rows.with_columns(
                pl.lit(None, pl.Float64).alias("numerator"),
                pl.lit(None, pl.Float64).alias("denominator"),
            )
        ratios = rows.filter(
            pl.col("value").is_not_null()
            & (pl.col("numerator") > 0)
            & (pl.col("denominator") > 0)
            & (pl.col("value") > 0)
        ).with_columns(
            (pl.col("value") * pl.col("denominator") / pl.col("numerator")).alias("ratio")
        )
        if not ratios.height:
            self.warnings.append(
                f"indicator {indicator_id}: no count and denominator to infer the multiplier from; "
                "taken as 1 (set the options multiplier and value_type if that is wrong)"
            )
            return self.options.get("value_type", ValueType.OTHER), 1
        ratios = ratios.with_columns(pl.col("ratio").log10().round().cast(pl.Int64).alias("k"))
        k = int(ratios.select(pl.col("k").mode().min()).item())
        off = ratios.filter((pl.col("ratio") / 10.0**k - 1).abs() > TOLERANCE)
        for row, value, ratio in off.select("_row", "value", "ratio").head(20).iter_rows():
            self.problem(
                f"indicator {indicator_id}: the value is {ratio:.6g} x Count/Denominator where the "
                f"other rows give 10^{k}; the multiplier is inconsistent (give the option multiplier "
                "if the value is standardised)",
                row=row,
                column="Value",
                value=value,
            )
        if off.height > 20:
            self.problem(
                f"indicator {indicator_id}: {off.height - 20} more rows with an inconsistent multiplier"
            )
        if k < 0:
            self.problem(
                f"indicator {indicator_id}: the value is smaller than count/denominator",
                column="Value",
            )
            return ValueType.OTHER, 1
        multiplier = 10**k
        inferred = (
            ValueType.RATE
            if multiplier >= 1000
            else ValueType.PROPORTION
            if multiplier in (1, 100)
            else ValueType.OTHER
        )
        return self.options.get("value_type", inferred), multiplier

    def _polarity(self, indicator_id: str, rows: pl.DataFrame) -> str:
        """High or low is good, read from Better/Worse against England's value of the same period."""
        if COMPARED not in rows.columns:
            return Polarity.NONE
        match = ["indicator", "period_type", "period", "Age"]
        england = (
            rows.filter(pl.col("area") == ENGLAND)
            .select(*match, pl.col("value").alias("england"))
            .unique(match)
        )
        verdict = pl.col(COMPARED).str.strip_chars().str.to_lowercase()
        votes = (
            rows.filter(pl.col("area") != ENGLAND)
            .join(england, on=match, how="inner")
            .filter(
                pl.col("value").is_not_null()
                & pl.col("england").is_not_null()
                & (pl.col("value") != pl.col("england"))
            )
            .with_columns(verdict.str.extract(r"^(better|worse)", 1).alias("verdict"))
            .filter(pl.col("verdict").is_not_null())
            .select(
                pl.when((pl.col("verdict") == "better") == (pl.col("value") > pl.col("england")))
                .then(pl.lit(Polarity.HIGH))
                .otherwise(pl.lit(Polarity.LOW))
                .alias("polarity")
            )["polarity"]
            .unique()
            .to_list()
        )
        if len(votes) == 1:
            return str(votes[0])
        if votes:
            self.warnings.append(
                f"indicator {indicator_id}: 'Better' falls on both sides of England's value; "
                "polarity left as none (give the option polarity)"
            )
        return Polarity.NONE

    def normalise(self) -> Prepared:
        assert self.rows is not None
        frame = self.rows.select(
            pl.col("_row").alias("row"),
            "indicator",
            "area",
            "period",
            "period_type",
            *[c for c in OBSERVATION if c in self.rows.columns],
        )
        return Prepared(
            source=SOURCE,
            indicators=[self.specs[c] for c in sorted(self.specs)],
            frame=tidy(frame),
            rows_read=self.data.height,
            rows_skipped=self.skipped,
            warnings=self.warnings,
        )


def fingertips_indicator_code(indicator_id: str | int, sex: str) -> str:
    """The CYPP code of a Fingertips indicator for one sex: ``90284``, ``90284-male``."""
    sex = str(sex).strip()
    return str(indicator_id) if sex.lower() == "persons" else f"{indicator_id}-{_slug(sex)}"
