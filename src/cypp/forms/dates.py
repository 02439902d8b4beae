"""The GOV.UK date input (day, month, year), shared by every app's forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK date input pattern asks."""

    template_name = "forms/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year; errors say which part is wrong."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(
                    f"Enter the {self.label.lower() if self.label else 'date'}"
                )
            return None
        names = ("day", "month", "year")
        missing = [n for n, p in zip(names, parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(f"The date must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if not 1900 <= year <= 2100:
                raise ValueError
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError("The date must be a real date, like 31 3 2018") from None

    def compress(
        self, data_list: list[Any]
    ) -> dt.date | None:  # pragma: no cover - clean() decides
        return None
