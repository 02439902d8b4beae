"""Files people download: tables as CSV (one table) and XLSX (a sheet per table), and the
response that hands them over. The one writer for every download (explorer, area profile,
board pack tables, scorecard, audit trail, import problems), so none forgets the formula
guard: text that a spreadsheet would run as a formula is quoted (OWASP "CSV injection").

Below every app: it imports nothing from CYPP, so any app may use it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | float | int | None

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A number written as text ("-3.5", "+2", "-1,234.5") is data, not a formula: left alone.
_PLAIN_NUMBER = re.compile(r"^[-+]\d[\d,]*(\.\d+)?%?$")


@dataclass(frozen=True, slots=True)
class Table:
    """A table as the downloads write it: one CSV file, one XLSX sheet."""

    key: str  # file and sheet name: lower-case words and hyphens
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def table_from_json(key: str, data: dict[str, Any]) -> Table:
    """A table as stored in JSON (a board pack's tables): caption, columns and rows."""
    return Table(
        key=key,
        caption=str(data["caption"]),
        columns=tuple(data["columns"]),
        rows=tuple(tuple(r) for r in data["rows"]),
    )


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would evaluate is prefixed with '."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def licence_line(credit: str, licence: str) -> str:
    """The sentence crediting a source under its figures: "Source: X. Licence: Y."."""
    return f"{credit}. Licence: {licence or 'see the source'}."


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text (a header row first), every cell through ``safe_cell``."""
    out = io.StringIO()
    # CRLF as RFC 4180 writes it; with "\n" alone a cell holding "\r" would go unquoted.
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else safe_cell(c) for c in row])
    return out.getvalue()


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents and the pound sign correctly."""
    return ("\ufeff" + csv_text([table.columns, *table.rows])).encode("utf-8")


def tables_xlsx(tables: Sequence[Table], *, title: str) -> bytes:
    """One sheet per table: its caption in the first row, bold headers, frozen panes."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "CYPP"
    for table in tables:
        sheet = book.create_sheet(title=table.key[:31])
        sheet.append([safe_cell(table.caption)])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([safe_cell(c) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(c) for c in row])
        sheet.freeze_panes = "B3"
        for index, name in enumerate(table.columns, start=1):
            width = max([len(str(name))] + [len(str(r[index - 1] or "")) for r in table.rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as ``filename`` rather than shows."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(rows: Iterable[Sequence[Any]], *, filename: str) -> HttpResponse:
    """Rows (a header row first) as a CSV file without a byte-order mark."""
    return attachment(csv_text(rows), content_type=CSV, filename=filename)


def table_download(table: Table, *, fmt: str, filename: str, title: str) -> HttpResponse:
    """One table as ``filename``: ``fmt`` "csv" (with a byte-order mark) or "xlsx" (one
    sheet, ``title`` as the workbook's title). The views answer 404 to any other format
    before they build the table."""
    if fmt == "csv":
        return attachment(table_csv(table), content_type=CSV, filename=filename)
    if fmt == "xlsx":
        return attachment(tables_xlsx([table], title=title), content_type=XLSX, filename=filename)
    raise ValueError(f"A table downloads as csv or xlsx, not {fmt!r}")
