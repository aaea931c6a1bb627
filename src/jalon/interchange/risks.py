"""The risks of an imported Jalon file, as the project's risk register holds them.

A file's risk is what the Monte Carlo simulation draws (``jalon.engine.montecarlo.RiskEvent``):
a probability, the tasks it hits with a delay (working days and/or a share of the duration,
per task where the file says so) and a cost. Negative effects are an opportunity's gains.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jalon import io
from jalon.engine.montecarlo import RiskEvent
from jalon.errors import ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.risks import services as risks
from jalon.risks.models import Risk


def _amount(value: float) -> Decimal:
    return Decimal(str(round(abs(value), 2)))


def import_risks(document: io.ProjectDocument, project: Project, rows: dict[str, Task], *,
                 actor: Any) -> None:
    """Add each of the document's risks to the project's register, open, with its tasks.

    The probability is kept as a percentage, and its matrix level is the band it falls in.
    A value the register refuses is refused on ``file``, naming the risk.
    """
    size = risks.matrix_config_for(project.portfolio).size
    for event in document.risks:
        try:
            _import_risk(event, project, rows, size=size, actor=actor)
        except ValidationFailed as exc:
            raise ValidationFailed(_("Risk “%(risk)s”: %(problem)s")
                                   % {"risk": event.name or event.id, "problem": exc.message},
                                   field="file") from None


def _import_risk(event: RiskEvent, project: Project, rows: dict[str, Task], *, size: int,
                 actor: Any) -> None:
    """One risk with its task links; an event whose effects are all gains is an opportunity."""
    effects = (event.delay, event.delay_percent, event.cost,
               *(v for pair in event.delays.values() for v in pair))
    gain = any(v < 0 for v in effects) and not any(v > 0 for v in effects)
    risk = risks.risk_create(
        actor=actor, project=project, title=(event.name or event.id)[:200],
        kind=Risk.Kind.OPPORTUNITY if gain else Risk.Kind.THREAT,
        probability_percent=Decimal(str(round(event.probability * 100, 2))),
        probability=min(size, max(1, math.ceil(event.probability * size))),
        delay_days=_amount(event.delay), delay_percent=_amount(event.delay_percent),
        cost_impact=_amount(event.cost))
    for task_id in event.tasks:
        own = event.delays.get(task_id)
        risks.task_link_create(
            actor=actor, risk=risk, task=rows[task_id],
            delay_days=_amount(own[0]) if own else None,
            delay_percent=_amount(own[1]) if own else None)
