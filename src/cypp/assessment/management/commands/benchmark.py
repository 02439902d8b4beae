"""`cypp benchmark`: an area against England, its region and its statistical neighbours."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.assessment.benchmarking import benchmark_get
from cypp.geography.models import ComparatorModel
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.json_numbers import numbers_rounded
from cypp.indicators.selectors import UnknownIndicator, UnknownPeriod, indicator_get, period_for


def _fmt(value: float | None) -> str:
    return "no value" if value is None else f"{value:g}"


class Command(BaseCommand):
    help = "Benchmark an area's value against England, its region and its statistical neighbours."
    requires_system_checks: list[str] = []  # it changes nothing (see cypp.command_line)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", required=True, help="SOURCE:CODE, e.g. lait:LAC")
        parser.add_argument("--area", required=True, help="ONS or DfE code, e.g. E06000019 or 884")
        parser.add_argument("--period", help="Period label, e.g. 2025 (default: the latest)")
        parser.add_argument(
            "--model", help="Comparator model key, e.g. dfe-sn-2021 (default: latest)"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            indicator = indicator_get(reference=options["indicator"])
            area = area_get(code=options["area"])
            period = period_for(indicator=indicator, label=options["period"])
        except (UnknownIndicator, UnknownArea, UnknownPeriod) as error:
            raise CommandError(str(error)) from error
        model = None
        if options["model"]:
            model = ComparatorModel.objects.filter(key=options["model"]).first()
            if model is None:
                known = ", ".join(ComparatorModel.objects.values_list("key", flat=True))
                raise CommandError(f"No comparator model {options['model']!r}; known: {known}.")
        result = benchmark_get(indicator=indicator, area=area, period=period, model=model)
        if options["json"]:
            # Every float here is a figure of the indicator: to its decimals.
            data = numbers_rounded(result.as_dict(), decimals=indicator.decimals)
            self.stdout.write(json.dumps(data, indent=2))
            return
        out = self.stdout.write
        out(f"{indicator.title} ({indicator.reference}), {result.period}")
        out(f"  {area.name}: {_fmt(result.value)}")
        out(f"  England: {_fmt(result.england)}")
        if result.region:
            out(f"  {result.region.name}: {_fmt(result.region.value)}")
        n = result.neighbours
        out(f"  Statistical neighbours ({n.model}, {n.count} with a value): {_fmt(n.average)}")
        if result.rank is not None:
            out(f"  Rank {result.rank} of {result.rank_of} local authorities (1 is best)")
        if result.quartile_band:
            out(f"  Quartile band {result.quartile_band} (A is the best quarter)")
        out(f"  {indicator.source.credit}")
