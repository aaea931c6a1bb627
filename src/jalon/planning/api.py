"""REST endpoints for tasks, dependencies, baselines and a project's schedule."""


from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, ModelSchema, Router, Schema
from ninja.pagination import paginate

from jalon.api.lookups import resolve
from jalon.calendars.selectors import calendar_get
from jalon.planning import selectors, services
from jalon.planning.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Task,
)
from jalon.planning.scheduling import baseline_comparison, project_schedule
from jalon.portfolios.selectors import project_get

router = Router(tags=["planning"])
Weekday = Annotated[int, Field(strict=True, ge=0, le=6)]


# --- tasks -----------------------------------------------------------------------------------------

class TaskOut(ModelSchema):
    class Meta:
        model = Task
        fields = [
            "id", "project", "parent", "position", "wbs_code", "name", "is_milestone", "duration",
            "optimistic", "most_likely", "pessimistic", "constraint_type", "constraint_date",
            "deadline", "percent_complete", "actual_start", "actual_finish", "calendar",
            "priority", "notes",
        ]


class TaskFields(Schema):
    is_milestone: bool | None = None
    duration: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    optimistic: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    most_likely: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    pessimistic: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    constraint_type: Task.Constraint | None = None
    constraint_date: date | None = None
    deadline: date | None = None
    percent_complete: int | None = Field(None, ge=0, le=100)
    actual_start: date | None = None
    actual_finish: date | None = None
    calendar: int | None = None
    priority: int | None = Field(None, ge=0, le=1000)
    notes: str | None = None


class TaskIn(TaskFields):
    project: int
    name: str = Field(max_length=250, min_length=1)
    parent: int | None = None
    index: int | None = Field(None, ge=0, description="Place among siblings (0 first); last if absent.")


class TaskPatch(TaskFields):
    name: str | None = Field(None, max_length=250, min_length=1)


def _task_fields(request: HttpRequest, data: dict) -> dict:
    data = {k: v for k, v in data.items() if v is not None or k in (
        "constraint_date", "deadline", "actual_start", "actual_finish", "calendar",
        "optimistic", "most_likely", "pessimistic")}
    if "calendar" in data:
        data["calendar"] = resolve(calendar_get, request.user, data["calendar"], "calendar")
    return data


@router.get("/tasks", response=list[TaskOut])
@paginate
def list_tasks(request: HttpRequest, project: int | None = None):
    parent = resolve(project_get, request.user, project, "project")
    return selectors.task_list(user=request.user, project=parent)


@router.get("/tasks/{int:pk}", response=TaskOut)
def get_task(request: HttpRequest, pk: int):
    return selectors.task_get(user=request.user, pk=pk)


@router.post("/tasks", response={201: TaskOut})
def create_task(request: HttpRequest, payload: TaskIn):
    data = payload.dict(exclude_unset=True)
    project = resolve(project_get, request.user, data.pop("project"), "project")
    parent = resolve(selectors.task_get, request.user, data.pop("parent", None), "parent")
    return 201, services.task_create(actor=request.user, project=project, parent=parent,
                                     **_task_fields(request, data))


@router.patch("/tasks/{int:pk}", response=TaskOut)
def update_task(request: HttpRequest, pk: int, payload: TaskPatch):
    task = selectors.task_get(user=request.user, pk=pk)
    data = _task_fields(request, payload.dict(exclude_unset=True))
    return services.task_update(actor=request.user, task=task, **data)


@router.delete("/tasks/{int:pk}", response={204: None})
def delete_task(request: HttpRequest, pk: int):
    services.task_delete(actor=request.user, task=selectors.task_get(user=request.user, pk=pk))
    return 204, None


@router.post("/tasks/{int:pk}/indent", response=TaskOut)
def indent_task(request: HttpRequest, pk: int):
    return services.task_indent(actor=request.user, task=selectors.task_get(user=request.user, pk=pk))


@router.post("/tasks/{int:pk}/outdent", response=TaskOut)
def outdent_task(request: HttpRequest, pk: int):
    return services.task_outdent(actor=request.user, task=selectors.task_get(user=request.user, pk=pk))


# --- dependencies ------------------------------------------------------------------------------------

class DependencyOut(ModelSchema):
    class Meta:
        model = Dependency
        fields = ["id", "predecessor", "successor", "type", "lag", "lag_unit"]


class DependencyIn(Schema):
    predecessor: int
    successor: int
    type: Dependency.Type = Dependency.Type.FS
    lag: Decimal = Field(Decimal("0"), max_digits=9, decimal_places=2,
                         description="In lag_unit; negative for a lead.")
    lag_unit: Dependency.LagUnit = Dependency.LagUnit.WORKING_DAYS


class DependencyPatch(Schema):
    type: Dependency.Type | None = None
    lag: Decimal | None = Field(None, max_digits=9, decimal_places=2)
    lag_unit: Dependency.LagUnit | None = None


@router.get("/dependencies", response=list[DependencyOut])
@paginate
def list_dependencies(request: HttpRequest, project: int | None = None):
    parent = resolve(project_get, request.user, project, "project")
    return selectors.dependency_list(user=request.user, project=parent)


