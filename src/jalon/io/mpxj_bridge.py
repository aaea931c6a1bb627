"""Other planning formats through MPXJ (optional: ``pip install 'jalon[mpxj]'`` and Java).

MPXJ (https://www.mpxj.org) reads .mpp (MS Project), .xer and P6 XML (Primavera), .mpx,
.pp (Asta), .gan (GanttProject), .pod (ProjectLibre) and more. Jalon asks MPXJ to read the file and
to write it back as MS Project XML, then reads that with :func:`jalon.io.mspdi.read_mspdi`, so
every format maps to the document exactly as MSPDI does.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from jalon.i18n import Message
from jalon.io import messages as m
from jalon.io.document import ProjectDocument
from jalon.io.errors import FileFormatError

__all__ = ["ms_project_schedule", "mpxj_available", "mpxj_project", "read_with_mpxj"]

def _missing() -> Message:
    return m.MPXJ_MISSING(command="`pip install 'jalon[mpxj]'`")


def _start_jvm() -> Any:
    """Import MPXJ and start the Java virtual machine once per process."""
    try:
        import jpype
        import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
    except ImportError:
        raise FileFormatError(_missing()) from None
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM(convertStrings=True)
        except (OSError, RuntimeError, TypeError) as exc:
            raise FileFormatError(m.JAVA_CANNOT_START(reason=str(exc),
                                                      missing=_missing())) from None
    return jpype


def mpxj_available() -> bool:
    """Whether MPXJ and a Java runtime are usable (starts the JVM when they are)."""
    try:
        _start_jvm()
    except FileFormatError:
        return False
    return True


def mpxj_project(path: str | Path) -> Any:
    """Read a file with MPXJ's ``UniversalProjectReader`` and return the Java ``ProjectFile``.

    Raises
    ------
    FileFormatError
        When MPXJ or Java is missing, or MPXJ cannot read the file.
    """
    jpype = _start_jvm()
    reader_class = jpype.JClass("org.mpxj.reader.UniversalProjectReader")
    try:
        project = reader_class().read(str(path))
    except Exception as exc:  # Java exceptions surface as jpype exceptions
        raise FileFormatError(m.MPXJ_CANNOT_READ(reason=str(exc)), path=path) from None
    if project is None:
        raise FileFormatError(m.MPXJ_UNKNOWN_FORMAT(), path=path)
    return project


def read_with_mpxj(path: str | Path) -> ProjectDocument:
    """Read any format MPXJ knows into a :class:`ProjectDocument` (through MSPDI).

    Raises
    ------
    FileFormatError
        Naming the file; with the install instructions when MPXJ or Java is missing.
    """
    from jalon.io.mspdi import read_mspdi

    path = Path(path)
    if not path.is_file():
        raise FileFormatError(m.NO_SUCH_FILE(), path=path)
    project = mpxj_project(path)
    jpype = _start_jvm()
    writer = jpype.JClass("org.mpxj.mspdi.MSPDIWriter")()
    with tempfile.TemporaryDirectory(prefix="jalon-mpxj-") as folder:
        target = Path(folder) / f"{path.stem}.xml"
        try:
            writer.write(project, str(target))
        except Exception as exc:
            raise FileFormatError(m.MPXJ_CANNOT_CONVERT(reason=str(exc)), path=path) from None
        document = read_mspdi(target)
    if document.name in (target.name, target.stem):
        document.name = path.stem
    return document


def ms_project_schedule(document: ProjectDocument) -> dict[str, tuple[datetime, datetime]]:
    """Schedule a document with MPXJ's MS Project-compatible scheduler.

    The document is written as MSPDI (:func:`jalon.io.mspdi_writer.write_mspdi`), read by MPXJ
    and scheduled by ``org.mpxj.cpm.MicrosoftScheduler`` from the project start (the first
    working time of ``document.start``): an independent check of Jalon's dates, on the rules
    MPXJ reproduces from MS Project (tests/io/test_mspdi_oracle.py lists where they part).

    Returns
    -------
    dict[str, tuple[datetime, datetime]]
        Task id -> the start and finish the scheduler computes, with their times of day.

    Raises
    ------
    FileFormatError
        When MPXJ or Java is missing, or the scheduler refuses the plan.
    """
    from jalon.io.mspdi_writer import write_mspdi

    jpype = _start_jvm()
    with tempfile.TemporaryDirectory(prefix="jalon-mpxj-") as folder:
        path = Path(folder) / "plan.xml"
        write_mspdi(document, path)
        project = mpxj_project(path)
    start = project.getProjectProperties().getStartDate()
    try:
        jpype.JClass("org.mpxj.cpm.MicrosoftScheduler")().schedule(project, start)
    except Exception as exc:  # a CpmException (a cycle, a task without duration)
        raise FileFormatError(m.MPXJ_CANNOT_SCHEDULE(reason=str(exc))) from None
    return {
        str(task.getText(1)): (_python(task.getStart()), _python(task.getFinish()))
        for task in project.getTasks() if int(task.getUniqueID()) != 0
    }


def _python(moment: Any) -> datetime:
    """A Java ``LocalDateTime`` as a Python ``datetime``."""
    return datetime.fromisoformat(str(moment))
