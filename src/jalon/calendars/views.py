"""Working-time calendars: list with their exceptions, create, edit, delete, add and remove exceptions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.calendars import selectors, services
from jalon.calendars.forms import CalendarExceptionForm, CalendarForm
from jalon.errors import NotFound, ValidationFailed
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.forms import add_service_errors


def _page(request: HttpRequest, *, calendar_form: CalendarForm | None = None,
          exception_forms: dict[int, CalendarExceptionForm] | None = None,
          status: int = 200) -> HttpResponse:
    calendars = list(selectors.calendar_list(user=request.user))
    exception_forms = exception_forms or {}
    return render(request, "calendars/calendars.html", {
        "calendars": [(c, exception_forms.get(c.pk) or CalendarExceptionForm(prefix=f"x{c.pk}"))
                      for c in calendars],
        "calendar_form": calendar_form or CalendarForm(user=request.user),
        "can_manage_pool": permissions.can_manage_pool(request.user),
    }, status=status)


@page
def calendar_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@page
def calendar_create(request: HttpRequest) -> HttpResponse:
    permissions.require_pool(request.user)
    if request.method != "POST":
        return redirect("calendar-list")
    form = CalendarForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.calendar_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("calendar-list")
    return _page(request, calendar_form=form, status=400)


def _crumbs() -> list[tuple[str, str]]:
    return [(_("Calendars"), reverse("calendar-list"))]


@page
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    permissions.require_pool(request.user)
    form = CalendarForm(request.POST or None, user=request.user, calendar=calendar,
                        initial=CalendarForm.initial_for(calendar))
    url = f"{reverse('calendar-list')}#calendar-{calendar.pk}"
    return form_page(
        request, form,
        lambda data: services.calendar_update(actor=request.user, calendar=calendar, **changes(form)),
        success_url=url,
        context={"title": _("Edit the calendar"), "cancel_url": url, "crumbs": _crumbs()},
    )


@page
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a calendar; the service refuses while other calendars are based on it."""
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    permissions.require_pool(request.user)
    return delete_page(
        request, lambda: services.calendar_delete(actor=request.user, calendar=calendar),
        success_url=reverse("calendar-list"),
        context={
            "title": _("Delete the calendar"),
            "question": _("Delete the calendar “%(name)s” and its exceptions? Projects, tasks and "
                          "resources using it fall back to the default calendar (Monday to "
                          "Friday).") % {"name": calendar},
            "cancel_url": reverse("calendar-list"),
            "crumbs": _crumbs(),
        },
    )


@page
def calendar_exception_create(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_pool(request.user)
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("calendar-list")
    form = CalendarExceptionForm(request.POST, prefix=f"x{calendar.pk}")
    if form.is_valid():
        try:
            services.calendar_exception_create(actor=request.user, calendar=calendar,
                                               **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("calendar-list")
    return _page(request, exception_forms={calendar.pk: form}, status=400)


@page
def calendar_exception_delete(request: HttpRequest, pk: int, exception_pk: int) -> HttpResponse:
    calendar = selectors.calendar_get(user=request.user, pk=pk)
    if request.method == "POST":
        exception = next((e for e in calendar.exceptions.all() if e.pk == exception_pk), None)
        if exception is None:
            raise NotFound("exception not found")
        services.calendar_exception_delete(actor=request.user, exception=exception)
    return redirect("calendar-list")
