"""Extraction of resolutions and actions from published minutes (docs/minutes-extraction.md).

Pure Python (no Django): an agenda item's page, saved as text or HTML, in; frozen
dataclasses out. The governance app's services and the `cypp minutes` command call it.
"""

from cypp.governance.minutes.extract import extract_minutes, extract_minutes_file
from cypp.governance.minutes.files import (
    MAX_MINUTES_BYTES,
    decode_minutes_bytes,
    read_minutes_file,
)
from cypp.governance.minutes.model import (
    Action,
    ActionSource,
    Confidence,
    MinutesError,
    MinutesExtract,
    Resolution,
)

__all__ = [
    "MAX_MINUTES_BYTES",
    "Action",
    "ActionSource",
    "Confidence",
    "MinutesError",
    "MinutesExtract",
    "Resolution",
    "decode_minutes_bytes",
    "extract_minutes",
    "extract_minutes_file",
    "read_minutes_file",
]
