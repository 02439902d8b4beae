"""`cypp families framework load FILE [--partnership KEY]` and `cypp families framework list
[--json]`: outcome frameworks as versioned data (docs/families.md, "Outcome frameworks")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cypp.accounts.models import Partnership

ACTION = "framework"
HELP = "Load an outcome framework file, or list the frameworks loaded."
# ``load`` writes, so the action runs the system checks.
READS_ONLY = False


def add_arguments(parser: Any) -> None:
    sub = parser.add_subparsers(dest="framework_action", required=True)
    load = sub.add_parser("load", help="Load a framework file (YAML); all or nothing.")
    load.add_argument("file", type=Path)
    load.add_argument(
        "--partnership", help="Judge this partnership's families against it (its key)."
    )
    load.add_argument("--json", action="store_true")
    listing = sub.add_parser("list", help="Every framework version loaded.")
    listing.add_argument("--json", action="store_true")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["framework_action"] == "load":
        _load(command, options)
    else:
        _list(command, options)


def _load(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.families.frameworks import FrameworkRejected, framework_load_report

    partnership = None
    if options.get("partnership"):
        partnership = Partnership.objects.filter(key=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("key", flat=True))
            raise CommandError(f"No partnership {options['partnership']!r}; known: {known}.")
    try:
        report = framework_load_report(options["file"], by=None, partnership=partnership)
    except FrameworkRejected as rejected:
        if options["json"]:
            problems = [
                {"file": p.file, "line": p.line, "field": p.field, "reason": p.reason}
                for p in rejected.problems
            ]
            command.stdout.write(json.dumps({"rejected": True, "problems": problems}, indent=2))
        raise CommandError(str(rejected)) from rejected
    if options["json"]:
        framework = report.framework
        command.stdout.write(
            json.dumps(
                {
                    "key": framework.key,
                    "version": framework.version,
                    "created": report.created,
                    "chosen_for": report.chosen_for.key if report.chosen_for else None,
                    "message": report.message,
                },
                indent=2,
            )
        )
        return
    command.stdout.write(report.message)


def _list(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.families.frameworks import frameworks_list

    found: list[dict[str, Any]] = []
    for framework in frameworks_list():
        outcomes = list(framework.outcomes.all())
        unset = [
            {"outcome": o.code, "evidence_type": r["evidence_type"], "note": r.get("note", "")}
            for o in outcomes
            for r in o.rules
            if r.get("threshold") is None
        ]
        found.append(
            {
                "key": framework.key,
                "version": framework.version,
                "title": framework.title,
                "publisher": framework.publisher,
                "outcomes": [o.code for o in outcomes],
                "unset_thresholds": unset,
                "partnerships": sorted(s.partnership.key for s in framework.partnerships.all()),
                "loaded_at": framework.loaded_at.isoformat(),
                "loaded_by": framework.loaded_by_name,
            }
        )
    if options["json"]:
        command.stdout.write(json.dumps(found, indent=2))
        return
    if not found:
        command.stdout.write("No framework is loaded; see `cypp families framework load`.")
        return
    for entry in found:
        used = f"; used by {', '.join(entry['partnerships'])}" if entry["partnerships"] else ""
        command.stdout.write(
            f"{entry['key']} {entry['version']}: {entry['title']}, "
            f"{len(entry['outcomes'])} outcomes, {len(entry['unset_thresholds'])} "
            f"threshold(s) not set{used}"
        )
