"""The pages of the audit trail: a project's History tab."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jalon.audit import selectors
from jalon.audit.forms import HistoryFilters
from jalon.portfolios.selectors import project_get
from jalon.web.decorators import page
from jalon.web.paging import paged
from jalon.web.workspace import workspace

PER_PAGE = 100


@page
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    form = HistoryFilters(request.GET, user=request.user, project=project)
    history = selectors.project_history(user=request.user, project=project,
                                        **(form.filters() if form.is_valid() else {}))
    form.show_authors(history.authors)
    changes, query = paged(request, history.changes, per_page=PER_PAGE)
    return render(request, "audit/project_history.html", workspace(
        request, project, "history", filter_form=form, changes=changes,
        query=query), status=200 if form.is_valid() else 400)
