"""The optimal levelling runs in the task queue (``db_worker``), reports progress, can be
cancelled."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jalon.engine.levelling.cpsat import SearchProgress
from jalon.resources.levelling import _recorder, levelling_cancel, levelling_start
from jalon.resources.models import LevellingRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_the_optimal_method_runs_in_the_worker_and_leaves_a_preview(crowded, manager):
    run = levelling_start(actor=manager, scope=crowded["project"], method="optimal",
                          time_limit=2)
    assert run.state == LevellingRun.State.QUEUED and run.result is None
    work()
    run.refresh_from_db()
    assert run.state == LevellingRun.State.DONE
    assert run.result["status"] == "optimal" and run.result["over_allocations"] == []
    assert run.result["apply"] == {str(crowded["b"].pk): "2025-03-06"}


def test_a_run_cancelled_before_the_worker_takes_it_never_runs(crowded, manager):
    run = levelling_start(actor=manager, scope=crowded["project"], method="optimal",
                          time_limit=2)
    levelling_cancel(actor=manager, run=run)
    work()
    run.refresh_from_db()
    assert run.state == LevellingRun.State.CANCELLED and run.result is None


def test_progress_is_stored_for_the_page_and_a_cancelled_run_keeps_no_result(crowded,
                                                                             manager):
    run = levelling_start(actor=manager, scope=crowded["project"], method="optimal",
                          time_limit=2)
    LevellingRun.objects.filter(pk=run.pk).update(state=LevellingRun.State.RUNNING)
    _recorder(run.pk)(SearchProgress(elapsed=0.5, time_limit=2, makespan=7, lower_bound=6))
    run.refresh_from_db()
    assert (run.elapsed, run.best_makespan, run.best_bound) == (0.5, 7, 6)
    assert run.progress == 0.25  # of the time limit: the page's progress bar
    levelling_cancel(actor=manager, run=run)
    run.refresh_from_db()
    assert run.state == LevellingRun.State.CANCELLED and run.cancel_requested
