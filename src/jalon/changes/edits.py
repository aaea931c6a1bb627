"""The edits a change request proposes to the plan, as data: read and checked when they are
proposed (:func:`parse_edit`), said in the reader's language (:func:`describe`), and applied
through the planning, resources and finance services (:func:`apply_edits`) — on the what-if copy
for the impact, and for real on approval.

An edit is a JSON object with a ``type``:

============  =========================================================================
type          fields
============  =========================================================================
duration      ``task``, ``duration`` (working days)
add_task      ``name``, ``duration``, ``parent`` (a task or null), ``predecessors``
              (tasks it follows, finish-to-start)
remove_task   ``task`` (and its subtasks)
add_link      ``predecessor``, ``successor``, ``link_type`` (FS, SS, FF, SF), ``lag``
remove_link   ``predecessor``, ``successor``
assignment    ``task``, ``resource``, ``units`` (changes the assignment, or adds one)
fixed_cost    ``task``, ``amount`` (the task's fixed cost, in the project's currency)
============  =========================================================================

Tasks and resources are given by id; each edit also keeps their names as they were proposed
(``names``), so that a message can still name a task deleted since.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jalon.engine.limits import MAX_DURATION, MAX_LAG
from jalon.errors import ValidationFailed
from jalon.finance import services as finance
from jalon.finance.models import FixedCost
from jalon.planning import services as planning
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Project
from jalon.resources import services as resources
from jalon.resources.models import Assignment, Resource

Edit = dict[str, Any]

TYPES = ("duration", "add_task", "remove_task", "add_link", "remove_link", "assignment",
         "fixed_cost")
LINK_TYPES = tuple(Dependency.Type.values)


def type_labels() -> dict[str, str]:
    """What each type of edit is called, in the active language."""
    return {"duration": _("Change a task's duration"), "add_task": _("Add a task"),
            "remove_task": _("Remove a task"), "add_link": _("Add a link"),
            "remove_link": _("Remove a link"),
            "assignment": _("Change or add an assignment"),
            "fixed_cost": _("Change a task's fixed cost")}


# --- reading what is proposed -----------------------------------------------------------------

def _number(data: Mapping[str, Any], field: str, *, low: Decimal | None = None,
            high: Decimal | None = None, above: Decimal | None = None) -> Decimal:
    try:
        value = Decimal(str(data.get(field)))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Give a number."), field=field) from None
    if not value.is_finite() or (low is not None and value < low) \
            or (high is not None and value > high) or (above is not None and value <= above):
        raise ValidationFailed(_("This number is out of range."), field=field)
    return value


def _pk(value: Any) -> int | None:
    """An id as sent (a number or its digits), None when it cannot be one."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _task(project: Project, data: Mapping[str, Any], field: str) -> Task:
    pk = _pk(data.get(field))
    task = Task.objects.filter(project=project, pk=pk).first() if pk is not None else None
    if task is None:
        raise ValidationFailed(_("Choose a task of this project."), field=field)
    return task


def parse_edit(project: Project, data: Mapping[str, Any]) -> Edit:
    """``data`` checked against the project as it is now, as the edit to store.

    Raises ValidationFailed naming the field at fault."""
    kind = data.get("type")
    if kind not in TYPES:
        raise ValidationFailed(_("Choose what to change."), field="type")
    parse = _PARSERS[str(kind)]
    return {"type": kind, **parse(project, data)}


def _label(task: Task) -> str:
    return str(task)


def _parse_duration(project: Project, data: Mapping[str, Any]) -> Edit:
    task = _task(project, data, "task")
    if task.children.exists():
        raise ValidationFailed(_("“%(task)s” is a summary task: its duration is its subtasks'.")
                               % {"task": task}, field="task")
    duration = _number(data, "duration", low=Decimal(0), high=Decimal(MAX_DURATION))
    return {"task": task.pk, "duration": str(duration), "names": {str(task.pk): _label(task)}}


def _parse_add_task(project: Project, data: Mapping[str, Any]) -> Edit:
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 250:
        raise ValidationFailed(_("Give the new task a name (250 characters at most)."),
                               field="name")
    duration = _number(data, "duration", low=Decimal(0), high=Decimal(MAX_DURATION))
    parent = _task(project, data, "parent") if data.get("parent") not in (None, "") else None
    raw = data.get("predecessors") or []
    if not isinstance(raw, list):
        raise ValidationFailed(_("Choose the tasks it follows."), field="predecessors")
    predecessors = [_task(project, {"predecessors": pk}, "predecessors") for pk in raw]
    names = {str(t.pk): _label(t) for t in [*predecessors, *([parent] if parent else [])]}
    return {"name": name, "duration": str(duration), "parent": parent.pk if parent else None,
            "predecessors": [t.pk for t in predecessors], "names": names}


def _parse_remove_task(project: Project, data: Mapping[str, Any]) -> Edit:
    task = _task(project, data, "task")
    return {"task": task.pk, "names": {str(task.pk): _label(task)}}


