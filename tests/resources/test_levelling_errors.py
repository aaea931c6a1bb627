"""A levelling the engine refuses: the run stores why as a code and parameters, and its page and
the API show it in the reader's language, naming the task and the resource as users know them."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from jalon.i18n import Message
from jalon.resources.levelling import levelling_start
from jalon.resources.models import Assignment, LevellingRun
from tests.pages import signed_in

pytestmark = pytest.mark.usefixtures("worker")  # runs are queued: the worker takes them at once

FRENCH = ("Le lissage a échoué : L’activité « 2 B » demande 2 unité(s) de « Alice », qui n’en a "
          "que 1 : elle ne pourrait jamais être réalisée.")
ENGLISH = ("The levelling failed: Activity “2 B” needs 2 units of “Alice”, which has only 1: it "
           "could never run.")


def impossible(crowded):
    """B now needs two Alices, and there is only one: no schedule can run it."""
    Assignment.objects.filter(task=crowded["b"]).update(units=Decimal("2"))
    return crowded


def test_a_failed_run_stores_the_reason_as_a_code_and_parameters(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    assert run.state == LevellingRun.State.FAILED
    assert run.failure["code"] == "levelling.demand_over_capacity"
    assert run.failure["params"]["units"] == 2 and run.failure["params"]["capacity"] == 1
    assert run.failure["params"]["resource"]["params"] == {"name": "Alice"}
    assert run.failure["params"]["task"]["params"] == {"name": "2 B"}
    assert not list(Message.from_json(run.failure).references())  # no engine id left


def test_the_run_page_shows_the_failure_in_french_then_in_english(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    french = unescape(signed_in(manager).get(f"/levelling/{run.pk}/").content.decode())
    assert FRENCH in french
    english = unescape(signed_in(manager, language="en").get(
        f"/levelling/{run.pk}/").content.decode())
    assert ENGLISH in english
    for html in (french, english):
        assert f"R{crowded['alice'].pk}" not in html and f"'{crowded['b'].pk}'" not in html


def test_the_api_gives_the_failure_in_the_readers_language_with_its_reason(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    french = signed_in(manager).get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert "Le lissage a échoué : " + french["error"] == FRENCH
    assert french["error_reason"] == "levelling.demand_over_capacity"
    assert french["error_params"] == run.failure["params"]
    english = signed_in(manager, language="en").get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert "The levelling failed: " + english["error"] == ENGLISH


def test_a_run_that_did_not_fail_has_no_error(crowded, manager):
    run = levelling_start(actor=manager, scope=crowded["project"])
    body = signed_in(manager).get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert (body["error"], body["error_reason"], body["error_params"]) == ("", None, {})
