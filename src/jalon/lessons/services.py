"""Writes of lessons learned: record, change, delete a lesson (those who manage its project)
and mark a suggested lesson useful for a project (anyone who sees both: a reader's own
feedback, which changes nothing of the project). Keyword-only, typed, one transaction each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.errors import ValidationFailed
from jalon.governance.models import Gate
from jalon.lessons.models import Lesson, UsefulMark
from jalon.lessons.tags import lesson_defaults
from jalon.portfolios.models import Project
from jalon.validation import assign_fields, validate

__all__ = ["lesson_create", "lesson_delete", "lesson_update", "useful_mark"]

FIELDS = frozenset({"title", "what_happened", "impact", "recommendation", "phase", "category",
                    "method", "sector", "gate", "recorded_on"})


def _check(lesson: Lesson) -> None:
    validate(lesson)
    gate: Gate | None = lesson.gate
    if gate is not None and gate.phase.project_id != lesson.project_id:
        raise ValidationFailed(_("Choose a stage gate of this project."), field="gate")
    phases = set(lesson.project.phases.values_list("key", flat=True))
    if lesson.phase and phases and lesson.phase not in phases:
        raise ValidationFailed(_("Choose one of the project's phases."), field="phase")


@transaction.atomic
def lesson_create(*, actor: Any, project: Project, title: str, what_happened: str,
                  category: str, **fields: Any) -> Lesson:
    """Record a lesson of ``project``. Left out, the method is the project's, the sector its
    programme's (``tags.lesson_defaults``), the phase the gate's, the date today; the author
    is the actor."""
    perms.require_change(actor, project)
    lesson = Lesson(project=project, title=title, what_happened=what_happened,
                    category=category, author=actor if getattr(actor, "pk", None) else None,
                    recorded_on=date.today(), **lesson_defaults(project, fields.get("gate")))
    assign_fields(lesson, fields, FIELDS)
    if lesson.gate is not None and not lesson.phase:
        lesson.phase = lesson.gate.phase.key
    _check(lesson)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, actor: Any, lesson: Lesson, **changes: Any) -> Lesson:
    perms.require_change(actor, lesson.project)
    assign_fields(lesson, changes, FIELDS)
    _check(lesson)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_delete(*, actor: Any, lesson: Lesson) -> None:
    perms.require_change(actor, lesson.project)
    lesson.delete()


@transaction.atomic
def useful_mark(*, actor: Any, lesson: Lesson, project: Project, useful: bool = True) -> bool:
    """Mark (or unmark) ``lesson`` useful for ``project`` as the actor; whether it is marked."""
    perms.require_view(actor, project)
    perms.require_view(actor, lesson.project)
    if lesson.project_id == project.pk:
        raise ValidationFailed(_("A project's own lessons are not suggested to it."),
                               field="project")
    marks = UsefulMark.objects.filter(lesson=lesson, project=project, user=actor)
    if useful:
        marks.get_or_create(lesson=lesson, project=project, user=actor)
    else:
        marks.delete()
    return useful
