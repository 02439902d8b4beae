"""Live refresh from the official APIs (docs/live-refresh.md): OHID Fingertips and the DfE
explore education statistics API.

Pure Python, no Django: ``client`` fetches over HTTP or reads recorded responses;
``requests`` says which address answers which question and turns EES metadata into the
``.meta.csv`` the importer reads. The writes (an import batch like a file's) are
``cypp.indicators.services_refresh``.
"""

from cypp.indicators.refresh.client import (
    ApiRequest,
    OfficialApiError,
    RecordedTransport,
    Transport,
    WebTransport,
)
from cypp.indicators.refresh.requests import (
    EES_API,
    FINGERTIPS_API,
    REGIONS,
    UPPER_TIER,
    ees_csv_request,
    ees_meta_csv,
    ees_meta_request,
    fingertips_request,
    indicator_ids_parse,
)

__all__ = [
    "EES_API",
    "FINGERTIPS_API",
    "REGIONS",
    "UPPER_TIER",
    "ApiRequest",
    "OfficialApiError",
    "RecordedTransport",
    "Transport",
    "WebTransport",
    "ees_csv_request",
    "ees_meta_csv",
    "ees_meta_request",
    "fingertips_request",
    "indicator_ids_parse",
]
