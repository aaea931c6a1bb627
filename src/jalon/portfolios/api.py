"""REST endpoints for portfolios, programmes, strategic objectives and projects (thin: lookup,
one service call, response)."""


from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.filtering import FilterQuery, filtered, parameters_of
from jalon.api.lookups import Resolver, person, resolve, visible
from jalon.api.patching import patch_changes, resolve_refs
from jalon.api.rows import FromRows, with_ids
from jalon.api.versions import if_match, stale_problem, tagged, written
from jalon.calendars.selectors import calendar_get
from jalon.portfolios import selectors, services
from jalon.portfolios.filters import ObjectiveFilter, ProgrammeFilter, ProjectFilter
from jalon.portfolios.models import Portfolio, Programme, Project, StrategicObjective
from jalon.portfolios.trash_api import router as trash_router

router = Router(tags=["portfolios"])
router.add_router("", trash_router)


# --- portfolios ------------------------------------------------------------------------------------

class PortfolioOut(ModelSchema):
    class Meta:
        model = Portfolio
        fields = ["id", "code", "name", "description", "created_at"]


class PortfolioIn(Schema):
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    description: str = ""


class PortfolioPatch(Schema):
    code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=200)
    description: str | None = None


@router.get("/portfolios", response=list[PortfolioOut])
@paginate
def list_portfolios(request: HttpRequest):
    return selectors.portfolio_list(user=request.user)


@router.get("/portfolios/{int:pk}", response=PortfolioOut)
def get_portfolio(request: HttpRequest, pk: int):
    return selectors.portfolio_get(user=request.user, pk=pk)


@router.post("/portfolios", response={201: PortfolioOut})
def create_portfolio(request: HttpRequest, payload: PortfolioIn):
    return 201, services.portfolio_create(actor=request.user, **payload.dict())


@router.patch("/portfolios/{int:pk}", response=PortfolioOut)
def update_portfolio(request: HttpRequest, pk: int, payload: PortfolioPatch):
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    return services.portfolio_update(actor=request.user, portfolio=portfolio,
                                     **patch_changes(payload))


@router.delete("/portfolios/{int:pk}", response={204: None})
def delete_portfolio(request: HttpRequest, pk: int):
    """Move the portfolio to the trash with its programmes and projects (``GET
    …/deletion-preview`` says what goes with it)."""
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    services.portfolio_delete(actor=request.user, portfolio=portfolio)
    return 204, None


# --- programmes ------------------------------------------------------------------------------------

class ProgrammeOut(ModelSchema):
    class Meta:
        model = Programme
        fields = ["id", "portfolio", "code", "name", "description", "manager"]


class ProgrammeIn(Schema):
    portfolio: int
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    description: str = ""
    manager: int | None = None


class ProgrammePatch(Schema):
    code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=200)
    description: str | None = None
    manager: int | None = None


@parameters_of(ProgrammeFilter)
class ProgrammeQuery(FilterQuery):
    """Filters of the programmes."""


@router.get("/programmes", response=list[ProgrammeOut])
@paginate
def list_programmes(request: HttpRequest, filters: Query[ProgrammeQuery]):
    return filtered(ProgrammeFilter, filters, queryset=selectors.programme_list(user=request.user),
                    request=request)


@router.get("/programmes/{int:pk}", response=ProgrammeOut)
def get_programme(request: HttpRequest, pk: int):
    return selectors.programme_get(user=request.user, pk=pk)


@router.post("/programmes", response={201: ProgrammeOut})
def create_programme(request: HttpRequest, payload: ProgrammeIn):
    data = payload.dict()
    data["portfolio"] = resolve(selectors.portfolio_get, request.user, data["portfolio"], "portfolio")
    data["manager"] = person(request.user)(data["manager"], "manager")
    return 201, services.programme_create(actor=request.user, **data)


@router.patch("/programmes/{int:pk}", response=ProgrammeOut)
def update_programme(request: HttpRequest, pk: int, payload: ProgrammePatch):
    programme = selectors.programme_get(user=request.user, pk=pk)
    data = patch_changes(payload, nullable={"manager"}, refs={"manager": person(request.user)})
    return services.programme_update(actor=request.user, programme=programme, **data)


