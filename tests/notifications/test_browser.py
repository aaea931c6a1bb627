"""The bell, the home dashboard's "to do" panel and marking read in a real headless Chromium:
the pieces htmx loads and swaps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_and_the_to_do_panel_follow_what_is_read(page, send, manager):
    send([manager], action=True, ref="gate:1")
    send([manager])
    login(page, "pm-test", "pass-word-123")
    page.goto("/")
    page.wait_for_selector(".todo-panel li")
    assert "Dossier d’affaires" in page.inner_text(".todo-panel")
    assert page.inner_text(".bell .badge") == "2"
    assert page.text_content(".bell").endswith("2 notifications non lues")
    page.click(".bell")
    page.wait_for_selector("tr.unread")
    page.click("tr.unread >> nth=0 >> button")  # mark the newest read, in place
    expect(page.locator("tr.unread")).to_have_count(1)
    expect(page.locator(".bell .badge")).to_have_text("1")
    expect(page.locator(".bell")).to_contain_text("1 notification non lue")
    page.click("text=Tout marquer comme lu")
    page.wait_for_selector("text=Vous avez tout lu.")
