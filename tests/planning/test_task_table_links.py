"""The task table builds its rows' addresses from the tab's own (one reverse per page, not ten
per row): each must still be the address of the action it names."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_every_row_action_goes_to_its_own_address(pm_client, project, plan):
    page = pm_client.get(f"/projects/{project.pk}/tasks/").content.decode()
    task = plan[1]
    row = page[page.index(f'id="task-{task.pk}"'):page.index(f'id="task-{plan[2].pk}"')]
    links = set(re.findall(r'(?:href|hx-get|hx-post|formaction)="([^"]+)"', row))
    expected = {reverse("project-tasks", args=[project.pk]) + f"?edit={task.pk}",
                reverse("task-edit", args=[project.pk, task.pk]),
                reverse("task-details", args=[project.pk, task.pk]),
                *(reverse("task-action", args=[project.pk, task.pk, action])
                  for action in ("up", "down", "outdent", "indent", "delete"))}
    assert links == expected
    assert 'title="Move up"' in row and 'aria-label="Delete"' in row


def test_the_row_labels_are_in_the_readers_language(project, plan, manager):
    page = signed_in(manager, language="fr").get(f"/projects/{project.pk}/tasks/").content.decode()
    row = page[page.index(f'id="task-{plan[1].pk}"'):page.index(f'id="task-{plan[2].pk}"')]
    assert 'title="Monter"' in row and 'title="Move up"' not in row
