"""The English Indices of Deprivation, local authority district summaries, in long form.

One row per district and domain (``area_code, area_name, area_type, deprivation_data_year,
index_domain, average_rank, rank_average_rank, average_score, rank_average_score,
proportion_bottom_decile, rank_proportion_bottom_decile``), as Trafford Data Lab reshapes
MHCLG's File 10. Chosen here: the Index of Multiple Deprivation and Income Deprivation
Affecting Children (IDACI), each as three indicators: the average score, the average rank of
the district's neighbourhoods (LSOAs), and the percentage of them in England's most deprived
10%. Each value carries the district's published rank among all districts as its note.

The figures are lower tier. A unitary, metropolitan or London authority is its own district
and has them; a county council has none of its own: its districts have them, and ranks and
average scores cannot be summed or averaged up to a county (MHCLG publishes upper-tier
summaries in another file). So this importer never makes a county figure, and
``cypp.geography.selectors.area_districts`` names the districts to show for a county.

A small class of its own rather than a mapping for the tidy importer: the file has no
``indicator`` or ``period_type`` column, one row holds three indicators, and the published
ranks belong beside the values.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from cypp.indicators.importers.base import (
    Importer,
    IndicatorSpec,
    Prepared,
    SourceSpec,
    number,
    tidy,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN
from cypp.indicators.models import PeriodType, Polarity, ValueType

SOURCE = SourceSpec(
    key="iod",
    name="English Indices of Deprivation",
    organisation="Ministry of Housing, Communities and Local Government",
    credit=(
        "Source: MHCLG, English Indices of Deprivation 2025, local authority district "
        "summaries (long form by Trafford Data Lab)"
    ),
    url="https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025",
)
REQUIRED = [
    "area_code",
    "area_name",
    "area_type",
    "deprivation_data_year",
    "index_domain",
    "average_rank",
    "rank_average_rank",
    "average_score",
    "rank_average_score",
    "proportion_bottom_decile",
    "rank_proportion_bottom_decile",
]
AREA_TYPE_PREFIX = "Local Authority District"
# index_domain as the file writes it -> the code's prefix and the words in titles.
DOMAINS = {
    "Index of Multiple Deprivation": ("imd", "Index of Multiple Deprivation (IMD)"),
    "Income Deprivation Affecting Children": (
        "idaci",
        "Income Deprivation Affecting Children Index (IDACI)",
    ),
}
DISTRICT_NOTE = (
    " Published for lower-tier local authority districts: a county council's figures are its "
    "districts', never summed or averaged up to the county."
)


def _indicators(prefix: str, words: str, year: str) -> list[tuple[str, str, IndicatorSpec]]:
    """(value column, rank column, indicator) for one domain's three indicators."""
    common: dict[str, Any] = {
        "topic": "Deprivation",
        "polarity": Polarity.NONE,  # context: more deprived is a need, not a performance
        "source_organisation": SOURCE.organisation,
        "methodology_url": SOURCE.url,
        "period_type": PeriodType.CALENDAR,
        "population": "Neighbourhoods (LSOAs) in the district",
        "quartiles_published": False,
    }
    return [
        (
            "average_score",
            "rank_average_score",
            IndicatorSpec(
                code=f"{prefix}_average_score",
                title=f"{words} {year}, average score of the district",
                unit="Score",
                value_type=ValueType.OTHER,
                decimals=3,
                definition=(
                    f"The population-weighted average of the {words} scores of the "
                    "district's neighbourhoods; higher is more deprived." + DISTRICT_NOTE
                ),
                **common,
            ),
        ),
        (
            "average_rank",
            "rank_average_rank",
            IndicatorSpec(
                code=f"{prefix}_average_rank",
                title=f"{words} {year}, average rank of the district's neighbourhoods",
                unit="Rank of 33,755 neighbourhoods (1 is the most deprived)",
                value_type=ValueType.OTHER,
                decimals=2,
                definition=(
                    "The population-weighted average of the national ranks of the district's "
                    "neighbourhoods (LSOAs); lower is more deprived." + DISTRICT_NOTE
                ),
                **common,
            ),
        ),
        (
            "proportion_bottom_decile",
            "rank_proportion_bottom_decile",
            IndicatorSpec(
                code=f"{prefix}_most_deprived_10pct",
                title=(
                    f"{words} {year}, neighbourhoods among the 10% most deprived in England, "
                    "percentage"
                ),
                unit="% of neighbourhoods",
                value_type=ValueType.PROPORTION,
                multiplier=100,
                decimals=2,
                definition=(
                    "The district's neighbourhoods (LSOAs) among the most deprived 10% in "
                    "England, as a percentage of its neighbourhoods. The file gives a fraction "
                    "(0.4211); it is shown per 100 (42.11%)." + DISTRICT_NOTE
                ),
                **common,
            ),
        ),
    ]


