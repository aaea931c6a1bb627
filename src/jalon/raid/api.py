"""REST endpoints of decisions, assumptions and external dependencies. Thin: permission and
rules are the services'. External dependencies answer under ``external-dependencies``:
``/dependencies`` are the plan's links between tasks."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.filtering import FilterQuery, annotations_resolved, filtered, parameters_of
from jalon.api.lookups import Resolver, person, visible
from jalon.api.patching import patch_changes
from jalon.governance.selectors import gate_get
from jalon.planning.selectors import task_get
from jalon.portfolios.selectors import project_get
from jalon.raid import selectors, services
from jalon.raid.filters import AssumptionFilter, DecisionFilter, DependencyFilter
from jalon.raid.models import Assumption, Decision, ExternalDependency
from jalon.risks.selectors import issue_get, risk_get

router = Router(tags=["Decisions, assumptions and dependencies"])


def _refs(request: HttpRequest) -> dict[str, Resolver]:
    user = request.user
    return {"owner": person(user), "decided_by": person(user),
            "superseded_by": visible(selectors.decision_get, user),
            "risks": visible(risk_get, user), "issues": visible(issue_get, user),
            "gates": visible(gate_get, user), "tasks": visible(task_get, user),
            "task": visible(task_get, user), "other_project": visible(project_get, user)}


# --- decisions -------------------------------------------------------------------------------

class DecisionOut(ModelSchema):
    reference: str
    risks: list[int]
    issues: list[int]
    gates: list[int]
    tasks: list[int]

    class Meta:
        model = Decision
        fields = ["id", "project", "number", "title", "context", "options", "decision",
                  "rationale", "decided_by", "decided_on", "status", "superseded_by",
                  "created_at", "updated_at"]

    @staticmethod
    def resolve_risks(obj: Decision) -> list[int]:
        return [o.pk for o in obj.risks.all()]

    @staticmethod
    def resolve_issues(obj: Decision) -> list[int]:
        return [o.pk for o in obj.issues.all()]

    @staticmethod
    def resolve_gates(obj: Decision) -> list[int]:
        return [o.pk for o in obj.gates.all()]

    @staticmethod
    def resolve_tasks(obj: Decision) -> list[int]:
        return [o.pk for o in obj.tasks.all()]


class DecisionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    context: str | None = None
    options: str | None = None
    decision: str | None = None
    rationale: str | None = None
    decided_by: int | None = None
    decided_on: date | None = None
    status: Decision.Status | None = None
    superseded_by: int | None = None
    risks: list[int] | None = None
    issues: list[int] | None = None
    gates: list[int] | None = None
    tasks: list[int] | None = None


_NULLABLE_DECISION = {"decided_by", "decided_on", "superseded_by"}


class DecisionIn(DecisionPatch):
    title: str = Field(min_length=1, max_length=200)


@parameters_of(DecisionFilter)
class DecisionQuery(FilterQuery):
    """The decision log's filters."""


@router.get("/projects/{int:pk}/decisions", response=list[DecisionOut])
@paginate
@annotations_resolved
def list_decisions(request: HttpRequest, pk: int, filters: Query[DecisionQuery]):
    """The project's decision log, filtered as its page filters it."""
    project = project_get(user=request.user, pk=pk)
    return filtered(DecisionFilter, filters, request=request,
                    queryset=selectors.decision_list(user=request.user, project=project))


@router.post("/projects/{int:pk}/decisions", response={201: DecisionOut})
def create_decision(request: HttpRequest, pk: int, payload: DecisionIn):
    project = project_get(user=request.user, pk=pk)
    return 201, services.decision_create(actor=request.user, project=project, **patch_changes(
        payload, nullable=_NULLABLE_DECISION, refs=_refs(request)))


@router.get("/decisions/{int:pk}", response=DecisionOut)
def get_decision(request: HttpRequest, pk: int):
    return selectors.decision_get(user=request.user, pk=pk)


@router.patch("/decisions/{int:pk}", response=DecisionOut)
def update_decision(request: HttpRequest, pk: int, payload: DecisionPatch):
    decision = selectors.decision_get(user=request.user, pk=pk)
    return services.decision_update(actor=request.user, decision=decision, **patch_changes(
        payload, nullable=_NULLABLE_DECISION, refs=_refs(request)))


@router.delete("/decisions/{int:pk}", response={204: None})
def delete_decision(request: HttpRequest, pk: int):
    services.decision_delete(actor=request.user,
                             decision=selectors.decision_get(user=request.user, pk=pk))
    return 204, None


# --- assumptions -----------------------------------------------------------------------------

class AssumptionOut(ModelSchema):
    reference: str
    overdue: bool

    class Meta:
        model = Assumption
        fields = ["id", "project", "number", "description", "owner", "validate_by", "status",
                  "impact_if_false", "created_at", "updated_at"]


class AssumptionPatch(Schema):
    description: str | None = Field(None, min_length=1)
    owner: int | None = None
    validate_by: date | None = None
    status: Assumption.Status | None = None
    impact_if_false: str | None = None


