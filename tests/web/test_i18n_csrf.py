"""The language switch, and CSRF protection on the pages' forms."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jalon.planning.models import Task

pytestmark = pytest.mark.django_db


def test_french_is_the_default_and_one_click_switches_to_english(pm_client, project):
    page = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert '<html lang="fr">' in page
    assert 'value="fr" lang="fr" aria-pressed="true"' in page
    response = pm_client.post("/i18n/setlang/", {"language": "en", "next": f"/projects/{project.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    page = pm_client.get(f"/projects/{project.pk}/").content.decode()
    assert '<html lang="en">' in page
    assert 'value="en" lang="en" aria-pressed="true"' in page
    assert "Overview" in page
    pm_client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in pm_client.get("/").content.decode()


def test_django_messages_follow_the_language(pm_client, project):
    data = {"name": "", "duration": "1"}
    french = pm_client.post(f"/projects/{project.pk}/tasks/add/", data).content.decode()
    assert "Ce champ est obligatoire." in french
    pm_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = pm_client.post(f"/projects/{project.pk}/tasks/add/", data).content.decode()
    assert "This field is required." in english


def test_a_post_without_the_csrf_token_is_refused(manager, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(f"/projects/{project.pk}/tasks/add/", {"name": "Forged", "duration": "1"})
    assert response.status_code == 403
    assert not Task.objects.filter(name="Forged").exists()


def test_htmx_sends_the_token_from_the_body_header(manager, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    page = client.get(f"/projects/{project.pk}/tasks/").content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    response = client.post(f"/projects/{project.pk}/tasks/add/", {"name": "Genuine", "duration": "1"},
                           HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Task.objects.filter(name="Genuine").exists()
