"""Writes to timesheets, each in one transaction.

Who may do what:

- a person records time for the resource linked to their own account, on the tasks of the
  projects where they may record progress (team members and managers), or on tasks they are
  assigned to, of projects they may see;
- those who may change a project (its project manager and the managers above) record time for
  any resource on its tasks, and approve or reject the time submitted on them;
- drafts and rejected entries may be changed or deleted; submitted and approved ones may not
  (the project manager rejects an entry, with a reason, to have it corrected).

A resource works 24 hours a day at most, all its entries together (rejected ones aside).
Importing a file is in ``jalon.timesheets.importing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import JalonError, PermissionDenied, ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.services import inputs_changed
from jalon.resources.models import Assignment, Resource
from jalon.timesheets import notices
from jalon.timesheets.models import MAX_DAY_HOURS, TimesheetEntry
from jalon.timesheets.selectors import CLOSED_PROJECTS, week_days
from jalon.validation import assign_fields, validate

Status = TimesheetEntry.Status
ENTRY_FIELDS = {"date", "hours", "note", "task"}
ZERO = Decimal("0")


def who(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def day_label(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def hours_label(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _lock(resource: Resource) -> None:
    """Serialise the writes of one resource's time, so that two requests cannot together
    pass the 24-hour limit of a day."""
    Resource.objects.select_for_update().filter(pk=resource.pk).first()


# --- the rules ---------------------------------------------------------------------------------

def check_may_enter(actor: Any, resource: Resource, task: Task) -> None:
    """Raise unless ``actor`` may record time of ``resource`` on ``task``.

    Raises
    ------
    NotFound
        The actor may not see the task's project.
    PermissionDenied
        The actor may see it but not record this time.
    ValidationFailed
        The project is closed or cancelled (for those who do not manage it).
    """
    project = task.project
    perms.require_view(actor, project)
    if perms.can_change(actor, project):
        return
    if resource.user_id is None or resource.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You may record time only for yourself; the project manager "
                                 "records it for others."))
    if project.status in CLOSED_PROJECTS:
        raise ValidationFailed(_("%(project)s is closed: no more time can be recorded on it.")
                               % {"project": project.code}, field="task")
    if not (perms.can_record_progress(actor, project)
            or Assignment.objects.filter(task=task, resource=resource).exists()):
        raise PermissionDenied(_("You may record time only on the projects of your team or on "
                                 "tasks you are assigned to."))


def _check_editable(entry: TimesheetEntry) -> None:
    if entry.status == Status.SUBMITTED:
        raise ValidationFailed(_("This time was submitted: it can no longer be changed. Ask the "
                                 "project manager to reject it if it is wrong."), field="status")
    if entry.status == Status.APPROVED:
        raise ValidationFailed(_("This time was approved: it can no longer be changed. Ask the "
                                 "project manager to reject it if it is wrong."), field="status")


def _check_target(resource: Resource, task: Task) -> None:
    if resource.kind == Resource.Kind.MATERIAL:
        raise ValidationFailed(_("%(name)s is a material: record time for people and equipment "
                                 "only.") % {"name": resource.name}, field="resource")
    if Task.objects.filter(parent=task).exists():
        raise ValidationFailed(_("“%(task)s” is a summary task: record time on its subtasks.")
                               % {"task": task}, field="task")


def _check_entry(entry: TimesheetEntry) -> None:
    """The entry's own rules, and one entry per resource, task and day."""
    _check_target(entry.resource, entry.task)
    if entry.date and TimesheetEntry.objects.filter(
            resource=entry.resource, task=entry.task, date=entry.date).exclude(
            pk=entry.pk).exists():
        raise ValidationFailed(
            _("%(resource)s already has time on “%(task)s” on %(date)s: change those hours "
              "instead.") % {"resource": entry.resource.name, "task": entry.task,
                             "date": day_label(entry.date)}, field="date")
    validate(entry, exclude=["created_by", "reviewed_by"])


