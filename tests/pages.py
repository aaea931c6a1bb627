"""Helpers of the page tests: a signed-in client, what a task table lets users change, the HTML of
one form field, the charts of a page."""

from __future__ import annotations

import lxml.html
from django.conf import settings
from django.test import Client
from lxml.html import HtmlElement

from jalon.planning.models import Dependency, Task


def signed_in(user, *, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # as the language switch does
    return client


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


def charts_of(page: str, kind: str | None = None) -> list[HtmlElement]:
    """The page's SVG charts (``<svg class="chart KIND">``, written by ``jalon.web.charts``), of
    one kind or all, parsed (attribute names come in lower case, as HTML parsing gives them)."""
    return [svg for svg in lxml.html.fromstring(page).iter("svg")
            if svg.get("class", "").split()[:1] == ["chart"]
            and kind in (None, *svg.get("class", "").split()[1:])]
