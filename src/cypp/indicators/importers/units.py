"""What a published unit says about an indicator: its value type and multiplier."""

from __future__ import annotations

import re

_PER = re.compile(r"per\s+([\d,]+)", re.IGNORECASE)


def value_type_from_unit(unit: str) -> tuple[str, int]:
    """('rate', 10000) for "Rate per 10,000", ('proportion', 100) for "% of ...", and so on."""
    text = unit.strip().lower()
    if m := _PER.search(text):
        return "rate", int(m.group(1).replace(",", ""))
    if text.startswith("%") or "percentage" in text or text.endswith("%"):
        return "proportion", 100
    if text.startswith("number") or text.startswith("count"):
        return "count", 1
    if "average" in text or "mean" in text or "score" in text:
        return "mean", 1
    return "other", 1
