"""The one writer of downloads (``cypp.downloads``): the bytes of a CSV file, the cells of an
XLSX sheet, and the formula guard on both (OWASP "CSV injection": a cell starting with
= + - @ tab or carriage return is prefixed with ', numbers stay numbers).

Expected bytes are written out by hand from RFC 4180 (comma-separated, CRLF line ends,
a field holding a comma, quote or line break is quoted and its quotes doubled), not read
from the writer.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Role
from cypp.downloads import (
    CSV,
    XLSX,
    Table,
    csv_download,
    csv_text,
    licence_line,
    table_csv,
    table_download,
    tables_xlsx,
)
from cypp.indicators.models import ImportUpload
from tests.plans.factories import person_make

FORMULA = '=HYPERLINK("http://example.com","click")'

TABLE = Table(
    key="measures",
    caption="Measures £",
    columns=("Measure", "Value", "Change"),
    rows=(
        ("Café visits", 12, -2.5),
        (FORMULA, None, "-3.5"),
        ("a, b", 0, "+cmd"),
    ),
)


def test_csv_text_bytes() -> None:
    text = csv_text([("name", "value"), ("Herefordshire", 1.5), ('say "hi"', None), ("x\ny", -3)])
    assert text == 'name,value\r\nHerefordshire,1.5\r\n"say ""hi""",\r\n"x\ny",-3\r\n'


def test_table_csv_bytes_have_a_byte_order_mark_and_guarded_cells() -> None:
    expected = (
        b"\xef\xbb\xbf"
        b"Measure,Value,Change\r\n"
        b"Caf\xc3\xa9 visits,12,-2.5\r\n"
        b'"\'=HYPERLINK(""http://example.com"",""click"")",,-3.5\r\n'
        b'"a, b",0,\'+cmd\r\n'
    )
    assert table_csv(TABLE) == expected


def test_a_hyperlink_formula_is_text_in_csv_and_a_negative_number_is_not_touched() -> None:
    [header, first, second, third] = list(
        csv.reader(io.StringIO(table_csv(TABLE).decode("utf-8-sig"), newline=""))
    )
    assert header == ["Measure", "Value", "Change"]
    assert first == ["Café visits", "12", "-2.5"]
    assert second == ["'" + FORMULA, "", "-3.5"]
    assert third == ["a, b", "0", "'+cmd"]


def test_a_hyperlink_formula_is_text_in_xlsx_and_a_negative_number_stays_a_number() -> None:
    book = openpyxl.load_workbook(io.BytesIO(tables_xlsx([TABLE], title="Pack")))
    sheet = book["measures"]
    assert book.properties.title == "Pack"
    assert sheet["A1"].value == "Measures £"
    assert [c.value for c in sheet[2]] == ["Measure", "Value", "Change"]
    formula_cell = sheet["A4"]
    assert formula_cell.value == "'" + FORMULA
    assert formula_cell.data_type == "s"  # a string, never "f" (a formula Excel would run)
    assert sheet["C3"].value == -2.5 and sheet["C3"].data_type == "n"
    assert sheet["C4"].value == "-3.5"  # a number written as text is left as it was
    assert sheet["C5"].value == "'+cmd"
    assert sheet.freeze_panes == "B3"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_table_download_sets_type_and_file_name() -> None:
    as_csv = table_download(TABLE, fmt="csv", filename="m.csv", title="T")
    assert as_csv["Content-Type"] == CSV
    assert as_csv["Content-Disposition"] == 'attachment; filename="m.csv"'
    assert as_csv.content == table_csv(TABLE)
    as_xlsx = table_download(TABLE, fmt="xlsx", filename="m.xlsx", title="T")
    assert as_xlsx["Content-Type"] == XLSX
    assert as_xlsx["Content-Disposition"] == 'attachment; filename="m.xlsx"'
    with pytest.raises(ValueError, match="csv or xlsx"):
        table_download(TABLE, fmt="pdf", filename="m.pdf", title="T")


def test_csv_download_has_no_byte_order_mark() -> None:
    response = csv_download([("a",), ("@b",)], filename="x.csv")
    assert response.content == b"a\r\n'@b\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_licence_line() -> None:
    assert licence_line("Source: DfE", "OGL v3.0") == "Source: DfE. Licence: OGL v3.0."
    assert licence_line("Source: DfE", "") == "Source: DfE. Licence: see the source."


@pytest.mark.django_db
def test_import_problems_csv_quotes_a_formula_from_the_uploaded_file(
    settings: Any, tmp_path: Path
) -> None:
    # The value column repeats what the uploaded file held: before cypp.downloads this was
    # the one download written without the guard.
    settings.VAR_DIR = tmp_path
    client = Client()
    client.force_login(person_make("importer", role=Role.ANALYST))
    bad = tmp_path / "local_visits.csv"
    bad.write_text(
        "indicator,area,period,period_type,value,title\n"
        "local_visits,E06000019,2023,calendar,12,Youth club visits\n"
        f'local_visits,E10000034,2023,calendar,"{FORMULA.replace(chr(34), chr(34) * 2)}",\n'
        "local_visits,E10000034,2024,calendar,-4,\n",
        encoding="utf-8",
    )
    with bad.open("rb") as handle:
        client.post(reverse("evidence:import-start"), {"file": handle, "importer": ""})
    upload = ImportUpload.objects.get()
    client.get(reverse("evidence:import-preview", args=[upload.pk]))
    response = client.get(reverse("evidence:import-problems", args=[upload.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="problems-{upload.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows[0] == ["file", "row", "column", "value", "reason"]
    values = [row[3] for row in rows[1:]]
    assert "'" + FORMULA in values
    assert FORMULA not in values
