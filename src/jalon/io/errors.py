"""The error every reader raises on bad input: it names the file, the place and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jalon.errors import ValidationFailed, as_message
from jalon.i18n import Message, Param, Ref
from jalon.io import messages as m

__all__ = ["FileFormatError"]


class FileFormatError(ValidationFailed):
    """A file cannot be read (or written) as the format it claims to be.

    Parameters
    ----------
    message : Message or str
        What is wrong, in words a user understands (a message of :mod:`jalon.io.messages`, or
        the engine's when the file breaks an engine rule).
    path : str or Path or None
        The file at fault.
    line : int or None
        1-based line number, when known.
    element : Message or str or None
        Record (``task 'A'``, a message of :mod:`jalon.io.messages`) or XML element
        (``Task UID 12``, as written in the file) at fault.
    field : str or None
        The field at fault (``duration``, ``LinkLag``...).

    ``str(error)`` gives the full message in the reader's language:
    ``plan.json, line 12, task 'A', field duration: ...``.
    """

    code = "file_format"

    def __init__(
        self,
        message: str | Message,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        element: str | Message | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.problem = as_message(message)
        self.place = None if element is None else as_message(element)
        where: list[Param] = [part for part in (
            self.path,
            m.LINE(line=line) if line else None,
            self.place,
            m.FIELD(field=field) if field else None,
        ) if part]
        super().__init__(m.AT(place=where, problem=self.problem) if where else self.problem,
                         field=field)

    def name(self, names: Callable[[Ref], str | None]) -> None:
        super().name(names)
        self.problem = self.problem.named(names)

    @property
    def element(self) -> str | None:
        """The record or element at fault, in the active language."""
        return None if self.place is None else self.place.render()

    @property
    def detail(self) -> str:
        """What is wrong, without where, in the active language."""
        return self.problem.render()
