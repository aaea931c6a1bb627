"""The error answers of the API as its OpenAPI document declares them.

Every error the API answers is a JSON problem (``code``, ``message``, and for some ``errors``,
``reason``, ``params``): the exception handlers of :mod:`jalon.api.root` and
:class:`jalon.api.middleware.JsonProblemsMiddleware` write them. Which statuses an operation
may answer follows from what every operation goes through (authentication, throttling, the
request checks, the permission checks, the database), so they are added to the document here,
once, rather than declared by hand on each endpoint; a status an endpoint declares itself (the
412 of a stale version with the record as it is now, the 400 of an import with its problems)
is kept as it is.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

WRITES = {"post", "put", "patch", "delete"}

# Why each status can answer, as the document describes it.
DESCRIPTIONS = {
    400: "Bad input: a value refused (the field is in `errors`), a body that is not JSON or not "
         "an object, a NUL character.",
    401: "Not signed in: log in, or send a personal access token (`Authorization: Bearer …`).",
    403: "Not allowed: the role does not allow it, or a browser session's write lacks its CSRF "
         "token.",
    404: "No such object, or one you may not see.",
    409: "The change conflicts with existing data (a duplicate, or a record in use).",
    422: "The request does not match this operation's schema (a missing or mistyped "
         "parameter or field: `errors` names each).",
    429: "Too many requests: wait the seconds of the `Retry-After` header.",
    500: "An unexpected error; nothing was changed.",
}


class Problem(Schema):
    """What every error answer carries."""

    code: str = Field(description="What kind of error, stable for programs (`invalid`, "
                                  "`not_found`, `permission_denied`, `throttled`…).")
    message: str = Field(description="What is wrong, in the reader's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="The messages by field at fault (`__all__`: the request as a whole).")
    reason: str | None = Field(None, description="Stable code of the message, when it has one.")
    params: dict[str, Any] | None = Field(None, description="The message's parameters.")


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation of the document may answer: every operation may be
    refused as bad input (400, a NUL in the query), be denied (403), name an object that is not
    there or not visible (404), be throttled (429) or fail (500); those behind authentication
    answer 401 to a stranger; those with parameters or a body 422 when they do not match the
    schema; writes 409 when the database refuses them."""
    statuses = [400, 403, 404, 429, 500]
    if operation.get("security"):
        statuses.append(401)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if method in WRITES:
        statuses.append(409)
    return sorted(statuses)


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (an OpenAPI document of the API) with the error statuses of every operation
    declared as a :class:`Problem`, where the endpoint declares nothing else."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for methods in document["paths"].values():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in error_statuses(method, operation):
                responses.setdefault(status, {"description": DESCRIPTIONS[status],
                                              "content": content})
    return document
