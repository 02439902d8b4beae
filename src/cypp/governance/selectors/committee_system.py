"""Reads about a partnership's committee system: the committees it offers (to choose which
are the partnership's boards) and the syncs that have run."""

from __future__ import annotations

from cypp.accounts.models import Partnership
from cypp.governance.models import CommitteeSync
from cypp.governance.moderngov import Committee, Transport, committees_fetch


def committees_offered(
    partnership: Partnership, transport: Transport | None = None
) -> tuple[Committee, ...]:
    """The committees of the partnership's committee system (GetCommittees), by title, less
    the deleted ones; an expired one is offered, marked ``expired``, for older meetings.
    Raises ``CommitteeSystemError`` when there is no committee system or it cannot be read."""
    # The transport choice lives with the sync, so both read the same place.
    from cypp.governance.services.committee_sync import committee_system_of, transport_for

    if transport is None:
        transport = transport_for(committee_system_of(partnership))
    found = committees_fetch(transport)
    return tuple(sorted((c for c in found if not c.deleted), key=lambda c: c.title.lower()))


def committee_syncs(partnership: Partnership, *, limit: int = 10) -> list[CommitteeSync]:
    """The partnership's latest syncs, newest first, with who ran them."""
    return list(CommitteeSync.objects.filter(partnership=partnership).select_related("by")[:limit])
