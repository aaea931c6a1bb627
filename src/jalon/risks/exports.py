"""The risk register and the issue log as tables for a spreadsheet: the columns their pages
show, under the same headers, one row per risk or issue the page lists (same filters)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from jalon.downloads import person, yes_no
from jalon.io.tables import Column, Kind, Table
from jalon.risks.models import Issue, Risk


def risk_table(risks: Iterable[Risk]) -> Table:
    """The register's rows: levels as numbers on the portfolio's scale, proximity as a date."""
    columns = [Column(_("Ref.")), Column(_("Title")), Column(_("Kind")), Column(_("Category")),
               Column(_("P"), Kind.INTEGER), Column(_("I"), Kind.INTEGER),
               Column(_("Score"), Kind.INTEGER), Column(_("Residual"), Kind.INTEGER),
               Column(_("Owner")), Column(_("Proximity"), Kind.DATE), Column(_("Status")),
               Column(_("Escalated"))]
    rows = [[risk.reference, risk.title, risk.get_kind_display(), risk.get_category_display(),
             risk.probability, risk.impact, risk.score, risk.residual_score, person(risk.owner),
             risk.proximity, risk.get_status_display(), yes_no(risk.escalated)]
            for risk in risks]
    return Table(_("Risk register"), columns, rows)


def issue_table(issues: Iterable[Issue]) -> Table:
    """The issue log's rows, with the whole resolution (the page shortens it)."""
    columns = [Column(_("Issue")), Column(_("Risk")), Column(_("Severity")), Column(_("Owner")),
               Column(_("Due date"), Kind.DATE), Column(_("Status")), Column(_("Escalated")),
               Column(_("Resolution"))]
    rows = [[issue.title, issue.risk.reference if issue.risk is not None else None,
             issue.get_severity_display(), person(issue.owner), issue.due_date,
             issue.get_status_display(), yes_no(issue.escalated), issue.resolution]
            for issue in issues]
    return Table(_("Issue log"), columns, rows)
