"""A project's tags as lessons know them: its method, its current phase, its sector and the
categories its open risks fall in. Projects have no sector field: a project's sector is the one
most lessons of its programme carry (none outside a programme)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jalon.governance.models import Gate, Phase
from jalon.lessons.models import Lesson
from jalon.portfolios.models import Project
from jalon.risks.models import Risk

# A risk's category, as the lesson category that speaks of it.
RISK_CATEGORIES: dict[str, str] = {
    Risk.Category.TECHNICAL: Lesson.Category.TECHNICAL,
    Risk.Category.OPERATIONAL: Lesson.Category.QUALITY,
    Risk.Category.FINANCIAL: Lesson.Category.COST,
    Risk.Category.LEGAL: Lesson.Category.PROCUREMENT,
    Risk.Category.HR: Lesson.Category.RESOURCES,
    Risk.Category.EXTERNAL: Lesson.Category.STAKEHOLDERS,
}


def method_of(project: Project) -> str:
    """The lesson method of the project's methodology: a pack's key as it is (a project
    created from a pack), else read from its words ("PMBOK (PMP)", "AgilePM"); "" if none."""
    words = project.methodology.lower()
    for key, marks in (("prince2", ("prince",)), ("agilepm", ("agile", "dsdm")),
                       ("pmbok", ("pmbok", "pmp")), ("hybrid", ("hybrid", "hybride"))):
        if any(mark in words for mark in marks):
            return key
    return ""


def sector_of(project: Project) -> str:
    """The sector most lessons of the project's programme carry; "" outside a programme or
    when none of them has one."""
    if project.programme_id is None:
        return ""
    sectors = Counter(Lesson.objects.filter(project__programme_id=project.programme_id)
                      .exclude(sector="").values_list("sector", flat=True))
    return sectors.most_common(1)[0][0] if sectors else ""


@dataclass(frozen=True)
class ProjectTags:
    """What a project's lessons are compared with: its tags, and its words (name, description,
    phase and gate, with the gate's criteria)."""

    method: str
    phase: str
    sector: str
    categories: frozenset[str]
    text: str


def project_tags(project: Project, gate: Gate | None = None) -> ProjectTags:
    """The tags of ``project`` now, or at ``gate`` (its phase, its criteria's words)."""
    phase: Phase | None = gate.phase if gate is not None else (
        project.phases.filter(status=Phase.Status.ACTIVE).first())
    words = [project.name, project.description]
    if phase is not None:
        words += [phase.name_en, phase.name_fr]
    if gate is not None:
        words += [gate.name_en, gate.name_fr]
        words += [text for criterion in gate.criteria.all()
                  for text in (criterion.label_en, criterion.label_fr)]
    risks = Risk.objects.filter(project=project, status=Risk.Status.OPEN)
    categories = frozenset(RISK_CATEGORIES[c] for c in
                           risks.values_list("category", flat=True).distinct()
                           if c in RISK_CATEGORIES)
    return ProjectTags(method=method_of(project), phase=phase.key if phase is not None else "",
                       sector=sector_of(project), categories=categories,
                       text=" ".join(w for w in words if w))


def lesson_defaults(project: Project, gate: Gate | None = None) -> dict[str, str | Gate]:
    """The tags a new lesson of ``project`` takes unless told otherwise: the project's method
    and sector, and at a gate the gate and its phase."""
    defaults: dict[str, str | Gate] = {"method": method_of(project), "sector": sector_of(project)}
    if gate is not None:
        defaults.update(gate=gate, phase=gate.phase.key)
    return defaults
