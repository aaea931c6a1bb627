"""The demo's own actions notify its users: the PMO finds gates awaiting its decision, a project
manager what awaits her too, each in the inbox and on the home dashboard's "to do" panel."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape

from jalon.notifications.models import Notification
from jalon.notifications.selectors import todo_list
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["pmo", "cheffe.projet"])
def test_the_pmo_and_a_project_manager_have_news_and_things_to_do(demo, username):
    user = get_user_model().objects.get(username=username)
    client = signed_in(user)
    assert Notification.objects.filter(recipient=user).count() >= 3
    with translation.override("fr"):
        first = escape(todo_list(user=user).first().text)  # as the page writes it
    assert first in client.get("/notifications/todo/").content.decode()
    assert first in client.get("/notifications/").content.decode()


def test_the_pmo_decides_at_the_demos_gates(demo):
    pmo = get_user_model().objects.get(username="pmo")
    assert todo_list(user=pmo).filter(kind="gate.awaited").exists()
