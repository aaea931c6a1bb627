"""The trash page, for PMO administrators: what was deleted, by whom, when, what it holds and
how many days it has left; restore it, or delete it for good (after a confirmation naming what
goes with it)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.errors import ValidationFailed
from jalon.portfolios import selectors, services
from jalon.web.decorators import page
from jalon.web.editing import delete_page


@page
def trash_page(request: HttpRequest) -> HttpResponse:
    return _render(request)


def _render(request: HttpRequest, errors: list[str] | None = None) -> HttpResponse:
    return render(request, "portfolios/trash.html", {
        "entries": selectors.trash_list(user=request.user), "errors": errors or [],
        "trash_days": settings.JALON_TRASH_DAYS, "crumbs": [(_("Dashboard"), reverse("home"))],
    }, status=400 if errors else 200)


@require_POST
@page
def trash_restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    try:
        services.trash_restore(actor=request.user, kind=kind, pk=pk)
    except ValidationFailed as exc:
        return _render(request, [m for messages in exc.errors.values() for m in messages])
    return redirect("trash")


@page
def trash_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = selectors.trash_entry(user=request.user, kind=kind, pk=pk)
    return delete_page(
        request, lambda: services.trash_delete(actor=request.user, kind=kind, pk=pk),
        success_url=reverse("trash"), template="portfolios/confirm_purge.html",
        context={
            "title": _("Delete for good"),
            "question": _("Delete “%(name)s” for good? This cannot be undone.")
            % {"name": entry.obj},
            "contents": entry.contents,
            "cancel_url": reverse("trash"),
            "crumbs": [(_("Dashboard"), reverse("home")), (_("Trash"), reverse("trash"))],
        },
    )
