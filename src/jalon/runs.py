"""Long work in the task queue: one model base and one life cycle for every kind of run.

A run is a row that the page polls: **queued** (waiting for ``jalon worker``), **running** with
its progress, then **done** with its result, **failed** with the reason (a message code and its
parameters, shown in the reader's language), or **cancelled**. Cancel sets a flag that the work
reads as it goes (through its progress callback) and marks the run cancelled at once; a result
that arrives afterwards is dropped. Levelling runs and Monte Carlo simulations are runs; so is
the long work to come (report packs, portfolio optimisation).

An app declares its run model on :class:`Run` (its options and scope as fields), and its work as
a function of the run returning the result (JSON-ready); :func:`execute` does the rest.

**A worker that dies** (killed, out of memory, the machine restarted) cannot mark its run
failed. So while the work goes on, :func:`execute` beats a heartbeat on the run every
:data:`HEARTBEAT` seconds from a thread of its own, whatever the work reports; and
:func:`recover_stalled`, called when a worker starts and by the worker's periodic sweep, fails
every run still "running" whose heartbeat stopped more than :data:`STALLED` ago, saying so. A
run is never "running" for ever.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from jalon.errors import JalonError
from jalon.i18n import Message, MessageCode, gettext_noop

__all__ = ["Run", "RunCancelled", "cancel", "execute", "fail_stalled", "record_progress",
           "recover_stalled"]

#: Seconds between two heartbeats of a running run.
HEARTBEAT = 30.0
#: How long without a heartbeat before a running run is taken for dead.
STALLED = timedelta(minutes=3)


CRASHED = MessageCode("run.crashed", gettext_noop(
    "The run stopped on an unexpected error; the server log has the details. Start it again, "
    "and tell your administrator if it fails the same way."))
WORKER_LOST = MessageCode("run.worker_lost", gettext_noop(
    "The worker running this run stopped before it finished (it was killed or its machine "
    "restarted); nothing was stored. Start the run again."))


class RunCancelled(Exception):
    """Raised by the work when it notices that its run was cancelled: nothing is stored."""


class Run(models.Model):
    """What every background run has: its state, progress, result or failure, and who started
    it when. ``progress`` goes from 0 to 1; ``result`` is the work's JSON, ``failure`` the
    message saying why it failed (:meth:`jalon.i18n.Message.to_json`)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    result = models.JSONField(_("result"), null=True, blank=True)
    failure = models.JSONField(
        _("failure"), null=True, blank=True,
        help_text=_("Why the run failed, as a message code and its parameters, shown in the "
                    "reader's language."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"), null=True, blank=True,
        help_text=_("When the worker running it last said it was alive."))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def finished(self) -> bool:
        return self.state not in (self.State.QUEUED, self.State.RUNNING)

    @property
    def error(self) -> str:
        """Why the run failed, in the active language ("" unless it failed)."""
        return Message.from_json(self.failure).render() if self.failure else ""


R = TypeVar("R", bound=Run)


def execute(model: type[R], run_id: int, work: Callable[[R], Any]) -> bool:
    """Run the queued run ``run_id`` of ``model``: ``work(run)`` returns its result. Answer
    whether this call took the run: a run is taken once, whichever workers try.

    A run cancelled before it starts is left alone; a :class:`~jalon.errors.JalonError` from the
    work marks it failed with the error's message (named as the work named it), any other
    exception marks it failed too and is raised again for the worker's log; ``RunCancelled``,
    or a cancel while it ran, leaves it cancelled and stores nothing.
    """
    now = timezone.now()
    started = model._default_manager.filter(pk=run_id, state=Run.State.QUEUED,
                                            cancel_requested=False).update(
        state=Run.State.RUNNING, started_at=now, heartbeat_at=now)
    if not started:
        return False
    run = model._default_manager.get(pk=run_id)
    running = model._default_manager.filter(pk=run_id, state=Run.State.RUNNING)
    try:
        with _Heartbeat(running):
            result = work(run)
    except RunCancelled:
        return True  # cancel() already marked it
    except JalonError as exc:
        running.update(state=Run.State.FAILED, failure=exc.sentence.to_json(),
                       finished_at=timezone.now())
        return True
    except Exception:
        # a defect, not the user's input: the run must not stay "running" for ever
        running.update(state=Run.State.FAILED, failure=CRASHED().to_json(),
                       finished_at=timezone.now())
        raise
    running.update(state=Run.State.DONE, progress=1.0, result=result, finished_at=timezone.now())
    return True


def record_progress(model: type[Run], run_id: int, progress: float, **fields: Any) -> bool:
    """Store a running run's ``progress`` (0-1) and any of its own progress ``fields``; answer
    whether to carry on (False once the run was cancelled)."""
    model._default_manager.filter(pk=run_id, state=Run.State.RUNNING).update(
        progress=round(min(max(progress, 0.0), 1.0), 4), **fields)
    return not model._default_manager.filter(pk=run_id, cancel_requested=True).exists()


def cancel(run: R) -> R:
    """Cancel ``run`` if it is queued or running: marked cancelled now; running work stops at its
    next progress report and stores nothing. A finished run is left as it is."""
    waiting = [Run.State.QUEUED, Run.State.RUNNING]
    type(run)._default_manager.filter(pk=run.pk, state__in=waiting).update(
        cancel_requested=True, state=Run.State.CANCELLED, finished_at=timezone.now())
    run.refresh_from_db()
    return run


class _Heartbeat:
    """Within its ``with``, a thread stamps ``heartbeat_at`` on the running run every
    :data:`HEARTBEAT` seconds, on its own database connection."""

    def __init__(self, running: models.QuerySet[Any]) -> None:
        self.running = running
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name="run-heartbeat")

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stop.wait(HEARTBEAT):
                with suppress(DatabaseError):  # busy for a moment: the next beat will do
                    self.running.update(heartbeat_at=timezone.now())
        finally:
            connection.close()


def run_models() -> list[type[Run]]:
    """Every installed kind of run."""
    return [m for m in apps.get_models() if issubclass(m, Run)]


def recover_stalled(*, now: datetime | None = None) -> int:
    """Fail every run left "running" by a worker that died (no heartbeat for :data:`STALLED`);
    returns how many."""
    return sum(fail_stalled(model._default_manager.all(), now=now) for model in run_models())


def fail_stalled(candidates: models.QuerySet[Any], *, now: datetime | None = None) -> int:
    """Fail the runs of ``candidates`` left "running" by a worker that died (no heartbeat for
    :data:`STALLED`), saying so; returns how many."""
    limit = (now or timezone.now()) - STALLED
    return candidates.annotate(
        alive_at=Coalesce("heartbeat_at", "started_at", "created_at")).filter(
        state=Run.State.RUNNING, alive_at__lt=limit).update(
        state=Run.State.FAILED, failure=WORKER_LOST().to_json(), finished_at=timezone.now())


#: How often the worker looks for runs whose worker died.
SWEEP = timedelta(minutes=5)


@task()
def sweep_stalled() -> int:
    """Fail the runs whose worker died, then come back in :data:`SWEEP`; returns how many."""
    try:
        return recover_stalled()
    finally:
        sweep_stalled.using(run_after=timezone.now() + SWEEP).enqueue()


def ensure_sweep_schedule() -> bool:
    """Recover the runs left by a worker that died, and start the periodic sweep unless one
    waits (called when a worker starts); returns whether a sweep was enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    recover_stalled()
    if DBTaskResult.objects.filter(
            task_path=sweep_stalled.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        return False
    sweep_stalled.using(run_after=timezone.now() + SWEEP).enqueue()
    return True
