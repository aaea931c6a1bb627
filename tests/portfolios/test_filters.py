"""The filters of the structure's lists: ``GET /projects``, ``/programmes``, ``/objectives``."""

from __future__ import annotations

import pytest

from tests.api.test_api import client_for
from tests.factories import ObjectiveFactory, ProgrammeFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def structure(portfolio, programme):
    other = ProgrammeFactory(portfolio=portfolio)
    return {
        "bridge": ProjectFactory(portfolio=portfolio, programme=programme, code="BRIDGE",
                                 name="North bridge", status="in_progress"),
        "tunnel": ProjectFactory(portfolio=portfolio, programme=other, code="TUNNEL",
                                 name="Old tunnel", status="proposed"),
        "road": ProjectFactory(code="ROAD", name="Ring road", status="closed"),  # elsewhere
        "programme": programme,
    }


@pytest.mark.parametrize("query, expected", [
    ("", ["bridge", "road", "tunnel"]), ("portfolio={portfolio}", ["bridge", "tunnel"]),
    ("programme={programme}", ["bridge"]), ("status=proposed", ["tunnel"]),
    ("search=bri", ["bridge"]), ("search=road", ["road"]),  # code or name
    ("search=o&portfolio={portfolio}&status=in_progress", ["bridge"]),
])
def test_projects_are_filtered(pmo, portfolio, structure, query, expected):
    query = query.format(portfolio=portfolio.pk, programme=structure["programme"].pk)
    listed = client_for(pmo).get(f"/api/v1/projects?{query}").json()["items"]
    assert [p["id"] for p in listed] == [structure[name].pk for name in expected]


def test_programmes_and_objectives_are_filtered_by_portfolio(pmo, portfolio, programme):
    ProgrammeFactory()
    objective = ObjectiveFactory(portfolio=portfolio)
    ObjectiveFactory()
    client = client_for(pmo)
    for path, expected in (("programmes", programme), ("objectives", objective)):
        assert client.get(f"/api/v1/{path}").json()["count"] == 2
        listed = client.get(f"/api/v1/{path}?portfolio={portfolio.pk}").json()["items"]
        assert [item["id"] for item in listed] == [expected.pk], path


def test_a_hidden_or_unknown_value_is_refused_by_its_name(manager, portfolio, other_project):
    client = client_for(manager)  # sees a project of ``portfolio``, not the portfolio
    for query, parameter in ((f"portfolio={portfolio.pk}", "portfolio"),
                             ("status=dreaming", "status"), ("programme=x", "programme")):
        response = client.get(f"/api/v1/projects?{query}")
        assert response.status_code == 422, query
        assert list(response.json()["errors"]) == [parameter]
