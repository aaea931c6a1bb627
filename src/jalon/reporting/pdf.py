"""A pack as a PDF: an HTML page rendered with a print stylesheet by WeasyPrint.

The stylesheet numbers the pages and fills the table of contents with them (CSS Paged Media's
``counter(page)`` and ``target-counter``); the statuses, the risk heat map and the projects'
bubble chart look as on the pages, with the pages' own stylesheets (``finance.css``,
``risks.css``) and the same SVG (:func:`jalon.finance.bubbles.bubble_chart`).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import get_language

from jalon.finance.bubbles import BubbleChart, BubbleInput, bubble_chart
from jalon.io.tables import Kind, Table, Value
from jalon.reporting.content import PackContent
from jalon.reporting.sections import level_title, sections, summary_lines

__all__ = ["pdf_bytes"]

PAGE_STYLES = ("finance/finance.css", "risks/risks.css")
"""The pages' stylesheets whose badges, heat map and chart classes the PDF reuses."""


def _styles() -> str:
    found = (finders.find(name) for name in PAGE_STYLES)
    return "\n".join(Path(str(path)).read_text(encoding="utf-8") for path in found if path)


def _text(value: Value, kind: Kind) -> str:
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


def _rows(table: Table) -> list[list[tuple[str, bool]]]:
    """Each cell's text and whether it is a figure (aligned right)."""
    numeric = [c.kind not in (Kind.TEXT, Kind.DATE) for c in table.columns]
    return [[(_text(v, c.kind), n) for v, c, n in zip(row, table.columns, numeric, strict=True)]
            for row in table.rows]


def _bubbles(content: PackContent) -> BubbleChart | None:
    return bubble_chart([
        BubbleInput("#kpis", p.code, p.name,
                    p.figures["cpi"] if p.figures.get("cpi") is not None else math.nan,
                    p.value, p.figures.get("bac") or 0.0, p.statuses.get("overall", ""),
                    p.risk_exposure if p.risk_exposure is not None else math.nan, p.currency)
        for p in content.projects], by_objectives=content.by_objectives)


def pdf_html(content: PackContent) -> str:
    """The pack as the HTML page WeasyPrint prints (in the active language)."""
    parts = sections(content)
    return render_to_string("reporting/pack.html", {
        "content": content,
        "title": level_title(content),
        "language": get_language() or "fr",
        "styles": _styles(),
        "summary": [(label, _text(value, kind)) for label, value, kind in summary_lines(content)],
        "sections": [(s, _rows(s.table)) for s in parts],
        "heat": list(zip(content.probability_labels, content.heat_map, strict=True)),
        "bubbles": _bubbles(content) if content.money else None,
    })


def pdf_bytes(content: PackContent) -> bytes:
    """The pack as a PDF document."""
    from weasyprint import HTML

    return bytes(HTML(string=pdf_html(content)).write_pdf())
