"""A pack's content worded in the active language: its sections, each a title and a table
(:class:`jalon.io.tables.Table`: typed values, headers in the reader's language), the same
for the PDF, the slides and the workbook.

Statuses are the words the pages show (Green, Amber, Red, Not assessed); amounts stay
numbers in the projects' currency, indices stay unrounded numbers (the renderers format them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jalon.finance.models import Dimension
from jalon.finance.templatetags.finance import RAG_LABELS
from jalon.io.tables import Column, Kind, Table, Value
from jalon.reporting.content import KPI_KEYS, PackContent
from jalon.risks.filters import LEVELS
from jalon.risks.models import Risk

__all__ = ["Section", "cell_text", "level_title", "rag_word", "sections", "summary_lines"]

KPI_COLUMNS: dict[str, tuple[str, Kind]] = {
    "bac": ("BAC", Kind.AMOUNT), "pv": ("PV", Kind.AMOUNT), "ev": ("EV", Kind.AMOUNT),
    "ac": ("AC", Kind.AMOUNT), "sv": ("SV", Kind.AMOUNT), "cv": ("CV", Kind.AMOUNT),
    "cpi": ("CPI", Kind.RATIO), "spi": ("SPI", Kind.RATIO), "spi_t": ("SPI(t)", Kind.RATIO),
    "eac": ("EAC", Kind.AMOUNT), "etc": ("ETC", Kind.AMOUNT), "vac": ("VAC", Kind.AMOUNT),
}
"""The KPI table's headers: the acronyms every PMO reads in either language."""


@dataclass(frozen=True)
class Section:
    """One part of the pack: ``key`` names it for the renderers (``"kpis"``, ``"rag"``...),
    ``table`` its rows (its title is the section's), ``note`` a sentence shown when the table
    is empty or needs a word of explanation."""

    key: str
    table: Table
    note: str = ""

    @property
    def title(self) -> str:
        return self.table.title


def cell_text(value: Value, kind: Kind) -> str:
    """A cell as the pages write it, in the active language (French: 12 345,67)."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return "—"
        decimals = {Kind.AMOUNT: 0, Kind.RATIO: 3, Kind.NUMBER: 1, Kind.INTEGER: 0}.get(kind, 2)
        return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
    return str(value)


def rag_word(status: str | None) -> str:
    return str(RAG_LABELS.get(status or "", RAG_LABELS[""]))


def level_title(content: PackContent) -> str:
    """"Portfolio AURORE — Groupe Aurore" in the reader's language."""
    kinds = {"portfolio": _("Portfolio"), "programme": _("Programme"), "project": _("Project")}
    return f"{kinds.get(content.level, '')} {content.code} — {content.name}"


def summary_lines(content: PackContent) -> list[tuple[str, Value, Kind]]:
    """The executive summary: a label, a figure and what kind of figure it is, per line."""
    lines: list[tuple[str, Value, Kind]] = [
        (_("Status date"), content.status_date, Kind.DATE),
        (_("Projects"), len(content.projects), Kind.INTEGER)]
    for status in ("red", "amber", "green", ""):
        lines.append((_("Projects with overall status %(status)s")
                      % {"status": rag_word(status)}, content.counts.get(status, 0),
                      Kind.INTEGER))
    if content.total is not None:
        for key in ("bac", "ev", "ac", "eac", "vac", "cpi", "spi", "spi_t"):
            header, kind = KPI_COLUMNS[key]
            lines.append((header, content.total.get(key), kind))
    lines += [(_("Open risks"), content.open_risks, Kind.INTEGER),
              (_("Exceptions and decisions needed"), len(content.exceptions), Kind.INTEGER)]
    return lines


def _rag_table(content: PackContent) -> Table:
    dimensions = [str(Dimension(d).label) for d in content.dimensions]
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Programme")),
               Column(_("Project manager")), *[Column(d) for d in dimensions],
               Column(_("Overall"))]
    rows: list[list[Value]] = [
        [p.code, p.name, p.programme, p.manager,
         *[rag_word(p.statuses.get(d)) for d in (*content.dimensions, "overall")]]
        for p in content.projects]
    return Table(_("RAG status"), columns, rows)


def _kpi_table(content: PackContent) -> Table:
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Status date"), Kind.DATE),
               Column(_("Currency")),
               *[Column(KPI_COLUMNS[key][0], KPI_COLUMNS[key][1]) for key in KPI_KEYS]]
    rows: list[list[Value]] = [
        [p.code, p.name, p.status_date, p.currency, *[p.figures.get(key) for key in KPI_KEYS]]
        for p in content.projects]
    if content.total is not None:
        rows.append([content.code, _("Total of the scope"), content.status_date, "",
                     *[content.total.get(key) for key in KPI_KEYS]])
    return Table(_("Key figures"), columns, rows)


