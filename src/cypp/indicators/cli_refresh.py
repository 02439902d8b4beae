"""``cypp data refresh`` and ``cypp data schedule``: the live refresh from the official APIs
on the command line (docs/live-refresh.md). ``data.py`` adds these actions and hands them here.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.refresh import UPPER_TIER, indicator_ids_parse
from cypp.indicators.selectors_refresh import (
    refresh_schedule_dict,
    refresh_schedule_get,
    refresh_schedules_list,
)
from cypp.indicators.services import ImportReport
from cypp.indicators.services_refresh import (
    indicators_refresh,
    refresh_enqueue,
    refresh_schedule_add,
    refresh_schedule_remove,
    refresh_schedules_queue,
    transport_for,
)


def add_refresh_parsers(sub: Any) -> None:
    """The ``refresh`` and ``schedule`` actions of ``cypp data``."""
    ref = sub.add_parser("refresh", help="Fetch from Fingertips or the EES API and import it.")
    what = ref.add_mutually_exclusive_group(required=True)
    what.add_argument("--fingertips", metavar="ID[,ID...]", help="Fingertips indicator ids.")
    what.add_argument("--ees", metavar="DATASET_ID", help="An EES data set id.")
    what.add_argument("--due", action="store_true", help="Queue the schedules that are due.")
    what.add_argument(
        "--fingertips-profile", type=int, metavar="ID", help="Every indicator of a profile."
    )
    ref.add_argument("--profile", type=int, metavar="ID", help="Fingertips: the profile.")
    ref.add_argument("--area-type", type=int, default=UPPER_TIER, help="Fingertips area type.")
    ref.add_argument("--version", help="EES: the data set version, e.g. 1.0.")
    ref.add_argument("--mapping", type=Path, help="EES: which columns become which indicators.")
    ref.add_argument("--recorded", type=Path, metavar="DIR", help="Read recorded responses.")
    ref.add_argument("--force", action="store_true", help="Compare again if already imported.")
    ref.add_argument(
        "--enqueue", action="store_true", help="Leave it to the worker (`make run` starts one)."
    )
    ref.add_argument("--every", type=int, metavar="SECONDS", help="--due: keep checking.")
    ref.add_argument("--json", action="store_true")

    sch = sub.add_parser("schedule", help="Refreshes run on a schedule by the worker.")
    acts = sch.add_subparsers(dest="schedule_action", required=True)
    add = acts.add_parser("add", help="Add a schedule.")
    add.add_argument("name")
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--fingertips", metavar="ID[,ID...]")
    what.add_argument("--ees", metavar="DATASET_ID")
    what.add_argument("--fingertips-profile", type=int, metavar="ID")
    add.add_argument("--profile", type=int)
    add.add_argument("--area-type", type=int, default=UPPER_TIER)
    add.add_argument("--version")
    add.add_argument("--mapping", type=Path)
    add.add_argument("--recorded", type=Path, metavar="DIR")
    add.add_argument("--every-hours", type=int, default=24 * 7)
    add.add_argument("--json", action="store_true")
    lst = acts.add_parser("list", help="The schedules and how each last ran.")
    lst.add_argument("--json", action="store_true")
    rem = acts.add_parser("remove", help="Remove a schedule (its batches stay).")
    rem.add_argument("name")


def _mapping(path: Path | None) -> tuple[dict[str, Any] | None, str]:
    if path is None:
        return None, ""
    from cypp.indicators.importers.ees import load_mapping

    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    try:
        return load_mapping(path), path.name
    except ImportRejected as rejected:
        raise CommandError(str(rejected)) from rejected


def _fingertips_ids(options: dict[str, Any]) -> tuple[tuple[int, ...], int | None]:
    if options.get("fingertips_profile") is not None:
        return (), options["fingertips_profile"]
    return indicator_ids_parse(options["fingertips"]), options.get("profile")


def refresh_handle(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["due"]:
        _due(command, options)
        return
    recorded = str(options["recorded"].resolve()) if options["recorded"] else ""
    transport = transport_for(recorded)
    arguments: dict[str, Any]
    if options["ees"]:
        if not options["version"]:
            raise CommandError("--ees needs --version, e.g. --version 1.0.")
        mapping, mapping_file = _mapping(options["mapping"])
        arguments = {
            "source": "ees",
            "dataset_id": options["ees"],
            "version": options["version"],
            "mapping": mapping,
            "mapping_file": mapping_file,
        }
    else:
        ids, profile = _fingertips_ids(options)
        arguments = {
            "source": "fingertips",
            "indicator_ids": ids,
            "profile_id": profile,
            "area_type": options["area_type"],
        }
    arguments["force"] = options["force"]
    if options["enqueue"]:
        task_id = refresh_enqueue(
            request=arguments
            | {"indicator_ids": list(arguments.get("indicator_ids", ())), "recorded_dir": recorded}
        )
        if options["json"]:
            command.stdout.write(json.dumps({"queued": True, "task": task_id}))
        else:
            command.stdout.write(
                f"Queued for the worker (task {task_id}); the import history shows the batch."
            )
        return
    try:
        report = indicators_refresh(transport=transport, **arguments)
    except ImportRejected as rejected:
        if options["json"]:
            problems = [p.as_dict() for p in rejected.problems]
            command.stdout.write(json.dumps({"rejected": True, "problems": problems}, indent=2))
        raise CommandError(str(rejected)) from rejected
    _report_write(command, report, options["json"], recorded=transport.where)


def _report_write(command: BaseCommand, report: ImportReport, as_json: bool, recorded: str) -> None:
    result = report.as_dict()
    batch_options = report.batch.options if report.batch else {}
    result["source_url"] = batch_options.get("source_url")
    result["recorded"] = bool(batch_options.get("recorded"))
    if as_json:
        command.stdout.write(json.dumps(result, indent=2, default=str))
        return
    origin = result["source_url"] + (
        f" (recorded, read from {recorded})" if recorded != "the web" else ""
    )
    if report.already_imported:
        command.stdout.write(
            f"{origin}: unchanged since batch {result['batch']} (already imported); nothing "
            "changed. Use --force to compare it again."
        )
        return
    command.stdout.write(
        f"Refreshed from {origin} as batch {result['batch']}: {result['rows_read']} rows read, "
        f"{result['rows_loaded']} added, {result['rows_revised']} changed, "
        f"{result['rows_unchanged']} unchanged, {result['rows_skipped']} skipped."
    )
    for warning in result["warnings"]:
        command.stdout.write(f"  warning: {warning}")
    for change in report.changes[:100]:
        command.stdout.write(
            f"  changed: {change.indicator} {change.area} {change.period} {change.field}: "
            f"{change.before!r} -> {change.after!r}"
        )
    if len(report.changes) > 100:
        command.stdout.write(f"  ... and {len(report.changes) - 100} more changes")


def _due(command: BaseCommand, options: dict[str, Any]) -> None:
    every = options["every"]
    if every is not None and every < 1:
        raise CommandError("--every: give a number of seconds of 1 or more.")
    quiet = options.get("verbosity") == 0
    while True:
        queued = refresh_schedules_queue()
        names = [s.name for s in queued]
        if options["json"]:
            command.stdout.write(json.dumps({"queued": names}))
        elif names:
            command.stdout.write(
                f"Queued {len(names)} refresh(es) for the worker: {', '.join(names)}."
            )
        elif not quiet and every is None:
            command.stdout.write("No refresh is due.")
        if every is None:
            return
        time.sleep(every)


def schedule_handle(command: BaseCommand, options: dict[str, Any]) -> None:
    action = options["schedule_action"]
    now = timezone.now()
    if action == "list":
        schedules = [refresh_schedule_dict(s, now) for s in refresh_schedules_list()]
        if options["json"]:
            command.stdout.write(json.dumps(schedules, indent=2))
            return
        if not schedules:
            command.stdout.write("No refresh schedules.")
        for s in schedules:
            what = (
                f"fingertips {s['indicator_ids'] or 'profile ' + str(s['profile_id'])}"
                if s["api"] == "fingertips"
                else f"ees {s['dataset_id']} {s['dataset_version']}"
            )
            state = "due" if s["due"] else ("off" if not s["enabled"] else "not due")
            last = s["last_error"] or s["last_result"] or "never run"
            command.stdout.write(
                f"{s['name']}: {what}, every {s['every_hours']} h, {state}; {last}"
            )
        return
    if action == "remove":
        schedule = refresh_schedule_get(name=options["name"])
        refresh_schedule_remove(by=None, schedule=schedule)
        command.stdout.write(f"Removed the schedule {options['name']}.")
        return
    mapping, mapping_file = _mapping(options["mapping"])
    if options["ees"]:
        fields: dict[str, Any] = {
            "api": "ees",
            "dataset_id": options["ees"],
            "dataset_version": options["version"] or "",
            "mapping": mapping,
            "mapping_file": mapping_file,
        }
    else:
        ids, profile = _fingertips_ids(options)
        fields = {
            "api": "fingertips",
            "indicator_ids": ",".join(str(i) for i in ids),
            "profile_id": profile,
            "area_type": options["area_type"],
        }
    schedule = refresh_schedule_add(
        by=None,
        name=options["name"],
        every_hours=options["every_hours"],
        recorded_dir=str(options["recorded"].resolve()) if options["recorded"] else "",
        **fields,
    )
    if options["json"]:
        command.stdout.write(json.dumps(refresh_schedule_dict(schedule, now), indent=2))
        return
    command.stdout.write(
        f"Added the schedule {schedule.name}: every {schedule.every_hours} h; "
        "`cypp data refresh --due` queues it when due."
    )
