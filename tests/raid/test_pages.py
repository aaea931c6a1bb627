"""The RAID tab: the summary's counts, each register's list, filters, export and forms, in
French and English."""

from __future__ import annotations

import pytest

from jalon.raid import services
from jalon.raid.models import Assumption
from jalon.risks.services import risk_create
from tests.pages import signed_in


@pytest.mark.django_db
def test_the_summary_counts_every_register_and_links_to_risks(manager, project):
    risk_create(actor=manager, project=project, title="Retard")
    services.assumption_create(actor=manager, project=project, description="Sol porteur",
                               validate_by="2020-01-01")
    page = signed_in(manager, language="en").get(f"/projects/{project.pk}/raid/")
    html = page.content.decode()
    assert page.status_code == 200 and 'aria-current="page">RAID' in html
    assert f'/projects/{project.pk}/risks/' in html and "External dependencies" in html
    assert '<span class="badge overdue">1</span>' in html
    french = signed_in(manager).get(f"/projects/{project.pk}/raid/").content.decode()
    assert "Dépendances externes" in french and "Hypothèses" in french


@pytest.mark.django_db
def test_create_filter_export_and_edit_an_assumption(manager, project):
    c = signed_in(manager, language="en")
    url = f"/projects/{project.pk}/raid/assumptions/"
    response = c.post(url + "new/", {"description": "Les riverains acceptent le chantier",
                                     "status": "open", "validate_by": "2020-01-01"})
    assert response.status_code == 302
    assumption = Assumption.objects.get()
    html = c.get(url + "?overdue=true").content.decode()
    assert "A-001" in html and "overdue" in html
    assert "A-001" not in c.get(url + "?status=validated").content.decode()
    export = c.get(url + "export/?format=csv")
    assert export.status_code == 200 and "riverains" in export.content.decode("utf-8-sig")
    edit = c.post(f"/raid/assumptions/{assumption.pk}/edit/",
                  {"description": assumption.description, "status": "validated"})
    assert edit.status_code == 302
    assumption.refresh_from_db()
    assert assumption.status == "validated"


@pytest.mark.django_db
def test_a_refused_dependency_shows_its_message_not_an_error(manager, project):
    c = signed_in(manager, language="en")
    response = c.post(f"/projects/{project.pk}/raid/dependencies/new/",
                      {"description": "Livraison", "direction": "inbound", "status": "open"})
    assert response.status_code == 400
    assert "Name the party or choose the other project." in response.content.decode()


@pytest.mark.django_db
def test_readers_cannot_open_the_forms_and_outsiders_get_404(manager, member, executive,
                                                             outsider, project):
    decision = services.decision_create(actor=manager, project=project, title="Charpente")
    for user in (member, executive):
        c = signed_in(user)
        listed = c.get(f"/projects/{project.pk}/raid/decisions/")
        assert listed.status_code == 200 and "D-001" in listed.content.decode()
        assert f"/raid/decisions/{decision.pk}/edit/" not in listed.content.decode()
        assert c.get(f"/projects/{project.pk}/raid/decisions/new/").status_code == 403
        assert c.get(f"/raid/decisions/{decision.pk}/edit/").status_code == 403
    c = signed_in(outsider)
    assert c.get(f"/projects/{project.pk}/raid/").status_code == 404
    assert c.get(f"/raid/decisions/{decision.pk}/edit/").status_code == 404
    assert signed_in(manager).get(f"/projects/{project.pk}/raid/nothing/").status_code == 404