@router.get("/dependencies/{int:pk}", response=DependencyOut)
def get_dependency(request: HttpRequest, pk: int):
    return selectors.dependency_get(user=request.user, pk=pk)


@router.post("/dependencies", response={201: DependencyOut})
def create_dependency(request: HttpRequest, payload: DependencyIn):
    predecessor = resolve(selectors.task_get, request.user, payload.predecessor, "predecessor")
    successor = resolve(selectors.task_get, request.user, payload.successor, "successor")
    return 201, services.dependency_create(actor=request.user, predecessor=predecessor,
                                           successor=successor, type=payload.type, lag=payload.lag,
                                           lag_unit=payload.lag_unit)


@router.patch("/dependencies/{int:pk}", response=DependencyOut)
def update_dependency(request: HttpRequest, pk: int, payload: DependencyPatch):
    dependency = selectors.dependency_get(user=request.user, pk=pk)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.dependency_update(actor=request.user, dependency=dependency, **changes)


@router.delete("/dependencies/{int:pk}", response={204: None})
def delete_dependency(request: HttpRequest, pk: int):
    dependency = selectors.dependency_get(user=request.user, pk=pk)
    services.dependency_delete(actor=request.user, dependency=dependency)
    return 204, None


# --- baselines ---------------------------------------------------------------------------------------

class BaselineTaskOut(ModelSchema):
    class Meta:
        model = BaselineTask
        fields = ["task", "wbs_code", "name", "start", "finish", "duration", "work", "cost"]


class BaselineOut(ModelSchema):
    class Meta:
        model = Baseline
        fields = ["id", "project", "name", "created_at", "created_by"]


class BaselineDetail(BaselineOut):
    tasks: list[BaselineTaskOut]


class BaselineIn(Schema):
    project: int
    name: str = Field(max_length=100, min_length=1)


@router.get("/baselines", response=list[BaselineOut])
@paginate
def list_baselines(request: HttpRequest, project: int | None = None):
    parent = resolve(project_get, request.user, project, "project")
    return selectors.baseline_list(user=request.user, project=parent)


@router.get("/baselines/{int:pk}", response=BaselineDetail)
def get_baseline(request: HttpRequest, pk: int):
    return selectors.baseline_get(user=request.user, pk=pk)


@router.post("/baselines", response={201: BaselineOut})
def create_baseline(request: HttpRequest, payload: BaselineIn):
    project = resolve(project_get, request.user, payload.project, "project")
    return 201, services.baseline_create(actor=request.user, project=project, name=payload.name)


@router.delete("/baselines/{int:pk}", response={204: None})
def delete_baseline(request: HttpRequest, pk: int):
    services.baseline_delete(actor=request.user,
                             baseline=selectors.baseline_get(user=request.user, pk=pk))
    return 204, None


# --- schedule ----------------------------------------------------------------------------------------

class ScheduledTask(Schema):
    id: int
    start: date | None
    finish: date | None
    early_start: float
    early_finish: float
    late_start: float
    late_finish: float
    total_float: float
    free_float: float
    critical: bool
    is_summary: bool
    duration: float = Field(description="Working days (a summary: the span of its children).")
    percent_complete: float = Field(description="0-100; a summary's is weighted by duration.")


class ScheduleOut(Schema):
    start: date | None
    finish: date | None
    duration: float = Field(description="Working days.")
    critical_path: list[int]
    tasks: list[ScheduledTask]


@router.get("/projects/{int:pk}/schedule", response=ScheduleOut)
def get_schedule(request: HttpRequest, pk: int):
    """The project's dates as the engine computes them (inclusive finish, working days)."""
    schedule = project_schedule(project_get(user=request.user, pk=pk))
    return {
        "start": schedule.start,
        "finish": schedule.finish,
        "duration": schedule.duration,
        "critical_path": schedule.critical_path,
        "tasks": [{"id": pk, **vars(dates)} for pk, dates in schedule.tasks.items()],
    }


# --- baseline variances --------------------------------------------------------------------------

class TaskVariance(Schema):
    task: int
    start_variance: float | None
    finish_variance: float | None
    duration_variance: float | None


class VarianceOut(Schema):
    baseline: int
    start_variance: float | None = Field(description="Working days; positive = later.")
    finish_variance: float | None = Field(description="Working days; positive = later.")
    tasks: list[TaskVariance]


@router.get("/baselines/{int:pk}/variance", response=VarianceOut)
def get_baseline_variance(request: HttpRequest, pk: int):
    """The current schedule against a baseline: start, finish and duration variances."""
    baseline = selectors.baseline_get(user=request.user, pk=pk)
    comparison = baseline_comparison(baseline.project, baseline)
    return {
        "baseline": baseline.pk,
        "start_variance": comparison.start_variance,
        "finish_variance": comparison.finish_variance,
        "tasks": [{"task": int(v.id), "start_variance": v.start_variance,
                   "finish_variance": v.finish_variance, "duration_variance": v.duration_variance}
                  for v in comparison.activities.values()],
    }
