"""Calendars through the API: an exception is added and removed as on the calendars page."""

from __future__ import annotations

import datetime

import pytest

from jalon.calendars.models import CalendarException
from tests.api.test_api import client_for, post
from tests.factories import CalendarFactory

pytestmark = pytest.mark.django_db


def test_an_exception_is_added_and_deleted_by_a_pool_manager(pmo, manager):
    calendar = CalendarFactory()
    client = client_for(pmo)
    created = post(client, f"/api/v1/calendars/{calendar.pk}/exceptions", {
        "name": "Bridge", "start": "2025-05-02", "finish": "2025-05-02"})
    assert created.status_code == 201
    url = f"/api/v1/calendars/{calendar.pk}/exceptions/{created.json()['id']}"
    assert client_for(manager).delete(url).status_code == 403  # not a pool manager
    assert client.delete(url).status_code == 204
    assert not CalendarException.objects.exists()


def test_an_exception_of_another_calendar_is_not_found(pmo):
    mine, other = CalendarFactory(), CalendarFactory()
    exception = CalendarException.objects.create(calendar=other, start=datetime.date(2025, 5, 1),
                                                 finish=datetime.date(2025, 5, 1))
    response = client_for(pmo).delete(f"/api/v1/calendars/{mine.pk}/exceptions/{exception.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert CalendarException.objects.filter(pk=exception.pk).exists()
