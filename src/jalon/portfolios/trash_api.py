"""REST endpoints of deletion: what goes with a portfolio, programme or project
(``GET …/deletion-preview``), and the trash for PMO administrators (list, restore, delete for
good). Added to the portfolios router (``jalon.portfolios.api``)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from jalon.accounts.people import name_of
from jalon.portfolios import selectors, services
from jalon.portfolios.contents import Contents

router = Router(tags=["trash"])


class ContentsOut(Schema):
    """What goes with a deletion: programmes and projects as "CODE – name", and counts."""

    programmes: list[str]
    projects: list[str]
    tasks: int
    risks: int
    documents: int
    budget_lines: int
    timesheet_entries: int


class TrashEntryOut(Schema):
    kind: str
    id: int
    code: str
    name: str
    deleted_at: datetime
    deleted_by: str | None
    days_left: int
    contents: ContentsOut


class RestoredOut(Schema):
    """An object back from the trash, with what came back with it."""

    kind: str
    id: int
    code: str
    name: str
    contents: ContentsOut


def _contents(contents: Contents) -> ContentsOut:
    return ContentsOut(**vars(contents))


def _entry(entry: selectors.TrashEntry) -> TrashEntryOut:
    obj = entry.obj
    assert obj.deleted_at is not None
    return TrashEntryOut(kind=entry.kind, id=obj.pk, code=obj.code, name=obj.name,
                         deleted_at=obj.deleted_at, deleted_by=name_of(obj.deleted_by) or None,
                         days_left=entry.days_left, contents=_contents(entry.contents))


@router.get("/portfolios/{int:pk}/deletion-preview", response=ContentsOut)
def portfolio_deletion_preview(request: HttpRequest, pk: int):
    """What would go to the trash with the portfolio."""
    portfolio = selectors.portfolio_get(user=request.user, pk=pk)
    return _contents(selectors.deletion_preview(obj=portfolio))


@router.get("/programmes/{int:pk}/deletion-preview", response=ContentsOut)
def programme_deletion_preview(request: HttpRequest, pk: int):
    """What would go to the trash with the programme."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    return _contents(selectors.deletion_preview(obj=programme))


@router.get("/projects/{int:pk}/deletion-preview", response=ContentsOut)
def project_deletion_preview(request: HttpRequest, pk: int):
    """What would go to the trash with the project."""
    project = selectors.project_get(user=request.user, pk=pk)
    return _contents(selectors.deletion_preview(obj=project))


@router.get("/trash", response=list[TrashEntryOut])
def list_trash(request: HttpRequest):
    """What was deleted, newest first, with what went with it (PMO administrators only)."""
    return [_entry(entry) for entry in selectors.trash_list(user=request.user)]


@router.post("/trash/{kind}/{int:pk}/restore", response=RestoredOut)
def restore_from_trash(request: HttpRequest, kind: str, pk: int):
    """Bring an object back with what went with it; ``kind`` is portfolio, programme or project.
    Refused (400) while its programme or portfolio is in the trash."""
    entry = selectors.trash_entry(user=request.user, kind=kind, pk=pk)
    obj = services.trash_restore(actor=request.user, kind=kind, pk=pk)
    return RestoredOut(kind=kind, id=obj.pk, code=obj.code, name=obj.name,
                       contents=_contents(entry.contents))


@router.delete("/trash/{kind}/{int:pk}", response={204: None})
def delete_for_good(request: HttpRequest, kind: str, pk: int):
    """Delete an object in the trash for good, with everything under it."""
    services.trash_delete(actor=request.user, kind=kind, pk=pk)
    return 204, None
