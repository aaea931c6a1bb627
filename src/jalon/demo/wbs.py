"""A compact way to write a demo work breakdown, and the builder that stores it through services.

A plan is a list of :class:`Phase` (summary tasks) holding :class:`Work` items (work tasks and
milestones) or other phases. Unless told otherwise, work flows in order: each item follows the
previous one finish-to-start, and the first item of a phase follows whatever precedes the phase.
In a ``parallel`` phase every work item follows the phase's predecessors and a closing milestone
follows all of them.

Links are written as text, ``"key"`` or ``"key:TYPE±lag"`` (``"essais:SS+3"``, ``"gros-oeuvre:FF-2"``);
``"prev"`` stands for the default predecessors and ``"PROJECT/key"`` names a task of another
project of the portfolio (linked once every project exists). Lags are in working days.

Resources are written as ``"DEV1 DEV2:0.5 BETON=450"``: a resource code (without the ``AUR-``
prefix), optionally ``:units`` (1 = full time) or ``=quantity`` for a material. Work tasks without
resources inherit those of their phase; ``"-"`` means none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jalon.planning import services as planning
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.resources import services as pool
from jalon.resources.models import Resource

RESOURCE_PREFIX = "AUR-"

_LINK = re.compile(
    r"^(?P<key>[\w./-]+?)(?::(?P<type>FS|SS|FF|SF)(?P<lag>[+-]\d+(?:\.\d+)?)?)?$"
)
_RESOURCE = re.compile(r"^(?P<code>[A-Z0-9]+)(?:(?P<sep>[:=])(?P<amount>\d+(?:\.\d+)?))?$")


@dataclass(frozen=True)
class LinkSpec:
    """A predecessor written as text: its key, the link type and the lag (working days)."""

    key: str
    type: str = "FS"
    lag: Decimal = Decimal("0")

    @classmethod
    def parse(cls, text: str) -> LinkSpec:
        match = _LINK.match(text)
        if match is None:
            raise ValueError(f"Bad link {text!r}: write 'key' or 'key:FS+2'.")
        return cls(match["key"], match["type"] or "FS", Decimal(match["lag"] or "0"))


@dataclass(frozen=True)
class Work:
    """A work task (``days`` > 0) or a milestone (``days`` == 0) of the demo plan.

    ``pert`` is a three-point estimate (optimistic, most likely, pessimistic) in working days;
    ``constraint`` a pair (type, date) such as ``("SNET", date(2026, 9, 7))``.
    """

    name: str
    days: float = 0
    res: str = ""
    key: str = ""
    after: tuple[str, ...] | None = None
    pert: tuple[float, float, float] | None = None
    constraint: tuple[str, date] | None = None
    deadline: date | None = None

    @property
    def is_milestone(self) -> bool:
        return self.days == 0


@dataclass(frozen=True)
class Phase:
    """A summary task grouping work in sequence (default) or in parallel."""

    name: str
    items: tuple[Work | Phase, ...]
    res: str = ""
    parallel: bool = False
    after: tuple[str, ...] | None = None
    key: str = ""


def W(name: str, days: float, res: str = "", *, key: str = "", after: Sequence[str] | None = None,
      pert: tuple[float, float, float] | None = None, constraint: tuple[str, date] | None = None,
      deadline: date | None = None) -> Work:
    """A work task of ``days`` working days."""
    return Work(name, days, res, key, tuple(after) if after is not None else None, pert,
                constraint, deadline)


def M(name: str, *, key: str = "", after: Sequence[str] | None = None,
      constraint: tuple[str, date] | None = None, deadline: date | None = None) -> Work:
    """A milestone (zero duration)."""
    return Work(name, 0, "-", key, tuple(after) if after is not None else None, None,
                constraint, deadline)


def P(name: str, *items: Work | Phase, res: str = "", parallel: bool = False,
      after: Sequence[str] | None = None, key: str = "") -> Phase:
    """A phase (summary task) holding ``items``."""
    return Phase(name, items, res, parallel, tuple(after) if after is not None else None, key)


@dataclass
class BuiltPlan:
    """What building a plan produced: tasks by key, and links to other projects still to make."""

    project: Project
    keys: dict[str, Task] = field(default_factory=dict)
    pending_links: list[tuple[Task, LinkSpec]] = field(default_factory=list)
    task_count: int = 0
    link_count: int = 0
    assignment_count: int = 0


def parse_resources(text: str) -> list[tuple[str, Decimal, Decimal | None]]:
    """``"DEV1 SAP:0.5 BETON=450"`` -> [(code, units, work or None)], codes with their prefix."""
    if text.strip() in ("", "-"):
        return []
    result = []
    for token in text.split():
        match = _RESOURCE.match(token)
        if match is None:
            raise ValueError(f"Bad resource {token!r}: write 'CODE', 'CODE:0.5' or 'CODE=12'.")
        code = RESOURCE_PREFIX + match["code"]
        amount = Decimal(match["amount"]) if match["amount"] else None
        if match["sep"] == "=":
            result.append((code, Decimal("1"), amount))  # material: quantity consumed
        else:
            result.append((code, amount or Decimal("1"), None))
    return result


Pred = tuple[Task | str, LinkSpec]
"""A predecessor: a task, or the key of one (``"PROJECT/key"`` for another project), and how."""

_FOLLOWS = LinkSpec("prev")


class PlanBuilder:
    """Stores a demo plan for one project through the planning and resources services."""

    def __init__(self, *, actor: Any, project: Project, resources: dict[str, Resource]) -> None:
        self.actor = actor
        self.built = BuiltPlan(project)
        self.resources = resources
        self._links: list[tuple[Task, list[Pred]]] = []
        self._assignments: list[tuple[Task, str]] = []

    def build(self, phases: Iterable[Phase]) -> BuiltPlan:
        exits: list[Pred] = []
        for phase in phases:
            exits = self._phase(phase, None, exits, "")
        self._store_links()
        self._store_assignments()
        return self.built

    # -- tasks --------------------------------------------------------------------------------

    def _create(self, name: str, parent: Task | None, **fields: Any) -> Task:
        task = planning.task_create(actor=self.actor, project=self.built.project, name=name,
                                    parent=parent, **fields)
        self.built.task_count += 1
        return task

    @staticmethod
    def _predecessors(after: tuple[str, ...] | None, before: list[Pred]) -> list[Pred]:
        """The explicit predecessors when given (``"prev"`` expands to ``before``), else ``before``."""
        if after is None:
            return before
        result: list[Pred] = []
        for text in after:
            spec = LinkSpec.parse(text)
            if spec.key == "prev":
                result += [(target, spec) for target, _spec in before]
            else:
                result.append((spec.key, spec))
        return result

    def _phase(self, phase: Phase, parent: Task | None, before: list[Pred], res: str) -> list[Pred]:
        summary = self._create(phase.name, parent, duration=Decimal("0"))
        if phase.key:
            self.built.keys[phase.key] = summary
        res = phase.res or res
        entry = self._predecessors(phase.after, before)
        if phase.parallel:
            exits: list[Pred] = []
            for item in phase.items:
                if isinstance(item, Work) and item.is_milestone and exits:
                    exits = self._item(item, summary, exits, res)
                else:
                    exits += self._item(item, summary, entry, res)
            return exits
        previous = entry
        for item in phase.items:
            previous = self._item(item, summary, previous, res)
        return previous

    def _item(self, item: Work | Phase, parent: Task, before: list[Pred], res: str) -> list[Pred]:
        if isinstance(item, Phase):
            return self._phase(item, parent, before, res)
        fields: dict[str, Any] = {"is_milestone": item.is_milestone,
                                  "duration": Decimal(str(item.days))}
        if item.pert:
            fields["optimistic"], fields["most_likely"], fields["pessimistic"] = (
                Decimal(str(value)) for value in item.pert
            )
        if item.constraint:
            fields["constraint_type"], fields["constraint_date"] = item.constraint
        if item.deadline:
            fields["deadline"] = item.deadline
        task = self._create(item.name, parent, **fields)
        if item.key:
            self.built.keys[item.key] = task
        self._links.append((task, self._predecessors(item.after, before)))
        if not item.is_milestone:
            self._assignments.append((task, item.res or res))
        return [(task, _FOLLOWS)]

    # -- links and assignments ----------------------------------------------------------------

    def _store_links(self) -> None:
        # One call per successor: the plan is checked for cycles once per task, not per link.
        for task, predecessors in self._links:
            links = []
            for target, spec in predecessors:
                if isinstance(target, str) and "/" in target:
                    self.built.pending_links.append((task, spec))
                    continue
                predecessor = self.built.keys[target] if isinstance(target, str) else target
                links.append((predecessor, spec.type, spec.lag))
            if links:
                planning.predecessors_set(actor=self.actor, task=task, links=links)
                self.built.link_count += len(links)

    def _store_assignments(self) -> None:
        for task, text in self._assignments:
            for code, units, work in parse_resources(text):
                pool.assignment_create(actor=self.actor, task=task, resource=self.resources[code],
                                       units=units, work=work)
                self.built.assignment_count += 1


def link_across(*, actor: Any, plans: dict[str, BuiltPlan]) -> int:
    """Make the links whose predecessor is in another project (``"PROJECT/key"``)."""
    count = 0
    for plan in plans.values():
        for successor, spec in plan.pending_links:
            code, key = spec.key.split("/", 1)
            planning.dependency_create(actor=actor, predecessor=plans[code].keys[key],
                                       successor=successor, type=spec.type, lag=spec.lag)
            count += 1
    return count
