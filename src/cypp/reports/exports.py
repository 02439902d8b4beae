"""Tables as files: CSV (one table) and XLSX (a sheet per table), from the same tables the
pages and the board pack show. Text that a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cypp.reports.board_pack.sections import Table

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A number written as text ("-3.5", "+2", "-1,234.5") is data, not a formula: left alone.
_PLAIN_NUMBER = re.compile(r"^[-+]\d[\d,]*(\.\d+)?%?$")


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would evaluate is prefixed with '."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text, every cell through ``safe_cell``: the one CSV writer of the pages'
    downloads (explorer, area profile), so none forgets the formula guard."""
    out = io.StringIO()
    # CRLF as RFC 4180 writes it; with "\n" alone a cell holding "\r" would go unquoted.
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else safe_cell(c) for c in row])
    return out.getvalue()


def table_from_json(key: str, data: dict[str, Any]) -> Table:
    return Table(
        key=key,
        caption=str(data["caption"]),
        columns=tuple(data["columns"]),
        rows=tuple(tuple(r) for r in data["rows"]),
    )


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents and the pound sign correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if c is None else safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables_xlsx(tables: Sequence[Table], *, title: str) -> bytes:
    """One sheet per table: its caption in the first row, bold headers, frozen panes."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "CYPP"
    for table in tables:
        sheet = book.create_sheet(title=table.key[:31])
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.columns))
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
