"""The demo's document libraries, through the services: on the headquarters' construction
(LYON-CONST, PRINCE2) the project initiation documentation in three versions, approved by the
board and standing for its deliverable (the gate criterion shows it); the first end stage report
in review, approved by the executive and awaited from the PMO; a business case written by Jalon
from the project's data; and the PMO's charter in the portfolio's library. The files are a few
lines of text, stored like any upload (under the data directory)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from jalon.documents import services
from jalon.documents.uploads import Upload
from jalon.governance.models import Gate, ProjectDocument
from jalon.portfolios.models import Portfolio, Project

PID_VERSIONS = (
    "Première rédaction : objectifs, périmètre et organisation du projet.",
    "Ajout de la stratégie de gestion des risques et du plan qualité.",
    "Version soumise au comité : tolérances de délai et de coût précisées.",
)


def _text(name: str, *lines: str) -> Upload:
    return Upload(name=name, content="\n\n".join(lines).encode())


def load(*, projects: dict[str, Project], people: dict[str, Any]) -> int:
    """Fill the libraries; the number of documents."""
    project = projects["LYON-CONST"]
    manager, executive, pmo = people["chef.chantier"], people["portefeuille"], people["pmo"]
    deliverables = {d.key: d for d in ProjectDocument.objects.filter(phase__project=project)}

    pid_deliverable = deliverables["pid"]
    pid = services.document_create(
        actor=manager, scope=project, title="Documentation d'initialisation du projet (DIP)",
        category="management", deliverable=pid_deliverable,
        gate=Gate.objects.get(phase=pid_deliverable.phase),
        description="Le « contrat » entre le comité de pilotage et le chef de projet.",
        upload=_text("DIP siège de Gerland v1.md", "# DIP — siège de Gerland", PID_VERSIONS[0]))
    for number, line in enumerate(PID_VERSIONS[1:], start=2):
        services.version_add(actor=manager, document=pid, upload=_text(
            f"DIP siège de Gerland v{number}.md", "# DIP — siège de Gerland", line))
    services.document_submit(actor=manager, document=pid, approvers=[executive, pmo])
    services.document_approve(actor=executive, document=pid, comment="Bon pour lancement.")
    services.document_approve(actor=pmo, document=pid)

    report = services.document_create(
        actor=manager, scope=project, title="Rapport de fin de séquence — gros œuvre",
        category="report", deliverable=deliverables["end_stage_report"],
        upload=_text("Fin de séquence gros oeuvre.md", "# Fin de séquence : gros œuvre",
                     "Structure achevée avec trois semaines de retard sur le niveau R+4.",
                     "Prévision de la séquence suivante : clos-couvert."))
    services.document_submit(actor=manager, document=report, approvers=[executive, pmo])
    services.document_approve(actor=executive, document=report)

    with translation.override("fr"):
        services.document_generate(actor=manager, project=project, template="business_case",
                                   deliverable=deliverables["business_case"])

    portfolio = Portfolio.objects.get(pk=project.portfolio_id)
    services.document_create(
        actor=pmo, scope=portfolio, title="Charte du PMO", category="management",
        upload=_text("Charte du PMO.md", "# Charte du PMO",
                     "Missions : standardiser la gouvernance, arbitrer le portefeuille, "
                     "consolider le reporting."))
    return 4
