"""Load test of a running Jalon, with locust (driven by ``benchmarks/load/run.py``).

Two kinds of users, chosen on locust's command line:

- ``Browsing``: a person who signs in with the login form (a session), then, every 1 to 3
  seconds, opens the dashboard, a project's tasks, overview or Gantt (with the data the Gantt
  fetches), the KPI dashboard, the resource loading, or reads an API list with a bearer token.
- ``Saturation``: a client with no think time reading ``GET /api/v1/projects`` and a project's
  tasks (``GET /api/v1/tasks?project=ID``) with a bearer token, to find the throughput.

Requests are named by page group (``dashboard``, ``project tasks``...), which ``run.py`` sets
beside the goals. Settings come from the environment: ``JALON_LOAD_USER`` and
``JALON_LOAD_PASSWORD`` (the login), ``JALON_LOAD_TOKEN`` (a token of that user),
``JALON_LOAD_PORTFOLIO`` (the id of the portfolio browsed), ``JALON_LOAD_PROJECTS`` (its
projects' ids, comma-separated: read once by ``run.py`` rather than by each simulated person).
"""

from __future__ import annotations

import os
import random

from locust import FastHttpUser, between, constant, task

USERNAME = os.environ.get("JALON_LOAD_USER", "pmo")
PASSWORD = os.environ.get("JALON_LOAD_PASSWORD", "")
TOKEN = os.environ.get("JALON_LOAD_TOKEN", "")
PORTFOLIO = os.environ.get("JALON_LOAD_PORTFOLIO", "")
PROJECTS = [int(pk) for pk in os.environ.get("JALON_LOAD_PROJECTS", "").split(",") if pk] or [0]
BEARER = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}


class Browsing(FastHttpUser):
    """A signed-in person browsing the portfolio, 1 to 3 s between pages.

    ``FastHttpUser`` (geventhttpclient) rather than ``HttpUser`` (requests): the same requests
    and cookies for less of locust's CPU, which shares the machine with the server."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/login/", name="sign in")
        csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        self.client.post("/login/", data={"username": USERNAME, "password": PASSWORD,
                                          "csrfmiddlewaretoken": csrf},
                         headers={"Referer": f"{self.host}/login/"}, name="sign in")

    @staticmethod
    def _project() -> int:
        return random.choice(PROJECTS)  # noqa: S311 - which page to open, not a secret

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(4)
    def project_tasks(self) -> None:
        self.client.get(f"/projects/{self._project()}/tasks/", name="project tasks")

    @task(2)
    def project_overview(self) -> None:
        self.client.get(f"/projects/{self._project()}/", name="project overview")

    @task(3)
    def project_gantt(self) -> None:
        project = self._project()
        self.client.get(f"/projects/{project}/gantt/", name="project gantt")
        self.client.get(f"/api/v1/projects/{project}/gantt", name="project gantt data")

    @task(2)
    def kpi_dashboard(self) -> None:
        self.client.get(f"/portfolios/{PORTFOLIO}/kpis/", name="kpi dashboard")

    @task(2)
    def loading(self) -> None:
        self.client.get("/resources/loading/", name="loading")

    @task(4)
    def api_lists(self) -> None:
        project = self._project()
        for path in (f"/api/v1/projects?portfolio={PORTFOLIO}", f"/api/v1/tasks?project={project}",
                     f"/api/v1/projects/{project}/risks", "/api/v1/resources"):
            self.client.get(path, headers=BEARER, name="api lists")


class Saturation(FastHttpUser):
    """An API client with no think time: the server's throughput on two lists."""

    wait_time = constant(0)

    # Not named ``tasks``: locust reads a user's task list from that attribute.
    @task
    def project_list(self) -> None:
        self.client.get("/api/v1/projects", headers=BEARER, name="saturation: projects")

    @task
    def task_list(self) -> None:
        project = random.choice(PROJECTS)  # noqa: S311
        self.client.get(f"/api/v1/tasks?project={project}", headers=BEARER,
                        name="saturation: tasks")
