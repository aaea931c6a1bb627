"""Every list's query parameters are its filter definition's fields (``jalon.api.filtering``):
the OpenAPI document lists them with their types and choices, so the fuzzing run
(``test_fuzz.py``, generated from that document) sends them, good and bad."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.test import Client

from jalon.api.filtering import FilterQuery, parameters_of
from jalon.audit.forms import HistoryFilters
from jalon.finance.filters import (
    BudgetLineFilter,
    CostEntryFilter,
    FixedCostFilter,
    KpiDashboardFilter,
)
from jalon.intake.filters import ProposalFilter
from jalon.lessons.filters import LessonFilter
from jalon.planning.filters import BaselineFilter, DependencyFilter, TaskFilter
from jalon.portfolios.filters import ObjectiveFilter, ProgrammeFilter, ProjectFilter
from jalon.raid.filters import AssumptionFilter, DecisionFilter
from jalon.raid.filters import DependencyFilter as ExternalDependencyFilter
from jalon.resources.filters import AssignmentFilter, ResourceFilter
from jalon.risks.filters import IssueFilter, RiskFilter
from jalon.timesheets.filters import TimesheetFilter
from tests.api.test_fuzz import schema

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FILTERED = {
    "/api/v1/projects": ProjectFilter,
    "/api/v1/programmes": ProgrammeFilter,
    "/api/v1/objectives": ObjectiveFilter,
    "/api/v1/tasks": TaskFilter,
    "/api/v1/dependencies": DependencyFilter,
    "/api/v1/baselines": BaselineFilter,
    "/api/v1/resources": ResourceFilter,
    "/api/v1/assignments": AssignmentFilter,
    "/api/v1/timesheets": TimesheetFilter,
    "/api/v1/projects/{pk}/risks": RiskFilter,
    "/api/v1/projects/{pk}/issues": IssueFilter,
    "/api/v1/budget-lines": BudgetLineFilter,
    "/api/v1/fixed-costs": FixedCostFilter,
    "/api/v1/cost-entries": CostEntryFilter,
    "/api/v1/portfolios/{pk}/kpis": KpiDashboardFilter,
    "/api/v1/portfolios/{pk}/proposals": ProposalFilter,
    "/api/v1/projects/{pk}/history": HistoryFilters,
    "/api/v1/projects/{pk}/decisions": DecisionFilter,
    "/api/v1/projects/{pk}/assumptions": AssumptionFilter,
    "/api/v1/projects/{pk}/external-dependencies": ExternalDependencyFilter,
    "/api/v1/lessons": LessonFilter,
}
PAGES = {"limit", "offset"}


def fields_of(definition) -> list[str]:
    if issubclass(definition, forms.Form):
        return list(definition.base_fields)
    return list(definition.base_filters)


def query_parameters(path: str) -> dict[str, dict]:
    document = Client().get("/api/v1/openapi.json").json()
    return {p["name"]: p for p in document["paths"][path]["get"].get("parameters", [])
            if p["in"] == "query"}


@pytest.mark.parametrize("path", FILTERED)
def test_the_fuzzing_run_sends_every_filter_of_every_list(path):
    sent = [parameter.name for parameter in schema[path]["GET"].query]
    assert [name for name in sent if name not in PAGES] == fields_of(FILTERED[path])


def test_no_list_takes_a_query_parameter_outside_a_definition():
    document = Client().get("/api/v1/openapi.json").json()
    unfiltered = []
    for path, operations in document["paths"].items():
        if "get" not in operations or path in FILTERED:
            continue
        names = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        if names >= PAGES:  # a paginated list
            assert names == PAGES, f"{path} filters with {names - PAGES} outside a definition"
            unfiltered.append(path)
    assert {"/api/v1/portfolios", "/api/v1/calendars", "/api/v1/skills"} <= set(unfiltered)


def test_the_document_types_each_parameter_as_its_field_reads_it():
    risks = query_parameters("/api/v1/projects/{pk}/risks")
    assert risks["level"]["schema"]["anyOf"][0]["enum"] == ["low", "medium", "high"]
    assert risks["owner"]["schema"]["anyOf"][0]["type"] == "integer"
    assert risks["escalated"]["schema"]["anyOf"][0]["type"] == "boolean"
    assert risks["q"]["description"] == "Search. Words of the title or the description."
    assert not any(p["required"] for p in risks.values())
    times = query_parameters("/api/v1/timesheets")
    assert times["week"]["schema"]["anyOf"][0] == {"type": "string", "format": "date"}
    assert times["status"]["schema"]["anyOf"][0]["enum"] == [
        "all", "draft", "submitted", "approved", "rejected"]
    assert times["project"]["description"] == "Project (its id)"
    kpis = query_parameters("/api/v1/portfolios/{pk}/kpis")
    assert {"code", "overall", "cost", "spi", "cpi"} <= set(kpis["sort"]["schema"]["anyOf"][0]["enum"])


class Sample(forms.Form):
    day = forms.DateField(required=False)
    flag = forms.BooleanField(required=False)
    count = forms.IntegerField(required=False)


@parameters_of(Sample)
class SampleQuery(FilterQuery):
    """A sample."""


def test_the_values_sent_reach_the_form_as_a_page_s_query_string_writes_them():
    query = SampleQuery(day=datetime.date(2026, 6, 3), flag=False, count=4)
    assert query.form_data() == {"day": "2026-06-03", "flag": "false", "count": "4"}
    assert SampleQuery().form_data() == {}
    form = Sample(query.form_data())
    assert form.is_valid() and form.cleaned_data == {"day": datetime.date(2026, 6, 3),
                                                     "flag": False, "count": 4}


def test_a_field_the_api_cannot_read_is_refused_when_the_schema_is_made():
    class Upload(forms.Form):
        file = forms.FileField()

    with pytest.raises(TypeError, match="FileField"):
        parameters_of(Upload)(FilterQuery)
