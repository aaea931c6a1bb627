"""REST endpoints of reporting: start a report pack, poll it, download its file; one's
subscriptions. Thin: the rules are the services' and selectors'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, ModelSchema, Router, Schema

from jalon.api.failures import RunFailureOut
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get
from jalon.reporting import selectors, services
from jalon.reporting.downloads import pack_file_response
from jalon.reporting.models import PackRun, Subscription

router = Router(tags=["Reporting"])

SCOPES: dict[str, Callable[..., Portfolio | Programme | Project]] = {
    "portfolios": portfolio_get, "programmes": programme_get, "projects": project_get}
ScopeKind = Literal["portfolios", "programmes", "projects"]


class PackOut(ModelSchema, RunFailureOut):
    scope: str = Field(description="The code of the pack's portfolio, programme or project.")
    download: str | None = Field(None, description="Where to download the file once done.")

    class Meta:
        model = PackRun
        fields = ["id", "format", "language", "status_date", "state", "progress",
                  "created_at", "finished_at"]

    @staticmethod
    def resolve_scope(run: PackRun) -> str:
        return str(run.scope.code)

    @staticmethod
    def resolve_download(run: PackRun) -> str | None:
        return f"/api/v1/packs/{run.pk}/file" if run.state == PackRun.State.DONE else None


class PackIn(Schema):
    format: Literal["pdf", "pptx", "xlsx"]
    language: Literal["fr", "en"] = "fr"
    status_date: date | None = Field(
        None, description="Judges which milestones are overdue (default: the latest status "
                          "date of the scope's projects).")


@router.post("/{kind}/{int:pk}/packs", response={202: PackOut})
def start_pack(request: HttpRequest, kind: ScopeKind, pk: int, payload: PackIn):
    """Queue the report pack of a portfolio, programme or project; poll ``GET /packs/{id}``
    until ``state`` is ``done`` (then ``download`` gives its file), ``failed`` or
    ``cancelled``."""
    scope = SCOPES[kind](user=request.user, pk=pk)
    return 202, services.pack_start(actor=request.user, scope=scope, fmt=payload.format,
                                    language=payload.language,
                                    status_date=payload.status_date)


@router.get("/packs/{int:pk}", response=PackOut)
def get_pack(request: HttpRequest, pk: int):
    return selectors.pack_run_get(user=request.user, pk=pk)


@router.post("/packs/{int:pk}/cancel", response=PackOut)
def cancel_pack(request: HttpRequest, pk: int):
    return services.pack_cancel(actor=request.user,
                                run=selectors.pack_run_get(user=request.user, pk=pk))


@router.get("/packs/{int:pk}/file")
def download_pack(request: HttpRequest, pk: int):
    """The pack's file (PDF, PPTX or XLSX) once ``state`` is ``done``; 404 before."""
    return pack_file_response(selectors.pack_run_get(user=request.user, pk=pk))


class SubscriptionOut(ModelSchema):
    scope: str

    class Meta:
        model = Subscription
        fields = ["id", "format", "language", "frequency", "last_sent"]

    @staticmethod
    def resolve_scope(subscription: Subscription) -> str:
        return str(subscription.scope.code)


@router.get("/subscriptions", response=list[SubscriptionOut])
def list_subscriptions(request: HttpRequest) -> Any:
    """Your own subscriptions to report packs."""
    return selectors.subscription_list(user=request.user)
