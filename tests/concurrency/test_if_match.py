"""ETag on reads, If-Match on writes: a client writing on a version someone else has replaced
gets 412 with the current values, and nothing is saved (issue 18, lost updates)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from jalon.accounts.history import last_change
from tests.concurrency.conftest import KINDS
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english, pytest.mark.postgres]


def patch(client: Client, url: str, body: dict, etag: str | None = None):
    headers = {"If-Match": etag} if etag is not None else {}
    return client.patch(url, body, content_type="application/json", headers=headers)


def stored(record, kind):
    record.refresh_from_db()
    return str(getattr(record, KINDS[kind].field))


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_stale_if_match_is_refused_with_who_when_and_the_current_values(kind, records, alice,
                                                                          bruno):
    spec, record = KINDS[kind], records[kind]
    theirs, mine = signed_in(alice, language="en"), signed_in(bruno, language="en")
    read = mine.get(spec.url(record))
    etag = read.headers["ETag"]
    assert etag == f'"{record._meta.model_name}-{record.pk}-v1"'

    saved = patch(theirs, spec.url(record), {spec.field: spec.theirs}, theirs.get(
        spec.url(record)).headers["ETag"])
    assert saved.status_code == 200, saved.json()
    assert saved.headers["ETag"] == f'"{record._meta.model_name}-{record.pk}-v2"' != etag

    refused = patch(mine, spec.url(record), {spec.field: spec.mine}, etag)
    assert refused.status_code == 412
    problem = refused.json()
    _who, when = last_change(record)
    assert problem["code"] == "stale"
    assert "changed by Alice Martin at " + timezone.localtime(when).strftime("%H:%M") in problem["message"]
    assert str(problem["current"][spec.field]) == spec.theirs
    assert refused.headers["ETag"] == saved.headers["ETag"]  # to try again on the current values
    assert stored(record, kind) == spec.theirs  # nothing of Bruno's was saved

    if kind != "project":  # deleting a project needs the portfolio's managers: Bruno is one
        assert theirs.delete(spec.url(record), headers={"If-Match": etag}).status_code == 412
        assert type(record).objects.filter(pk=record.pk).exists()
        assert theirs.delete(spec.url(record),
                             headers={"If-Match": saved.headers["ETag"]}).status_code == 204
        assert not type(record).objects.filter(pk=record.pk).exists()
    else:
        assert mine.delete(spec.url(record), headers={"If-Match": etag}).status_code == 412
        assert type(record).objects.filter(pk=record.pk).exists()


def test_two_clients_adding_one_and_two_days_to_a_duration_the_second_is_refused(records, alice,
                                                                                   bruno):
    task, url = records["task"], KINDS["task"].url(records["task"])
    first, second = signed_in(alice), signed_in(bruno)
    read_first, read_second = first.get(url), second.get(url)
    duration = float(read_first.json()["duration"])

    assert patch(first, url, {"duration": duration + 1}, read_first.headers["ETag"]).status_code == 200
    refused = patch(second, url, {"duration": duration + 2}, read_second.headers["ETag"])
    assert refused.status_code == 412
    assert float(refused.json()["current"]["duration"]) == duration + 1
    task.refresh_from_db()
    assert task.duration == duration + 1

    # the second client adds its two days to what it now knows, with the ETag of the 412
    current = float(refused.json()["current"]["duration"])
    again = patch(second, url, {"duration": current + 2}, refused.headers["ETag"])
    assert again.status_code == 200 and float(again.json()["duration"]) == duration + 3


def test_if_match_is_optional_star_matches_and_a_weak_tag_never_does(records, alice):
    task, url, client = records["task"], KINDS["task"].url(records["task"]), signed_in(alice)
    assert patch(client, url, {"notes": "no header"}).status_code == 200
    assert patch(client, url, {"notes": "any version"}, "*").status_code == 200
    tag = client.get(url).headers["ETag"]
    assert patch(client, url, {"notes": "weak"}, f"W/{tag}").status_code == 412
    assert patch(client, url, {"notes": "one of two"}, f'"task-0-v1", {tag}').status_code == 200
    task.refresh_from_db()
    assert task.notes == "one of two" and task.version == 4


def test_a_patch_that_changes_nothing_keeps_the_version(records, alice):
    url, client = KINDS["task"].url(records["task"]), signed_in(alice)
    tag = client.get(url).headers["ETag"]
    same = patch(client, url, {"name": "Design"}, tag)
    assert same.status_code == 200 and same.headers["ETag"] == tag


def test_the_openapi_schema_documents_412_on_every_versioned_write(pmo):
    paths = signed_in(pmo).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/tasks/{pk}", "/api/v1/risks/{pk}", "/api/v1/budget-lines/{pk}",
                 "/api/v1/projects/{pk}"):
        for method in ("patch", "delete"):
            assert "412" in paths[path][method]["responses"], (path, method)
            stale = paths[path][method]["responses"]["412"]["content"]["application/json"]
            assert stale["schema"]["$ref"].startswith("#/components/schemas/Stale")
