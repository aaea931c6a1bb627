"""The two shapes every edit page takes: a form that feeds one service, and a delete confirmation.

Views stay thin: they check permission, build the form, and hand the service call to these. A
service's refusal (``ValidationFailed``) is shown on the page — next to the field at fault, or
above the form — and nothing is written, since every service is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.errors import StaleVersion, ValidationFailed
from jalon.web.forms import VERSION, add_service_errors


def changes(form: forms.BaseForm) -> dict[str, Any]:
    """The fields the user changed, as keyword arguments of an ``*_update`` service (the
    version the form carries is not a change: see ``web.forms.version_of``)."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name != VERSION}


def form_page(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], Any], *,
              success_url: str | Callable[[Any], str], context: dict[str, Any],
              template: str = "web/form.html",
              current: Callable[[], forms.BaseForm] | None = None) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` and go to ``success_url``
    (or to ``success_url(saved object)``, to land on what was just created).

    ``context`` gives the page its ``title``, ``cancel_url``, ``submit`` label and ``crumbs``
    (a list of (label, url) pairs). ``current`` builds the form of the record as it is now:
    when someone changed it since the form was opened (StaleVersion), nothing is saved and the
    page shows that form, under who changed the record and when (409).
    """
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except StaleVersion as exc:
            if current is None:
                add_service_errors(form, exc)
            else:
                form, stale = current(), exc.message
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect(success_url(saved) if callable(success_url) else success_url)
    status = 409 if stale else 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, "stale": stale, **context}, status=status)


def delete_page(request: HttpRequest, delete: Callable[[], Any], *, success_url: str,
                context: dict[str, Any], template: str = "web/confirm_delete.html"
                ) -> HttpResponse:
    """Ask to confirm (GET); delete on POST, or say why the service refused.

    ``context`` gives ``title``, ``question``, ``cancel_url`` and ``crumbs``; ``template`` may
    extend ``web/confirm_delete.html`` to say more (its ``details`` block).
    """
    errors: list[str] = []
    if request.method == "POST":
        try:
            delete()
        except ValidationFailed as exc:
            errors = [message for messages in exc.errors.values() for message in messages]
        else:
            return redirect(success_url)
    return render(request, template, {"errors": errors, **context},
                  status=400 if errors else 200)
