"""Projects saved as templates for their portfolio, and new projects started from one.

A template is data (``ProjectTemplate.data``): the WBS (names, outline, durations and
three-point estimates, milestones), the links (type, lag), the phases with their summary task,
gates with their criteria and milestone, documents to produce, the roles to fill and a starter
risk checklist (titles and categories). It keeps no people, no dates, no progress and no money:
what a new project must decide for itself.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jalon.accounts import permissions as perms
from jalon.accounts.history import record_created
from jalon.accounts.models import Role
from jalon.errors import PermissionDenied, ValidationFailed
from jalon.governance.models import (
    Criterion,
    Gate,
    Phase,
    ProjectDocument,
    ProjectRole,
    ProjectTemplate,
)
from jalon.planning import services as planning
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Portfolio, Project
from jalon.risks import services as risks
from jalon.risks.models import Risk
from jalon.validation import validate

#: The version of the data a template holds, for the day its shape changes.
VERSION = 1


def can_save_template(user: Any, project: Project) -> bool:
    """PMO administrators and portfolio managers reaching the project."""
    return perms.is_superuser(user) or bool(
        perms.roles_on(user, project) & {Role.PMO_ADMIN, Role.PORTFOLIO_MANAGER})


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _outline(project: Project) -> list[Task]:
    """The project's tasks, each parent before its children, siblings in order."""
    children: dict[int | None, list[Task]] = {}
    for task in Task.objects.filter(project=project).order_by("position", "pk"):
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []
    pending = list(reversed(children.get(None, [])))
    while pending:
        task = pending.pop()
        ordered.append(task)
        pending.extend(reversed(children.get(task.pk, [])))
    return ordered


def snapshot(project: Project) -> dict[str, Any]:
    """The project as template data (tasks and links referred to by their position in
    ``tasks``)."""
    tasks = _outline(project)
    index = {task.pk: i for i, task in enumerate(tasks)}
    parents = {t.parent_id for t in tasks}
    phases = list(project.phases.select_related("gate").prefetch_related("documents",
                                                                         "gate__criteria"))
    return {
        "version": VERSION,
        "methodology": project.methodology,
        "tasks": [{"name": t.name, "parent": index.get(t.parent_id) if t.parent_id else None,
                   "milestone": t.is_milestone,
                   "duration": None if t.pk in parents else _number(t.duration),
                   "optimistic": _number(t.optimistic), "most_likely": _number(t.most_likely),
                   "pessimistic": _number(t.pessimistic)} for t in tasks],
        "links": [{"predecessor": index[d.predecessor_id], "successor": index[d.successor_id],
                   "type": d.type, "lag": float(d.lag), "lag_unit": d.lag_unit}
                  for d in Dependency.objects.filter(successor__project=project,
                                                     predecessor__project=project)
                  .order_by("pk")],
        "phases": [{
            "key": p.key, "name": {"en": p.name_en, "fr": p.name_fr},
            "summary": index.get(p.summary_task_id) if p.summary_task_id else None,
            "documents": [{"key": d.key, "name": {"en": d.name_en, "fr": d.name_fr}}
                          for d in p.documents.all()],
            "gate": {"name": {"en": p.gate.name_en, "fr": p.gate.name_fr},
                     "milestone": (index.get(p.gate.milestone_id) if p.gate.milestone_id
                                   else None),
                     "criteria": [{"key": c.key, "label": {"en": c.label_en, "fr": c.label_fr},
                                   "mandatory": c.mandatory, "rule": c.rule}
                                  for c in p.gate.criteria.order_by("position")]},
        } for p in phases if hasattr(p, "gate")],
        "roles": [{"key": r.key, "name": {"en": r.name_en, "fr": r.name_fr},
                   "jalon_role": r.jalon_role, "approver": r.approver}
                  for r in project.method_roles.order_by("pk")],
        "risks": [{"title": r.title, "category": r.category}
                  for r in Risk.objects.filter(project=project).order_by("number")],
    }


