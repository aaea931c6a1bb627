"""Tolerances and exceptions for the demo portfolio, through the services: the PMO's default
tolerances for the portfolio, a cost tolerance of its own on the ERP (whose estimate at
completion passes its budget by 18 %), the exceptions the check raises — the ERP's cost, with
its report drafted by the project manager and awaiting the board, and the robotisation's risk
(a risk scoring 25), whose report is awaited — and the headquarters' construction saved as a
template."""

from __future__ import annotations

from typing import Any

from jalon.governance import exceptions, project_templates
from jalon.governance.models import ToleranceException
from jalon.portfolios.models import Portfolio, Project

#: The portfolio's defaults: fifteen days of slip; a risk scoring above 20 is the board's.
PORTFOLIO = {"time_days": 15, "risk_score": 20}

#: Projects' own tolerances, over the portfolio's.
PROJECTS = {"NUM-ERP": {"cost_percent": 10}}

#: The ERP's exception report, drafted by its project manager.
REPORT = {
    "cause": "Reprise des données clients plus lourde que prévu et deux interfaces (paie, "
             "entrepôt) ajoutées en cours de conception.",
    "consequences": "Le coût à terminaison dépasse le budget de 18 %, au-delà de la tolérance "
                    "de 10 % ; sans décision, le dépassement se reporte sur le budget 2027.",
    "options": "1. Accepter la nouvelle prévision avec une tolérance de 20 %. "
               "2. Plan d'exception : reporter l'interface entrepôt au lot 2. "
               "3. Clôture anticipée après la finance et les achats.",
    "recommendation": "Option 2 : plan d'exception, l'interface entrepôt passant au lot 2.",
}


def load(*, actor: Any, portfolio: Portfolio, projects: dict[str, Project]) -> int:
    """Set the tolerances, run the check once and draft the ERP's report; returns how many
    exceptions were raised."""
    exceptions.portfolio_tolerances_set(actor=actor, portfolio=portfolio, **PORTFOLIO)
    for code, values in PROJECTS.items():
        exceptions.tolerances_set(actor=actor, project=projects[code], **values)
    raised = exceptions.exceptions_check(projects=list(projects.values()))
    erp = projects["NUM-ERP"]
    over = ToleranceException.objects.filter(project=erp, resolved_at=None,
                                             measure=ToleranceException.Measure.COST).first()
    if over is not None:
        erp.refresh_from_db()
        exceptions.exception_report(actor=erp.project_manager or actor, exception=over,
                                    **REPORT)
    project_templates.template_save(actor=actor, project=projects["LYON-CONST"],
                                    name="Construction PRINCE2 (modèle LYON-CONST)")
    return len(raised)
