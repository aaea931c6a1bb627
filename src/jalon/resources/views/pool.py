"""The resource pool shared by every project: list, create, edit, delete."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.errors import ValidationFailed
from jalon.resources import exports, selectors, services
from jalon.resources.filters import ResourceFilter
from jalon.resources.forms import ResourceForm
from jalon.resources.models import Resource
from jalon.web.decorators import page
from jalon.web.editing import delete_page
from jalon.web.forms import add_service_errors


def _filters(request: HttpRequest) -> ResourceFilter:
    return ResourceFilter(request.GET or None, request=request,
                          queryset=selectors.resource_list(user=request.user))


@page
def resource_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    return render(request, "resources/pool/list.html", {
        "filters": filters.form,
        "resources": filters.qs,
        "can_manage_pool": permissions.can_manage_pool(request.user),
        "can_see_costs": permissions.can_see_costs(request.user),
        "export_url": reverse("resource-export"),
    })


@page
def resource_export(request: HttpRequest) -> HttpResponse:
    """The pool as the page filters it, as XLSX or CSV (``?format=``)."""
    return download(exports.resource_table(_filters(request).qs, user=request.user),
                    format=request.GET.get("format", ""), name=_("Resource pool"))


def _form_page(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    permissions.require_pool(request.user)
    initial = ResourceForm.initial_for(resource) if resource else None
    form = ResourceForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                services.resource_create(actor=request.user, **form.cleaned_data)
            else:
                changes = {name: form.cleaned_data[name] for name in form.changed_data}
                services.resource_update(actor=request.user, resource=resource, **changes)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return redirect("resource-list")
    return render(request, "resources/pool/form.html", {"form": form, "resource": resource},
                  status=400 if form.errors else 200)


@page
def resource_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@page
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, selectors.resource_get(user=request.user, pk=pk))


@page
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a resource; the service refuses while it is assigned to tasks, and says so."""
    resource = selectors.resource_get(user=request.user, pk=pk)
    permissions.require_pool(request.user)
    return delete_page(
        request, lambda: services.resource_delete(actor=request.user, resource=resource),
        success_url=reverse("resource-list"),
        context={
            "title": _("Delete the resource"),
            "question": _("Delete %(name)s from the pool? This cannot be undone.") % {"name": resource.name},
            "cancel_url": reverse("resource-list"),
            "crumbs": [(_("Resource pool"), reverse("resource-list"))],
        },
    )
