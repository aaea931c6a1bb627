"""REST endpoints for tasks (with the task table's and the Gantt's moves), dependencies and
predecessors, baselines, a project's schedule and the Gantt charts' data."""


from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from jalon.api.filtering import FilterQuery, filtered, parameters_of
from jalon.api.lookups import resolve, visible
from jalon.api.money import HIDDEN, shown
from jalon.api.patching import patch_changes
from jalon.api.rows import FromRows
from jalon.api.versions import (
    if_match,
    if_match_set,
    set_etag,
    stale_problem,
    tagged,
    written,
)
from jalon.calendars.selectors import calendar_get
from jalon.downloads import ExportFormat, download
from jalon.engine.limits import FIRST_DATE, LAST_DATE, MAX_DURATION, MAX_LAG
from jalon.errors import StaleVersion
from jalon.planning import exports, gantt, selectors, services
from jalon.planning.filters import BaselineFilter, DependencyFilter, TaskFilter
from jalon.planning.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Task,
)
from jalon.planning.predecessors import format_links
from jalon.planning.scheduling import baseline_comparison, summary_percent_complete
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get, project_list

router = Router(tags=["planning"])
Weekday = Annotated[int, Field(strict=True, ge=0, le=6)]
# The engine's bounds (jalon.engine.limits): a value past them is a 422 naming the field.
Duration = Annotated[Decimal, Field(ge=0, le=MAX_DURATION, max_digits=9, decimal_places=2,
                                    description=f"Working days, at most {MAX_DURATION}.")]
Lag = Annotated[Decimal, Field(ge=-MAX_LAG, le=MAX_LAG, max_digits=9, decimal_places=2,
                               description=f"In lag_unit, at most {MAX_LAG} either way; "
                                           "negative for a lead.")]
PlanDate = Annotated[date, Field(ge=FIRST_DATE, le=LAST_DATE)]


# --- tasks -----------------------------------------------------------------------------------------

class TaskOut(FromRows, ModelSchema):
    percent_complete: int = Field(description=(
        "0-100. A summary task's is its tasks', weighted by duration (as in the schedule), "
        "rounded; its own stored value is not used."))

    class Meta:
        model = Task
        fields = [
            "id", "project", "parent", "position", "wbs_code", "name", "is_milestone", "duration",
            "optimistic", "most_likely", "pessimistic", "constraint_type", "constraint_date",
            "deadline", "actual_start", "actual_finish", "calendar", "priority", "notes",
        ]

    @staticmethod
    def resolve_percent_complete(task: Task, context: dict[str, Any]) -> int:
        # One roll-up per project of the response (the context lives as long as the response),
        # so that a page of tasks costs one query per project, not one per summary.
        rolled = context.setdefault("summary_percent_complete", {})
        if task.project_id not in rolled:
            rolled[task.project_id] = summary_percent_complete([task.project_id])
        summary = rolled[task.project_id].get(task.pk)
        return task.percent_complete if summary is None else round(summary)


class TaskFields(Schema):
    is_milestone: bool | None = None
    duration: Duration | None = None
    optimistic: Duration | None = None
    most_likely: Duration | None = None
    pessimistic: Duration | None = None
    constraint_type: Task.Constraint | None = None
    constraint_date: PlanDate | None = None
    deadline: PlanDate | None = None
    percent_complete: int | None = Field(None, ge=0, le=100)
    actual_start: PlanDate | None = None
    actual_finish: PlanDate | None = None
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


# null clears these; the others keep their value when left out
TASK_NULLABLE = {"constraint_date", "deadline", "actual_start", "actual_finish", "calendar",
                 "optimistic", "most_likely", "pessimistic"}


@parameters_of(TaskFilter)
class TaskQuery(FilterQuery):
    """Filters of the tasks."""


@router.get("/tasks", response=list[TaskOut])
@paginate
def list_tasks(request: HttpRequest, filters: Query[TaskQuery]):
    # The output names each task's project by id: no project row to build per task.
    return filtered(TaskFilter, filters, queryset=selectors.task_list(user=request.user),
                    request=request).select_related(None)


