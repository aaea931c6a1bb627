"""The server log: a refused request is one line, a real error keeps its traceback."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_log():
    """What the server's console handler writes, as configured in settings.LOGGING."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(type(f).__name__ == "RefusalsOnOneLine" for f in h.filters))
    stream, previous = io.StringIO(), handler.stream
    handler.stream = stream  # not setStream: it flushes the old stream, which pytest may have closed
    yield stream
    handler.stream = previous


def test_a_refused_page_is_logged_on_one_line(server_log, member, project):
    client = Client()
    client.force_login(member)
    response = client.get(f"/projects/{project.pk}/edit/")  # a team member may not edit it
    assert response.status_code == 403
    lines = [line for line in server_log.getvalue().splitlines() if line.strip()]
    assert lines == [f"Forbidden (Permission denied): /projects/{project.pk}/edit/"]


def test_a_server_error_keeps_its_traceback(server_log, manager, monkeypatch):
    from jalon.portfolios.views import dashboard

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dashboard.selectors, "portfolio_tree", boom)
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    assert client.get("/").status_code == 500
    assert "Traceback" in server_log.getvalue()
    assert "RuntimeError: boom" in server_log.getvalue()
