"""Methodologies and stage gates for the demo portfolio, through the services: the headquarters'
construction runs PRINCE2, the assembly-line robotisation PMBOK, the customer portal AgilePM.
Earlier gates were passed (one with a condition), the current one awaits the board, and the
robotisation's executing gate is on hold, as the project is."""

from __future__ import annotations

from datetime import date
from typing import Any

from jalon.governance import services
from jalon.governance.models import Gate, ProjectDocument
from jalon.portfolios.models import Project

# project code -> (methodology, roles' holders by role key, decisions at the gates in order:
# (decision, comment, condition or None))
GOVERNANCE: dict[str, tuple[str, dict[str, str], list[tuple[str, str, tuple[str, str, date] | None]]]] = {
    "LYON-CONST": ("prince2", {
        "executive": "portefeuille", "senior_user": "pmo", "senior_supplier": "chef.chantier",
        "project_assurance": "pmo", "team_manager": "chef.chantier"}, [
        ("go", "Exposé validé en comité immobilier : lancement de l'initialisation.", None),
        ("go_with_conditions", "DIP approuvée ; le plan de gestion des déchets de chantier "
         "reste à produire.", ("Plan de gestion des déchets de chantier (RE2020)",
                                "chef.chantier", date(2026, 6, 30))),
    ]),
    "USINE-ROBOT": ("pmbok", {
        "sponsor": "portefeuille", "steering_committee": "pmo", "pmo": "pmo",
        "team": "chef.usine"}, [
        ("go", "Charte signée par le directeur industriel.", None),
        ("go", "Plan, planning de référence et budget approuvés.", None),
        ("hold", "Suspendu en attendant la décision sur la subvention France 2030.", None),
    ]),
    "NUM-CRM": ("agilepm", {
        "business_sponsor": "portefeuille", "business_visionary": "programme",
        "technical_coordinator": "cheffe.projet", "team_leader": "equipe"}, [
        ("go", "Termes de référence validés par la direction commerciale.", None),
        ("go", "Faisable dans l'enveloppe : passage aux fondations.", None),
    ]),
}


def load(*, actor: Any, projects: dict[str, Project], people: dict[str, Any]) -> int:
    """Set the demo's governed projects up and record their gate decisions; the gates' count."""
    count = 0
    for code, (key, holders, decisions) in GOVERNANCE.items():
        project = projects[code]
        project.refresh_from_db()
        phases = services.project_adopt(actor=actor, project=project, key=key)
        for role in project.method_roles.all():
            holder = people.get(holders.get(role.key, ""))
            if holder is not None:
                services.role_assign(actor=actor, role=role, holder=holder)
        for phase, (decision, comment, condition) in zip(phases, decisions, strict=False):
            if decision != "hold":  # the work of a phase passed was approved
                for document in ProjectDocument.objects.filter(phase=phase):
                    services.document_set_status(actor=actor, document=document,
                                                 status=ProjectDocument.Status.APPROVED)
            for criterion in Gate.objects.get(phase=phase).criteria.filter(rule=""):
                services.criterion_tick(actor=actor, criterion=criterion, met=True,
                                        comment="Vérifié en comité.")
            conditions = ([services.Condition(description=condition[0],
                                              owner=people[condition[1]], due_date=condition[2])]
                          if condition else [])
            services.gate_decide(actor=actor, gate=Gate.objects.get(phase=phase),
                                 decision=decision, comment=comment, conditions=conditions)
        count += len(phases)
    return count
