"""A pack's file as the answer of its download, page or API alike."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from jalon.errors import NotFound
from jalon.reporting.formats import PackFormat
from jalon.reporting.models import PackRun


def pack_file_response(run: PackRun) -> HttpResponse:
    """The file of a done pack as an attachment; NotFound while it has none (queued, running,
    failed or cancelled). The caller checked that the user may see the run."""
    if run.state != PackRun.State.DONE or not run.file:
        raise NotFound(_("This pack has no file: it is not done."))
    with run.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=PackFormat(run.format).content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{run.file.name.rsplit("/", 1)[-1]}"')
    return response
