"""The dashboard: the user's portfolios > programmes > projects, with their schedules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jalon.accounts import permissions
from jalon.portfolios import selectors
from jalon.portfolios.figures import figures_of
from jalon.portfolios.results import digest, remembered
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
    reads = selectors.dashboard_reads(user=request.user)
    # Drawing a hundred projects was most of the page: the tree's HTML is kept under what it
    # shows (the reads' version), the language and the page asked for.
    key = digest(reads.version, get_language(), sorted(request.GET.lists()))
    return render(request, "portfolios/home.html", {
        "tree_html": remembered("dashboard-html", key, lambda: _tree(request, reads),
                                objects=False),
        "status_counts": reads.status_counts,
        "project_count": sum(count for _value, _label, count in reads.status_counts),
        "can_create_portfolio": permissions.can_create_portfolio(request.user),
    })


def _tree(request: HttpRequest, reads: selectors.DashboardReads) -> str:
    """The portfolios > programmes > projects of a page of the dashboard, with its pager."""
    rows, query = paged(request, selectors.dashboard_projects(user=request.user),
                        per_page=PER_PAGE)
    projects = list(rows.object_list)
    return render_to_string("portfolios/_tree.html", {
        "tree": selectors.portfolio_tree(user=request.user, projects=projects,
                                         empty=rows.number == 1, reads=reads),
        # programmes shown only as the heading of a granted project are not links
        "visible_programmes": {p.pk for p in reads.programmes},
        "schedules": figures_of("schedule", projects),
        "rows": rows,
        "query": query,
    }, request)