def _budget_table(content: PackContent) -> Table:
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Currency")),
               Column(_("Budget (BAC)"), Kind.AMOUNT), Column(_("Actual cost (AC)"), Kind.AMOUNT),
               Column(_("Forecast (EAC)"), Kind.AMOUNT),
               Column(_("Variance at completion (VAC)"), Kind.AMOUNT)]
    rows: list[list[Value]] = [
        [p.code, p.name, p.currency, p.figures.get("bac"), p.figures.get("ac"),
         p.figures.get("eac"), p.figures.get("vac")] for p in content.projects]
    return Table(_("Budget, actual and forecast"), columns, rows)


def _roadmap_table(content: PackContent) -> Table:
    columns = [Column(_("Programme")), Column(_("Project")), Column(_("Milestone")),
               Column(_("Baseline finish"), Kind.DATE), Column(_("Forecast finish"), Kind.DATE),
               Column(_("Actual finish"), Kind.DATE), Column(_("Overdue"))]
    rows: list[list[Value]] = [
        [programme or _("Outside programmes"), m.project, m.task, m.baseline, m.forecast,
         m.actual, _("Yes") if m.overdue else ""]
        for programme, lines in content.roadmap.items() for m in lines]
    return Table(_("Milestone roadmap"), columns, rows)


def _risk_table(content: PackContent) -> Table:
    levels = dict(LEVELS)
    columns = [Column(_("Project")), Column(_("Number"), Kind.INTEGER), Column(_("Title")),
               Column(_("Kind")), Column(_("Probability"), Kind.INTEGER),
               Column(_("Impact"), Kind.INTEGER), Column(_("Score"), Kind.INTEGER),
               Column(pgettext("risk level", "Level")), Column(_("Owner"))]
    rows: list[list[Value]] = [
        [r.project, r.number, r.title, str(Risk.Kind(r.kind).label), r.probability, r.impact,
         r.score, str(levels.get(r.level, "")), r.owner] for r in content.top_risks]
    return Table(_("Top risks"), columns, rows)


def _heat_table(content: PackContent) -> Table:
    columns = [Column(_("Probability")),
               *[Column(label, Kind.INTEGER) for label in content.impact_labels]]
    rows: list[list[Value]] = [[label, *[cell.count for cell in cells]]
                               for label, cells in zip(content.probability_labels,
                                                       content.heat_map, strict=True)]
    return Table(_("Risk heat map"), columns, rows)


def _hotspot_table(content: PackContent) -> Table:
    columns = [Column(_("Resource")), Column(_("From"), Kind.DATE), Column(_("To"), Kind.DATE),
               Column(_("Largest excess (units)"), Kind.NUMBER), Column(_("Projects"))]
    rows: list[list[Value]] = [[h.resource, h.first, h.last, h.excess, ", ".join(h.projects)]
                               for h in content.hotspots]
    return Table(_("Capacity hotspots"), columns, rows)


def _exception_table(content: PackContent) -> Table:
    kinds = {"red": _("Overall status red"), "milestone": _("Milestone overdue"),
             "overallocation": _("Resource over-allocated")}
    columns = [Column(_("Exception")), Column(_("Project")), Column(_("Subject")),
               Column(_("Date"), Kind.DATE)]
    rows: list[list[Value]] = [[str(kinds[e.kind]), e.project, e.subject, e.detail]
                               for e in content.exceptions]
    return Table(_("Exceptions and decisions needed"), columns, rows)


def _commentary_table(content: PackContent) -> Table:
    columns = [Column(_("Project")), Column(_("Period")), Column(_("Commentary"))]
    rows: list[list[Value]] = [[c.project, c.period, c.text] for c in content.commentary]
    return Table(_("Status reports"), columns, rows)


def sections(content: PackContent) -> list[Section]:
    """The pack's sections in reading order; the money ones only for a reader who may see
    costs."""
    found = [Section("rag", _rag_table(content))]
    if content.money:
        found.append(Section("kpis", _kpi_table(content),
                             _("Each project's figures at its own status date, as the KPI "
                               "dashboard shows them; amounts in the project's currency.")))
    found.append(Section("roadmap", _roadmap_table(content),
                         _("Milestones finished in the 30 days before the status date or due in "
                           "the 90 days after it, and every overdue one.") if content.roadmap
                         else _("No milestone finished in the 30 days before the status date, "
                                "due in the 90 days after it, or overdue.")))
    found += [Section("risks", _risk_table(content),
                      "" if content.top_risks else _("No open risk in this scope.")),
              Section("heatmap", _heat_table(content),
                      _("Open risks by probability (rows) and impact (columns)."))]
    if content.money:
        found.append(Section("budget", _budget_table(content)))
    found += [Section("hotspots", _hotspot_table(content),
                      "" if content.hotspots else _("No resource is over-allocated.")),
              Section("exceptions", _exception_table(content),
                      "" if content.exceptions else _("Nothing needs a decision.")),
              Section("commentary", _commentary_table(content),
                      "" if content.commentary else _("No published status report."))]
    return found