class DeprivationImporter(Importer):
    key: ClassVar[str] = "iod"
    label: ClassVar[str] = "English Indices of Deprivation, local authority district summaries"

    data: pl.DataFrame

    def open(self) -> None:
        frame = self.read_csv()
        if frame is None or not self.require_columns(frame, REQUIRED):
            return
        self.data = frame.rename({LINE_COLUMN: "_row"}).with_columns(
            *[pl.col(c).str.strip_chars() for c in REQUIRED]
        )

    def validate(self) -> None:
        data = self.data
        wrong = data.filter(~pl.col("area_type").str.starts_with(AREA_TYPE_PREFIX))
        for row, value in wrong.select("_row", "area_type").head(20).iter_rows():
            self.problem(
                f"this importer reads district summaries: area_type must start "
                f"{AREA_TYPE_PREFIX!r}",
                row=row,
                column="area_type",
                value=value,
            )
        years = data["deprivation_data_year"].unique().to_list()
        if len(years) != 1 or not str(years[0] or "").isdigit():
            self.problem(
                "one edition per file: deprivation_data_year must be one year",
                column="deprivation_data_year",
                value=", ".join(sorted(str(y) for y in years))[:200],
            )
        chosen = data.filter(pl.col("index_domain").is_in(list(DOMAINS)))
        for domain in DOMAINS:
            if chosen.filter(pl.col("index_domain") == domain).height == 0:
                self.problem("no row holds this domain", column="index_domain", value=domain)
        for column in REQUIRED[5:]:
            bad = chosen.filter(number(column).is_null())
            for row, value in bad.select("_row", column).head(200).iter_rows():
                self.problem("not a number", row=row, column=column, value=value)
        repeats = (
            chosen.group_by("area_code", "index_domain")
            .agg(pl.col("_row").sort())
            .filter(pl.col("_row").list.len() > 1)
        )
        for code, domain, rows in repeats.head(20).iter_rows():
            self.problem(
                f"{domain} for {code} again (first on row {rows[0]})",
                row=rows[1],
                column="area_code",
                value=code,
            )
        if self.known_areas is not None:
            for row, code in (
                chosen.filter(~pl.col("area_code").is_in(list(self.known_areas)))
                .select("_row", "area_code")
                .head(200)
                .iter_rows()
            ):
                self.problem(
                    "no area has this ONS code (load the districts first)",
                    row=row,
                    column="area_code",
                    value=code,
                )
        self.chosen = chosen

    def normalise(self) -> Prepared:
        year = str(self.chosen["deprivation_data_year"][0])
        frames, specs = [], []
        for domain, (prefix, words) in DOMAINS.items():
            rows = self.chosen.filter(pl.col("index_domain") == domain)
            for column, rank_column, spec in _indicators(prefix, words, year):
                scale = 100.0 if column == "proportion_bottom_decile" else 1.0
                frames.append(
                    rows.select(
                        pl.col("_row").alias("row"),
                        pl.lit(spec.code).alias("indicator"),
                        pl.col("area_code").alias("area"),
                        pl.lit(year).alias("period"),
                        pl.lit(PeriodType.CALENDAR).alias("period_type"),
                        (number(column) * scale).alias("value"),
                        # The rank among all of England's districts in the edition, as
                        # published: not counted from this file, which may be an extract.
                        pl.format(
                            "Ranked {} among England's districts (1 is the most deprived).",
                            pl.col(rank_column),
                        ).alias("value_note"),
                    )
                )
                specs.append(spec)
        skipped = self.data.height - self.chosen.height
        domains = self.data.filter(~pl.col("index_domain").is_in(list(DOMAINS)))
        warnings = []
        if skipped:
            warnings.append(
                f"{skipped} rows of other domains not loaded: "
                + ", ".join(sorted(domains["index_domain"].unique().to_list()))
            )
        return Prepared(
            source=SOURCE,
            indicators=specs,
            frame=tidy(pl.concat(frames)),
            rows_read=self.data.height,
            rows_skipped=skipped,
            warnings=warnings,
        )
