"""REST endpoints to create a project from a plan file or a task list, to fill an empty plan
from a task list, and to download a project as a plan file."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile

from jalon.api.imports import ImportReportOut, reports_problems
from jalon.api.lookups import resolve
from jalon.downloads import ExportFormat, download
from jalon.errors import ValidationFailed
from jalon.interchange import services as interchange
from jalon.interchange import task_list_import as task_lists
from jalon.portfolios.api import ProjectOut
from jalon.portfolios.selectors import portfolio_get, programme_get, project_get
from jalon.tabular import MAX_BYTES

router = Router(tags=["planning"])

MAX_UPLOAD = 20 * 1024 * 1024


class ImportOut(Schema):
    project: ProjectOut
    created_resources: list[str]
    reused_calendars: list[str] = Field(description=(
        "Calendars of the shared pool identical to the file's, followed instead of a copy."))
    warnings: list[str]


@router.post("/projects/import", response={201: ImportOut, 400: ImportReportOut})
@reports_problems
def import_project(request: HttpRequest, file: File[UploadedFile], code: Form[str],
                   portfolio: Form[int | None] = None, programme: Form[int | None] = None,
                   name: Form[str | None] = None):
    """Create a project from MS Project XML (MSPDI), a Jalon JSON/YAML file or PSPLIB."""
    into_portfolio = resolve(portfolio_get, request.user, portfolio, "portfolio")
    into_programme = resolve(programme_get, request.user, programme, "programme")
    interchange.require_import_right(actor=request.user, portfolio=into_portfolio,
                                     programme=into_programme)  # before reading the file
    if (file.size or 0) > MAX_UPLOAD:
        raise ValidationFailed(_("The file is larger than 20 MB."), field="file")
    document = interchange.read_upload(name=file.name or "upload", content=file.read())
    report = interchange.project_import(actor=request.user, document=document, code=code,
                                        name=name, portfolio=into_portfolio,
                                        programme=into_programme)
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


# --- task lists (CSV or XLSX) ------------------------------------------------------------------

class TaskListImportOut(Schema):
    project: ProjectOut
    tasks: int = Field(description="Tasks created.")
    links: int = Field(description="Dependencies created.")
    assignments: int = Field(description="Assignments created.")


def _imported(result: task_lists.TaskListImport) -> dict[str, object]:
    return {"project": result.project, "tasks": result.tasks, "links": result.links,
            "assignments": result.assignments}


@router.post("/projects/task-imports", response={201: TaskListImportOut, 400: ImportReportOut})
@reports_problems
def import_task_list_as_project(request: HttpRequest, file: File[UploadedFile], code: Form[str],
                                portfolio: Form[int | None] = None,
                                programme: Form[int | None] = None,
                                name: Form[str | None] = None):
    """Create a project from a task list (multipart ``file``, CSV or XLSX; see the template):
    all of its rows, or — when any row is bad — nothing, and a report naming each problem's
    row and column."""
    result = task_lists.project_from_task_list(
        actor=request.user, file_name=file.name or "",
        content=file.read(MAX_BYTES + 1),  # one byte over the limit tells a larger file
        code=code, name=name, portfolio=resolve(portfolio_get, request.user, portfolio, "portfolio"),
        programme=resolve(programme_get, request.user, programme, "programme"))
    return 201, _imported(result)


@router.post("/projects/{int:pk}/task-imports",
             response={201: TaskListImportOut, 400: ImportReportOut})
@reports_problems
def import_task_list(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Fill the empty plan of a project from a task list (multipart ``file``, CSV or XLSX): all
    of its rows or none, as above. A project that already has tasks answers 400."""
    project = project_get(user=request.user, pk=pk)
    result = task_lists.task_list_import(actor=request.user, project=project,
                                         file_name=file.name or "",
                                         content=file.read(MAX_BYTES + 1))
    return 201, _imported(result)


@router.get("/task-imports/template")
def task_list_template(request: HttpRequest, format: ExportFormat = "xlsx"):  # noqa: A002
    """The task list template: the columns the import reads and two example rows."""
    return download(task_lists.task_list_template(), format=format, name=_("task list"))