@transaction.atomic
def template_save(*, actor: Any, project: Project, name: str) -> ProjectTemplate:
    """Save ``project`` as a template of its portfolio, under ``name`` (unique there)."""
    perms.require_view(actor, project)
    if not can_save_template(actor, project):
        raise PermissionDenied(_("Only the PMO and portfolio managers save projects as "
                                 "templates."))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the template a name."), field="name")
    if ProjectTemplate.objects.filter(portfolio=project.portfolio, name=name).exists():
        raise ValidationFailed(_("The portfolio already has a template named “%(name)s”.")
                               % {"name": name}, field="name")
    template = ProjectTemplate(portfolio=project.portfolio, name=name,
                               methodology=project.methodology,
                               source=f"{project.code} {project.name}", data=snapshot(project),
                               created_by=actor)
    validate(template)
    template.save()
    return template


def _template_of(portfolio: Portfolio, pk: Any) -> ProjectTemplate:
    template = ProjectTemplate.objects.filter(portfolio=portfolio, pk=pk).first()
    if template is None:
        raise ValidationFailed(_("Choose one of the portfolio's project templates."),
                               field="template")
    return template


def _tasks(actor: Any, project: Project, rows: list[dict[str, Any]]) -> list[Task]:
    created: list[Task] = []
    for row in rows:
        fields = {k: row[k] for k in ("duration", "optimistic", "most_likely", "pessimistic")
                  if row.get(k) is not None}
        parent = created[row["parent"]] if row["parent"] is not None else None
        created.append(planning.task_create(actor=actor, project=project, name=row["name"],
                                            parent=parent, is_milestone=row["milestone"],
                                            **fields))
    return created


@transaction.atomic
def project_from_template(*, actor: Any, project: Project, template: int) -> list[Phase]:
    """Set a new project up from one of its portfolio's templates: its WBS and links, phases
    (the first one current) and gates with their criteria, documents to produce, roles to fill
    (the project manager's held by the project's manager) and the risk checklist, open and
    owned by the project manager."""
    perms.require_change(actor, project)
    saved = _template_of(project.portfolio, template)
    if project.methodology and project.methodology != saved.methodology:
        raise ValidationFailed(_("Choose a methodology or a template, not both."),
                               field="template")
    if saved.methodology and project.methodology != saved.methodology:
        project.methodology = saved.methodology
        project.save(update_fields=["methodology"])
    data = saved.data
    tasks = _tasks(actor, project, data["tasks"])
    for link in data["links"]:
        planning.dependency_create(actor=actor, predecessor=tasks[link["predecessor"]],
                                   successor=tasks[link["successor"]], type=link["type"],
                                   lag=link["lag"], lag_unit=link["lag_unit"])
    phases = []
    for position, row in enumerate(data["phases"]):
        gate_row = row["gate"]
        phase = Phase.objects.create(
            project=project, position=position, key=row["key"], name_en=row["name"]["en"],
            name_fr=row["name"]["fr"],
            summary_task=tasks[row["summary"]] if row["summary"] is not None else None,
            status=Phase.Status.ACTIVE if position == 0 else Phase.Status.PENDING)
        gate = Gate.objects.create(
            phase=phase, name_en=gate_row["name"]["en"], name_fr=gate_row["name"]["fr"],
            milestone=tasks[gate_row["milestone"]] if gate_row["milestone"] is not None
            else None)
        record_created(Criterion, Criterion.objects.bulk_create(
            Criterion(gate=gate, position=i, key=c["key"], label_en=c["label"]["en"],
                      label_fr=c["label"]["fr"], mandatory=c["mandatory"], rule=c["rule"])
            for i, c in enumerate(gate_row["criteria"])), actor=actor)
        record_created(ProjectDocument, ProjectDocument.objects.bulk_create(
            ProjectDocument(phase=phase, key=d["key"], name_en=d["name"]["en"],
                            name_fr=d["name"]["fr"]) for d in row["documents"]), actor=actor)
        phases.append(phase)
    record_created(ProjectRole, ProjectRole.objects.bulk_create(
        ProjectRole(project=project, key=r["key"], name_en=r["name"]["en"],
                    name_fr=r["name"]["fr"], jalon_role=r["jalon_role"], approver=r["approver"],
                    holder=project.project_manager if r["key"] == "project_manager" else None)
        for r in data["roles"]), actor=actor)
    for risk in data["risks"]:
        risks.risk_create(actor=actor, project=project, title=risk["title"],
                          category=risk["category"], owner=project.project_manager)
    return phases
