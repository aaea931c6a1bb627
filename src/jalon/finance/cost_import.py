"""Reading actual costs from a CSV or XLSX file, with a report that names every bad row.

The first row holds the column names (any order, case and accents ignored; English or French):

=============  =========================================  ==========================
column         accepted names                             value
=============  =========================================  ==========================
date           ``date``                                   ``2026-03-31`` or ``31/03/2026``
amount         ``amount``, ``montant``                    ``1234.56`` or ``1 234,56``; > 0
category       ``category``, ``catégorie``                labour, equipment, material,
                                                          subcontracting, other (or the
                                                          French names)
expenditure    ``expenditure``, ``capex/opex``, ``type``  capex or opex (optional; opex)
task           ``task``, ``tâche``, ``wbs``               a WBS code of the project (optional)
description    ``description``, ``libellé``               text (optional)
=============  =========================================  ==========================

Row numbers are those of the file (the header is row 1). Nothing is read beyond
``MAX_ROWS`` rows.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jalon.finance.models import CostCategory, Expenditure

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
AMOUNT_LIMIT = Decimal("999999999999.99")

COLUMNS = {
    "date": "date",
    "amount": "amount", "montant": "amount",
    "category": "category", "categorie": "category",
    "expenditure": "expenditure", "capex/opex": "expenditure", "type": "expenditure",
    "task": "task", "tache": "task", "wbs": "task",
    "description": "description", "libelle": "description",
}
REQUIRED = ("date", "amount", "category")
CATEGORY_NAMES = {
    "labour": "labour", "labor": "labour", "main d'oeuvre": "labour", "main-d'oeuvre": "labour",
    "equipment": "equipment", "equipement": "equipment", "materiel": "equipment",
    "material": "material", "materiaux": "material", "matiere": "material",
    "subcontracting": "subcontracting", "sous-traitance": "subcontracting",
    "other": "other", "autre": "other", "autres": "other",
}


@dataclass(frozen=True)
class RowProblem:
    """One problem of the file: the row (1 = header), the column, what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    date: date
    amount: Decimal
    category: str
    expenditure: str
    task: str
    description: str


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _key(text: Any) -> str:
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").replace("œ", "oe")


def _table(name: str, content: bytes) -> list[list[Any]]:
    """The file's cells, row by row; raises ValueError with a message for an unreadable file."""
    if len(content) > MAX_BYTES:
        raise ValueError(_("The file is larger than 5 MB."))
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

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
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for _, row in zip(range(MAX_ROWS + 1), reader, strict=False)]


def _date(value: Any) -> date:
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


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if not text:
            raise ValueError(_("the amount is missing."))
        # "1234,56" is a French decimal; in "1,234.56" the comma groups thousands.
        text = text.replace(",", "." if "." not in text else "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
    if not number.is_finite() or number <= 0:
        raise ValueError(_("the amount must be greater than 0."))
    if number > AMOUNT_LIMIT or number != number.quantize(Decimal("0.01")):
        raise ValueError(_("the amount must have at most 2 decimals and 12 digits before them."))
    return number


def _category(value: Any) -> str:
    key = _key(value)
    labels = {_key(label): code for code, label in CostCategory.choices}
    found = CATEGORY_NAMES.get(key) or labels.get(key)
    if not found:
        raise ValueError(_("“%(value)s” is not a category (labour, equipment, material, "
                           "subcontracting, other).") % {"value": value or ""})
    return found


def _expenditure(value: Any) -> str:
    key = _key(value)
    if not key:
        return Expenditure.OPEX
    if key in (Expenditure.CAPEX, Expenditure.OPEX):
        return key
    raise ValueError(_("“%(value)s” is neither capex nor opex.") % {"value": value})


def parse_costs(*, name: str, content: bytes, task_codes: set[str]) -> Parsed:
    """Read cost rows from a CSV or XLSX file; collect a problem for every bad cell.

    ``task_codes`` are the WBS codes of the project's tasks: a row naming another is bad.
    """
    parsed = Parsed()
    try:
        table = _table(name, content)
    except ValueError as exc:
        parsed.problems.append(RowProblem(1, _("file"), str(exc)))
        return parsed
    while table and not any(str(c or "").strip() for c in table[-1]):
        table.pop()
    if not table:
        parsed.problems.append(RowProblem(1, _("file"), _("The file is empty.")))
        return parsed
    header = [COLUMNS.get(_key(cell)) for cell in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        parsed.problems.append(RowProblem(1, ", ".join(missing), _(
            "missing column; the first row must name the columns (date, amount, category, "
            "and optionally expenditure, task, description).")))
        return parsed
    if len(table) > MAX_ROWS:
        parsed.problems.append(RowProblem(MAX_ROWS + 1, _("file"),
                                          _("Import at most 10,000 rows at a time.")))
        return parsed
    readers = {"date": _date, "amount": _amount, "category": _category,
               "expenditure": _expenditure}
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue  # a blank row in the middle is no cost
        values = {col: cells[i] if i < len(cells) else None
                  for i, col in enumerate(header) if col}
        good: dict[str, Any] = {}
        bad = False
        for column, read in readers.items():
            try:
                good[column] = read(values.get(column))
            except ValueError as exc:
                parsed.problems.append(RowProblem(number, column, str(exc)))
                bad = True
        task = str(values.get("task") or "").strip()
        if task.endswith(".0") and task[:-2].isdigit():
            task = task[:-2]  # a spreadsheet turned the WBS code "3" into the number 3.0
        if task and task not in task_codes:
            parsed.problems.append(RowProblem(number, "task", _(
                "no task with the WBS code “%(code)s” in this project.") % {"code": task}))
            bad = True
        description = str(values.get("description") or "").strip()
        if len(description) > 250:
            parsed.problems.append(RowProblem(number, "description",
                                              _("at most 250 characters.")))
            bad = True
        if not bad:
            parsed.rows.append(ParsedRow(number, good["date"], good["amount"], good["category"],
                                         good["expenditure"], task, description))
    return parsed
