"""``cypp families audit claims|draw|result``: make a period's results claims, draw the
audit sample, and print the audit's result (counts only: nothing family-level)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from cypp.accounts.models import Partnership
from cypp.families.claims import audit_of, audit_result, financial_year
from cypp.families.services_claims import audit_draw, claims_make

ACTION = "audit"
HELP = "Results claims and their audit: make a period's claims, draw the sample, the result."
READS_ONLY = False


def add_arguments(parser: Any) -> None:
    sub = parser.add_subparsers(dest="audit_action", required=True)
    claims = sub.add_parser("claims", help="Make the period's claims (families newly ready).")
    draw = sub.add_parser("draw", help="Draw the period's audit sample.")
    result = sub.add_parser("result", help="The audit's result, as counts.")
    for p in (claims, draw, result):
        p.add_argument("--partnership", required=True, help="The partnership's key.")
        p.add_argument("--period", required=True, help="A financial year, e.g. 2024-25.")
    draw.add_argument("--size", type=int, required=True, help="How many claims to sample.")
    draw.add_argument(
        "--risk-based", type=int, required=True, help="How many of them to choose by risk."
    )
    draw.add_argument("--seed", type=int, help="The seed (default: one drawn and recorded).")
    result.add_argument("--json", action="store_true")


def _partnership(key: str) -> Partnership:
    found = Partnership.objects.filter(key=key).first()
    if found is None:
        raise CommandError(f"No partnership with the key {key!r}.")
    return found


def handle(command: Any, options: dict[str, Any]) -> None:
    partnership = _partnership(options["partnership"])
    action = options["audit_action"]
    if action == "claims":
        made = claims_make(partnership, options["period"], by=None)
        command.stdout.write(
            f"{made.made} claim(s) made for {made.period}; {made.already_claimed} ready "
            f"famil{'y' if made.already_claimed == 1 else 'ies'} claimed before; "
            f"{made.not_ready} not ready."
        )
    elif action == "draw":
        audit = audit_draw(
            partnership,
            options["period"],
            size=options["size"],
            risk_based=options["risk_based"],
            seed=options["seed"],
            by=None,
        )
        risk = audit.cases.filter(chosen="risk").count()
        command.stdout.write(
            f"Audit of {audit.period}: {audit.cases.count()} claim(s) sampled, {risk} by risk, "
            f"seed {audit.seed}."
        )
    else:
        period = financial_year(options["period"]).label
        found = audit_of(partnership, period)
        if found is None:
            raise CommandError(f"The claims of {period} have no audit yet.")
        result = audit_result(found)
        if options["json"]:
            command.stdout.write(json.dumps({"period": period, **result.as_dict()}))
            return
        share = result.share_upheld
        command.stdout.write(
            f"Audit of {period}: {result.sampled} sampled, {result.complete} with findings "
            f"complete, {result.upheld} upheld, {result.not_upheld} not upheld"
            + (f" ({share:.0%} upheld)" if share is not None else "")
            + ("; completed." if result.completed else "; in progress.")
        )
