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

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jalon.finance.models import CostCategory, Expenditure
from jalon.tabular import RowProblem, column_key, read_date, read_rows

__all__ = ["Parsed", "ParsedRow", "RowProblem", "parse_costs"]

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
    key = column_key(value)
    labels = {column_key(label): code for code, label in CostCategory.choices}
    found = CATEGORY_NAMES.get(key) or labels.get(key)
    if not found:
        raise ValueError(_("“%(value)s” is not a category (labour, equipment, material, "
                           "subcontracting, other).") % {"value": value or ""})
    return found


def _expenditure(value: Any) -> str:
    key = column_key(value)
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
    header, rows = read_rows(
        name=name, content=content, columns=COLUMNS, required=REQUIRED,
        missing_message=_("missing column; the first row must name the columns (date, amount, "
                          "category, and optionally expenditure, task, description)."),
        problems=parsed.problems)
    readers = {"date": read_date, "amount": _amount, "category": _category,
               "expenditure": _expenditure}
    for number, cells in rows:
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
