"""The tolerance check in the task queue: the quarter-hourly chain starts once, and a change of
tolerances checks the project as soon as it is committed."""

from __future__ import annotations

import pytest

from jalon.governance.exceptions import tolerances_set
from jalon.governance.models import ToleranceException
from tests.finance.conftest import worked  # noqa: F401 - the earned value example as a fixture
from tests.governance.test_tolerances import over_budget  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_the_quarter_hourly_check_is_started_once():
    from django_tasks_db.models import DBTaskResult

    from jalon.governance.tasks import check_every_quarter_hour, ensure_exception_schedule

    assert ensure_exception_schedule() is True
    assert ensure_exception_schedule() is False  # one waits already
    assert DBTaskResult.objects.filter(
        task_path=check_every_quarter_hour.module_path).count() == 1


def test_tighter_tolerances_raise_the_exception_once_committed(over_budget, pmo,  # noqa: F811
                                                               worker,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tolerances_set(actor=pmo, project=over_budget, cost_percent=50, time_days=60)
    assert not ToleranceException.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        tolerances_set(actor=pmo, project=over_budget, cost_percent=5, time_days=60)
    assert [e.measure for e in ToleranceException.objects.all()] == ["cost"]


def test_a_longer_task_raises_the_time_exception_once_committed(over_budget, pmo,  # noqa: F811
                                                                worker,
                                                                django_capture_on_commit_callbacks):
    """Issue 16's "done when": pushing the forecast beyond the tolerance raises the exception,
    without anybody asking for a check."""
    from jalon.planning import services as planning

    with django_capture_on_commit_callbacks(execute=True):
        tolerances_set(actor=pmo, project=over_budget, time_days=10, cost_percent=50)
    assert not ToleranceException.objects.exists()
    build = over_budget.tasks.get(name="Build")
    with django_capture_on_commit_callbacks(execute=True):
        planning.task_update(actor=pmo, task=build, duration=20)  # ten more working days: 14 days late
    assert [e.measure for e in ToleranceException.objects.all()] == ["time"]
