"""A page of a list, for the pages that show long lists with ``web/_pager.html``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paged(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *,
          per_page: int) -> tuple[Page[Any], str]:
    """The page of ``items`` the request's ``page`` asks for (the last one past the end, the
    first on nonsense), and the request's other parameters (filters, sort) url-encoded, for
    the pager's links to keep them."""
    rows = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return rows, query.urlencode()
