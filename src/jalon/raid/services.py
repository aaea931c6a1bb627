"""Writes of the RAID log: decisions, assumptions and external dependencies. Keyword-only,
typed, one transaction each; the acting user is ``actor`` and must manage the project.

Whoever becomes the owner of an assumption or a dependency (at creation or later) is notified,
and so is whoever a decision names as its decider."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jalon.accounts import permissions as perms
from jalon.errors import ValidationFailed
from jalon.notifications.services import notify
from jalon.portfolios.models import Project
from jalon.raid.models import Assumption, Decision, ExternalDependency, Numbered
from jalon.validation import assign_fields, validate

__all__ = ["assumption_create", "assumption_delete", "assumption_update", "decision_create",
           "decision_delete", "decision_update", "dependency_create", "dependency_delete",
           "dependency_update"]

DECISION_FIELDS = frozenset({"title", "context", "options", "decision", "rationale",
                             "decided_by", "decided_on", "status", "superseded_by"})
DECISION_LINKS = ("risks", "issues", "gates", "tasks")
ASSUMPTION_FIELDS = frozenset({"description", "owner", "validate_by", "status",
                               "impact_if_false"})
DEPENDENCY_FIELDS = frozenset({"description", "direction", "party", "other_project",
                               "needed_by", "owner", "status", "task"})

ASSIGNED = gettext_noop("You are the owner of %(item)s in project %(project)s.")
DECIDER = gettext_noop("You are named as the decider of %(item)s in project %(project)s.")

N = TypeVar("N", bound=Numbered)


def _numbered(entry: N) -> N:
    """Give a new entry the next number of its project's register, the project locked so that
    two writers cannot take the same one (PostgreSQL refuses FOR UPDATE with an aggregate)."""
    project_id = entry.project_id  # type: ignore[attr-defined]
    Project.objects.select_for_update().filter(pk=project_id).first()
    last = type(entry)._default_manager.filter(project_id=project_id).aggregate(
        n=Max("number"))
    entry.number = (last["n"] or 0) + 1
    return entry


def _tell(entry: Numbered, person: Any, message: str) -> None:
    project: Project = entry.project  # type: ignore[attr-defined]
    notify(recipients=[person], kind="raid_assigned", message=message,
           params={"item": str(entry), "project": f"{project.code} {project.name}"},
           url=reverse("raid-log", args=[project.pk]), project=project)


def _same_project(project: Project, objects: Any, field: str) -> None:
    for obj in objects:
        # a stage gate hangs on the project through its phase
        owner = obj.project_id if hasattr(obj, "project_id") else obj.phase.project_id
        if owner != project.pk:
            raise ValidationFailed(_("%(object)s is not in this project.") % {"object": obj},
                                   field=field)


# --- decisions -------------------------------------------------------------------------------

def _check_decision(decision: Decision, links: dict[str, Any]) -> None:
    validate(decision, exclude=["number"])
    if decision.superseded_by is not None and \
            decision.superseded_by.project_id != decision.project_id:
        raise ValidationFailed(_("Choose a decision of the same project."), field="superseded_by")
    for name, objects in links.items():
        if name not in DECISION_LINKS:
            raise ValidationFailed(_("Unknown or read-only field: %(field)s.") % {"field": name},
                                   field=name)
        _same_project(decision.project, objects, name)


def _split_links(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: fields.pop(name) for name in list(fields) if name in DECISION_LINKS}


@transaction.atomic
def decision_create(*, actor: Any, project: Project, title: str, **fields: Any) -> Decision:
    """Log a decision in the project (numbered D-001, D-002…), with its links to the
    project's risks, issues, stage gates and tasks (``risks=[...]``…)."""
    perms.require_change(actor, project)
    links = _split_links(fields)
    decision = Decision(project=project, title=title)
    assign_fields(decision, fields, DECISION_FIELDS)
    _check_decision(decision, links)
    _numbered(decision).save()
    for name, objects in links.items():
        getattr(decision, name).set(objects)
    if decision.decided_by is not None and decision.decided_by != actor:
        _tell(decision, decision.decided_by, DECIDER)
    return decision


@transaction.atomic
def decision_update(*, actor: Any, decision: Decision, **changes: Any) -> Decision:
    """Change a decision; links given replace the former ones."""
    perms.require_change(actor, decision.project)
    decider = decision.decided_by_id
    links = _split_links(changes)
    assign_fields(decision, changes, DECISION_FIELDS)
    _check_decision(decision, links)
    decision.save()
    for name, objects in links.items():
        getattr(decision, name).set(objects)
    if decision.decided_by is not None and decision.decided_by_id != decider \
            and decision.decided_by != actor:
        _tell(decision, decision.decided_by, DECIDER)
    return decision


@transaction.atomic
def decision_delete(*, actor: Any, decision: Decision) -> None:
    perms.require_change(actor, decision.project)
    decision.delete()


# --- assumptions and dependencies ------------------------------------------------------------

def _check(entry: Numbered) -> None:
    validate(entry, exclude=["number"])
    if isinstance(entry, ExternalDependency) and entry.task is not None \
            and entry.task.project_id != entry.project_id:
        raise ValidationFailed(_("Choose a task of this project."), field="task")


def _create(entry: N, actor: Any, fields: dict[str, Any], allowed: frozenset[str]) -> N:
    assign_fields(entry, fields, allowed)
    _check(entry)
    _numbered(entry).save()
    owner = getattr(entry, "owner", None)
    if owner is not None and owner != actor:
        _tell(entry, owner, ASSIGNED)
    return entry


def _update(entry: N, actor: Any, changes: dict[str, Any], allowed: frozenset[str]) -> N:
    owner = entry.owner_id  # type: ignore[attr-defined]
    assign_fields(entry, changes, allowed)
    _check(entry)
    entry.save()
    new_owner = getattr(entry, "owner", None)
    if new_owner is not None and new_owner.pk != owner and new_owner != actor:
        _tell(entry, new_owner, ASSIGNED)
    return entry


@transaction.atomic
def assumption_create(*, actor: Any, project: Project, description: str,
                      **fields: Any) -> Assumption:
    """Record an assumption of the project (numbered A-001…)."""
    perms.require_change(actor, project)
    return _create(Assumption(project=project, description=description), actor, fields,
                   ASSUMPTION_FIELDS)


@transaction.atomic
def assumption_update(*, actor: Any, assumption: Assumption, **changes: Any) -> Assumption:
    perms.require_change(actor, assumption.project)
    return _update(assumption, actor, changes, ASSUMPTION_FIELDS)


@transaction.atomic
def assumption_delete(*, actor: Any, assumption: Assumption) -> None:
    perms.require_change(actor, assumption.project)
    assumption.delete()


@transaction.atomic
def dependency_create(*, actor: Any, project: Project, description: str,
                      **fields: Any) -> ExternalDependency:
    """Record an external dependency of the project (numbered X-001…): on a party outside, or
    on another project (``other_project``, which the actor must be able to see)."""
    perms.require_change(actor, project)
    return _create(ExternalDependency(project=project, description=description), actor, fields,
                   DEPENDENCY_FIELDS)


@transaction.atomic
def dependency_update(*, actor: Any, dependency: ExternalDependency,
                      **changes: Any) -> ExternalDependency:
    perms.require_change(actor, dependency.project)
    return _update(dependency, actor, changes, DEPENDENCY_FIELDS)


@transaction.atomic
def dependency_delete(*, actor: Any, dependency: ExternalDependency) -> None:
    perms.require_change(actor, dependency.project)
    dependency.delete()
