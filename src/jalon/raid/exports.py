"""The decision log, the assumptions and the external dependencies as tables for a
spreadsheet: the columns their pages show, one row per entry the page lists (same filters)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from jalon.downloads import person, yes_no
from jalon.io.tables import Column, Kind, Table
from jalon.raid.models import Assumption, Decision, ExternalDependency


def decision_table(decisions: Iterable[Decision]) -> Table:
    columns = [Column(_("Ref.")), Column(_("Title")), Column(_("Status")),
               Column(_("Decided by")), Column(_("Decided on"), Kind.DATE),
               Column(_("Context")), Column(_("Options considered")), Column(_("Decision")),
               Column(_("Rationale")), Column(_("Superseded by"))]
    rows = [[d.reference, d.title, d.get_status_display(), person(d.decided_by), d.decided_on,
             d.context, d.options, d.decision, d.rationale,
             d.superseded_by.reference if d.superseded_by is not None else None]
            for d in decisions]
    return Table(_("Decision log"), columns, rows)


def assumption_table(assumptions: Iterable[Assumption]) -> Table:
    columns = [Column(_("Ref.")), Column(_("Description")), Column(_("Owner")),
               Column(_("Validate by"), Kind.DATE), Column(_("Status")), Column(_("Overdue")),
               Column(_("Impact if false"))]
    rows = [[a.reference, a.description, person(a.owner), a.validate_by, a.get_status_display(),
             yes_no(getattr(a, "overdue", False)), a.impact_if_false] for a in assumptions]
    return Table(_("Assumptions"), columns, rows)


def dependency_table(dependencies: Iterable[ExternalDependency]) -> Table:
    columns = [Column(_("Ref.")), Column(_("Description")), Column(_("Direction")),
               Column(_("Party or project")), Column(_("Needed by"), Kind.DATE),
               Column(_("Owner")), Column(_("Status")), Column(_("Overdue")),
               Column(_("Linked task"))]
    rows = [[x.reference, x.description, x.get_direction_display(), party(x), x.needed_by,
             person(x.owner), x.get_status_display(), yes_no(getattr(x, "overdue", False)),
             str(x.task) if x.task is not None else None] for x in dependencies]
    return Table(_("External dependencies"), columns, rows)


def party(dependency: ExternalDependency) -> str:
    """The other side as users know it: the party, and the other project's code and name."""
    names = [dependency.party]
    if dependency.other_project is not None:
        names.append(f"{dependency.other_project.code} {dependency.other_project.name}")
    return " · ".join(name for name in names if name)
