"""The timesheet pages: "My timesheet" (a week of the user's own time) and a project's
timesheets (review, approval, import). Thin: permission, form, one service or selector call,
render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Project
from jalon.resources import selectors as resource_selectors
from jalon.resources.models import Resource
from jalon.timesheets import exports, importing, selectors, services
from jalon.timesheets.filters import ProjectTimesheetFilter
from jalon.timesheets.forms import ReviewForm, TimesheetImportForm, WeekForm
from jalon.timesheets.importing import TimesheetImportFailed
from jalon.timesheets.selectors import WeekGrid
from jalon.timesheets.services import WeekInvalid, WeekSaved
from jalon.web.decorators import is_htmx, page
from jalon.web.forms import add_service_errors
from jalon.web.workspace import workspace

MAX_LISTED = 500


def _week(request: HttpRequest) -> datetime.date:
    """The week asked for (``?week=2026-06-08``, any day of it), else the current one."""
    text = request.POST.get("week") or request.GET.get("week") or ""
    try:
        return selectors.week_start(datetime.date.fromisoformat(text))
    except ValueError:
        return selectors.week_start(timezone.localdate())


def _saved_message(saved: WeekSaved) -> str:
    if saved.submitted:
        return ngettext("The week was saved and %(count)s entry was submitted for approval.",
                        "The week was saved and %(count)s entries were submitted for approval.",
                        saved.submitted) % {"count": saved.submitted}
    return _("The week was saved.")


def _week_resource(request: HttpRequest) -> Resource | None:
    """The resource whose week is shown: another one of the pool with ``?resource=<id>`` (its
    managers record and submit its time), else the user's own."""
    chosen = request.POST.get("resource") or request.GET.get("resource")
    if not chosen:
        return selectors.own_resource(user=request.user)
    return resource_selectors.resource_get(user=request.user, pk=chosen)


def _week_query(grid: WeekGrid, week: datetime.date) -> str:
    """The query string of ``week`` of the grid's resource (no resource when it is one's own)."""
    query: dict[str, str | int] = {"week": week.isoformat()}
    return urlencode(query if grid.own else {"resource": grid.resource.pk, **query})


@page
def my_timesheet(request: HttpRequest) -> HttpResponse:
    user = request.user
    resource = _week_resource(request)
    if resource is None:
        return render(request, "timesheets/my_week.html", {"resource": None, "own": True})
    week = _week(request)
    grid = selectors.week_grid(user=user, resource=resource, week=week)
    form = WeekForm(request.POST or None, grid=grid)
    status, notice = 200, ""
    if request.method == "POST" and not grid.own and not grid.editable_cells:
        raise PermissionDenied(_("You may not record time for %(name)s on these projects: "
                                 "their project manager does.") % {"name": resource.name})
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.timesheet_week_save(actor=user, resource=resource,
                                                     week=grid.start, hours=form.hours(),
                                                     submit="submit" in request.POST)
            except WeekInvalid as exc:
                form.add_week_errors(exc)
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                if not is_htmx(request):
                    messages.success(request, _saved_message(saved))
                    return redirect(reverse("my-timesheet") + "?"
                                    + _week_query(grid, grid.start))
                grid = selectors.week_grid(user=user, resource=resource, week=week)
                form, notice = WeekForm(grid=grid), _saved_message(saved)
        if form.errors:
            status = 200 if is_htmx(request) else 400
    context = {"resource": resource, "own": grid.own, "grid": grid, "form": form,
               "notice": notice, "for_resource": "" if grid.own else f"resource={resource.pk}&",
               "rows": [(row, [(cell, form[cell.name] if cell.editable else None)
                               for cell in row.cells]) for row in grid.rows],
               "weeks": selectors.recent_weeks(user=user, resource=resource),
               "today": timezone.localdate()}
    template = "timesheets/_week.html" if is_htmx(request) else "timesheets/my_week.html"
    return render(request, template, context, status=status)


# --- a project's timesheets --------------------------------------------------------------------

def _project(request: HttpRequest, pk: int) -> Project:
    return portfolio_selectors.project_get(user=request.user, pk=pk)


def _filters(request: HttpRequest, project: Project) -> ProjectTimesheetFilter:
    return ProjectTimesheetFilter(
        request.GET, project=project, request=request,
        queryset=selectors.timesheet_list(user=request.user, project=project))


def _project_page(request: HttpRequest, project: Project, *, status: int = 200,
                  **forms: Any) -> HttpResponse:
    filters = _filters(request, project)
    entries = filters.qs
    listed = list(entries[:MAX_LISTED])
    return render(request, "timesheets/project.html", workspace(
        request, project, "timesheets",
        filter_form=filters.form,
        entries=listed,
        entry_count=entries.count() if len(listed) == MAX_LISTED else len(listed),
        totals=selectors.totals_of(filters.every_status()),
        review_form=forms.get("review_form") or ReviewForm(entries=entries),
        import_form=forms.get("import_form") or TimesheetImportForm(),
        team=selectors.project_team(project=project),
        problems=forms.get("problems"),
        query=request.GET.urlencode(),
        export_url=reverse("timesheet-export", args=[project.pk]),
    ), status=status)


@page
def timesheet_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every entry the page's filters select (not only the latest 500) as XLSX or CSV."""
    project = _project(request, pk)
    return download(exports.timesheet_table(_filters(request, project).qs, user=request.user,
                                            project=project),
                    format=request.GET.get("format", ""),
                    name=f"{project.code} {_('Timesheet entries')}")


@page
def project_timesheets(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


@page
def timesheet_review(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_change(request.user, project)
    back = reverse("project-timesheets", args=[project.pk])
    if request.method != "POST":
        return redirect(back)
    reviewable = selectors.timesheet_list(user=request.user, project=project)
    form = ReviewForm(request.POST, entries=reviewable)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "approve":
                done = services.timesheet_entries_approve(actor=request.user,
                                                          entries=data["entries"])
                message = ngettext("%(count)s entry approved.", "%(count)s entries approved.",
                                   len(done)) % {"count": len(done)}
            else:
                done = services.timesheet_entries_reject(actor=request.user,
                                                         entries=data["entries"],
                                                         reason=data["reason"])
                message = ngettext("%(count)s entry rejected.", "%(count)s entries rejected.",
                                   len(done)) % {"count": len(done)}
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            query = request.POST.get("query", "")
            return redirect(back + ("?" + query if query else ""))
    return _project_page(request, project, review_form=form, status=400)


@page
def timesheet_import(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    permissions.require_progress(request.user, project)
    back = reverse("project-timesheets", args=[project.pk])
    if request.method != "POST":
        return redirect(back + "#import")
    form = TimesheetImportForm(request.POST, request.FILES)
    problems = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.timesheet_entries_import(actor=request.user, project=project,
                                                         name=upload.name, content=upload.read())
        except TimesheetImportFailed as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        else:
            count = len(result.entries)
            messages.success(request, ngettext(
                "%(count)s entry imported (approved: %(approved)s, awaiting approval: "
                "%(submitted)s).",
                "%(count)s entries imported (approved: %(approved)s, awaiting approval: "
                "%(submitted)s).", count) % {"count": count, "approved": result.approved,
                                             "submitted": result.submitted})
            return redirect(back + "?" + urlencode({"status": "all"}))
    return _project_page(request, project, import_form=form, problems=problems, status=400)
