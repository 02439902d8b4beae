"""Writes for the public site: its settings (the partnership's colour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cypp.accounts.audit import audit_context, audit_saved, field_values
from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.publishing.colours import AA_NORMAL_TEXT, HEX_COLOUR, contrast_with_white
from cypp.publishing.models import PublicSite

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class PublicSiteError(ApplicationError):
    """The public site cannot be set or built as asked; the message says why."""


def public_site_settings_save(
    *, partnership: str, colour: str, by: User | AnonymousUser | None = None
) -> PublicSite:
    """Set the partnership's colour on its public site, refusing one that white text on it
    would not be readable against (under 4.5:1, WCAG 2.2 AA for normal text)."""
    found = Partnership.objects.filter(key=partnership).first()
    if found is None:
        raise PublicSiteError(f"There is no partnership with the key {partnership!r}.")
    colour = colour.strip()
    if not HEX_COLOUR.match(colour):
        raise PublicSiteError(f"{colour!r} is not a colour: write it #RRGGBB, as #1d70b8.")
    ratio = contrast_with_white(colour)
    if ratio < AA_NORMAL_TEXT:
        raise PublicSiteError(
            f"White text on {colour} has a contrast of {ratio:.2f}:1, under the 4.5:1 that "
            "WCAG 2.2 AA asks of text: choose a darker colour."
        )
    with transaction.atomic():
        site = PublicSite.objects.select_for_update().filter(partnership=found).first()
        created = site is None
        if site is None:
            site = PublicSite(partnership=found)
        before = field_values(site, ["colour"])
        site.colour = colour.lower()
        site.save()
        audit_saved(
            by=by,
            obj=site,
            created=created,
            before=before,
            fields=["colour"],
            context=audit_context(partnership=found),
        )
    return site
