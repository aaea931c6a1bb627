"""REST endpoints for skills, the resource pool and assignments."""


from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.accounts import permissions
from jalon.api.failures import RunFailureOut
from jalon.api.filtering import FilterQuery, filtered, parameters_of
from jalon.api.lookups import Resolver, person, resolve, visible
from jalon.api.money import HIDDEN, shown
from jalon.api.patching import patch_changes, resolve_refs
from jalon.calendars.selectors import calendar_get
from jalon.downloads import ExportFormat, download
from jalon.errors import ValidationFailed
from jalon.planning.api import GanttOut, LeftOutOut
from jalon.planning.selectors import Unschedulable, left_out_of, task_get
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get
from jalon.resources import exports, levelling, selectors, services
from jalon.resources.explaining import sentence
from jalon.resources.filters import AssignmentFilter, ResourceFilter
from jalon.resources.levelling_chart import run_chart
from jalon.resources.loading import loading_for
from jalon.resources.models import Assignment, LevellingRun, Resource, Skill

router = Router(tags=["resources"])


class SkillOut(ModelSchema):
    class Meta:
        model = Skill
        fields = ["id", "name", "description"]


class SkillIn(Schema):
    name: str = Field(max_length=100, min_length=1)
    description: str = ""


class SkillPatch(Schema):
    name: str | None = Field(None, max_length=100, min_length=1)
    description: str | None = None


@router.get("/skills", response=list[SkillOut])
@paginate
def list_skills(request: HttpRequest):
    return selectors.skill_list(user=request.user)


@router.get("/skills/{int:pk}", response=SkillOut)
def get_skill(request: HttpRequest, pk: int):
    return selectors.skill_get(user=request.user, pk=pk)


@router.post("/skills", response={201: SkillOut})
def create_skill(request: HttpRequest, payload: SkillIn):
    return 201, services.skill_create(actor=request.user, **payload.dict())


@router.patch("/skills/{int:pk}", response=SkillOut)
def update_skill(request: HttpRequest, pk: int, payload: SkillPatch):
    skill = selectors.skill_get(user=request.user, pk=pk)
    return services.skill_update(actor=request.user, skill=skill, **patch_changes(payload))


@router.delete("/skills/{int:pk}", response={204: None})
def delete_skill(request: HttpRequest, pk: int):
    services.skill_delete(actor=request.user, skill=selectors.skill_get(user=request.user, pk=pk))
    return 204, None


class ResourceOut(ModelSchema):
    skills: list[int]
    standard_rate: Decimal | None = Field(
        description="Per working hour (per unit for material), in the currency." + HIDDEN)
    cost_per_use: Decimal | None = Field(description="In the currency." + HIDDEN)
    email: str | None = Field(description="Null for those who manage nothing (executives and "
                              "team members).")

    class Meta:
        model = Resource
        fields = ["id", "code", "name", "kind", "currency", "capacity", "calendar", "user",
                  "is_active"]

    @staticmethod
    def resolve_skills(obj: Resource) -> list[int]:
        return [s.pk for s in obj.skills.all()]

    # The pool's rates are for those who manage budgets; people's e-mails for those who staff
    # projects (docs/security.md).
    @staticmethod
    def resolve_standard_rate(obj: Resource, context: Any) -> Decimal | None:
        return obj.standard_rate if shown(context) else None

    @staticmethod
    def resolve_cost_per_use(obj: Resource, context: Any) -> Decimal | None:
        return obj.cost_per_use if shown(context) else None

    @staticmethod
    def resolve_email(obj: Resource, context: Any) -> str | None:
        return obj.email if permissions.can_see_contacts(context["request"].user) else None


