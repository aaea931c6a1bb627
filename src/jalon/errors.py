"""Jalon's errors: a small hierarchy with stable codes, turned into messages at the edge.

Services and the engine raise these; pages show them next to the field, the API returns them as
JSON problems, the CLI prints them with an exit code. ``field`` names the input at fault.
"""

from __future__ import annotations


class JalonError(Exception):
    """Base of every error Jalon reports to a user."""

    code = "jalon_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(JalonError):
    """The input breaks a rule; ``field`` names the field, the message says why.

    ``errors`` maps each field at fault to its messages when there are several.
    """

    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors or ({field: [message]} if field else {"__all__": [message]})


class NotFound(JalonError):
    """The object does not exist, or the user may not see it (we don't tell which)."""

    code = "not_found"


class PermissionDenied(JalonError):
    """The user may see the object but not do this to it."""

    code = "permission_denied"


class CycleError(ValidationFailed):
    """A set of dependencies loops back on itself; ``cycle`` lists the activities in order."""

    code = "cycle"

    def __init__(self, message: str, *, cycle: list[str], field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.cycle = cycle
