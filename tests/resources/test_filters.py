"""The pool's filter (its page and ``GET /resources``) and the assignments' (``GET
/assignments``)."""

from __future__ import annotations

import re

import pytest

from tests.api.test_api import client_for
from tests.factories import AssignmentFactory, ResourceFactory, TaskFactory
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def pool(db):
    return {"on": ResourceFactory(name="Ada").pk,
            "off": ResourceFactory(name="Bob", is_active=False).pk}


@pytest.mark.parametrize("query, expected", [
    ("", ["on", "off"]), ("active=true", ["on"]), ("active=on", ["on"]),
    ("active=false", ["on", "off"]),  # unticked: every resource, not the inactive ones
])
def test_the_pool_page_and_the_api_list_the_same_resources(pmo, pool, query, expected):
    html = signed_in(pmo).get(f"/resources/?{query}").content.decode()
    page = [int(pk) for pk in re.findall(r'href="/resources/(\d+)/edit/"', html)]
    assert page == [pool[name] for name in expected]
    listed = client_for(pmo).get(f"/api/v1/resources?{query}").json()["items"]
    assert [r["id"] for r in listed] == page


def test_the_pool_page_offers_the_filter_ticked_as_asked(pmo, pool):
    html = signed_in(pmo).get("/resources/?active=on").content.decode()
    assert re.search(r'<input type="checkbox" name="active"[^>]* checked', html)


def test_the_assignments_are_filtered_by_a_project_the_user_may_see(manager, project,
                                                                   other_project):
    mine = AssignmentFactory(task=TaskFactory(project=project))
    AssignmentFactory(task=TaskFactory(project=other_project))
    client = client_for(manager)
    listed = client.get(f"/api/v1/assignments?project={project.pk}").json()["items"]
    assert [a["id"] for a in listed] == [mine.pk]
    hidden = client.get(f"/api/v1/assignments?project={other_project.pk}")
    assert hidden.status_code == 422 and list(hidden.json()["errors"]) == ["project"]