@router.delete("/programmes/{int:pk}", response={204: None})
def delete_programme(request: HttpRequest, pk: int):
    """Move the programme to the trash with its projects (``GET …/deletion-preview``)."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    services.programme_delete(actor=request.user, programme=programme)
    return 204, None


# --- strategic objectives --------------------------------------------------------------------------

class ObjectiveOut(ModelSchema):
    class Meta:
        model = StrategicObjective
        fields = ["id", "portfolio", "code", "name", "description", "weight"]


class ObjectiveIn(Schema):
    portfolio: int
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    description: str = ""
    weight: int = Field(1, ge=1, le=100)


class ObjectivePatch(Schema):
    code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=200)
    description: str | None = None
    weight: int | None = Field(None, ge=1, le=100)


@parameters_of(ObjectiveFilter)
class ObjectiveQuery(FilterQuery):
    """Filters of the strategic objectives."""


@router.get("/objectives", response=list[ObjectiveOut])
@paginate
def list_objectives(request: HttpRequest, filters: Query[ObjectiveQuery]):
    return filtered(ObjectiveFilter, filters, queryset=selectors.objective_list(user=request.user),
                    request=request)


@router.get("/objectives/{int:pk}", response=ObjectiveOut)
def get_objective(request: HttpRequest, pk: int):
    return selectors.objective_get(user=request.user, pk=pk)


@router.post("/objectives", response={201: ObjectiveOut})
def create_objective(request: HttpRequest, payload: ObjectiveIn):
    data = payload.dict()
    data["portfolio"] = resolve(selectors.portfolio_get, request.user, data["portfolio"], "portfolio")
    return 201, services.objective_create(actor=request.user, **data)


@router.patch("/objectives/{int:pk}", response=ObjectiveOut)
def update_objective(request: HttpRequest, pk: int, payload: ObjectivePatch):
    objective = selectors.objective_get(user=request.user, pk=pk)
    return services.objective_update(actor=request.user, objective=objective,
                                     **patch_changes(payload))


@router.delete("/objectives/{int:pk}", response={204: None})
def delete_objective(request: HttpRequest, pk: int):
    objective = selectors.objective_get(user=request.user, pk=pk)
    services.objective_delete(actor=request.user, objective=objective)
    return 204, None


# --- projects --------------------------------------------------------------------------------------

class ProjectOut(FromRows, ModelSchema):
    objectives: list[int]

    class Meta:
        model = Project
        fields = [
            "id", "code", "name", "description", "portfolio", "programme", "sponsor",
            "project_manager", "status", "priority", "methodology", "planned_start",
            "status_date", "currency", "calendar", "retained_logic", "constraints_before_start",
            "created_at", "updated_at",
        ]

    @staticmethod
    def resolve_objectives(obj: Project) -> list[int]:
        return [o.pk for o in obj.objectives.all()]


class ProjectIn(Schema):
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    portfolio: int | None = None
    programme: int | None = None
    description: str = ""
    sponsor: str = Field("", max_length=200)
    project_manager: int | None = None
    status: Project.Status = Project.Status.PROPOSED
    priority: int = Field(500, ge=0, le=1000)
    methodology: str = Field("", max_length=100)
    planned_start: date | None = None
    status_date: date | None = None
    currency: str = Field("EUR", min_length=3, max_length=3)
    calendar: int | None = None
    retained_logic: bool = True
    constraints_before_start: bool = False
    objectives: list[int] = []
    template: int | None = Field(None, description="Start from this project template (its id).")


class ProjectPatch(Schema):
    code: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=200)
    programme: int | None = None
    description: str | None = None
    sponsor: str | None = Field(None, max_length=200)
    project_manager: int | None = None
    status: Project.Status | None = None
    priority: int | None = Field(None, ge=0, le=1000)
    methodology: str | None = Field(None, max_length=100)
    planned_start: date | None = None
    status_date: date | None = None
    currency: str | None = Field(None, min_length=3, max_length=3)
    calendar: int | None = None
    retained_logic: bool | None = None
    constraints_before_start: bool | None = None
    objectives: list[int] | None = None


def _project_refs(request: HttpRequest) -> dict[str, Resolver]:
    user = request.user
    return {"portfolio": visible(selectors.portfolio_get, user),
            "programme": visible(selectors.programme_get, user),
            "project_manager": person(user),
            "calendar": visible(calendar_get, user),
            "objectives": visible(selectors.objective_get, user)}


@parameters_of(ProjectFilter)
class ProjectQuery(FilterQuery):
    """Filters of the projects."""


@router.get("/projects", response=list[ProjectOut])
@paginate
def list_projects(request: HttpRequest, filters: Query[ProjectQuery]):
    # The output names the portfolio, programme and manager by id: no rows of theirs to build.
    return with_ids(filtered(ProjectFilter, filters,
                             queryset=selectors.project_list(user=request.user),
                             request=request).select_related(None), "objectives")


@router.get("/projects/{int:pk}", response=ProjectOut)
def get_project(request: HttpRequest, pk: int, response: HttpResponse):
    """The project, with its ETag: send it back in ``If-Match`` to change or delete it."""
    return tagged(response, selectors.project_get(user=request.user, pk=pk))


@router.post("/projects", response={201: ProjectOut})
def create_project(request: HttpRequest, payload: ProjectIn):
    data = resolve_refs(payload.dict(), _project_refs(request))
    return 201, services.project_create(actor=request.user, **data)


@router.patch("/projects/{int:pk}", response={200: ProjectOut, 412: stale_problem(ProjectOut)})
def update_project(request: HttpRequest, pk: int, payload: ProjectPatch, response: HttpResponse):
    """Change the fields sent, and only those. With ``If-Match``, refused (412, with the project
    as it is now) when the project changed since that ETag."""
    project = selectors.project_get(user=request.user, pk=pk)
    data = patch_changes(payload, refs=_project_refs(request), nullable={
        "programme", "project_manager", "planned_start", "status_date", "calendar"})
    return written(response, lambda: services.project_update(
        actor=request.user, project=project, version=if_match(request, project), **data))


@router.delete("/projects/{int:pk}", response={204: None, 412: stale_problem(ProjectOut)})
def delete_project(request: HttpRequest, pk: int, response: HttpResponse):
    """Move the project to the trash with its plan (``GET …/deletion-preview`` says what goes
    with it). With ``If-Match``, refused (412) when the project changed since that ETag."""
    project = selectors.project_get(user=request.user, pk=pk)
    return written(response, lambda: services.project_delete(
        actor=request.user, project=project, version=if_match(request, project)), status=204)
