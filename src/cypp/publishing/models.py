"""How a partnership's public site looks: its colour (the name comes from the partnership)."""

from __future__ import annotations

from django.db import models

from cypp.accounts.models import Partnership

# GOV.UK's own header black: the site's colour until the partnership chooses one.
DEFAULT_COLOUR = "#0b0c0c"


class PublicSite(models.Model):
    """The partnership's public site settings. Set with ``cypp site settings``; a partnership
    with none gets the default colour."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="public_site"
    )
    colour = models.CharField(
        max_length=7,
        default=DEFAULT_COLOUR,
        help_text="#RRGGBB; white text on it must reach 4.5:1 contrast (WCAG 2.2 AA).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "public site"

    def __str__(self) -> str:
        return f"Public site of {self.partnership}"
