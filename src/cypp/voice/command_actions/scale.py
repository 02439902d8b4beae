"""``cypp voice scale register --partnership KEY --scale swemwbs --licence REF`` and
``cypp voice scale list [--partnership KEY]``: the licensed scales (SWEMWBS, SDQ) a
partnership has registered; only then may its survey files ask their items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.accounts.models import Partnership

ACTION = "scale"
HELP = "Register a partnership's licence for a licensed scale (SWEMWBS, SDQ), or list them."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    from cypp.voice.scales import SCALES

    sub = parser.add_subparsers(dest="scale_action", required=True)
    register = sub.add_parser("register", help="Record the partnership's licence for a scale.")
    register.add_argument("--partnership", required=True, help="The partnership's key.")
    register.add_argument("--scale", required=True, choices=sorted(SCALES))
    register.add_argument("--licence", required=True, help="The licence's reference.")
    listing = sub.add_parser("list", help="The scales registered.")
    listing.add_argument("--partnership", help="Only this partnership's (its key).")


def _partnership(key: str) -> Partnership:
    partnership = Partnership.objects.filter(key=key).first()
    if partnership is None:
        known = ", ".join(Partnership.objects.order_by("key").values_list("key", flat=True))
        raise CommandError(f"No partnership {key!r}; known: {known}.")
    return partnership


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.voice.models import ScaleRegistration
    from cypp.voice.scales import SCALES
    from cypp.voice.services_surveys import scale_register

    if options["scale_action"] == "register":
        partnership = _partnership(options["partnership"])
        registration = scale_register(
            partnership=partnership, scale=options["scale"], licence=options["licence"], by=None
        )
        name = SCALES[registration.scale].name
        command.stdout.write(
            f"{partnership.name} may ask {name} (licence {registration.licence_reference})."
        )
        return
    registrations = ScaleRegistration.objects.select_related("partnership").order_by(
        "partnership__key", "scale"
    )
    if options.get("partnership"):
        registrations = registrations.filter(partnership=_partnership(options["partnership"]))
    if not registrations:
        command.stdout.write("No licensed scale is registered.")
    for r in registrations:
        command.stdout.write(f"{r.partnership.key}: {r.scale} (licence {r.licence_reference})")
