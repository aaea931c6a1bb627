"""The governance pages: the project's governance tab, the gate review refusing a go while a
mandatory criterion is unmet (naming it), who sees the decision form, the gate calendar, the
"new project" form's methodology choice, and the PMO's adapted packs."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.governance.models import Criterion, Gate, MethodPack, ProjectDocument, ProjectRole
from jalon.governance.services import project_adopt
from jalon.portfolios.models import Project
from tests.factories import UserFactory
from tests.governance.conftest import create_from_pack
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def table_rows(response, table_id: str) -> list[dict[str, str]]:
    """The rows of a table of the page, by column heading."""
    table = html.fromstring(response.content.decode()).get_element_by_id(table_id)
    headings = [th.text_content().strip() for th in table.findall("thead/tr/th")]
    return [dict(zip(headings, (td.text_content().strip() for td in row.findall("td")), strict=True))
            for row in table.findall("tbody/tr")]


def test_the_new_project_form_offers_the_methodologies(board, programme):
    client = signed_in(board, language="en")
    page = client.get(f"/programmes/{programme.pk}/projects/new/").content.decode()
    assert '<option value="prince2">PRINCE2</option>' in page
    response = client.post(f"/programmes/{programme.pk}/projects/new/", {
        "code": "AG", "name": "Agile", "status": "proposed", "priority": 500,
        "currency": "EUR", "methodology": "agilepm"})
    assert response.status_code == 302
    project = Project.objects.get(code="AG")
    assert list(project.phases.values_list("key", flat=True)) == [
        "pre_project", "feasibility", "foundations", "evolutionary_development", "deployment",
        "post_project"]
    tab = client.get(f"/projects/{project.pk}/governance/").content.decode()
    assert "Evolutionary development (timeboxes)" in tab and "Start feasibility" in tab


def test_go_on_the_page_is_refused_naming_the_unmet_criterion(board, programme):
    project = create_from_pack(board, programme)
    ProjectRole.objects.filter(project=project).update(holder=board)
    gate = Gate.objects.get(phase__project=project, phase__position=0)
    response = signed_in(board, language="en").post(f"/gates/{gate.pk}/decide/",
                                                    {"decision": "go", "comment": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "mandatory criteria are not met: Project brief and outline business case approved" \
        in page
    assert "Project board appointed." not in page  # that one is met
    gate.refresh_from_db()
    assert gate.status == "pending"


def test_a_manual_criterion_is_ticked_with_a_comment_and_the_gate_passes(board, programme):
    project = create_from_pack(board, programme)
    ProjectRole.objects.filter(project=project).update(holder=board)
    ProjectDocument.objects.filter(phase__project=project).update(status="approved")
    manual = Criterion.objects.get(gate__phase__project=project, key="lessons_reviewed")
    client = signed_in(board, language="en")
    client.post(f"/gate-criteria/{manual.pk}/tick/", {"met": "on", "comment": "Read LL-12"})
    manual.refresh_from_db()
    assert manual.ticked and manual.comment == "Read LL-12" and manual.ticked_by == board
    response = client.post(f"/gates/{manual.gate_id}/decide/", {
        "decision": "go_with_conditions", "comment": "Go", "condition": "Name a quality lead",
        "owner": board.pk, "due_date": "2027-02-01"})
    assert response.status_code == 302
    page = client.get(f"/gates/{manual.gate_id}/").content.decode()
    assert "Go with conditions" in page and "Name a quality lead" in page
    assert "Read LL-12" in page


def test_team_members_see_the_review_without_the_decision_form(member, project, pmo):
    project_adopt(actor=pmo, project=project, key="hybrid")
    gate = Gate.objects.get(phase__project=project, phase__position=0)
    client = signed_in(member, language="en")
    response = client.get(f"/gates/{gate.pk}/")
    assert response.status_code == 200
    assert "decision-form" not in response.content.decode()
    assert "Performance now" not in response.content.decode()  # no money for team members
    assert client.post(f"/gates/{gate.pk}/decide/", {"decision": "stop",
                                                      "comment": "x"}).status_code == 403


def test_the_gate_calendar_lists_the_awaited_gates_by_date(board, pmo, programme, portfolio):
    create_from_pack(board, programme, key="hybrid", code="H1", start=date(2027, 3, 1))
    create_from_pack(board, programme, key="pmbok", code="PM1", start=date(2027, 1, 4))
    page = signed_in(pmo, language="en").get(f"/portfolios/{portfolio.pk}/gates/")
    assert page.status_code == 200
    rows = [(row["Date"], row["Gate"]) for row in table_rows(page, "gate-calendar")]
    assert len(rows) == 3 + 5  # the hybrid and PMBOK gates
    assert rows[:3] == [("15/01/2027", "Charter approved"), ("12/02/2027", "Plan approved"),
                        ("12/03/2027", "Framing approved")]


def test_the_pmo_adapts_a_pack_for_a_portfolio(pmo, portfolio, board, programme):
    client = signed_in(pmo, language="en")
    response = client.post(f"/portfolios/{portfolio.pk}/methodologies/hybrid/adapt/")
    copy = MethodPack.objects.get(portfolio=portfolio, key="hybrid")
    assert response.status_code == 302 and response["Location"] == f"/method-packs/{copy.pk}/edit/"
    text = client.get(f"/method-packs/{copy.pk}/edit/").context["form"].initial["text"]
    edited = text.replace("Framing approved", "Kick-off approved")
    assert client.post(f"/method-packs/{copy.pk}/edit/", {"text": edited}).status_code == 302
    project = create_from_pack(board, programme, key="hybrid", code="H2")
    assert Gate.objects.filter(phase__project=project)[0].name_en == "Kick-off approved"

    broken = text.replace("check: budget_approved", "check: budget_blessed")
    response = client.post(f"/method-packs/{copy.pk}/edit/", {"text": broken})
    assert response.status_code == 400
    assert ("phases[0].gate.criteria[1].check: unknown check “budget_blessed”"
            in response.content.decode())
    portfolio_manager = UserFactory()
    grant_role(actor=None, user=portfolio_manager, role=Role.PORTFOLIO_MANAGER, scope=portfolio)
    assert signed_in(portfolio_manager, language="en").get(
        f"/method-packs/{copy.pk}/edit/").status_code == 403  # PMO administrators only


def test_an_automatic_criterion_cannot_be_ticked(board, programme):
    project = create_from_pack(board, programme)
    automatic = Criterion.objects.filter(gate__phase__project=project).exclude(rule="").first()
    response = signed_in(board, language="en").post(f"/gate-criteria/{automatic.pk}/tick/",
                                                    {"met": "on"})
    assert response.status_code == 400
    assert "data; it cannot be ticked" in response.content.decode()
