"""The demo's status reports for the period of the status date (June 2026): two published by
the PMO, one submitted and awaiting its review — written by their project managers through
the services, as a user would."""

from __future__ import annotations

from typing import Any

from jalon.portfolios.models import Project
from jalon.statusreports import services

# project, its manager's login, whether the PMO publishes it, the commentary
REPORTS: tuple[tuple[str, str, bool, dict[str, str]], ...] = (
    ("NUM-ERP", "cheffe.projet", True, {
        "achievements": "Paramétrage des modules finance et achats terminé ; reprise des "
                        "données fournisseurs validée.",
        "next_period": "Recette utilisateurs des achats ; formation des acheteurs.",
        "help_needed": "Deux utilisateurs clés de la comptabilité pour la recette."}),
    ("LYON-CONST", "chef.chantier", True, {
        "achievements": "Gros œuvre du niveau 2 achevé.",
        "next_period": "Charpente et couverture ; début des réseaux.",
        "help_needed": "Arbitrage sur le surcoût de l'acier (voir le registre des risques)."}),
    ("USINE-MES", "chef.usine", False, {
        "achievements": "Interfaces avec les automates de la ligne 1 en service.",
        "next_period": "Déploiement sur la ligne 2.",
        "help_needed": ""}),
)


def load(*, people: dict[str, Any], projects: dict[str, Project]) -> int:
    """Write, submit and (for some) publish the reports; returns how many were written."""
    reviewer = people["portefeuille"]
    for code, manager, publish, commentary in REPORTS:
        author = people[manager]
        report = services.report_create(actor=author, project=projects[code])
        report = services.report_update(actor=author, report=report, **commentary)
        report = services.report_transition(actor=author, report=report, action="submit")
        if publish:
            services.report_transition(actor=reviewer, report=report, action="publish",
                                       comments="Merci : point à suivre en comité.")
    return len(REPORTS)
