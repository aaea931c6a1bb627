"""The Groupe Aurore portfolio: its strategic objectives, programmes and projects (not their plans).

Groupe Aurore is fictional: a French industrial group (head office moving to Lyon, a factory at
Villefranche-sur-Saône) running its 2026 transformation portfolio.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jalon.portfolios.models import Project

PORTFOLIO_CODE = "AURORE"
PORTFOLIO_NAME = "Groupe Aurore – Portefeuille de transformation 2026"
PORTFOLIO_DESCRIPTION = (
    "Portefeuille des projets de transformation du Groupe Aurore (démonstration Jalon) : "
    "numérique, immobilier et industrie, arbitrés chaque mois en comité de portefeuille."
)

STATUS_DATE = date(2026, 6, 15)
"""The date of the progress data of every started project (a Monday)."""

OBJECTIVES: tuple[tuple[str, str, str, int], ...] = (
    ("OS1", "Digitaliser la relation client",
     "100 % des commandes clients passées en ligne d'ici fin 2027.", 30),
    ("OS2", "Améliorer la productivité industrielle",
     "+15 % de TRS sur les lignes de Villefranche d'ici 2028.", 25),
    ("OS3", "Réduire l'empreinte carbone de 30 %",
     "Trajectoire bas carbone 2030 : énergie, bâtiments, transports.", 20),
    ("OS4", "Regrouper les équipes lyonnaises sur un site unique",
     "Quitter les trois sites loués de Lyon pour le nouveau siège de Gerland.", 15),
    ("OS5", "Garantir la conformité réglementaire",
     "CSRD, NIS 2, RGPD : aucune non-conformité majeure en audit.", 10),
)

PROGRAMMES: tuple[tuple[str, str, str, str], ...] = (
    ("PRG-NUM", "Transformation numérique",
     "Refonte du système d'information : ERP, relation client, données et sécurité.",
     "programme"),
    ("PRG-LYON", "Nouveau siège de Lyon",
     "Conception, construction et aménagement du siège de Gerland (6 500 m², 450 postes).",
     "portefeuille"),
    ("PRG-USINE", "Usine 4.0",
     "Modernisation de l'usine de Villefranche : MES, robotisation, maintenance prédictive.",
     "portefeuille"),
)


@dataclass(frozen=True)
class ProjectSpec:
    """A demo project. ``pace`` is how much of the planned progress was achieved at the status
    date (1.0 on time, below 1 late); ``frozen_on`` the day an on-hold project stopped."""

    code: str
    name: str
    programme: str | None
    status: str
    methodology: str
    sponsor: str
    manager: str
    priority: int
    start: date
    objectives: tuple[str, ...]
    description: str
    calendar: str = "company"
    pace: float = 1.0
    frozen_on: date | None = None

    @property
    def started(self) -> bool:
        return self.status in (Project.Status.IN_PROGRESS, Project.Status.ON_HOLD,
                               Project.Status.CLOSED)


S = Project.Status

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "NUM-ERP", "Refonte de l'ERP (SAP S/4HANA)", "PRG-NUM", S.IN_PROGRESS, "PMBOK (PMP)",
        "Hélène Caron, directrice financière", "cheffe.projet", 900, date(2026, 1, 12),
        ("OS2", "OS5"),
        "Remplacement de l'ERP historique par SAP S/4HANA : finance, achats, ventes, production.",
        pace=0.85,
    ),
    ProjectSpec(
        "NUM-CRM", "Portail client et CRM", "PRG-NUM", S.IN_PROGRESS, "AgilePM",
        "Marc Lemoine, directeur commercial", "cheffe.projet", 800, date(2026, 2, 2),
        ("OS1",),
        "Portail de commande en ligne et CRM pour les 1 200 clients professionnels.",
    ),
    ProjectSpec(
        "NUM-DATA", "Plateforme de données et décisionnel", "PRG-NUM", S.APPROVED,
        "PMBOK (PMP)", "Hélène Caron, directrice financière", "cheffe.projet", 600,
        date(2026, 9, 7), ("OS1", "OS2"),
        "Entrepôt de données, tableaux de bord de pilotage et qualité des données.",
    ),
    ProjectSpec(
        "NUM-CYBER", "Audit et remise à niveau cybersécurité", "PRG-NUM", S.CLOSED, "PRINCE2",
        "Philippe Durand, directeur général", "programme", 950, date(2026, 1, 5), ("OS5",),
        "Audit NIS 2, durcissement des postes et des serveurs, exercice de crise.",
    ),
    ProjectSpec(
        "NUM-IA", "Assistant IA pour le service client", "PRG-NUM", S.PROPOSED, "AgilePM",
        "Marc Lemoine, directeur commercial", "programme", 300, date(2026, 11, 2), ("OS1",),
        "Preuve de concept d'un assistant conversationnel pour le service client.",
    ),
    ProjectSpec(
        "LYON-ETUDES", "Études et consultation des entreprises", "PRG-LYON", S.CLOSED,
        "PMBOK (PMP)", "Anne Lefebvre, directrice de l'immobilier", "chef.chantier", 850,
        date(2026, 1, 5), ("OS4",),
        "Études de projet, dossier de consultation, appel d'offres et signature des marchés.",
    ),
    ProjectSpec(
        "LYON-CONST", "Construction du siège de Gerland", "PRG-LYON", S.IN_PROGRESS,
        "PMBOK (PMP)", "Anne Lefebvre, directrice de l'immobilier", "chef.chantier", 850,
        date(2026, 4, 20), ("OS3", "OS4"),
        "Gros œuvre, clos-couvert, lots techniques et réception du bâtiment (RE2020).",
        pace=0.9,
    ),
    ProjectSpec(
        "LYON-AMENAG", "Aménagement intérieur et déménagement", "PRG-LYON", S.APPROVED,
        "PRINCE2", "Anne Lefebvre, directrice de l'immobilier", "chef.chantier", 700,
        date(2026, 12, 1), ("OS4",),
        "Aménagement des plateaux, mobilier, informatique des postes et déménagement.",
    ),
    ProjectSpec(
        "LYON-PARK", "Parking silo de 300 places", "PRG-LYON", S.CANCELLED, "PMBOK (PMP)",
        "Anne Lefebvre, directrice de l'immobilier", "chef.chantier", 200, date(2026, 4, 6),
        ("OS4",),
        "Abandonné en comité de portefeuille de mars : remplacé par le plan de mobilité.",
    ),
    ProjectSpec(
        "USINE-MES", "Déploiement du MES", "PRG-USINE", S.IN_PROGRESS, "PRINCE2",
        "Bernard Lemaire, directeur industriel", "chef.usine", 900, date(2026, 2, 16),
        ("OS2",),
        "Système d'exécution de la production : ordres de fabrication, traçabilité, TRS.",
        calendar="factory",
    ),
    ProjectSpec(
        "USINE-ROBOT", "Robotisation de la ligne d'assemblage 2", "PRG-USINE", S.ON_HOLD,
        "PMBOK (PMP)", "Bernard Lemaire, directeur industriel", "chef.usine", 650,
        date(2026, 1, 19), ("OS2",),
        "Suspendu en avril : arbitrage budgétaire en attente de la subvention France 2030.",
        calendar="factory", frozen_on=date(2026, 4, 3),
    ),
    ProjectSpec(
        "USINE-MAINT", "Maintenance prédictive (IoT)", "PRG-USINE", S.APPROVED, "AgilePM",
        "Bernard Lemaire, directeur industriel", "chef.usine", 550, date(2026, 9, 1),
        ("OS2", "OS3"),
        "Capteurs de vibration sur les machines critiques et modèles de prédiction de pannes.",
        calendar="factory",
    ),
    ProjectSpec(
        "USINE-ENERGIE", "Efficacité énergétique de l'usine", "PRG-USINE", S.PROPOSED,
        "PRINCE2", "Bernard Lemaire, directeur industriel", "chef.usine", 400,
        date(2026, 10, 5), ("OS3",),
        "Récupération de chaleur des compresseurs, éclairage LED, sous-comptage.",
        calendar="factory",
    ),
    ProjectSpec(
        "RSE-CSRD", "Rapport de durabilité CSRD 2026", None, S.IN_PROGRESS, "PRINCE2",
        "Philippe Durand, directeur général", "portefeuille", 750, date(2026, 2, 2),
        ("OS3", "OS5"),
        "Analyse de double matérialité, collecte des indicateurs ESRS, audit et publication.",
        pace=1.05,
    ),
    ProjectSpec(
        "PMO-JALON", "Déploiement de Jalon au PMO", None, S.IN_PROGRESS, "AgilePM",
        "Philippe Durand, directeur général", "pmo", 500, date(2026, 3, 2), ("OS5",),
        "Outil de pilotage du portefeuille : reprise des plannings, tableaux de bord, formation.",
    ),
)
