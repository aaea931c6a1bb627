"""A version's file sent back to whoever may read it: always as an attachment (never shown by
the browser as a page of Jalon), under the name the user gave, encoded for the header
(``filename*`` in UTF-8 when it is not plain ASCII)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jalon.documents.models import DocumentVersion
from jalon.documents.uploads import CONTENT_TYPES, extension
from jalon.errors import NotFound


def file_response(version: DocumentVersion) -> HttpResponse:
    """The version's file to download; NotFound when the storage lost it."""
    try:
        with version.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        raise NotFound(_("The file of version %(number)s of “%(document)s” is missing from the "
                         "storage.") % {"number": version.number,
                                        "document": version.document.title}) from None
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(
        extension(version.filename), "application/octet-stream"))
    # an attachment always has a header (None is only for an inline file without a name)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=version.filename) or "attachment"
    return response