def _link_ends(project: Project, data: Mapping[str, Any]) -> tuple[Task, Task]:
    predecessor = _task(project, data, "predecessor")
    successor = _task(project, data, "successor")
    if predecessor.pk == successor.pk:
        raise ValidationFailed(_("A task cannot follow itself."), field="successor")
    return predecessor, successor


def _parse_add_link(project: Project, data: Mapping[str, Any]) -> Edit:
    predecessor, successor = _link_ends(project, data)
    kind = data.get("link_type") or Dependency.Type.FS
    if kind not in LINK_TYPES:
        raise ValidationFailed(_("Choose FS, SS, FF or SF."), field="link_type")
    lag = _number({"lag": data.get("lag") or 0}, "lag", low=Decimal(-MAX_LAG),
                  high=Decimal(MAX_LAG))
    return {"predecessor": predecessor.pk, "successor": successor.pk, "link_type": kind,
            "lag": str(lag), "names": {str(t.pk): _label(t) for t in (predecessor, successor)}}


def _parse_remove_link(project: Project, data: Mapping[str, Any]) -> Edit:
    predecessor, successor = _link_ends(project, data)
    if not Dependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationFailed(_("“%(successor)s” does not follow “%(predecessor)s”.")
                               % {"predecessor": predecessor, "successor": successor},
                               field="successor")
    return {"predecessor": predecessor.pk, "successor": successor.pk,
            "names": {str(t.pk): _label(t) for t in (predecessor, successor)}}


def _parse_assignment(project: Project, data: Mapping[str, Any]) -> Edit:
    task = _task(project, data, "task")
    pk = _pk(data.get("resource"))
    resource = (Resource.objects.filter(pk=pk, is_active=True).first() if pk is not None
                else None)
    if resource is None:
        raise ValidationFailed(_("Choose an active resource."), field="resource")
    units = _number(data, "units", above=Decimal(0), high=Decimal("9999"))
    return {"task": task.pk, "resource": resource.pk, "units": str(units),
            "names": {str(task.pk): _label(task)}, "resource_name": resource.name}


def _parse_fixed_cost(project: Project, data: Mapping[str, Any]) -> Edit:
    task = _task(project, data, "task")
    amount = _number(data, "amount", low=Decimal(0), high=Decimal("999999999999"))
    return {"task": task.pk, "amount": str(amount), "names": {str(task.pk): _label(task)}}


_PARSERS: dict[str, Callable[[Project, Mapping[str, Any]], Edit]] = {
    "duration": _parse_duration, "add_task": _parse_add_task,
    "remove_task": _parse_remove_task, "add_link": _parse_add_link,
    "remove_link": _parse_remove_link, "assignment": _parse_assignment,
    "fixed_cost": _parse_fixed_cost,
}


# --- saying it --------------------------------------------------------------------------------

def describe(edit: Edit, names: Mapping[int, str] | None = None, *,
             costs: bool = True) -> str:
    """The edit in a sentence, in the active language; tasks by their current WBS and name
    (``names``, by id) or, when deleted since, as they were. Without ``costs`` a fixed cost's
    amount is left out."""
    def task(pk: int | None) -> str:
        if pk is None:
            return ""
        return (names or {}).get(pk) or edit.get("names", {}).get(str(pk), "?")

    kind = edit["type"]
    if kind == "duration":
        return _("Duration of “%(task)s”: %(duration)s working days") % {
            "task": task(edit["task"]), "duration": _decimal(edit["duration"])}
    if kind == "add_task":
        text = _("New task “%(name)s”, %(duration)s working days") % {
            "name": edit["name"], "duration": _decimal(edit["duration"])}
        if edit.get("parent"):
            text += _(", under “%(parent)s”") % {"parent": task(edit["parent"])}
        if edit.get("predecessors"):
            text += _(", after %(tasks)s") % {
                "tasks": ", ".join(f"“{task(pk)}”" for pk in edit["predecessors"])}
        return text
    if kind == "remove_task":
        return _("Remove “%(task)s”") % {"task": task(edit["task"])}
    if kind == "add_link":
        return _("Link “%(predecessor)s” → “%(successor)s” (%(type)s, lag %(lag)s days)") % {
            "predecessor": task(edit["predecessor"]), "successor": task(edit["successor"]),
            "type": edit["link_type"], "lag": _decimal(edit["lag"])}
    if kind == "remove_link":
        return _("Remove the link “%(predecessor)s” → “%(successor)s”") % {
            "predecessor": task(edit["predecessor"]), "successor": task(edit["successor"])}
    if kind == "assignment":
        return _("%(resource)s on “%(task)s” at %(units)s units") % {
            "resource": edit["resource_name"], "task": task(edit["task"]),
            "units": _decimal(edit["units"])}
    if not costs:
        return _("Fixed cost of “%(task)s” changed") % {"task": task(edit["task"])}
    return _("Fixed cost of “%(task)s”: %(amount)s") % {
        "task": task(edit["task"]), "amount": _decimal(edit["amount"])}


