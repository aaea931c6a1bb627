"""Pages of lessons learned: the searchable base across portfolios (``/lessons/``), a
project's *Lessons* tab (its own lessons and those suggested from other projects), the form
that records a lesson (at a gate with ``?gate=``, or at closure), and the useful mark. Thin:
permission, form, one service or selector call."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts import permissions
from jalon.governance.selectors import gate_get
from jalon.lessons import selectors, services
from jalon.lessons.filters import LessonFilter
from jalon.lessons.forms import LessonForm
from jalon.lessons.suggestions import suggested_lessons
from jalon.lessons.tags import lesson_defaults
from jalon.portfolios.models import Project
from jalon.portfolios.selectors import project_get
from jalon.web.decorators import page
from jalon.web.editing import changes, delete_page, form_page
from jalon.web.paging import paged
from jalon.web.workspace import workspace

PER_PAGE = 50


def _tab_url(project: Project) -> str:
    return reverse("project-lessons", args=[project.pk])


def _crumbs(project: Project) -> list[tuple[str, str]]:
    return [(project.code, reverse("project-overview", args=[project.pk])),
            (_("Lessons"), _tab_url(project))]


@page
def lesson_base(request: HttpRequest) -> HttpResponse:
    """Every lesson the user may see, searched and filtered."""
    filters = LessonFilter(request.GET or None, request=request,
                           queryset=selectors.lesson_list(user=request.user))
    lessons, query = paged(request, filters.qs, per_page=PER_PAGE)
    return render(request, "lessons/base.html", {"filters": filters.form, "lessons": lessons,
                                                 "query": query})


@page
def project_lessons(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    return render(request, "lessons/project.html", workspace(
        request, project, "lessons",
        lessons=selectors.lesson_list(user=request.user, project=project),
        suggestions=suggested_lessons(user=request.user, project=project)))


@page
def lesson_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    permissions.require_change(request.user, project)
    gate = request.GET.get("gate", "")
    at = gate_get(user=request.user, pk=gate) if gate.isdigit() else None
    form = LessonForm(request.POST or None, project=project,
                      initial=lesson_defaults(project, at))
    return form_page(
        request, form,
        lambda data: services.lesson_create(actor=request.user, project=project, **data),
        success_url=_tab_url(project),
        context={"title": _("Record a lesson"), "cancel_url": _tab_url(project),
                 "crumbs": _crumbs(project)})


@page
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    project = lesson.project
    permissions.require_change(request.user, project)
    form = LessonForm(request.POST or None, project=project,
                      initial={name: getattr(lesson, name) for name in LessonForm.base_fields})
    return form_page(
        request, form,
        lambda data: services.lesson_update(actor=request.user, lesson=lesson,
                                            **changes(form)),
        success_url=_tab_url(project),
        context={"title": _("Edit the lesson %(title)s") % {"title": lesson.title},
                 "cancel_url": _tab_url(project), "crumbs": _crumbs(project)})


@page
def lesson_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.require_change(request.user, lesson.project)
    return delete_page(
        request, lambda: services.lesson_delete(actor=request.user, lesson=lesson),
        success_url=_tab_url(lesson.project),
        context={"title": _("Delete the lesson %(title)s") % {"title": lesson.title},
                 "question": _("Delete this lesson?"), "cancel_url": _tab_url(lesson.project),
                 "crumbs": _crumbs(lesson.project)})


@page
@require_POST
def lesson_useful(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """Mark (``useful=on``) or unmark a suggested lesson for a project; back where it was."""
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    target = project_get(user=request.user, pk=project)
    services.useful_mark(actor=request.user, lesson=lesson, project=target,
                         useful=request.POST.get("useful") == "on")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _tab_url(target)
    return redirect(back)
