"""What a project's history holds: the kinds of objects recorded under a project, how to find
their historical records and how users know each one.

A kind reads its records through the model's historical model (django-simple-history), so
deleted objects keep their name. Governance's stage gates, their criteria and decisions are
kinds too; its later models (changes, decisions, documents) join by adding their ``Kind``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from jalon.changes.models import ChangeRequest
from jalon.documents.models import Document, DocumentVersion
from jalon.finance.models import BudgetLine, CostCategory, CostEntry, Expenditure, FixedCost
from jalon.governance.models import Criterion, Gate, GateDecision, Phase
from jalon.lessons.models import Lesson
from jalon.planning.models import Dependency, Task
from jalon.portfolios.models import Project
from jalon.raid.models import Assumption, Decision, ExternalDependency
from jalon.resources.models import Assignment, Resource
from jalon.risks.models import Issue, Risk
from jalon.timesheets.models import TimesheetEntry
from jalon.web.charts import short_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: A historical record's values, by attribute name (``task_id`` for a foreign key).
Record = Mapping[str, Any]


#: The name users know of an object a record refers to, by its model and key (the history's
#: reader has read them all beforehand: every foreign key of the records it reads).
Names = Callable[[type[models.Model], Any], str]


@dataclass(frozen=True)
class Kind:
    """One kind of object in a project's history.

    ``under(project_id)`` selects its historical records under the project (deleted objects
    included); ``name(record, names)`` says which object a record is about, as users know it;
    ``costs``: shown only to those who may see the project's money.
    """

    key: str
    label: StrOrPromise
    model: type[models.Model]
    under: Callable[[int], Q]
    name: Callable[[Record, Names], str]
    costs: bool = False

    @property
    def history(self) -> type[models.Model]:
        model: type[models.Model] = get_history_model_for_model(self.model)
        return model


def _tasks_of(project_id: int) -> Any:
    """The keys of the tasks that are or were in the project, deleted ones included."""
    return (get_history_model_for_model(Task).objects.filter(project_id=project_id)
            .values("id"))


def _gates_of(project_id: int) -> Any:
    """The keys of the stage gates that are or were in the project."""
    phases = get_history_model_for_model(Phase).objects.filter(project_id=project_id).values("id")
    return get_history_model_for_model(Gate).objects.filter(phase_id__in=phases).values("id")


def _documents_of(project_id: int) -> Any:
    """The keys of the documents that are or were in the project's library."""
    return (get_history_model_for_model(Document).objects.filter(project_id=project_id)
            .values("id"))


def _bilingual(record: Record, field: str) -> str:
    """A governance record's text in the reader's language (``name`` or ``label``)."""
    french = (get_language() or "").startswith("fr")
    return str(record[f"{field}_fr" if french else f"{field}_en"])


def _short_date(value: Any) -> str:
    return short_date(value) if value is not None else ""


