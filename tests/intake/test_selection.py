"""Scenarios: proposals as the selection problem, capacity from the pool, optimisation runs,
the frontier, and promoting a selection."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from jalon import runs
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.i18n import ENGLISH, Message
from jalon.intake import scenarios, services
from jalon.intake.capacity import skill_months
from jalon.intake.models import OptimisationRun, Proposal
from jalon.intake.selection import BUDGET, build_problem, namer, skill_resource
from jalon.portfolios.models import Project
from tests.factories import ProjectFactory, TaskFactory
from tests.intake.conftest import JANUARY, evaluate, propose


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_skill_capacity_is_the_pool_by_month_less_the_running_load(dev, running):
    pool = skill_months(skills=[dev], first=JANUARY, months=2)
    # January 2027 has 21 weekdays, February 20; 8 hours a day; a week of 5 days is loaded
    assert pool.capacity.tolist() == [[168.0, 160.0]]
    assert pool.load.tolist() == [[40.0, 0.0]]
    assert pool.left.tolist() == [[128.0, 160.0]]


def test_the_problem_holds_the_proposals_their_estimates_and_the_limits(scenario, dev, running,
                                                                        three):
    built = build_problem(scenario)
    problem = built.problem
    assert [c.id for c in problem.candidates] == ["A", "B", "C"]
    a, _b, c = problem.candidates
    assert a.value == pytest.approx(3.25)
    assert a.uses[BUDGET] == (600.0,)
    assert c.uses[skill_resource(dev.pk)] == (100.0,)
    assert tuple(a.starts) == (0, 1, 2)
    assert problem.limit(BUDGET) == (1000.0, 0.0, 0.0)
    assert problem.limit(skill_resource(dev.pk)) == (128.0, 160.0, 184.0)


def test_earliest_start_dependencies_and_the_horizon(manager, boss, portfolio, scenario, dev,
                                                     three):
    later = propose(manager, boss, portfolio, "D", "1000", 0, dev,
                    start=datetime.date(2027, 2, 10))
    services.proposal_update(actor=boss, proposal=later, depends_on=[three["A"]])
    propose(manager, boss, portfolio, "E", "1000", 0, dev, start=datetime.date(2027, 6, 1))
    built = build_problem(scenario)
    d = next(c for c in built.problem.candidates if c.id == "D")
    assert tuple(d.starts) == (1, 2)
    assert tuple(d.requires) == ("A",) and tuple(d.after) == ("A",)
    assert "E" not in built.proposals
    names = namer(portfolio_id=portfolio.pk, resources={})
    assert [m.named(names).render(ENGLISH) for m in built.left_out] == [
        "“E – Projet E” cannot start after its earliest start and finish within the scenario's "
        "months."]


def test_an_optimisation_run_stores_the_selection_and_the_reasons(boss, scenario, worker):
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    run.refresh_from_db()
    assert run.state == OptimisationRun.State.DONE, run.error
    result = run.result
    assert result["status"] == "optimal"
    assert result["objective"] == pytest.approx(5.0)
    assert {s["code"] for s in result["selected"]} == {"A", "C"}
    assert [r["code"] for r in result["rejected"]] == ["B"]
    names = namer(portfolio_id=scenario.portfolio_id, resources={BUDGET: "Budget (k€)"})
    reasons = [Message.from_json(m).named(names).render(ENGLISH) for m in result["rejected"][0]["reasons"]]
    assert any("“B – Projet B”" in reason and "“Budget (k€)”" in reason for reason in reasons)
    assert result["usage"][BUDGET] == pytest.approx([1000.0, 0.0, 0.0])


def test_a_scenario_without_budget_fails_its_run_with_the_reason(boss, scenario, worker):
    scenarios.scenario_update(actor=boss, scenario=scenario, budget=[])
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    run.refresh_from_db()
    assert run.state == OptimisationRun.State.FAILED
    assert run.error == "Give the scenario a budget per month before optimising it."


def test_the_budget_has_one_figure_per_month(boss, scenario):
    with pytest.raises(ValidationFailed, match="3 figures"):
        scenarios.scenario_update(actor=boss, scenario=scenario, budget=[1, 2])
    scenarios.scenario_update(actor=boss, scenario=scenario, budget=7)
    assert scenario.budget == [7.0, 7.0, 7.0]


def test_the_frontier_has_sixteen_points_up_to_everything(boss, scenario, worker):
    run = scenarios.optimisation_start(actor=boss, scenario=scenario,
                                       kind=OptimisationRun.Kind.FRONTIER)
    run.refresh_from_db()
    points = run.result["points"]
    assert len(points) == 16
    assert points[0]["value"] == 0 and points[-1]["value"] == pytest.approx(7.5)
    assert points[-1]["limit"] == pytest.approx(1500.0)  # over the horizon


def test_promoting_approves_the_selection_and_records_who_and_when(boss, scenario, worker):
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    approved = scenarios.scenario_promote(actor=boss, run=run)
    assert sorted(p.code for p in approved) == ["A", "C"]
    assert set(Proposal.objects.filter(state="approved").values_list("code", flat=True)) == {
        "A", "C"}
    assert set(Project.objects.filter(proposal__isnull=False).values_list("code", flat=True)) \
        == {"A", "C"}
    scenario.refresh_from_db()
    assert scenario.promoted_by == boss and scenario.promoted_at is not None
    assert scenario.promoted_run == run


def test_only_the_managers_optimise_and_promote(chief, boss, scenario, worker):
    with pytest.raises(PermissionDenied):
        scenarios.optimisation_start(actor=chief, scenario=scenario)
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    with pytest.raises(PermissionDenied):
        scenarios.scenario_promote(actor=chief, run=run)


@pytest.fixture
def crm(portfolio):
    """A project in progress from 4 January 2027 for 25 working days: it finishes in February
    (period 1 of the scenarios from January)."""
    project = ProjectFactory(portfolio=portfolio, code="CRM-2026", name="Portail CRM",
                             status=Project.Status.IN_PROGRESS,
                             planned_start=datetime.date(2027, 1, 4))
    TaskFactory(project=project, duration=Decimal("25"))
    return project


def test_a_proposal_waiting_for_a_project_starts_after_its_forecast_finish(
        manager, boss, portfolio, model, dev, crm, worker):
    waiting = propose(manager, boss, portfolio, "D", "100000", 0, dev,
                      depends_on_projects=[crm])
    evaluate(boss, waiting, model, 4, 1)
    closed = ProjectFactory(portfolio=portfolio, code="OLD", status=Project.Status.CLOSED)
    free = propose(manager, boss, portfolio, "F", "100000", 0, dev, depends_on_projects=[closed])
    evaluate(boss, free, model, 4, 1)
    scenario = scenarios.scenario_create(actor=boss, portfolio=portfolio, name="Après le CRM",
                                         first_month=JANUARY, months=3, budget=[1000] * 3,
                                         scoring_model=model)
    built = build_problem(scenario)
    by_id = {c.id: c for c in built.problem.candidates}
    assert dict(by_id["D"].waits_for) == {"CRM-2026": 1}
    assert built.problem.starts_of(by_id["D"]) == (2,)
    assert dict(by_id["F"].waits_for) == {}
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    run.refresh_from_db()
    assert run.state == OptimisationRun.State.DONE, run.error
    selected = {s["code"]: s for s in run.result["selected"]}
    assert selected["D"]["month"] == "2027-03-01"
    names = namer(portfolio_id=portfolio.pk, resources={})
    assert [Message.from_json(n).named(names).render(ENGLISH) for n in selected["D"]["notes"]] \
        == ["“D – Projet D” starts in period 2 at the earliest: after “CRM-2026 – Portail CRM” "
            "finishes."]
    assert selected["F"]["notes"] == []


def test_a_proposal_waiting_beyond_the_horizon_or_for_a_cancelled_project_is_left_out(
        manager, boss, portfolio, model, dev, crm, three):
    propose(manager, boss, portfolio, "D", "100000", 0, dev, depends_on_projects=[crm])
    gone = ProjectFactory(portfolio=portfolio, code="GONE", status=Project.Status.CANCELLED)
    propose(manager, boss, portfolio, "G", "100000", 0, dev, depends_on_projects=[gone])
    scenario = scenarios.scenario_create(actor=boss, portfolio=portfolio, name="Court",
                                         first_month=JANUARY, months=2, budget=[1000] * 2,
                                         scoring_model=model)
    built = build_problem(scenario)
    assert "D" not in built.proposals and "G" not in built.proposals
    names = namer(portfolio_id=portfolio.pk, resources={})
    assert [m.named(names).render(ENGLISH) for m in built.left_out] == [
        "“D – Projet D” cannot start after “CRM-2026 – Portail CRM” finishes (2027-02-05) and "
        "finish within the scenario's months.",
        f"“G – Projet G” depends on “GONE – {gone.name}”, which is cancelled."]


def test_a_run_stores_the_figures_the_solver_reports(boss, scenario, worker):
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    run.refresh_from_db()
    assert run.state == OptimisationRun.State.DONE, run.error
    assert run.progress == 1.0 and run.elapsed >= 0
    assert run.best_value == pytest.approx(5.0) and run.best_bound == pytest.approx(5.0)
    assert run.gap == 0


def test_a_run_cancelled_while_it_solves_stops_and_stores_nothing(boss, scenario, worker,
                                                                  monkeypatch):
    recorded = runs.record_progress

    def clicked_cancel(model, run_id, progress, **fields):
        runs.cancel(model.objects.get(pk=run_id))  # the user's click, while the solver runs
        return recorded(model, run_id, progress, **fields)

    monkeypatch.setattr(runs, "record_progress", clicked_cancel)
    run = scenarios.optimisation_start(actor=boss, scenario=scenario)
    run.refresh_from_db()
    assert run.state == OptimisationRun.State.CANCELLED
    assert run.result is None
