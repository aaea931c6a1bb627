"""The side of a fault test that runs in the process to be killed: Django set up on the data
directory in ``JALON_DATA_DIR``, the common data (a PMO administrator, a portfolio, a project),
and a stall at a chosen SQL statement that tells the test where it is by the file ``stalled``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    import django

    django.setup()


def migrate_with_project() -> tuple[Any, Any]:
    """Migrate the empty database and add the PMO administrator ``pmo`` and the project P1 of
    portfolio PF (starting 5 January 2026); returns (pmo, project)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role
    from jalon.portfolios.models import Portfolio, Project

    pmo = get_user_model().objects.create_user("pmo", password="pass-word-123")
    grant_role(actor=None, user=pmo, role=Role.PMO_ADMIN)
    portfolio = Portfolio.objects.create(code="PF", name="Portefeuille")
    project = Project.objects.create(portfolio=portfolio, code="P1", name="Projet",
                                     planned_start=date(2026, 1, 5))
    return pmo, project


def stall(when: Callable[[str], bool]) -> Any:
    """Stall this process for good after the first statement ``when`` picks (it sees the SQL in
    capitals), once that statement has run: the test kills it there."""
    from django.db import connection

    marker = Path(os.environ["JALON_DATA_DIR"]) / "stalled"

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if when(sql.lstrip().upper()):
            marker.write_text(str(os.getpid()))
            time.sleep(600)  # killed here
        return result

    return connection.execute_wrapper(wrapper)


def third_insert() -> Callable[[str], bool]:
    """Picks the third INSERT, which must be inside a transaction (the write under test)."""
    from django.db import connection

    inserts = [0]

    def picked(sql: str) -> bool:
        inserts[0] += sql.startswith("INSERT")
        if inserts[0] == 3:
            assert connection.in_atomic_block
            return True
        return False

    return picked
