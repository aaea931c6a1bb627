"""Jalon's errors: a small hierarchy with stable codes, turned into messages at the edge.

Services and the engine raise these; pages show them next to the field, the API returns them as
JSON problems, the CLI prints them with an exit code. ``field`` names the input at fault.

``code`` (a class attribute: ``invalid``, ``cycle``, ``file_format``...) says what kind of error
it is; ``sentence`` is the :class:`~jalon.i18n.Message` that says what is wrong, with its own
finer code and parameters. The engine and the file formats raise declared messages, rendered in
the reader's language whenever ``message`` or ``errors`` is read; the Django services pass text
they have already translated, kept as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from jalon.i18n import Message, Ref, Translator

__all__ = [
    "CycleError", "JalonError", "NotFound", "PermissionDenied", "StaleVersion", "ValidationFailed",
    "as_message",
]


def as_message(message: str | Message) -> Message:
    """A declared message as it is; any other text as a plain message."""
    return message if isinstance(message, Message) else Message.plain(message)


class JalonError(Exception):
    """Base of every error Jalon reports to a user."""

    code = "jalon_error"

    def __init__(self, message: str | Message, *, field: str | None = None) -> None:
        self.sentence = as_message(message)
        super().__init__(self.sentence)
        self.field = field

    @property
    def message(self) -> str:
        """What is wrong, in the active language."""
        return self.sentence.render()

    def render(self, translator: Translator) -> str:
        """What is wrong, in ``translator``'s language."""
        return self.sentence.render(translator)

    def __str__(self) -> str:
        return self.message

    def references(self) -> set[Ref]:
        """The activities and resources the message refers to by their engine ids."""
        return set(self.sentence.references())

    def name(self, names: Callable[[Ref], str | None]) -> None:
        """Replace each reference ``names`` knows by the name it gives (a door calls this with
        the names its users know, before the message is shown or stored)."""
        self.sentence = self.sentence.named(names)


class ValidationFailed(JalonError):
    """The input breaks a rule; ``field`` names the field, the message says why.

    ``errors`` maps each field at fault to its messages when there are several.
    """

    code = "invalid"

    def __init__(
        self,
        message: str | Message,
        *,
        field: str | None = None,
        errors: Mapping[str, Sequence[str | Message]] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.field_errors: dict[str, list[Message]] | None = (
            {key: [as_message(m) for m in messages] for key, messages in errors.items()}
            if errors else None)

    @property
    def errors(self) -> dict[str, list[str]]:
        """Messages by field (``__all__`` for the input as a whole), in the active language."""
        if self.field_errors is None:
            return {self.field or "__all__": [self.message]}
        return {key: [m.render() for m in messages] for key, messages in self.field_errors.items()}

    def references(self) -> set[Ref]:
        found = super().references()
        for messages in (self.field_errors or {}).values():
            for message in messages:
                found.update(message.references())
        return found

    def name(self, names: Callable[[Ref], str | None]) -> None:
        super().name(names)
        if self.field_errors is not None:
            self.field_errors = {key: [m.named(names) for m in messages]
                                 for key, messages in self.field_errors.items()}


class NotFound(JalonError):
    """The object does not exist, or the user may not see it (we don't tell which)."""

    code = "not_found"


class PermissionDenied(JalonError):
    """The user may see the object but not do this to it."""

    code = "permission_denied"


class CycleError(ValidationFailed):
    """A set of dependencies loops back on itself; ``cycle`` lists the activities in order."""

    code = "cycle"

    def __init__(self, message: str | Message, *, cycle: list[str],
                 field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.cycle = cycle


class StaleVersion(ValidationFailed):
    """Someone else changed the record since the editor read it: nothing was saved.

    ``current`` is the record as it is now (reloaded), for the door to show instead of the
    editor's copy; the message says who changed it and when. A ValidationFailed, so that a door
    that does not offer the current values still refuses the change with the message.
    """

    code = "stale"

    def __init__(self, message: str | Message, *, current: object) -> None:
        super().__init__(message)
        self.current = current
