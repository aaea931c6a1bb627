"""A plan's tasks are checked on their values before anything is written: every rule of the
task model refuses the file with the model's own message, naming the task and the field, and no
task the model would refuse gets through the quicker check."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon import io
from jalon.errors import ValidationFailed
from jalon.interchange import plan_import
from jalon.interchange import services as interchange
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.validation import validate

pytestmark = pytest.mark.django_db


def _document(**task: object) -> io.ProjectDocument:
    return io.ProjectDocument(name="Checked", start=date(2026, 1, 5), tasks=[
        io.TaskDef(id="1", name="Ready"),
        io.TaskDef(**{"id": "2", "name": "Broken", **task}),  # type: ignore[arg-type]
    ])


REFUSED = [
    ({"duration": -2.0}, "duration: The duration cannot be negative."),
    ({"duration": 20_000.0}, "duration: At most 10000 working days"),
    ({"optimistic": 3.0, "most_likely": 2.0, "pessimistic": 5.0},
     "most_likely: Estimates must satisfy optimistic ≤ most likely ≤ pessimistic."),
    ({"optimistic": -1.0, "most_likely": 2.0, "pessimistic": 5.0},
     "optimistic: Estimates cannot be negative."),
    ({"optimistic": 1.0, "most_likely": 2.0, "pessimistic": 50_000.0},
     "pessimistic: At most 10000 working days"),
    ({"constraint_type": "SNET"}, "constraint_date: This constraint needs a date."),
    ({"constraint_type": "SOON", "constraint_date": date(2026, 2, 2)},
     "constraint_type: Value 'SOON' is not a valid choice."),
    ({"deadline": date(2300, 1, 1)}, "deadline: Dates after"),
    ({"constraint_type": "SNET", "constraint_date": date(1800, 1, 1)},
     "constraint_date: Dates before"),
    ({"percent_complete": 150.0},
     "percent_complete: Ensure this value is less than or equal to 100."),
    ({"actual_start": date(2026, 3, 2), "actual_finish": date(2026, 2, 2),
      "percent_complete": 100.0},
     "actual_finish: The actual finish is before the actual start."),
    ({"actual_finish": date(2026, 2, 2), "percent_complete": 40.0},
     "percent_complete: A task with an actual finish is 100 % complete."),
    ({"duration": float("inf")}, "duration: “Infinity” value must be a decimal number."),
]


@pytest.mark.english
@pytest.mark.parametrize(("task", "problem"), REFUSED)
def test_a_task_the_model_refuses_is_refused_naming_it(pmo, portfolio, task, problem):
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        interchange.project_import(actor=pmo, document=_document(**task), code="BAD",
                                   portfolio=portfolio)
    assert refused.value.field == "file"
    assert refused.value.message.startswith(f"Task “Broken”: {problem}")
    assert not Project.objects.filter(code="BAD").exists()


def test_the_refusal_reads_in_french(pmo, portfolio):
    with translation.override("fr"), pytest.raises(ValidationFailed) as refused:
        interchange.project_import(actor=pmo, document=_document(duration=-2.0), code="BAD",
                                   portfolio=portfolio)
    assert refused.value.message == ("Tâche « Broken » : duration: La durée ne peut pas être "
                                     "négative.")


def test_values_the_model_cleans_are_stored_as_it_cleans_them(pmo, portfolio):
    """A date given with a time (a datetime) is checked by the model and stored as its date."""
    document = _document(constraint_type="SNET", constraint_date=date(2026, 2, 2),
                         deadline=datetime(2026, 3, 4, 17, 0))
    project = interchange.project_import(actor=pmo, document=document, code="OK",
                                         portfolio=portfolio).project
    broken = Task.objects.get(project=project, name="Broken")
    assert (broken.constraint_date, broken.deadline) == (date(2026, 2, 2), date(2026, 3, 4))


def _model_accepts(values: tuple[object, ...]) -> bool:
    row = Task(**dict(zip(plan_import.TASK_VALUES, values, strict=True)))
    try:
        validate(row, exclude=["project", "parent", "position", "wbs_code", "calendar"],
                 database=False)
    except ValidationFailed:
        return False
    return True


durations = st.one_of(st.none(), st.sampled_from([-0.001, 0.0, 0.004, 9_999.996, 10_000.0,
                                                  10_000.004, 10_000.01, float("inf")]),
                      st.floats(min_value=-5, max_value=12_000, allow_nan=False))
days = st.one_of(st.none(), st.sampled_from([date(1900, 1, 1), date(2200, 12, 31)]),
                 st.dates(min_value=date(1850, 1, 1), max_value=date(2250, 1, 1)))


@settings(max_examples=400, deadline=None)
@given(duration=durations, optimistic=durations, most_likely=durations, pessimistic=durations,
       constraint=st.sampled_from(["ASAP", "ALAP", "SNET", "MFO", "XX"]), constraint_date=days,
       deadline=days, actual_start=days, actual_finish=days,
       percent=st.sampled_from([0.0, 40.0, 99.6, 100.0, 100.4, 101.0]),
       priority=st.integers(-5, 1_200), name=st.sampled_from(["", "Pose", "x" * 300]))
def test_no_task_the_model_refuses_passes_the_quick_check(
        duration, optimistic, most_likely, pessimistic, constraint, constraint_date, deadline,
        actual_start, actual_finish, percent, priority, name):
    task = io.TaskDef(id="" if not name else "T", name=name, duration=duration or 0.0,
                      optimistic=optimistic, most_likely=most_likely, pessimistic=pessimistic,
                      constraint_type=constraint, constraint_date=constraint_date,
                      deadline=deadline, actual_start=actual_start, actual_finish=actual_finish,
                      percent_complete=percent, priority=priority)
    try:
        row = plan_import._task_row(task, None)
    except ValidationFailed:
        return  # the model's refusal, as the parametrized test above shows it
    assert _model_accepts(row.values)
    assert isinstance(row.values[2], Decimal)
