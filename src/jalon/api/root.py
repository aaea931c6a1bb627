"""The REST API under /api/v1/: authentication, error responses, and the routers of each app."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, SessionAuth

from jalon.accounts.services import token_user
from jalon.api.bodies import objects_only
from jalon.api.problems import document_errors
from jalon.api.rendering import OrjsonRenderer
from jalon.api.throttling import CALLS, throttle_uploads
from jalon.errors import JalonError, NotFound, PermissionDenied, ValidationFailed


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal access token (``jalon token create``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class JalonAPI(NinjaAPI):
    """ninja's API, whose OpenAPI document declares the error answers of every operation."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(document)
        return document


api = JalonAPI(
    title="Jalon API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/v1/openapi.json",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[CALLS],
    renderer=OrjsonRenderer(),
    description="Portfolios, programmes, projects, plans and resources of a PMO. "
    "Authenticate with a session (CSRF token required for writes) or a personal access token.",
)


def _problem(request: HttpRequest, status: int, code: str, message: str,
             errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _jalon_problem(request: HttpRequest, status: int, exc: JalonError,
                   errors: dict[str, list[str]] | None = None) -> HttpResponse:
    """A Jalon error's problem: ``code`` (its kind), ``message`` in the reader's language,
    ``errors`` by field, and for programs ``reason`` (the message's own code, ``null`` for a
    plain text) and ``params`` (its parameters)."""
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if errors:
        body["errors"] = errors
    stored = exc.sentence.to_json()
    body["reason"], body["params"] = stored["code"], stored["params"]
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationFailed)
def on_invalid(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return _jalon_problem(request, 400, exc, exc.errors)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return _jalon_problem(request, 404, exc)


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, 404, NotFound.code, _("Not found."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _jalon_problem(request, 403, exc)


@api.exception_handler(JalonError)
def on_jalon_error(request: HttpRequest, exc: JalonError) -> HttpResponse:
    return _jalon_problem(request, 400, exc)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _problem(request, 401, "unauthenticated",
                    _("Log in, or send a personal access token as “Authorization: Bearer …”."))


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After (whole seconds) to this answer
    return _problem(request, 429, "throttled",
                    _("Too many requests: wait a moment before trying again (the Retry-After "
                      "header says how many seconds)."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and "parse request body" in exc.message:
        return _problem(request, 400, "malformed_body", _("The request body is not valid JSON."))
    return _problem(request, exc.status_code, "http_error", exc.message)


@api.exception_handler(ValidationError)
def on_schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")]
        errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    field, messages = next(iter(errors.items()), ("__all__", [_("Invalid request.")]))
    return _problem(request, 422, "invalid", f"{field}: {messages[0]}", errors)


@api.exception_handler(IntegrityError)
def on_integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return _problem(request, 409, "conflict",
                    _("This change conflicts with existing data (a duplicate or a record in use)."))


# Each app's router, by dotted path: the API frame sits below the apps and imports none of them.
for _app in ("accounts", "portfolios", "calendars", "planning", "resources", "timesheets", "risks",
             "finance", "interchange", "intake", "governance", "changes", "raid", "documents",
             "lessons", "notifications", "statusreports", "reporting", "cockpit", "feeds", "audit"):
    api.add_router("/v1/", throttle_uploads(objects_only(import_string(f"jalon.{_app}.api.router"))))
