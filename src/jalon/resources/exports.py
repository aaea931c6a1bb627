"""The resource pool and the assignments as tables for a spreadsheet: the columns their pages
show, under the same headers. Rates and costs are columns only for those who may see them
(``jalon.accounts.permissions.can_see_costs``), as on the pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.downloads import CostsShown, yes_no
from jalon.io.tables import Column, Kind, Table, Value
from jalon.portfolios.models import Project
from jalon.resources.models import Assignment, Resource


def resource_table(resources: Iterable[Resource], *, user: Any) -> Table:
    """The pool's rows; the rate (per working hour, per unit for material) and its currency
    only for a reader who sees costs."""
    costs = permissions.can_see_costs(user)
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Kind")), Column(_("Skills"))]
    if costs:
        columns += [Column(_("Rate"), Kind.AMOUNT), Column(_("Currency"))]
    columns += [Column(_("Capacity"), Kind.NUMBER), Column(_("Calendar")), Column(_("Active"))]
    rows: list[list[Value]] = []
    for resource in resources:
        row: list[Value] = [resource.code, resource.name, resource.get_kind_display(),
                            ", ".join(skill.name for skill in resource.skills.all())]
        if costs:
            row += [resource.standard_rate, resource.currency]
        row += [resource.capacity,
                resource.calendar.name if resource.calendar is not None else None,
                yes_no(resource.is_active)]
        rows.append(row)
    return Table(_("Resource pool"), columns, rows)


def assignment_table(assignments: Iterable[Assignment], *, user: Any,
                     project: Project | None) -> Table:
    """The assignments' rows (``assignment_list``, which computes each one's cost), work in
    hours. The cost column is there when ``user`` sees the costs of ``project`` (of some
    project, for a list across projects); each cost is given only on the projects whose costs
    he sees."""
    costs = permissions.can_see_costs(user, project)
    columns = [Column(_("Project")), Column(_("WBS")), Column(_("Task")), Column(_("Resource")),
               Column(_("Code")), Column(_("Units"), Kind.NUMBER),
               Column(_("Work (hours)"), Kind.NUMBER)]
    if costs:
        columns += [Column(_("Cost"), Kind.AMOUNT), Column(_("Currency"))]
    shown = CostsShown(user)
    rows: list[list[Value]] = []
    for assignment in assignments:
        task = assignment.task
        row: list[Value] = [task.project.code, task.wbs_code, task.name,
                            assignment.resource.name, assignment.resource.code,
                            assignment.units, assignment.work]
        if costs:
            row += ([getattr(assignment, "cost", None), assignment.resource.currency]
                    if shown(task.project) else [None, None])
        rows.append(row)
    return Table(_("Assignments"), columns, rows)
