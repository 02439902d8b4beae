"""CSV downloads never hand a spreadsheet a formula (CSV injection): a cell starting with
= + - @ tab or carriage return is prefixed with ', plain numbers are left as they are."""

from __future__ import annotations

import csv
import io

import pytest

from cypp.downloads import csv_text
from cypp.geography.models import Area
from cypp.indicators.models import Indicator

pytestmark = pytest.mark.django_db
HEREFORDSHIRE = "E06000019"
FORMULA = '=HYPERLINK("http://example.com","click")'


def test_csv_text_guards_formulas_and_keeps_numbers() -> None:
    cells = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-3.5", "+2", "-1,234.5", "12%"]
    [row] = list(csv.reader(io.StringIO(csv_text([cells]), newline="")))
    assert row == [
        "'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "-3.5", "+2", "-1,234.5", "12%",
    ]  # fmt: skip


def test_explorer_csv_neutralises_an_area_name(client) -> None:  # type: ignore[no-untyped-def]
    # The area's name as an imported file could spell it.
    area = Area.objects.get(code=HEREFORDSHIRE)
    area.name = FORMULA
    area.save(update_fields=["name"])
    response = client.get(
        "/evidence/explorer/",
        {"indicator": "fingertips:90284", "area": HEREFORDSHIRE, "format": "csv"},
    )
    text = response.content.decode()
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert FORMULA not in cells
    assert "'" + FORMULA in cells


def test_area_profile_csv_neutralises_an_indicator_title(client) -> None:  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.filter(
        source__key="lait", topic="Health and Wellbeing", observations__area__code=HEREFORDSHIRE
    ).first()
    assert indicator is not None
    indicator.title = "@" + FORMULA
    indicator.save(update_fields=["title"])
    response = client.get(
        f"/evidence/areas/{HEREFORDSHIRE}/", {"topic": "Health and Wellbeing", "format": "csv"}
    )
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert "'@" + FORMULA in cells
    assert "@" + FORMULA not in cells
