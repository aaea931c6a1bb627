"""The life cycle every background run shares (:mod:`jalon.runs`), seen on a simulation run:
a defect in the work never leaves a run "running" for ever, and the page says so in the
reader's language."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from jalon import runs
from jalon.errors import ValidationFailed
from jalon.i18n import Message
from jalon.risks.models import SimulationRun

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def run(project, manager):
    return SimulationRun.objects.create(project=project, created_by=manager)


def test_a_run_that_crashes_is_failed_with_a_sentence_and_the_error_reaches_the_log(run):
    def broken(_run):
        raise ZeroDivisionError("a defect")

    with pytest.raises(ZeroDivisionError):
        runs.execute(SimulationRun, run.pk, broken)
    run.refresh_from_db()
    assert run.state == SimulationRun.State.FAILED and run.finished_at and run.result is None
    with translation.override("en"):
        assert run.error.startswith("The run stopped on an unexpected error")
    with translation.override("fr"):
        assert run.error.startswith("Le calcul s’est arrêté sur une erreur inattendue")


def test_a_refusal_is_stored_as_its_message_and_a_result_as_json(run, project):
    refused = ValidationFailed(Message.plain("Nothing to simulate."))
    runs.execute(SimulationRun, run.pk, lambda _run: (_ for _ in ()).throw(refused))
    run.refresh_from_db()
    assert (run.state, run.error) == (SimulationRun.State.FAILED, "Nothing to simulate.")

    done = SimulationRun.objects.create(project=project)
    runs.execute(SimulationRun, done.pk, lambda _run: {"p80": "2026-01-02"})
    done.refresh_from_db()
    assert (done.state, done.progress, done.result) == ("done", 1.0, {"p80": "2026-01-02"})
    assert done.started_at <= done.finished_at


def test_progress_is_kept_between_0_and_1_and_a_cancel_stops_the_work(run):
    SimulationRun.objects.filter(pk=run.pk).update(state=SimulationRun.State.RUNNING)
    assert runs.record_progress(SimulationRun, run.pk, 1.7) is True
    run.refresh_from_db()
    assert run.progress == 1.0
    runs.cancel(run)
    assert run.state == SimulationRun.State.CANCELLED
    assert runs.record_progress(SimulationRun, run.pk, 0.5) is False  # the work stops here


def test_a_cancelled_run_never_starts_and_a_finished_one_cannot_be_cancelled(run, project):
    runs.cancel(run)
    runs.execute(SimulationRun, run.pk, lambda _run: pytest.fail("a cancelled run ran"))
    run.refresh_from_db()
    assert run.state == SimulationRun.State.CANCELLED
    done = SimulationRun.objects.create(project=project)
    runs.execute(SimulationRun, done.pk, lambda _run: {})
    assert runs.cancel(done).state == SimulationRun.State.DONE


def test_a_run_whose_worker_died_is_failed_by_the_sweep_and_a_live_one_is_not(run, project):
    now = timezone.now()
    SimulationRun.objects.filter(pk=run.pk).update(
        state=SimulationRun.State.RUNNING, started_at=now - timedelta(hours=1),
        heartbeat_at=now - runs.STALLED - timedelta(seconds=1))
    alive = SimulationRun.objects.create(project=project, state=SimulationRun.State.RUNNING,
                                         started_at=now - timedelta(hours=1), heartbeat_at=now)
    assert runs.recover_stalled(now=now) == 1
    run.refresh_from_db()
    alive.refresh_from_db()
    assert run.state == SimulationRun.State.FAILED and run.finished_at
    with translation.override("fr"):
        assert "s’est arrêté avant la fin" in run.error
    assert alive.state == SimulationRun.State.RUNNING
    assert runs.recover_stalled(now=now) == 0  # failed once


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_beats_while_the_work_goes_on(project, monkeypatch):
    monkeypatch.setattr(runs, "HEARTBEAT", 0.05)
    run = SimulationRun.objects.create(project=project)
    beats = []

    def slow(_run):
        for _ in range(20):
            time.sleep(0.05)
            beats.append(SimulationRun.objects.values_list("heartbeat_at", flat=True)
                         .get(pk=_run.pk))
        return {}

    runs.execute(SimulationRun, run.pk, slow)
    assert len(set(beats)) > 2  # stamped again and again, though the work reported nothing
    assert SimulationRun.objects.get(pk=run.pk).state == SimulationRun.State.DONE
