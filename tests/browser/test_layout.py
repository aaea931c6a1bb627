"""The page frame in a real headless Chromium: the top bar stays on one line on a laptop screen,
in French (the longer labels), even with a long user name."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from tests.browsing import login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_NAME = "marie-christine.delaunay-fontaine"


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_top_bar_holds_on_one_line_with_a_long_user_name(page, width):
    user = UserFactory(username=LONG_NAME)
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN, scope=None)
    page.set_viewport_size({"width": width, "height": 800})
    login(page, LONG_NAME, "pass-word-123")
    page.goto("/")
    brand = page.locator(".topbar .brand").bounding_box()
    signout = page.locator(".topbar-end button.link").bounding_box()
    links = page.locator("nav.mainnav a")
    assert links.count() == 6
    rows = {round(links.nth(k).bounding_box()["y"]) for k in range(links.count())}
    assert len(rows) == 1  # every menu link on one row
    middle = brand["y"] + brand["height"] / 2
    assert abs(signout["y"] + signout["height"] / 2 - middle) < brand["height"] / 2
    assert abs(rows.pop() - brand["y"]) < brand["height"]
    whoami = page.locator(".whoami")
    assert whoami.get_attribute("title") == LONG_NAME  # the whole name on hover


def test_the_api_docs_render_offline(page, live_server):
    """Swagger UI draws the API's operations with every request outside the server refused."""
    user = UserFactory(username="docs-reader")
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN, scope=None)
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    login(page, "docs-reader", "pass-word-123")
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() > 50
    assert outside == []


def test_no_page_breaks_the_content_security_policy(page, plan):
    """The dashboard, a Gantt (SVG drawn by script), the account page and Swagger UI run under the
    policy: Chromium reports no refused script, style, image or request."""
    user = UserFactory(username="csp-reader")
    grant_role(actor=None, user=user, role=Role.PMO_ADMIN, scope=None)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    login(page, "csp-reader", "pass-word-123")
    project = plan[0].project
    for path, ready in [("/", "main.page"), (f"/projects/{project.pk}/gantt/", ".gantt svg"),
                        ("/account/", "form"), ("/api/docs", ".swagger-ui .opblock")]:
        page.goto(path)
        page.wait_for_selector(ready, timeout=30_000)  # Swagger UI draws 190 operations
        page.wait_for_load_state("networkidle")
    assert page.locator(".gantt svg, .swagger-ui").count() > 0
    assert refused == []
