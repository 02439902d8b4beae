"""Background work for governance (django-tasks): syncs with the council's committee
system, asked for from the page or by the scheduled ``cypp governance sync --all --enqueue``."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from cypp.errors import ApplicationError

logger = logging.getLogger(__name__)


@task()
def committee_sync_task(
    partnership_id: int,
    by_id: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> None:
    """Sync the partnership's meetings between the dates (ISO text; by default 90 days either
    side of today). A refusal is kept on its ``CommitteeSync`` row for the page to show; it
    is logged here, not raised again."""
    from django.contrib.auth import get_user_model

    from cypp.accounts.models import Partnership
    from cypp.governance.services.committee_sync import committee_sync

    partnership = Partnership.objects.get(pk=partnership_id)
    by = get_user_model().objects.filter(pk=by_id).first() if by_id is not None else None
    try:
        committee_sync(
            by=by,
            partnership=partnership,
            date_from=dt.date.fromisoformat(date_from) if date_from else None,
            date_to=dt.date.fromisoformat(date_to) if date_to else None,
        )
    except ApplicationError as error:
        logger.warning("Committee system sync of %s failed: %s", partnership.key, error)
