"""`cypp commentary`: set up a plan's reporting periods, and e-mail the reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.commentary.models import ReportingPeriod
from cypp.commentary.reminders import commentary_reminders_send
from cypp.commentary.selectors import UnknownPeriod, period_get, period_latest
from cypp.commentary.services import reporting_periods_create
from cypp.plans.models import Plan
from cypp.plans.selectors import UnknownPlan, plan_get


class Command(BaseCommand):
    help = "Reporting periods and commentary: set up the periods, send the reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser(
            "remind",
            help="E-mail each person what they owe for a period (default: every plan with "
            "periods, each for its current period).",
        )
        remind.add_argument("--plan", help="The plan's key (see `cypp plan list`).")
        remind.add_argument("--period", help="The period's key, e.g. 2016-q3 (needs --plan).")

        periods = sub.add_parser(
            "periods", help="Create a plan's reporting periods (existing ones are kept)."
        )
        periods.add_argument("--plan", required=True)
        periods.add_argument(
            "--frequency",
            default=ReportingPeriod.Frequency.QUARTERLY.value,
            choices=ReportingPeriod.Frequency.values,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _plan(self, key: str) -> Plan:
        try:
            return plan_get(key=key)
        except UnknownPlan as error:
            raise CommandError(str(error)) from error

    def _remind(self, options: dict[str, Any]) -> None:
        if options["period"] and not options["plan"]:
            raise CommandError("--period needs --plan: period keys belong to a plan.")
        if options["plan"]:
            plan = self._plan(options["plan"])
            if options["period"]:
                try:
                    periods = [period_get(plan=plan, key=options["period"])]
                except UnknownPeriod as error:
                    raise CommandError(str(error)) from error
            else:
                latest = period_latest(plan=plan)
                if latest is None:
                    raise CommandError(
                        f"The plan {plan.key!r} has no reporting periods: "
                        f"run `cypp commentary periods --plan {plan.key}` first."
                    )
                periods = [latest]
        else:
            periods = []
            for plan in Plan.objects.filter(reporting_periods__isnull=False).distinct():
                latest = period_latest(plan=plan)
                if latest is not None:
                    periods.append(latest)
        for period in periods:
            if period.is_locked:
                self.stdout.write(f"{period.plan.key} {period.key}: locked, no reminders.")
                continue
            sent = commentary_reminders_send(period=period, by=None)
            self.stdout.write(f"{period.plan.key} {period.key}: {sent} reminder(s) sent.")

    def _periods(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["plan"])
        before = ReportingPeriod.objects.filter(plan=plan).count()
        periods = reporting_periods_create(plan=plan, frequency=options["frequency"], by=None)
        made = ReportingPeriod.objects.filter(plan=plan).count() - before
        self.stdout.write(
            f"{plan.key}: {len(periods)} {options['frequency']} periods "
            f"({made} new), {periods[0].key} to {periods[-1].key}."
            if periods
            else f"{plan.key}: no periods."
        )
