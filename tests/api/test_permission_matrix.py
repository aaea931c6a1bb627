"""Every role × every API endpoint × an object in and out of the role's scope.

The endpoints are read from the OpenAPI schema, so a new endpoint is in the matrix the day it
is added: if its path names a kind of object this test cannot find (``OBJECTS``), the test fails
and asks for it. The data are built once for the module (objects of the main kinds); every role
is granted on one project (*in scope*) but PMO administrators and executives, granted on the
whole organisation as they are in practice; the objects of another project of the portfolio, in
another programme, and of the portfolio and its programmes are *out of scope*. Each call runs
in a savepoint rolled back at once, so that a deletion does not take an object from the next
call. docs/security.md describes it.

What is asserted:

- nobody signed in gets 401 from every endpoint;
- out of scope, nothing is shown or changed: reads answer 403, 404 or an empty list, writes are
  refused;
- executives and people without a role change nothing; team members only what ``TEAM_WRITES``
  lists (their progress, time, documents...); the exceptions stated by the docs are listed
  (``PORTFOLIO_WIDE``, ``READER_WRITES``, ``ADMIN_ONLY``, ``REFERENCE``);
- in scope, every read succeeds for the managers and executives, and for team members too but
  for the money (``MONEY``: 403 or an empty list);
- no answer is a server error, and every status is one the schema declares for the operation.

Writes are sent a body made from their schema (every required field with a value of its
type): the refusals asserted are those of the permission checks or of the body's validation;
whether a valid write succeeds for the right role is the business of each app's tests.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role, token_create
from jalon.api.root import api
from jalon.changes.services import change_create
from jalon.planning.services import baseline_create
from jalon.portfolios.models import Project
from jalon.raid.services import decision_create
from jalon.risks.services import issue_create, risk_create
from tests.factories import (
    AssignmentFactory,
    DependencyFactory,
    ObjectiveFactory,
    PortfolioFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    TimesheetEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Where to find an object of each kind a path names (its first segment, or the segment before
# the id): the model, and the lookup from it to its project.
OBJECTS: dict[str, tuple[str, str]] = {
    "projects": ("portfolios.Project", "pk"),
    "tasks": ("planning.Task", "project"),
    "dependencies": ("planning.Dependency", "successor__project"),
    "baselines": ("planning.Baseline", "project"),
    "assignments": ("resources.Assignment", "task__project"),
    "levelling-runs": ("resources.LevellingRun", "project"),
    "timesheets": ("timesheets.TimesheetEntry", "task__project"),
    "risks": ("risks.Risk", "project"),
    "risk-task-links": ("risks.RiskTaskLink", "risk__project"),
    "risk-actions": ("risks.RiskAction", "risk__project"),
    "issues": ("risks.Issue", "project"),
    "simulations": ("risks.SimulationRun", "project"),
    "budget-lines": ("finance.BudgetLine", "project"),
    "fixed-costs": ("finance.FixedCost", "task__project"),
    "cost-entries": ("finance.CostEntry", "project"),
    "gates": ("governance.Gate", "phase__project"),
    "exceptions": ("governance.ToleranceException", "project"),
    "changes": ("changes.ChangeRequest", "project"),
    "decisions": ("raid.Decision", "project"),
    "assumptions": ("raid.Assumption", "project"),
    "external-dependencies": ("raid.ExternalDependency", "project"),
    "documents": ("documents.Document", "project"),
    "lessons": ("lessons.Lesson", "project"),
    "status-reports": ("statusreports.StatusReport", "project"),
    "packs": ("reporting.PackRun", "project"),
}
# Kinds held by a portfolio or a programme: out of scope for roles granted on a project.
ABOVE: dict[str, tuple[str, str]] = {
    "portfolios": ("portfolios.Portfolio", "pk"),
    "programmes": ("portfolios.Programme", "portfolio"),
    "objectives": ("portfolios.StrategicObjective", "portfolio"),
    "proposals": ("intake.Proposal", "portfolio"),
    "scoring-models": ("intake.ScoringModel", "portfolio"),
    "criteria": ("intake.Criterion", "model__portfolio"),
    "levels": ("intake.Level", "criterion__model__portfolio"),
    "evaluations": ("intake.Evaluation", "model__portfolio"),
    "scenarios": ("intake.Scenario", "portfolio"),
    "optimisation-runs": ("intake.OptimisationRun", "scenario__portfolio"),
}
# The shared pool, and what is one's own: no scope.
UNSCOPED = {"skills": "resources.Skill", "resources": "resources.Resource",
            "calendars": "calendars.Calendar"}

# Writes a team member may make on his project (each one still checks which task, which time:
# those rules are tested by the apps).
TEAM_WRITES = {
    ("PATCH", "/api/v1/tasks/{pk}"),  # progress on his own tasks
    ("POST", "/api/v1/timesheets"), ("PATCH", "/api/v1/timesheets/{pk}"),
    ("DELETE", "/api/v1/timesheets/{pk}"), ("POST", "/api/v1/timesheets/submit"),
    ("PUT", "/api/v1/timesheets/week"),
    ("PATCH", "/api/v1/risk-actions/{pk}"),  # the status of an action he owns
    ("POST", "/api/v1/lessons"), ("POST", "/api/v1/lessons/{pk}/useful"),
}
# Writes every signed-in user may make: about himself only.
OWN_WRITES = {
    ("DELETE", "/api/v1/me/tokens/{token_id}"), ("POST", "/api/v1/me/notifications/read"),
    ("PUT", "/api/v1/me/notification-preferences"),
}
# Reads that are money: team members get 403 on their own project.
MONEY = re.compile(r"/(budget-lines|fixed-costs|cost-entries|evm|kpis?|kpi-[a-z-]+|"
                   r"rag-overrides|cost-imports)(/|$)")

# Writes any user with a role in a portfolio may make there, and the lists that go with them:
# anyone may propose a project (docs/intake.md, executives included).
PORTFOLIO_WIDE = {
    ("GET", "/api/v1/portfolios/{pk}/proposals"), ("POST", "/api/v1/portfolios/{pk}/proposals"),
}
# Writes that only read, allowed to whoever sees the scope: a report pack is generated with its
# requester's rights (docs/reporting.md).
READER_WRITES = {("POST", "/api/v1/{kind}/{pk}/packs")}
# Team members contribute to their project's library (docs/documents.md).
TEAM_WRITES |= {("POST", "/api/v1/projects/{pk}/documents"),
                ("POST", "/api/v1/documents/{pk}/versions")}
# Reads of the API's own reference, the same for every signed-in user: the KPIs' definitions,
# the task-list template.
REFERENCE = {("GET", "/api/v1/kpis"), ("GET", "/api/v1/task-imports/template")}
# For PMO administrators only, whatever their scope: the trash (docs/trash.md).
ADMIN_ONLY = re.compile(r"^/api/v1/trash")

ROLES = [Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER, Role.PROGRAMME_MANAGER, Role.PROJECT_MANAGER,
         Role.TEAM_MEMBER, Role.EXECUTIVE, "outsider", "anonymous"]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Granted on the whole organisation, as they are in practice: nothing is out of their scope.
EVERYWHERE = {Role.PMO_ADMIN, Role.EXECUTIVE}


@cache
def openapi() -> dict[str, Any]:
    """The API's OpenAPI document, generated once (it takes a while)."""
    return api.get_openapi_schema()


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, operation) of the API's OpenAPI schema."""
    for path, methods in openapi()["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _first(label: str, **lookup: Any) -> int | None:
    return apps.get_model(label).objects.filter(**lookup).order_by("pk").values_list(
        "pk", flat=True).first()


class World:
    """Two projects in two programmes of one portfolio, each with an object of the main kinds;
    a user per role on the project ``inside``, and how to fill a path's ids."""

    def __init__(self) -> None:
        portfolio = PortfolioFactory(code="MATRIX")
        self.inside, self.outside = (
            ProjectFactory(portfolio=portfolio, programme=ProgrammeFactory(portfolio=portfolio),
                           planned_start=datetime.date(2025, 3, 3)) for _ in range(2))
        admin = UserFactory(username="matrix-admin", is_superuser=True)
        resource = ResourceFactory(code="MATRIX1")
        for project in (self.inside, self.outside):
            first, second = (TaskFactory(project=project, wbs_code=str(n), position=n)
                             for n in (1, 2))
            DependencyFactory(predecessor=first, successor=second)
            AssignmentFactory(task=first, resource=resource)
            TimesheetEntryFactory(resource=resource, task=first)
            apps.get_model("finance", "BudgetLine").objects.create(
                project=project, category="labour", approved=1000)
            baseline_create(actor=admin, project=project, name="B1")
            risk_create(actor=admin, project=project, title="R")
            issue_create(actor=admin, project=project, title="I")
            decision_create(actor=admin, project=project, title="D")
            change_create(actor=admin, project=project, title="C")
        ObjectiveFactory(portfolio=portfolio)
        self.users: dict[str, Any] = {}
        for role in ROLES[:-2]:
            user = UserFactory(username=f"matrix-{role}")
            scope = None if role in EVERYWHERE else self.inside
            grant_role(actor=None, user=user, role=role, scope=scope)
            self.users[role] = user
        self.users["outsider"] = UserFactory(username="matrix-outsider")
        self.tokens = {role: token_create(username=user.username)[0].pk
                       for role, user in self.users.items()}

    def object_id(self, kind: str, scope: str) -> int | None:
        """An object of ``kind`` in (``"in"``) or out of (``"out"``) the roles' scope."""
        if kind in OBJECTS:
            label, path = OBJECTS[kind]
            project = self.inside if scope == "in" else self.outside
            return _first(label, **{path: project.pk})
        if kind in ABOVE:
            if scope == "in":
                return None  # nothing above a project is in a project role's scope
            label, path = ABOVE[kind]
            return _first(label, **{path: self.inside.portfolio_id})
        if kind in UNSCOPED:
            return _first(UNSCOPED[kind]) if scope == "in" else None
        raise AssertionError(f"{kind}: add to OBJECTS, ABOVE or UNSCOPED how to find one")


def fill(world: World, path: str, scope: str, role: str) -> str | None:
    """``path`` with its ids, naming objects in or out of scope (None: none to name)."""
    segments = path.split("/")
    for i, segment in enumerate(segments):
        name = segment.strip("{}")
        if segment == name:
            continue
        before = segments[i - 1]
        if name == "pk":
            value = world.object_id(before, scope)
        elif name == "token_id":
            if scope == "out" or role == "anonymous":
                return None
            value = world.tokens[role]
        elif name == "kind":
            value = "projects"
        elif name == "dimension":
            value = "schedule"
        elif name == "number":
            value = 1
        elif name in ("model_pk",):
            value = world.object_id("scoring-models", scope)
        elif name == "exception_pk":
            value = 1
        else:
            raise AssertionError(f"{path}: how to fill {{{name}}}?")
        if value is None:
            return None
        segments[i] = str(value)
    return "/".join(segments)


def _example(schema: dict[str, Any], components: dict[str, Any], world: World) -> Any:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _example(schema[key][0], components, world)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {name: _example(prop, components, world)
                for name, prop in schema.get("properties", {}).items()
                if name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return world.inside.pk
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2025-03-03"
    return "x"


def body(operation: dict[str, Any], world: World) -> tuple[str, str] | None:
    """A JSON body made from the operation's schema, or None for none (or a file upload)."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    components = openapi()["components"]["schemas"]
    return json.dumps(_example(content["application/json"]["schema"], components, world)), \
        "application/json"


def query(operation: dict[str, Any], world: World, scope: str) -> dict[str, Any]:
    """The required query parameters: the project (or portfolio) of the scope."""
    project = world.inside if scope == "in" else world.outside
    values: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            name = parameter["name"]
            values[name] = project.portfolio_id if name == "portfolio" else project.pk
    if any(p["name"] == "format" and "csv" in json.dumps(p["schema"])
           for p in operation.get("parameters", [])):
        values["format"] = "csv"  # whose header alone tells an export without rows
    return values


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        built = World()
        yield built
        Project.objects.filter(portfolio__code="MATRIX").delete()
        apps.get_model("portfolios", "Portfolio").objects.filter(code="MATRIX").delete()
        apps.get_model("resources", "Resource").objects.filter(code="MATRIX1").delete()
        apps.get_model("auth", "User").objects.filter(username__startswith="matrix-").delete()


def call(client: Client, method: str, url: str, operation: dict[str, Any], world: World,
         scope: str) -> HttpResponse:
    """The answer to one call, whatever it changed undone at once."""
    payload = body(operation, world) if method in WRITES else None
    with transaction.atomic():
        if payload is not None:
            response = client.generic(method, url, payload[0], content_type=payload[1],
                                      QUERY_STRING=urlencode(query(operation, world, scope)))
        elif method == "GET":
            response = client.get(url, query(operation, world, scope))
        else:
            response = client.generic(method, url)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_only_within_its_scope(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    wrong = []
    # nothing is out of scope for a role granted everywhere: its objects "in" are enough
    scopes = ("in",) if role in EVERYWHERE else ("in", "out")
    for method, path, operation in operations():
        for scope in scopes:
            url = fill(world, path, scope, role)
            if url is None or (scope == "out" and url == fill(world, path, "in", role)
                               and query(operation, world, "out") == query(operation, world,
                                                                          "in")):
                continue  # no object to name, or nothing naming the scope: called once, in it
            response = call(client, method, url, operation, world, scope)
            problem = judge(role, method, path, scope, response)
            if response.status_code not in operation["responses"]:
                problem = "a status the schema does not declare"
            if problem:
                wrong.append(f"{method} {url} ({scope} of scope): {response.status_code}, "
                             f"{problem}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def shows_nothing(response: HttpResponse) -> bool:
    """Whether an answer gives no data: refused, or an empty list (a download: its header)."""
    if response.status_code in (403, 404):
        return True
    if not 200 <= response.status_code < 300:
        return False
    if "json" not in response.get("Content-Type", ""):
        return b"\n" not in response.content.strip()  # a CSV of the header alone
    data = response.json()
    if isinstance(data, dict):  # a page of a list, or lists under names (a loading)
        return all(value == [] for value in data.values() if isinstance(value, list))
    return data == []


def judge(role: str, method: str, path: str, scope: str, response: HttpResponse) -> str | None:
    """What a user would notice is wrong with ``response``, or None."""
    status = response.status_code
    ok = 200 <= status < 300
    if status >= 500:
        return "a server error"
    if role == "anonymous":
        return None if status == 401 else "expected 401"
    if (method, path) in OWN_WRITES or path.startswith("/api/v1/me") or (
            (method, path) in REFERENCE):
        return None
    if ADMIN_ONLY.search(path) and role != Role.PMO_ADMIN:
        return "succeeded for someone else than the PMO" if ok else None
    reader = role in (Role.EXECUTIVE, "outsider") or (
        role == Role.TEAM_MEMBER and (method, path) not in TEAM_WRITES)
    if (method, path) in READER_WRITES or (method, path) in PORTFOLIO_WIDE:
        reader = False
    if role in EVERYWHERE:
        scope = "in"
    if scope == "out" and role != "outsider" and (method, path) in PORTFOLIO_WIDE:
        scope = "in"
    if scope == "out" or role == "outsider":
        if method in WRITES:
            return "succeeded out of scope" if ok and "{" in path else None
        return None if shows_nothing(response) else "data shown out of scope"
    if method in WRITES:
        return "a read-only role changed something" if ok and reader else None
    if role == Role.TEAM_MEMBER and MONEY.search(path):
        return None if shows_nothing(response) else "money shown to a team member"
    return None if ok else "expected the read to succeed"