class ResourceIn(Schema):
    code: str = Field(max_length=30, min_length=1)
    name: str = Field(max_length=200, min_length=1)
    kind: Resource.Kind = Resource.Kind.PERSON
    standard_rate: Decimal = Field(Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    cost_per_use: Decimal = Field(Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    currency: str = Field("EUR", min_length=3, max_length=3)
    capacity: Decimal = Field(Decimal("1"), ge=0, max_digits=6, decimal_places=2)
    calendar: int | None = None
    user: int | None = None
    email: str = ""
    is_active: bool = True
    skills: list[int] = []


class ResourcePatch(Schema):
    code: str | None = Field(None, max_length=30, min_length=1)
    name: str | None = Field(None, max_length=200, min_length=1)
    kind: Resource.Kind | None = None
    standard_rate: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    cost_per_use: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    capacity: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    calendar: int | None = None
    user: int | None = None
    email: str | None = None
    is_active: bool | None = None
    skills: list[int] | None = None


def _resource_refs(request: HttpRequest) -> dict[str, Resolver]:
    return {"calendar": visible(calendar_get, request.user),
            "skills": visible(selectors.skill_get, request.user),
            "user": person(request.user)}


@parameters_of(ResourceFilter)
class ResourceQuery(FilterQuery):
    """Filters of the pool."""


@router.get("/resources", response=list[ResourceOut])
@paginate
def list_resources(request: HttpRequest, filters: Query[ResourceQuery]):
    return filtered(ResourceFilter, filters, queryset=selectors.resource_list(user=request.user),
                    request=request)


@router.get("/resources/export")
def export_resources(request: HttpRequest, filters: Query[ResourceQuery],
                     format: ExportFormat = "xlsx"):  # noqa: A002
    """The pool ``GET /resources`` lists (same filters) as an XLSX or CSV file, with the pool
    page's columns: rates only for those who may see costs."""
    resources = filtered(ResourceFilter, filters, request=request,
                         queryset=selectors.resource_list(user=request.user))
    return download(exports.resource_table(resources, user=request.user), format=format,
                    name=_("Resource pool"))


@router.get("/resources/{int:pk}", response=ResourceOut)
def get_resource(request: HttpRequest, pk: int):
    return selectors.resource_get(user=request.user, pk=pk)


@router.post("/resources", response={201: ResourceOut})
def create_resource(request: HttpRequest, payload: ResourceIn):
    return 201, services.resource_create(
        actor=request.user, **resolve_refs(payload.dict(), _resource_refs(request)))


@router.patch("/resources/{int:pk}", response=ResourceOut)
def update_resource(request: HttpRequest, pk: int, payload: ResourcePatch):
    resource = selectors.resource_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable={"calendar", "user"}, refs=_resource_refs(request))
    return services.resource_update(actor=request.user, resource=resource, **data)


@router.delete("/resources/{int:pk}", response={204: None})
def delete_resource(request: HttpRequest, pk: int):
    resource = selectors.resource_get(user=request.user, pk=pk)
    services.resource_delete(actor=request.user, resource=resource)
    return 204, None


class AssignmentOut(ModelSchema):
    class Meta:
        model = Assignment
        fields = ["id", "task", "resource", "units", "work"]


class AssignmentIn(Schema):
    task: int
    resource: int
    units: Decimal = Field(Decimal("1"), gt=0, max_digits=6, decimal_places=2)
    work: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2,
                                 description="Hours; defaults to duration × hours per day × units.")


class AssignmentPatch(Schema):
    units: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=2)
    work: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)


@parameters_of(AssignmentFilter)
class AssignmentQuery(FilterQuery):
    """Filters of the assignments."""


@router.get("/assignments", response=list[AssignmentOut])
@paginate
def list_assignments(request: HttpRequest, filters: Query[AssignmentQuery]):
    return filtered(AssignmentFilter, filters,
                    queryset=selectors.assignment_list(user=request.user), request=request)


@router.get("/assignments/export")
def export_assignments(request: HttpRequest, filters: Query[AssignmentQuery],
                       format: ExportFormat = "xlsx"):  # noqa: A002
    """The assignments ``GET /assignments`` lists (same filters) as an XLSX or CSV file, with
    their work and, for those who may see it, their cost."""
    assignments = filtered(AssignmentFilter, filters, request=request,
                           queryset=selectors.assignment_list(user=request.user))
    chosen = filters.model_dump().get("project")
    project = project_get(user=request.user, pk=chosen) if chosen is not None else None
    return download(exports.assignment_table(assignments, user=request.user, project=project),
                    format=format, name=_("Assignments"))


@router.get("/assignments/{int:pk}", response=AssignmentOut)
def get_assignment(request: HttpRequest, pk: int):
    return selectors.assignment_get(user=request.user, pk=pk)


@router.post("/assignments", response={201: AssignmentOut})
def create_assignment(request: HttpRequest, payload: AssignmentIn):
    task = resolve(task_get, request.user, payload.task, "task")
    resource = resolve(selectors.resource_get, request.user, payload.resource, "resource")
    return 201, services.assignment_create(actor=request.user, task=task, resource=resource,
                                           units=payload.units, work=payload.work)


@router.patch("/assignments/{int:pk}", response=AssignmentOut)
def update_assignment(request: HttpRequest, pk: int, payload: AssignmentPatch):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    return services.assignment_update(actor=request.user, assignment=assignment,
                                      **patch_changes(payload))


@router.delete("/assignments/{int:pk}", response={204: None})
def delete_assignment(request: HttpRequest, pk: int):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    services.assignment_delete(actor=request.user, assignment=assignment)
    return 204, None


