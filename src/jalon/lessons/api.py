"""REST endpoints of lessons learned: the base searched across portfolios, recording a lesson,
the suggestions to a project and the useful marks. Thin: permission and rules are the
services'."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.filtering import FilterQuery, annotations_resolved, filtered, parameters_of
from jalon.api.lookups import Resolver, resolve, visible
from jalon.api.patching import patch_changes
from jalon.errors import ValidationFailed
from jalon.governance.selectors import gate_get
from jalon.lessons import selectors, services
from jalon.lessons.filters import LessonFilter
from jalon.lessons.models import Lesson
from jalon.lessons.suggestions import suggested_lessons
from jalon.portfolios.selectors import project_get

router = Router(tags=["Lessons learned"])


class LessonOut(ModelSchema):
    class Meta:
        model = Lesson
        fields = ["id", "project", "gate", "title", "what_happened", "impact",
                  "recommendation", "phase", "category", "method", "sector", "author",
                  "recorded_on", "created_at", "updated_at"]


class LessonPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    what_happened: str | None = Field(None, min_length=1)
    impact: Lesson.Impact | None = None
    recommendation: str | None = None
    phase: str | None = Field(None, max_length=50)
    category: Lesson.Category | None = None
    method: Lesson.Method | None = None
    sector: str | None = Field(None, max_length=60)
    gate: int | None = None
    recorded_on: date | None = None


class LessonIn(LessonPatch):
    project: int
    title: str = Field(min_length=1, max_length=200)
    what_happened: str = Field(min_length=1)
    category: Lesson.Category


class SuggestionOut(Schema):
    lesson: LessonOut
    score: float
    why: str
    tags: list[str]
    words: list[str]
    useful_count: int
    marked: bool


class UsefulIn(Schema):
    project: int
    useful: bool = True


class UsefulOut(Schema):
    lesson: int
    project: int
    useful: bool


def _refs(request: HttpRequest) -> dict[str, Resolver]:
    return {"gate": visible(gate_get, request.user)}


@parameters_of(LessonFilter)
class LessonQuery(FilterQuery):
    """The lessons base's filters."""


@router.get("/lessons", response=list[LessonOut])
@paginate
@annotations_resolved
def list_lessons(request: HttpRequest, filters: Query[LessonQuery]):
    """Lessons of every project the caller may see: ``q`` words, ``tag`` any tag."""
    return filtered(LessonFilter, filters, request=request,
                    queryset=selectors.lesson_list(user=request.user))


@router.post("/lessons", response={201: LessonOut})
def create_lesson(request: HttpRequest, payload: LessonIn):
    project = project_get(user=request.user, pk=payload.project)
    fields = patch_changes(payload, nullable={"gate"}, blank={"method"}, refs=_refs(request))
    fields.pop("project")
    return 201, services.lesson_create(actor=request.user, project=project, **fields)


@router.get("/lessons/{int:pk}", response=LessonOut)
def get_lesson(request: HttpRequest, pk: int):
    return selectors.lesson_get(user=request.user, pk=pk)


@router.patch("/lessons/{int:pk}", response=LessonOut)
def update_lesson(request: HttpRequest, pk: int, payload: LessonPatch):
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    return services.lesson_update(actor=request.user, lesson=lesson, **patch_changes(
        payload, nullable={"gate"}, blank={"method"}, refs=_refs(request)))


@router.delete("/lessons/{int:pk}", response={204: None})
def delete_lesson(request: HttpRequest, pk: int):
    services.lesson_delete(actor=request.user,
                           lesson=selectors.lesson_get(user=request.user, pk=pk))
    return 204, None


@router.get("/projects/{int:pk}/lessons/suggested", response=list[SuggestionOut])
def suggested(request: HttpRequest, pk: int, gate: int | None = None):
    """The five lessons of other projects most relevant to the project (at ``gate``, one of
    its stage gates, if given), best first, with why (docs/lessons.md gives the score)."""
    project = project_get(user=request.user, pk=pk)
    at = resolve(gate_get, request.user, gate, "gate")
    if at is not None and at.phase.project_id != project.pk:
        raise ValidationFailed(_("Choose a stage gate of this project."), field="gate")
    return suggested_lessons(user=request.user, project=project, gate=at)


@router.post("/lessons/{int:pk}/useful", response=UsefulOut)
def mark_useful(request: HttpRequest, pk: int, payload: UsefulIn):
    """Mark the lesson useful for a project (``useful: false`` takes the mark back)."""
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    project = project_get(user=request.user, pk=payload.project)
    useful = services.useful_mark(actor=request.user, lesson=lesson, project=project,
                                  useful=payload.useful)
    return {"lesson": lesson.pk, "project": project.pk, "useful": useful}
