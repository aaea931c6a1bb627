"""The demo's own actions notify its users: the PMO finds gates awaiting its decision, a project
manager decisions and assignments, each in his inbox and on his home dashboard's "to do"
panel."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jalon.notifications.models import Notification
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["pmo", "cheffe.projet"])
def test_the_pmo_and_a_project_manager_have_news_and_things_to_do(demo, username):
    user = get_user_model().objects.get(username=username)
    client = signed_in(user)
    assert Notification.objects.filter(recipient=user).count() >= 3
    assert "Rien n’attend votre action." not in client.get("/notifications/todo/").content.decode()
    assert "attend votre décision" in client.get("/notifications/").content.decode()
