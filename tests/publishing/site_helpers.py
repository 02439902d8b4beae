"""A small public plan with a published "you said, we did" reply and a published board pack,
for the public site's tests (built with the plan factories on the demo's national data)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from cypp.governance.models import BoardPack
from cypp.plans.models import Plan
from cypp.voice.models import Theme, ThemeReply
from tests.plans.factories import plan_make

# A tiny but well-formed PDF: the site copies the bytes as they are.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def site_plan_make(*, key: str = "site-plan", measures: int = 2, extras: bool = True) -> Plan:
    """A public plan of ``measures`` breastfeeding measures for Herefordshire; with
    ``extras``, a published reply (and an unpublished one) and a published board pack (and
    a draft one)."""
    plan = plan_make(key=key, measures=measures, public=True)
    plan.vision = "Every child in the county has the best start in life."
    plan.save()
    if extras:
        theme = Theme.objects.create(partnership=plan.partnership, name="Somewhere to go")
        ThemeReply.objects.create(
            theme=theme,
            you_said="There is nothing to do after school.",
            we_did="We opened two youth clubs.",
            published_at=timezone.now(),
        )
        ThemeReply.objects.create(
            theme=theme, you_said="Draft: not for the public.", we_did="Not yet decided."
        )
        published = BoardPack.objects.create(
            plan=plan,
            title="Board pack, spring",
            status=BoardPack.Status.PUBLISHED,
            published_at=dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC),
            page_count=1,
        )
        published.pdf_file.save("spring.pdf", ContentFile(PDF))
        draft = BoardPack.objects.create(plan=plan, title="Board pack, draft")
        draft.pdf_file.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"))
    return plan
