"""Change requests of the demo, through the services: on the headquarters' construction
(PRINCE2), deeper foundations after extra soundings were approved by the board with their
impact and a new baseline; longer acceptance checks, which slip the handover, await the board's
decision."""

from __future__ import annotations

from typing import Any

from jalon.changes import services
from jalon.changes.models import ChangeRequest
from jalon.planning.models import Task
from jalon.portfolios.models import Project


def _task(project: Project, name: str) -> int:
    return Task.objects.get(project=project, name=name).pk


def load(*, projects: dict[str, Project], people: dict[str, Any]) -> int:
    """Record the demo's change requests; how many."""
    project = projects["LYON-CONST"]
    manager, board = people["chef.chantier"], people["portefeuille"]
    piles = _task(project, "Fondations profondes (pieux)")
    checks = _task(project, "Opérations préalables à la réception")

    foundations = services.change_create(
        actor=manager, project=project, kind=ChangeRequest.Kind.SCOPE,
        title="Renfort des fondations après sondages complémentaires",
        description="Pieux allongés de 4 m sous l'aile nord et deux pieux supplémentaires.",
        reason="Les sondages complémentaires ont trouvé une couche d'argile plus profonde "
               "que prévu.")
    services.change_update(actor=manager, change=foundations, edits=[
        {"type": "duration", "task": piles, "duration": 15},
        {"type": "fixed_cost", "task": piles, "amount": 48000}])
    services.change_submit(actor=manager, change=foundations)
    services.change_approve(actor=board, change=foundations, baseline=True)

    acceptance = services.change_create(
        actor=manager, project=project, kind=ChangeRequest.Kind.QUALITY,
        title="Réception : opérations préalables renforcées",
        reason="L'assureur dommages-ouvrage exige un contrôle technique renforcé des lots "
               "techniques avant la réception, avec des essais d'étanchéité à l'air.")
    services.change_update(actor=manager, change=acceptance, edits=[
        {"type": "duration", "task": checks, "duration": 12},
        {"type": "add_task", "name": "Essais d'étanchéité à l'air du bâtiment",
         "duration": 3, "predecessors": [checks]}])
    services.change_submit(actor=manager, change=acceptance)
    return 2
