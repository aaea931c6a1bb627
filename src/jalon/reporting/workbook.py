"""A pack as an Excel workbook: the executive summary, then one sheet per section's table,
written by :func:`jalon.io.tables.xlsx_workbook_bytes` (real numbers and dates with number
formats, frozen headers, filters, text safe against formula injection)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jalon.io.tables import Column, Kind, Table, Value, xlsx_workbook_bytes
from jalon.reporting.content import PackContent
from jalon.reporting.sections import level_title, sections, summary_lines

__all__ = ["xlsx_bytes"]


def _summary(content: PackContent) -> Table:
    """The summary as a table: a number column (its rows mix counts, amounts and indices) and a
    date column, so that each cell keeps its type."""
    rows: list[list[Value]] = [[level_title(content), None, None]]
    rows += [[label, None, value] if kind == Kind.DATE else [label, value, None]
             for label, value, kind in summary_lines(content)]
    return Table(_("Executive summary"), [Column(_("Figure")), Column(_("Value"), Kind.NUMBER),
                                          Column(_("Date"), Kind.DATE)], rows)


def xlsx_bytes(content: PackContent) -> bytes:
    """The pack as an XLSX workbook."""
    return xlsx_workbook_bytes([_summary(content), *[s.table for s in sections(content)]])
