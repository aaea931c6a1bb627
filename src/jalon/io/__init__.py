"""Project files in and out of Jalon: Jalon JSON/YAML, MS Project XML (MSPDI), PSPLIB, MPXJ.

Every reader returns a :class:`ProjectDocument` (the whole file: outline, calendars, links,
resources, assignments, baselines); :func:`to_plan` turns it into the engine's
:class:`~jalon.engine.Plan`. In a notebook::

    from jalon.io import load_project
    from jalon.engine import schedule

    result = schedule(load_project("plan.yaml"))      # or .json, .xml (MSPDI), .sm, .mpp...
    result.finish_date, result.critical_path

Bad input raises :class:`FileFormatError` (a :class:`jalon.errors.ValidationFailed`) naming the
file, the line or XML element, and the field. See ``docs/file-format.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jalon.io import messages
from jalon.io.document import (
    AssignmentDef,
    BaselineValues,
    CalendarDef,
    LinkDef,
    ProjectDocument,
    ResourceDef,
    TaskDef,
    to_plan,
)
from jalon.io.errors import FileFormatError
from jalon.io.jalon_file import read_jalon_file, write_jalon_file

if TYPE_CHECKING:
    from jalon.engine import Plan
    from jalon.io.psplib import PsplibInstance

__all__ = [
    "AssignmentDef",
    "BaselineValues",
    "CalendarDef",
    "FileFormatError",
    "LinkDef",
    "ProjectDocument",
    "PsplibInstance",
    "ResourceDef",
    "TaskDef",
    "load_document",
    "load_project",
    "read_jalon_file",
    "read_mspdi",
    "read_psplib",
    "save_document",
    "to_plan",
    "write_jalon_file",
    "write_mspdi",
]

JALON_SUFFIXES = (".json", ".yaml", ".yml")


def load_document(path: str | Path) -> ProjectDocument:
    """Read any supported project file into a :class:`ProjectDocument`.

    The format is chosen by extension: ``.json``/``.yaml``/``.yml`` (Jalon file), ``.xml``
    (MS Project XML, MSPDI), ``.sm`` (PSPLIB). Any other extension (``.mpp``, ``.xer``,
    ``.mpx``, ``.pod``, ``.gan``...) goes through MPXJ when the optional ``mpxj`` package and a
    Java runtime are installed.

    Raises
    ------
    FileFormatError
        The file is missing, unreadable or invalid; the message names the file, the line or
        element and the field.
    """
    path = Path(path)
    if not path.is_file():
        raise FileFormatError(messages.NO_SUCH_FILE(), path=path)
    suffix = path.suffix.lower()
    if suffix in JALON_SUFFIXES:
        return read_jalon_file(path)
    if suffix == ".xml":
        from jalon.io.mspdi import read_mspdi

        return read_mspdi(path)
    if suffix == ".sm":
        from jalon.io.psplib import read_psplib

        return read_psplib(path).document
    from jalon.io.mpxj_bridge import read_with_mpxj

    return read_with_mpxj(path)


def load_project(path: str | Path) -> Plan:
    """Read a project file (any format :func:`load_document` knows) into an engine ``Plan``."""
    document = load_document(path)
    try:
        return to_plan(document)
    except FileFormatError:
        raise
    except Exception as exc:  # engine rules broken by a file that read fine
        from jalon.errors import ValidationFailed

        if isinstance(exc, ValidationFailed):
            raise FileFormatError(exc.sentence, path=path, field=exc.field) from None
        raise


def save_document(document: ProjectDocument, path: str | Path) -> None:
    """Write a document by extension: ``.json``/``.yaml``/``.yml`` (Jalon) or ``.xml`` (MSPDI)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JALON_SUFFIXES:
        write_jalon_file(document, path)
    elif suffix == ".xml":
        from jalon.io.mspdi import write_mspdi

        write_mspdi(document, path)
    else:
        raise FileFormatError(messages.WRITES(), path=path)


def __getattr__(name: str) -> object:
    # The MSPDI and PSPLIB modules load on first use, so that reading a JSON file stays fast.
    if name in ("read_mspdi", "write_mspdi"):
        from jalon.io import mspdi

        return getattr(mspdi, name)
    if name in ("read_psplib", "PsplibInstance"):
        from jalon.io import psplib

        return getattr(psplib, name)
    raise AttributeError(f"module 'jalon.io' has no attribute {name!r}")
