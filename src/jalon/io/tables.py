"""Tables written as CSV or XLSX for a spreadsheet, safe against formula injection.

A :class:`Table` is column headers (already in the reader's language) and rows of typed values:
text, numbers (``int``, ``float``, ``Decimal``), dates, or ``None`` for an empty cell. The
writers keep the types: an XLSX cell holds a real number or date with a number format, a CSV
field is written as the spreadsheet of the reader's language reads it (:class:`CsvStyle`).

**Formula injection.** A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` (and, in some, after a tab or carriage return) as a formula, so a task named
``=cmd|' /C calc'!A0`` would run a command on the machine of whoever opens the export. Every
*text* value is therefore neutralised (:func:`neutralised`): in CSV it is prefixed with an
apostrophe, as OWASP recommends; in XLSX it is written as a string cell marked with Excel's
quote prefix, so that it is never a formula, not even after the cell is edited, and its text is
kept as it is. Numbers are never touched: a negative amount stays a number.

Pure Python and openpyxl: the CLI writes its CSV here too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | Decimal | date | None
"""One cell: text, a number, a date, or None for an empty cell (``bool`` is not a value:
write the word the page shows)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula."""


def neutralised(text: str) -> str:
    """``text`` prefixed with an apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Kind(Enum):
    """What a column holds, which decides its XLSX number format and its CSV writing."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    """A quantity with up to two decimals (days, hours)."""
    AMOUNT = "amount"
    """Money, with two decimals and thousands separators."""
    RATIO = "ratio"
    """An index such as CPI or SPI, two decimals."""
    PERCENT = "percent"
    """Percentage points, 0-100 (``45`` is 45 %), as the pages and the API give them."""
    DATE = "date"


XLSX_FORMATS = {
    Kind.INTEGER: "0",
    Kind.NUMBER: "#,##0.##",
    Kind.AMOUNT: "#,##0.00",
    Kind.RATIO: "0.00",
    Kind.PERCENT: '0" %"',
    # Excel's built-in short date (number format 14), shown in the reader's own date order
    Kind.DATE: "mm-dd-yy",
}

WIDTHS = {Kind.DATE: 12, Kind.AMOUNT: 14, Kind.RATIO: 8, Kind.PERCENT: 8, Kind.INTEGER: 8,
          Kind.NUMBER: 10}
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """One column: its header, in the reader's language, and what it holds."""

    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """Headers and rows, each row one value per column; ``title`` names the XLSX sheet."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Value]]

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(f"Row {number} has {len(row)} values for "
                                 f"{len(self.columns)} columns.")


@dataclass(frozen=True)
class CsvStyle:
    """How the spreadsheet of the reader's language reads a CSV file.

    Excel takes its separator and decimal mark from the system's regional settings: in French
    the list separator is ``;`` and the decimal mark ``,`` (``1234,5``), in English ``,`` and
    ``.``. Dates are ISO 8601 (``2026-03-31``), which both read as dates.
    """

    delimiter: str
    decimal_mark: str


ENGLISH = CsvStyle(delimiter=",", decimal_mark=".")
FRENCH = CsvStyle(delimiter=";", decimal_mark=",")


def csv_style(language: str) -> CsvStyle:
    """The CSV style for a language code (``fr``, ``fr-fr``, ``en``...): French or English."""
    return FRENCH if language.lower().startswith("fr") else ENGLISH


def _csv_field(value: Value, style: CsvStyle) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace(".", style.decimal_mark)


def csv_text(table: Table, style: CsvStyle = ENGLISH) -> str:
    """The table as CSV text (header row first, lines ending with CRLF as RFC 4180 says)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter)
    writer.writerow([neutralised(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_field(value, style) for value in row])
    return out.getvalue()


def csv_bytes(table: Table, style: CsvStyle = ENGLISH) -> bytes:
    """The table as a CSV file, UTF-8 with a byte order mark: without it, Excel reads the file
    in the system's legacy code page and garbles every accent."""
    return csv_text(table, style).encode("utf-8-sig")


def xlsx_bytes(table: Table) -> bytes:
    """The table as an XLSX workbook of one sheet: real numbers and dates with number formats,
    the header row frozen and bold, an autofilter over the table, columns as wide as their
    content (within reason)."""
    return xlsx_workbook_bytes([table])


def xlsx_workbook_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as an XLSX workbook, one sheet each, in order, written as :func:`xlsx_bytes`
    writes one (sheet titles are the tables' titles, made unique)."""
    from openpyxl import Workbook

    # write-only: rows are streamed to the file, so a long list does not hold every cell twice
    book = Workbook(write_only=True)
    titles: set[str] = set()
    for table in tables:
        # Excel forbids []:*?/\ in sheet titles, cuts them at 31 characters, wants them unique
        title = "".join(" " if c in "[]:*?/\\" else c for c in table.title)[:31] or "Export"
        base, number = title, 2
        while title.lower() in titles:
            suffix = f" ({number})"
            title, number = base[:31 - len(suffix)] + suffix, number + 1
        titles.add(title.lower())
        _write_sheet(book.create_sheet(title), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet: Worksheet, table: Table) -> None:
    """Write ``table`` into the write-only ``sheet`` (typed as a worksheet, as openpyxl's stubs
    have it: they give no widths nor filter to a write-only one, which has both)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = _text_cell(WriteOnlyCell(sheet), column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            cell = WriteOnlyCell(sheet)
            if isinstance(value, str):
                _text_cell(cell, value)
            elif value is not None:
                cell.value = value
                cell.number_format = XLSX_FORMATS.get(column.kind, "General")
            cells.append(cell)
        sheet.append(cells)


def _widths(table: Table) -> list[int]:
    """Each column's width in characters: its header's or its longest text, within bounds."""
    widths = [max(len(column.header), WIDTHS.get(column.kind, 8)) for column in table.columns]
    for row in table.rows:
        for index, value in enumerate(row):
            if isinstance(value, str):
                widths[index] = max(widths[index], len(value))
    return [min(width + 2, MAX_WIDTH) for width in widths]


def _text_cell(cell: Cell, text: str) -> Cell:
    """``cell`` holding ``text`` as a string: openpyxl makes a formula of any text starting with
    ``=`` unless the cell's type is set back to string after the value."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
