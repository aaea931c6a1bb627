"""Reading timesheet rows from a CSV or XLSX file, with a problem for every bad cell.

The first row holds the column names (any order, case and accents ignored; English or French):

=========  ==========================================  =====================================
column     accepted names                              value
=========  ==========================================  =====================================
date       ``date``, ``jour``                          ``2026-06-01`` or ``01/06/2026``
resource   ``resource``, ``ressource``                 the resource's code or name
project    ``project``, ``projet``                     the project's code (optional when
                                                       importing into one project)
task       ``task``, ``tâche``, ``wbs``                the task's WBS code (or its id)
hours      ``hours``, ``heures``                       ``7.5``, ``7,5`` or ``7:30``;
                                                       more than 0, at most 24
note       ``note``, ``comment``, ``commentaire``      text, 250 characters at most
=========  ==========================================  =====================================

This module reads cells only; whether the resource, project and task exist and whether the
importer may record the hours is checked by ``services.timesheet_entries_import``. Row
numbers are those of the file (the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jalon.tabular import RowProblem, read_date, read_rows
from jalon.timesheets.models import MAX_DAY_HOURS

COLUMNS = {
    "date": "date", "jour": "date",
    "resource": "resource", "ressource": "resource",
    "project": "project", "projet": "project",
    "task": "task", "tache": "task", "wbs": "task",
    "hours": "hours", "heures": "hours",
    "note": "note", "comment": "note", "commentaire": "note",
}
REQUIRED = ("date", "resource", "task", "hours")
NOTE_LENGTH = 250

__all__ = ["RowProblem", "ParsedRow", "Parsed", "parse_timesheet"]


@dataclass
class ParsedRow:
    """A row whose cells are readable; the names in it are not yet looked up."""

    row: int
    date: date
    resource: str
    project: str
    task: str
    hours: Decimal
    note: str


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    has_project_column: bool = False


def _text(value: Any) -> str:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]  # a spreadsheet turned the code "3" into the number 3.0
    return text


def _hours(value: Any) -> Decimal:
    """Worked hours: ``7.5``, ``7,5`` or ``7:30``; more than 0, at most 24, two decimals."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number of hours.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value or "").strip().replace(" ", "").replace("\u00a0", "").lower()
        if not text:
            raise ValueError(_("the hours are missing."))
        try:
            if ":" in text or "h" in text:
                hours, _sep, minutes = text.replace("h", ":").partition(":")
                whole, extra = int(hours), int(minutes or "0")
                if not 0 <= extra < 60:
                    raise ValueError
                number = Decimal(whole) + Decimal(extra) / Decimal(60)
                number = number.quantize(Decimal("0.01"))
            else:
                number = Decimal(text.replace(",", "."))
        except (ValueError, InvalidOperation):
            raise ValueError(_("“%(value)s” is not a number of hours (7.5, 7,5 or 7:30).")
                             % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number of hours (7.5, 7,5 or 7:30).")
                         % {"value": value})
    if number <= 0:
        raise ValueError(_("the hours must be more than 0."))
    if number > MAX_DAY_HOURS:
        raise ValueError(_("at most 24 hours in a day."))
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(_("give the hours with two decimals at most."))
    return number


def parse_timesheet(*, name: str, content: bytes) -> Parsed:
    """Read timesheet rows from a CSV or XLSX file; collect a problem for every bad cell."""
    parsed = Parsed()
    header, rows = read_rows(
        name=name, content=content, columns=COLUMNS, required=REQUIRED,
        missing_message=_("missing column; the first row must name the columns (date, resource, "
                          "project, task, hours, and optionally note)."),
        problems=parsed.problems)
    parsed.has_project_column = "project" in header
    for number, cells in rows:
        values = {col: cells[i] if i < len(cells) else None
                  for i, col in enumerate(header) if col}
        bad = False
        good: dict[str, Any] = {}
        for column, read in (("date", read_date), ("hours", _hours)):
            try:
                good[column] = read(values.get(column))
            except ValueError as exc:
                parsed.problems.append(RowProblem(number, column, str(exc)))
                bad = True
        for column, missing_message in (("resource", _("the resource is missing.")),
                                        ("task", _("the task is missing."))):
            good[column] = _text(values.get(column))
            if not good[column]:
                parsed.problems.append(RowProblem(number, column, missing_message))
                bad = True
        note = str(values.get("note") or "").strip()
        if len(note) > NOTE_LENGTH:
            parsed.problems.append(RowProblem(number, "note", _("at most 250 characters.")))
            bad = True
        if not bad:
            parsed.rows.append(ParsedRow(number, good["date"], good["resource"],
                                         _text(values.get("project")), good["task"],
                                         good["hours"], note))
    return parsed
