"""Reads of lessons learned, always limited to the lessons of projects the user may see (the
PMO sees them all); the suggestions are :mod:`jalon.lessons.suggestions`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jalon.accounts import permissions as perms
from jalon.lessons.models import Lesson
from jalon.portfolios.models import Project
from jalon.querying import get_visible

__all__ = ["lesson_get", "lesson_list"]


def lesson_list(*, user: Any, project: Project | None = None) -> QuerySet[Lesson]:
    """Lessons the user may see, newest first; the base's filters are
    ``jalon.lessons.filters.LessonFilter``."""
    qs = Lesson.objects.filter(project__in=perms.visible_projects(user)).select_related(
        "project__portfolio", "gate", "author")
    return qs.filter(project=project) if project is not None else qs


def lesson_get(*, user: Any, pk: Any) -> Lesson:
    return get_visible(lesson_list(user=user), pk)
