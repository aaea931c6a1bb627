"""Answers under /api/ are JSON problems even when no endpoint handled the request (an
unknown path, a method the endpoint does not take, a refused CSRF token, an unexpected error);
and requests the database could not store are refused before any endpoint sees them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from jalon.io.structured_text import MAX_DEPTH, TooDeep, load_json

PROBLEMS = {
    400: ("bad_request", lambda: _("The request is malformed.")),
    403: ("forbidden", lambda: _("Refused: sign in again, or send the CSRF token with a write "
                                 "made from a browser session.")),
    404: ("not_found", lambda: _("No such API endpoint or object.")),
    405: ("method_not_allowed", lambda: _("This endpoint does not accept this method.")),
    500: ("server_error", lambda: _("An unexpected error stopped the request; nothing was "
                                    "changed. The server log has the details.")),
}


class JsonProblemsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        problem = PROBLEMS.get(response.status_code)
        if (
            problem
            and request.path.startswith("/api/")
            and "json" not in response.get("Content-Type", "")
        ):
            code, message = problem
            json_response = JsonResponse({"code": code, "message": message()},
                                         status=response.status_code,
                                         json_dumps_params={"ensure_ascii": False})
            if "Allow" in response:
                json_response["Allow"] = response["Allow"]
            return json_response
        return response


def _problem(code: str, message: str, *, where: str = "") -> JsonResponse:
    """A 400 answer; it carries ``problems`` (``where``: the query parameter at fault, empty
    for the body) like an import's refusal, so that an import endpoint's declared 400 holds."""
    return JsonResponse({"code": code, "message": message,
                         "problems": [{"row": None, "column": where, "message": message}]},
                        status=400, json_dumps_params={"ensure_ascii": False})


def _nul_parameter(query: str) -> str | None:
    """The name of the first query parameter (or ``?``-part) holding a NUL character."""
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "")
    return None


def _has_nul(data: Any) -> bool:
    """True when a text (value or key) of the parsed body holds a NUL character."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


class RequestCheckMiddleware:
    """Refuses, with a 400 problem naming why, API requests no endpoint should take: a NUL
    character in the query or the JSON body (PostgreSQL cannot store it in text), a JSON body
    nested deeper than any Jalon payload, or one that is a bare value (``false``, ``3``) rather
    than an object or a list."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            refused = self.refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse | None:
        parameter = _nul_parameter(request.META.get("QUERY_STRING", ""))
        if parameter is not None:
            return _problem("nul_character", _("The query holds a NUL character (%00), which "
                                               "no text may contain."), where=parameter)
        if "json" not in (request.content_type or "") or not request.body:
            return None
        try:
            data = load_json(request.body.decode("utf-8"))
        except TooDeep:
            return _problem("too_deep", _("The request body nests lists or objects more than "
                                          "%(depth)s levels deep.") % {"depth": MAX_DEPTH})
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None  # the endpoint answers "not valid JSON"
        if not isinstance(data, dict | list):
            return _problem("not_an_object", _("The request body must be a JSON object."))
        if _has_nul(data):
            return _problem("nul_character", _("The request body holds a NUL character "
                                               "(\\u0000), which no text may contain."))
        return None



