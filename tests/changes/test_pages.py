"""The Changes tab: the change log, a request's page with its edits, the impact side by side
with the plan, who decides and why, and the decision — in French and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.changes import services
from jalon.changes.models import ChangeRequest
from jalon.planning.models import Task

pytestmark = [pytest.mark.django_db]


@pytest.mark.english
def test_a_project_manager_drafts_a_change_and_sees_its_impact(pm_client, plan):
    project = plan[0].project
    log = pm_client.get(f"/projects/{project.pk}/changes/")
    assert log.status_code == 200 and "No change request yet." in log.content.decode()
    created = pm_client.post(f"/projects/{project.pk}/changes/new/",
                             {"title": "Longer build", "kind": "schedule"})
    change = ChangeRequest.objects.get()
    assert created["Location"] == f"/changes/{change.pk}/"

    added = pm_client.post(f"/changes/{change.pk}/edits/",
                           {"type": "duration", "task": plan[1].pk, "duration": "8"})
    assert added.status_code == 302
    pm_client.post(f"/changes/{change.pk}/impact/")
    page = pm_client.get(f"/changes/{change.pk}/").content.decode()
    assert "Duration of “2 Build”: 8 working days" in page
    assert "<td>07/03/2025</td><td>14/03/2025</td>" in page and "+5 working days" in page
    assert "The project manager decides." in page
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("3")


@pytest.mark.english
def test_a_bad_edit_is_shown_on_the_form(pm_client, change, plan):
    response = pm_client.post(f"/changes/{change.pk}/edits/", {"type": "duration",
                                                              "task": plan[1].pk})
    assert response.status_code == 400
    assert "Give a number." in response.content.decode()


@pytest.mark.english
def test_the_page_says_when_the_plan_changed_since(pm_client, change, manager, plan):
    from jalon.planning import services as planning

    services.change_impact_compute(actor=manager, change=change)
    planning.task_update(actor=manager, task=plan[0], duration=Decimal("4"))
    page = pm_client.get(f"/changes/{change.pk}/").content.decode()
    assert "The plan has changed since: recompute." in page


def test_the_page_is_in_french_and_hides_money_from_team_members(member_client, change,
                                                                 manager):
    services.change_submit(actor=manager, change=change)
    page = member_client.get(f"/changes/{change.pk}/").content.decode()
    assert "Impact sur le planning" in page and "14/03/2025" in page
    assert 'id="impact-cost"' not in page and "Approuver" not in page
    log = member_client.get(f"/projects/{change.project_id}/changes/").content.decode()
    assert "CR-1" in log and "Coût" not in log


@pytest.mark.english
def test_approving_from_the_page_applies_the_change(pm_client, change, manager, plan):
    services.change_submit(actor=manager, change=change)
    response = pm_client.post(f"/changes/{change.pk}/approve/", {"baseline": "on"})
    assert response.status_code == 302
    assert Task.objects.get(pk=plan[1].pk).duration == Decimal("8")
    assert change.project.baselines.get().name == "After CR-1"


def test_an_outsider_gets_404(outsider_client, change):
    assert outsider_client.get(f"/changes/{change.pk}/").status_code == 404
    assert outsider_client.get(f"/projects/{change.project_id}/changes/").status_code == 404


@pytest.mark.english
def test_htmx_gets_the_impact_or_the_refusal_in_place(pm_client, change, manager, plan):
    computed = pm_client.post(f"/changes/{change.pk}/impact/", HTTP_HX_REQUEST="true")
    assert computed.status_code == 200 and 'id="impact-finish"' in computed.content.decode()
    services.change_update(actor=manager, change=change, edits=[
        {"type": "add_link", "predecessor": plan[2].pk, "successor": plan[0].pk}])
    refused = pm_client.post(f"/changes/{change.pk}/impact/", HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert "1 Design" in refused.content.decode() and 'role="alert"' in refused.content.decode()
