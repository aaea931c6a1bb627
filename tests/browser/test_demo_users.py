"""Each demo user logs in with a real browser and sees exactly what their roles reach."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from jalon.accounts import permissions
from jalon.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo
from jalon.portfolios.models import Project
from tests.browsing import login

PROJECT_LINK = re.compile(r"^/projects/(\d+)/$")


def project_ids_on_page(page) -> set[int]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return {int(m.group(1)) for href in hrefs if (m := PROJECT_LINK.match(href or ""))}


@pytest.mark.django_db(transaction=True)
def test_every_demo_user_sees_what_their_roles_reach(page):
    load_demo()
    users = get_user_model().objects
    all_ids = set(Project.objects.values_list("pk", flat=True))
    assert len(all_ids) >= 12

    for username, _description in DEMO_USERS:
        page.context.clear_cookies()
        login(page, username, DEMO_PASSWORD)
        assert PROJECT_LINK.pattern and "/login/" not in page.url, f"{username} could not log in"
        expected = set(permissions.visible_projects(users.get(username=username)).values_list("pk", flat=True))
        seen = project_ids_on_page(page)
        assert seen == expected, f"{username} sees {sorted(seen)}, expected {sorted(expected)}"
        if username in ("pmo", "dirigeant"):
            assert seen == all_ids

    # The project manager of a few projects only: hers open, the others are "not found".
    page.context.clear_cookies()
    login(page, "cheffe.projet", DEMO_PASSWORD)
    mine = project_ids_on_page(page)
    assert 0 < len(mine) < len(all_ids)
    response = page.goto(f"/projects/{min(mine)}/tasks/")
    assert response.status == 200
    assert page.locator("table").count() >= 1
    other = min(all_ids - mine)
    response = page.goto(f"/projects/{other}/")
    assert response.status == 404


@pytest.mark.django_db(transaction=True)
def test_the_language_switch_turns_the_interface_to_english(page):
    load_demo()
    login(page, "pmo", DEMO_PASSWORD)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("button", name=re.compile("English")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