@router.get("/tasks/export")
def export_tasks(request: HttpRequest, project: int, format: ExportFormat = "xlsx"):  # noqa: A002
    """A project's task table as an XLSX or CSV file: the tasks page's columns and headers (in
    the request's language), in outline order, with the schedule's dates and floats."""
    found = project_get(user=request.user, pk=project)
    tasks = selectors.tasks_in_outline(user=request.user, project=found)
    schedule, _reason = selectors.schedule_or_error(found)
    return download(exports.task_table(tasks, schedule), format=format,
                    name=f"{found.code} {_('Tasks')}")


@router.get("/tasks/{int:pk}", response=TaskOut)
def get_task(request: HttpRequest, pk: int, response: HttpResponse):
    """The task, with its ETag: send it back in ``If-Match`` to change or delete the task."""
    return tagged(response, selectors.task_get(user=request.user, pk=pk))


@router.post("/tasks", response={201: TaskOut})
def create_task(request: HttpRequest, payload: TaskIn):
    data = patch_changes(payload, nullable={*TASK_NULLABLE, "parent", "index"}, refs={
        "project": visible(project_get, request.user),
        "parent": visible(selectors.task_get, request.user),
        "calendar": visible(calendar_get, request.user)})
    return 201, services.task_create(actor=request.user, **data)


@router.patch("/tasks/{int:pk}", response={200: TaskOut, 412: stale_problem(TaskOut)})
def update_task(request: HttpRequest, pk: int, payload: TaskPatch, response: HttpResponse):
    """Change the fields sent, and only those. With ``If-Match``, refused (412, with the task as
    it is now) when the task changed since that ETag."""
    task = selectors.task_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable=TASK_NULLABLE,
                         refs={"calendar": visible(calendar_get, request.user)})
    return written(response, lambda: services.task_update(
        actor=request.user, task=task, version=if_match(request, task), **data))


@router.delete("/tasks/{int:pk}", response={204: None, 412: stale_problem(TaskOut)})
def delete_task(request: HttpRequest, pk: int, response: HttpResponse):
    """Delete the task with its subtasks. With ``If-Match``, refused (412) when the task changed
    since that ETag."""
    task = selectors.task_get(user=request.user, pk=pk)
    return written(response, lambda: services.task_delete(
        actor=request.user, task=task, version=if_match(request, task)), status=204)


@router.post("/tasks/{int:pk}/indent", response=TaskOut)
def indent_task(request: HttpRequest, pk: int):
    """Make the task the last subtask of the task just above it, which becomes a summary."""
    return services.task_indent(actor=request.user, task=selectors.task_get(user=request.user, pk=pk))


@router.post("/tasks/{int:pk}/outdent", response=TaskOut)
def outdent_task(request: HttpRequest, pk: int):
    """Move the task up one outline level, just after its former summary."""
    return services.task_outdent(actor=request.user, task=selectors.task_get(user=request.user, pk=pk))


class MoveIn(Schema):
    offset: int = Field(strict=True, description=(
        "Places to move among its siblings: -1 one up, 1 one down. A task stops at the first "
        "or the last place."))


@router.post("/tasks/{int:pk}/move", response=TaskOut)
def move_task(request: HttpRequest, pk: int, payload: MoveIn):
    """Move the task up or down among its siblings; WBS codes are renumbered."""
    task = selectors.task_get(user=request.user, pk=pk)
    return services.task_move(actor=request.user, task=task, offset=payload.offset)


class RescheduleIn(Schema):
    start: date | None = Field(None, description=(
        "Move the task: it starts no earlier than this date (a \"start no earlier than\" "
        "constraint)."))
    finish: date | None = Field(None, description=(
        "Stretch the task: its duration becomes the working days of its calendar from its "
        "scheduled start to this date, both included."))