# --- loading and levelling --------------------------------------------------------------------

class BucketOut(Schema):
    first: date
    last: date
    demand: float = Field(description="Unit-days (person-days for people).")
    capacity: float = Field(description="Unit-days; 0 on the resource's days off.")


class ResourceLoadingOut(Schema):
    resource: int
    name: str
    buckets: list[BucketOut]


class OverTaskOut(Schema):
    task: int
    name: str
    project: int
    project_code: str
    units: float


class OverAllocationOut(Schema):
    resource: int
    name: str
    first: date
    last: date
    excess: float = Field(description="Largest demand above capacity in the run (units).")
    tasks: list[OverTaskOut]


class LoadingOut(Schema):
    grain: str
    resources: list[ResourceLoadingOut]
    over_allocations: list[OverAllocationOut]
    left_out: list[LeftOutOut] = Field(
        description="Projects whose plan cannot be scheduled: they load nobody.")


def _buckets(buckets: list[Any]) -> list[dict[str, Any]]:
    return [{"first": b.first, "last": b.last, "demand": b.demand, "capacity": b.capacity}
            for b in buckets]


@router.get("/resources/loading", response=LoadingOut)
def resource_loading(request: HttpRequest, grain: Literal["day", "week", "month"] = "week",
                     portfolio: int | None = None):
    """Demand against capacity per resource of the projects you can see, and the
    over-allocations (who, when, by how much, on which tasks)."""
    scope = resolve(portfolio_get, request.user, portfolio, "portfolio")
    loading = loading_for(user=request.user, portfolio=scope)
    return {
        "grain": grain,
        "resources": [{"resource": r.pk, "name": r.name, "buckets": _buckets(b)}
                      for r, b in loading.heat_map(grain)],
        "over_allocations": [
            {"resource": o.resource.pk, "name": o.resource.name, "first": o.first,
             "last": o.last, "excess": o.excess,
             "tasks": [{"task": t.task_id, "name": t.name, "project": t.project_id,
                        "project_code": t.project_code, "units": t.units} for t in o.tasks]}
            for o in loading.over_allocations],
        "left_out": loading.left_out,
    }


class LevellingIn(Schema):
    project: int | None = None
    programme: int | None = None
    portfolio: int | None = None
    method: Literal["heuristic", "optimal"] = "heuristic"
    time_limit: float = Field(10.0, gt=0, le=3600, description="Seconds (optimal method).")
    within_float: bool = Field(
        False, strict=True,
        description="Move tasks only within their total float: the finish does not slip; "
        "over-allocations that cannot be removed that way are reported in the result.")


class LevellingRunSummaryOut(RunFailureOut):
    id: int
    project: int | None = Field(None, alias="project_id")
    programme: int | None = Field(None, alias="programme_id")
    portfolio: int | None = Field(None, alias="portfolio_id")
    method: str
    time_limit: float
    within_float: bool
    state: str
    elapsed: float
    best_makespan: int | None
    best_bound: int | None
    applied_at: datetime | None
    created_at: datetime


class LevellingRunOut(LevellingRunSummaryOut):
    result: dict[str, Any] | None = Field(
        None, description="Preview: status ('infeasible' when over-allocations remain), "
        "makespan, lower_bound, within_float, finish_before/after, moves (dates before/after "
        "and reasons, with a translated 'sentences' list), apply, over_allocations (what "
        "remains), tasks (every task's dates before/after), projects (each project's span "
        "before/after), left_out (as stored: project, code, why as a message).")
    left_out: list[LeftOutOut] = Field(
        [], description="A programme's or portfolio's run: the projects it left out because "
                        "their plan cannot be scheduled (the others were levelled).")

    @staticmethod
    def resolve_result(obj: LevellingRun) -> dict[str, Any] | None:
        if not obj.result:
            return None
        moves = [{**m, "sentences": [sentence(r) for r in m["reasons"]]}
                 for m in obj.result.get("moves", [])]
        return {**obj.result, "moves": moves}

    @staticmethod
    def resolve_left_out(obj: LevellingRun) -> list[Unschedulable]:
        return left_out_of((obj.result or {}).get("left_out", []))


