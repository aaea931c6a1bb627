"""Real clients at once on one task: 40 pairs of PATCH {"notes"} and PATCH {"priority"} sent
side by side to a live server lose none of the 80 changes (issue 18: the probe lost 29)."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from jalon.accounts.services import token_create
from tests.concurrency.servers import live_server_on_the_test_database
from tests.factories import TaskFactory

pytestmark = pytest.mark.postgres

PAIRS = 40


def _patch(url: str, token: str, body: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 - a loopback address
        url, data=json.dumps(body).encode(), method="PATCH",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        return int(answer.status)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_patches_of_different_fields_lose_nothing(request, tmp_path, project, manager):
    task = TaskFactory(project=project, name="Design")
    _token, raw = token_create(username=manager.username)
    bodies = [body for i in range(1, PAIRS + 1)
              for body in ({"notes": f"note {i}"}, {"priority": i})]

    with live_server_on_the_test_database(request, tmp_path) as server:
        url = f"{server}/api/v1/tasks/{task.pk}"
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(lambda body: _patch(url, raw, body), bodies))

    assert statuses == [200] * len(bodies)
    changes = list(task.history.filter(history_type="~").order_by("history_date", "history_id"))
    assert len(changes) == len(bodies)
    # each save changed the one field its PATCH named: none put back a value another had replaced
    before = task.history.get(history_type="+")
    for record in changes:
        differ = {name for name in ("notes", "priority")
                  if getattr(record, name) != getattr(before, name)}
        assert len(differ) == 1, (before.notes, before.priority, record.notes, record.priority)
        before = record
    assert {r.notes for r in changes} >= {b["notes"] for b in bodies if "notes" in b}
    assert {r.priority for r in changes} >= {b["priority"] for b in bodies if "priority" in b}
    task.refresh_from_db()
    assert (task.notes, task.priority) == (before.notes, before.priority)
    assert task.version == 1 + len(bodies)
