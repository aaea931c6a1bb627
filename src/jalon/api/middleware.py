"""Answers under /api/ are JSON problems even when no endpoint handled the request
(an unknown path, a method the endpoint does not take)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

PROBLEMS = {
    404: ("not_found", lambda: _("No such API endpoint or object.")),
    405: ("method_not_allowed", lambda: _("This endpoint does not accept this method.")),
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