def _worked(resource: Resource, day: date, *, besides: int | None = None) -> Decimal:
    """Hours ``resource`` has on ``day`` (rejected time aside), without the entry ``besides``."""
    qs = TimesheetEntry.objects.filter(resource=resource, date=day).exclude(
        status=Status.REJECTED)
    if besides is not None:
        qs = qs.exclude(pk=besides)
    return qs.aggregate(total=Sum("hours"))["total"] or ZERO


def hidden_time(actor: Any) -> Any:
    """The time entries on projects ``actor`` may not see (rejected ones aside): they count
    towards a day's 24 hours, but a refusal must not tell how many hours they hold."""
    return TimesheetEntry.objects.exclude(status=Status.REJECTED).exclude(
        task__project__in=perms.visible_projects(actor))


def _too_much(actor: Any, resource: Resource, day: date, total: Decimal) -> str:
    if hidden_time(actor).filter(resource=resource, date=day).exists():
        return _("%(resource)s would work more than 24 hours on %(date)s, counting the time "
                 "recorded on projects you do not see.") % {
            "resource": resource.name, "date": day_label(day)}
    return _("%(resource)s would work %(total)s hours on %(date)s: 24 hours a day at most.") % {
        "resource": resource.name, "total": hours_label(total), "date": day_label(day)}


def _check_day(actor: Any, entry: TimesheetEntry) -> None:
    total = _worked(entry.resource, entry.date, besides=entry.pk) + entry.hours
    if total > MAX_DAY_HOURS:
        raise ValidationFailed(_too_much(actor, entry.resource, entry.date, total),
                               field="hours")


# --- entries -----------------------------------------------------------------------------------

@transaction.atomic
def timesheet_entry_create(*, actor: Any, resource: Resource, task: Task, date: date,
                           hours: Decimal, note: str = "") -> TimesheetEntry:
    """Record ``hours`` of ``resource`` on ``task`` on ``date``, as a draft, at the resource's
    current standard rate (per hour)."""
    check_may_enter(actor, resource, task)
    _lock(resource)
    entry = TimesheetEntry(resource=resource, task=task, date=date, hours=hours,
                           note=(note or "").strip(), rate=resource.standard_rate,
                           created_by=who(actor))
    _check_entry(entry)
    _check_day(actor, entry)
    entry.save()
    return entry


@transaction.atomic
def timesheet_entry_update(*, actor: Any, entry: TimesheetEntry,
                           **changes: Any) -> TimesheetEntry:
    """Change a draft or rejected entry's date, hours, note or task; a rejected entry goes
    back to draft (its rejection reason stays visible until it is approved). The rate stays
    the one captured when the entry was made."""
    check_may_enter(actor, entry.resource, entry.task)
    _check_editable(entry)
    _lock(entry.resource)
    if isinstance(changes.get("note"), str):
        changes["note"] = changes["note"].strip()
    assign_fields(entry, changes, ENTRY_FIELDS)
    if "task" in changes:
        check_may_enter(actor, entry.resource, entry.task)
    if entry.status == Status.REJECTED:
        entry.status = Status.DRAFT
    _check_entry(entry)
    _check_day(actor, entry)
    entry.save()
    return entry


@transaction.atomic
def timesheet_entry_delete(*, actor: Any, entry: TimesheetEntry) -> None:
    """Delete a draft or rejected entry."""
    check_may_enter(actor, entry.resource, entry.task)
    _check_editable(entry)
    entry.delete()


# --- a week ------------------------------------------------------------------------------------

