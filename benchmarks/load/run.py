"""Load test of Jalon on PostgreSQL with a generated portfolio, measured by locust.

Starts a throw-away PostgreSQL (``scripts/with-postgres``) unless ``DATABASE_URL`` is set,
migrates, generates ``--projects`` projects (``jalon load-demo --scale N``), serves them with
``jalon serve`` (gunicorn, ``--workers`` processes), then runs locust headless twice:

(a) ``--users`` people browsing with 1-3 s think time for ``--duration``
    (``benchmarks/load/locustfile.py``, class ``Browsing``);
(b) ``--clients`` API clients with no think time on ``GET /api/v1/projects`` and a project's
    tasks for ``--saturation`` (class ``Saturation``);

and prints p50, p95 and requests per second by page group beside the goals of issue 18.

The people sign in at ``--spawn-rate`` a second (each sign-in hashes a password: PBKDF2 takes
a core for a good part of a second), and the figures of (a) count from the moment the last one
has signed in (locust's ``--reset-stats``): they measure the browsing, not the sign-ins. The
ids of the browsed projects are read once, here, not by each simulated person.

Run:  .venv/bin/python benchmarks/load/run.py [--projects 1000] [--duration 5m]
      .venv/bin/python benchmarks/load/run.py --quick     (100 projects, 30 s and 20 s)
      .venv/bin/python benchmarks/load/run.py --database-url postgres://… --skip-generate
          (again on a database generated before, without migrating it: ``jalon migrate``
          forgets the stored results, which the generator computed)
locust comes with ``scripts/setup --dev``; ``--locust PATH`` names another one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOGIN = "pmo"
DEMO_PASSWORD = "jalon-demo"  # noqa: S105 - published: jalon.demo.users.DEMO_PASSWORD

# (group, the locust request names in it, p95 goal in seconds)
GROUPS = (
    ("dashboard", ("dashboard",), 0.3),
    ("project pages", ("project tasks", "project overview", "project gantt",
                       "project gantt data"), 0.3),
    ("API lists", ("api lists",), 0.3),
    ("KPI dashboard", ("kpi dashboard",), 1.0),
    ("loading", ("loading",), 1.0),
)
SATURATION_GOAL = 150.0  # requests per second


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _jalon(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run([sys.executable, "-m", "jalon.cli.main", *args], env=env,  # noqa: S603
                            check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return result.stdout or ""


def _wait_for(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own server
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The server did not answer {url} within {seconds:.0f} s.")


def _items(url: str, token: str) -> list[dict[str, object]]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        return list(json.load(response)["items"])


def _browsed(base: str, token: str) -> tuple[int, list[int]]:
    """The generated portfolio's id and its projects' ids."""
    portfolio = next(int(str(row["id"])) for row in _items(f"{base}/api/v1/portfolios?limit=1000",
                                                          token) if row["code"] == "SCALE")
    ids, offset = [], 0
    while True:  # by pages of 1,000 (the API's largest)
        page = _items(f"{base}/api/v1/projects?portfolio={portfolio}&limit=1000&offset={offset}",
                      token)
        ids += [int(str(row["id"])) for row in page]
        if len(page) < 1000:
            return portfolio, ids
        offset += 1000


def _locust(args: argparse.Namespace, *, user_class: str, users: int, duration: str,
            base: str, env: dict[str, str], prefix: Path) -> list[dict[str, str]]:
    command = [args.locust, "-f", str(HERE / "locustfile.py"), user_class, "--headless",
               "--users", str(users), "--spawn-rate", str(args.spawn_rate), "--reset-stats",
               "--run-time", duration, "--host", base, "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING"]
    subprocess.run(command, env=env, check=False)  # noqa: S603 - failures are in the figures
    with open(f"{prefix}_stats.csv", newline="") as file:
        return list(csv.DictReader(file))


def _group(rows: list[dict[str, str]], names: tuple[str, ...]) -> tuple[int, int, float, float,
                                                                        float]:
    """Requests, failures, p50 and p95 (s, the largest of the group's names) and req/s."""
    chosen = [r for r in rows if r["Name"] in names]
    count = sum(int(r["Request Count"]) for r in chosen)
    failures = sum(int(r["Failure Count"]) for r in chosen)
    p50 = max((float(r["50%"]) for r in chosen), default=0) / 1000
    p95 = max((float(r["95%"]) for r in chosen), default=0) / 1000
    rate = sum(float(r["Requests/s"]) for r in chosen)
    return count, failures, p50, p95, rate


def _report(browsing: list[dict[str, str]], saturation: list[dict[str, str]]) -> None:
    print(f"\n(a) browsing: {'group':<15} {'requests':>8} {'failures':>8} {'p50 s':>7} "
          f"{'p95 s':>7} {'req/s':>7}  goal (p95)")
    for group, names, goal in GROUPS:
        count, failures, p50, p95, rate = _group(browsing, names)
        verdict = ("no request" if count == 0
                   else "met" if p95 <= goal and failures == 0 else "NOT met")
        print(f"              {group:<15} {count:>8} {failures:>8} {p50:>7.3f} {p95:>7.3f} "
              f"{rate:>7.1f}  ≤ {goal} s: {verdict}")
    total = next((r for r in browsing if r["Name"] == "Aggregated"), None)
    if total is not None:
        print(f"              {'all requests':<15} {total['Request Count']:>8} "
              f"{total['Failure Count']:>8} {float(total['50%']) / 1000:>7.3f} "
              f"{float(total['95%']) / 1000:>7.3f} {float(total['Requests/s']):>7.1f}")
    print(f"\n(b) saturation: {'list':<22} {'requests':>8} {'failures':>8} {'p50 s':>7} "
          f"{'p95 s':>7} {'req/s':>7}")
    for name in ("saturation: projects", "saturation: tasks"):
        count, failures, p50, p95, rate = _group(saturation, (name,))
        print(f"                {name:<22} {count:>8} {failures:>8} {p50:>7.3f} {p95:>7.3f} "
              f"{rate:>7.1f}")
    count, failures, _p50, _p95, rate = _group(saturation, ("saturation: projects",
                                                            "saturation: tasks"))
    verdict = "met" if rate >= SATURATION_GOAL and failures == 0 else "NOT met"
    print(f"                {'both':<22} {count:>8} {failures:>8} {'':>7} {'':>7} {rate:>7.1f}"
          f"  goal ≥ {SATURATION_GOAL:.0f} req/s: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="5m", help="of (a), as locust writes it")
    parser.add_argument("--clients", type=int, default=16, help="of (b)")
    parser.add_argument("--saturation", default="1m", help="duration of (b)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--quick", action="store_true",
                        help="100 projects, (a) for 30 s and (b) for 20 s")
    parser.add_argument("--spawn-rate", type=float, default=2.0,
                        help="people (or clients) started a second")
    parser.add_argument("--database-url",
                        help="a PostgreSQL server to use (default: a throw-away one)")
    parser.add_argument("--skip-generate", action="store_true",
                        help="use the SCALE portfolio already in the database, as it is "
                             "(not migrated: that would forget its stored results)")
    parser.add_argument("--locust", default=shutil.which("locust")
                        or str(Path(sys.executable).with_name("locust")))
    args = parser.parse_args()
    if args.quick:
        args.projects, args.duration, args.saturation = 100, "30s", "20s"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if "DATABASE_URL" not in os.environ:  # again, inside a throw-away PostgreSQL
        os.execv(ROOT / "scripts" / "with-postgres",  # noqa: S606
                 [str(ROOT / "scripts" / "with-postgres"), sys.executable, *sys.argv])

    data = Path(tempfile.mkdtemp(prefix="jalon-load-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "JALON_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "jalon.settings",
           "JALON_SECRET_KEY": os.environ.get("JALON_SECRET_KEY", "load-test-" + "0" * 40),
           "JALON_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    if not args.skip_generate:
        _jalon("migrate", env=env)
        started = time.perf_counter()
        _jalon("load-demo", "--scale", str(args.projects), env=env)
        print(f"Generated {args.projects} projects in {time.perf_counter() - started:.0f} s "
              "(the demo included).", flush=True)
    token = _jalon("token", "create", LOGIN, "--name", "load test",
                   env=env, capture=True).strip().splitlines()[-1]
    server = subprocess.Popen([sys.executable, "-m", "jalon.cli.main", "serve", "--port",  # noqa: S603
                               str(port), "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL)
    try:
        _wait_for(f"{base}/login/")
        portfolio, projects = _browsed(base, token)
        load_env = {**env, "JALON_LOAD_USER": LOGIN, "JALON_LOAD_PASSWORD": DEMO_PASSWORD,
                    "JALON_LOAD_TOKEN": token, "JALON_LOAD_PORTFOLIO": str(portfolio),
                    "JALON_LOAD_PROJECTS": ",".join(map(str, projects))}
        print(f"(a) {args.users} users browsing for {args.duration}…", flush=True)
        browsing = _locust(args, user_class="Browsing", users=args.users,
                           duration=args.duration, base=base, env=load_env,
                           prefix=data / "browsing")
        print(f"(b) {args.clients} clients without think time for {args.saturation}…",
              flush=True)
        saturation = _locust(args, user_class="Saturation", users=args.clients,
                             duration=args.saturation, base=base, env=load_env,
                             prefix=data / "saturation")
    finally:
        server.terminate()  # jalon serve stops its gunicorn, which lets its workers finish
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"\n{args.projects} generated projects on PostgreSQL, jalon serve with "
          f"{args.workers} gunicorn workers; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs at the end.")
    _report(browsing, saturation)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
