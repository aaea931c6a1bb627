"""Forms of the proposal, scoring and scenario pages; each cleans into one service's keyword
arguments.

Estimates are typed as a row of amounts per month (``1000; 500; 0``), and efforts one skill per
line (``Développeur: 80; 40``): month 1 is the month of the earliest start.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jalon.intake import selectors
from jalon.intake.models import MAX_PERIODS, Criterion, Level, Proposal, Scenario, ScoringModel
from jalon.intake.services import Cost, Effort
from jalon.portfolios.models import Portfolio, Project, StrategicObjective
from jalon.resources.models import Skill
from jalon.resources.selectors import skill_list
from jalon.web.forms import DateInput, active_users, choose_from

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise



def long_text(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    """An optional text of a few lines."""
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _amounts(text: str, what: str) -> list[Decimal]:
    """``"1 000; 500,5; 0"`` as amounts, naming the month at fault."""
    amounts = []
    for month, part in enumerate(text.split(";"), start=1):
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", part).replace(",", ".")
        try:
            amount = Decimal(cleaned or "0")
        except InvalidOperation:
            raise forms.ValidationError(
                _("%(what)s, month %(month)s: “%(text)s” is not a number.")
                % {"what": what, "month": month, "text": part.strip()}) from None
        if amount < 0 or not amount.is_finite():
            raise forms.ValidationError(_("%(what)s, month %(month)s: give an amount of zero "
                                          "or more.") % {"what": what, "month": month})
        amounts.append(amount)
    if len(amounts) > MAX_PERIODS:
        raise forms.ValidationError(_("At most %(count)s months.") % {"count": MAX_PERIODS})
    return amounts


def _row(amounts: list[Decimal]) -> str:
    return "; ".join(f"{amount.normalize():f}" for amount in amounts)


class ProposalForm(forms.Form):
    """For ``proposal_create`` and ``proposal_update``."""

    code = forms.CharField(label=gettext_lazy("Code"), max_length=30,
                           help_text=gettext_lazy("The code the project will have once "
                                                  "approved."))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    sponsor = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                     label=gettext_lazy("Sponsor"))
    problem = long_text(gettext_lazy("Problem"))
    benefits = long_text(gettext_lazy("Expected benefits"))
    objectives = forms.ModelMultipleChoiceField(
        queryset=StrategicObjective.objects.none(), required=False,
        label=gettext_lazy("Strategic objectives served"), widget=forms.CheckboxSelectMultiple)
    category = forms.CharField(label=gettext_lazy("Category"), max_length=100, required=False)
    earliest_start = forms.DateField(label=gettext_lazy("Earliest start"), required=False,
                                     widget=DateInput())
    duration = forms.IntegerField(label=gettext_lazy("Duration (months)"), min_value=1,
                                  max_value=MAX_PERIODS, initial=1)
    capex = forms.CharField(label=gettext_lazy("CAPEX per month"), required=False,
                            help_text=gettext_lazy("Amounts separated by semicolons, from the "
                                                   "month of the earliest start: 1000; 500; 0"))
    opex = forms.CharField(label=gettext_lazy("OPEX per month"), required=False,
                           help_text=gettext_lazy("As CAPEX."))
    efforts = long_text(
        gettext_lazy("Effort per skill (hours per month)"),
        gettext_lazy("One skill per line: its name, a colon, then hours per month separated "
                     "by semicolons (Développeur: 80; 40)."))
    risks = long_text(gettext_lazy("Key risks"))
    risk_level = forms.TypedChoiceField(
        label=gettext_lazy("Risk level"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *Proposal.RiskLevel.choices],
        help_text=gettext_lazy("The overall risk of delivering the expected benefits."))
    mandatory = forms.BooleanField(label=gettext_lazy("Mandatory or regulatory"),
                                   required=False)
    moscow = forms.ChoiceField(label=gettext_lazy("MoSCoW"), required=False,
                               choices=[("", "—"), *Proposal.Moscow.choices])
    depends_on = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(), required=False,
        label=gettext_lazy("Depends on proposals"), widget=forms.CheckboxSelectMultiple)
    depends_on_projects = forms.ModelMultipleChoiceField(
        queryset=Project.objects.none(), required=False,
        label=gettext_lazy("Depends on projects"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, portfolio: Portfolio,
                 proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choose_from(self, "sponsor", active_users())
        choose_from(self, "objectives", portfolio.objectives.order_by("code"))
        others = selectors.proposal_list(user=user, portfolio=portfolio)
        choose_from(self, "depends_on",
                    others.exclude(pk=proposal.pk) if proposal is not None else others)
        choose_from(self, "depends_on_projects", Project.objects.filter(
            portfolio=portfolio).order_by("code"))

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        initial = {name: getattr(proposal, name) for name in (
            "code", "title", "sponsor", "problem", "benefits", "category", "earliest_start",
            "duration", "risks", "risk_level", "mandatory", "moscow")}
        for name in ("objectives", "depends_on", "depends_on_projects"):
            initial[name] = list(getattr(proposal, name).all())
        costs = {c.period: c for c in proposal.costs.all()}
        periods = range(max(costs, default=-1) + 1)
        zero = Decimal("0")
        initial["capex"] = _row([costs[p].capex if p in costs else zero for p in periods])
        initial["opex"] = _row([costs[p].opex if p in costs else zero for p in periods])
        hours: dict[str, dict[int, Decimal]] = {}
        for effort in proposal.efforts.all():
            hours.setdefault(effort.skill.name, {})[effort.period] = effort.hours
        initial["efforts"] = "\n".join(
            f"{skill}: " + _row([by.get(p, zero) for p in range(max(by) + 1)])
            for skill, by in hours.items())
        return initial

    def clean_efforts(self) -> list[tuple[Skill, list[Decimal]]]:
        rows = []
        for line in self.cleaned_data["efforts"].splitlines():
            if not line.strip():
                continue
            name, colon, hours = line.rpartition(":")
            skill = (skill_list(user=self.user).filter(name__iexact=name.strip()).first()
                     if colon else None)
            if skill is None:
                raise forms.ValidationError(
                    _("“%(line)s”: start with the name of a skill of the pool, then a colon.")
                    % {"line": line.strip()})
            rows.append((skill, _amounts(hours, skill.name)))
        return rows

    def clean_capex(self) -> list[Decimal]:
        return _amounts(self.cleaned_data["capex"], _("CAPEX"))

    def clean_opex(self) -> list[Decimal]:
        return _amounts(self.cleaned_data["opex"], _("OPEX"))

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the services take them: estimates as costs and efforts."""
        data = dict(self.cleaned_data)
        capex, opex = data.pop("capex"), data.pop("opex")
        zero = Decimal("0")
        data["costs"] = [Cost(period, capex[period] if period < len(capex) else zero,
                              opex[period] if period < len(opex) else zero)
                         for period in range(max(len(capex), len(opex)))
                         if (period < len(capex) and capex[period])
                         or (period < len(opex) and opex[period])]
        data["efforts"] = [Effort(skill, period, amount) for skill, hours in data["efforts"]
                           for period, amount in enumerate(hours) if amount]
        return data


