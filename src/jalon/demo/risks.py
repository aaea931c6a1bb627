"""Risks and issues for the demo portfolio, through the services: registers that a PMO would
recognise (supplier delays, key people, price rises, regulations), linked to the tasks they
would delay so that the Monte Carlo simulation has something to say, with responses, actions,
an escalated risk on the portfolio and a few open issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.risks import services


@dataclass(frozen=True)
class RiskSpec:
    title: str
    category: str
    probability: int
    impacts: tuple[int, int, int, int]  # cost, schedule, scope, quality (1-5)
    strategy: str
    response: str
    tasks: tuple[str, ...] = ()  # words found in the names of the tasks it would delay
    delay_days: int = 0
    delay_percent: int = 0
    cost: int = 0
    kind: str = "threat"
    escalated: bool = False
    residual: tuple[int, int] | None = None  # probability, schedule impact after the response
    actions: tuple[tuple[str, str], ...] = ()  # (description, owner login)
    cause: str = ""
    effect: str = ""


@dataclass(frozen=True)
class IssueSpec:
    title: str
    severity: str
    owner: str
    due: date
    status: str = "open"
    resolution: str = ""
    escalated: bool = False


@dataclass
class Register:
    risks: list[RiskSpec] = field(default_factory=list)
    issues: list[IssueSpec] = field(default_factory=list)


REGISTERS: dict[str, Register] = {
    "NUM-ERP": Register(
        risks=[
            RiskSpec("Retard de l'intégrateur sur les développements spécifiques", "operational", 4,
                     (3, 4, 2, 2), "mitigate",
                     "Renfort de deux consultants et revue hebdomadaire du reste à faire.",
                     tasks=("Développements spécifiques",), delay_percent=30, cost=45000,
                     residual=(3, 3), cause="Équipe de l'intégrateur sous-dimensionnée.",
                     effect="Recette décalée et mise en production repoussée.",
                     actions=(("Négocier le renfort contractuel avec l'intégrateur", "cheffe.projet"),
                              ("Mettre en place un point hebdomadaire de reste à faire", "cheffe.projet"))),
            RiskSpec("Qualité des données de référence insuffisante pour la reprise", "technical", 3,
                     (2, 3, 2, 4), "mitigate", "Nettoyage des données par les métiers avant la reprise.",
                     tasks=("Reprise",), delay_days=10, cost=20000, residual=(2, 2),
                     actions=(("Lancer le chantier de nettoyage des articles", "equipe"),)),
            RiskSpec("Indisponibilité des utilisateurs clés pendant la recette", "hr", 3,
                     (1, 3, 1, 3), "accept", "Planning de recette validé avec les directions.",
                     tasks=("Recette",), delay_days=5),
            RiskSpec("Montée de version SAP imposée pendant le projet", "external", 2,
                     (3, 3, 2, 2), "transfer", "Clause de gel de version dans le contrat.",
                     cost=30000, escalated=True),
            RiskSpec("Réutilisation des modèles du groupe pour la finance", "technical", 3,
                     (2, 2, 1, 1), "exploit", "Reprendre les paramétrages validés par la filiale allemande.",
                     tasks=("Paramétrage – Finance",), delay_percent=20, cost=15000,  # gains
                     kind="opportunity"),
        ],
        issues=[
            IssueSpec("Environnement de recette indisponible depuis trois jours", "high", "cheffe.projet",
                      date(2026, 6, 19)),
            IssueSpec("Licences de test expirées", "medium", "equipe", date(2026, 6, 10),
                      status="resolved", resolution="Licences prolongées par l'éditeur jusqu'en décembre."),
        ],
    ),
    "NUM-CRM": Register(
        risks=[
            RiskSpec("Faible adoption du portail par les clients", "operational", 3, (2, 1, 3, 3),
                     "mitigate", "Campagne d'accompagnement et tutoriels vidéo.",
                     actions=(("Préparer la campagne de lancement", "cheffe.projet"),)),
            RiskSpec("Non-conformité RGPD des formulaires de contact", "legal", 2, (3, 2, 2, 4),
                     "avoid", "Revue par le DPO avant chaque mise en ligne.",
                     tasks=("Recette",), delay_days=5, cost=8000),
        ],
        issues=[IssueSpec("Connecteur e-mail en erreur en pré-production", "medium", "equipe",
                          date(2026, 6, 22))],
    ),
    "LYON-CONST": Register(
        risks=[
            RiskSpec("Hausse du prix de l'acier", "financial", 4, (4, 1, 1, 1), "transfer",
                     "Clause d'indexation plafonnée négociée avec le lot charpente.",
                     cost=180000, escalated=True, residual=(4, 1)),
            RiskSpec("Intempéries pendant le gros œuvre", "external", 4, (2, 4, 1, 2), "accept",
                     "Provision de 10 jours d'intempéries au planning.",
                     tasks=("Gros œuvre", "Fondations"), delay_days=8, cost=60000),
            RiskSpec("Découverte de pollution des sols", "technical", 2, (5, 4, 2, 1), "mitigate",
                     "Diagnostic complémentaire avant le terrassement.",
                     tasks=("Terrassement",), delay_days=15, cost=250000,
                     actions=(("Commander le diagnostic de pollution", "chef.chantier"),)),
            RiskSpec("Défaillance d'une entreprise de second œuvre", "financial", 2, (3, 3, 2, 3),
                     "mitigate", "Suivi trimestriel de la santé financière des titulaires.",
                     tasks=("Cloisons",), delay_days=20, cost=70000),
        ],
        issues=[IssueSpec("Retard de livraison des prédalles", "high", "chef.chantier",
                          date(2026, 6, 26), escalated=True)],
    ),
    "USINE-MES": Register(
        risks=[
            RiskSpec("Interfaces automates plus complexes que prévu", "technical", 4, (3, 4, 2, 3),
                     "mitigate", "Maquette d'interface sur la ligne 1 avant le déploiement.",
                     tasks=("Interfaces",), delay_percent=40, cost=35000, residual=(3, 3),
                     actions=(("Réaliser la maquette d'interface ligne 1", "chef.usine"),)),
            RiskSpec("Arrêt de production refusé pendant la bascule", "operational", 3, (2, 4, 1, 1),
                     "escalate", "Arbitrage de la direction industrielle sur la fenêtre d'arrêt.",
                     tasks=("Bascule",), delay_days=15, escalated=True),
        ],
    ),
    "USINE-ROBOT": Register(
        risks=[RiskSpec("Délai d'approvisionnement des robots", "external", 5, (2, 5, 1, 1),
                        "accept", "Projet suspendu : commande à relancer à la reprise.",
                        escalated=True)],
        issues=[IssueSpec("Budget d'investissement gelé par la direction", "critical", "chef.usine",
                          date(2026, 7, 15), escalated=True)],
    ),
}


def _tasks(project: Project, words: tuple[str, ...]) -> list[Task]:
    found: list[Task] = []
    for word in words:
        found += [t for t in Task.objects.filter(project=project, name__icontains=word,
                                                 children__isnull=True) if t not in found]
    return found


def load(*, actor: Any, projects: dict[str, Project], people: dict[str, Any]) -> int:
    """Create the registers; returns the number of risks."""
    count = 0
    for code, register in REGISTERS.items():
        project = projects[code]
        owner = project.project_manager
        for spec in register.risks:
            cost, schedule, scope, quality = spec.impacts
            fields: dict[str, Any] = {
                "category": spec.category, "kind": spec.kind, "owner": owner, "probability": spec.probability,
                "impact_cost": cost, "impact_schedule": schedule, "impact_scope": scope,
                "impact_quality": quality, "strategy": spec.strategy, "response": spec.response,
                "escalated": spec.escalated, "cause": spec.cause, "effect": spec.effect,
                "delay_days": Decimal(spec.delay_days), "delay_percent": Decimal(spec.delay_percent),
                "cost_impact": Decimal(spec.cost),
            }
            if spec.residual:
                fields.update(residual_probability=spec.residual[0],
                              residual_impact_schedule=spec.residual[1])
            risk = services.risk_create(actor=actor, project=project, title=spec.title, **fields)
            for task in _tasks(project, spec.tasks):
                services.task_link_create(actor=actor, risk=risk, task=task)
            for description, login in spec.actions:
                services.action_create(actor=actor, risk=risk, description=description,
                                       owner=people[login], due_date=date(2026, 7, 1))
            count += 1
        for issue in register.issues:
            services.issue_create(actor=actor, project=project, title=issue.title,
                                  severity=issue.severity, owner=people[issue.owner],
                                  due_date=issue.due, status=issue.status,
                                  resolution=issue.resolution, escalated=issue.escalated)
    return count
