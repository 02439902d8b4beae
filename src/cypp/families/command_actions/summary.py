"""``cypp families summary --partnership KEY --period 2024-25 [--json] [--as-at DATE]``: the
cohort's counts for a financial year, small numbers shown as "c" (``cypp.families.summary``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.accounts.models import Partnership
from cypp.command_line import date_argument
from cypp.errors import ApplicationError
from cypp.families.summary import CohortSummary, cohort_summary

ACTION = "summary"
HELP = "The cohort's counts for a financial year (small numbers shown as c)."
READS_ONLY = True


class NoSuchPartnership(ApplicationError):
    """No partnership has the key given."""


def partnership_named(key: str) -> Partnership:
    """The partnership with this key, or a refusal naming the key."""
    found = Partnership.objects.filter(key=key).first()
    if found is None:
        raise NoSuchPartnership(f"There is no partnership with the key {key!r}.")
    return found


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument(
        "--period", required=True, help="A financial year as CYPP writes them: 2024-25."
    )
    parser.add_argument(
        "--as-at",
        type=date_argument,
        default=None,
        help="Judge a year still running as at this day (YYYY-MM-DD; default today).",
    )
    parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")


def summary_words(summary: CohortSummary) -> str:
    """The summary as a readable table, for people at a terminal."""
    when = (
        "as at the end of the year"
        if summary.year_complete
        else f"as at {summary.judged_on:%d %B %Y} (the year is not over)"
    )
    lines = [
        f"Early help in {summary.period}, {when}",
        "",
        f"  Families worked with                      {summary.families_worked_with}",
        f"  Of them, with a known lead practitioner   {summary.families_with_lead_practitioner}",
        f"  Episodes still open                       {summary.episodes_open}",
        f"  Results claims made for the year          {summary.claims}",
        "",
        "Episodes closed in the year, by reason",
    ]
    if summary.episodes_closed:
        width = max(len(r) for r in summary.episodes_closed)
        lines += [f"  {r:<{width}}  {n}" for r, n in summary.episodes_closed.items()]
    else:
        lines.append("  none")
    lines += ["", "Outcomes of the families worked with: needs, met, sustained"]
    width = max((len(o.label) for o in summary.outcomes), default=0)
    lines += [
        f"  {o.label:<{width}}  {o.needs!s:>6} {o.met!s:>6} {o.sustained!s:>6}"
        for o in summary.outcomes
    ]
    if summary.suppressed:
        lines += ["", summary.rule.note() + "."]
    return "\n".join(lines)


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_named(options["partnership"])
    summary = cohort_summary(partnership, options["period"], as_at=options["as_at"])
    if options["json"]:
        command.stdout.write(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
    else:
        command.stdout.write(summary_words(summary))
