"""One project whose plan cannot be scheduled never breaks another page: written straight into
the database (past every form's bounds), NUM-CRM shows as not schedulable with the reason, and
the roll-ups carry on without it, naming it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jalon.finance import selectors as finance
from jalon.planning.models import Task
from jalon.planning.selectors import linked_ids
from jalon.portfolios import services as portfolios
from jalon.portfolios.models import Project
from jalon.resources.levelling import levelling_apply, levelling_start
from jalon.resources.models import LevelledTask, LevellingRun, Resource
from jalon.risks.models import SimulationRun
from jalon.risks.simulation import simulation_start
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(demo):
    crm = Project.objects.get(code="NUM-CRM")
    Task.objects.filter(project=crm, wbs_code="4.3").update(duration=Decimal("100000"))
    portfolios.inputs_changed(projects=[crm])
    return crm


@pytest.fixture
def pmo(demo):
    return get_user_model().objects.get(username="pmo")


@pytest.fixture
def pmo_client(pmo):
    client = Client()
    client.force_login(pmo)
    return client


def test_every_page_and_api_still_answers(broken, pmo_client):
    erp = Project.objects.get(code="NUM-ERP")
    pf = broken.portfolio_id
    for url in ["/", "/kpis/", f"/portfolios/{pf}/kpis/", f"/portfolios/{pf}/",
                f"/portfolios/{pf}/gantt/", "/resources/loading/", "/resources/over-allocations/",
                f"/projects/{erp.pk}/finance/", f"/projects/{broken.pk}/finance/",
                f"/projects/{broken.pk}/", f"/projects/{broken.pk}/tasks/",
                f"/projects/{broken.pk}/simulation/", f"/portfolios/{pf}/levelling/",
                f"/api/v1/portfolios/{pf}/kpis", "/api/v1/kpis", "/api/v1/resources/loading",
                f"/api/v1/projects/{broken.pk}/evm", f"/api/v1/portfolios/{pf}/gantt"]:
        assert pmo_client.get(url).status_code == 200, url


def test_the_roll_ups_say_which_project_they_left_out(broken, pmo_client):
    # NUM-CRM's plan is linked to NUM-DATA's and NUM-ERP's: they are scheduled together, so
    # the three are refused together.
    group = sorted(Project.objects.filter(pk__in=linked_ids([broken])[broken.pk])
                   .values_list("code", flat=True))
    assert "NUM-CRM" in group
    board = finance.dashboard(user=get_user_model().objects.get(username="pmo"))
    assert [p.project.code for p in board.left_out] == group
    # the engine's reason, naming the task as users know it
    assert all(not p.available and "« 4.3 Formation des commerciaux »" in p.reason
               and "100000" in p.reason for p in board.left_out)
    counted = [p for p in board.projects if p.available]
    assert board.portfolios[0].evm.ac == pytest.approx(sum(p.evm.ac for p in counted))
    for url in ["/kpis/", "/resources/loading/"]:
        page = pmo_client.get(url).content.decode()
        assert f"{len(group)} projets non calculables exclus" in page and "NUM-CRM" in page, url
        assert "4.3 Formation des commerciaux" in page  # the reason names the task
    api = pmo_client.get(f"/api/v1/portfolios/{broken.portfolio_id}/kpis").json()
    assert [p["code"] for p in api["left_out"]] == group


def test_the_lists_of_projects_mark_it_not_schedulable_with_the_reason(broken, pmo_client):
    assert broken.programme_id  # NUM-CRM is in the digital programme
    for url in ["/", f"/programmes/{broken.programme_id}/"]:
        page = pmo_client.get(url).content.decode()
        row = page[page.index(f"/projects/{broken.pk}/"):]
        row = row[:row.index("</tr>")]
        assert 'class="badge unschedulable"' in row and "Non calculable" in row, url
        assert "4.3 Formation des commerciaux" in row, url  # the reason, as the badge's title
    # the projects scheduled with it are refused with it; every other one keeps its dates
    page = pmo_client.get("/").content.decode()
    assert page.count('class="badge unschedulable"') == len(linked_ids([broken])[broken.pk])


def _group_codes(broken) -> list[str]:
    """The codes of the projects scheduled with NUM-CRM (refused with it), by code."""
    return sorted(Project.objects.filter(pk__in=linked_ids([broken])[broken.pk])
                  .values_list("code", flat=True))


def test_the_portfolio_and_programme_gantt_say_which_projects_have_no_dates(broken, pmo_client):
    group = _group_codes(broken)
    for scope in [f"portfolios/{broken.portfolio_id}", f"programmes/{broken.programme_id}"]:
        page = pmo_client.get(f"/{scope}/gantt/").content.decode()
        notice = page[page.index('id="left-out"'):]
        notice = notice[:notice.index("</div>")]
        assert all(code in notice for code in group), scope
        assert "4.3 Formation des commerciaux" in notice, scope  # the reason names the task
        assert "le champ durée (duration)" in notice, scope  # and the field, in French
        chart = pmo_client.get(f"/api/v1/{scope}/gantt").json()
        assert [p["code"] for p in chart["left_out"]] == group, scope
        assert all("« 4.3 Formation des commerciaux »" in p["reason"]
                   for p in chart["left_out"] if p["code"] == "NUM-CRM"), scope
        # the others keep their bars
        assert any(row["start"] for row in chart["rows"]
                   if row["kind"] == "project" and row["wbs"] not in group), scope


def test_the_over_allocations_say_which_projects_load_nobody(broken, pmo_client):
    group = _group_codes(broken)
    resource = Resource.objects.filter(assignments__task__project=broken).first()
    for url in ["/resources/over-allocations/", f"/resources/{resource.pk}/loading/"]:
        page = pmo_client.get(url).content.decode()
        assert f"{len(group)} projets non calculables exclus" in page, url
        assert "4.3 Formation des commerciaux" in page, url
    loading = pmo_client.get("/api/v1/resources/loading").json()
    assert [p["code"] for p in loading["left_out"]] == group


@pytest.mark.usefixtures("worker")
def test_a_portfolio_levelling_levels_the_others_and_keeps_which_it_left_out(broken, pmo):
    group = _group_codes(broken)
    run = levelling_start(actor=pmo, scope=broken.portfolio, time_limit=2)
    assert run.state == LevellingRun.State.DONE, run.error
    levelled = {p["code"] for p in run.result["projects"]}
    assert levelled and not levelled & set(group)
    assert "NUM-CRM" not in {move["project"] for move in run.result["moves"]}
    # stored with the run: its page still says so once the plan is mended
    Task.objects.filter(project=broken, wbs_code="4.3").update(duration=Decimal("5"))
    portfolios.inputs_changed(projects=[broken])
    page = signed_in(pmo).get(f"/levelling/{run.pk}/").content.decode()
    notice = page[page.index('id="left-out"'):]
    notice = notice[:notice.index("</div>")]
    assert f"{len(group)} projets non calculables exclus" in notice
    assert "« 4.3 Formation des commerciaux »" in notice and "100000" in notice
    english = signed_in(pmo, language="en").get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert [p["code"] for p in english["left_out"]] == group
    crm = next(p for p in english["left_out"] if p["code"] == "NUM-CRM")
    assert "“4.3 Formation des commerciaux”" in crm["reason"] and "100000" in crm["reason"]


@pytest.mark.usefixtures("worker")
def test_applying_it_leaves_the_projects_it_did_not_level_as_they_were(broken, pmo):
    task = Task.objects.get(project=broken, wbs_code="4.4")
    earlier = levelling_start(actor=pmo, scope=broken.portfolio, time_limit=2)
    LevelledTask.objects.create(task=task, run=earlier, levelled_start=date(2026, 9, 1),
                                previous_constraint_type=task.constraint_type,
                                previous_constraint_date=task.constraint_date)
    Task.objects.filter(pk=task.pk).update(constraint_type=Task.Constraint.SNET,
                                           constraint_date=date(2026, 9, 1))
    run = levelling_start(actor=pmo, scope=broken.portfolio, time_limit=2)
    assert run.state == LevellingRun.State.DONE, run.error
    levelling_apply(actor=pmo, run=run)
    task.refresh_from_db()
    assert (task.constraint_type, task.constraint_date) == (Task.Constraint.SNET,
                                                            date(2026, 9, 1))
    assert LevelledTask.objects.filter(task=task).exists()


@pytest.mark.usefixtures("worker")
def test_a_run_of_the_unschedulable_project_alone_fails_with_the_reason(broken, pmo):
    levelling = levelling_start(actor=pmo, scope=broken, time_limit=2)
    assert levelling.state == LevellingRun.State.FAILED
    simulation = simulation_start(actor=pmo, project=broken, iterations=100)
    simulation.refresh_from_db()
    assert simulation.state == SimulationRun.State.FAILED
    for run in (levelling, simulation):
        assert "4.3 Formation des commerciaux" in run.error and "100000" in run.error
