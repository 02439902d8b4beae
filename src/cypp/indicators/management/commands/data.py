"""`cypp data`: import files into the evidence store, list what a file holds, show observations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cypp.command_line import ActionsCommand
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.importers import importer_keys
from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.json_numbers import number_rounded
from cypp.indicators.selectors import (
    UnknownIndicator,
    UnknownPeriod,
    indicator_get,
    observations_list,
    period_for,
)
from cypp.indicators.services import observations_import


def _observation_dict(obs: Any, decimals: int | None = None) -> dict[str, Any]:
    # The value and its limits to the indicator's decimals; counts without float noise.
    def figure(value: float | None) -> float | None:
        return number_rounded(value, decimals=decimals)

    def count(value: float | None) -> float | None:
        return number_rounded(value, decimals=None)

    return {
        "period": obs.period.label,
        "period_type": obs.period.period_type,
        "value": figure(obs.value),
        "numerator": count(obs.numerator),
        "denominator": count(obs.denominator),
        "lower_95": figure(obs.lower_95),
        "upper_95": figure(obs.upper_95),
        "lower_998": figure(obs.lower_998),
        "upper_998": figure(obs.upper_998),
        "status": obs.status or "published",
        "provisional": obs.provisional,
        "estimate": obs.estimate,
        "note": obs.value_note,
        "provenance": {
            "batch": obs.batch_id,
            "file": obs.batch.file_name,
            "imported_at": obs.batch.finished_at.isoformat(),
            "imported_by": obs.batch.imported_by_name,
            "revisions": obs.revision_count,
        },
    }


class Command(ActionsCommand):
    help = "Import evidence files, inspect them, and show what is stored."
    read_actions = frozenset({"inspect", "show"})

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import one file; all or nothing.")
        imp.add_argument("importer", choices=importer_keys())
        imp.add_argument("file", type=Path)
        imp.add_argument(
            "--mapping", type=Path, help="EES: which columns become which indicators (YAML)."
        )
        imp.add_argument("--dictionary", type=Path, help="LAIT: the data dictionary CSV.")
        imp.add_argument(
            "--option", action="append", default=[], metavar="KEY=VALUE", help="Importer option."
        )
        imp.add_argument(
            "--force", action="store_true", help="Compare again even if already imported."
        )
        imp.add_argument("--json", action="store_true")

        ins = sub.add_parser("inspect", help="List what an EES file contains, before mapping it.")
        ins.add_argument("file", type=Path)
        ins.add_argument("--json", action="store_true")

        notes = sub.add_parser(
            "notes", help="Apply indicator notes (rates for counts, series breaks) from YAML."
        )
        notes.add_argument("file", type=Path)

        show = sub.add_parser("show", help="Observations of an indicator for an area.")
        show.add_argument("--indicator", required=True, help="SOURCE:CODE, e.g. lait:LAC")
        show.add_argument("--area", required=True, help="ONS or DfE code, e.g. E06000019 or 884")
        show.add_argument("--period", help="One period's label, e.g. 2025")
        show.add_argument("--json", action="store_true")

        from cypp.indicators.cli_refresh import add_refresh_parsers

        add_refresh_parsers(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "inspect":
            self._inspect(options)
        elif action == "notes":
            self._notes(options)
        elif action in ("refresh", "schedule"):
            from cypp.indicators.cli_refresh import refresh_handle, schedule_handle

            (refresh_handle if action == "refresh" else schedule_handle)(self, options)
        else:
            self._show(options)

    def _notes(self, options: dict[str, Any]) -> None:
        from cypp.indicators.notes import indicator_notes_load

        try:
            report = indicator_notes_load(path=options["file"])
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from rejected
        self.stdout.write(
            f"{options['file'].name}: notes for {report.indicators} indicators, "
            f"{report.changed} changed."
        )

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file.")
        importer_options: dict[str, Any] = {}
        for item in options["option"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--option {item!r}: write KEY=VALUE.")
            importer_options[key] = value
        if options["dictionary"]:
            importer_options["dictionary"] = str(options["dictionary"])
        if options["mapping"]:
            from cypp.indicators.importers.ees import load_mapping

            try:
                importer_options["mapping"] = load_mapping(options["mapping"])
                importer_options["mapping_file"] = options["mapping"].name
            except ImportRejected as rejected:
                raise CommandError(str(rejected)) from rejected
        from cypp.indicators.cli_progress import import_progress_bar

        try:
            with import_progress_bar(sys.stderr) as progress:
                report = observations_import(
                    importer=options["importer"],
                    path=path,
                    options=importer_options,
                    force=options["force"],
                    progress=progress,
                )
        except ImportRejected as rejected:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {"rejected": True, "problems": [p.as_dict() for p in rejected.problems]},
                        indent=2,
                    )
                )
            raise CommandError(str(rejected)) from rejected
        result = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        if report.already_imported:
            self.stdout.write(
                f"{path.name} was already imported (batch {result['batch']}); nothing changed. "
                "Use --force to compare it again."
            )
            return
        self.stdout.write(
            f"Imported {path.name} as batch {result['batch']}: {result['rows_read']} rows read, "
            f"{result['rows_loaded']} new, {result['rows_revised']} revised, "
            f"{result['rows_unchanged']} unchanged, {result['rows_skipped']} skipped; "
            f"{result['indicators_revised']} indicator(s) revised."
        )
        for warning in result["warnings"]:
            self.stdout.write(f"  warning: {warning}")
        for revised in report.indicator_changes:
            for name, before in revised.before.items():
                self.stdout.write(
                    f"  indicator revised: {revised.code} {name}: "
                    f"{before!r} -> {revised.after[name]!r}"
                )
        for change in report.changes[:100]:
            self.stdout.write(
                f"  changed: {change.indicator} {change.area} {change.period} {change.field}: "
                f"{change.before!r} -> {change.after!r}"
            )
        if len(report.changes) > 100:
            self.stdout.write(f"  ... and {len(report.changes) - 100} more changes")

    def _inspect(self, options: dict[str, Any]) -> None:
        from cypp.indicators.importers.ees import ees_inspect

        try:
            found = ees_inspect(options["file"])
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from rejected
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2, default=str))
            return
        for key, value in found.items():
            if isinstance(value, dict):
                self.stdout.write(f"{key}:")
                for name, values in value.items():
                    self.stdout.write(f"  {name}: {values}")
            else:
                self.stdout.write(f"{key}: {value}")

    def _show(self, options: dict[str, Any]) -> None:
        try:
            indicator = indicator_get(reference=options["indicator"])
            area = area_get(code=options["area"])
            period = (
                period_for(indicator=indicator, label=options["period"])
                if options["period"]
                else None
            )
        except (UnknownIndicator, UnknownArea, UnknownPeriod) as error:
            raise CommandError(str(error)) from error
        observations = observations_list(indicator=indicator, area=area, period=period)
        result: dict[str, Any] = {
            "indicator": {
                "reference": indicator.reference,
                "title": indicator.title,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "source": indicator.source.name,
                "credit": indicator.source.credit,
            },
            "area": {
                "code": area.code,
                "dfe_code": area.dfe_code,
                "name": area.name,
                "retired": area.retired,
            },
            "observations": [_observation_dict(o, indicator.decimals) for o in observations],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        self.stdout.write(f"{indicator.title} ({indicator.reference}), {area.name} ({area.code})")
        self.stdout.write(f"{indicator.source.credit}")
        for obs in result["observations"]:
            value = "" if obs["value"] is None else obs["value"]
            flags = [f for f in ("provisional", "estimate") if obs[f]]
            status = "" if obs["status"] == "published" else f" [{obs['status']}]"
            qualifiers = f" ({', '.join(flags)})" if flags else ""
            self.stdout.write(f"  {obs['period']:>12}  {value!s:>12}{status}{qualifiers}")
