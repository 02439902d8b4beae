"""DfE Explore Education Statistics (EES) open-data CSV, chosen into indicators by a mapping.

One EES file holds many series: value columns ("indicators" in EES terms) crossed with
filter columns, at several geographic levels. The analyst says which series to load with a
mapping (YAML, see ``docs/data-formats.md``): for each indicator its value column, optional
numerator, denominator and confidence limits, and the filter values that pick its rows.
``ees_inspect`` lists what a file holds, to write the mapping from.

Areas: National rows by ``country_code``, Regional rows by ``region_code`` (including the
Inner/Outer London sub-regions E13000001/2), Local authority rows by ``new_la_code`` with
``old_la_code`` (the DfE number) as fallback: where it is blank, or where the geography does
not know the ONS code. The children-in-need files key each year by the code of the time, so
North Yorkshire and Somerset carry their county codes (E10000023, E10000027) until 2023 and
Buckinghamshire E10000002 until 2020; the DfE number names the continuing authority. Other
geographic levels are skipped with a warning.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

from cypp.indicators.importers.base import (
    STATUS_MARKS,
    Importer,
    IndicatorSpec,
    Prepared,
    number,
    tidy,
    value_status,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN
from cypp.indicators.importers.ees.common import (
    AREA_COLUMNS,
    LEVELS,
    NUMERIC_KEYS,
    REQUIRED,
    SOURCE,
    STANDARD_COLUMNS,
    TIME_IDENTIFIERS,
    blank,
    is_mark,
    meta_load,
    meta_path,
)
from cypp.indicators.importers.ees.mapping import given_keys, mapping_problems
from cypp.indicators.importers.units import value_type_from_unit
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.indicators.periods import PeriodError, period_cell_shown, period_parse


class EesImporter(Importer):
    key: ClassVar[str] = "ees"
    label: ClassVar[str] = "DfE Explore Education Statistics open-data CSV, chosen by a mapping"

    data: pl.DataFrame
    mapping: dict[str, Any]

    def open(self) -> None:
        self.mapping_file = str(self.options.get("mapping_file") or "mapping")
        self.meta: dict[str, dict[str, str]] = {}
        self.meta_file = ""
        self.chosen: list[pl.DataFrame] = []
        mapping = self.options.get("mapping")
        if mapping is None:
            self.problem(
                "no mapping: options['mapping'] is required (load it with load_mapping)",
                file=self.mapping_file,
            )
        else:
            self.problems.extend(mapping_problems(mapping, self.mapping_file))
            if not self.problems:
                self.mapping = {
                    **mapping,
                    "indicators": [given_keys(e) for e in mapping["indicators"]],
                }
        frame = self.read_csv()
        if frame is None or not self.require_columns(frame, REQUIRED):
            return
        self.data = frame.rename({LINE_COLUMN: "_row"})
        given = self.options.get("meta")
        path = Path(given) if given else meta_path(self.path)
        if given or path.exists():
            self.meta_file = path.name
            self.meta, problems = meta_load(path)
            self.problems.extend(problems)

    def column_name(self, field: str, indicator: str) -> str:
        if field == "area":
            return "new_la_code/old_la_code"
        entries: list[dict[str, Any]] = self.mapping["indicators"]
        entry = next((e for e in entries if e["code"] == indicator), {})
        return str(entry.get(field) or field)

    def _text(self, name: str) -> pl.Expr:
        if name in self.data.columns:
            return pl.col(name).str.strip_chars()
        return pl.lit(None, pl.Utf8)

    def _keyed(self) -> pl.DataFrame:
        """The data with each row's level, area code and (file-declared) period type."""
        level = pl.col("geographic_level").str.strip_chars()
        new, old = self._text("new_la_code"), self._text("old_la_code")
        # new_la_code unless the mapping prefers the DfE number, or the geography does not
        # know the ONS code (a council recoded since: E10000023 North Yorkshire before 2023).
        usable = ~blank(new)
        if self.mapping.get("la_code") == "old_la_code":
            usable &= blank(old)
        elif self.known_areas is not None:
            usable &= new.is_in(list(self.known_areas)) | blank(old)
        la = pl.when(usable).then(new).otherwise(old)
        area = (
            pl.when(level == "National")
            .then(self._text("country_code"))
            .when(level == "Regional")
            .then(self._text("region_code"))
            .when(level == "Local authority")
            .then(la)
        )
        ptype = (
            pl.col("time_identifier")
            .str.strip_chars()
            .replace_strict(TIME_IDENTIFIERS, default=None, return_dtype=pl.Utf8)
        )
        identifier = pl.col("time_identifier").str.strip_chars()
        label = pl.col("time_period").str.strip_chars()
        return self.data.with_columns(
            # The period's label: a month's is the month and year ("March 2025").
            pl.when(ptype == PeriodType.MONTH)
            .then(identifier + pl.lit(" ") + label)
            .otherwise(label)
            .alias("_plabel"),
            level.alias("_level"),
            pl.when(blank(area)).then(None).otherwise(area).alias("_area"),
            ptype.alias("_ptype"),
            ((level == "Local authority") & ~usable & ~blank(new)).alias("_fallback"),
        )

    def validate(self) -> None:
        data = self._keyed().filter(pl.col("_level").is_in(LEVELS))
        for index, entry in enumerate(self.mapping["indicators"]):
            self.chosen.append(self._validate_indicator(index, entry, data))
        self.problems = list(dict.fromkeys(self.problems))

    def _validate_indicator(
        self, index: int, entry: dict[str, Any], data: pl.DataFrame
    ) -> pl.DataFrame:
        where = f"indicators[{index}] ({entry['code']})"
        ok = True
        for key in NUMERIC_KEYS:
            column = entry.get(key)
            if column is None:
                continue
            if column not in self.data.columns:
                self.problem(
                    f"{where}.{key} names a column that is not in the file", row=1, column=column
                )
                ok = False
            elif self.meta.get(column, {}).get("col_type", "").lower() == "filter":
                self.problem(
                    f"{where}.{key}: a Filter in {self.meta_file}, not an Indicator",
                    row=1,
                    column=column,
                )
                ok = False
        for column, wanted in entry.get("filters", {}).items():
            if column not in self.data.columns:
                self.problem(
                    f"{where}.filters names a column that is not in the file", row=1, column=column
                )
                ok = False
                continue
            held = self.data.select(self._text(column).unique().sort(nulls_last=True))[column]
            if str(wanted).strip() not in held.to_list():
                shown = ", ".join(repr(v) for v in held.head(20).to_list())
                self.problem(
                    f"{where}.filters: no row has this value; the column holds {shown}"
                    + (" ..." if held.len() > 20 else ""),
                    column=column,
                    value=wanted,
                )
                ok = False
        value_meta = self.meta.get(entry["value"], {})
        if not (entry.get("title") or value_meta.get("label")):
            self.problem(
                f"{where}.title is required (no .meta.csv label for {entry['value']!r})",
                column=f"indicators[{index}].title",
                file=self.mapping_file,
            )
        if self._kind(entry)[0] == ValueType.RATE and self._kind(entry)[1] == 1:
            self.problem(
                f"{where}: a rate needs a multiplier (e.g. 10000) or a unit saying 'per 10,000'",
                column=f"indicators[{index}].multiplier",
                file=self.mapping_file,
            )
        if not ok:
            return data.clear()
        mask = pl.lit(True)
        for column, wanted in entry.get("filters", {}).items():
            mask &= self._text(column) == str(wanted).strip()
        chosen = data.filter(mask)
        if "period_type" in entry:
            chosen = chosen.with_columns(pl.lit(entry["period_type"]).alias("_ptype"))
        if chosen.height == 0:
            self.problem(
                f"{where}: the filters select no national, regional or local-authority rows",
                column=f"indicators[{index}].filters",
                file=self.mapping_file,
            )
            return chosen
        self._check_cells(entry, chosen)
        self._check_keys(where, chosen)
        return chosen

    def _check_cells(self, entry: dict[str, Any], chosen: pl.DataFrame) -> None:
        for key in NUMERIC_KEYS:
            column = entry.get(key)
            if not column:
                continue
            cell = pl.col(column)
            bad = chosen.filter(~blank(cell) & number(column).is_null() & ~is_mark(cell))
            for row, value in bad.select("_row", column).head(500).iter_rows():
                marks = ", ".join(STATUS_MARKS)
                self.problem(
                    f"not a number nor a status mark ({marks})", row=row, column=column, value=value
                )

    def _check_keys(self, where: str, chosen: pl.DataFrame) -> None:
        """Every chosen row has a known time identifier, a period, an area, and is the only one."""
        unknown = (
            chosen.filter(pl.col("_ptype").is_null())
            .group_by("time_identifier")
            .agg(pl.col("_row").min())
        )
        for identifier, row in unknown.iter_rows():
            self.problem(
                f"time identifier is not one of {', '.join(TIME_IDENTIFIERS)}; "
                f"set period_type for {where} in the mapping",
                row=row,
                column="time_identifier",
                value=identifier,
            )
        labels = chosen.filter(pl.col("_ptype").is_not_null()).group_by("_plabel", "_ptype")
        for label, period_type, row in labels.agg(pl.col("_row").min()).iter_rows():
            try:
                period_parse(label or "", period_type)
            except PeriodError as error:
                self.problem(str(error), row=row, column="time_period", value=label)
        no_area = pl.col("_area").is_null()
        if self.known_areas is not None:
            no_area |= ~pl.col("_area").is_in(list(self.known_areas))
        for row, level, code in (
            chosen.filter(no_area).select("_row", "_level", "_area").head(500).iter_rows()
        ):
            column = AREA_COLUMNS.get(level, "new_la_code")
            reason = (
                "no area has this ONS or DfE code" if code else f"no area code on a {level} row"
            )
            self.problem(reason, row=row, column=column, value=code)
        groups = (
            chosen.group_by("_area", "time_period", "_ptype")
            .agg(pl.col("_row").sort())
            .filter(pl.col("_row").list.len() > 1)
            .sort(pl.col("_row").list.first())
        )
        free = [c for c in self.data.columns if c not in STANDARD_COLUMNS and c != "_row"]
        for area, period, _ptype, rows in groups.head(20).iter_rows():
            period = period_cell_shown(period, _ptype)  # "202122 (2021/22)", never the code alone
            same = chosen.filter(pl.col("_row").is_in(rows))
            varying = [c for c in free if same[c].n_unique() > 1] or ["a filter column"]
            self.problem(
                f"{where} selects {len(rows)} rows for area {area}, period {period} (rows "
                f"{', '.join(map(str, rows[:5]))}): add a filter on {' or '.join(varying[:5])}",
                row=rows[1],
                column="filters",
            )

    def _kind(self, entry: dict[str, Any]) -> tuple[str, int]:
        """The value type and multiplier: as mapped, else as the unit says."""
        unit = entry.get("unit") or self.meta.get(entry["value"], {}).get("indicator_unit", "")
        inferred_type, inferred_multiplier = value_type_from_unit(unit)
        value_type = entry.get("value_type", inferred_type)
        if "multiplier" in entry:
            return value_type, entry["multiplier"]
        if value_type == inferred_type:
            return value_type, inferred_multiplier
        return value_type, 100 if value_type == ValueType.PROPORTION else 1

    def normalise(self) -> Prepared:
        frames, specs = [], []
        mapping = self.mapping
        for entry, chosen in zip(mapping["indicators"], self.chosen, strict=True):
            value = entry["value"]
            frames.append(
                chosen.select(
                    pl.col("_row").alias("row"),
                    pl.lit(entry["code"]).alias("indicator"),
                    pl.col("_area").alias("area"),
                    pl.col("_plabel").alias("period"),
                    pl.col("_ptype").alias("period_type"),
                    number(value).alias("value"),
                    value_status(value).alias("status"),
                    *[number(entry[k]).alias(k) for k in NUMERIC_KEYS[1:] if entry.get(k)],
                )
            )
            meta = self.meta.get(value, {})
            value_type, multiplier = self._kind(entry)
            decimals = entry.get("decimals")
            if decimals is None and meta.get("indicator_dp", "").isdigit():
                decimals = int(meta["indicator_dp"])
            period_types = Counter(chosen["_ptype"].to_list())
            specs.append(
                IndicatorSpec(
                    code=entry["code"],
                    title=entry.get("title") or meta["label"],
                    definition=entry.get("definition", ""),
                    topic=(
                        entry.get("topic")
                        or mapping.get("topic")
                        or mapping.get("publication")
                        or ""
                    )[:120],
                    unit=entry.get("unit") or meta.get("indicator_unit", ""),
                    value_type=value_type,
                    multiplier=multiplier,
                    polarity=entry.get("polarity", Polarity.NONE),
                    decimals=decimals,
                    source_organisation=mapping.get("organisation") or SOURCE.organisation,
                    methodology_url=entry.get("methodology_url") or mapping.get("url") or "",
                    period_type=period_types.most_common(1)[0][0],
                    population=entry.get("population", ""),
                )
            )
        level = pl.col("geographic_level").str.strip_chars()
        other = (
            self.data.filter(~level.is_in(LEVELS)).group_by(level).len().sort("geographic_level")
        )
        known = self.data.filter(level.is_in(LEVELS)).height
        used = pl.concat([c.select("_row") for c in self.chosen]).unique().height
        warnings = []
        if other.height:
            counts = ", ".join(f"{name} ({n})" for name, n in other.iter_rows())
            warnings.append(
                f"{other['len'].sum()} rows at other geographic levels skipped: {counts}"
            )
        if known > used:
            warnings.append(f"{known - used} rows not mapped: no indicator's filters select them")
        fallback = (
            pl.concat([c.filter(pl.col("_fallback")) for c in self.chosen])
            .group_by("_area", "new_la_code")
            .agg(
                self._text("la_name").first().fill_null("").alias("la_name"),
                pl.col("_row").n_unique().alias("rows"),
            )
            .sort("_area", "new_la_code")
            if "new_la_code" in self.data.columns
            else pl.DataFrame()
        )
        if fallback.height:
            shown = "; ".join(
                f"{o} {name} ({new}, {n} rows)" for o, new, name, n in fallback.iter_rows()
            )
            warnings.append(
                "rows keyed by old_la_code because the geography does not know their "
                f"new_la_code: {shown}"
            )
        return Prepared(
            source=SOURCE,
            indicators=specs,
            frame=tidy(pl.concat(frames, how="diagonal_relaxed")),
            rows_read=self.data.height,
            rows_skipped=int(other["len"].sum() or 0) + known - used,
            warnings=warnings,
        )


# Inspection ---------------------------------------------------------------------------
