"""Reading a table of rows from an uploaded CSV or XLSX file, with a report that names every bad
row. The cost import (``jalon.finance.cost_import``) and the timesheet import
(``jalon.timesheets.timesheet_import``) read their files here and differ only in their columns.

The first row holds the column names, matched in any order, case and accents ignored; row
numbers are those of the file (the header is row 1). Nothing is read beyond ``MAX_ROWS`` rows
or from a file larger than ``MAX_BYTES``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.errors import ValidationFailed

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: a small file may hold a gigabyte of XML (one huge shared string, millions
# of them). Its parts are measured, unpacked size, before openpyxl reads a byte.
MAX_XLSX_UNPACKED = 100 * 1024 * 1024


@dataclass(frozen=True)
class RowProblem:
    """One problem of the file: the row (1 = header), the column, what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


class ImportFailed(ValidationFailed):
    """The file has bad rows; ``problems`` names each (row, column, message). Nothing was saved."""

    code = "import_failed"

    def __init__(self, problems: list[RowProblem]) -> None:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(_("row %(row)s") % {"row": problem.row}, []).append(
                f"{problem.column}: {problem.message}")
        super().__init__(
            ngettext("%(count)s problem in the file; nothing was imported.",
                     "%(count)s problems in the file; nothing was imported.", len(problems))
            % {"count": len(problems)},
            errors=errors)
        self.problems = problems


def column_key(text: Any) -> str:
    """A header cell as matched: lower case, no accents, straight apostrophes."""
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("œ", "oe")


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The file's cells, row by row; raises ValueError with a message for an unreadable file."""
    if len(content) > MAX_BYTES:
        raise ValueError(_("The file is larger than 5 MB."))
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        _check_unpacked_size(content)
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ValueError(_("This is not a readable XLSX workbook.")) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)]
        book.close()
        return rows
    if not name.lower().endswith((".csv", ".txt")):
        raise ValueError(_("Give a .csv or .xlsx file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise ValueError(_("The file is not UTF-8 text."))
    if "\x00" in text:
        raise ValueError(_("The file contains NUL characters: it is not a text table."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for _, row in zip(range(MAX_ROWS + 1), reader, strict=False)]


def _check_unpacked_size(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except zipfile.BadZipFile:
        raise ValueError(_("This is not a readable XLSX workbook.")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ValueError(_("The workbook unpacks to more than 100 MB: save a smaller table, or "
                           "as CSV."))


def read_rows(*, name: str, content: bytes, columns: Mapping[str, str],
              required: Sequence[str], missing_message: str,
              problems: list[RowProblem]) -> tuple[list[str | None], list[tuple[int, list[Any]]]]:
    """The header (each cell's column, None when unknown) and the non-blank rows with their
    numbers. ``columns`` maps accepted names (as :func:`column_key` gives them) to columns; a
    problem is added to ``problems`` (and no row returned) for an unreadable or empty file, a
    missing required column (``missing_message``) or too many rows."""
    try:
        table = read_table(name, content)
    except ValueError as exc:
        problems.append(RowProblem(1, _("file"), str(exc)))
        return [], []
    while table and not any(str(c or "").strip() for c in table[-1]):
        table.pop()
    if not table:
        problems.append(RowProblem(1, _("file"), _("The file is empty.")))
        return [], []
    header = [columns.get(column_key(cell)) for cell in table[0]]
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(RowProblem(1, ", ".join(missing), missing_message))
        return header, []
    if len(table) > MAX_ROWS:
        problems.append(RowProblem(MAX_ROWS + 1, _("file"),
                                   _("Import at most 10,000 rows at a time.")))
        return header, []
    return header, [(number, cells) for number, cells in enumerate(table[1:], start=2)
                    if any(str(c or "").strip() for c in cells)]


def read_date(value: Any) -> date:
    """A date cell: an XLSX date, ``2026-03-31`` or ``31/03/2026``; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("the date is missing."))
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (2026-03-31 or 31/03/2026).") % {"value": text})
