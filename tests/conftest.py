"""Fixtures shared by every test: users with roles on a small portfolio."""

from __future__ import annotations

import datetime
import os
import shutil
from decimal import Decimal

import pytest
from django.test import Client

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.planning.models import Dependency
from tests.factories import (
    DependencyFactory,
    PortfolioFactory,
    ProgrammeFactory,
    ProjectFactory,
    ResourceFactory,
    TaskFactory,
    UserFactory,
)
from tests.pages import signed_in


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create thousands of users: hash their passwords with a fast hasher instead of
    PBKDF2's million rounds (0.6 s a user here). Logging in and checking passwords work the same;
    the servers the tests start as subprocesses (``jalon demo``, the wheel) keep the real one."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _one_language_a_test(request):
    """Each test starts in its own language: English when marked ``english``, else the
    default (French). A request switches the thread's language and Django leaves it so; without
    this, a test would read whatever language the test before it on that worker left."""
    from django.conf import settings
    from django.utils import translation

    english = request.node.get_closest_marker("english") is not None
    with translation.override("en" if english else settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _signal_handlers_kept():
    """A test that runs the task queue in process (``call_command("db_worker", "--batch")``)
    leaves the worker's SIGINT/SIGTERM/SIGQUIT handlers installed, which turn pytest-xdist's
    stopping of its worker into a silent ``SystemExit(0)``: put back the handlers found."""
    import signal

    kinds = [signal.SIGINT, signal.SIGTERM, *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT")
                                              else [])]
    found = {kind: signal.getsignal(kind) for kind in kinds}
    yield
    for kind, handler in found.items():
        if signal.getsignal(kind) is not handler and handler is not None:
            signal.signal(kind, handler)


@pytest.fixture(autouse=True)
def _fresh_api_rates():
    """The API counts each user's calls in Django's cache (jalon.api.throttling), which outlives
    a test; test users share names from one test to the next, so each test starts uncounted."""
    from django.core.cache import cache

    from jalon.portfolios.results import forget_remembered

    cache.clear()
    forget_remembered()  # figures kept under keys that a rolled-back database may reuse


@pytest.fixture
def portfolio(db):
    return PortfolioFactory()


@pytest.fixture
def programme(portfolio):
    return ProgrammeFactory(portfolio=portfolio)


@pytest.fixture
def project(programme):
    return ProjectFactory(portfolio=programme.portfolio, programme=programme)


@pytest.fixture
def other_project(db):
    return ProjectFactory()


def _user_with(role: str, scope=None, username: str | None = None):
    user = UserFactory(username=username) if username else UserFactory()
    grant_role(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.fixture
def pmo(db):
    return _user_with(Role.PMO_ADMIN, username="pmo-test")


@pytest.fixture
def executive(db):
    return _user_with(Role.EXECUTIVE, username="exec-test")


@pytest.fixture
def manager(project):
    """The project manager of ``project`` only."""
    return _user_with(Role.PROJECT_MANAGER, project, username="pm-test")


@pytest.fixture
def member(project):
    return _user_with(Role.TEAM_MEMBER, project, username="member-test")


@pytest.fixture
def outsider(db):
    """A user with a role on an unrelated project."""
    return _user_with(Role.PROJECT_MANAGER, ProjectFactory(), username="outsider-test")


# --- pages: signed-in clients (French unless the test is marked english), a small plan ---------

def _language(request) -> str | None:
    return "en" if request.node.get_closest_marker("english") else None


@pytest.fixture
def pm_client(request, manager) -> Client:
    return signed_in(manager, language=_language(request))


@pytest.fixture
def pmo_client(request, pmo) -> Client:
    return signed_in(pmo, language=_language(request))


@pytest.fixture
def member_client(request, member) -> Client:
    return signed_in(member, language=_language(request))


@pytest.fixture
def outsider_client(request, outsider) -> Client:
    return signed_in(outsider, language=_language(request))


@pytest.fixture
def plan(project):
    """Three tasks in a row on ``project``: 1 (2 days) -> 2 (3 days) -> 3 (1 day), from a Monday."""
    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    first = TaskFactory(project=project, name="Design", position=1, wbs_code="1", duration=Decimal("2"))
    second = TaskFactory(project=project, name="Build", position=2, wbs_code="2", duration=Decimal("3"))
    third = TaskFactory(project=project, name="Test", position=3, wbs_code="3", duration=Decimal("1"))
    DependencyFactory(predecessor=first, successor=second)
    DependencyFactory(predecessor=second, successor=third, type=Dependency.Type.SS, lag=Decimal("1"))
    return [first, second, third]


@pytest.fixture
def resource(db):
    return ResourceFactory(code="DEV1", name="Alice Martin")


# --- browser tests: Playwright for Python drives Debian's headless Chromium ---------------------

CHROMIUM = os.environ.get("JALON_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (scripts/test does)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
    # there are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- the task queue --------------------------------------------------------------------------

@pytest.fixture
def worker(settings):
    """Runs queued work (levelling, simulations) at once, as if ``jalon worker`` took each job
    the moment it was queued: for the tests that look at a run's outcome, not at the queue (the
    queue itself is tested with ``db_worker`` in tests/tasks_queue and the run tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences",
                      "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    """With ``JALON_TESTS_DATABASE_ONLY`` set, only the tests that use the database: to run a
    folder again on PostgreSQL without its engine or file-format tests, which cannot behave
    differently there. The PostgreSQL pass of scripts/test selects fewer: ``-m postgres``, the
    tests whose outcome can depend on the database (docs/development.md)."""
    if not os.environ.get("JALON_TESTS_DATABASE_ONLY"):
        return
    kept = [item for item in items if item.get_closest_marker("django_db") is not None
            or _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if len(kept) < len(items):
        chosen = set(map(id, kept))
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in chosen])
        items[:] = kept