KINDS: tuple[Kind, ...] = (
    Kind("project", gettext_lazy("Project"), Project,
         under=lambda pk: Q(id=pk),
         name=lambda r, n: _("Project %(name)s") % {"name": f"{r['code']} {r['name']}"}),
    Kind("task", gettext_lazy("Tasks"), Task,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Task %(name)s") % {"name": f"{r['wbs_code']} {r['name']}".strip()}),
    Kind("link", gettext_lazy("Links"), Dependency,
         under=lambda pk: Q(predecessor_id__in=_tasks_of(pk))
         | Q(successor_id__in=_tasks_of(pk)),
         name=lambda r, n: _("Link %(predecessor)s → %(successor)s") % {
             "predecessor": n(Task, r["predecessor_id"]), "successor": n(Task, r["successor_id"])}),
    Kind("assignment", gettext_lazy("Assignments"), Assignment,
         under=lambda pk: Q(task_id__in=_tasks_of(pk)),
         name=lambda r, n: _("Assignment of %(resource)s to %(task)s") % {
             "resource": n(Resource, r["resource_id"]),
             "task": n(Task, r["task_id"])}),
    Kind("budget", gettext_lazy("Budget lines"), BudgetLine,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Budget line %(category)s (%(expenditure)s)") % {
             "category": CostCategory(r["category"]).label,
             "expenditure": Expenditure(r["expenditure"]).label},
         costs=True),
    Kind("fixed_cost", gettext_lazy("Fixed costs"), FixedCost,
         under=lambda pk: Q(task_id__in=_tasks_of(pk)),
         name=lambda r, n: _("Fixed cost of %(task)s") % {"task": n(Task, r["task_id"])},
         costs=True),
    Kind("cost", gettext_lazy("Cost entries"), CostEntry,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: (_("Cost entry of %(date)s: %(description)s")
                            if r["description"] else _("Cost entry of %(date)s"))
         % {"date": _short_date(r["date"]), "description": r["description"]},
         costs=True),
    Kind("risk", gettext_lazy("Risks"), Risk,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Risk %(reference)s %(title)s") % {
             "reference": f"R{r['number']}", "title": r["title"]}),
    Kind("issue", gettext_lazy("Issues"), Issue,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Issue %(title)s") % {"title": r["title"]}),
    Kind("gate", gettext_lazy("Stage gates"), Gate,
         under=lambda pk: Q(id__in=_gates_of(pk)),
         name=lambda r, n: _("Gate %(name)s") % {"name": _bilingual(r, "name")}),
    Kind("criterion", gettext_lazy("Gate criteria"), Criterion,
         under=lambda pk: Q(gate_id__in=_gates_of(pk)),
         name=lambda r, n: _("Criterion %(label)s (%(gate)s)") % {
             "label": _bilingual(r, "label"), "gate": n(Gate, r["gate_id"])}),
    Kind("gate_decision", gettext_lazy("Gate decisions"), GateDecision,
         under=lambda pk: Q(gate_id__in=_gates_of(pk)),
         name=lambda r, n: _("Decision at %(gate)s") % {"gate": n(Gate, r["gate_id"])}),
    Kind("decision", gettext_lazy("Decisions"), Decision,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Decision %(reference)s %(title)s") % {
             "reference": f"D-{r['number']:03d}", "title": r["title"]}),
    Kind("assumption", gettext_lazy("Assumptions"), Assumption,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Assumption %(reference)s") % {
             "reference": f"A-{r['number']:03d}"}),
    Kind("external_dependency", gettext_lazy("External dependencies"), ExternalDependency,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("External dependency %(reference)s") % {
             "reference": f"X-{r['number']:03d}"}),
    Kind("lesson", gettext_lazy("Lessons learned"), Lesson,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Lesson %(title)s") % {"title": r["title"]}),
    Kind("document", gettext_lazy("Documents"), Document,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Document %(title)s") % {"title": r["title"]}),
    Kind("document_version", gettext_lazy("Document versions"), DocumentVersion,
         under=lambda pk: Q(document_id__in=_documents_of(pk)),
         name=lambda r, n: _("Version %(number)s of %(document)s") % {
             "number": r["number"], "document": n(Document, r["document_id"])}),
    Kind("change", gettext_lazy("Change requests"), ChangeRequest,
         under=lambda pk: Q(project_id=pk),
         name=lambda r, n: _("Change request %(name)s") % {
             "name": f"CR-{r['number']} {r['title']}"}),
    Kind("time", gettext_lazy("Timesheet entries"), TimesheetEntry,
         under=lambda pk: Q(task_id__in=_tasks_of(pk)),
         name=lambda r, n: _("Time of %(resource)s on %(task)s, %(date)s") % {
             "resource": n(Resource, r["resource_id"]),
             "task": n(Task, r["task_id"]), "date": _short_date(r["date"])}),
)

#: The kinds by key, for the filters.
BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}
