"""A task's predecessors and a budget line's months are replaced whole by PUT: their reads carry
an ETag, and a PUT with a stale ``If-Match`` is refused (412) with the set as it is now."""

from __future__ import annotations

import json

import pytest

from jalon.finance.models import BudgetLine

pytestmark = pytest.mark.django_db


def put(client, url: str, data, etag: str | None = None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.put(url, json.dumps(data), content_type="application/json", **headers)


def test_predecessors_replaced_since_they_were_read_are_not_overwritten(pm_client, plan):
    url = f"/api/v1/tasks/{plan[2].pk}/predecessors"
    read = pm_client.get(url)
    etag = read["ETag"]
    assert etag.startswith(f'"predecessors-{plan[2].pk}-')
    first = put(pm_client, url, {"text": "1"}, etag)  # Alice, with the tag she read
    assert first.status_code == 200 and first.json()["text"] == "1"
    assert first["ETag"] != etag
    stale = put(pm_client, url, {"text": "2FF"}, etag)  # Bob, with the same old tag
    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "stale" and "prédécesseurs" in body["message"]
    assert body["current"]["text"] == "1" and stale["ETag"] == first["ETag"]
    again = put(pm_client, url, {"text": "2FF"}, stale["ETag"])
    assert again.status_code == 200 and again.json()["text"] == "2FF"
    assert put(pm_client, url, {"text": ""}).status_code == 200  # no If-Match: not checked


def test_budget_months_replaced_since_they_were_read_are_not_overwritten(pm_client, project):
    line = BudgetLine.objects.create(project=project, category="labour", approved=1000)
    url = f"/api/v1/budget-lines/{line.pk}/months"
    etag = pm_client.get(url)["ETag"]
    first = put(pm_client, url, [{"month": "2025-03-01", "planned": "600"}], etag)
    assert first.status_code == 200
    stale = put(pm_client, url, [{"month": "2025-04-01", "planned": "400"}], etag)
    assert stale.status_code == 412
    assert [m["planned"] for m in stale.json()["current"]] == ["600.00"]
    assert list(line.months.values_list("month", flat=True))[0].month == 3
    assert put(pm_client, url, [], '"task-1-v1"').status_code == 412  # another record's tag