def _submit(actor: Any, resource: Resource, days: list[date]) -> list[TimesheetEntry]:
    drafts = list(TimesheetEntry.objects.filter(
        resource=resource, date__range=(days[0], days[-1]), status=Status.DRAFT,
        task__project__in=perms.visible_projects(actor),
    ).select_related("task__project", "resource"))
    allowed, refused = [], None
    checked: dict[int, JalonError | None] = {}
    for entry in drafts:
        if entry.task_id not in checked:
            try:
                check_may_enter(actor, resource, entry.task)
                checked[entry.task_id] = None
            except JalonError as exc:
                checked[entry.task_id] = exc
        problem = checked[entry.task_id]
        if problem is None:
            allowed.append(entry)
        else:
            refused = problem
    if not allowed:
        if refused is not None:
            raise refused
        raise ValidationFailed(_("There is no draft time to submit in the week of %(week)s.")
                               % {"week": day_label(days[0])}, field="week")
    now = timezone.now()
    TimesheetEntry.objects.filter(pk__in=[e.pk for e in allowed]).update(
        status=Status.SUBMITTED, submitted_at=now, updated_at=now)
    for entry in allowed:
        entry.status, entry.submitted_at = Status.SUBMITTED, now
    notices.time_submitted(allowed, actor=actor)
    return allowed


@transaction.atomic
def timesheet_week_submit(*, actor: Any, resource: Resource, week: date) -> list[TimesheetEntry]:
    """Submit the draft time of ``resource`` in the week of ``week`` (any day of it, Monday to
    Sunday) for approval. A project manager submits the drafts of the projects she manages.

    Raises
    ------
    ValidationFailed
        There is no draft time in the week.
    """
    _lock(resource)
    return _submit(actor, resource, week_days(week))


class WeekInvalid(ValidationFailed):
    """Some cells of a week are bad; ``cells`` maps (task id, day) and ``days`` maps a day to
    its messages. Nothing was saved."""

    code = "invalid_week"

    def __init__(self, cells: dict[tuple[int, date], list[str]],
                 days: dict[date, list[str]]) -> None:
        errors: dict[str, list[str]] = {}
        for (task_id, day), messages in cells.items():
            errors[f"{task_id}/{day.isoformat()}"] = messages
        for day, messages in days.items():
            errors[day.isoformat()] = messages
        super().__init__(_("Some hours are wrong; nothing was saved."), errors=errors)
        self.cells = cells
        self.days = days


@dataclass(frozen=True)
class WeekSaved:
    """What saving a week did: entries created, changed, deleted, and submitted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    submitted: int = 0


@transaction.atomic
def timesheet_week_save(*, actor: Any, resource: Resource, week: date,
                        hours: Mapping[tuple[Task, date], Decimal | None],
                        submit: bool = False) -> WeekSaved:
    """Set the hours of ``resource`` per (task, day) of the week of ``week``: a new entry where
    there was none, the new hours on a draft or rejected one, and none where the hours are
    empty or 0. Cells not in ``hours`` are left as they are. With ``submit``, the week's drafts
    are then submitted. All or nothing.

    Raises
    ------
    WeekInvalid
        A cell is refused (locked, not allowed, bad hours) or a day passes 24 hours: every
        problem is named; nothing is saved.
    """
    days = week_days(week)
    _lock(resource)
    existing = {(e.task_id, e.date): e for e in TimesheetEntry.objects.filter(
        resource=resource, date__range=(days[0], days[-1])).select_related("task__project")}
    day_totals = dict.fromkeys(days, ZERO)
    for day, total in (TimesheetEntry.objects.filter(resource=resource,
                                                     date__range=(days[0], days[-1]))
                       .exclude(status=Status.REJECTED).order_by()
                       .values_list("date").annotate(total=Sum("hours"))):
        day_totals[day] = total
    cells: dict[tuple[int, date], list[str]] = {}
    creates, updates, deletes = [], [], []
    for (task, day), value in hours.items():
        key = (task.pk, day)
        value = value or None
        entry = existing.get(key)
        if (entry is None and value is None) or (entry is not None and entry.hours == value):
            continue
        try:
            if day not in days:
                raise ValidationFailed(_("%(date)s is not in this week.") % {"date": day_label(day)})
            check_may_enter(actor, resource, task)
            if entry is None:
                assert value is not None  # an empty cell without an entry was skipped above
                entry = TimesheetEntry(resource=resource, task=task, date=day, hours=value,
                                       rate=resource.standard_rate, created_by=who(actor))
                _check_entry(entry)
                creates.append(entry)
                day_totals[day] += value
                continue
            _check_editable(entry)
            counted = entry.hours if entry.status != Status.REJECTED else ZERO
            if value is None:
                deletes.append(entry)
                day_totals[day] -= counted
                continue
            entry.hours = value
            entry.status = Status.DRAFT
            _check_entry(entry)
            updates.append(entry)
            day_totals[day] += value - counted
        except JalonError as exc:
            cells[key] = [exc.message]
    overworked = {day: [_too_much(actor, resource, day, total)]
                  for day, total in day_totals.items() if total > MAX_DAY_HOURS}
    if cells or overworked:
        raise WeekInvalid(cells, overworked)
    for entry in deletes:
        entry.delete()
    for entry in [*updates, *creates]:
        entry.save()
    submitted = len(_submit(actor, resource, days)) if submit else 0
    return WeekSaved(len(creates), len(updates), len(deletes), submitted)


# --- approval ----------------------------------------------------------------------------------

def _reviewable(actor: Any, entries: Iterable[TimesheetEntry]) -> list[TimesheetEntry]:
    """The entries as they are now in the database (locked until the end of the transaction),
    once the actor is known to manage each entry's project."""
    ids = [e.pk for e in entries]
    entries = list(TimesheetEntry.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                   .select_related("resource__user", "task__project").order_by("date", "pk"))
    projects = {e.task.project_id: e.task.project for e in entries}
    for project in projects.values():
        perms.require_change(actor, project)
    if not entries:
        raise ValidationFailed(_("Choose the time to approve or reject."), field="entries")
    return entries


