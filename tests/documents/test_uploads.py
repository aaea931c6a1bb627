"""What a library accepts: allowed types whose content matches, under the size limit, under a
plain name; refusals name the file and the limit."""

from __future__ import annotations

import pytest

from jalon.documents.uploads import Upload, checked, plain_name
from jalon.errors import ValidationFailed
from tests.documents.conftest import PDF, docx_like


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    ("/abs/path/report.pdf", "report.pdf"),
    ("bad\x00na\nme\x1b.txt", "badname.txt"),
    ("...", ""),
    ("Compte rendu – réunion « n°3 ».md", "Compte rendu – réunion « n°3 ».md"),
])
def test_names_are_reduced_to_a_plain_name(name, expected):
    assert plain_name(name) == expected


def test_a_long_name_keeps_its_extension():
    name = plain_name("x" * 300 + ".docx")
    assert len(name) == 195 and name.endswith(".docx")


@pytest.mark.parametrize(("name", "content"), [
    ("Report.PDF", PDF), ("plan.docx", docx_like()), ("budget.ods", docx_like()),
    ("photo.png", b"\x89PNG\r\n\x1a\n...."), ("photo.jpeg", b"\xff\xd8\xff\xe0..."),
    ("notes.md", "# Réunion\n".encode()), ("data.csv", b"a;b\n1;2\n"),
])
def test_allowed_files_pass(name, content):
    assert checked(Upload(name, content)).name == name


def test_an_unknown_type_is_refused_naming_the_file_and_the_types():
    with pytest.raises(ValidationFailed) as refused:
        checked(Upload("setup.exe", b"MZ...."))
    assert "“setup.exe” is not a type the library accepts" in refused.value.message
    assert "pdf" in refused.value.message and refused.value.field == "file"


@pytest.mark.parametrize(("name", "content"), [
    ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
    ("plan.docx", b"%PDF-1.4 not a zip"),
    ("photo.png", b"GIF89a"),
    ("notes.txt", b"MZ\x00\x00binary"),
])
def test_content_that_does_not_match_its_extension_is_refused(name, content):
    with pytest.raises(ValidationFailed, match=f"“{name}” does not hold what its extension"):
        checked(Upload(name, content))


def test_the_size_limit_is_a_setting(settings):
    settings.JALON_DOCUMENT_MAX_MB = 1
    with pytest.raises(ValidationFailed,
                       match=r"“big.txt” is 1.5 MB; the library accepts files up to 1 MB"):
        checked(Upload("big.txt", b"a" * (1024 * 1024 * 3 // 2)))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationFailed, match="“empty.txt” is empty"):
        checked(Upload("empty.txt", b""))
