"""The formats a pack is written in: PDF, PowerPoint, Excel; each renders the one content."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from jalon.reporting.content import PackContent

__all__ = ["PackFormat", "render"]


class PackFormat(StrEnum):
    PDF = "pdf"
    PPTX = "pptx"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self]


CONTENT_TYPES = {
    PackFormat.PDF: "application/pdf",
    PackFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PackFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _renderer(fmt: PackFormat) -> Callable[[PackContent], bytes]:
    # each renderer imports its library (WeasyPrint, python-pptx, openpyxl) only when chosen
    if fmt is PackFormat.PDF:
        from jalon.reporting.pdf import pdf_bytes
        return pdf_bytes
    if fmt is PackFormat.PPTX:
        from jalon.reporting.slides import pptx_bytes
        return pptx_bytes
    from jalon.reporting.workbook import xlsx_bytes
    return xlsx_bytes


def render(content: PackContent, fmt: PackFormat | str) -> bytes:
    """The pack in ``fmt``, in the active language."""
    return _renderer(PackFormat(fmt))(content)
