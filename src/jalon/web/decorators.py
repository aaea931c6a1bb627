"""The edge between pages and Jalon's errors: login first, then NotFound → 404, PermissionDenied → 403.

ValidationFailed is not handled here: each page shows it next to the form field at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from jalon.errors import NotFound, PermissionDenied

View = Callable[..., HttpResponse]


def page(view: View) -> View:
    """A page for signed-in users; Jalon's NotFound and PermissionDenied become 404 and 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None

    return login_required(wrapper)


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent to swap part of the page."""
    return request.headers.get("HX-Request") == "true"
