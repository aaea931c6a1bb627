"""Benchmark: a report pack of a portfolio of 100 projects, in each format (issue 17, item 8).

The demo portfolio (15 projects) grows by copies of its flagship project NUM-ERP, exported and
imported again through the interchange service (each copy keeps its baseline, status date and
assignments to the shared pool, so the KPIs, milestones and over-allocations are real), until it
holds ``--size`` projects. Then, as the PMO administrator:

- **content**: the pack's figures gathered once (``reporting.content.pack_content``: the KPI
  dashboard's performances, stored schedules, risks, the pool's loading), timed twice — the
  first time after the portfolio grew (stored results computed afresh), then as everyone else
  waits;
- each **format** rendered from that content (PDF with WeasyPrint, PPTX, XLSX), and the whole
  pack as a user waits for it: content (warm) + rendering.

The goal, ≤ 10 s per format for 100 projects, is printed beside the figures.

Run:  .venv/bin/python benchmarks/report_benchmark.py [--size 100] [--language fr]
      (an SQLite database in a temporary directory; set DATABASE_URL to measure PostgreSQL)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time

GOAL = 10.0

sys.path.insert(0, os.path.dirname(__file__))
from pages_benchmark import _grow, _setup  # noqa: E402


def _timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--language", default="fr")
    args = parser.parse_args()
    os.environ.setdefault("JALON_DATA_DIR", tempfile.mkdtemp(prefix="jalon-bench-"))
    _setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    from django.contrib.auth import get_user_model
    from django.utils import translation

    from jalon.demo.catalogue import PORTFOLIO_CODE
    from jalon.demo.loader import load_demo
    from jalon.interchange import services as interchange
    from jalon.portfolios.models import Portfolio, Project
    from jalon.reporting.content import pack_content
    from jalon.reporting.formats import PackFormat, render

    load_demo()
    pmo = get_user_model().objects.get(username="pmo")
    portfolio = Portfolio.objects.get(code=PORTFOLIO_CODE)
    erp = Project.objects.get(code="NUM-ERP")
    source, _mime, _name = interchange.export_bytes(user=pmo, project=erp, format="json")
    _grow(portfolio, pmo, source, args.size)
    size = Project.objects.filter(portfolio=portfolio).count()
    print(f"Report pack of the demo portfolio grown to {size} projects by copies of NUM-ERP "
          f"({os.environ.get('DATABASE_URL', 'SQLite')}, language {args.language}); seconds.")
    with translation.override(args.language):
        _content, first = _timed(lambda: pack_content(user=pmo, scope=portfolio))
        content, then = _timed(lambda: pack_content(user=pmo, scope=portfolio))
        print(f"  {'content':<8} first {first:7.2f}   then {then:7.2f}")
        print(f"  {'format':<8} {'render':>7} {'pack':>7} {'size (kB)':>10}   goal ≤ {GOAL:g} s")
        for fmt in PackFormat:
            data, seconds = _timed(lambda fmt=fmt: render(content, fmt))
            pack = then + seconds
            print(f"  {fmt.value:<8} {seconds:7.2f} {pack:7.2f} {len(data) / 1024:10.0f}   "
                  f"{'met' if pack <= GOAL else 'NOT met'}", flush=True)


if __name__ == "__main__":
    main()