def _decimal(text: str) -> str:
    return f"{Decimal(text).normalize():f}"


# --- applying it ------------------------------------------------------------------------------

def _stale(edit: Edit, pk: int) -> ValidationFailed:
    return ValidationFailed(
        _("“%(task)s” no longer exists in the plan: the edit “%(edit)s” cannot be applied.")
        % {"task": edit.get("names", {}).get(str(pk), "?"), "edit": describe(edit)},
        field="edits")


def _current(project: Project, edit: Edit, pk: int) -> Task:
    task = Task.objects.filter(project=project, pk=pk).first()
    if task is None:
        raise _stale(edit, pk)
    return task


def apply_edits(*, actor: Any, project: Project, edits: list[Edit]) -> None:
    """Apply ``edits`` in order through the services, as ``actor`` (whose rights they check).

    Call it inside a transaction: an edit that no longer fits the plan (its task deleted, a
    link that would close a cycle) raises and leaves the caller to roll everything back."""
    for edit in edits:
        _APPLIERS[edit["type"]](actor, project, edit)


def _apply_duration(actor: Any, project: Project, edit: Edit) -> None:
    planning.task_update(actor=actor, task=_current(project, edit, edit["task"]),
                         duration=Decimal(edit["duration"]))


def _apply_add_task(actor: Any, project: Project, edit: Edit) -> None:
    parent = _current(project, edit, edit["parent"]) if edit.get("parent") else None
    predecessors = [_current(project, edit, pk) for pk in edit.get("predecessors", [])]
    task = planning.task_create(actor=actor, project=project, name=edit["name"], parent=parent,
                                duration=Decimal(edit["duration"]),
                                is_milestone=Decimal(edit["duration"]) == 0)
    for predecessor in predecessors:
        planning.dependency_create(actor=actor, predecessor=predecessor, successor=task)


def _apply_remove_task(actor: Any, project: Project, edit: Edit) -> None:
    planning.task_delete(actor=actor, task=_current(project, edit, edit["task"]))


def _apply_add_link(actor: Any, project: Project, edit: Edit) -> None:
    planning.dependency_create(actor=actor,
                               predecessor=_current(project, edit, edit["predecessor"]),
                               successor=_current(project, edit, edit["successor"]),
                               type=edit["link_type"], lag=Decimal(edit["lag"]))


def _apply_remove_link(actor: Any, project: Project, edit: Edit) -> None:
    predecessor = _current(project, edit, edit["predecessor"])
    successor = _current(project, edit, edit["successor"])
    link = Dependency.objects.filter(predecessor=predecessor, successor=successor).first()
    if link is None:
        raise ValidationFailed(
            _("The link “%(predecessor)s” → “%(successor)s” no longer exists: it cannot be "
              "removed.") % {"predecessor": predecessor, "successor": successor}, field="edits")
    planning.dependency_delete(actor=actor, dependency=link)


def _apply_assignment(actor: Any, project: Project, edit: Edit) -> None:
    task = _current(project, edit, edit["task"])
    units = Decimal(edit["units"])
    resource = Resource.objects.filter(pk=edit["resource"]).first()
    if resource is None:
        raise ValidationFailed(_("%(resource)s is no longer in the pool: the edit “%(edit)s” "
                                 "cannot be applied.") % {"resource": edit["resource_name"],
                                                          "edit": describe(edit)},
                               field="edits")
    assignment = Assignment.objects.filter(task=task, resource=resource).first()
    if assignment is None:
        resources.assignment_create(actor=actor, task=task, resource=resource, units=units)
        return
    # The work follows the units over the same duration, as when the task was assigned.
    work = (assignment.work * units / assignment.units).quantize(Decimal("0.01"))
    resources.assignment_update(actor=actor, assignment=assignment, units=units, work=work)


def _apply_fixed_cost(actor: Any, project: Project, edit: Edit) -> None:
    task = _current(project, edit, edit["task"])
    amount = Decimal(edit["amount"])
    costs = list(FixedCost.objects.filter(task=task))
    if len(costs) > 1:
        raise ValidationFailed(
            _("“%(task)s” has several fixed costs: change them on the Finance tab.")
            % {"task": task}, field="edits")
    if costs:
        finance.fixed_cost_update(actor=actor, cost=costs[0], amount=amount)
    else:
        finance.fixed_cost_create(actor=actor, task=task, amount=amount)


_APPLIERS: dict[str, Callable[[Any, Project, Edit], None]] = {
    "duration": _apply_duration, "add_task": _apply_add_task,
    "remove_task": _apply_remove_task, "add_link": _apply_add_link,
    "remove_link": _apply_remove_link, "assignment": _apply_assignment,
    "fixed_cost": _apply_fixed_cost,
}
