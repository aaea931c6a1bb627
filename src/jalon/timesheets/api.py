"""REST endpoints for timesheets: list, record, change and delete draft time, submit a week,
approve or reject, import a CSV or XLSX file.

The same services as the pages: a person records their own time (the resource linked to
their account) on the projects of their team; project managers record anyone's time on their
projects and approve or reject it.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from jalon.api.filtering import FilterQuery, filtered, parameters_of
from jalon.api.imports import ImportReportOut, reports_problems
from jalon.api.lookups import resolve, visible
from jalon.api.money import HIDDEN, shown
from jalon.api.patching import patch_changes
from jalon.downloads import ExportFormat, download
from jalon.errors import ValidationFailed
from jalon.planning.selectors import task_get
from jalon.portfolios.selectors import project_get
from jalon.resources.selectors import resource_get
from jalon.timesheets import exports, importing, selectors, services
from jalon.timesheets.filters import TimesheetFilter
from jalon.timesheets.models import TimesheetEntry

router = Router(tags=["timesheets"])
MAX_REVIEWED = 1000
MAX_WEEK_CELLS = 7 * 200  # seven days of a long task list
MAX_ID = 2**63 - 1
Hours = Annotated[Decimal, Field(gt=0, le=24, max_digits=4, decimal_places=2)]


class TimesheetEntryOut(Schema):
    id: int
    resource: int = Field(alias="resource_id")
    task: int = Field(alias="task_id")
    project: int = Field(alias="task.project_id")
    date: datetime.date
    hours: Decimal = Field(description="Worked hours.")
    rate: Decimal | None = Field(
        description="Hourly rate captured when the time was entered." + HIDDEN)
    amount: Decimal | None = Field(description="hours × rate, rounded to the cent." + HIDDEN)
    note: str
    status: TimesheetEntry.Status
    source: str
    submitted_at: datetime.datetime | None
    reviewed_by: int | None = Field(None, alias="reviewed_by_id")
    reviewed_at: datetime.datetime | None
    rejection_reason: str

    # What people cost is for those who see the project's money, not for its team members.
    @staticmethod
    def resolve_rate(obj: TimesheetEntry, context: Any) -> Decimal | None:
        return obj.rate if shown(context, obj.task.project) else None

    @staticmethod
    def resolve_amount(obj: TimesheetEntry, context: Any) -> Decimal | None:
        return obj.amount if shown(context, obj.task.project) else None


class TimesheetEntryIn(Schema):
    resource: int | None = Field(None, description="Default: the resource linked to your "
                                                    "account.")
    task: int
    date: datetime.date
    hours: Hours
    note: str = Field("", max_length=250)


class TimesheetEntryPatch(Schema):
    task: int | None = None
    date: datetime.date | None = None
    hours: Hours | None = None
    note: str | None = Field(None, max_length=250)


class WeekIn(Schema):
    resource: int | None = Field(None, description="Default: the resource linked to your "
                                                    "account.")
    week: datetime.date = Field(description="Any day of the week (Monday to Sunday).")


class WeekCellIn(Schema):
    task: int
    date: datetime.date
    hours: Decimal | None = Field(None, ge=0, le=24, max_digits=4, decimal_places=2,
                                  description="Empty (null or 0) removes the entry.")


class WeekSaveIn(WeekIn):
    cells: list[WeekCellIn] = Field(max_length=MAX_WEEK_CELLS, description=(
        "The hours per task and day of the week, as the timesheet grid sends them; the other "
        "cells stay as they are."))
    submit: bool = Field(False, strict=True, description="Then submit the week's drafts.")


class WeekSavedOut(Schema):
    created: int
    updated: int
    deleted: int
    submitted: int


class EntriesOut(Schema):
    count: int
    entries: list[TimesheetEntryOut]


class RejectIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


def _counted(entries: list[TimesheetEntry]) -> dict[str, Any]:
    return {"count": len(entries), "entries": entries}


def _resource(request: HttpRequest, pk: int | None) -> Any:
    if pk is not None:
        return resolve(resource_get, request.user, pk, "resource")
    own = selectors.own_resource(user=request.user)
    if own is None:
        raise ValidationFailed(_("Your account is not linked to a resource: name the resource."),
                               field="resource")
    return own


@parameters_of(TimesheetFilter)
class TimesheetQuery(FilterQuery):
    """Filters of the time recorded."""


@router.get("/timesheets", response=list[TimesheetEntryOut])
@paginate
def list_timesheets(request: HttpRequest, filters: Query[TimesheetQuery]):
    """Time on the projects you may see, newest first; ``start`` and ``end`` are included."""
    return filtered(TimesheetFilter, filters, queryset=selectors.timesheet_list(user=request.user),
                    request=request)


@router.get("/timesheets/export")
def export_timesheets(request: HttpRequest, filters: Query[TimesheetQuery],
                      format: ExportFormat = "xlsx"):  # noqa: A002
    """The time ``GET /timesheets`` lists (same filters) as an XLSX or CSV file, with rates
    and amounts for those who may see the projects' costs."""
    entries = filtered(TimesheetFilter, filters, request=request,
                       queryset=selectors.timesheet_list(user=request.user))
    chosen = filters.model_dump().get("project")
    project = project_get(user=request.user, pk=chosen) if chosen is not None else None
    return download(exports.timesheet_table(entries, user=request.user, project=project),
                    format=format, name=_("Timesheet entries"))


@router.get("/timesheets/{int:pk}", response=TimesheetEntryOut)
def get_timesheet(request: HttpRequest, pk: int):
    return selectors.timesheet_get(user=request.user, pk=pk)


