"""A project saved as a template, and a new project created from it: the same WBS, links, phases,
gates with their criteria, documents, roles and risk titles; no people, progress or money."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.errors import PermissionDenied
from jalon.governance.models import Gate, ProjectTemplate
from jalon.governance.project_templates import template_save
from jalon.planning import services as planning
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Project
from jalon.risks import services as risks
from tests.factories import UserFactory
from tests.governance.conftest import create_from_pack
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def wbs(project):
    return [(t.wbs_code, t.name, t.parent.name if t.parent else None, float(t.duration),
             t.is_milestone) for t in Task.objects.filter(project=project).order_by("wbs_code")]


def links(project):
    return sorted((d.predecessor.name, d.successor.name, d.type, float(d.lag))
                  for d in Dependency.objects.filter(successor__project=project))


def gates(project):
    return [(g.name, g.phase.name, g.milestone.name if g.milestone else None,
             [(c.label, c.mandatory, c.rule) for c in g.criteria.order_by("position")])
            for g in Gate.objects.filter(phase__project=project).order_by("phase__position")]


@pytest.fixture
def source(pmo, programme, manager):
    project = create_from_pack(pmo, programme, "prince2", code="SRC")
    work = Task.objects.get(project=project, name="Project brief")
    planning.task_update(actor=pmo, task=work, duration=7, percent_complete=50)
    risks.risk_create(actor=pmo, project=project, title="Asbestos on site", category="technical",
                      owner=manager)
    return project


def test_a_project_saved_as_a_template_gives_a_new_project_the_same_plan_and_gates(source, pmo,
                                                                                 programme):
    client = signed_in(pmo, language="en")
    saved = post(client, f"/api/v1/projects/{source.pk}/save-as-template",
                 {"name": "Office fit-out"})
    assert saved.status_code == 201, saved.json()
    assert saved.json()["methodology"] == "prince2" and saved.json()["phases"] == 4
    listed = client.get(f"/api/v1/portfolios/{source.portfolio_id}/templates").json()
    assert [t["name"] for t in listed] == ["Office fit-out"]

    created = post(client, "/api/v1/projects", {"code": "NEW", "name": "New office",
                                                "programme": programme.pk,
                                                "template": saved.json()["id"]})
    assert created.status_code == 201, created.json()
    copy = Project.objects.get(code="NEW")
    assert copy.methodology == "prince2"
    assert wbs(copy) == wbs(source)
    assert ("1.1", "Project brief", "Starting up a project", 7.0, False) in wbs(copy)
    assert links(copy) == links(source) and links(copy)
    assert gates(copy) == gates(source)
    assert [p.status for p in copy.phases.order_by("position")][:2] == ["active", "pending"]
    # no progress, and the risk checklist without its people
    assert not Task.objects.filter(project=copy, percent_complete__gt=0).exists()
    risk = copy.risks.get(title="Asbestos on site")
    assert risk.category == "technical" and risk.owner == copy.project_manager


def test_only_the_pmo_and_portfolio_managers_save_templates(source):
    users = {}
    for role in (Role.PROGRAMME_MANAGER, Role.PROJECT_MANAGER, Role.TEAM_MEMBER):
        users[role] = UserFactory()
        grant_role(actor=None, user=users[role], role=role, scope=source)
        with pytest.raises(PermissionDenied):
            template_save(actor=users[role], project=source, name="Mine")
    assert post(signed_in(users[Role.TEAM_MEMBER]),
                f"/api/v1/projects/{source.pk}/save-as-template",
                {"name": "Mine"}).status_code == 403
    assert not ProjectTemplate.objects.exists()


def test_a_template_name_is_unique_and_an_unknown_template_is_refused(source, pmo, programme):
    template_save(actor=pmo, project=source, name="Fit-out")
    client = signed_in(pmo, language="en")
    twice = post(client, f"/api/v1/projects/{source.pk}/save-as-template", {"name": "Fit-out"})
    assert twice.status_code == 400 and "already has a template" in twice.json()["message"]
    unknown = post(client, "/api/v1/projects", {"code": "X", "name": "X",
                                                "programme": programme.pk, "template": 999})
    assert unknown.status_code == 400 and "templates" in unknown.json()["message"]
    assert not Project.objects.filter(code="X").exists()


def test_the_new_project_page_offers_the_templates(source, pmo, programme):
    template = template_save(actor=pmo, project=source, name="Fit-out")
    client = signed_in(pmo, language="en")
    url = f"/programmes/{programme.pk}/projects/new/"
    page = client.get(url)
    assert page.status_code == 200 and "Fit-out" in page.content.decode()
    response = client.post(url, {"code": "PAGE", "name": "From the page", "status": "proposed",
                                 "priority": "500", "currency": "EUR",
                                 "template": str(template.pk)})
    assert response.status_code == 302
    assert wbs(Project.objects.get(code="PAGE")) == wbs(source)
    assert ProjectTemplate.objects.count() == 1
