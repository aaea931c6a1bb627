"""The dashboard: the user's portfolios > programmes > projects, with their schedules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.accounts import permissions
from jalon.portfolios import selectors
from jalon.portfolios.figures import figures_of
from jalon.web.decorators import page
from jalon.web.paging import paged

PER_PAGE = 100
"""Projects a page of the dashboard shows (as many as a page of the API's lists): at a thousand
projects, rendering every one took seconds; the counts above the tree still cover them all."""


@page
def home(request: HttpRequest) -> HttpResponse:
    if permissions.is_executive_only(request.user):
        portfolio = selectors.portfolio_list(user=request.user).first()
        if portfolio is not None:  # executives land on their first portfolio's cockpit
            return redirect("portfolio-cockpit", pk=portfolio.pk)
    rows, query = paged(request, selectors.dashboard_projects(user=request.user),
                        per_page=PER_PAGE)
    projects = list(rows.object_list)
    status_counts = selectors.status_counts(user=request.user)
    return render(request, "portfolios/home.html", {
        "tree": selectors.portfolio_tree(user=request.user, projects=projects,
                                         empty=rows.number == 1),
        # programmes shown only as the heading of a granted project are not links
        "visible_programmes": set(
            selectors.programme_list(user=request.user).values_list("pk", flat=True)
        ),
        "schedules": figures_of("schedule", projects),
        "status_counts": status_counts,
        "project_count": sum(count for _value, _label, count in status_counts),
        "rows": rows,
        "query": query,
        "can_create_portfolio": permissions.can_create_portfolio(request.user),
    })
