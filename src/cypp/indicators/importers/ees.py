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

import re
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar, cast

import polars as pl
import yaml

from cypp.indicators.importers.base import (
    STATUS_MARKS,
    Importer,
    ImportRejected,
    IndicatorSpec,
    Prepared,
    Problem,
    SourceSpec,
    number,
    tidy,
    value_status,
)
from cypp.indicators.importers.units import value_type_from_unit
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.indicators.periods import PeriodError, period_parse

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
}
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
NUMERIC_KEYS = (
    "value",
    "numerator",
    "denominator",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
)
TEXT_KEYS = ("title", "unit", "definition", "topic", "population", "methodology_url")
INDICATOR_KEYS = {"code", "filters", "value_type", "multiplier", "polarity", "decimals"}
INDICATOR_KEYS |= {"period_type", *NUMERIC_KEYS, *TEXT_KEYS}
TOP_KEYS = {"publication", "organisation", "url", "topic", "la_code", "indicators"}
LA_CODES = ("new_la_code", "old_la_code")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")


def _blank(expr: pl.Expr) -> pl.Expr:
    return expr.is_null() | (expr.str.strip_chars() == "")


def _is_mark(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.to_lowercase().is_in(list(STATUS_MARKS))


def _csv_frame(path: Path) -> pl.DataFrame:
    """Every column as text, a byte-order mark and spaces stripped from the header names."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})


def meta_path(path: Path) -> Path:
    """``data.csv`` -> ``data.meta.csv``, the companion EES publishes beside each file."""
    return path.with_name(path.name.removesuffix(".csv") + ".meta.csv")


# The mapping --------------------------------------------------------------------------


def _yaml_lines(text: str) -> dict[str, int]:
    """The 1-based line of each key path (``indicators[2].value``) in a YAML document."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        lines.setdefault(path or "(top)", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, "")
    return lines


def _given(entry: dict[str, Any]) -> dict[str, Any]:
    """The keys given a value: ``lower_95: ~`` in YAML is the same as leaving it out."""
    return {k: v for k, v in entry.items() if v is not None}


def mapping_problems(mapping: Any, file: str, lines: dict[str, int] | None = None) -> list[Problem]:
    """Every problem with a mapping's structure, each naming the file and key (and its line)."""
    problems: list[Problem] = []
    lines = lines or {}

    def add(key: str, reason: str, value: Any = None) -> None:
        shown = None if value is None else str(value)
        # A missing key has no line of its own: name the line of the entry that lacks it.
        where = key
        while where not in lines and re.search(r"(\.[^.\[]+|\[\d+\])$", where):
            where = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", where)
        problems.append(Problem(file, lines.get(where), key, shown, reason))

    if not isinstance(mapping, dict):
        add("(top)", "the mapping must be a YAML mapping with 'publication' and 'indicators'")
        return problems
    for key in sorted(set(mapping) - TOP_KEYS):
        add(str(key), f"unknown key; the mapping takes {', '.join(sorted(TOP_KEYS))}")
    for key in ("publication", "organisation", "url", "topic"):
        if mapping.get(key) is not None and not isinstance(mapping[key], str):
            add(key, "must be text", mapping[key])
    if (mapping.get("la_code") or LA_CODES[0]) not in LA_CODES:
        add("la_code", f"must be one of {', '.join(LA_CODES)}", mapping["la_code"])
    indicators = mapping.get("indicators")
    if not isinstance(indicators, list) or not indicators:
        add("indicators", "a list of at least one indicator is required")
        return problems
    seen: dict[str, int] = {}
    for i, entry in enumerate(indicators):
        where = f"indicators[{i}]"
        if not isinstance(entry, dict):
            add(where, "each indicator must be a mapping with code, title and value")
            continue
        entry = _given(entry)
        for key in sorted(set(entry) - INDICATOR_KEYS, key=str):
            add(
                f"{where}.{key}",
                f"unknown key; an indicator takes {', '.join(sorted(INDICATOR_KEYS))}",
            )
        code = entry.get("code")
        if not isinstance(code, str) or not CODE.match(code):
            add(f"{where}.code", "required: letters, digits, '_', '-' or '.', up to 100", code)
        elif code in seen:
            add(f"{where}.code", f"the same code as indicators[{seen[code]}]", code)
        else:
            seen[code] = i
        if not isinstance(entry.get("value"), str) or not entry["value"].strip():
            add(f"{where}.value", "required: the name of the value column", entry.get("value"))
        for key in (*NUMERIC_KEYS[1:], *TEXT_KEYS):
            if key in entry and not isinstance(entry[key], str):
                add(f"{where}.{key}", "must be text", entry[key])
        filters = entry.get("filters", {})
        if not isinstance(filters, dict):
            add(f"{where}.filters", "must map filter columns to one value each", filters)
        else:
            for column, wanted in filters.items():
                if isinstance(wanted, bool) or not isinstance(wanted, str | int | float):
                    add(f"{where}.filters.{column}", "must be one value (text or number)", wanted)
        choices = {
            "value_type": ValueType.values,
            "polarity": Polarity.values,
            "period_type": PeriodType.values,
        }
        for key, allowed in choices.items():
            if key in entry and entry[key] not in allowed:
                add(f"{where}.{key}", f"must be one of {', '.join(allowed)}", entry[key])
        for key, least in (("multiplier", 1), ("decimals", 0)):
            given = entry.get(key)
            if key in entry and (
                isinstance(given, bool) or not isinstance(given, int) or given < least
            ):
                add(f"{where}.{key}", f"must be a whole number, at least {least}", given)
    return problems


def load_mapping(path: Path | str) -> dict[str, Any]:
    """Read and check an EES mapping (YAML); raise ImportRejected naming the file, key and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ImportRejected(
            [Problem(path.name, None, None, None, f"cannot be read: {error}")]
        ) from error
    try:
        mapping = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ImportRejected(
            [Problem(path.name, line, None, None, f"not valid YAML: {error}")]
        ) from error
    problems = mapping_problems(mapping, path.name, _yaml_lines(text))
    if problems:
        raise ImportRejected(problems)
    return cast(dict[str, Any], mapping)


def _meta_load(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The ``.meta.csv`` rows by column name, or the reasons it cannot be used."""
    try:
        frame = _csv_frame(path)
    except (pl.exceptions.PolarsError, OSError) as error:
        return {}, [f"cannot be read as CSV: {error}"]
    missing = [c for c in ("col_name", "col_type", "label") if c not in frame.columns]
    if missing:
        return {}, [f"required column {c!r} is missing" for c in missing]
    meta = {}
    for entry in frame.iter_rows(named=True):
        name = (entry["col_name"] or "").strip()
        if name:
            meta[name] = {k: (v or "").strip() for k, v in entry.items()}
    return meta, []


# The importer -------------------------------------------------------------------------


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
                self.mapping = {**mapping, "indicators": [_given(e) for e in mapping["indicators"]]}
        try:
            frame = _csv_frame(self.path)
        except (pl.exceptions.PolarsError, OSError) as error:
            self.problem(f"cannot be read as CSV: {error}")
            return
        if not self.require_columns(frame, REQUIRED):
            return
        self.data = frame.with_row_index("_row", offset=2).with_columns(
            pl.col("_row").cast(pl.Int64)
        )
        given = self.options.get("meta")
        path = Path(given) if given else meta_path(self.path)
        if given or path.exists():
            self.meta_file = path.name
            self.meta, reasons = _meta_load(path)
            for reason in reasons:
                self.problem(reason, file=path.name)

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
        usable = ~_blank(new)
        if self.mapping.get("la_code") == "old_la_code":
            usable &= _blank(old)
        elif self.known_areas is not None:
            usable &= new.is_in(list(self.known_areas)) | _blank(old)
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
        return self.data.with_columns(
            level.alias("_level"),
            pl.when(_blank(area)).then(None).otherwise(area).alias("_area"),
            ptype.alias("_ptype"),
            ((level == "Local authority") & ~usable & ~_blank(new)).alias("_fallback"),
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
            bad = chosen.filter(~_blank(cell) & number(column).is_null() & ~_is_mark(cell))
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
        labels = chosen.filter(pl.col("_ptype").is_not_null()).group_by("time_period", "_ptype")
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
                    pl.col("time_period").str.strip_chars().alias("period"),
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


def ees_inspect(path: Path | str) -> dict[str, Any]:
    """What an EES file holds, to write its mapping from.

    Filters and indicators come from the ``.meta.csv`` beside the file when there is one;
    otherwise every column outside the EES time and geography columns whose cells are all
    numbers or status marks is taken for an indicator, and the other columns for filters.
    Raises ImportRejected if the file cannot be read.
    """
    path = Path(path)
    try:
        data = _csv_frame(path)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise ImportRejected(
            [Problem(path.name, None, None, None, f"cannot be read as CSV: {error}")]
        ) from error
    missing = [c for c in REQUIRED if c not in data.columns]
    if missing:
        raise ImportRejected(
            [Problem(path.name, 1, c, None, "required column is missing") for c in missing]
        )
    meta: dict[str, dict[str, str]] = {}
    companion = meta_path(path)
    if companion.exists():
        meta, reasons = _meta_load(companion)
        if reasons:
            raise ImportRejected([Problem(companion.name, None, None, None, r) for r in reasons])

    def counts(column: str) -> dict[str, int]:
        found = data.group_by(pl.col(column).str.strip_chars()).len().sort(column)
        return {str(k): int(n) for k, n in found.iter_rows()}

    free = [c for c in data.columns if c not in STANDARD_COLUMNS]
    if meta:
        filters = [c for c in free if meta.get(c, {}).get("col_type", "").lower() == "filter"]
        indicators = [c for c in free if meta.get(c, {}).get("col_type", "").lower() == "indicator"]
    else:
        indicators = [
            c
            for c in free
            if data.filter(~_blank(pl.col(c)) & number(c).is_null() & ~_is_mark(pl.col(c))).height
            == 0
        ]
        filters = [c for c in free if c not in indicators]
    marks = {}
    for column in indicators:
        cells = (
            data.filter(_is_mark(pl.col(column)))[column].str.strip_chars().value_counts(sort=True)
        )
        if cells.height:
            marks[column] = {str(k): int(n) for k, n in cells.iter_rows()}
    return {
        "file": path.name,
        "meta_file": companion.name if meta else None,
        "rows": data.height,
        "time_periods": sorted(counts("time_period")),
        "time_identifiers": counts("time_identifier"),
        "geographic_levels": counts("geographic_level"),
        "filters": {
            c: sorted(v for v in data[c].str.strip_chars().unique().to_list() if v) for c in filters
        },
        "indicators": {
            c: " ".join(
                x for x in (meta.get(c, {}).get("label", ""), _unit_note(meta.get(c, {}))) if x
            )
            for c in indicators
        },
        "status_marks": marks,
    }


def _unit_note(meta: dict[str, str]) -> str:
    unit, dp = meta.get("indicator_unit", ""), meta.get("indicator_dp", "")
    parts = [f"unit {unit!r}" if unit else "", f"{dp} dp" if dp else ""]
    shown = ", ".join(p for p in parts if p)
    return f"({shown})" if shown else ""