@router.post("/tasks/{int:pk}/reschedule", response=TaskOut)
def reschedule_task(request: HttpRequest, pk: int, payload: RescheduleIn):
    """Move (``start``) or stretch (``finish``) a task as a Gantt drag does; give one of them.
    Summaries follow their subtasks and are refused, so is a plan the engine cannot schedule.
    ``GET /projects/{id}/schedule`` or ``/gantt`` give the recomputed dates."""
    task = selectors.task_get(user=request.user, pk=pk)
    return services.task_reschedule(actor=request.user, task=task, start=payload.start,
                                    finish=payload.finish)


# --- dependencies ------------------------------------------------------------------------------------

class DependencyOut(ModelSchema):
    class Meta:
        model = Dependency
        fields = ["id", "predecessor", "successor", "type", "lag", "lag_unit"]


class DependencyIn(Schema):
    predecessor: int
    successor: int
    type: Dependency.Type = Dependency.Type.FS
    lag: Lag = Decimal("0")
    lag_unit: Dependency.LagUnit = Dependency.LagUnit.WORKING_DAYS


class DependencyPatch(Schema):
    type: Dependency.Type | None = None
    lag: Lag | None = None
    lag_unit: Dependency.LagUnit | None = None


@parameters_of(DependencyFilter)
class DependencyQuery(FilterQuery):
    """Filters of the dependencies."""


@router.get("/dependencies", response=list[DependencyOut])
@paginate
def list_dependencies(request: HttpRequest, filters: Query[DependencyQuery]):
    return filtered(DependencyFilter, filters, queryset=selectors.dependency_list(user=request.user),
                    request=request)


@router.get("/dependencies/export")
def export_dependencies(request: HttpRequest, filters: Query[DependencyQuery],
                        format: ExportFormat = "xlsx"):  # noqa: A002
    """The links ``GET /dependencies`` lists (same filters) as an XLSX or CSV file, each end
    named by its project, WBS code and name."""
    links = filtered(DependencyFilter, filters, request=request,
                     queryset=selectors.dependency_list(user=request.user))
    return download(exports.dependency_table(links), format=format, name=_("Dependencies"))


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
    return services.dependency_update(actor=request.user, dependency=dependency,
                                      **patch_changes(payload))


@router.delete("/dependencies/{int:pk}", response={204: None})
def delete_dependency(request: HttpRequest, pk: int):
    dependency = selectors.dependency_get(user=request.user, pk=pk)
    services.dependency_delete(actor=request.user, dependency=dependency)
    return 204, None


class PredecessorsOut(Schema):
    task: int
    text: str = Field(description="The predecessors as the task table writes them.")
    dependencies: list[DependencyOut]


class PredecessorsIn(Schema):
    text: str = Field(max_length=1000, description=(
        "As the task table takes them: WBS codes of the task's project or CODE:WBS for another "
        "project's task, each followed by an optional link type (FS when left out) and lag in "
        "working days, separated by commas or semicolons, e.g. \"3FS+2, 5SS, PRJ2:1.4FF-0.5\". "
        "Empty: no predecessor."))


def _predecessors(request: HttpRequest, task: Task) -> dict[str, Any]:
    links = selectors.predecessor_links(user=request.user, task=task)
    return {"task": task.pk, "text": format_links(links, task.project_id), "dependencies": links}


def _tagged_predecessors(request: HttpRequest, response: HttpResponse,
                         task: Task) -> dict[str, Any]:
    response["ETag"] = set_etag("predecessors", task.pk, services.predecessors_fingerprint(task))
    return _predecessors(request, task)


@router.get("/tasks/{int:pk}/predecessors", response=PredecessorsOut)
def get_predecessors(request: HttpRequest, pk: int, response: HttpResponse):
    """The task's predecessors as text and as dependencies, with their ETag: send it back in
    ``If-Match`` to replace them."""
    return _tagged_predecessors(request, response,
                                selectors.task_get(user=request.user, pk=pk))


