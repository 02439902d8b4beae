"""What the demo loader has loaded, so that loading again adds only what is new.

One row per thing the demo loads (a plan, a person, a role, the governance and commentary
examples). A thing with a row is never loaded again, even if a user has since changed or
deleted it: the demo is loaded once, then it is the users' (``cypp demo reset`` starts over).
"""

from __future__ import annotations

from django.db import models


class DemoLoaded(models.Model):
    item = models.CharField(
        max_length=200, unique=True, help_text="e.g. plan:herefordshire-2015-2018"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["loaded_at", "id"]
        verbose_name = "demo item loaded"
        verbose_name_plural = "demo items loaded"

    def __str__(self) -> str:
        return self.item
