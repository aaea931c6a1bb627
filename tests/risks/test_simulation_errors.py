"""A simulation the engine refuses: the run stores why as a code and parameters, and its page and
the API show it in the reader's language, naming the task as users know it."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from jalon.i18n import Message
from jalon.risks import services, simulation
from jalon.risks.models import RiskTaskLink, SimulationRun
from tests.factories import TaskFactory
from tests.pages import signed_in

FRENCH = "La simulation a échoué : Risque 'R1' : la tâche « 2 Build » est récapitulative."
ENGLISH = "The simulation failed: Risk 'R1': task “2 Build” is a summary."


@pytest.fixture
def failed(planned, manager):
    """A risk on Build, which has since become a summary (Pose under it): the engine refuses to
    delay a summary, so the simulation fails."""
    risk = services.risk_create(actor=manager, project=planned["project"], title="Supplier late",
                                probability=3, delay_days=Decimal("4"))
    RiskTaskLink.objects.create(risk=risk, task=planned["b"])
    TaskFactory(project=planned["project"], parent=planned["b"], name="Pose", wbs_code="2.1")
    run = simulation.simulation_start(actor=manager, project=planned["project"], iterations=200)
    simulation.simulation_execute(run.pk)
    run.refresh_from_db()
    return run


def test_the_failure_is_stored_as_a_code_and_parameters(failed):
    assert failed.state == SimulationRun.State.FAILED
    assert failed.failure["code"] == "engine.about"
    assert failed.failure["params"]["problem"]["code"] == "simulation.risk_on_summary"
    assert not list(Message.from_json(failed.failure).references())  # every task named


def test_the_run_page_and_the_api_show_it_in_the_readers_language(failed, manager):
    french = unescape(signed_in(manager).get(f"/simulations/{failed.pk}/").content.decode())
    assert FRENCH in french and "Risk" not in french
    english = unescape(signed_in(manager, language="en").get(
        f"/simulations/{failed.pk}/").content.decode())
    assert ENGLISH in english
    body = signed_in(manager).get(f"/api/v1/simulations/{failed.pk}").json()
    assert "La simulation a échoué : " + body["error"] == FRENCH
    assert body["error_reason"] == "engine.about"
    assert body["error_params"] == failed.failure["params"]