class TransitionForm(forms.Form):
    """For ``proposal_transition``."""

    action = forms.ChoiceField(choices=[(name, name) for name in (
        "submit", "review", "approve", "reject", "defer", "resume")], widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ScoringModelForm(forms.Form):
    """For ``scoring_model_create`` (and, without the kind, ``scoring_model_update``)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = long_text(gettext_lazy("Description"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ScoringModel.Kind.choices,
                             initial=ScoringModel.Kind.WEIGHTED)
    weighting = forms.ChoiceField(label=gettext_lazy("Weights"),
                                  choices=ScoringModel.Weighting.choices,
                                  initial=ScoringModel.Weighting.DIRECT)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]


class CriterionForm(forms.Form):
    """For ``criterion_create`` and ``criterion_update``."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = long_text(gettext_lazy("Description"))
    weight = forms.FloatField(label=gettext_lazy("Weight"), min_value=0, initial=1,
                              max_value=1e6)

    def __init__(self, *args: Any, model: ScoringModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if model.weighting == ScoringModel.Weighting.AHP:
            del self.fields["weight"]  # from the pairwise comparisons


class LevelForm(forms.Form):
    """For ``level_create`` and ``level_update``."""

    value = forms.FloatField(label=gettext_lazy("Value"), min_value=0, max_value=1e9)
    label = forms.CharField(label=gettext_lazy("Label"), max_length=100)
    description = long_text(gettext_lazy("Description"))


SAATY = [Fraction(9), Fraction(7), Fraction(5), Fraction(3), Fraction(1), Fraction(1, 3),
         Fraction(1, 5), Fraction(1, 7), Fraction(1, 9)]
INTENSITY = {1: gettext_lazy("equally important"), 3: gettext_lazy("moderately more important"),
             5: gettext_lazy("strongly more important"),
             7: gettext_lazy("very strongly more important"),
             9: gettext_lazy("extremely more important")}


def _judgement_choices(row: str, column: str) -> list[tuple[str, str]]:
    choices = []
    for value in SAATY:
        if value >= 1:
            text = (_("“%(a)s” and “%(b)s” are equally important") % {"a": row, "b": column}
                    if value == 1 else _("“%(a)s” is %(intensity)s than “%(b)s”")
                    % {"a": row, "b": column, "intensity": INTENSITY[int(value)]})
        else:
            text = (_("“%(a)s” is %(intensity)s than “%(b)s”")
                    % {"a": column, "b": row, "intensity": INTENSITY[value.denominator]})
        choices.append((str(value), f"{value} — {text}"))
    return choices


def judgement_text(value: float) -> str:
    """A judgement as people write it: ``3``, ``1/5``; another value as a number."""
    nearest = Fraction(value).limit_denominator(9)
    if abs(float(nearest) - value) < 1e-6:
        return str(nearest)
    return number_format(value, decimal_pos=2)


class PairwiseForm(forms.Form):
    """For ``judgements_set``: one choice on Saaty's scale for each pair of criteria (the
    criterion placed first against each later one)."""

    def __init__(self, *args: Any, criteria: list[Criterion], matrix: list[list[float]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for i, row in enumerate(criteria):
            for j in range(i + 1, len(criteria)):
                column = criteria[j]
                nearest = min(SAATY, key=lambda v: abs(float(v) - matrix[i][j]))
                self.fields[f"pair_{i}_{j}"] = forms.ChoiceField(
                    label=f"{row.name} / {column.name}", initial=str(nearest),
                    choices=_judgement_choices(row.name, column.name))

    def matrix(self) -> list[list[float]]:
        n = len(self.criteria)
        matrix = [[1.0] * n for _row in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                value = Fraction(self.cleaned_data[f"pair_{i}_{j}"])
                matrix[i][j], matrix[j][i] = float(value), float(1 / value)
        return matrix


class EvaluationForm(forms.Form):
    """For ``evaluation_set``: one level of each criterion's scale, and a comment."""

    def __init__(self, *args: Any, model: ScoringModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels: dict[int, Level] = {}
        for criterion in model.criteria.all():
            levels = sorted(criterion.levels.all(), key=lambda level: level.value)
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, help_text=criterion.description, coerce=int,
                widget=forms.RadioSelect,
                choices=[(level.pk, f"{level.label}" + (f" — {level.description}"
                                                        if level.description else ""))
                         for level in levels])
            self.levels.update({level.pk: level for level in levels})
        self.fields["comment"] = long_text(gettext_lazy("Comment"))

    def service_arguments(self) -> dict[str, Any]:
        return {"levels": [self.levels[value] for name, value in self.cleaned_data.items()
                           if name.startswith("criterion_")],
                "comment": self.cleaned_data["comment"]}


def _optional_number(text: str, line: int) -> float | None:
    cleaned = re.sub(r"[\s\u00a0\u202f%]", "", text).replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise forms.ValidationError(_("Line %(line)s: “%(text)s” is not a number.")
                                    % {"line": line, "text": text.strip()}) from None


class ScenarioForm(forms.Form):
    """For ``scenario_create`` and ``scenario_update``. The budget is a row of k€ per month (one
    figure for every month); capacity overrides one skill per line (``Développeur: 320``);
    balance rules one per line: category; resource (``budget`` or a skill); minimum and maximum
    share in percent; minimum and maximum count (blank when not wanted)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = long_text(gettext_lazy("Description"))
    first_month = forms.DateField(label=gettext_lazy("First month"), widget=DateInput())
    months = forms.IntegerField(label=gettext_lazy("Months"), min_value=1, max_value=60,
                                initial=12)
    budget = forms.CharField(
        label=gettext_lazy("Budget per month (k€)"),
        help_text=gettext_lazy("CAPEX and OPEX together: one figure for every month, or one "
                               "per month separated by semicolons (300; 300; 250)."))
    value = forms.ChoiceField(label=gettext_lazy("Value of a proposal"),
                              choices=Scenario.Value.choices)
    scoring_model = forms.ModelChoiceField(queryset=ScoringModel.objects.none(), required=False,
                                           label=gettext_lazy("Scoring model"))
    capacity = long_text(
        gettext_lazy("Capacity overrides (hours per month)"),
        gettext_lazy("One skill per line, its name, a colon and the hours per month that "
                     "replace what the pool has left (Développeur: 320)."))
    balance = long_text(
        gettext_lazy("Balance rules"),
        gettext_lazy("One rule per line: category; budget or a skill; minimum share %; maximum "
                     "share %; minimum count; maximum count, blank when not wanted "
                     "(compliance; budget; 10; ; ; or innovation; ; ; ; ; 2)."))
    locked_in = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(), required=False, label=gettext_lazy("Locked in"),
        widget=forms.CheckboxSelectMultiple)
    locked_out = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(), required=False, label=gettext_lazy("Locked out"),
        widget=forms.CheckboxSelectMultiple)
    time_limit = forms.FloatField(label=gettext_lazy("Time limit (seconds)"), min_value=1,
                                  max_value=600, initial=10)

    def __init__(self, *args: Any, user: Any, portfolio: Portfolio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choose_from(self, "scoring_model", selectors.scoring_models_of(portfolio=portfolio))
        candidates = Proposal.objects.filter(portfolio=portfolio).exclude(
            state__in=[Proposal.State.DRAFT, Proposal.State.REJECTED]).order_by("code")
        choose_from(self, "locked_in", candidates)
        choose_from(self, "locked_out", candidates)

    @classmethod
    def initial_for(cls, scenario: Scenario) -> dict[str, Any]:
        initial = {name: getattr(scenario, name) for name in (
            "name", "description", "first_month", "months", "value", "scoring_model",
            "time_limit")}
        initial["budget"] = "; ".join(f"{v:g}" for v in scenario.budget)
        skills = dict(Skill.objects.values_list("pk", "name"))
        initial["capacity"] = "\n".join(f"{skills.get(int(pk), pk)}: {hours:g}"
                                        for pk, hours in scenario.capacity.items())

        def cell(value: float | None, scale: float = 1) -> str:
            return "" if value is None else f"{value * scale:g}"

        initial["balance"] = "\n".join(
            f"{r['category']}; {r.get('resource') or ''}; {cell(r.get('min_share'), 100)}; "
            f"{cell(r.get('max_share'), 100)}; {cell(r.get('min_count'))}; "
            f"{cell(r.get('max_count'))}" for r in scenario.balance)
        initial["locked_in"] = list(scenario.locked_in.all())
        initial["locked_out"] = list(scenario.locked_out.all())
        return initial

    def clean_budget(self) -> list[float]:
        return [float(v) for v in _amounts(self.cleaned_data["budget"], _("Budget"))]

    def clean_capacity(self) -> dict[str, float]:
        overrides = {}
        skills = {s.name.casefold(): s for s in skill_list(user=self.user)}
        for line in self.cleaned_data["capacity"].splitlines():
            if not line.strip():
                continue
            name, _colon, hours = line.rpartition(":")
            skill = skills.get(name.strip().casefold())
            if skill is None:
                raise forms.ValidationError(_("Unknown skill: “%(name)s”.")
                                            % {"name": name.strip() or line.strip()})
            overrides[str(skill.pk)] = float(_amounts(hours, skill.name)[0])
        return overrides

    def clean_balance(self) -> list[dict[str, Any]]:
        rules = []
        for number, line in enumerate(self.cleaned_data["balance"].splitlines(), start=1):
            if not line.strip():
                continue
            cells = [*line.split(";"), "", "", "", "", ""][:6]
            low, high, fewest, most = (_optional_number(c, number) for c in cells[2:])
            rule: dict[str, Any] = {"category": cells[0].strip()}
            if cells[1].strip():
                rule["resource"] = cells[1].strip()
            for key, value, scale in (("min_share", low, 0.01), ("max_share", high, 0.01),
                                      ("min_count", fewest, 1), ("max_count", most, 1)):
                if value is not None:
                    rule[key] = value * scale if scale != 1 else int(value)
            rules.append(rule)
        return rules
