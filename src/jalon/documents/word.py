"""A generated document as DOCX, written with python-docx: the title, the subject, then each
section's heading, paragraphs and table."""

from __future__ import annotations

import io

from docx import Document

from jalon.documents.generation import Generated


def docx_bytes(generated: Generated) -> bytes:
    document = Document()
    document.core_properties.title = f"{generated.title} — {generated.subject}"
    document.add_heading(generated.title, level=0)
    document.add_paragraph(generated.subject).runs[0].bold = True
    document.add_paragraph(generated.subtitle)
    for section in generated.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            document.add_paragraph(text)
        if section.table is not None:
            table = document.add_table(rows=1, cols=len(section.table.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, section.table.headers, strict=True):
                cell.text = header
                cell.paragraphs[0].runs[0].bold = True
            for row in section.table.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
