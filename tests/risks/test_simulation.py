"""The simulation page: risks of the register become risk events, the run goes through the
task queue (``db_worker``), the same seed gives the same P50, and the page shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from jalon.engine.montecarlo import simulate
from jalon.planning.scheduling import project_plan
from jalon.risks import services, simulation
from jalon.risks.models import Risk, SimulationRun
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_register_risks_become_engine_risk_events(risky, manager):
    opportunity = services.risk_create(actor=manager, project=risky["project"], title="Reuse",
                                       kind=Risk.Kind.OPPORTUNITY, probability=2,
                                       delay_percent=Decimal("20"))
    services.task_link_create(actor=manager, risk=opportunity, task=risky["a"])
    services.risk_create(actor=manager, project=risky["project"], title="No effect")
    events = {e.id: e for e in simulation.risk_events(risky["project"])}
    assert set(events) == {"R1", "R2"}
    threat = events["R1"]
    assert (threat.probability, threat.delay, threat.cost) == (0.5, 4.0, 2000.0)
    assert threat.tasks == (str(risky["b"].pk),)
    assert events["R2"].probability == pytest.approx(0.3) and events["R2"].delay_percent == -20


def test_a_link_with_its_own_delay_overrides_the_risks_for_its_task(risky, manager):
    risk = risky["risk"]  # 4 days on Build (default)
    link = services.task_link_create(actor=manager, risk=risk, task=risky["a"],
                                     delay_percent=Decimal("50"))
    event = simulation.risk_events(risky["project"])[0]
    a, b = str(risky["a"].pk), str(risky["b"].pk)
    assert set(event.tasks) == {a, b}
    assert event.delay_of(b) == (4.0, 0.0) and event.delay_of(a) == (4.0, 50.0)
    services.task_link_update(actor=manager, link=link, delay_days=Decimal("0"))
    event = simulation.risk_events(risky["project"])[0]
    assert event.delay_of(a) == (0.0, 50.0)
    # an opportunity's own delays are gains; a risk whose only delay is a link's still counts
    gain = services.risk_create(actor=manager, project=risky["project"], title="Reuse",
                                kind=Risk.Kind.OPPORTUNITY, probability_percent=Decimal("100"))
    services.task_link_create(actor=manager, risk=gain, task=risky["b"], delay_days=Decimal("1"))
    events = {e.id: e for e in simulation.risk_events(risky["project"])}
    assert events["R2"].delay_of(b) == (-1.0, -0.0) and events["R2"].delay == 0
    plan = project_plan(risky["project"])
    base = simulate(plan, iterations=200, seed=1)
    result = simulate(plan, iterations=200, seed=1, risks=[events["R2"]])
    assert result.finish.samples == pytest.approx(base.finish.samples - 1)


def test_a_run_in_the_worker_is_reproducible_and_shown_on_the_page(risky, manager):
    project = risky["project"]
    c = signed_in(manager, language="en")
    response = c.post(f"/projects/{project.pk}/simulation/", {
        "iterations": "2000", "seed": "7", "due_date": "2025-03-17", "budget": "5000"})
    run = SimulationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/simulations/{run.pk}/"
    assert run.state == SimulationRun.State.QUEUED
    waiting = c.get(f"/simulations/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Waiting for a worker" in waiting
    work()
    run.refresh_from_db()
    assert run.state == SimulationRun.State.DONE, run.error
    again = simulation.simulation_start(actor=manager, project=project, iterations=2000, seed=7,
                                        due_date=run.due_date, budget=run.budget)
    work()
    again.refresh_from_db()
    assert again.result["finish"]["p50"] == run.result["finish"]["p50"]
    assert again.result["cost"]["p50"] == run.result["cost"]["p50"]

    # the engine directly, with the same inputs, gives the same P50 (computation is the engine's)
    plan = project_plan(project)
    direct = simulate(plan, iterations=2000, seed=7,
                      risks=simulation.risk_events(project),
                      costs=simulation.task_costs(project))
    assert run.result["finish"]["p50"] == pytest.approx(direct.finish.p50)
    assert run.result["finish"]["p50_date"] == direct.finish_date(0.5).isoformat()

    result = run.result
    assert result["finish"]["deterministic_date"] == "2025-03-13"
    assert 0 < result["probability_due"] < 1 and 0 <= result["probability_budget"] <= 1
    assert result["risks"][0]["id"] == "R1" and 0.4 < result["risks"][0]["occurrence"] < 0.6
    assert {row["name"] for row in result["criticality"]} == {"Design", "Build"}
    assert result["tornado"][0]["name"] == "Design"

    page = c.get(f"/simulations/{run.pk}/").content.decode()
    p50 = date.fromisoformat(result["finish"]["p50_date"])
    # dates and amounts as the reader writes them (English: day first, thousands grouped)
    assert f'<td id="p50-date">{p50:%d/%m/%Y}</td>' in page
    assert "13/03/2025" in page and "2025-03-13" not in page  # the deterministic plan's finish
    assert "Probability of finishing by 17/03/2025" in page
    assert "Probability of staying within 5,000" in page
    assert f'<td class="num">{result["cost"]["p50"]:,.0f}</td>' in page
    assert '<span class="code">R1</span> Supplier late</td>' in page  # the risk's title too
    runs = c.get(f"/projects/{project.pk}/simulation/").content.decode()
    assert f"<td>{p50:%d/%m/%Y}</td>" in runs  # the list of runs: their P50 finish
    assert page.count("<svg") == 5  # finish and cost histograms and S-curves, the tornado
    assert 'id="probability-due"' in page and 'id="probability-budget"' in page
    assert '<div id="simulation-run">' in page  # no more polling (only the bell refreshes)


def test_a_queued_run_is_cancelled_from_the_page_and_the_worker_skips_it(risky, manager):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=500,
                                      seed=1)
    c = signed_in(manager, language="en")
    waiting = c.get(f"/simulations/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-post="/simulations/{run.pk}/cancel/"' in waiting and "Cancel" in waiting
    response = c.post(f"/simulations/{run.pk}/cancel/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "This simulation was cancelled." in page
    assert '<div id="simulation-run">' in page  # no more polling (only the bell refreshes)
    work()
    run.refresh_from_db()
    assert (run.state, run.result, run.progress) == (SimulationRun.State.CANCELLED, None, 0.0)
    assert run.cancel_requested and run.finished_at is not None
    assert c.post(f"/simulations/{run.pk}/cancel/").status_code == 302  # without htmx


def test_a_running_simulation_stops_at_the_next_block_when_cancelled(risky, manager,
                                                                      monkeypatch):
    from jalon.engine.montecarlo import simulation as engine

    monkeypatch.setattr(engine, "_BLOCK_CELLS", 256)  # 128 iterations a block: many blocks
    blocks = []
    original = simulation._recorder

    def recorder(run_id):
        record = original(run_id)

        def cancel_on_the_second_block(done, total):
            blocks.append(done)
            if len(blocks) == 2:  # the user clicks Cancel while the worker runs
                simulation.simulation_cancel(actor=manager,
                                             run=SimulationRun.objects.get(pk=run_id))
            return record(done, total)

        return cancel_on_the_second_block

    monkeypatch.setattr(simulation, "_recorder", recorder)
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=5000,
                                      seed=1)
    work()
    run.refresh_from_db()
    assert blocks == [128, 256]  # stopped right after the cancel, not at 5000
    assert run.state == SimulationRun.State.CANCELLED and run.result is None
    assert run.progress == pytest.approx(128 / 5000)  # the last progress before the cancel


def test_only_managers_cancel_a_simulation(risky, manager, executive):
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=500,
                                      seed=1)
    assert signed_in(executive).post(f"/simulations/{run.pk}/cancel/").status_code == 403
    waiting = signed_in(executive).get(f"/simulations/{run.pk}/",
                                       HTTP_HX_REQUEST="true").content.decode()
    assert "/cancel/" not in waiting
    run.refresh_from_db()
    assert run.state == SimulationRun.State.QUEUED


def test_seeds_matter(risky, manager):
    first = simulation.simulation_start(actor=manager, project=risky["project"],
                                        iterations=500, seed=1)
    second = simulation.simulation_start(actor=manager, project=risky["project"],
                                         iterations=500, seed=2)
    work()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.result["finish"]["mean"] != second.result["finish"]["mean"]


def test_only_managers_start_a_simulation_and_outsiders_do_not_see_runs(risky, manager,
                                                                       executive, outsider):
    project = risky["project"]
    assert signed_in(executive).post(f"/projects/{project.pk}/simulation/",
                                     {"iterations": "500", "seed": "1"}).status_code == 403
    run = simulation.simulation_start(actor=manager, project=project, iterations=500, seed=1)
    assert signed_in(executive).get(f"/simulations/{run.pk}/").status_code == 200
    assert signed_in(outsider).get(f"/simulations/{run.pk}/").status_code == 404


def test_a_project_without_tasks_is_refused_on_the_form(project, manager):
    response = signed_in(manager, language="en").post(
        f"/projects/{project.pk}/simulation/", {"iterations": "500", "seed": "1"})
    assert response.status_code == 400 and "no tasks to simulate" in response.content.decode()
    assert not SimulationRun.objects.exists()


def test_a_team_member_sees_the_finish_of_a_simulation_but_not_its_cost(risky, manager,
                                                                        member):
    """The cost percentiles come from the people's rates: like the rates, they are for those
    who manage the budget, on the page and in the API."""
    run = simulation.simulation_start(actor=manager, project=risky["project"], iterations=500,
                                      budget=Decimal("5000"))
    work()
    run.refresh_from_db()
    assert run.state == SimulationRun.State.DONE and run.result["cost"]
    managed = signed_in(manager, language="en").get(f"/simulations/{run.pk}/").content.decode()
    assert 'id="cost-percentiles"' in managed and 'id="probability-budget"' in managed
    seen = signed_in(member, language="en").get(f"/simulations/{run.pk}/").content.decode()
    assert 'id="finish-percentiles"' in seen
    assert 'id="cost"' not in seen and "Probability of staying within" not in seen

    api_managed = signed_in(manager).get(f"/api/v1/simulations/{run.pk}").json()
    assert api_managed["budget"] == "5000.00" and api_managed["result"]["cost"]["p50"] > 0
    api_seen = signed_in(member).get(f"/api/v1/simulations/{run.pk}").json()
    assert api_seen["budget"] is None
    assert api_seen["result"]["cost"] is None and api_seen["result"]["probability_budget"] is None
    assert api_seen["result"]["finish"] == api_managed["result"]["finish"]
