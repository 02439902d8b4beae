"""The connector to a council's ModernGov committee system (docs/governance.md, "Meetings
from the council's committee system"; docs/adr/0021-moderngov-connector.md).

Pure Python, no Django: ``client`` calls the public web service (``mgWebService.asmx``) or
reads recorded responses; ``parse`` turns its XML into frozen dataclasses; ``fetch`` does
one call and its parse, naming the call in every refusal. The sync that writes meetings is
``cypp.governance.services.committee_sync``.
"""

from cypp.governance.moderngov.client import (
    CommitteeSystemError,
    RecordedTransport,
    Transport,
    WebServiceTransport,
    web_service_address,
)
from cypp.governance.moderngov.fetch import committees_fetch, meeting_fetch, meetings_fetch
from cypp.governance.moderngov.parse import (
    AgendaEntry,
    Committee,
    LinkedDocument,
    MeetingDetail,
    MeetingSummary,
)

__all__ = [
    "AgendaEntry",
    "Committee",
    "CommitteeSystemError",
    "LinkedDocument",
    "MeetingDetail",
    "MeetingSummary",
    "RecordedTransport",
    "Transport",
    "WebServiceTransport",
    "committees_fetch",
    "meeting_fetch",
    "meetings_fetch",
    "web_service_address",
]
