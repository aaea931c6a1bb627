"""Resource loading pages: the heat map of the pool by week, a histogram per resource and per
skill with the capacity line, the over-allocation list. Thin: the figures come from
:mod:`jalon.resources.loading` (sums by the engine), the drawing from :mod:`jalon.resources.charts`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language

from jalon.portfolios import selectors as portfolio_selectors
from jalon.portfolios.models import Portfolio, Programme
from jalon.portfolios.results import digest, remembered
from jalon.resources import charts, selectors
from jalon.resources.loading import GRAINS, loading_for, loading_version, skills_version
from jalon.web.decorators import page
from jalon.web.paging import paged

PER_PAGE = 50
"""Resources a page of the heat map shows: a year of weeks for 500 people was 3.5 MB of cells,
most of the page's time; the skills' rows below still sum every resource."""


def _grain(request: HttpRequest, default: str) -> str:
    grain = request.GET.get("grain", default)
    return grain if grain in GRAINS else default


def _portfolio(request: HttpRequest) -> Portfolio | None:
    pk = request.GET.get("portfolio")
    return portfolio_selectors.portfolio_get(user=request.user, pk=pk) if pk else None


def _programme(request: HttpRequest) -> Programme | None:
    pk = request.GET.get("programme")
    return portfolio_selectors.programme_get(user=request.user, pk=pk) if pk else None


def _chosen(request: HttpRequest) -> tuple[Portfolio | None, Programme | None]:
    """The portfolio or the programme asked for (a programme before a portfolio), or none."""
    programme = _programme(request)
    return (None if programme is not None else _portfolio(request)), programme


def _scope(request: HttpRequest, default_grain: str, *, details: bool = True,
           version: str | None = None) -> dict[str, Any]:
    """The grain and the projects loading the pool: a portfolio's (``?portfolio=``), a
    programme's (``?programme=``, which its programme manager may see), or every one the user
    sees; ``scope_query`` carries the choice on to the other loading pages."""
    portfolio, programme = _chosen(request)
    if programme is not None:
        scope_query = f"programme={programme.pk}"
    else:
        scope_query = f"portfolio={portfolio.pk}" if portfolio is not None else ""
    return {
        "grain": _grain(request, default_grain),
        "grains": GRAINS,
        "portfolio": portfolio,
        "programme": programme,
        "scope_query": scope_query,
        "portfolios": portfolio_selectors.portfolio_list(user=request.user),
        "loading": loading_for(user=request.user, portfolio=portfolio, programme=programme,
                               details=details, version=version),
    }


@page
def loading_overview(request: HttpRequest) -> HttpResponse:
    """Heat map: every loaded resource (and skill) by week, coloured by load / capacity."""
    portfolio, programme = _chosen(request)
    version = loading_version(user=request.user, portfolio=portfolio, programme=programme,
                              details=False)
    # Drawing fifty people's year by week was most of the page: its HTML is kept under what it
    # shows — the loading's version (the projects the reader sees, their inputs, the pool), the
    # skills, the portfolios offered, the language and the query (scope, grain, page).
    key = digest(version, skills_version(), get_language(),
                 list(portfolio_selectors.portfolio_list(user=request.user)
                      .values_list("pk", "code", "name")),
                 programme and (programme.pk, programme.code, programme.name),
                 sorted(request.GET.lists()))
    content = remembered("loading-html", key, lambda: _heat_map(request, version),
                         objects=False)
    return render(request, "resources/loading.html", {"content": content})


def _heat_map(request: HttpRequest, version: str) -> str:
    context = _scope(request, "week", details=False, version=version)
    loading = context["loading"]
    grain = context["grain"]
    columns = loading.bucket_starts(grain)
    dated = [date_format(c, "SHORT_DATE_FORMAT") for c in columns]
    people, query = paged(request, loading.loaded(), per_page=PER_PAGE)
    context.update(
        columns=columns,
        people=people,
        query=query,
        rows=[(r, charts.heat_cells(buckets, dated))
              for r, buckets in loading.heat_map(grain, people.object_list)],
        skill_rows=[(s, charts.heat_cells(buckets))
                    for s, buckets in loading.skill_heat_map(grain)],
    )
    return render_to_string("resources/_loading.html", context, request)


@page
def resource_loading(request: HttpRequest, pk: int) -> HttpResponse:
    """Histogram of one resource: demand per day/week/month against its capacity."""
    resource = selectors.resource_get(user=request.user, pk=pk)
    context = _scope(request, "day")
    loading = context["loading"]
    buckets = (loading.resource_buckets(resource, context["grain"])
               if any(r.pk == resource.pk for r in loading.resources) else [])
    context.update(subject=resource,
                   chart=charts.histogram(buckets, context["grain"], subject=resource.name),
                   buckets=buckets,
                   overs=[o for o in loading.over_allocations if o.resource.pk == resource.pk])
    return render(request, "resources/histogram.html", context)


@page
def skill_loading(request: HttpRequest, pk: int) -> HttpResponse:
    """Histogram of a skill: the demand on and the capacity of every resource having it."""
    skill = selectors.skill_get(user=request.user, pk=pk)
    context = _scope(request, "week")
    loading = context["loading"]
    buckets = loading.skill_buckets(skill, context["grain"]) if loading.skill_rows(skill) else []
    ids = {r.pk for r in skill.resources.all()}
    context.update(subject=skill,
                   chart=charts.histogram(buckets, context["grain"], subject=skill.name),
                   buckets=buckets,
                   overs=[o for o in loading.over_allocations if o.resource.pk in ids])
    return render(request, "resources/histogram.html", context)


@page
def over_allocation_list(request: HttpRequest) -> HttpResponse:
    """Who is over-allocated, when, by how much, on which tasks of which projects."""
    return render(request, "resources/over_allocations.html", _scope(request, "day"))
