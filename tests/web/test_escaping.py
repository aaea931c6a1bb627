"""User text is shown as text: a task or project name with markup never becomes markup."""

from __future__ import annotations

import pytest

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_names_with_markup_are_escaped_on_every_planning_page(pm_client, project):
    project.name = EVIL
    project.save()
    TaskFactory(project=project, name=EVIL, position=1, wbs_code="1")
    for page in ("", "tasks/", "gantt/", "resources/"):
        html = pm_client.get(f"/projects/{project.pk}/{page}").content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert" in html, page
    home = pm_client.get("/").content.decode()
    assert "<script>alert" not in home and "&lt;script&gt;alert" in home


def test_the_gantt_data_carry_names_as_json_strings(pm_client, project):
    TaskFactory(project=project, name=EVIL, position=1, wbs_code="1")
    payload = pm_client.get(f"/api/v1/projects/{project.pk}/gantt").json()
    assert EVIL in [row["name"] for row in payload["rows"]]
