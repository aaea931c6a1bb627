"""A pack as a PDF: an HTML page rendered with a print stylesheet by WeasyPrint.

The stylesheet numbers the pages and fills the table of contents with them (CSS Paged Media's
``counter(page)`` and ``target-counter``); the statuses, the risk heat map and the projects'
bubble chart look as on the pages, with the pages' own stylesheets (``finance.css``,
``risks.css``) and the same SVG (:func:`jalon.finance.bubbles.bubble_chart`).
"""

from __future__ import annotations

import math
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jalon.finance.bubbles import BubbleChart, BubbleInput, bubble_chart
from jalon.io.tables import Kind, Table
from jalon.reporting.content import PackContent
from jalon.reporting.sections import cell_text, level_title, sections, summary_lines

__all__ = ["pdf_bytes"]

PAGE_STYLES = ("finance/finance.css", "risks/risks.css")
"""The pages' stylesheets whose badges, heat map and chart classes the PDF reuses."""


def _styles() -> str:
    found = (finders.find(name) for name in PAGE_STYLES)
    return "\n".join(Path(str(path)).read_text(encoding="utf-8") for path in found if path)


def _rows(table: Table) -> list[list[tuple[str, bool]]]:
    """Each cell's text and whether it is a figure (aligned right)."""
    numeric = [c.kind not in (Kind.TEXT, Kind.DATE) for c in table.columns]
    return [[(cell_text(v, c.kind), n) for v, c, n in zip(row, table.columns, numeric, strict=True)]
            for row in table.rows]


def _or_nan(value: float | None) -> float:
    """The bubble chart's "unknown" (it leaves out a project without a CPI)."""
    return math.nan if value is None else value


def _bubbles(content: PackContent) -> BubbleChart | None:
    return bubble_chart([
        BubbleInput("#kpis", p.code, p.name,
                    _or_nan(p.figures.get("cpi")),
                    p.value, p.figures.get("bac") or 0.0, p.statuses.get("overall", ""),
                    _or_nan(p.risk_exposure), p.currency)
        for p in content.projects], by_objectives=content.by_objectives)


def pdf_html(content: PackContent) -> str:
    """The pack as the HTML page WeasyPrint prints (in the active language)."""
    parts = sections(content)
    return render_to_string("reporting/pack.html", {
        "content": content,
        "title": level_title(content),
        "language": get_language() or "fr",
        "styles": _styles(),
        "summary": [(label, cell_text(value, kind)) for label, value, kind in summary_lines(content)],
        "sections": [(s, _rows(s.table)) for s in parts],
        "heat": list(zip(content.probability_labels, content.heat_map, strict=True)),
        "bubbles": _bubbles(content) if content.money else None,
    })


def pdf_bytes(content: PackContent) -> bytes:
    """The pack as a PDF document."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=pdf_html(content)).write_pdf())
