"""The pages: a deleted project is gone from every page, named on the confirmation, listed in
the trash for PMO administrators, and back with everything after a restore."""

from __future__ import annotations

import pytest

from jalon.notifications.selectors import todo_list, unread_count
from jalon.notifications.services import notify
from jalon.planning import scheduling
from jalon.portfolios import services
from jalon.portfolios.models import Project
from tests.factories import DependencyFactory, ProjectFactory, TaskFactory


def test_the_confirmation_names_what_goes_with_the_project(pmo_client, stocked):
    page = pmo_client.get(f"/projects/{stocked.pk}/delete/").content.decode()
    assert "3 tâches, 1 risque, 1 document, 1 ligne budgétaire, 2 saisies de temps" in page
    assert "restaurer depuis la corbeille pendant 30 jours" in page


def test_the_project_manager_sees_no_confirmation_of_a_deletion_she_may_not_make(pm_client, stocked):
    response = pm_client.get(f"/projects/{stocked.pk}/delete/")
    assert response.status_code == 403
    assert "3 tâches" not in response.content.decode()


@pytest.mark.english
def test_the_confirmation_names_the_programmes_and_projects_of_a_portfolio(pmo_client, stocked):
    page = pmo_client.get(f"/portfolios/{stocked.portfolio_id}/delete/").content.decode()
    assert f"1 programme: {stocked.programme}" in page.replace("&#x27;", "'")
    assert f"1 project: {stocked}" in page
    assert "3 tasks, 1 risk, 1 document, 1 budget line, 2 timesheet entries" in page


def test_a_deleted_project_is_gone_from_the_pages(pmo_client, pm_client, stocked):
    assert stocked.name in pmo_client.get("/").content.decode()
    pmo_client.post(f"/projects/{stocked.pk}/delete/")
    assert stocked.name not in pmo_client.get("/").content.decode()
    assert stocked.code not in pmo_client.get(f"/programmes/{stocked.programme_id}/").content.decode()
    assert pmo_client.get(f"/projects/{stocked.pk}/").status_code == 404
    assert pm_client.get(f"/projects/{stocked.pk}/tasks/").status_code == 404


def test_the_trash_lists_restores_and_deletes_for_good(pmo, pmo_client, stocked):
    pmo_client.post(f"/portfolios/{stocked.portfolio_id}/delete/")
    assert 'href="/trash/"' in pmo_client.get("/").content.decode()
    page = pmo_client.get("/trash/").content.decode()
    assert str(stocked.portfolio) in page and str(stocked) in page
    assert "29" in page and "3 tâches" in page  # days left, contents
    response = pmo_client.post(f"/trash/portfolio/{stocked.portfolio_id}/restore/")
    assert response.status_code == 302 and response["Location"] == "/trash/"
    assert pmo_client.get(f"/projects/{stocked.pk}/").status_code == 200
    assert stocked.tasks.count() == 3

    pmo_client.post(f"/projects/{stocked.pk}/delete/")
    confirmation = pmo_client.get(f"/trash/project/{stocked.pk}/delete/").content.decode()
    assert "3 tâches" in confirmation
    assert pmo_client.post(f"/trash/project/{stocked.pk}/delete/").status_code == 302
    assert not Project.all_objects.filter(pk=stocked.pk).exists()


@pytest.mark.english
def test_a_refused_restore_says_what_to_restore_first(pmo, pmo_client, stocked):
    services.project_delete(actor=pmo, project=stocked)
    services.programme_delete(actor=pmo, programme=stocked.programme)
    response = pmo_client.post(f"/trash/project/{stocked.pk}/restore/")
    assert response.status_code == 400
    assert "restore the programme first" in response.content.decode()


def test_the_trash_is_for_pmo_administrators(pm_client, pmo, stocked):
    services.project_delete(actor=pmo, project=stocked)
    assert 'href="/trash/"' not in pm_client.get("/").content.decode()
    assert pm_client.get("/trash/").status_code == 403
    assert pm_client.post(f"/trash/project/{stocked.pk}/restore/").status_code == 403
    assert pm_client.post(f"/trash/project/{stocked.pk}/delete/").status_code == 403
    assert Project.all_objects.filter(pk=stocked.pk).exists()


def test_the_to_do_of_a_deleted_project_goes_and_comes_back(pmo, manager, stocked):
    notify(recipients=[manager], kind="gate", message="Decide", project=stocked, action=True)
    assert todo_list(user=manager).count() == unread_count(user=manager) == 1
    services.project_delete(actor=pmo, project=stocked)
    assert todo_list(user=manager).count() == 0
    assert unread_count(user=manager) == 0  # the bell's count
    services.trash_restore(actor=pmo, kind="project", pk=stocked.pk)
    assert todo_list(user=manager).count() == 1


def test_a_linked_project_schedules_without_a_deleted_one(pmo, stocked, plan):
    other = ProjectFactory(portfolio=stocked.portfolio, code="NEXT",
                           planned_start=stocked.planned_start)
    after = TaskFactory(project=other, name="After", duration=2)
    DependencyFactory(predecessor=plan[2], successor=after)
    linked_start = scheduling.project_schedule(other).tasks[after.pk].start
    services.project_delete(actor=pmo, project=stocked)
    alone = scheduling.project_schedule(other).tasks[after.pk]
    assert alone.start == other.planned_start < linked_start
