"""What a document library accepts: a file of an allowed type, under the size limit, whose
content looks like what its extension says (checked where it is cheap: a PDF starts with
``%PDF-``, the office formats are ZIP archives, images carry their signature, text has no NUL
byte). The user's file name is reduced to a plain name before anyone shows it."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jalon.errors import ValidationFailed

#: How many bytes of a text file are read to make sure it is text.
SNIFFED = 64 * 1024


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda content: content.startswith(signatures)


def _zip(content: bytes) -> bool:
    return content.startswith(b"PK\x03\x04") and zipfile.is_zipfile(io.BytesIO(content))


def _text(content: bytes) -> bool:
    return b"\x00" not in content[:SNIFFED]


#: The allowed extensions and how their content is recognised.
ALLOWED: dict[str, Callable[[bytes], bool]] = {
    "pdf": _starts(b"%PDF-"),
    "docx": _zip, "xlsx": _zip, "pptx": _zip, "odt": _zip, "ods": _zip, "odp": _zip,
    "png": _starts(b"\x89PNG\r\n\x1a\n"),
    "jpg": _starts(b"\xff\xd8\xff"), "jpeg": _starts(b"\xff\xd8\xff"),
    "txt": _text, "csv": _text, "md": _text,
}

#: The type each extension is sent back as.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "txt": "text/plain", "csv": "text/csv", "md": "text/markdown",
}


@dataclass(frozen=True)
class Upload:
    """A file as a door received it: the name the user gave and its content."""

    name: str
    content: bytes


def max_bytes() -> int:
    return int(settings.JALON_DOCUMENT_MAX_MB * 1024 * 1024)


def plain_name(name: str) -> str:
    """The last part of ``name`` (either slash), without control characters, at most 200
    characters with its extension kept: "../../etc/passwd" is "passwd"."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[:190] + dot + extension[:9]) if dot else name[:200]
    return name


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def checked(upload: Upload) -> Upload:
    """``upload`` with a plain name, or a refusal naming the file and what is wrong."""
    name = plain_name(upload.name)
    if not name:
        raise ValidationFailed(_("The file has no name."), field="file")
    kind = extension(name)
    if kind not in ALLOWED:
        raise ValidationFailed(
            _("“%(file)s” is not a type the library accepts. Allowed: %(types)s.")
            % {"file": name, "types": ", ".join(sorted(ALLOWED))}, field="file")
    if not upload.content:
        raise ValidationFailed(_("“%(file)s” is empty.") % {"file": name}, field="file")
    limit = max_bytes()
    if len(upload.content) > limit:
        raise ValidationFailed(
            _("“%(file)s” is %(size)s MB; the library accepts files up to %(limit)s MB.")
            % {"file": name, "size": _megabytes(len(upload.content)),
               "limit": _megabytes(limit)}, field="file")
    if not ALLOWED[kind](upload.content):
        raise ValidationFailed(
            _("“%(file)s” does not hold what its extension .%(extension)s says.")
            % {"file": name, "extension": kind}, field="file")
    return Upload(name=name, content=upload.content)


def _megabytes(size: int) -> str:
    """A size in MB to a tenth, in the reader's language ("1,5" in French, "20" not "20.0")."""
    tenths = round(size * 10 / (1024 * 1024))
    return number_format(tenths // 10 if tenths % 10 == 0 else tenths / 10)


def from_file(file: UploadedFile) -> Upload:
    """A received file, refused before it is read when it is over the size limit."""
    name = plain_name(file.name or "")
    limit = max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationFailed(
            _("“%(file)s” is %(size)s MB; the library accepts files up to %(limit)s MB.")
            % {"file": name, "size": _megabytes(file.size), "limit": _megabytes(limit)},
            field="file")
    return Upload(name=name, content=file.read())
