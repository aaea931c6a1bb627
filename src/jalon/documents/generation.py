"""Documents written from a project's data: the project charter (PRINCE2's project initiation
documentation) and the business case, in the reader's language, as DOCX or PDF.

:func:`content` gathers the figures from the other apps' reads — the stored schedule, the budget
summary, the milestones, the risk register, the governance roles — and computes none; it turns
them into sections of text and tables, which :mod:`jalon.documents.word` and
:mod:`jalon.documents.pdf` only lay out. Money (the budget) is included only for a user who may
see the project's money.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.people import name_of
from jalon.documents.models import Template
from jalon.finance.models import CostCategory, Expenditure
from jalon.finance.selectors import budget_summary
from jalon.governance import selectors as governance
from jalon.planning.selectors import milestones_of, schedule_or_error
from jalon.portfolios.models import Project
from jalon.risks.models import Risk
from jalon.risks.selectors import risk_list

#: How many risks the documents list, highest score first.
TOP_RISKS = 5
FORMATS = ("docx", "pdf")

#: The deliverables of the methodology packs that Jalon writes, by their key in the packs.
TEMPLATE_OF: dict[str, str] = {
    "charter": Template.CHARTER, "pid": Template.CHARTER, "project_brief": Template.CHARTER,
    "terms_of_reference": Template.CHARTER,
    "business_case": Template.BUSINESS_CASE, "outline_business_case": Template.BUSINESS_CASE,
}


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Generated:
    """A generated document: its title, what it is about, and its sections in order."""

    title: str
    subject: str
    subtitle: str
    sections: list[Section]


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value is not None else "—"


def _money(value: Decimal, currency: str) -> str:
    return f"{number_format(value, decimal_pos=0, force_grouping=True)} {currency}"


@dataclass
class _Facts:
    """What both documents read about the project, each read once."""

    user: Any
    project: Project

    def __post_init__(self) -> None:
        self.schedule, self.why_unscheduled = schedule_or_error(self.project)
        self.money = perms.can_see_costs(self.user, self.project)

    def purpose(self, heading: str) -> Section:
        return Section(heading, [self.project.description or _("No description yet.")])

    def objectives(self, heading: str) -> Section:
        objectives = list(self.project.objectives.all())
        if not objectives:
            return Section(heading, [_("The project serves no strategic objective yet.")])
        return Section(heading, table=Table(
            [_("Code"), _("Objective"), _("Weight")],
            [[o.code, o.name, str(o.weight)] for o in objectives]))

    def key_facts(self, heading: str) -> Section:
        project = self.project
        methods = dict(governance.methodology_choices(project.portfolio))
        rows = [
            [_("Portfolio"), f"{project.portfolio.code} {project.portfolio.name}"],
            [_("Programme"), f"{project.programme.code} {project.programme.name}"
             if project.programme is not None else "—"],
            [_("Sponsor"), project.sponsor or "—"],
            [_("Project manager"), name_of(project.project_manager) or "—"],
            [_("Methodology"), methods.get(project.methodology, project.methodology) or "—"],
            [_("Status"), project.get_status_display()],
            [_("Planned start"), _day(project.planned_start)],
            [_("Planned finish"), _day(self.schedule.finish if self.schedule else None)],
        ]
        paragraphs = [self.why_unscheduled] if self.why_unscheduled else []
        return Section(heading, paragraphs, Table([_("Item"), _("Value")], rows))

    def milestones(self, heading: str) -> Section:
        found = milestones_of([self.project])
        if not found:
            return Section(heading, [_("The plan has no dated milestone yet.")])
        return Section(heading, table=Table(
            [_("WBS"), _("Milestone"), _("Date")],
            [[m.task.wbs_code, m.task.name, _day(m.day)] for m in found]))

    def roles(self, heading: str) -> Section:
        roles = list(governance.role_list(user=self.user, project=self.project))
        if not roles:
            return Section(heading, [_("The project follows no methodology with roles.")])
        return Section(heading, table=Table(
            [_("Role"), _("Held by")],
            [[r.name, name_of(r.holder) or _("Nobody yet")] for r in roles]))

    def budget(self, heading: str, *, reserves: bool) -> Section | None:
        """The approved budget by line (with contingency and management reserve for the
        business case); None when the user may not see money."""
        if not self.money:
            return None
        summary = budget_summary(user=self.user, project=self.project)
        currency = self.project.currency
        lines = [r for r in summary.rows if r.line is not None]
        if not lines or summary.total is None:
            return Section(heading, [_("No budget line yet.")])
        headers = [_("Category"), _("Expenditure"), _("Approved")]
        if reserves:
            headers += [_("Contingency"), _("Management reserve")]

        def cells(category: str, expenditure: str, row: Any) -> list[str]:
            values = [category, expenditure, _money(row.approved, currency)]
            if reserves:
                values += [_money(row.contingency, currency),
                           _money(row.management_reserve, currency)]
            return values

        rows = [cells(str(CostCategory(r.category).label), str(Expenditure(r.expenditure).label),
                      r) for r in lines]
        rows.append(cells(_("Total"), "", summary.total))
        return Section(heading, table=Table(headers, rows))

    def risks(self, heading: str) -> Section:
        risks = list(risk_list(user=self.user, project=self.project)
                     .filter(status=Risk.Status.OPEN)[:TOP_RISKS])
        if not risks:
            return Section(heading, [_("No open risk.")])
        return Section(heading, table=Table(
            [_("Risk"), _("Title"), _("Score"), _("Owner")],
            [[r.reference, r.title, str(r.score), name_of(r.owner) or "—"] for r in risks]))


def _charter(facts: _Facts) -> list[Section | None]:
    return [facts.purpose(_("Purpose")), facts.objectives(_("Objectives")),
            facts.key_facts(_("Key facts")), facts.milestones(_("Milestones")),
            facts.roles(_("Roles and responsibilities")),
            facts.budget(_("Budget"), reserves=False), facts.risks(_("Main risks"))]


def _business_case(facts: _Facts) -> list[Section | None]:
    return [facts.purpose(_("Reasons")), facts.objectives(_("Strategic alignment")),
            facts.key_facts(_("Timescale")), facts.milestones(_("Milestones")),
            facts.budget(_("Costs"), reserves=True), facts.risks(_("Major risks"))]


WRITERS: dict[str, Callable[[_Facts], list[Section | None]]] = {
    Template.CHARTER: _charter,
    Template.BUSINESS_CASE: _business_case,
}


def content(*, user: Any, project: Project, template: str) -> Generated:
    """The sections of ``template`` for ``project`` as ``user`` may read them, in the active
    language."""
    perms.require_view(user, project)
    facts = _Facts(user, project)
    title = str(Template(template).label)
    return Generated(
        title=title, subject=f"{project.code} {project.name}",
        subtitle=_("Written by Jalon on %(date)s from the project's data.")
        % {"date": _day(timezone.localdate())},
        sections=[s for s in WRITERS[template](facts) if s is not None])


def render(generated: Generated, file_format: str) -> bytes:
    """The document as a DOCX or PDF file."""
    if file_format == "pdf":
        from jalon.documents.pdf import pdf_bytes

        return pdf_bytes(generated)
    from jalon.documents.word import docx_bytes

    return docx_bytes(generated)
