"""Reads for the public site."""

from __future__ import annotations

from cypp.accounts.models import Partnership
from cypp.publishing.models import DEFAULT_COLOUR, PublicSite


def public_site_colour(*, partnership: Partnership) -> str:
    """The partnership's colour on its public site (GOV.UK's header black if none is set)."""
    site = PublicSite.objects.filter(partnership=partnership).first()
    return site.colour if site else DEFAULT_COLOUR
