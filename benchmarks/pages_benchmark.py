"""Benchmark: how the heaviest pages grow with the number of projects.

The demo portfolio (15 projects) grows by copies of its flagship project NUM-ERP, exported and
imported again as a user would through the interchange service (each copy keeps its baseline
and status date, its assignments to the shared pool), until it holds each of ``--sizes``
projects. At each size the PMO administrator opens, through Django's full request stack:

- the home dashboard ``/``,
- the KPI dashboard ``/kpis/`` and its API twin ``/api/v1/portfolios/{id}/kpis``,
- the resource loading ``/resources/loading/``,
- the finance tab of one project ``/projects/{id}/finance/``.

Each page is timed once right after the portfolio grew (**first**: what the first visitor after
a change waits) and then ``--repeat`` times (**then**: the median; what everyone else waits).
The goals of issue 13 are printed beside the figures at 115 projects: KPI dashboard and loading
at most 1 s, home at most 0.3 s, and a page's time no longer growing with the projects beyond
drawing its rows.

Run:  .venv/bin/python benchmarks/pages_benchmark.py [--sizes 15 65 115] [--repeat 3]
      (an SQLite database in a temporary directory; set DATABASE_URL to measure PostgreSQL)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

GOALS = {"home": 0.3, "kpis": 1.0, "kpis api": None, "loading": 1.0, "finance tab": None}


def _setup() -> None:
    os.environ.setdefault("JALON_DATA_DIR", tempfile.mkdtemp(prefix="jalon-bench-"))
    os.environ.setdefault("JALON_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    os.environ.setdefault("JALON_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _grow(portfolio, pmo, source: bytes, size: int) -> None:  # type: ignore[no-untyped-def]
    from jalon.interchange import services as interchange
    from jalon.portfolios.models import Project

    count = Project.objects.filter(portfolio=portfolio).count()
    while count < size:
        document = interchange.read_upload(name="erp.json", content=source)
        interchange.project_import(actor=pmo, document=document, code=f"ERP-{count:04d}",
                                   name=f"Copie ERP {count}", portfolio=portfolio)
        count += 1


def _time(client, url: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 65, 115])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup()

    from django.contrib.auth import get_user_model
    from django.test import Client

    from jalon.demo.catalogue import PORTFOLIO_CODE
    from jalon.demo.loader import load_demo
    from jalon.interchange import services as interchange
    from jalon.portfolios.models import Portfolio, Project

    load_demo()
    pmo = get_user_model().objects.get(username="pmo")
    portfolio = Portfolio.objects.get(code=PORTFOLIO_CODE)
    erp = Project.objects.get(code="NUM-ERP")
    source, _mime, _name = interchange.export_bytes(user=pmo, project=erp, format="json")
    client = Client()
    client.force_login(pmo)
    pages = {
        "home": "/",
        "kpis": "/kpis/",
        "kpis api": f"/api/v1/portfolios/{portfolio.pk}/kpis",
        "loading": "/resources/loading/",
        "finance tab": f"/projects/{erp.pk}/finance/",
    }
    print(f"Pages of the demo portfolio grown by copies of NUM-ERP "
          f"({os.environ.get('DATABASE_URL', 'SQLite')}); seconds.")
    print(f"{'projects':>8}  " + "  ".join(f"{name:>20}" for name in pages))
    print(f"{'':>8}  " + "  ".join(f"{'first':>9} {'then':>10}" for _ in pages))
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for size in args.sizes:
        _grow(portfolio, pmo, source, size)
        row = {}
        for name, url in pages.items():
            first = _time(client, url)
            then = statistics.median(_time(client, url) for _ in range(args.repeat))
            row[name] = (first, then)
        results[size] = row
        print(f"{size:>8}  " + "  ".join(f"{first:>9.3f} {then:>10.3f}"
                                          for first, then in row.values()), flush=True)
    last = args.sizes[-1]
    print(f"\nGoals at {last} projects (the 'then' column):")
    for name, goal in GOALS.items():
        if goal is not None:
            then = results[last][name][1]
            print(f"  {name:<12} {then:.3f} s  (goal ≤ {goal} s: {'met' if then <= goal else 'NOT met'})")


if __name__ == "__main__":
    main()