@router.put("/tasks/{int:pk}/predecessors",
            response={200: PredecessorsOut, 412: stale_problem(PredecessorsOut)})
def set_predecessors(request: HttpRequest, pk: int, payload: PredecessorsIn,
                     response: HttpResponse):
    """Replace all the task's predecessors by those the text lists, at once: an item that
    cannot be read, every unknown code, a cycle (naming its tasks) refuse the whole text. With
    ``If-Match``, refused (412, with the predecessors as they are now) when they changed since
    that ETag."""
    task = selectors.task_get(user=request.user, pk=pk)
    try:
        services.predecessors_set_from_text(actor=request.user, task=task, text=payload.text,
                                            seen=if_match_set(request, "predecessors", task.pk))
    except StaleVersion as exc:
        return Status(412, {"code": exc.code, "message": exc.message,
                            "current": _tagged_predecessors(request, response, task)})
    return _tagged_predecessors(request, response, task)


# --- baselines ---------------------------------------------------------------------------------------

class BaselineTaskOut(ModelSchema):
    cost: Decimal | None = Field(description="Its assignments' cost then." + HIDDEN)

    class Meta:
        model = BaselineTask
        fields = ["task", "wbs_code", "name", "start", "finish", "duration", "work"]

    @staticmethod
    def resolve_cost(obj: BaselineTask, context: Any) -> Decimal | None:
        return obj.cost if shown(context, obj.baseline.project) else None


class BaselineOut(ModelSchema):
    class Meta:
        model = Baseline
        fields = ["id", "project", "name", "created_at", "created_by"]


class BaselineDetail(BaselineOut):
    tasks: list[BaselineTaskOut]


class BaselineIn(Schema):
    project: int
    name: str = Field(max_length=100, min_length=1)


@parameters_of(BaselineFilter)
class BaselineQuery(FilterQuery):
    """Filters of the baselines."""


@router.get("/baselines", response=list[BaselineOut])
@paginate
def list_baselines(request: HttpRequest, filters: Query[BaselineQuery]):
    return filtered(BaselineFilter, filters, queryset=selectors.baseline_list(user=request.user),
                    request=request)


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


class LeftOutOut(Schema):
    """A project a roll-up, a portfolio chart or a run leaves out because its plan cannot be
    scheduled (from a :class:`jalon.planning.selectors.Unschedulable`, or anything with its
    ``project`` and ``reason``)."""

    id: int
    code: str
    reason: str = Field(description="Why its plan cannot be scheduled, in the reader's language.")

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.project.pk)

    @staticmethod
    def resolve_code(obj: Any) -> str:
        return str(obj.project.code)


@router.get("/projects/{int:pk}/schedule", response=ScheduleOut)
def get_schedule(request: HttpRequest, pk: int):
    """The project's dates as the engine computes them (inclusive finish, working days)."""
    schedule = selectors.project_schedule(project_get(user=request.user, pk=pk))
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


# --- Gantt charts --------------------------------------------------------------------------------

