"""The edit pages carry the version they were opened on: saving a form someone else has saved
since is refused, saying who changed the record and when, showing its current values
(issue 18: "Modifié par Alice à 10:42 — voici les valeurs actuelles")."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from jalon.accounts.history import acting_as, last_change
from jalon.finance import services as finance
from jalon.planning import services as planning
from jalon.portfolios import services as portfolios
from jalon.risks import services as risks
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# each edit page, the field both people change, and how the other person changes it
PAGES = {
    "risk": (lambda r: reverse("risk-edit", args=[r.pk]), "title",
             lambda actor, r, value: risks.risk_update(actor=actor, risk=r, title=value)),
    "budget line": (lambda r: reverse("budget-line-edit", args=[r.project_id, r.pk]), "description",
                    lambda actor, r, value: finance.budget_line_update(actor=actor, line=r,
                                                                       description=value)),
    "project": (lambda r: reverse("project-edit", args=[r.pk]), "name",
                lambda actor, r, value: portfolios.project_update(actor=actor, project=r,
                                                                  name=value)),
    "task": (lambda r: reverse("task-details", args=[r.project_id, r.pk]), "notes",
             lambda actor, r, value: planning.task_update(actor=actor, task=r, notes=value)),
}


def opened_form(page: bytes) -> dict[str, list[str]]:
    """What the browser would send of the page's form that carries a version."""
    form = next(f for f in lxml.html.fromstring(page).forms if "version" in f.inputs)
    values: dict[str, list[str]] = {}
    for name, value in form.form_values():
        # a browser drops the newline Django writes at the start of a textarea
        values.setdefault(name, []).append(value.removeprefix("\n"))
    return values


def said_who_and_when(page: str, record) -> bool:
    _who, when = last_change(record)
    return f"modifié par Alice Martin à {timezone.localtime(when):%H:%M}" in page


@pytest.mark.parametrize("kind", list(PAGES))
def test_saving_a_form_someone_saved_since_is_refused_with_the_current_values(kind, records,
                                                                              alice, bruno):
    address, field, change = PAGES[kind]
    record = records[kind]
    client = signed_in(bruno)  # in French
    opened = opened_form(client.get(address(record)).content)
    assert opened["version"] == ["1"]

    with acting_as(alice):
        change(alice, record, "Alice’s value")
    opened[field] = ["Bruno’s value"]
    refused = client.post(address(record), opened)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert said_who_and_when(page, record)
    shown = opened_form(refused.content)
    assert shown[field] == ["Alice’s value"] and shown["version"] == ["2"]
    record.refresh_from_db()
    assert getattr(record, field) == "Alice’s value"

    shown[field] = ["Bruno’s value"]  # saved again on the current values, it goes through
    assert client.post(address(record), shown).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Bruno’s value"


def test_a_stale_row_of_the_task_table_saves_nothing_not_even_its_links(plan, alice, bruno):
    task = plan[2]
    row = {"name": "Test", "duration": "1", "predecessors": "", "percent_complete": "0",
           "actual_start": "", "actual_finish": "", "version": "1"}
    with acting_as(alice):
        planning.task_update(actor=alice, task=task, duration=4)

    refused = signed_in(bruno).post(reverse("task-edit", args=[task.project_id, task.pk]), row)

    assert refused.status_code == 409
    assert said_who_and_when(refused.content.decode(), task)
    task.refresh_from_db()
    assert task.duration == 4 and task.predecessor_links.count() == 1
