"""The constraint a Gantt drag makes, seen and cleared in a real headless Chromium: a pin on the
chart and beside the name, the task editor that removes it."""

from __future__ import annotations

import datetime

import pytest

from jalon.planning.models import Task
from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dragged_bar_shows_its_pin_and_the_editor_clears_it(page, manager, project, plan):
    Task.objects.filter(pk=plan[2].pk).update(deadline=datetime.date(2025, 3, 21))
    login(page, "pm-test", "pass-word-123")
    page.goto(f"/projects/{project.pk}/gantt/")
    pin = f'g.row[data-id="t{plan[0].pk}"] path.constraint-pin'
    page.wait_for_selector(f'g.row[data-id="t{plan[0].pk}"] rect.bar')
    assert page.locator(pin).count() == 0
    assert page.get_attribute(f'g.row[data-id="t{plan[2].pk}"] path.deadline-mark',
                              "data-date") == "2025-03-21"
    box = page.locator(f'g.row[data-id="t{plan[0].pk}"] rect.bar').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_response(lambda r: r.url.endswith("/reschedule")):
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 6):
            page.mouse.move(x + 14 * 7 * step / 5, y)  # a week at the weekly zoom (14 px a day)
        page.mouse.up()
    page.wait_for_selector(pin)
    assert page.get_attribute(pin, "data-type") == "SNET"
    assert page.get_attribute(pin, "data-date") == "2025-03-10"
    assert "Début au plus tôt le" in page.get_attribute(
        f'.gantt-row[data-id="t{plan[0].pk}"] .constraint', "title")

    page.goto(f"/projects/{project.pk}/tasks/")
    assert "Début au plus tôt le 10/03/2025" in page.inner_text(f"#task-{plan[0].pk}")
    page.click(f'#task-{plan[0].pk} a[href$="/details/"]')
    page.select_option("select[name=constraint_type]", "ASAP")
    page.click("form.form-grid button.primary")
    page.wait_for_selector(f"#task-{plan[0].pk}")
    assert "Début au plus tôt" not in page.inner_text(f"#task-{plan[0].pk}")
    assert Task.objects.get(pk=plan[0].pk).constraint_date is None
