"""A pack as PowerPoint slides (python-pptx): a title slide, the executive summary with a
native chart of the projects by overall status, then one slide per section with an editable
table (continued on further slides when it is long). Statuses are written as words on the
colours the pages use, so that they are not told by colour alone."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from jalon.io.tables import Kind
from jalon.reporting.content import PackContent
from jalon.reporting.sections import (
    Section,
    cell_text,
    level_title,
    rag_word,
    sections,
    summary_lines,
)

__all__ = ["pptx_bytes"]

ROWS_PER_SLIDE = 14
"""Table rows on one slide at a readable size; longer tables continue on the next slide."""

RAG_FILLS = {"green": "DCF3E3", "amber": "FFF1CC", "red": "FDDCDC", "": "F1F2F4"}
"""The pages' badge colours (``finance.css``)."""


def _title_slide(deck: Any, content: PackContent) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = level_title(content)
    slide.placeholders[1].text = _("Report pack at %(date)s") % {
        "date": cell_text(content.status_date, Kind.DATE)}


def _summary_slide(deck: Any, content: PackContent) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = _("Executive summary")
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1.4), Inches(5.5), Inches(5.5))
    frame = box.text_frame
    frame.word_wrap = True
    for index, (label, value, kind) in enumerate(summary_lines(content)):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = f"{label} : {cell_text(value, kind)}"
        paragraph.font.size = Pt(12)
    data = CategoryChartData()
    statuses = ("red", "amber", "green", "")
    data.categories = [rag_word(s) for s in statuses]
    data.add_series(_("Projects"), [content.counts.get(s, 0) for s in statuses])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(6.3), Inches(1.4),
                                   Inches(3.4), Inches(3.5), data).chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = _("Projects by overall status")


def _table_slides(deck: Any, section: Section, rag_columns: set[int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    table = section.table
    rows = list(table.rows)
    chunks = [rows[i:i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)] or [[]]
    words = {rag_word(s): fill for s, fill in RAG_FILLS.items()}
    for number, chunk in enumerate(chunks):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = (section.title if number == 0 else
                                   _("%(title)s (continued)") % {"title": section.title})
        if not chunk:
            box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(1))
            box.text_frame.text = section.note
            continue
        shape = slide.shapes.add_table(len(chunk) + 1, len(table.columns), Inches(0.3),
                                       Inches(1.3), Inches(9.4), Inches(0.3) * (len(chunk) + 1))
        grid = shape.table
        for col, column in enumerate(table.columns):
            grid.cell(0, col).text = column.header
        for r, row in enumerate(chunk, start=1):
            for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                cell = grid.cell(r, col)
                cell.text = cell_text(value, column.kind) if value is not None else ""
                if col in rag_columns and isinstance(value, str) and value in words:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(words[value])
        for r in range(len(chunk) + 1):
            for col in range(len(table.columns)):
                for paragraph in grid.cell(r, col).text_frame.paragraphs:
                    paragraph.font.size = Pt(8)


def pptx_bytes(content: PackContent) -> bytes:
    """The pack as a PowerPoint deck (16:9)."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(10), Inches(7.5)
    _title_slide(deck, content)
    _summary_slide(deck, content)
    for section in sections(content):
        # the statuses are the RAG table's columns after code, name, programme and manager
        rag = set(range(4, len(section.table.columns))) if section.key == "rag" else set()
        _table_slides(deck, section, rag)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
