"""The filters of recorded time: ``GET /timesheets`` and a project's timesheets page, which
reads the same ones but its project's (the page's)."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jalon.portfolios.filters import project_filter
from jalon.portfolios.models import Project
from jalon.resources import selectors as resource_selectors
from jalon.resources.models import Resource
from jalon.timesheets.models import TimesheetEntry
from jalon.timesheets.selectors import week_days
from jalon.web.forms import DateInput

STATUS_ALL = "all"


def _pool(request: Any) -> QuerySet[Resource]:
    return resource_selectors.resource_list(user=request.user)


class TimesheetFilter(filters.FilterSet):
    """Time recorded, in a week or between two dates (included), by a resource, in a status
    (left out or ``all``: any)."""

    project = project_filter("task__project")
    week = filters.DateFilter(label=_("Week of"), method="in_week", widget=DateInput(),
                              help_text=_("Any day of the week; empty: every week."))
    resource = filters.ModelChoiceFilter(label=_("Resource"), queryset=_pool,
                                         empty_label=_("Everyone"))
    status = filters.ChoiceFilter(label=_("Status"), method="in_status", empty_label=None,
                                  choices=[(STATUS_ALL, _("Any status")),
                                           *TimesheetEntry.Status.choices])
    start = filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte",
                               widget=DateInput())
    end = filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte",
                             widget=DateInput())

    def in_week(self, queryset: QuerySet[TimesheetEntry], name: str,
                value: Any) -> QuerySet[TimesheetEntry]:
        days = week_days(value)
        return queryset.filter(date__range=(days[0], days[-1]))

    def in_status(self, queryset: QuerySet[TimesheetEntry], name: str,
                  value: str) -> QuerySet[TimesheetEntry]:
        return queryset if value == STATUS_ALL else queryset.filter(status=value)


class ProjectTimesheetFilter(TimesheetFilter):
    """A project's timesheets page: the resources to choose from are those with time on the
    project, and the time shown is, unless another status is asked for, the time submitted
    for approval (what the page is for)."""

    project = None

    def __init__(self, data: QueryDict | None = None, *, project: Project,
                 **kwargs: Any) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = TimesheetEntry.Status.SUBMITTED
        super().__init__(data, **kwargs)
        self.filters["resource"].queryset = Resource.objects.filter(
            timesheet_entries__task__project=project).distinct().order_by("name")

    def every_status(self) -> QuerySet[TimesheetEntry]:
        """The time the other filters choose, whatever its status: the page's totals per
        status."""
        self.form.is_valid()  # cleans the data; the values refused stay out of cleaned_data
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "status":
                queryset = self.filters[name].filter(queryset, value)
        return queryset