class AssumptionIn(AssumptionPatch):
    description: str = Field(min_length=1)


@parameters_of(AssumptionFilter)
class AssumptionQuery(FilterQuery):
    """The assumptions' filters."""


@router.get("/projects/{int:pk}/assumptions", response=list[AssumptionOut])
@paginate
@annotations_resolved
def list_assumptions(request: HttpRequest, pk: int, filters: Query[AssumptionQuery]):
    """The project's assumptions; ``overdue``: still open after their validation date."""
    project = project_get(user=request.user, pk=pk)
    return filtered(AssumptionFilter, filters, request=request,
                    queryset=selectors.assumption_list(user=request.user, project=project))


@router.post("/projects/{int:pk}/assumptions", response={201: AssumptionOut})
def create_assumption(request: HttpRequest, pk: int, payload: AssumptionIn):
    project = project_get(user=request.user, pk=pk)
    created = services.assumption_create(actor=request.user, project=project, **patch_changes(
        payload, nullable={"owner", "validate_by"}, refs=_refs(request)))
    return 201, selectors.assumption_get(user=request.user, pk=created.pk)


@router.get("/assumptions/{int:pk}", response=AssumptionOut)
def get_assumption(request: HttpRequest, pk: int):
    return selectors.assumption_get(user=request.user, pk=pk)


@router.patch("/assumptions/{int:pk}", response=AssumptionOut)
def update_assumption(request: HttpRequest, pk: int, payload: AssumptionPatch):
    assumption = selectors.assumption_get(user=request.user, pk=pk)
    services.assumption_update(actor=request.user, assumption=assumption, **patch_changes(
        payload, nullable={"owner", "validate_by"}, refs=_refs(request)))
    return selectors.assumption_get(user=request.user, pk=pk)


@router.delete("/assumptions/{int:pk}", response={204: None})
def delete_assumption(request: HttpRequest, pk: int):
    services.assumption_delete(actor=request.user,
                               assumption=selectors.assumption_get(user=request.user, pk=pk))
    return 204, None


# --- external dependencies -------------------------------------------------------------------

class DependencyOut(ModelSchema):
    reference: str
    overdue: bool

    class Meta:
        model = ExternalDependency
        fields = ["id", "project", "number", "description", "direction", "party",
                  "other_project", "needed_by", "owner", "status", "task", "created_at",
                  "updated_at"]


class DependencyPatch(Schema):
    description: str | None = Field(None, min_length=1)
    direction: ExternalDependency.Direction | None = None
    party: str | None = Field(None, max_length=200)
    other_project: int | None = None
    needed_by: date | None = None
    owner: int | None = None
    status: ExternalDependency.Status | None = None
    task: int | None = None


class DependencyIn(DependencyPatch):
    description: str = Field(min_length=1)


_NULLABLE_DEPENDENCY = {"other_project", "needed_by", "owner", "task"}


@parameters_of(DependencyFilter)
class DependencyQuery(FilterQuery):
    """The external dependencies' filters."""


@router.get("/projects/{int:pk}/external-dependencies", response=list[DependencyOut])
@paginate
@annotations_resolved
def list_external_dependencies(request: HttpRequest, pk: int,
                               filters: Query[DependencyQuery]):
    """The project's external dependencies; ``overdue``: neither delivered nor cancelled after
    the date they are needed by."""
    project = project_get(user=request.user, pk=pk)
    return filtered(DependencyFilter, filters, request=request,
                    queryset=selectors.dependency_list(user=request.user, project=project))


@router.post("/projects/{int:pk}/external-dependencies", response={201: DependencyOut})
def create_external_dependency(request: HttpRequest, pk: int, payload: DependencyIn):
    project = project_get(user=request.user, pk=pk)
    created = services.dependency_create(actor=request.user, project=project, **patch_changes(
        payload, nullable=_NULLABLE_DEPENDENCY, refs=_refs(request)))
    return 201, selectors.dependency_get(user=request.user, pk=created.pk)


@router.get("/external-dependencies/{int:pk}", response=DependencyOut)
def get_external_dependency(request: HttpRequest, pk: int):
    return selectors.dependency_get(user=request.user, pk=pk)


@router.patch("/external-dependencies/{int:pk}", response=DependencyOut)
def update_external_dependency(request: HttpRequest, pk: int, payload: DependencyPatch):
    dependency = selectors.dependency_get(user=request.user, pk=pk)
    services.dependency_update(actor=request.user, dependency=dependency, **patch_changes(
        payload, nullable=_NULLABLE_DEPENDENCY, refs=_refs(request)))
    return selectors.dependency_get(user=request.user, pk=pk)


@router.delete("/external-dependencies/{int:pk}", response={204: None})
def delete_external_dependency(request: HttpRequest, pk: int):
    services.dependency_delete(actor=request.user,
                               dependency=selectors.dependency_get(user=request.user, pk=pk))
    return 204, None

