"""htmx requests whose session has expired go to the login page, not into the page.

An htmx request follows redirects inside the browser's XHR, so the login page would be swapped in
place of the task table. This middleware turns the redirect to the login page into an empty answer
with an ``HX-Redirect`` header: htmx then loads the login page as a whole, and the ``next``
parameter brings the user back to the page they were on (``HX-Current-URL``), not to the partial.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from jalon.web.decorators import is_htmx


class HtmxLoginRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_htmx(request) or response.status_code not in (301, 302):
            return response
        login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
        if urlsplit(response.get("Location", "")).path != login_path:
            return response
        current = request.headers.get("HX-Current-URL", "")
        if current and url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()}):
            split = urlsplit(current)
            back = split.path + (f"?{split.query}" if split.query else "")
        else:
            back = request.get_full_path()
        answer = HttpResponse(status=200)
        answer["HX-Redirect"] = redirect_to_login(back)["Location"]
        return answer
