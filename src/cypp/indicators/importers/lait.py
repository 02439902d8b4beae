"""The DfE Local Authority Interactive Tool (LAIT) dataset: long Parquet plus its data dictionary.

``bds_long_0.parquet`` has one row per measure, area and year, values as text (numbers,
or ``-`` where there is none), areas by DfE 3-digit number (970 England, 980-990 regions).
``lait_data_dictionary.csv`` gives each measure's title, polarity (High/Low/-), unit,
decimals, source and year type. Labels such as ``2025 (prov)`` become period 2025 marked
provisional; ``(Rev)``, ``(Final)`` and ``(OT)`` (outturn) are kept as a note.

A bare year is typed by the measure's ``Year_Type`` (ADR 0014): "2022" of an Academic Year
measure is 2021/22, the DfE's ``202122`` (EYFSP good level of development, England 65.2% in
both); of a Financial Year measure 2021-22; the January school census and the end of
September workforce census are snapshot days; NCCIS's NEET figures, which LAIT calls
financial years, are December to February averages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

import polars as pl

from cypp.indicators.importers.base import (
    MAX_DECIMALS,
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
from cypp.indicators.importers.units import value_type_from_unit
from cypp.indicators.models import PeriodType
from cypp.indicators.periods import PeriodError, period_parse

SOURCE = SourceSpec(
    key="lait",
    name="DfE Local Authority Interactive Tool",
    organisation="Department for Education",
    credit="Source: DfE, Local Authority Interactive Tool (LAIT)",
    url="https://github.com/dfe-analytical-services/local-authority-interactive-tool",
)
DATA_COLUMNS = ["Short Desc", "Years", "Values", "LA Number"]
DICTIONARY_COLUMNS = ["Measure_short", "Measure", "Polarity", "y_axis_name", "dps", "Year_Type"]
YEAR_TYPES = {
    "Financial Year": PeriodType.FINANCIAL,
    "Academic Year": PeriodType.ACADEMIC,
    "Calendar Year": PeriodType.CALENDAR,
    # Children looked after, in need and on plans "at 31 March" and in the year to it: the
    # DfE's children's social care reporting year, as EES labels the same figures.
    "Annual": PeriodType.REPORTING,
    # The January school census and the children's social work workforce at 30 September
    # are counts on one day.
    "Annual - January": PeriodType.SNAPSHOT,
    "Annual (end of Sept)": PeriodType.SNAPSHOT,
}
# NCCIS's 16-17 NEET and "NEET or not known" figures are averages of the ends of December,
# January and February; LAIT's dictionary calls them financial years, and "2025" names the
# average ending in February 2025 (DfE, "Participation in education, training and NEET age
# 16 to 17 by local authority": "an average of December, January and February").
NCCIS_DEC_FEB = {"16-17 NEET", "16-17_not known_NEET"}
POLARITY = {"high": "high", "low": "low"}
NO_PERIOD = "0"  # LAIT's placeholder year on rows that carry no data at all


def _census_day(year: int, year_type: str) -> dt.date:
    """The day a LAIT snapshot year names: the spring school census is the third Thursday of
    January (16 January 2025); the workforce census is 30 September."""
    if year_type == "Annual (end of Sept)":
        return dt.date(year, 9, 30)
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


def lait_period(code: str, label: str, year_type: str) -> tuple[str, str]:
    """The label to parse and its period type for one LAIT cell of a measure."""
    if code in NCCIS_DEC_FEB:
        return label, PeriodType.DEC_FEB
    period_type = YEAR_TYPES[year_type]
    if period_type == PeriodType.SNAPSHOT:
        year, _, mark = label.partition(" ")
        if year.isdigit() and len(year) == 4:
            day = _census_day(int(year), year_type)
            return f"{day.day} {day:%B %Y} {mark}".strip(), period_type
    return label, period_type


def _text(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text in {"NA", "N/A"} else text


class LaitImporter(Importer):
    key: ClassVar[str] = "lait"
    label: ClassVar[str] = "DfE LAIT dataset (Parquet) with its data dictionary"
    percentages_bounded: ClassVar[bool] = False

    data: pl.DataFrame
    dictionary: dict[str, dict[str, str]]

    @property
    def dictionary_path(self) -> Path:
        given = self.options.get("dictionary")
        return Path(given) if given else self.path.with_name("lait_data_dictionary.csv")

    def open(self) -> None:
        try:
            if self.path.stat().st_size == 0:
                self.problem("the file is empty")
                return
            self.data = pl.read_parquet(self.path)
        except (pl.exceptions.PolarsError, OSError) as error:
            self.problem(f"cannot be read as Parquet: {error}")
            return
        except pl.exceptions.PanicException:
            # polars' Rust reader panics (a BaseException) on some damaged row groups.
            self.problem("cannot be read as Parquet: the file is damaged")
            return
        missing = [c for c in DATA_COLUMNS if c not in self.data.columns]
        for column in missing:
            self.problem("required column is missing", column=column)
        if not missing:
            self._columns_check()
        path = self.dictionary_path
        dictionary = self.read_csv(path)
        if dictionary is None:
            return
        for column in DICTIONARY_COLUMNS:
            if column not in dictionary.columns:
                self.problem("required column is missing", column=column, file=path.name)
        if missing or self.problems:
            return
        self.dictionary = {}
        topics: dict[str, list[str]] = {}
        # A measure listed under two topics appears twice; the first entry describes it and
        # the topics are joined.
        for entry in dictionary.iter_rows(named=True):
            code = _text(entry["Measure_short"])
            if not code:
                continue
            topics.setdefault(code, [])
            topic = _text(entry.get("Topic"))
            if topic and topic not in topics[code]:
                topics[code].append(topic)
            self.dictionary.setdefault(code, {k: _text(v) for k, v in entry.items()})
        for code, entry in self.dictionary.items():
            entry["Topic"] = "; ".join(topics[code])

    def _columns_check(self) -> None:
        """Text columns as text and LA Number as whole numbers, every cell of the key filled."""
        if self.data.height == 0:
            self.problem("the file has no rows")
            return
        try:
            self.data = self.data.with_columns(
                *[pl.col(c).cast(pl.Utf8) for c in DATA_COLUMNS if c != "LA Number"],
                pl.col("LA Number").cast(pl.Utf8).str.strip_chars().cast(pl.Float64, strict=False),
            )
        except pl.exceptions.PolarsError:
            types = ", ".join(f"{c} {self.data.schema[c]}" for c in DATA_COLUMNS)
            self.problem(f"the columns are not text and numbers as LAIT writes them ({types})")
            return
        rows = self.data.with_row_index("_i", offset=1)
        number = pl.col("LA Number")
        not_code = number.is_not_null() & (~number.is_finite() | (number != number.round()))
        for row, value in rows.filter(not_code).select("_i", "LA Number").head(100).iter_rows():
            self.problem("not a DfE LA number", row=row, column="LA Number", value=value)
        for column in ("Short Desc", "Years"):
            blank = pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")
            for (row,) in rows.filter(blank).select("_i").head(100).iter_rows():
                self.problem("required", row=row, column=column)

    def column_name(self, field: str, indicator: str) -> str:
        return {"value": "Values", "area": "LA Number"}.get(field, field)

    def validate(self) -> None:
        frame = self.data.with_row_index("_i")
        self.check_numeric(self.data, ["Values"], row_offset=1)
        for (code,) in frame.select("Short Desc").unique().iter_rows():
            if code not in self.dictionary:
                first = frame.filter(pl.col("Short Desc") == code)["_i"][0] + 1
                self.problem(
                    f"measure is not in {self.dictionary_path.name}",
                    row=first,
                    column="Short Desc",
                    value=code,
                )
        for code in sorted(
            set(self.data["Short Desc"].drop_nulls().to_list()) & set(self.dictionary)
        ):
            dps = self.dictionary[code].get("dps", "")
            places = whole_number(dps)
            if dps and (places is None or places > MAX_DECIMALS):
                self.problem(
                    f"measure {code}: dps must be a whole number from 0 to {MAX_DECIMALS}",
                    column="dps",
                    value=dps,
                    file=self.dictionary_path.name,
                )
        self.check_areas(
            self.data["LA Number"].cast(pl.Int64, strict=False).cast(pl.Utf8),
            "LA Number",
            row_offset=1,
        )
        labels = frame.group_by("Short Desc", "Years").agg(pl.col("_i").min(), pl.col("Values"))
        # Parquet has no header line: row N is the Nth record.
        for code, label, first, values in labels.iter_rows():
            entry = self.dictionary.get(code)
            if entry is None:
                continue
            if label == NO_PERIOD:
                if any(v is not None and v.strip().lower() not in STATUS_MARKS for v in values):
                    self.problem(
                        "a value with no period", row=first + 1, column="Years", value=label
                    )
                continue
            year_type = entry.get("Year_Type", "")
            if year_type not in YEAR_TYPES:
                self.problem(
                    f"unknown Year_Type {year_type!r} in {self.dictionary_path.name}",
                    row=first + 1,
                    column="Years",
                    value=label,
                )
                continue
            try:
                period_parse(*lait_period(code, label, year_type))
            except PeriodError as error:
                self.problem(str(error), row=first + 1, column="Years", value=label)

    def normalise(self) -> Prepared:
        indicators = []
        for code in sorted(self.data["Short Desc"].unique().to_list()):
            entry = self.dictionary[code]
            unit = entry.get("y_axis_name", "")
            value_type, multiplier = value_type_from_unit(unit)
            decimals = entry.get("dps", "")
            indicators.append(
                IndicatorSpec(
                    code=code,
                    title=entry.get("Chart_title") or entry.get("Measure") or code,
                    definition=entry.get("Description", ""),
                    topic=entry.get("Topic", ""),
                    unit=unit,
                    value_type=value_type,
                    multiplier=multiplier,
                    polarity=POLARITY.get(entry.get("Polarity", "").lower(), "none"),
                    decimals=whole_number(decimals),
                    source_organisation=entry.get(
                        "Data Owner (DO) /Supplier and Contact Details", ""
                    ),
                    methodology_url=" ".join(
                        x
                        for x in (entry.get("Methodology", ""), entry.get("Hyperlink(s)", ""))
                        if x
                    ),
                    period_type=lait_period(code, "", entry["Year_Type"])[1],
                    quartiles_published=entry.get("No_Quartile", "") != "N",
                )
            )
        # Each measure's labels typed once: a snapshot's year becomes its day.
        cells = self.data.select("Short Desc", "Years").unique()
        typed = [
            (code, label, *lait_period(code, label, self.dictionary[code]["Year_Type"]))
            for code, label in cells.filter(pl.col("Years") != NO_PERIOD).iter_rows()
        ]
        period_types = pl.DataFrame(
            {
                "Short Desc": [t[0] for t in typed],
                "Years": [t[1] for t in typed],
                "period": [t[2] for t in typed],
                "period_type": [t[3] for t in typed],
            },
            schema=dict.fromkeys(("Short Desc", "Years", "period", "period_type"), pl.Utf8),
        )
        marks = pl.col("Years").str.extract(r"\((Rev|Final|OT)\)\s*$", 1)
        frame = (
            self.data.with_row_index("row", offset=1)
            .filter(pl.col("Years") != NO_PERIOD)
            .join(period_types, on=["Short Desc", "Years"], how="left")
            .with_columns(
                number("Values").alias("value"),
                value_status("Values").alias("status"),
                pl.col("Short Desc").alias("indicator"),
                pl.col("LA Number").cast(pl.Int64).cast(pl.Utf8).alias("area"),
                pl.col("period").str.strip_chars(),
                # The mark in words, not LAIT's cell ("2018 (Rev)" is no label to show).
                marks.replace_strict(
                    {"Rev": "Revised figure", "Final": "Final figure", "OT": "Outturn figure"},
                    default="",
                    return_dtype=pl.Utf8,
                ).alias("value_note"),
            )
        )
        skipped = self.data.height - frame.height
        warnings = (
            [f"{skipped} rows with year '0' (LAIT's placeholder, every value '-') skipped"]
            if skipped
            else []
        )
        return Prepared(
            source=SOURCE,
            indicators=indicators,
            frame=tidy(frame),
            rows_read=self.data.height,
            rows_skipped=skipped,
            warnings=warnings,
        )
