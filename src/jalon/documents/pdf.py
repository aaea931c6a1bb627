"""A generated document as PDF: an HTML page printed by WeasyPrint, as the report packs are."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from jalon.documents.generation import Generated


def pdf_bytes(generated: Generated) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("documents/generated.html", {
        "generated": generated, "language": get_language() or "fr"})
    return bytes(HTML(string=html).write_pdf())
