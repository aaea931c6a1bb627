"""Time and queries of each request the load test makes, in process (no server, no network).

Reads the generated portfolio ``SCALE`` (``jalon load-demo --scale N``) of the database the
environment names (``JALON_DATA_DIR`` or ``DATABASE_URL``) and makes each request of
``locustfile.py`` with Django's test client: the ``pmo`` user signed in for the pages, a bearer
token of his for the API. Prints, per request, the median wall-clock and CPU time of
``--repeat`` calls (after one warm-up call, which may compute stored results; on a shared
machine the CPU time says more), the number of SQL queries and the response size; with ``--profile NAME`` (a substring of a request's name), cProfile's top functions of that
request by cumulative time.

Run:  .venv/bin/python benchmarks/load/profile_requests.py [--repeat 5] [--profile "tasks API"]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from jalon.accounts.services import token_create  # noqa: E402
from jalon.portfolios.models import Portfolio, Project  # noqa: E402


def _requests(portfolio: int, project: int) -> list[tuple[str, str, bool]]:
    """(name, path, with the bearer token) of each request the locustfile makes."""
    return [
        ("dashboard", "/", False),
        ("project tasks", f"/projects/{project}/tasks/", False),
        ("project overview", f"/projects/{project}/", False),
        ("project gantt", f"/projects/{project}/gantt/", False),
        ("project gantt data", f"/api/v1/projects/{project}/gantt", False),
        ("kpi dashboard", f"/portfolios/{portfolio}/kpis/", False),
        ("loading", "/resources/loading/", False),
        ("projects API (portfolio)", f"/api/v1/projects?portfolio={portfolio}", True),
        ("projects API", "/api/v1/projects", True),
        ("tasks API", f"/api/v1/tasks?project={project}", True),
        ("risks API", f"/api/v1/projects/{project}/risks", True),
        ("resources API", "/api/v1/resources", True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="profile the requests whose name has this")
    args = parser.parse_args()
    user = get_user_model().objects.get(username="pmo")
    portfolio = Portfolio.objects.get(code="SCALE")
    project = (Project.objects.filter(portfolio=portfolio, status_date__isnull=False)
               .order_by("code").first() or Project.objects.filter(portfolio=portfolio).first())
    assert project is not None
    _token, raw = token_create(username="pmo", name="profile")
    pages, api = Client(), Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    pages.force_login(user)
    count = Project.objects.filter(portfolio=portfolio).count()
    print(f"{count} projects in SCALE; project {project.code}; {connection.vendor}")
    print(f"{'request':<26} {'wall ms':>8} {'CPU ms':>7} {'queries':>7} {'KiB':>7}")
    for name, path, bearer in _requests(portfolio.pk, project.pk):
        client = api if bearer else pages
        response = client.get(path)  # warm-up: stored results computed if missing
        assert response.status_code == 200, (name, response.status_code)
        times, cpu = [], []
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured)  # now: the next request empties the log
        for _ in range(args.repeat):
            started, processed = time.perf_counter(), time.process_time()
            client.get(path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - processed)
        print(f"{name:<26} {statistics.median(times) * 1000:>8.1f} "
              f"{statistics.median(cpu) * 1000:>7.1f} {queries:>7} "
              f"{len(response.content) / 1024:>7.1f}")
        if args.profile and args.profile in name:
            profile = cProfile.Profile()
            profile.runcall(client.get, path)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
