"""Projects in and out of files: import into a portfolio or programme, export a project."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jalon.accounts import permissions
from jalon.errors import ValidationFailed
from jalon.interchange import services as interchange
from jalon.interchange.forms import ProjectImportForm
from jalon.portfolios import selectors
from jalon.portfolios.models import Portfolio, Programme
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors

EXPORT_FORMATS = ("mspdi", "json", "yaml")


def _import(request: HttpRequest, container: Portfolio | Programme) -> HttpResponse:
    permissions.require_change(request.user, container)  # 403 before showing a form
    # Into a portfolio, the project may join one of its programmes; the service checks the right.
    programmes = (selectors.programme_list(user=request.user, portfolio=container)
                  if isinstance(container, Portfolio) else None)
    form = ProjectImportForm(request.POST or None, request.FILES or None, programmes=programmes)
    if isinstance(container, Portfolio):
        back = reverse("portfolio-detail", args=[container.pk])
    else:
        back = reverse("programme-detail", args=[container.pk])
    context = {"form": form, "container": container, "cancel_url": back,
               "crumbs": [(_("Dashboard"), reverse("home")), (container.code, back)]}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = interchange.read_upload(name=upload.name, content=upload.read())
            report = interchange.project_import(
                actor=request.user, document=document, code=form.cleaned_data["code"],
                name=form.cleaned_data["name"] or None,
                portfolio=container if isinstance(container, Portfolio) else None,
                programme=(container if isinstance(container, Programme)
                           else form.cleaned_data.get("programme")))
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "interchange/import_report.html", {**context, "report": report})
    return render(request, "interchange/import.html", context,
                  status=400 if form.is_bound and form.errors else 200)


@page
def portfolio_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, selectors.portfolio_get(user=request.user, pk=pk))


@page
def programme_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, selectors.programme_get(user=request.user, pk=pk))


@page
def project_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:  # noqa: A002
    """Download the project as MS Project XML (``mspdi``) or a Jalon ``json``/``yaml`` file."""
    if format not in EXPORT_FORMATS:
        raise Http404("unknown format")
    project = selectors.project_get(user=request.user, pk=pk)
    content, mime, filename = interchange.export_bytes(user=request.user, project=project,
                                                       format=format)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
