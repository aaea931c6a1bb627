"""Translatable text outside Django: the engine, the file formats and the file commands.

The engine and ``jalon.io`` must not import Django, yet their messages and labels reach French and
English users. They mark their English text with :func:`gettext_noop`, which returns it unchanged
and lets ``makemessages`` collect it into the catalogue; whoever shows the text (a page, the API,
the CLI) translates it in the reader's language.
"""

from __future__ import annotations

__all__ = ["gettext_noop"]


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown, not here."""
    return message
