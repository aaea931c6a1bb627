"""Time recorded as a table for a spreadsheet: the project timesheets page's columns under its
headers; rate and amount only for those who may see the project's costs, as on the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.downloads import CostsShown
from jalon.io.tables import Column, Kind, Table, Value
from jalon.portfolios.models import Project
from jalon.timesheets.models import TimesheetEntry


def timesheet_table(entries: Iterable[TimesheetEntry], *, user: Any,
                    project: Project | None) -> Table:
    """Every entry of ``entries`` (the page shows the latest 500), hours as numbers, the rate
    per hour kept from when the time was recorded, the amount in the resource's currency. The
    money columns are there when ``user`` sees the costs of ``project`` (of some project, for
    time across projects), filled on the projects whose costs he sees."""
    costs = permissions.can_see_costs(user, project)
    columns = [Column(_("Project")), Column(_("Date"), Kind.DATE), Column(_("Resource")),
               Column(_("Task")), Column(_("Hours"), Kind.NUMBER)]
    if costs:
        columns += [Column(_("Rate"), Kind.AMOUNT), Column(_("Amount"), Kind.AMOUNT),
                    Column(_("Currency"))]
    columns += [Column(_("Status")), Column(_("Note"))]
    shown = CostsShown(user)
    rows: list[list[Value]] = []
    for entry in entries:
        row: list[Value] = [entry.task.project.code, entry.date, entry.resource.name,
                            str(entry.task), entry.hours]
        if costs:
            row += ([entry.rate, entry.amount, entry.resource.currency]
                    if shown(entry.task.project) else [None, None, None])
        row += [entry.get_status_display(), entry.note]
        rows.append(row)
    return Table(_("Timesheet entries"), columns, rows)
