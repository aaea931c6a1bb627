"""Pages of the RAID tab: a summary of the five registers (risks and issues live in the risks
app; their counts link there), and the decision log, assumptions and external dependencies,
each listed with filters and export, created, edited and deleted through the same views
(``registers.REGISTERS``). Thin: permission, form, one service or selector call."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import FilterSet

from jalon.accounts import permissions
from jalon.downloads import download
from jalon.portfolios.models import Project
from jalon.portfolios.selectors import project_get
from jalon.raid import selectors
from jalon.raid.registers import REGISTERS, Register
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.workspace import workspace


def _register(key: str) -> Register:
    try:
        return REGISTERS[key]
    except KeyError:
        raise Http404 from None


def _list_url(project: Project, register: Register) -> str:
    return reverse("raid-register", args=[project.pk, register.key])


def _crumbs(project: Project, register: Register) -> list[tuple[str, str]]:
    return [(project.code, reverse("project-overview", args=[project.pk])),
            (_("RAID"), reverse("raid-log", args=[project.pk])),
            (str(register.title), _list_url(project, register))]


def _filters(request: HttpRequest, project: Project, register: Register) -> FilterSet:
    return register.filters(request.GET or None, request=request,
                            queryset=register.list(user=request.user, project=project))


@page
def raid_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The RAID tab: how many entries each register holds, open and overdue."""
    project = project_get(user=request.user, pk=pk)
    return render(request, "raid/summary.html", workspace(
        request, project, "raid", section="summary",
        counts=selectors.raid_counts(user=request.user, project=project)))


@page
def register_list(request: HttpRequest, pk: int, register: str) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    chosen = _register(register)
    filters = _filters(request, project, chosen)
    return render(request, f"raid/{chosen.key}.html", workspace(
        request, project, "raid", section=chosen.key, register=chosen, filters=filters.form,
        entries=filters.qs, export_url=reverse("raid-export", args=[project.pk, chosen.key])))


@page
def register_export(request: HttpRequest, pk: int, register: str) -> HttpResponse:
    """The register as the page filters it, as XLSX or CSV (``?format=``)."""
    project = project_get(user=request.user, pk=pk)
    chosen = _register(register)
    return download(chosen.table(_filters(request, project, chosen).qs),
                    format=request.GET.get("format", ""),
                    name=f"{project.code} {chosen.title}")


@page
def entry_create(request: HttpRequest, pk: int, register: str) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    chosen = _register(register)
    permissions.require_change(request.user, project)
    form = chosen.form(request.POST or None, project=project, user=request.user)
    return form_page(
        request, form,
        lambda data: chosen.create(actor=request.user, project=project, **data),
        success_url=_list_url(project, chosen),
        context={"title": chosen.new, "cancel_url": _list_url(project, chosen),
                 "crumbs": _crumbs(project, chosen)})


@page
def entry_edit(request: HttpRequest, register: str, entry: int) -> HttpResponse:
    chosen = _register(register)
    obj = chosen.get(user=request.user, pk=entry)
    project = obj.project
    permissions.require_change(request.user, project)
    form = chosen.form(request.POST or None, project=project, user=request.user, entry=obj,
                       initial=_initial(obj, chosen))
    return form_page(
        request, form,
        lambda data: chosen.update(actor=request.user, **{chosen.field: obj}, **changes(form)),
        success_url=_list_url(project, chosen),
        context={"title": chosen.edit % {"ref": obj.reference},
                 "cancel_url": _list_url(project, chosen), "crumbs": _crumbs(project, chosen)})


def _initial(obj: object, register: Register) -> dict[str, object]:
    """The form's fields as the entry has them (links as lists of objects)."""
    initial: dict[str, object] = {}
    for name in register.form.base_fields:
        value = getattr(obj, name)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    return initial


@page
def entry_delete(request: HttpRequest, register: str, entry: int) -> HttpResponse:
    chosen = _register(register)
    obj = chosen.get(user=request.user, pk=entry)
    permissions.require_change(request.user, obj.project)
    back = _list_url(obj.project, chosen)
    return delete_page(
        request, lambda: chosen.remove(actor=request.user, **{chosen.field: obj}),
        success_url=back,
        context={"title": chosen.delete % {"ref": obj.reference},
                 "question": _("Delete %(entry)s?") % {"entry": str(obj)},
                 "cancel_url": back, "crumbs": _crumbs(obj.project, chosen)})
