"""What the ``cypp governance`` actions share: finding a partnership by its key, the
transport an option names, and a sync's record as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.governance.models import CommitteeSync
from cypp.governance.moderngov import RecordedTransport, Transport


class NoSuchPartnership(ApplicationError):
    """No partnership has the key given."""


def partnership_named(key: str) -> Partnership:
    """The partnership with this key, or a refusal naming the key."""
    found = Partnership.objects.filter(key=key).first()
    if found is None:
        raise NoSuchPartnership(f"There is no partnership with the key {key!r}.")
    return found


def recorded_transport(directory: Path | None) -> Transport | None:
    """``--recorded DIR``: responses saved in a folder instead of the web service."""
    if directory is None:
        return None
    if not directory.is_dir():
        raise ApplicationError(f"{directory}: no such folder of recorded responses.")
    return RecordedTransport(directory)


def sync_json(run: CommitteeSync) -> dict[str, Any]:
    """A sync's record as ``cypp governance sync --json`` prints it."""
    return {
        "partnership": run.partnership.key,
        "status": run.status,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "by": run.by.get_username() if run.by else None,
        "date_from": run.date_from.isoformat(),
        "date_to": run.date_to.isoformat(),
        "counts": run.counts,
        "error": run.error or None,
    }


COUNT_WORDS = {
    "meetings_created": "Meetings created",
    "meetings_updated": "Meetings updated",
    "meetings_unchanged": "Meetings unchanged",
    "items_created": "Agenda items created",
    "items_updated": "Agenda items updated",
    "items_unchanged": "Agenda items unchanged",
    "papers_linked": "Papers linked",
    "drafts_made": "Drafts of decisions to review",
    "changed_after_confirming": "Items changed after their decisions were confirmed",
}


def sync_words(run: CommitteeSync) -> str:
    lines = [
        f"{run.partnership.name}: meetings from {run.date_from:%d/%m/%Y} to {run.date_to:%d/%m/%Y}"
    ]
    width = max(len(w) for w in COUNT_WORDS.values())
    lines += [f"  {words:<{width}}  {run.counts.get(key, 0)}" for key, words in COUNT_WORDS.items()]
    return "\n".join(lines)
