"""The decision log, assumptions and external dependencies of the demo's headquarters
construction (LYON-CONST) and ERP overhaul (NUM-ERP), through the services: decisions linked
to the risks and tasks they answer, one superseded by a later one, an assumption past its
validation date and a dependency on another project of the portfolio."""

from __future__ import annotations

from datetime import date
from typing import Any

from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.raid import services
from jalon.risks.models import Risk


def _task(project: Project, words: str) -> Task | None:
    return Task.objects.filter(project=project, name__icontains=words).order_by("pk").first()


def _risks(project: Project, words: str) -> list[Risk]:
    return list(Risk.objects.filter(project=project, title__icontains=words))


def load(*, actor: Any, projects: dict[str, Project], people: dict[str, Any]) -> None:
    """Create the decision logs, assumptions and external dependencies."""
    lyon, erp = projects["LYON-CONST"], projects["NUM-ERP"]
    site, erp_lead = people["chef.chantier"], people["cheffe.projet"]

    services.decision_create(
        actor=actor, project=lyon, title="Charpente métallique plutôt que béton pour la halle",
        context="La halle d'accueil demande une portée de 24 m sans poteau.",
        options="1. Poutres béton précontraint ; 2. Charpente métallique ; 3. Bois lamellé-collé",
        decision="Charpente métallique, prix de l'acier indexé dans le marché.",
        rationale="Délai de pose le plus court ; le risque de hausse de l'acier est transféré "
                  "par la clause d'indexation.",
        decided_by=people["portefeuille"], decided_on=date(2026, 3, 10), status="decided",
        risks=_risks(lyon, "acier"), tasks=[t for t in [_task(lyon, "charpente")] if t])
    piles = services.decision_create(
        actor=actor, project=lyon, title="Fondations sur pieux forés",
        context="Les sondages montrent des limons compressibles jusqu'à 9 m.",
        options="1. Radier général ; 2. Pieux forés de 12 m",
        decision="Pieux forés de 12 m ancrés dans les alluvions.",
        rationale="Tassements du radier hors tolérance selon le bureau d'études.",
        decided_by=site, decided_on=date(2026, 4, 2), status="decided",
        tasks=[t for t in [_task(lyon, "pieux")] if t])
    raft = services.decision_create(
        actor=actor, project=lyon, title="Radier général sous le bâtiment B",
        decision="Radier de 60 cm.", decided_by=site, decided_on=date(2026, 2, 20),
        status="decided")
    services.decision_update(actor=actor, decision=raft, status="superseded",
                             superseded_by=piles)
    services.decision_create(
        actor=actor, project=lyon, title="Gestion des déchets de chantier confiée au lot VRD",
        context="Condition posée au jalon d'initialisation (RE2020).",
        options="1. Entreprise générale ; 2. Lot VRD ; 3. Prestataire dédié",
        status="proposed", decided_by=people["portefeuille"])
    services.assumption_create(
        actor=actor, project=lyon, description="Le permis de construire modificatif est "
        "accordé sans recours des riverains.", owner=site, validate_by=date(2026, 5, 15),
        impact_if_false="Deux mois d'arrêt des façades et 80 k€ d'immobilisation.")
    services.assumption_create(
        actor=actor, project=lyon, description="La nappe reste sous la cote -4 m pendant les "
        "terrassements.", owner=site, validate_by=date(2026, 4, 30), status="validated",
        impact_if_false="Rabattement de nappe à prévoir.")
    services.dependency_create(
        actor=actor, project=lyon, description="Raccordement électrique haute tension du "
        "bâtiment", party="Enedis", needed_by=date(2026, 10, 15), owner=site,
        status="at_risk", task=_task(lyon, "électricité"))
    services.dependency_create(
        actor=actor, project=lyon, description="Plans d'aménagement intérieur pour réserver "
        "les gaines", direction="outbound", other_project=projects["LYON-AMENAG"],
        needed_by=date(2026, 9, 1), owner=site)

    services.decision_create(
        actor=actor, project=erp, title="Reprise des données : cinq ans d'historique",
        context="Le métier demande dix ans ; la qualité des données anciennes est faible.",
        options="1. Dix ans ; 2. Cinq ans ; 3. Soldes d'ouverture seulement",
        decision="Cinq ans d'historique, le reste archivé en lecture seule.",
        rationale="Divise par deux l'effort de nettoyage.",
        decided_by=people["programme"], decided_on=date(2026, 3, 2), status="decided",
        risks=_risks(erp, "données"))
    services.decision_create(
        actor=actor, project=erp, title="Modèle financier du groupe réutilisé",
        decision="Reprendre le paramétrage finance du groupe sans adaptation locale.",
        decided_by=people["programme"], decided_on=date(2026, 2, 16), status="decided",
        risks=_risks(erp, "modèles"))
    services.assumption_create(
        actor=actor, project=erp, description="Les utilisateurs clés sont libérés à 50 % "
        "pendant la recette.", owner=erp_lead, validate_by=date(2026, 6, 1),
        impact_if_false="Recette allongée de trois semaines.")
    services.dependency_create(
        actor=actor, project=erp, description="Licences S/4HANA et environnement de test",
        party="SAP France", needed_by=date(2026, 3, 1), owner=erp_lead, status="delivered")
    services.dependency_create(
        actor=actor, project=erp, description="Référentiel clients nettoyé par le CRM",
        other_project=projects["NUM-CRM"], needed_by=date(2026, 7, 1), owner=erp_lead)
