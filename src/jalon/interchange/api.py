"""REST endpoints to create a project from a plan file, and to download a project as one."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile

from jalon.api.lookups import resolve
from jalon.errors import ValidationFailed
from jalon.interchange import services as interchange
from jalon.portfolios.api import ProjectOut
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get

router = Router(tags=["planning"])

MAX_UPLOAD = 20 * 1024 * 1024


class ImportOut(Schema):
    project: ProjectOut
    created_resources: list[str]
    reused_calendars: list[str] = Field(description=(
        "Calendars of the shared pool identical to the file's, followed instead of a copy."))
    warnings: list[str]


@router.post("/projects/import", response={201: ImportOut})
def import_project(request: HttpRequest, file: File[UploadedFile], code: Form[str],
                   portfolio: Form[int | None] = None, programme: Form[int | None] = None,
                   name: Form[str | None] = None):
    """Create a project from MS Project XML (MSPDI), a Jalon JSON/YAML file or PSPLIB."""
    if (file.size or 0) > MAX_UPLOAD:
        raise ValidationFailed(_("The file is larger than 20 MB."), field="file")
    document = interchange.read_upload(name=file.name or "upload", content=file.read())
    report = interchange.project_import(
        actor=request.user, document=document, code=code, name=name,
        portfolio=resolve(portfolio_get, request.user, portfolio, "portfolio"),
        programme=resolve(programme_get, request.user, programme, "programme"),
    )
    return 201, {"project": report.project, "created_resources": report.created_resources,
                 "reused_calendars": report.reused_calendars, "warnings": report.warnings}


@router.get("/projects/{int:pk}/export")
def export_project(request: HttpRequest, pk: int, format: str = "mspdi"):  # noqa: A002
    """Download the project as MS Project XML (``mspdi``), or a Jalon ``json``/``yaml`` file."""
    project = project_get(user=request.user, pk=pk)
    content, mime, filename = interchange.export_bytes(user=request.user, project=project,
                                                       format=format)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
