"""The executive cockpit's page: thin, the figures come from :mod:`jalon.cockpit.selectors`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jalon.cockpit import selectors
from jalon.cockpit.attention import KINDS
from jalon.finance.filters import DIMENSIONS
from jalon.portfolios import selectors as portfolio_selectors
from jalon.reporting.selectors import latest_pack
from jalon.web.decorators import page


@page
def portfolio_cockpit(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = portfolio_selectors.portfolio_get(user=request.user, pk=pk)
    board = selectors.cockpit(user=request.user, portfolio=portfolio,
                              today=timezone.localdate())
    return render(request, "cockpit/cockpit.html", {
        "board": board,
        "portfolio": portfolio,
        "dimensions": DIMENSIONS,
        "kinds": [(kind, label, board.attention.counts[kind]) for kind, label in KINDS.items()],
        "portfolios": portfolio_selectors.portfolio_list(user=request.user),
        "latest_pack": latest_pack(user=request.user, scope=portfolio),
    })
