"""The demo's demand for 2027: ten proposals with their estimates, a scoring model weighed by
pairwise comparisons (AHP), scores by the portfolio manager and the managing director, two
scenarios ("Budget 2027" and "Budget 2027 −15 %"), each optimised, and the decision: the
tighter scenario promoted, its proposals approved and turned into projects.

Everything goes through the services; the optimisations run here, in the load, as the task
queue would run them (small problems: a few seconds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jalon.intake import scenarios, scoring, services
from jalon.intake.models import OptimisationRun, Proposal, Scenario
from jalon.portfolios.models import Portfolio, StrategicObjective
from jalon.resources.models import Skill

__all__ = ["load"]

CRITERIA = ("Valeur métier", "Alignement stratégique", "Urgence", "Maîtrise du risque")
# value matters most, then alignment; judgements nearly consistent (CR < 0.1)
JUDGEMENTS = ((1, 2, 4, 3), (1 / 2, 1, 3, 2), (1 / 4, 1 / 3, 1, 1 / 2), (1 / 3, 1 / 2, 2, 1))
LEVELS = ((1, "Faible"), (2, "Modéré"), (3, "Moyen"), (4, "Élevé"), (5, "Très élevé"))


@dataclass(frozen=True)
class ProposalSpec:
    code: str
    title: str
    category: str
    start: date
    months: int
    capex: int  # k€ a month
    opex: int  # k€ a month
    hours: dict[str, int]  # skill -> hours a month
    objectives: tuple[str, ...]
    scores: tuple[tuple[int, ...], tuple[int, ...]]  # the portfolio manager's, the director's
    mandatory: bool = False
    depends_on: tuple[str, ...] = field(default=())


PROPOSALS = (
    ProposalSpec("P27-CHATBOT", "Assistant conversationnel client", "croissance",
                 date(2027, 1, 1), 4, 40, 5, {"Développeur": 240, "Data scientist": 60},
                 ("OS1",), ((4, 5, 3, 3), (5, 4, 3, 2))),
    ProposalSpec("P27-FOURN", "Portail fournisseurs", "croissance", date(2027, 2, 1), 5, 50, 0,
                 {"Développeur": 200, "Analyste métier": 80}, ("OS1",),
                 ((3, 4, 2, 4), (3, 3, 2, 4))),
    ProposalSpec("P27-MES3", "MES de la ligne 3", "productivité", date(2027, 3, 1), 6, 120, 0,
                 {"Automaticien": 100, "Ingénieur méthodes": 80}, ("OS2",),
                 ((5, 4, 3, 3), (4, 5, 4, 3))),
    ProposalSpec("P27-PREDICT", "Maintenance prédictive des presses", "productivité",
                 date(2027, 4, 1), 4, 60, 0, {"Data scientist": 120, "Technicien de maintenance": 40},
                 ("OS2",), ((4, 3, 2, 2), (3, 3, 3, 2)), depends_on=("P27-MES3",)),
    ProposalSpec("P27-OMBR", "Ombrières photovoltaïques de Villefranche", "bas carbone",
                 date(2027, 3, 1), 4, 200, 0, {"Électricien": 300}, ("OS3",),
                 ((3, 4, 2, 4), (4, 4, 2, 5))),
    ProposalSpec("P27-CSRD", "Bilan carbone et rapport CSRD", "conformité", date(2027, 1, 1), 3,
                 0, 30, {"Chargé de mission RSE": 100}, ("OS3", "OS5"),
                 ((2, 4, 5, 5), (3, 4, 5, 4)), mandatory=True),
    ProposalSpec("P27-NIS2", "Mise en conformité NIS 2", "conformité", date(2027, 1, 1), 6, 40,
                 20, {"Expert cybersécurité": 120, "Ingénieur d'exploitation": 60}, ("OS5",),
                 ((3, 3, 5, 3), (3, 4, 5, 3)), mandatory=True),
    ProposalSpec("P27-COLLAB", "Espaces collaboratifs du siège", "siège", date(2027, 6, 1), 3,
                 150, 0, {}, ("OS4",), ((2, 3, 2, 4), (2, 2, 1, 4))),
    ProposalSpec("P27-DATA", "Plateforme de données groupe", "croissance", date(2027, 1, 1), 6,
                 70, 10, {"Data scientist": 100, "Développeur": 160}, ("OS1", "OS2"),
                 ((5, 5, 3, 2), (4, 5, 3, 3))),
    ProposalSpec("P27-ROBOT", "Cellule robotisée d'emballage", "productivité", date(2027, 5, 1),
                 5, 180, 0, {"Automaticien": 120}, ("OS2",), ((4, 3, 2, 2), (3, 3, 2, 3))),
)

# each proposal's risk level at intake, 1 (very low) to 5 (very high): the risk-value chart
RISK_LEVELS = {"P27-CHATBOT": 4, "P27-FOURN": 2, "P27-MES3": 3, "P27-PREDICT": 4, "P27-OMBR": 2,
               "P27-CSRD": 1, "P27-NIS2": 2, "P27-COLLAB": 1, "P27-DATA": 5, "P27-ROBOT": 3}

BUDGET = 250  # k€ a month in 2027
SCENARIOS = (("Budget 2027", "Le budget mensuel voté : 250 k€.", BUDGET),
             ("Budget 2027 −15 %", "Le budget mensuel réduit de 15 % : 212,5 k€.",
              BUDGET * 0.85))
PROMOTED = "Budget 2027 −15 %"


def _model(actor: Any, portfolio: Portfolio) -> Any:
    model = scoring.scoring_model_create(
        actor=actor, portfolio=portfolio, name="Valeur stratégique 2027",
        description="Critères pesés par comparaisons par paires (AHP).")
    for name in CRITERIA:
        criterion = scoring.criterion_create(actor=actor, model=model, name=name)
        for value, label in LEVELS:
            scoring.level_create(actor=actor, criterion=criterion, value=value, label=label)
    scoring.scoring_model_update(actor=actor, model=model, weighting="ahp")
    scoring.judgements_set(actor=actor, model=model, matrix=JUDGEMENTS)
    return model


def _proposal(actor: Any, portfolio: Portfolio, spec: ProposalSpec, sponsor: Any,
              skills: dict[str, Skill], objectives: dict[str, StrategicObjective],
              made: dict[str, Proposal]) -> Proposal:
    proposal = services.proposal_create(
        actor=actor, portfolio=portfolio, code=spec.code, title=spec.title, sponsor=sponsor,
        category=spec.category, earliest_start=spec.start, duration=spec.months,
        mandatory=spec.mandatory, risk_level=RISK_LEVELS[spec.code], objectives=[objectives[code] for code in spec.objectives],
        depends_on=[made[code] for code in spec.depends_on],
        costs=[services.Cost(month, Decimal(spec.capex * 1000), Decimal(spec.opex * 1000))
               for month in range(spec.months)],
        efforts=[services.Effort(skills[name], month, Decimal(hours))
                 for name, hours in spec.hours.items() for month in range(spec.months)])
    services.proposal_transition(actor=actor, proposal=proposal, action="submit")
    return services.proposal_transition(actor=actor, proposal=proposal, action="review")


def load(*, actor: Any, portfolio: Portfolio, people: dict[str, Any]) -> int:
    """Load the demand of 2027 into ``portfolio``; returns the number of proposals."""
    model = _model(actor, portfolio)
    criteria = list(model.criteria.all())
    skills = {s.name: s for s in Skill.objects.all()}
    objectives = {o.code: o for o in portfolio.objectives.all()}
    made: dict[str, Proposal] = {}
    evaluators = (people["portefeuille"], people["dirigeant"])
    for spec in PROPOSALS:
        made[spec.code] = _proposal(actor, portfolio, spec, people["portefeuille"], skills,
                                    objectives, made)
        for evaluator, values in zip(evaluators, spec.scores, strict=True):
            scoring.evaluation_set(actor=evaluator, proposal=made[spec.code], model=model,
                                   levels=[c.levels.get(value=v)
                                           for c, v in zip(criteria, values, strict=True)])
    kept: dict[str, Scenario] = {}
    for name, description, budget in SCENARIOS:
        kept[name] = scenarios.scenario_create(
            actor=actor, portfolio=portfolio, name=name, description=description,
            first_month=date(2027, 1, 1), months=12, budget=budget, scoring_model=model,
            time_limit=5)
        run = OptimisationRun.objects.create(scenario=kept[name], created_by=actor)
        scenarios.optimisation_execute(run.pk)  # as the task queue would
    decision = kept[PROMOTED].runs.get()
    scenarios.scenario_promote(actor=people["portefeuille"], run=decision)
    return len(made)