@router.post("/timesheets", response={201: TimesheetEntryOut})
def create_timesheet(request: HttpRequest, payload: TimesheetEntryIn):
    """Record time as a draft, valued at the resource's current hourly rate."""
    resource = _resource(request, payload.resource)
    task = resolve(task_get, request.user, payload.task, "task")
    return 201, services.timesheet_entry_create(
        actor=request.user, resource=resource, task=task, date=payload.date,
        hours=payload.hours, note=payload.note)


@router.patch("/timesheets/{int:pk}", response=TimesheetEntryOut)
def update_timesheet(request: HttpRequest, pk: int, payload: TimesheetEntryPatch):
    """Change a draft or rejected entry (a rejected one goes back to draft)."""
    entry = selectors.timesheet_get(user=request.user, pk=pk)
    changes = patch_changes(payload, refs={"task": visible(task_get, request.user)})
    return services.timesheet_entry_update(actor=request.user, entry=entry, **changes)


@router.delete("/timesheets/{int:pk}", response={204: None})
def delete_timesheet(request: HttpRequest, pk: int):
    """Delete a draft or rejected entry."""
    services.timesheet_entry_delete(actor=request.user,
                                    entry=selectors.timesheet_get(user=request.user, pk=pk))
    return 204, None


@router.post("/timesheets/submit", response=EntriesOut)
def submit_week(request: HttpRequest, payload: WeekIn):
    """Submit a resource's draft time of a week for approval."""
    return _counted(services.timesheet_week_submit(
        actor=request.user, resource=_resource(request, payload.resource), week=payload.week))


@router.put("/timesheets/week", response=WeekSavedOut)
def save_week(request: HttpRequest, payload: WeekSaveIn):
    """Set a resource's hours of a week cell by cell, as the timesheet grid does: a new entry,
    new hours on a draft or rejected one, or none when empty. All or nothing: a refused cell
    (locked, not allowed, bad hours) or a day over 24 hours is named in ``errors`` by
    ``task id/date`` or ``date``, and nothing is saved."""
    resource = _resource(request, payload.resource)
    tasks = visible(task_get, request.user)
    hours = {(tasks(cell.task, "cells"), cell.date): cell.hours for cell in payload.cells}
    return services.timesheet_week_save(actor=request.user, resource=resource, week=payload.week,
                                        hours=hours, submit=payload.submit)


class ReviewIn(Schema):
    entries: list[int] = Field(min_length=1, max_length=MAX_REVIEWED,
                               description="Ids of the entries to review at once.")


class RejectManyIn(ReviewIn):
    reason: str = Field(min_length=1, max_length=2000)


def _entries(request: HttpRequest, ids: list[int]) -> list[TimesheetEntry]:
    """The entries of ``ids`` the user may see; any other id is named in a 400."""
    storable = [pk for pk in ids if 0 < pk <= MAX_ID]  # beyond, no row can have it
    found = {e.pk: e for e in
             selectors.timesheet_list(user=request.user).filter(pk__in=storable)}
    unknown = sorted(set(ids) - set(found))
    if unknown:
        raise ValidationFailed(_("No timesheet entry you may see has the id %(ids)s.")
                               % {"ids": ", ".join(map(str, unknown))}, field="entries")
    return list(found.values())


@router.post("/timesheets/approve", response=EntriesOut)
def approve_timesheets(request: HttpRequest, payload: ReviewIn):
    """Approve several submitted entries at once: all of them, or — when one may not be
    approved — none."""
    return _counted(services.timesheet_entries_approve(
        actor=request.user, entries=_entries(request, payload.entries)))


@router.post("/timesheets/reject", response=EntriesOut)
def reject_timesheets(request: HttpRequest, payload: RejectManyIn):
    """Reject several submitted or approved entries at once with one reason: all or none."""
    return _counted(services.timesheet_entries_reject(
        actor=request.user, entries=_entries(request, payload.entries), reason=payload.reason))


@router.post("/timesheets/{int:pk}/approve", response=TimesheetEntryOut)
def approve_timesheet(request: HttpRequest, pk: int):
    """Approve submitted time (the project's managers): it counts in the actual cost."""
    entry = selectors.timesheet_get(user=request.user, pk=pk)
    return services.timesheet_entries_approve(actor=request.user, entries=[entry])[0]


@router.post("/timesheets/{int:pk}/reject", response=TimesheetEntryOut)
def reject_timesheet(request: HttpRequest, pk: int, payload: RejectIn):
    """Send submitted or approved time back to its author with a reason."""
    entry = selectors.timesheet_get(user=request.user, pk=pk)
    return services.timesheet_entries_reject(actor=request.user, entries=[entry],
                                             reason=payload.reason)[0]


class ImportedOut(Schema):
    count: int
    hours: Decimal
    approved: int
    submitted: int
    entries: list[TimesheetEntryOut]


@router.post("/timesheet-imports", response={201: ImportedOut, 400: ImportReportOut})
@reports_problems
def import_timesheets(request: HttpRequest, file: File[UploadedFile],
                      project: int | None = None):
    """Add the time of a CSV or XLSX file (multipart ``file``; columns date, resource,
    project, task, hours, note): all of it, or — when any row is bad — none, and a report
    naming each problem's row and column. With ``?project=<id>``, the file is imported into that
    project. Time on projects you manage is approved at once; yours elsewhere is submitted."""
    target = resolve(project_get, request.user, project, "project")
    imported = importing.timesheet_entries_import(actor=request.user, project=target,
                                                  name=file.name or "", content=file.read())
    return 201, {"count": len(imported.entries), "hours": imported.hours,
                 "approved": imported.approved, "submitted": imported.submitted,
                 "entries": imported.entries}
