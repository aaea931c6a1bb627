"""A plan the engine refuses: the page and the API say why in the reader's language, naming the
task as users know it (WBS code and name), never by its primary key."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.utils import translation

from jalon.errors import ValidationFailed
from jalon.planning.scheduling import project_schedule
from tests.factories import CalendarFactory, DependencyFactory, TaskFactory
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)

FRENCH = ("Activité « 4.3 Recette » : une tâche récapitulative n’accepte que les contraintes "
          "ASAP, SNET ou FNLT, pas MSO.")
ENGLISH = "Activity “4.3 Recette”: a summary takes only ASAP, SNET or FNLT constraints, not MSO."


@pytest.fixture
def refused(project):
    """A summary task that must start on a date: a constraint the engine refuses to a summary
    (stored directly, as an older version or an import might have left it)."""
    project.planned_start = MONDAY
    project.save()
    phase = TaskFactory(project=project, name="Recette", wbs_code="4.3", position=1,
                        constraint_type="MSO", constraint_date=MONDAY)
    TaskFactory(project=project, parent=phase, name="Tests", wbs_code="4.3.1", position=2)
    return phase


@pytest.fixture
def far(project):
    """A project whose schedule runs past 2200, the limit of a calendar with public holidays:
    each value within its bounds (a start in 2150, two tasks of 10,000 working days), the two
    in a row beyond."""
    project.planned_start = datetime.date(2150, 1, 4)
    project.calendar = CalendarFactory(public_holidays="FR")
    project.save()
    first = TaskFactory(project=project, name="Long", duration=Decimal("10000"), position=1)
    then = TaskFactory(project=project, name="Longer", duration=Decimal("10000"), position=2)
    DependencyFactory(predecessor=first, successor=then)
    return project


def test_the_engine_error_names_the_task_by_wbs_and_name(refused):
    with pytest.raises(ValidationFailed) as caught:
        project_schedule(refused.project)
    with translation.override("fr"):
        assert caught.value.message == FRENCH
    with translation.override("en"):
        assert caught.value.message == ENGLISH
    assert not caught.value.references()  # named: no engine id left


def test_the_project_page_says_why_in_french(refused, manager):
    html = unescape(signed_in(manager).get(f"/projects/{refused.project.pk}/").content.decode())
    assert f"Le planning ne peut pas être calculé : {FRENCH}" in html
    assert "Activity" not in html and f"'{refused.pk}'" not in html


def test_the_project_page_says_why_in_english(far, manager):
    html = signed_in(manager, language="en").get(f"/projects/{far.pk}/").content.decode()
    assert ("The schedule cannot be computed: The schedule reaches beyond the year 2200, the "
            "limit of this calendar.") in html


def test_the_tasks_page_says_why_in_french(far, manager):
    html = signed_in(manager).get(f"/projects/{far.pk}/tasks/").content.decode()
    assert ("Le planning ne peut pas être calculé : Le planning dépasse l’année 2200, la limite "
            "de ce calendrier.") in html
    assert "The schedule reaches" not in html


def test_the_api_problem_keeps_its_code_and_adds_the_reason_and_parameters(refused, manager):
    response = signed_in(manager).get(f"/api/v1/projects/{refused.project.pk}/schedule")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["message"], body["reason"]) == ("invalid", FRENCH, "engine.about")
    assert body["errors"] == {"constraint_type": [FRENCH]}
    owner = body["params"]["owner"]
    assert owner["code"] == "engine.activity"
    assert owner["params"]["task"]["params"] == {"name": "4.3 Recette"}
    assert body["params"]["problem"]["params"] == {"constraint": "MSO"}
    english = signed_in(manager, language="en").get(
        f"/api/v1/projects/{refused.project.pk}/schedule").json()
    assert english["message"] == ENGLISH and english["params"] == body["params"]