class FromDicts(Schema):
    """Base of the Gantt's output schemas, whose values ``jalon.planning.gantt`` builds as dicts
    of plain values: a dict is given to pydantic as it is, where ninja's getter made a Python
    call per field of each of hundreds of rows (a third of a chart's time). The same output;
    anything else (an object) goes through ninja's usual path."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any],
                            info: ValidationInfo) -> Any:
        if type(values) is dict:
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class GanttRow(FromDicts):
    id: str = Field(description="t<task id> for a task, p<project id> for a project's row, "
                                "g<programme id> for a programme's heading (g- heads the "
                                "projects of no programme).")
    task: int | None = None
    project: int | None = Field(description="None on a programme's heading.")
    programme: int | None = Field(None, description="A project's or a heading's programme.")
    parent: str | None = Field(description="The row this row folds under.")
    kind: Literal["task", "summary", "milestone", "project", "programme"]
    wbs: str = Field(description="The WBS code; a project's or a programme's code.")
    name: str
    level: int = Field(description="Outline level, 0 at the top.")
    start: date | None
    finish: date | None = Field(description="Inclusive: the last working day.")
    duration: float | None = Field(description="Working days.")
    total_float: float | None = Field(description="Working days.")
    critical: bool
    percent: float | None = Field(description="Percent complete.")
    baseline_start: date | None = None
    baseline_finish: date | None = None
    constraint_type: Task.Constraint | None = Field(None, description="A task's date constraint.")
    constraint: str | None = Field(None, description=(
        "The constraint as MS Project words it, in the caller's language; null when the task "
        "starts as soon as possible."))
    constraint_date: date | None = None
    deadline: date | None = None
    ghost_start: date | None = Field(None, description="Levelling preview: start before.")
    ghost_finish: date | None = Field(None, description="Levelling preview: finish before.")
    moved: bool | None = Field(None, description="Levelling preview: levelling moves it.")
    delay: float | None = Field(None, description="Levelling preview: working days of delay.")
    note: str | None = Field(None, description="Levelling preview: why it moved.")
    rag: Literal["green", "amber", "red", ""] | None = Field(
        None, description="A project row of a portfolio's chart: its effective overall status "
                          "(as the KPI dashboard shows it; \"\" not assessed).")


class GanttLink(FromDicts):
    predecessor: str = Field(alias="from", description="The predecessor's row id.")
    successor: str = Field(alias="to", description="The successor's row id.")
    type: Dependency.Type
    lag: float
    unit: Dependency.LagUnit


class GanttMarker(FromDicts):
    date: date
    kind: Literal["finish", "finish-before", "finish-after"]
    label: str


class GanttOut(FromDicts):
    title: str
    start: date | None
    finish: date | None
    status_date: date | None
    planned_start: date | None
    today: date
    editable: bool = Field(description="The caller may move the tasks (reschedule).")
    error: str = Field(description="Why there are no dates: \"no_start\" (no planned start) or "
                                   "the engine's message; empty when the chart has dates.")
    baseline: int | None
    compare: bool = Field(False, description="A levelling preview: rows carry ghost dates.")
    markers: list[GanttMarker] = []
    rows: list[GanttRow] = Field(description="In outline order.")
    links: list[GanttLink]
    left_out: list[LeftOutOut] = Field(
        [], description="A portfolio's or programme's chart: the projects whose plan cannot be "
                        "scheduled (their rows have no dates).")


@router.get("/projects/{int:pk}/gantt", response=GanttOut, by_alias=True)
def get_project_gantt(request: HttpRequest, pk: int, baseline: int | None = None):
    """The project's Gantt chart: its tasks in outline order with the engine's dates, the links
    between them, and the chosen baseline's dates under each bar."""
    project = project_get(user=request.user, pk=pk)
    chosen = resolve(selectors.baseline_get, request.user, baseline, "baseline")
    return gantt.project_chart(user=request.user, project=project, baseline=chosen)


@router.get("/portfolios/{int:pk}/gantt", response=GanttOut, by_alias=True)
def get_portfolio_gantt(request: HttpRequest, pk: int):
    """Every project of the portfolio the caller may see, scheduled together (links between
    projects drive the dates), each a summary row over its tasks with its overall status, under
    a heading row per programme. Read only."""
    portfolio = portfolio_get(user=request.user, pk=pk)
    projects = list(project_list(user=request.user, portfolio=portfolio))
    return gantt.portfolio_chart(user=request.user, projects=projects)


@router.get("/programmes/{int:pk}/gantt", response=GanttOut, by_alias=True)
def get_programme_gantt(request: HttpRequest, pk: int):
    """Every project of the programme, as the portfolio's chart shows them. Read only."""
    programme = programme_get(user=request.user, pk=pk)
    projects = list(project_list(user=request.user, programme=programme))
    return gantt.portfolio_chart(user=request.user, projects=projects)
