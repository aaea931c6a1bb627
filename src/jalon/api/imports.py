"""What a file import answers when rows are bad (400): shared by every import endpoint."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from jalon.tabular import ImportFailed


class RowProblemOut(Schema):
    row: int = Field(description="Row of the file (1 = the header).")
    column: str
    message: str


class ImportReportOut(Schema):
    code: str
    message: str
    problems: list[RowProblemOut]


def import_report(exc: ImportFailed) -> dict[str, Any]:
    """The body of the 400 answer: every problem with its row and column."""
    return {"code": exc.code, "message": exc.message,
            "problems": [{"row": p.row, "column": str(p.column), "message": str(p.message)}
                         for p in exc.problems]}
