"""A version's file sent back to whoever may read it: always as an attachment (never shown by
the browser as a page of Jalon), under the name the user gave, encoded for the header."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from jalon.documents.models import DocumentVersion
from jalon.documents.uploads import CONTENT_TYPES, extension
from jalon.errors import NotFound


def file_response(version: DocumentVersion) -> FileResponse:
    """The version's file to download; NotFound when the storage lost it."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise NotFound(_("The file of version %(number)s of “%(document)s” is missing from the "
                         "storage.") % {"number": version.number,
                                        "document": version.document.title}) from None
    return FileResponse(handle, as_attachment=True, filename=version.filename,
                        content_type=CONTENT_TYPES.get(extension(version.filename),
                                                       "application/octet-stream"))
