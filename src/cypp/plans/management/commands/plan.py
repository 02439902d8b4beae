"""`cypp plan`: load, export, compare, list, start, check plans and restore deleted parts
(docs/plan-files.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cypp.command_line import ActionsCommand, date_argument
from cypp.plans.deleted_items import (
    carried_words,
    deleted_item_restore,
    deleted_items_list,
)
from cypp.plans.measurability import plan_measurability
from cypp.plans.models import DeletedItem, Plan
from cypp.plans.plan_files import (
    CARRY_CHOICES,
    PlanFileRejected,
    PlanLoadResult,
    changes_summary,
    plan_export,
    plan_file_compare,
    plan_load,
    plan_successor_create,
)
from cypp.plans.plan_files.loader import plan_file_deletions
from cypp.plans.selectors import UnknownPlan, plan_get, plans_list

_PLURAL = {"priority": "priorities", "pledge": "pledges"}


def _deleted_row(item: DeletedItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "key": item.key,
        "title": item.title,
        "path": item.path,
        "carried": item.carried,
        "deleted_at": item.deleted_at.isoformat(),
        "deleted_by": item.deleted_by,
        "reason": item.reason,
        "restored_at": item.restored_at.isoformat() if item.restored_at else None,
        "restored_by": item.restored_by,
    }


class Command(ActionsCommand):
    help = "Plans as files: load, export, diff, list, start the next plan, check measurability."
    read_actions = frozenset({"check", "diff", "export", "list"})

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load a plan file; all or nothing.")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--confirm-deletions",
            action="store_true",
            help="Load even though the file deletes parts carrying commentary, figures or "
            "decisions (they are kept: see `cypp plan restore`).",
        )
        load.add_argument("--json", action="store_true")

        restore = sub.add_parser(
            "restore", help="List a plan's deleted parts, or bring one back with --item."
        )
        restore.add_argument("--plan", required=True, help="The plan's key.")
        restore.add_argument("--list", action="store_true", help="List them (the default).")
        restore.add_argument("--item", type=int, help="The deleted item's ID (see --list).")
        restore.add_argument("--json", action="store_true")

        export = sub.add_parser("export", help="Write a plan as a canonical plan file.")
        export.add_argument("plan", help="The plan's key (see `cypp plan list`).")
        export.add_argument("--out", type=Path, help="Write to this file instead of printing.")

        diff = sub.add_parser("diff", help="What loading FILE would change; changes nothing.")
        diff.add_argument("plan")
        diff.add_argument("file", type=Path)
        diff.add_argument("--json", action="store_true")

        listing = sub.add_parser("list", help="Every plan with the key the other commands take.")
        listing.add_argument("--json", action="store_true")

        new = sub.add_parser("new", help="Start the plan that follows another (a draft).")
        new.add_argument("--from", dest="source", required=True, help="The plan it follows.")
        new.add_argument(
            "--key", required=True, help="The new plan's key, e.g. herefordshire-2018-2023."
        )
        new.add_argument("--title", required=True)
        new.add_argument("--start", required=True, type=date_argument, help="YYYY-MM-DD")
        new.add_argument("--end", required=True, type=date_argument, help="YYYY-MM-DD")
        new.add_argument(
            "--carry",
            default=",".join(CARRY_CHOICES),
            help=f"What to carry forward, comma-separated, from: {','.join(CARRY_CHOICES)} "
            "(default: all; 'none' for nothing). Measures bring their outcomes and priorities.",
        )
        new.add_argument("--json", action="store_true")

        check = sub.add_parser("check", help="How measurable the plan is, and what is missing.")
        check.add_argument("plan")
        check.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, f"_{action}")(options)

    def _plan(self, key: str) -> Plan:
        try:
            return plan_get(key=key)
        except UnknownPlan as error:
            raise CommandError(f"{error} See `cypp plan list`.") from error

    def _rejected(self, rejected: PlanFileRejected, as_json: bool) -> CommandError:
        if as_json:
            problems = [p.as_dict() for p in rejected.problems]
            self.stdout.write(json.dumps({"rejected": True, "problems": problems}, indent=2))
        return CommandError(str(rejected))

    def _load(self, options: dict[str, Any]) -> None:
        try:
            result = plan_load(path=options["file"], confirm_deletions=options["confirm_deletions"])
        except PlanFileRejected as rejected:
            raise self._rejected(rejected, options["json"]) from rejected
        self._report(result, options["json"])
        if not options["json"]:
            for warning in result.warnings:
                self.stderr.write(f"Warning: {warning}.")
            if result.deleted:
                self.stdout.write(
                    f"{len(result.deleted)} deleted part(s) kept; see "
                    f"`cypp plan restore --plan {result.plan.key} --list`."
                )

    def _restore(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["plan"])
        if options["item"] is None:
            self._deleted_list(plan, options["json"])
            return
        item = DeletedItem.objects.filter(plan=plan, pk=options["item"]).first()
        if item is None:
            raise CommandError(
                f"No deleted item {options['item']} in plan {plan.key}; "
                f"see `cypp plan restore --plan {plan.key} --list`."
            )
        item = deleted_item_restore(item=item)
        what = carried_words(item.carried)
        if options["json"]:
            self.stdout.write(json.dumps(_deleted_row(item), indent=2))
            return
        self.stdout.write(
            f"Restored {item.kind} {item.key!r} to {plan.key}"
            + (f" with {what}" if what else "")
            + "."
        )

    def _deleted_list(self, plan: Plan, as_json: bool) -> None:
        items = list(deleted_items_list(plan=plan))
        if as_json:
            self.stdout.write(json.dumps([_deleted_row(i) for i in items], indent=2))
            return
        if not items:
            self.stdout.write(f"Nothing deleted from {plan.key} has been kept.")
            return
        for item in items:
            what = carried_words(item.carried)
            state = (
                f"restored {item.restored_at:%Y-%m-%d %H:%M} by {item.restored_by}"
                if item.restored_at
                else "restorable"
            )
            self.stdout.write(
                f"{item.pk:>5}  {item.kind} {item.key!r} ({item.path or item.title}), deleted "
                f"{item.deleted_at:%Y-%m-%d %H:%M} by {item.deleted_by}"
                + (f" ({item.reason})" if item.reason else "")
                + (f", with {what}" if what else "")
                + f"; {state}"
            )

    def _report(self, result: PlanLoadResult, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        plan = result.plan
        if result.created:
            counts = (
                f"{plan.priorities.count()} {_PLURAL.get(plan.priority_word, 'priorities')}, "
                f"{sum(p.outcomes.count() for p in plan.priorities.all())} outcomes, "
                f"{plan.commitments.count()} commitments, {plan.budget_lines.count()} budget lines"
            )
            self.stdout.write(
                f"Created plan {plan.key} ({plan.title}) from {result.file}: {counts}."
            )
            if result.changes:
                self.stdout.write(f"The partnership {plan.partnership.key} changed:")
        elif not result.changes:
            self.stdout.write(
                f"No changes: {plan.key} is already as {result.file} says; nothing was written."
            )
            return
        else:
            kept = (
                f" Version {result.version.version or '(unlabelled)'} kept."
                if result.version
                else ""
            )
            self.stdout.write(
                f"Updated plan {plan.key} from {result.file}: {changes_summary(result.changes)}.{kept}"
            )
        for change in result.changes:
            self.stdout.write(str(change))

    def _export(self, options: dict[str, Any]) -> None:
        text = plan_export(plan=self._plan(options["plan"]))
        if options["out"]:
            options["out"].write_bytes(text.encode("utf-8"))
            self.stderr.write(f"Wrote {options['plan']} to {options['out']}.")
        else:
            self.stdout.write(text, ending="")

    def _diff(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["plan"])
        try:
            changes = plan_file_compare(plan=plan, path=options["file"])
            doomed = plan_file_deletions(plan=plan, path=options["file"]) if changes else []
        except PlanFileRejected as rejected:
            raise self._rejected(rejected, options["json"]) from rejected
        if options["json"]:
            payload = {
                "plan": plan.key,
                "file": options["file"].name,
                "summary": changes_summary(changes),
                "changes": [c.as_dict() for c in changes],
                "diff": [str(c) for c in changes],
                "deletions": [d.as_dict() for d in doomed],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        if not changes:
            self.stdout.write(f"No changes: {plan.key} is already as {options['file'].name} says.")
            return
        self.stdout.write(
            f"Loading {options['file'].name} would change {plan.key}: {changes_summary(changes)}."
        )
        for change in changes:
            self.stdout.write(str(change))
        at_risk = [d for d in doomed if d.must_confirm]
        if at_risk:
            self.stdout.write(
                "Loading would delete parts that carry people's work (kept, and restorable, "
                "but the load needs --confirm-deletions):"
            )
            for part in at_risk:
                self.stdout.write(f"  {part.path}: {part}")

    def _list(self, options: dict[str, Any]) -> None:
        rows: list[dict[str, Any]] = [
            {
                "key": p.key,
                "title": p.title,
                "partnership": p.partnership.key,
                "partnership_name": p.partnership.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "status": p.status,
                "version": p.version,
                "succeeds": p.succeeds.key if p.succeeds else None,
            }
            for p in plans_list().order_by("partnership__name", "start", "key")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No plans yet. Load one with `cypp plan load FILE`.")
            return
        header = ("PLAN", "PARTNERSHIP", "PERIOD", "STATUS", "VERSION", "TITLE")
        table: list[tuple[str, ...]] = [header] + [
            (
                r["key"],
                r["partnership"],
                f"{r['start']} to {r['end']}",
                r["status"],
                r["version"] or "-",
                r["title"],
            )
            for r in rows
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
        for row in table:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]))

    def _new(self, options: dict[str, Any]) -> None:
        source = self._plan(options["source"])
        carry = [] if options["carry"].strip() == "none" else options["carry"].split(",")
        try:
            result = plan_successor_create(
                plan=source,
                key=options["key"],
                title=options["title"],
                start=options["start"],
                end=options["end"],
                carry=carry,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        except PlanFileRejected as rejected:
            raise self._rejected(rejected, options["json"]) from rejected
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(
            f"Started {result.plan.key} ({result.plan.title}), a draft succeeding {source.key}."
        )

    def _check(self, options: dict[str, Any]) -> None:
        report = plan_measurability(plan=self._plan(options["plan"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(f"Measurability of {report.plan}: {report.score}%")
        for outcome in report.as_dict()["outcomes"]:
            self.stdout.write(
                f"  {outcome['priority']} / {outcome['key']}: {outcome['score']}%  {outcome['title']}"
            )
            for gap in outcome["gaps"]:
                self.stdout.write(f"    {gap['code']}: {gap['message']}")
            for measure in outcome["measures"]:
                self.stdout.write(
                    f"    measure {measure['key']}: {measure['passed']} of {measure['checks']} checks"
                )
                for gap in measure["gaps"]:
                    self.stdout.write(f"      {gap['code']}: {gap['message']}")
