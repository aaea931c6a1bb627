"""Every import, page and API, refuses a user without the right before it reads the file: a
team member's or an outsider's upload is never parsed (issue 18: a YAML bomb was parsed before
the permission check)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import jalon.finance.services
import jalon.interchange.services
import jalon.interchange.task_list_import
import jalon.timesheets.importing


@pytest.fixture
def parsers(monkeypatch):
    """Every import's reader, replaced by one that notes it was called."""
    called: list[str] = []

    def refuse(name):
        def parse(**kwargs):
            called.append(name)
            raise AssertionError(f"{name} parsed a refused user's file")
        return parse

    monkeypatch.setattr(jalon.interchange.services, "read_upload", refuse("plan"))
    monkeypatch.setattr(jalon.interchange.task_list_import, "parse_task_list", refuse("tasks"))
    monkeypatch.setattr(jalon.finance.services, "parse_costs", refuse("costs"))
    monkeypatch.setattr(jalon.timesheets.importing, "parse_timesheet", refuse("time"))
    return called


def _file(name: str) -> SimpleUploadedFile:
    # Not a file any reader accepts: a parse would answer 400, not the refusal.
    return SimpleUploadedFile(name, b"<" * 4096)


def _refused(response) -> bool:
    """403 or 404; or, where the API names the container or project as a reference it cannot
    find (``jalon.api.lookups.resolve``: 400 on that field), 400 about it, never about the file."""
    if response.status_code in (403, 404):
        return True
    return (response.status_code == 400
            and set(response.json()["errors"]) <= {"portfolio", "programme", "project"})


def _imports(project):
    pk, portfolio, programme = project.pk, project.portfolio_id, project.programme_id
    return [
        ("/api/v1/projects/import", {"file": _file("p.xml"), "code": "NEW",
                                     "portfolio": portfolio}),
        ("/api/v1/projects/import", {"file": _file("p.yaml"), "code": "NEW",
                                     "programme": programme}),
        ("/api/v1/projects/task-imports", {"file": _file("t.csv"), "code": "NEW",
                                           "programme": programme}),
        (f"/api/v1/projects/{pk}/task-imports", {"file": _file("t.xlsx")}),
        (f"/api/v1/projects/{pk}/cost-imports", {"file": _file("c.xlsx")}),
        (f"/portfolios/{portfolio}/import/", {"file": _file("p.xml"), "code": "NEW"}),
        (f"/programmes/{programme}/import/", {"file": _file("t.xlsx"), "code": "NEW"}),
        (f"/projects/{pk}/tasks/import/", {"file": _file("t.csv")}),
        (f"/projects/{pk}/finance/costs/import/", {"file": _file("c.csv")}),
    ]


@pytest.mark.parametrize("who", ["member_client", "outsider_client"])
def test_a_user_without_the_right_is_refused_before_the_file_is_read(request, who, project,
                                                                      parsers):
    client = request.getfixturevalue(who)
    for url, data in _imports(project):
        response = client.post(url, data)
        assert _refused(response), (url, response.content[:300])
    assert parsers == []


def test_an_outsider_importing_time_into_a_project_is_refused_unread(outsider_client, project,
                                                                     parsers):
    for url in (f"/api/v1/timesheet-imports?project={project.pk}",
                f"/projects/{project.pk}/timesheets/import/"):
        response = outsider_client.post(url, {"file": _file("time.csv")})
        assert _refused(response), (url, response.content[:300])
    assert parsers == []
