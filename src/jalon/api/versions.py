"""Versions over HTTP: an ``ETag`` on the reads of the records people edit side by side (tasks,
risks, budget lines, projects), ``If-Match`` honoured on their PATCH and DELETE (RFC 9110).

The ETag is strong and opaque, ``"task-12-v7"``: the record's kind, id and version
(:mod:`jalon.portfolios.concurrency`). A client sends it back in ``If-Match``; when the record
has changed since, the write is refused with ``412 Precondition Failed`` and a problem
``{"code": "stale", "message", "current"}``: who changed it and when, and the record as it is
now (with its ETag), so that the client can make its change again on it. A write without
``If-Match`` is not checked (clients should send it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Literal, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_etags
from ninja import Field, Schema, Status
from pydantic import create_model

from jalon.errors import StaleVersion

T = TypeVar("T")


def etag(record: Any) -> str:
    """The record's strong ETag, quoted as the header carries it."""
    return f'"{record._meta.model_name}-{record.pk}-v{record.version}"'


def tagged(response: HttpResponse, record: T) -> T:
    """``record``, with its ETag set on the response that will carry it."""
    response["ETag"] = etag(record)
    return record


def if_match(request: HttpRequest, record: Any) -> int | None:
    """The version ``If-Match`` asks the write to apply to: None without the header or with
    ``*``; the record's version when one of the tags is its current ETag; else 0, which no
    record has, so that the service refuses it as stale (a weak tag never matches, RFC 9110
    compares strongly here)."""
    tags = _asked(request)
    if tags is None:
        return None
    return int(record.version) if etag(record) in tags else 0


def set_etag(kind: str, pk: int, fingerprint: str) -> str:
    """The strong ETag of a set replaced whole (a task's predecessors, a budget line's months),
    which has no version of its own: ``"predecessors-12-<fingerprint of its rows>"``."""
    return f'"{kind}-{pk}-{fingerprint}"'


def if_match_set(request: HttpRequest, kind: str, pk: int) -> str | None:
    """The fingerprint of the set ``If-Match`` asks a PUT to replace: None without the header or
    with ``*``; ``""``, which no set has, for a tag of anything else."""
    tags = _asked(request)
    if tags is None:
        return None
    start = f'"{kind}-{pk}-'
    return next((tag[len(start):-1] for tag in tags if tag.startswith(start)), "")


class StaleProblem(Schema):
    """A write refused because the record changed since the client read it (HTTP 412)."""

    code: Literal["stale"]
    message: str = Field(description="Who changed the record and when, in the reader's language.")


@cache  # one schema per kind of record, shared by its PATCH and DELETE
def stale_problem(schema: type[Schema]) -> type[Schema]:
    """The 412 answer of an endpoint writing the records ``schema`` shows: the problem, with the
    record as it is now in ``current``."""
    return create_model(f"Stale{schema.__name__}", __base__=StaleProblem,
                        current=(schema, Field(description="The record as it is now; its ETag "
                                                           "is in the answer's headers.")))


def written(response: HttpResponse, write: Callable[[], Any], *, status: int = 200) -> Any:
    """Run ``write``, a service call given ``if_match``'s version: what it returns, with its new
    ETag (``status`` 204 for a deletion, which returns nothing), or the 412 problem with the
    record as it is now when the version was stale (nothing was written)."""
    try:
        result = write()
    except StaleVersion as exc:
        tagged(response, exc.current)
        return Status(412, {"code": exc.code, "message": exc.message, "current": exc.current})
    if result is not None:
        tagged(response, result)
    return Status(status, result)


def _asked(request: HttpRequest) -> list[str] | None:
    """The tags of the request's ``If-Match``: None without the header or with ``*`` (any)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = parse_etags(header)
    return None if tags == ["*"] else tags
