"""The dashboard: the user's portfolios > programmes > projects, with their schedules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jalon.accounts import permissions
from jalon.portfolios import selectors
from jalon.portfolios.figures import figures_of
from jalon.web.decorators import page


@page
def home(request: HttpRequest) -> HttpResponse:
    if permissions.is_executive_only(request.user):
        portfolio = selectors.portfolio_list(user=request.user).first()
        if portfolio is not None:  # executives land on their first portfolio's cockpit
            return redirect("portfolio-cockpit", pk=portfolio.pk)
    tree = selectors.portfolio_tree(user=request.user)
    projects = [
        project
        for node in tree
        for project in [*node.projects, *(p for prog in node.programmes for p in prog.projects)]
    ]
    return render(request, "portfolios/home.html", {
        "tree": tree,
        # programmes shown only as the heading of a granted project are not links
        "visible_programmes": set(
            selectors.programme_list(user=request.user).values_list("pk", flat=True)
        ),
        "schedules": figures_of("schedule", projects),
        "status_counts": selectors.status_counts(projects),
        "project_count": len(projects),
        "can_create_portfolio": permissions.can_create_portfolio(request.user),
    })
