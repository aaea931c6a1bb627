"""Fixtures for the web pages: signed-in clients and a small scheduled project."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from jalon.planning.models import Dependency, Task
from tests.factories import DependencyFactory, ResourceFactory, TaskFactory


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "english: the signed-in clients chose English (pages are French by default)"
    )


def signed_in(user, *, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as the language switch does
    return client


def _language(request) -> str | None:
    return "en" if request.node.get_closest_marker("english") else None


@pytest.fixture
def pm_client(request, manager) -> Client:
    return signed_in(manager, language=_language(request))


@pytest.fixture
def pmo_client(request, pmo) -> Client:
    return signed_in(pmo, language=_language(request))


@pytest.fixture
def member_client(request, member) -> Client:
    return signed_in(member, language=_language(request))


@pytest.fixture
def outsider_client(request, outsider) -> Client:
    return signed_in(outsider, language=_language(request))


@pytest.fixture
def plan(project):
    """Three tasks in a row on ``project``: 1 (2 days) -> 2 (3 days) -> 3 (1 day), from a Monday."""
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    first = TaskFactory(project=project, name="Design", position=1, wbs_code="1", duration=Decimal("2"))
    second = TaskFactory(project=project, name="Build", position=2, wbs_code="2", duration=Decimal("3"))
    third = TaskFactory(project=project, name="Test", position=3, wbs_code="3", duration=Decimal("1"))
    DependencyFactory(predecessor=first, successor=second)
    DependencyFactory(predecessor=second, successor=third, type=Dependency.Type.SS, lag=Decimal("1"))
    return [first, second, third]


@pytest.fixture
def resource(db):
    return ResourceFactory(code="DEV1", name="Alice Martin")


def task_state(project) -> list[tuple]:
    """Everything the task table lets a user change, to check that a refused edit changed nothing."""
    tasks = Task.objects.filter(project=project).order_by("pk")
    links = Dependency.objects.filter(successor__project=project).order_by("pk")
    return [
        (t.name, t.duration, t.parent_id, t.position, t.wbs_code, t.percent_complete,
         t.actual_start, t.actual_finish) for t in tasks
    ] + [(d.predecessor_id, d.successor_id, d.type, d.lag) for d in links]


def field_block(page: str, name: str) -> str:
    """The HTML of one form field's block (label, input, help, errors), to check where a message sits."""
    anchor = page.index(f'for="id_{name}"')
    start = page.rfind('<div class="field', 0, anchor)
    end = page.find('<div class="field', anchor)
    return page[start:end if end != -1 else None]
