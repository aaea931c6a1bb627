"""Health endpoints for load balancers and orchestrators (docs/deployment.md).

``GET /health/live`` says that the process answers: it touches nothing else, so a database
outage never gets every web node restarted. ``GET /health/ready`` says whether this node can
serve: 200 when the checks that **decide** pass, 503 otherwise, with every check's outcome:

- ``database`` (decides): a connection and ``SELECT 1``;
- ``migrations`` (decides): every migration of this node's code is recorded as applied (an
  upgrade whose ``jalon migrate`` has not run yet, or a database of another version);
- ``storage`` (decides): a small file written to and deleted from the file storage (the data
  directory, or the bucket with ``JALON_STORAGE=s3``);
- ``workers`` (reported only): a task-queue worker took a job lately. Every running worker
  keeps the periodic sweep (:data:`jalon.runs.SWEEP`) going, so silence for longer than two
  sweeps means no worker. Pages still serve without workers (runs wait for one), and taking
  web nodes out of rotation would not bring a worker back.

The answers are small JSON objects for machines, in English; they name no path, version, host
or error text, need no sign-in, and set no cookie. Nothing here is translated: no user reads
them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from jalon.runs import SWEEP

#: How long since a worker last took a job before the workers are reported unseen.
WORKERS_SEEN = 2 * SWEEP + timedelta(minutes=1)
#: The checks whose failure makes ``/health/ready`` answer 503.
DECIDING = ("database", "migrations", "storage")
OK = "ok"


@cache
def _code_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of the code this process runs (read from the files once: they do not
    change while it runs)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return OK


def _migrations() -> str:
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return "unknown"
    return OK if _code_migrations() <= applied else "pending"


def _storage() -> str:
    # a fresh name per probe: probes of several nodes never collide, and nothing accumulates
    name = f"health/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception:  # noqa: BLE001 - any backend's failure (OS, S3 client) means not writable
        return "not writable"
    return OK


def _workers() -> str:
    try:
        seen = DBTaskResult.objects.filter(
            started_at__gte=timezone.now() - WORKERS_SEEN).exists()
    except DatabaseError:
        return "unknown"
    return OK if seen else "not seen"


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is checked."""
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """200 when the database, its migrations and the storage serve; 503 otherwise. Each
    check's outcome is in ``checks``, the workers' too (reported, never deciding)."""
    database = _database()
    reachable = database == OK
    checks = {"database": database,
              "migrations": _migrations() if reachable else "unknown",
              "storage": _storage(),
              "workers": _workers() if reachable else "unknown"}
    serving = all(checks[name] == OK for name in DECIDING)
    return JsonResponse({"status": "ready" if serving else "unavailable", "checks": checks},
                        status=200 if serving else 503)
