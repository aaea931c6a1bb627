"""The risk pages: register, risk detail, matrices, escalated risks, issue log, permissions."""

from __future__ import annotations

import pytest

from jalon.risks import services
from jalon.risks.models import Issue, Risk, RiskAction
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


def client(user):
    return signed_in(user, language="en")


def test_the_project_tabs_and_portfolio_page_link_to_the_risks(manager, pmo, project):
    page = client(manager).get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/risks/"' in page
    page = client(pmo).get(f"/portfolios/{project.portfolio_id}/").content.decode()
    assert f'href="/portfolios/{project.portfolio_id}/risks/"' in page


def test_a_manager_creates_a_risk_and_sees_it_scored_in_the_register(manager, project):
    c = client(manager)
    response = c.post(f"/projects/{project.pk}/risks/new/", {
        "title": "Supplier late", "kind": "threat", "category": "external", "status": "open",
        "probability": "4", "impact_cost": "2", "impact_schedule": "5", "impact_scope": "1",
        "impact_quality": "1", "delay_days": "3", "delay_percent": "0", "cost_impact": "1000",
        "strategy": "mitigate"})
    risk = Risk.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/risks/{risk.pk}/"
    assert risk.score == 20
    page = c.get(f"/projects/{project.pk}/risks/").content.decode()
    assert "Supplier late" in page and 'class="level level-high"' in page


def test_a_bad_strategy_is_shown_next_to_the_field(manager, project):
    response = client(manager).post(f"/projects/{project.pk}/risks/new/", {
        "title": "Windfall", "kind": "opportunity", "category": "other", "status": "open",
        "probability": "2", "impact_cost": "2", "impact_schedule": "1", "impact_scope": "1",
        "impact_quality": "1", "delay_days": "0", "delay_percent": "0", "cost_impact": "0",
        "strategy": "avoid"})
    assert response.status_code == 400
    assert "is not a response to a opportunity" in response.content.decode() or \
        "is not a response to" in response.content.decode()
    assert not Risk.objects.exists()


def test_the_register_filters(make_risk, manager, project):
    make_risk(title="Tech debt", category="technical", probability=5, impact_cost=5)
    make_risk(title="Lawsuit", category="legal")
    c = client(manager)
    page = c.get(f"/projects/{project.pk}/risks/?category=legal").content.decode()
    assert "Lawsuit" in page and "Tech debt" not in page
    page = c.get(f"/projects/{project.pk}/risks/?level=high").content.decode()
    assert "Tech debt" in page and "Lawsuit" not in page


def test_editing_writes_history_shown_on_the_detail(make_risk, manager):
    risk = make_risk(probability=2)
    c = client(manager)
    data = {"title": risk.title, "kind": "threat", "category": "other", "status": "open",
            "probability": "3", "impact_cost": "1", "impact_schedule": "1", "impact_scope": "1",
            "impact_quality": "1", "delay_days": "0", "delay_percent": "0", "cost_impact": "0"}
    assert c.post(f"/risks/{risk.pk}/edit/", data).status_code == 302
    page = c.get(f"/risks/{risk.pk}/").content.decode()
    assert "<code>probability</code>: 2 → 3" in page and "pm-test" in page


def test_actions_and_task_links_from_the_detail_page(make_risk, manager, planned):
    risk = make_risk()
    c = client(manager)
    c.post(f"/risks/{risk.pk}/actions/new/", {"description": "Second supplier",
                                              "status": "planned"})
    c.post(f"/risks/{risk.pk}/tasks/new/", {"task": planned["a"].pk})
    assert risk.actions.get().description == "Second supplier"
    assert risk.task_links.get().task == planned["a"]
    page = c.get(f"/risks/{risk.pk}/").content.decode()
    assert "Second supplier" in page and "Design" in page


