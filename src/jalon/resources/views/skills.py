"""Skills of the resource pool: list, create, edit, delete (pool managers change them)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.resources import selectors, services
from jalon.resources.forms import SkillForm
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page


def _crumbs() -> list[tuple[str, str]]:
    return [(_("Resource pool"), reverse("resource-list")), (_("Skills"), reverse("skill-list"))]


@page
def skill_list(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/pool/skills.html", {
        "skills": selectors.skill_list(user=request.user),
        "can_manage_pool": permissions.can_manage_pool(request.user),
    })


@page
def skill_create(request: HttpRequest) -> HttpResponse:
    permissions.require_pool(request.user)
    return form_page(
        request, SkillForm(request.POST or None),
        lambda data: services.skill_create(actor=request.user, **data),
        success_url=reverse("skill-list"),
        context={"title": _("New skill"), "submit": _("Create the skill"),
                 "cancel_url": reverse("skill-list"), "crumbs": _crumbs()},
    )


@page
def skill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    skill = selectors.skill_get(user=request.user, pk=pk)
    permissions.require_pool(request.user)
    form = SkillForm(request.POST or None, initial=SkillForm.initial_for(skill))
    return form_page(
        request, form,
        lambda data: services.skill_update(actor=request.user, skill=skill, **changes(form)),
        success_url=reverse("skill-list"),
        context={"title": _("Edit the skill"), "cancel_url": reverse("skill-list"), "crumbs": _crumbs()},
    )


@page
def skill_delete(request: HttpRequest, pk: int) -> HttpResponse:
    skill = selectors.skill_get(user=request.user, pk=pk)
    permissions.require_pool(request.user)
    return delete_page(
        request, lambda: services.skill_delete(actor=request.user, skill=skill),
        success_url=reverse("skill-list"),
        context={
            "title": _("Delete the skill"),
            "question": _("Delete the skill “%(name)s”? Resources that have it keep their other "
                          "skills.") % {"name": skill},
            "cancel_url": reverse("skill-list"),
            "crumbs": _crumbs(),
        },
    )
