"""The error every reader raises on bad input: it names the file, the place and the field."""

from __future__ import annotations

from pathlib import Path

from jalon.errors import ValidationFailed

__all__ = ["FileFormatError"]


class FileFormatError(ValidationFailed):
    """A file cannot be read (or written) as the format it claims to be.

    Parameters
    ----------
    message : str
        What is wrong, in words a user understands.
    path : str or Path or None
        The file at fault.
    line : int or None
        1-based line number, when known.
    element : str or None
        XML element (``Task UID 12``) or record (``task 'A'``) at fault.
    field : str or None
        The field at fault (``duration``, ``LinkLag``...).

    ``str(error)`` gives the full message: ``plan.json, line 12, task 'A', field duration: ...``.
    """

    code = "file_format"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        element: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.element = element
        self.detail = message
        where = [part for part in (
            self.path,
            f"line {line}" if line else None,
            element,
            f"field {field}" if field else None,
        ) if part]
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full, field=field)
