"""A levelling the engine refuses: the run stores why as a code and parameters, and its page and
the API show it in the reader's language, naming the tasks as users know them."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from jalon.i18n import Message
from jalon.planning.models import Task
from jalon.portfolios.services import inputs_changed
from jalon.resources.levelling import levelling_start
from jalon.resources.models import LevellingRun
from tests.pages import signed_in

pytestmark = pytest.mark.usefixtures("worker")  # runs are queued: the worker takes them at once

FRENCH = ("Le lissage a échoué : Activité « 1 A » : une actual_finish demande une "
          "actual_start.")
ENGLISH = "The levelling failed: Activity “1 A”: an actual_finish needs an actual_start."


def impossible(crowded):
    """A finished without ever starting: progress the services would have refused (written
    around them), which no schedule can place."""
    Task.objects.filter(pk=crowded["a"].pk).update(actual_finish=date(2025, 3, 4))
    return crowded


def test_a_failed_run_stores_the_reason_as_a_code_and_parameters(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    assert run.state == LevellingRun.State.FAILED
    assert run.failure["code"] == "engine.about"
    owner, problem = run.failure["params"]["owner"], run.failure["params"]["problem"]
    assert problem["code"] == "plan.finish_without_start"
    assert owner["params"]["task"]["params"] == {"name": "1 A"}
    assert not list(Message.from_json(run.failure).references())  # no engine id left


def test_the_run_page_shows_the_failure_in_french_then_in_english(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    french = unescape(signed_in(manager).get(f"/levelling/{run.pk}/").content.decode())
    assert FRENCH in french
    english = unescape(signed_in(manager, language="en").get(
        f"/levelling/{run.pk}/").content.decode())
    assert ENGLISH in english
    for html in (french, english):
        assert f"'{crowded['a'].pk}'" not in html


def test_the_api_gives_the_failure_in_the_readers_language_with_its_reason(crowded, manager):
    run = levelling_start(actor=manager, scope=impossible(crowded)["project"])
    french = signed_in(manager).get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert "Le lissage a échoué : " + french["error"] == FRENCH
    assert french["error_reason"] == "engine.about"
    assert french["error_params"] == run.failure["params"]
    english = signed_in(manager, language="en").get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert "The levelling failed: " + english["error"] == ENGLISH


def test_a_run_that_did_not_fail_has_no_error(crowded, manager):
    run = levelling_start(actor=manager, scope=crowded["project"])
    body = signed_in(manager).get(f"/api/v1/levelling-runs/{run.pk}").json()
    assert (body["error"], body["error_reason"], body["error_params"]) == ("", None, {})


def test_a_portfolio_whose_plans_all_fail_has_nothing_to_level_and_names_them(crowded, pmo):
    project = impossible(crowded)["project"]
    inputs_changed(projects=[project])
    run = levelling_start(actor=pmo, scope=project.portfolio)
    assert run.state == LevellingRun.State.FAILED
    assert run.failure["code"] == "levelling.nothing_schedulable"
    assert project.code in signed_in(pmo).get(f"/api/v1/levelling-runs/{run.pk}").json()["error"]
