"""Pages of notifications: the user's inbox (all, unread, to do), marking read, his
preferences, and the two pieces other pages load with htmx: the header's bell and the home
dashboard's "to do" panel. Every page shows the signed-in user's own notifications only."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.errors import ValidationFailed
from jalon.notifications import selectors, services
from jalon.notifications.forms import PreferenceForm
from jalon.web.decorators import is_htmx, page

PER_PAGE = 50
#: The open "to do" items shown on the home dashboard; the inbox lists them all.
PANEL_SIZE = 10


def _show(request: HttpRequest) -> str:
    show = request.GET.get("show") or request.POST.get("show") or "all"
    return show if show in selectors.SHOWS else "all"


def _inbox(request: HttpRequest, *, template: str) -> HttpResponse:
    show = _show(request)
    notifications = selectors.notification_list(user=request.user, unread=show == "unread",
                                                todo=show == "todo")
    return render(request, template, {
        "show": show, "shows": [("all", _("All")), ("unread", _("Unread")),
                                ("todo", _("To do"))],
        "notifications": Paginator(notifications, PER_PAGE).get_page(request.GET.get("page")),
        "unread": selectors.unread_count(user=request.user)})


@page
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request, template="notifications/inbox.html")


@page
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all (``all``) read; htmx gets the list back."""
    try:
        services.notifications_mark_read(
            actor=request.user, everything=bool(request.POST.get("all")),
            ids=[int(i) for i in request.POST.getlist("id") if i.isdigit()])
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    if is_htmx(request):
        response = _inbox(request, template="notifications/_list.html")
        response["HX-Trigger"] = "notifications-read"  # the bell counts again
        return response
    return redirect(f"{reverse('notification-inbox')}?show={_show(request)}")


@page
def bell(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_bell.html",
                  {"unread": selectors.unread_count(user=request.user)})


@page
def todo_panel(request: HttpRequest) -> HttpResponse:
    todo = selectors.todo_list(user=request.user)
    items = list(todo[:PANEL_SIZE + 1])
    return render(request, "notifications/_todo_panel.html",
                  {"items": items[:PANEL_SIZE], "more": len(items) > PANEL_SIZE})


@page
def preferences(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_of(user=request.user)
    form = PreferenceForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(actor=request.user, **form.arguments())
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notification-preferences")
    return render(request, "notifications/preferences.html", {"form": form},
                  status=422 if form.errors else 200)