@router.post("/levelling-runs", response={201: LevellingRunOut})
def start_levelling(request: HttpRequest, payload: LevellingIn):
    """Level a project, a programme or a portfolio (give one): the heuristic on a small plan
    finishes in the call, otherwise the run is queued; poll ``GET /levelling-runs/{id}``."""
    given = [(get, pk) for get, pk in ((project_get, payload.project),
                                       (programme_get, payload.programme),
                                       (portfolio_get, payload.portfolio)) if pk is not None]
    if len(given) != 1:
        raise ValidationFailed(_("Give one project, one programme or one portfolio."),
                               field="project")
    # a scope you cannot see answers 404, as its pages do
    ((get, pk),) = given
    scope = get(user=request.user, pk=pk)
    return 201, levelling.levelling_start(actor=request.user, scope=scope,
                                          method=payload.method, time_limit=payload.time_limit,
                                          within_float=payload.within_float)


@router.get("/levelling-runs/{int:pk}", response=LevellingRunOut)
def get_levelling(request: HttpRequest, pk: int):
    return levelling.levelling_run_get(user=request.user, pk=pk)


@router.get("/levelling-runs/{int:pk}/gantt", response=GanttOut, by_alias=True)
def get_levelling_gantt(request: HttpRequest, pk: int):
    """The run's preview as a Gantt chart: every task at its levelled dates over a ghost bar at
    its dates before, moved tasks with the reasons, the finish before and after. Read only;
    400 while the run has not finished."""
    return run_chart(user=request.user, run=levelling.levelling_run_get(user=request.user, pk=pk))


@router.post("/levelling-runs/{int:pk}/apply", response=LevellingRunOut)
def apply_levelling(request: HttpRequest, pk: int):
    """Set "start no earlier than" on the delayed tasks (in one transaction)."""
    run = levelling.levelling_run_get(user=request.user, pk=pk)
    levelling.levelling_apply(actor=request.user, run=run)
    run.refresh_from_db()
    return run


@router.post("/levelling-runs/{int:pk}/cancel", response=LevellingRunOut)
def cancel_levelling(request: HttpRequest, pk: int):
    run = levelling.levelling_run_get(user=request.user, pk=pk)
    return levelling.levelling_cancel(actor=request.user, run=run)


class LevellingStateOut(Schema):
    levelled_tasks: int = Field(
        description="Tasks of the scope that hold a levelling constraint (\"start no earlier "
        "than\" set by an applied run).")
    runs: list[LevellingRunSummaryOut] = Field(
        description="The scope's last ten runs, newest first (GET /levelling-runs/{id} for a "
        "run's preview).")


class ClearedOut(Schema):
    cleared: int = Field(description="Tasks whose levelling constraint was removed.")


def _levelling_state(user: Any, scope: levelling.Scope) -> dict[str, Any]:
    runs = levelling.levelling_run_list(user=user, scope=scope)
    return {"levelled_tasks": levelling.levelled_count(scope=scope), "runs": runs}


@router.get("/projects/{int:pk}/levelling", response=LevellingStateOut)
def project_levelling(request: HttpRequest, pk: int):
    """The project's levelling: how many tasks hold a levelling constraint, its last runs."""
    return _levelling_state(request.user, project_get(user=request.user, pk=pk))


@router.get("/programmes/{int:pk}/levelling", response=LevellingStateOut)
def programme_levelling(request: HttpRequest, pk: int):
    """The programme's levelling: how many tasks hold a levelling constraint, its last runs."""
    return _levelling_state(request.user, programme_get(user=request.user, pk=pk))


@router.get("/portfolios/{int:pk}/levelling", response=LevellingStateOut)
def portfolio_levelling(request: HttpRequest, pk: int):
    """The portfolio's levelling: how many tasks hold a levelling constraint, its last runs."""
    return _levelling_state(request.user, portfolio_get(user=request.user, pk=pk))


@router.post("/projects/{int:pk}/levelling/clear", response=ClearedOut)
def clear_project_levelling(request: HttpRequest, pk: int):
    """Remove the project's levelling constraints, putting back the constraints they replaced
    (unless someone changed the constraint since)."""
    scope = project_get(user=request.user, pk=pk)
    return {"cleared": levelling.levelling_clear(actor=request.user, scope=scope)}


@router.post("/programmes/{int:pk}/levelling/clear", response=ClearedOut)
def clear_programme_levelling(request: HttpRequest, pk: int):
    """Remove the levelling constraints of every project of the programme, as for a project."""
    scope = programme_get(user=request.user, pk=pk)
    return {"cleared": levelling.levelling_clear(actor=request.user, scope=scope)}


@router.post("/portfolios/{int:pk}/levelling/clear", response=ClearedOut)
def clear_portfolio_levelling(request: HttpRequest, pk: int):
    """Remove the levelling constraints of every project of the portfolio, as for a project."""
    scope = portfolio_get(user=request.user, pk=pk)
    return {"cleared": levelling.levelling_clear(actor=request.user, scope=scope)}
