"""Forms of the RAID pages; each cleans into one service's keyword arguments. Choices of
linked objects are the project's own (its risks, issues, stage gates and tasks), shown by the
names users know."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.accounts import permissions as perms
from jalon.governance.models import Gate
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.raid.models import Assumption, Decision, ExternalDependency
from jalon.risks.models import Issue, Risk
from jalon.web.forms import DateInput, active_users


def _text(label: Any, *, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _person(label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=active_users(), required=False, label=label)


class RaidForm(forms.Form):
    """A register's form: its choices are the project's; ``entry`` is the one edited."""

    def __init__(self, *args: Any, project: Project, user: Any = None,
                 entry: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


def _several(label: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(queryset=Risk.objects.none(), required=False,
                                          label=label)


class DecisionForm(RaidForm):
    """For ``decision_create`` and ``decision_update``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Decision.Status.choices)
    decided_by = _person(_("Decided by"))
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    superseded_by = forms.ModelChoiceField(queryset=Decision.objects.none(), required=False,
                                           label=_("Superseded by"))
    context = _text(_("Context"))
    options = _text(_("Options considered"))
    decision = _text(_("Decision"))
    rationale = _text(_("Rationale"))
    risks = _several(_("Risks"))
    issues = _several(_("Issues"))
    gates = _several(_("Stage gates"))
    tasks = _several(_("Tasks"))

    def __init__(self, *args: Any, project: Project, user: Any = None,
                 entry: Decision | None = None, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        others = Decision.objects.filter(project=project)
        if entry is not None:  # a decision cannot supersede itself
            others = others.exclude(pk=entry.pk)
        choices = {"superseded_by": others,
                   "risks": Risk.objects.filter(project=project),
                   "issues": Issue.objects.filter(project=project),
                   "gates": Gate.objects.filter(phase__project=project),
                   "tasks": Task.objects.filter(project=project).order_by("wbs_code")}
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class AssumptionForm(RaidForm):
    """For ``assumption_create`` and ``assumption_update``."""

    description = _text(_("Description"), required=True)
    owner = _person(_("Owner"))
    validate_by = forms.DateField(label=_("Validate by"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Assumption.Status.choices)
    impact_if_false = _text(_("Impact if false"))


class DependencyForm(RaidForm):
    """For ``dependency_create`` and ``dependency_update``."""

    description = _text(_("Description"), required=True)
    direction = forms.ChoiceField(label=_("Direction"),
                                  choices=ExternalDependency.Direction.choices)
    party = forms.CharField(label=_("Party"), max_length=200, required=False,
                            help_text=_("The organisation or team outside the project."))
    other_project = forms.ModelChoiceField(queryset=Project.objects.none(), required=False,
                                           label=_("Other project"))
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DateInput())
    owner = _person(_("Owner"))
    status = forms.ChoiceField(label=_("Status"), choices=ExternalDependency.Status.choices)
    task = forms.ModelChoiceField(queryset=Task.objects.none(), required=False,
                                  label=_("Linked task"))

    def __init__(self, *args: Any, project: Project, user: Any = None, entry: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        self.fields["other_project"].queryset = (  # type: ignore[attr-defined]
            perms.visible_projects(user).exclude(pk=project.pk).order_by("code"))
        self.fields["task"].queryset = (  # type: ignore[attr-defined]
            Task.objects.filter(project=project).order_by("wbs_code"))