def _entry_label(entry: TimesheetEntry) -> str:
    return _("%(resource)s on %(date)s (%(task)s)") % {
        "resource": entry.resource.name, "date": day_label(entry.date), "task": entry.task}


@transaction.atomic
def timesheet_entries_approve(*, actor: Any, entries: Iterable[TimesheetEntry]
                              ) -> list[TimesheetEntry]:
    """Approve submitted time: from now on it counts in its project's actual cost. Only those
    who may change each entry's project may approve it. All or nothing."""
    entries = _reviewable(actor, entries)
    for entry in entries:
        if entry.status != Status.SUBMITTED:
            raise ValidationFailed(_("Only submitted time can be approved: %(entry)s is %(status)s.")
                                   % {"entry": _entry_label(entry),
                                      "status": entry.get_status_display()}, field="status")
    now = timezone.now()
    TimesheetEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=Status.APPROVED, reviewed_by=who(actor), reviewed_at=now, rejection_reason="",
        updated_at=now)
    for entry in entries:
        entry.status, entry.reviewed_by, entry.reviewed_at = Status.APPROVED, who(actor), now
        entry.rejection_reason = ""
    inputs_changed(projects={entry.task.project_id for entry in entries})  # the actual cost
    notices.time_reviewed(entries, actor=actor)
    return entries


@transaction.atomic
def timesheet_entries_reject(*, actor: Any, entries: Iterable[TimesheetEntry],
                             reason: str) -> list[TimesheetEntry]:
    """Send submitted (or approved) time back to its author with ``reason``; it no longer
    counts in the actual cost. All or nothing."""
    reason = (reason or "").strip()
    entries = _reviewable(actor, entries)
    if not reason:
        raise ValidationFailed(_("Say why the time is rejected."), field="reason")
    for entry in entries:
        if entry.status not in (Status.SUBMITTED, Status.APPROVED):
            raise ValidationFailed(
                _("Only submitted or approved time can be rejected: %(entry)s is %(status)s.")
                % {"entry": _entry_label(entry), "status": entry.get_status_display()},
                field="status")
    now = timezone.now()
    TimesheetEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=Status.REJECTED, reviewed_by=who(actor), reviewed_at=now,
        rejection_reason=reason, updated_at=now)
    for entry in entries:
        entry.status, entry.reviewed_by, entry.reviewed_at = Status.REJECTED, who(actor), now
        entry.rejection_reason = reason
    inputs_changed(projects={entry.task.project_id for entry in entries})  # the actual cost
    notices.time_reviewed(entries, actor=actor, reason=reason)
    return entries
