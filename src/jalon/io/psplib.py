"""PSPLIB single-mode RCPSP instances (``.sm`` files, Kolisch & Sprecher 1996).

An instance is a network of jobs (job 1 is the dummy source, the last job the dummy sink), each
with a duration and a demand on every renewable resource, and the capacity of each resource.
:func:`read_psplib` returns a :class:`PsplibInstance` holding the plan (abstract time, job ids
``"1"`` ... ``"32"``) and the resource data for levelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jalon.engine import Plan
from jalon.i18n import Message
from jalon.io import messages as m
from jalon.io.document import AssignmentDef, LinkDef, ProjectDocument, ResourceDef, TaskDef, to_plan
from jalon.io.errors import FileFormatError

__all__ = ["PsplibInstance", "read_psplib"]


@dataclass
class PsplibInstance:
    """A PSPLIB instance.

    Attributes
    ----------
    name : str
        File stem, e.g. ``"j301_1"``.
    document : ProjectDocument
        Jobs as tasks, precedences as FS links, resources with their capacity (``max_units``) and
        one assignment per non-zero demand (``units`` = demand).
    capacities : dict[str, int]
        Capacity per renewable resource (``"R1"`` ...).
    demands : dict[str, dict[str, int]]
        Non-zero demand per job id and resource.
    horizon : int
        The file's horizon (an upper bound on the makespan).
    """

    name: str
    document: ProjectDocument
    capacities: dict[str, int]
    demands: dict[str, dict[str, int]] = field(default_factory=dict)
    horizon: int = 0

    @property
    def plan(self) -> Plan:
        """The network as an engine plan, in abstract time (periods from 0)."""
        return to_plan(self.document)

    @property
    def durations(self) -> dict[str, float]:
        """Duration per job id."""
        return {task.id: task.duration for task in self.document.tasks}


def read_psplib(path: str | Path) -> PsplibInstance:
    """Read a PSPLIB ``.sm`` file.

    Raises
    ------
    FileFormatError
        Naming the file, the line and the section at fault.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="strict").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(m.CANNOT_READ(reason=str(exc)), path=path) from None

    def fail(message: Message, number: int | None, section: str) -> FileFormatError:
        return FileFormatError(message, path=path, line=number, element=section)

    def section_start(title: str) -> int:
        for number, line in enumerate(lines):
            if line.strip().upper().startswith(title):
                return number
        raise fail(m.NO_SECTION(section=title), None, title)

    def integers(number: int, section: str) -> list[int]:
        try:
            return [int(value) for value in lines[number].split()]
        except ValueError:
            raise fail(m.WHOLE_NUMBERS(value=repr(lines[number].strip())), number + 1,
                       section) from None

    horizon = 0
    for line in lines:
        found = re.match(r"\s*horizon\s*:\s*(\d+)", line)
        if found:
            horizon = int(found.group(1))
            break
    start = section_start("PRECEDENCE RELATIONS") + 2
    successors: dict[str, list[str]] = {}
    order: list[str] = []
    number = start
    while number < len(lines) and not lines[number].startswith("*"):
        if lines[number].strip():
            values = integers(number, "PRECEDENCE RELATIONS")
            if len(values) < 3 or len(values) != 3 + values[2]:
                raise fail(m.PRECEDENCE_ROW(), number + 1, "PRECEDENCE RELATIONS")
            job = str(values[0])
            order.append(job)
            successors[job] = [str(v) for v in values[3:]]
        number += 1
    requests = section_start("REQUESTS/DURATIONS")
    header = lines[requests + 1]
    resource_names = [f"R{n}" for n in re.findall(r"R\s*(\d+)", header)]
    if not resource_names:
        raise fail(m.NO_RESOURCES(), requests + 2, "REQUESTS/DURATIONS")
    durations: dict[str, int] = {}
    demands: dict[str, dict[str, int]] = {}
    number = requests + 2
    while number < len(lines) and lines[number].startswith("-"):
        number += 1
    while number < len(lines) and not lines[number].startswith("*"):
        if lines[number].strip():
            values = integers(number, "REQUESTS/DURATIONS")
            if len(values) != 3 + len(resource_names):
                raise fail(m.REQUEST_ROW(count=len(resource_names)), number + 1,
                           "REQUESTS/DURATIONS")
            job = str(values[0])
            durations[job] = values[2]
            demand = {r: d for r, d in zip(resource_names, values[3:], strict=True) if d}
            if demand:
                demands[job] = demand
        number += 1
    availability = section_start("RESOURCEAVAILABILITIES") + 2
    capacity_values = integers(availability, "RESOURCEAVAILABILITIES")
    if len(capacity_values) != len(resource_names):
        raise fail(m.CAPACITIES(), availability + 1, "RESOURCEAVAILABILITIES")
    capacities = dict(zip(resource_names, capacity_values, strict=True))
    missing = [job for job in order if job not in durations]
    if missing:
        raise fail(m.NO_DURATION(job=missing[0]), requests + 1, "REQUESTS/DURATIONS")
    known = set(order)
    document = ProjectDocument(path.stem)
    for job in order:
        duration = float(durations[job])
        document.tasks.append(TaskDef(job, f"Job {job}", duration=duration,
                                      milestone=duration == 0))
        for successor in successors[job]:
            if successor not in known:
                raise fail(m.UNKNOWN_SUCCESSOR(job=job, successor=successor), start + 1,
                           "PRECEDENCE RELATIONS")
            document.links.append(LinkDef(job, successor))
    for resource, capacity in capacities.items():
        document.resources.append(ResourceDef(resource, resource, "equipment",
                                              max_units=float(capacity)))
    for job, demand in demands.items():
        for resource, units in demand.items():
            document.assignments.append(AssignmentDef(job, resource, float(units)))
    return PsplibInstance(path.stem, document, capacities, demands, horizon)
