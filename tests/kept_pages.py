"""Helpers of the tests of pages kept rendered between visits (``portfolios.results.remembered``
with rendered HTML): the page as served, and the page as it would be drawn afresh."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.cache import cache
from django.test import Client

from jalon.portfolios.results import forget_remembered

_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def page(client: Client, path: str) -> str:
    """The page's HTML, its CSRF tokens (new on each request) blanked."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return _TOKEN.sub(r'\1"', response.content.decode())


def fresh(client: Client, path: str) -> str:
    """The page drawn with nothing kept: every figure and fragment computed again."""
    cache.clear()
    forget_remembered()
    return page(client, path)


def shows_each_change_at_once(client: Client, path: str,
                              changes: list[tuple[str, Callable[[], object]]]) -> str:
    """Make each change in turn: after each, the page served differs from the one before and
    equals the page drawn afresh. Returns the last page."""
    before = page(client, path)
    for name, change in changes:
        change()
        shown = page(client, path)
        assert shown != before, name
        assert shown == fresh(client, path), name
        before = shown
    return before
