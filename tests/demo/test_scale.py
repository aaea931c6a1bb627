"""The generated portfolio of ``jalon load-demo --scale N``, at a small N: what it holds, that it
is consistent and reproducible, that its results are stored, and that it can be browsed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from jalon.accounts.services import token_create
from jalon.demo.catalogue import STATUS_DATE
from jalon.demo.scale import PORTFOLIO_CODE, RESOURCE_PREFIX, load_scale, remove_scale
from jalon.planning.models import Baseline, Dependency, Task
from jalon.portfolios.models import InputsVersion, Portfolio, Project, ProjectResult
from jalon.resources.models import Assignment, Resource
from jalon.risks.models import Risk
from jalon.timesheets.models import TimesheetEntry
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PROJECTS = 5


@pytest.fixture(scope="module")
def scale(demo, django_db_blocker):
    """The summary of a generated portfolio of five projects, beside the demo."""
    with django_db_blocker.unblock():
        summary = load_scale(projects=PROJECTS)
        yield summary
        remove_scale()


def generated() -> list[Project]:
    return list(Project.objects.filter(portfolio__code=PORTFOLIO_CODE).order_by("code"))


def test_each_project_has_a_wbs_of_about_a_hundred_tasks_under_eight_phases(scale):
    projects = generated()
    assert len(projects) == PROJECTS
    assert f"{PROJECTS} projects" in scale
    for project in projects:
        tasks = Task.objects.filter(project=project)
        assert tasks.count() == 97
        summaries = tasks.annotate(n=Count("children")).filter(n__gt=0)
        assert sorted(s.wbs_code for s in summaries) == [str(n) for n in range(1, 9)]
        assert tasks.get(wbs_code="3.11").is_milestone


def test_links_of_every_type_within_projects_and_one_across(scale):
    links = Dependency.objects.filter(successor__project__portfolio__code=PORTFOLIO_CODE)
    assert set(links.values_list("type", flat=True)) == {"FS", "SS", "FF"}
    crossing = [link for link in links.select_related("predecessor", "successor")
                if link.predecessor.project_id != link.successor.project_id]
    assert [(link.predecessor.project.code, link.successor.project.code)
            for link in crossing] == [("SC-0001", "SC-0002")]


def test_a_pool_of_half_as_many_people_with_skills_works_on_every_work_task(scale):
    pool = Resource.objects.filter(code__startswith=RESOURCE_PREFIX)
    assert pool.count() == PROJECTS // 2
    assert not pool.filter(skills=None).exists()
    work = Task.objects.filter(project__portfolio__code=PORTFOLIO_CODE, is_milestone=False,
                               parent__isnull=False)
    assert not work.filter(assignments=None).exists()
    assert Assignment.objects.filter(task__in=work, work__lte=0).count() == 0


def test_started_projects_have_a_baseline_progress_time_costs_and_risks(scale):
    started = [p for p in generated() if p.planned_start <= STATUS_DATE]
    assert started and all(p.status_date == STATUS_DATE for p in started)
    for project in started:
        assert Baseline.objects.filter(project=project).count() == 1
        assert Task.objects.filter(project=project, percent_complete=100).exists()
        assert project.cost_entries.exists() or TimesheetEntry.objects.filter(
            task__project=project).exists()
    entries = TimesheetEntry.objects.filter(resource__code__startswith=RESOURCE_PREFIX)
    assert entries.filter(status="approved").exists()
    assert not entries.filter(date__gt=STATUS_DATE).exists()
    assert Risk.objects.filter(project__portfolio__code=PORTFOLIO_CODE).count() == 4 * PROJECTS


def test_every_project_has_its_inputs_version_and_stored_results_that_match_it(scale):
    projects = generated()
    assert InputsVersion.objects.filter(project__in=projects, version__gte=1).count() == PROJECTS
    for kind in ("schedule", "performance", "loading"):
        assert ProjectResult.objects.filter(project__in=projects, kind=kind).count() == PROJECTS
    before = dict(ProjectResult.objects.filter(project__in=projects).values_list("pk",
                                                                                "computed_at"))
    client = signed_in(get_user_model().objects.get(username="pmo"))
    assert client.get("/kpis/").status_code == 200
    after = dict(ProjectResult.objects.filter(project__in=projects).values_list("pk",
                                                                               "computed_at"))
    assert after == before  # read as stored, not computed again


def test_the_same_seed_generates_the_same_portfolio(scale):
    def fingerprint() -> list[tuple]:
        return list(Task.objects.filter(project__portfolio__code=PORTFOLIO_CODE)
                    .order_by("project__code", "wbs_code")
                    .values_list("project__code", "wbs_code", "name", "duration",
                                 "percent_complete", "actual_start"))

    first = fingerprint()
    load_scale(projects=PROJECTS)
    assert fingerprint() == first


def test_the_generated_portfolio_can_be_browsed(scale):
    pmo = get_user_model().objects.get(username="pmo")
    client = signed_in(pmo)
    portfolio = Portfolio.objects.get(code=PORTFOLIO_CODE)
    project = generated()[0]
    for url in ("/", f"/portfolios/{portfolio.pk}/", f"/projects/{project.pk}/tasks/",
                f"/projects/{project.pk}/gantt/", "/kpis/", f"/portfolios/{portfolio.pk}/kpis/",
                "/resources/loading/", f"/projects/{project.pk}/finance/"):
        assert client.get(url).status_code == 200, url
    assert project.name in client.get(f"/projects/{project.pk}/tasks/").content.decode()

    _token, secret = token_create(username="pmo")
    api = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    projects = client.get(f"/api/v1/projects?portfolio={portfolio.pk}", **api).json()
    assert projects["count"] == PROJECTS
    tasks = client.get(f"/api/v1/tasks?project={project.pk}", **api).json()
    assert tasks["count"] == 97
    kpis = client.get(f"/api/v1/portfolios/{portfolio.pk}/kpis", **api)
    assert kpis.status_code == 200
