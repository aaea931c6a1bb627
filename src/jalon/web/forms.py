"""Forms of the web pages. They read and check the input; the services do the writing.

Each form cleans into the keyword arguments of one service. When a service refuses the input
(``ValidationFailed``), :func:`add_service_errors` puts its messages next to the fields at fault.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.errors import ValidationFailed
from jalon.planning import selectors as planning_selectors
from jalon.planning.models import WEEKDAY_NAMES, Baseline, Calendar, Task
from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Project, StrategicObjective
from jalon.resources import selectors as resource_selectors
from jalon.resources.models import Resource, Skill
from jalon.web.predecessors import PredecessorSyntaxError, format_predecessors, parse_predecessors

# Services name some fields differently from the forms that feed them.
FIELD_ALIASES = {"predecessor": "predecessors"}


def add_service_errors(form: forms.BaseForm, exc: ValidationFailed) -> None:
    """Show a service's refusal on the form: each message next to its field, or above the form."""
    for field, messages in exc.errors.items():
        name = FIELD_ALIASES.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _calendar_field(user: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=planning_selectors.calendar_list(user=user), required=False, label=_("Calendar"),
        empty_label=_("Default (Monday to Friday)"),
    )


def _active_users() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _choose_from(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Give the choice field ``name`` its choices, which depend on what the user may see."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


# --- portfolios, programmes, strategic objectives -----------------------------------------------

class PortfolioForm(forms.Form):
    """For ``portfolio_create`` and ``portfolio_update``."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in cls.base_fields}


class ProgrammeForm(PortfolioForm):
    """For ``programme_create`` and ``programme_update``."""

    manager = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                     label=_("Programme manager"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "manager", _active_users())


class ObjectiveForm(PortfolioForm):
    """For ``objective_create`` and ``objective_update``."""

    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1,
                                help_text=_("1 to 100: how much the objective counts."))


# --- projects -----------------------------------------------------------------------------------

class ProjectForm(forms.Form):
    """A project's own fields, for ``project_create`` and ``project_update``."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices, initial=Project.Status.PROPOSED)
    priority = forms.IntegerField(label=_("Priority"), min_value=0, max_value=1000, initial=500,
                                  help_text=_("0 (lowest) to 1000 (highest)."))
    sponsor = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    project_manager = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                             label=_("Project manager"))
    methodology = forms.CharField(label=_("Methodology"), max_length=100, required=False)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    status_date = forms.DateField(label=_("Status date"), required=False, widget=DateInput())
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    calendar = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Calendar"))
    objectives = forms.ModelMultipleChoiceField(
        queryset=StrategicObjective.objects.none(), required=False, label=_("Strategic objectives"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, portfolio: Portfolio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "project_manager", _active_users())
        self.fields["calendar"] = _calendar_field(user)
        _choose_from(self, "objectives",
                     portfolio_selectors.objective_choices(user=user, portfolio=portfolio))

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        initial = {name: getattr(project, name) for name in cls.base_fields if name != "objectives"}
        initial["objectives"] = list(project.objectives.all())
        return initial

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Baseline name"), max_length=100)


MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ProjectImportForm(forms.Form):
    """For ``interchange.read_upload`` then ``interchange.project_import``."""

    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("MS Project XML (.xml), Jalon JSON or YAML (.json, .yaml), PSPLIB (.sm); "
                    "20 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.json,.yaml,.yml,.sm"}),
    )
    code = forms.CharField(label=_("Code of the new project"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("The file's project name when left empty."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                gettext("%(name)s is %(size)s MB: files are limited to 20 MB.")
                % {"name": upload.name, "size": f"{upload.size / 2**20:.1f}"})
        return upload


class BaselineChoiceForm(forms.Form):
    """Which baseline to compare the schedule with (GET)."""

    baseline = forms.ModelChoiceField(queryset=Baseline.objects.none(), label=_("Compare with the baseline"),
                                      required=False, empty_label=_("— choose a baseline —"))

    def __init__(self, data: Any = None, *, baselines: Any) -> None:
        super().__init__(data)
        _choose_from(self, "baseline", baselines)


# --- tasks --------------------------------------------------------------------------------------

class TaskAddForm(forms.Form):
    name = forms.CharField(label=_("New task"), max_length=250,
                           widget=forms.TextInput(attrs={"placeholder": _("Name of the new task")}))
    duration = forms.DecimalField(label=_("Duration (days)"), min_value=0, max_digits=9,
                                  decimal_places=2, initial=Decimal("1"))
    is_milestone = forms.BooleanField(label=_("Milestone"), required=False)


TASK_EDIT_FIELDS = {"name", "duration", "percent_complete", "actual_start", "actual_finish"}


class TaskProgressForm(forms.Form):
    """What a team member may record: progress only."""

    percent_complete = forms.IntegerField(label=_("% complete"), min_value=0, max_value=100)
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_finish = forms.DateField(label=_("Actual finish"), required=False, widget=DateInput())

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(task))
        super().__init__(*args, **kwargs)
        self.task = task
        for field in self.fields.values():  # the row's inputs belong to the form above the table
            field.widget.attrs["form"] = "task-edit-form"

    def initial_for(self, task: Task) -> dict[str, Any]:
        return {name: getattr(task, name) for name in self.base_fields if name in TASK_EDIT_FIELDS}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, finish = data.get("actual_start"), data.get("actual_finish")
        if start and finish and finish < start:
            self.add_error("actual_finish", gettext("The actual finish is before the actual start."))
        return data

    def task_changes(self) -> dict[str, Any]:
        """The changed task fields, for ``task_update`` (predecessors are set apart)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in TASK_EDIT_FIELDS}


class TaskEditForm(TaskProgressForm):
    """The inline row form of those who may change the plan."""

    name = forms.CharField(label=_("Name"), max_length=250)
    duration = forms.DecimalField(label=_("Duration (days)"), max_digits=9, decimal_places=2)
    predecessors = forms.CharField(
        label=_("Predecessors"), required=False, max_length=1000,
        help_text=_("WBS codes, e.g. 3FS+2, 5SS; CODE:WBS for another project's task."),
    )
    field_order = ["name", "duration", "predecessors", "percent_complete", "actual_start", "actual_finish"]

    def __init__(self, *args: Any, task: Task, user: Any, tasks: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, task=task, **kwargs)
        self.user = user
        self.tasks = tasks

    def initial_for(self, task: Task) -> dict[str, Any]:
        initial = super().initial_for(task)
        initial["predecessors"] = format_predecessors(task)
        return initial

    def clean_duration(self) -> Decimal:
        duration = self.cleaned_data["duration"]
        if duration < 0:
            raise forms.ValidationError(gettext("The duration cannot be negative."))
        return duration

    def clean_predecessors(self) -> list[tuple[Task, str, Decimal]]:
        """The links as ``predecessors_set`` takes them; every unknown code is named."""
        try:
            refs = parse_predecessors(self.cleaned_data["predecessors"])
        except PredecessorSyntaxError as exc:
            raise forms.ValidationError(str(exc)) from None
        project = self.task.project
        here = {task.wbs_code: task for task in self.tasks}
        codes = {ref.project_code for ref in refs if ref.project_code and ref.project_code != project.code}
        elsewhere: dict[tuple[str, str], Task] = {}
        if codes:
            for task in planning_selectors.task_list(user=self.user).filter(project__code__in=codes):
                elsewhere[(task.project.code, task.wbs_code)] = task
        links, unknown = [], []
        for ref in refs:
            if ref.project_code and ref.project_code != project.code:
                found = elsewhere.get((ref.project_code, ref.wbs))
            else:
                found = here.get(ref.wbs)
            if found is None:
                unknown.append(ref.label())
            else:
                links.append((found, ref.type, ref.lag))
        if unknown:
            raise forms.ValidationError(
                gettext("Unknown predecessor: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return links


# --- resources and assignments ------------------------------------------------------------------

class SkillForm(forms.Form):
    """For ``skill_create`` and ``skill_update``."""

    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, skill: Any) -> dict[str, Any]:
        return {name: getattr(skill, name) for name in cls.base_fields}


class TaskChoiceField(forms.ModelChoiceField):
    """A task shown by its WBS code and name."""

    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.wbs_code} {obj.name}"


class AssignmentForm(forms.Form):
    """Assign a resource of the pool, named by its code, to one of the project's tasks."""

    task = TaskChoiceField(queryset=Task.objects.none(), label=_("Task"))
    resource = forms.CharField(label=_("Resource"), max_length=200,
                               help_text=_("The resource's code or name."))
    units = forms.DecimalField(label=_("Units"), max_digits=6, decimal_places=2, initial=Decimal("1"),
                               help_text=_("1 = full time."))
    work = forms.DecimalField(label=_("Work (hours)"), max_digits=10, decimal_places=2, min_value=0,
                              required=False, help_text=_("Empty: duration × hours per day × units."))

    def __init__(self, *args: Any, user: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Work is assigned to work tasks; summary tasks roll their children up.
        tasks = planning_selectors.task_list(user=user, project=project).filter(children__isnull=True)
        _choose_from(self, "task", tasks)

    def clean_resource(self) -> Resource:
        text = self.cleaned_data["resource"].strip()
        pool = resource_selectors.resource_list(user=self.user)
        resource = pool.filter(code__iexact=text).first() or pool.filter(name__iexact=text).first()
        if resource is None:
            raise forms.ValidationError(gettext("Unknown resource: %(name)s.") % {"name": text})
        return resource


class ResourceForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.none(), required=False, label=_("Skills"),
                                            widget=forms.CheckboxSelectMultiple)
    standard_rate = forms.DecimalField(label=_("Standard rate (per hour, or per unit for material)"),
                                       min_value=0, max_digits=10, decimal_places=2, initial=Decimal("0"))
    cost_per_use = forms.DecimalField(label=_("Cost per use"), min_value=0, max_digits=10,
                                      decimal_places=2, initial=Decimal("0"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    capacity = forms.DecimalField(label=_("Capacity (units)"), min_value=0, max_digits=6,
                                  decimal_places=2, initial=Decimal("1"))
    calendar = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Calendar"))
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "skills", resource_selectors.skill_list(user=user))
        self.fields["calendar"] = _calendar_field(user)

    @classmethod
    def initial_for(cls, resource: Resource) -> dict[str, Any]:
        initial = {name: getattr(resource, name) for name in cls.base_fields if name != "skills"}
        initial["skills"] = list(resource.skills.all())
        return initial

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()


# --- calendars ----------------------------------------------------------------------------------

class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working days"), coerce=int, choices=list(enumerate(WEEKDAY_NAMES)),
        initial=[0, 1, 2, 3, 4], widget=forms.CheckboxSelectMultiple,
    )
    hours_per_day = forms.DecimalField(label=_("Hours per day"), min_value=Decimal("0.25"),
                                       max_value=24, max_digits=4, decimal_places=2, initial=Decimal("8"))
    public_holidays = forms.ChoiceField(label=_("Public holidays"), choices=Calendar.Holidays.choices,
                                        required=False)
    base = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False, label=_("Base calendar"),
                                  empty_label=_("None"))

    def __init__(self, *args: Any, user: Any, calendar: Calendar | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        calendars = planning_selectors.calendar_list(user=user)
        # a calendar cannot be its own base (the service also refuses longer loops)
        _choose_from(self, "base", calendars.exclude(pk=calendar.pk) if calendar else calendars)

    @classmethod
    def initial_for(cls, calendar: Calendar) -> dict[str, Any]:
        return {name: getattr(calendar, name) for name in cls.base_fields}

    def clean_working_weekdays(self) -> list[int]:
        return sorted(self.cleaned_data["working_weekdays"])


class CalendarExceptionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    start = forms.DateField(label=_("Start"), widget=DateInput())
    finish = forms.DateField(label=_("Finish"), widget=DateInput())
    is_working = forms.BooleanField(label=_("Worked (instead of off)"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, finish = data.get("start"), data.get("finish")
        if start and finish and finish < start:
            self.add_error("finish", gettext("The finish is before the start."))
        return data

