"""Governance in a real headless Chromium, as issue 16's "done when" reads: a PMO creates a
project from the PRINCE2 pack and finds its stages and gates; "go" at a gate whose mandatory
criteria are unmet is refused, naming them."""

from __future__ import annotations

import pytest

from jalon.governance.models import Gate
from jalon.portfolios.models import Project
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_prince2_project_has_its_stages_and_refuses_go_naming_the_unmet_criteria(
        page, portfolio, pmo):
    login(page, "pmo-test", "pass-word-123")
    page.goto(f"/portfolios/{portfolio.pk}/projects/new/")
    page.fill("input[name=code]", "P2-TEST")
    page.fill("input[name=name]", "Nouveau siège")
    page.select_option("select[name=methodology]", "prince2")
    page.fill("input[name=planned_start]", "2027-01-04")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    project = Project.objects.get(code="P2-TEST")

    page.goto(f"/projects/{project.pk}/governance/")
    body = page.locator("main").inner_text()
    for stage in ("Élaborer le projet", "Initialiser le projet", "Séquences de livraison",
                  "Clore le projet"):
        assert stage in body
    assert "Autoriser l’initialisation" in body

    gate = Gate.objects.get(phase__project=project, phase__position=0)
    page.goto(f"/gates/{gate.pk}/")
    page.select_option("#decision-form select[name=decision]", "go")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    alert = page.locator("main [role=alert], main .errorlist").first.inner_text()
    assert "Exposé du projet et cas d’affaire préliminaire approuvés" in alert
    assert "Comité de pilotage nommé" in alert
    gate.refresh_from_db()
    assert gate.status == Gate.Status.PENDING