def test_a_member_updates_the_status_of_an_action_assigned_to_them(make_risk, manager, member):
    risk = make_risk()
    action = services.action_create(actor=manager, risk=risk, description="Call", owner=member)
    c = client(member)
    assert "Update" in c.get(f"/risks/{risk.pk}/").content.decode()
    assert c.post(f"/risk-actions/{action.pk}/edit/", {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == RiskAction.Status.DONE
    assert c.get(f"/risks/{risk.pk}/edit/").status_code == 403


def test_permissions_executive_reads_member_cannot_write_outsider_gets_404(
        make_risk, executive, member, outsider, project):
    risk = make_risk()
    assert client(executive).get(f"/risks/{risk.pk}/").status_code == 200
    assert client(executive).get(f"/projects/{project.pk}/risks/new/").status_code == 403
    assert client(member).post(f"/risks/{risk.pk}/delete/").status_code == 403
    for url in (f"/risks/{risk.pk}/", f"/projects/{project.pk}/risks/",
                f"/projects/{project.pk}/risks/matrix/", f"/projects/{project.pk}/issues/",
                f"/projects/{project.pk}/simulation/",
                f"/portfolios/{project.portfolio_id}/risks/"):
        assert client(outsider).get(url).status_code == 404, url
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_the_project_heat_map_counts_and_lists_a_cell(make_risk, executive, project):
    make_risk(title="A", probability=4, impact_cost=3)
    make_risk(title="B", probability=4, impact_schedule=3)
    make_risk(title="C", probability=1)
    c = client(executive)
    page = c.get(f"/projects/{project.pk}/risks/matrix/").content.decode()
    assert '?probability=4&amp;impact=3#cell"' in page
    assert "Probability 4, impact 3: 2 risks" in page
    assert 'aria-label="Probability 1, impact 1: 1 risk"' in page
    page = c.get(f"/projects/{project.pk}/risks/matrix/?probability=4&impact=3").content.decode()
    cell = page[page.index('id="cell"'):]
    assert "A</a>" in cell and "B</a>" in cell and "C</a>" not in cell


def test_escalated_risks_show_on_the_portfolio_and_programme(make_risk, manager, executive,
                                                            project):
    risk = make_risk(title="Regulator changes the rules")
    make_risk(title="Local matter")
    services.risk_update(actor=manager, risk=risk, escalated=True)
    for url in (f"/portfolios/{project.portfolio_id}/risks/",
                f"/programmes/{project.programme_id}/risks/"):
        page = client(executive).get(url).content.decode()
        escalated = page[page.index('id="escalated"'):]
        assert "Regulator changes the rules" in escalated and "Local matter" not in escalated


def test_the_portfolio_matrix_configuration(pmo, manager, project, make_risk):
    c = client(pmo)
    url = f"/portfolios/{project.portfolio_id}/risks/matrix/"
    response = c.post(url, {"size": "3", "probability_labels": "Rare\nPossible\nLikely",
                            "impact_labels": "", "medium_from": "3", "high_from": "6"})
    assert response.status_code == 302
    page = client(manager).get(f"/projects/{project.pk}/risks/matrix/").content.decode()
    assert "Likely" in page and page.count("data-probability=") == 9
    assert client(manager).get(url).status_code == 404  # the manager does not see the portfolio


def test_the_issue_log(manager, executive, project):
    c = client(manager)
    response = c.post(f"/projects/{project.pk}/issues/new/", {
        "title": "Server down", "severity": "high", "status": "open"})
    assert response.status_code == 302
    issue = Issue.objects.get()
    response = c.post(f"/issues/{issue.pk}/edit/", {
        "title": "Server down", "severity": "high", "status": "resolved"})
    assert response.status_code == 400 and "Say how the issue was resolved" in \
        response.content.decode()
    page = client(executive).get(f"/projects/{project.pk}/issues/?severity=high").content.decode()
    assert "Server down" in page
    assert client(executive).post(f"/issues/{issue.pk}/delete/").status_code == 403


def test_a_linked_task_gets_its_own_delay_from_the_detail_page(make_risk, manager, planned):
    risk = make_risk(delay_days=2)
    c = client(manager)
    c.post(f"/risks/{risk.pk}/tasks/new/", {"task": planned["a"].pk, "delay_days": "",
                                            "delay_percent": "25"})
    link = risk.task_links.get()
    assert (link.delay_days, link.delay_percent) == (None, 25)
    assert (link.effective_delay_days, link.effective_delay_percent) == (2, 25)
    page = c.get(f"/risks/{risk.pk}/").content.decode()
    assert f'action="/risk-links/{link.pk}/edit/"' in page and "(this task: 2 working" in page
    response = c.post(f"/risk-links/{link.pk}/edit/", {"delay_days": "7", "delay_percent": ""})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.delay_days, link.delay_percent) == (7, None)
    response = c.post(f"/risk-links/{link.pk}/edit/", {"delay_days": "-3", "delay_percent": ""})
    assert response.status_code == 400
