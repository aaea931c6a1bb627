"""What a file import answers when the file is refused (400): shared by every import endpoint.

Whatever refuses the file — bad rows, a file that cannot be read as its format, a form field
— the 400 answer is the same report, whose ``problems`` name each place and what is wrong, so
that a client reads one shape (the document declares it, :mod:`jalon.api.problems` the rest).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ninja import Field, Schema

from jalon.errors import JalonError, NotFound, PermissionDenied, ValidationFailed
from jalon.io import FileFormatError
from jalon.tabular import ImportFailed


class RowProblemOut(Schema):
    row: int | None = Field(description="Row of the file (1 = the header), or line of a plan "
                                        "file; null for the file as a whole or a form field.")
    column: str = Field(description="Column, field or element at fault; empty for the whole "
                                    "file.")
    message: str


class ImportReportOut(Schema):
    code: str
    message: str
    problems: list[RowProblemOut]
    errors: dict[str, list[str]] | None = Field(
        None, description="The same messages by field, as every other problem gives them.")


def import_report(exc: JalonError) -> dict[str, Any]:
    """The body of the 400 answer: every problem with its row (or line) and column."""
    if isinstance(exc, ImportFailed):
        problems = [{"row": p.row, "column": str(p.column), "message": str(p.message)}
                    for p in exc.problems]
    elif isinstance(exc, FileFormatError):
        problems = [{"row": exc.line, "column": exc.element or exc.field or "",
                     "message": exc.detail}]
    elif isinstance(exc, ValidationFailed):
        problems = [{"row": None, "column": "" if field == "__all__" else field,
                     "message": message}
                    for field, messages in exc.errors.items() for message in messages]
    else:
        problems = [{"row": None, "column": "", "message": exc.message}]
    body: dict[str, Any] = {"code": exc.code, "message": exc.message, "problems": problems}
    if isinstance(exc, ValidationFailed):
        body["errors"] = exc.errors
    return body


def reports_problems(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view``, an import endpoint, answering every refusal of its file with the 400 report;
    what is not about the file (an object not found, a permission refused) answers as
    everywhere else."""

    @functools.wraps(view)
    def reporting(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except (NotFound, PermissionDenied):
            raise
        except JalonError as exc:
            return 400, import_report(exc)

    return reporting
