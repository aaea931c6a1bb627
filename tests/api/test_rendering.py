"""The API's JSON, written by orjson: the same documents as ninja's own encoder wrote."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from ninja.renderers import JSONRenderer

from jalon.api.rendering import OrjsonRenderer
from jalon.planning.models import Task

VALUES = {
    "duration": Decimal("12.50"),
    "cost": Decimal("-0.10"),
    "start": date(2027, 3, 1),
    "stamp": datetime(2026, 12, 8, 10, 42, 5, 123456, tzinfo=UTC),
    "whole": datetime(2026, 12, 8, 10, 42, tzinfo=UTC),
    "naive": datetime(2026, 12, 8, 10, 42, 5, 987000),
    "at": time(9, 30),
    "label": gettext_lazy("Not found."),
    "constraint": Task.Constraint.SNET,
    "name": "Écart de coût – 2027 « réel »",
    "by_id": {3: [1, 2.5, None, True]},
    "ratio": 0.1 + 0.2,
}


@pytest.mark.parametrize("key", sorted(VALUES))
def test_every_value_reads_back_as_ninjas_encoder_wrote_it(key: str) -> None:
    data = {key: VALUES[key]}
    ours = OrjsonRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    ninjas = JSONRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    assert json.loads(ours) == json.loads(ninjas)


def test_dates_and_decimals_keep_djangos_text() -> None:
    text = OrjsonRenderer().render(None, VALUES, response_status=200)  # type: ignore[arg-type]
    document = json.loads(text)
    assert document["duration"] == "12.50"
    assert document["start"] == "2027-03-01"
    assert document["stamp"] == "2026-12-08T10:42:05.123Z"  # to the millisecond, Z for UTC
    assert document["whole"] == "2026-12-08T10:42:00Z"
    assert "Écart de coût – 2027 « réel »".encode() in text  # UTF-8, not \\u escapes


@pytest.mark.django_db
def test_an_api_answer_is_compact_utf8_json(pmo_client, project) -> None:
    project.name = "Réseau « été »"
    project.save()
    response = pmo_client.get(f"/api/v1/projects/{project.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "Réseau « été »".encode() in response.content
    assert response.json()["name"] == "Réseau « été »"
    assert response.json()["created_at"].endswith("Z")
