"""The documents API: upload (multipart) and generate (JSON) into a library, read a document
with its versions, add a version, download with permission and a safe header, and the review."""

from __future__ import annotations

import io
from urllib.parse import quote

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.documents import services
from jalon.documents.models import Document, DocumentVersion
from jalon.governance.models import ProjectDocument
from tests.documents.conftest import PDF, text
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def _file(name: str, content: bytes = b"Minutes\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_upload_list_and_read(manager, project, storage):
    client = signed_in(manager, language="en")
    response = client.post(f"/api/v1/projects/{project.pk}/documents",
                           {"title": "Kick-off minutes", "category": "minutes",
                            "file": _file("kick-off.txt")})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Kick-off minutes" and body["status"] == "draft"
    assert body["project"] == project.pk and body["owner"] == manager.username
    assert [(v["number"], v["filename"], v["size"]) for v in body["versions"]] == [
        (1, "kick-off.txt", 8)]
    listed = client.get(f"/api/v1/projects/{project.pk}/documents").json()
    assert [(d["id"], d["latest_version"]) for d in listed] == [(body["id"], 1)]

    added = client.post(f"/api/v1/documents/{body['id']}/versions",
                        {"file": _file("kick-off v2.txt", b"Minutes, corrected\n")})
    assert added.status_code == 201 and added.json()["number"] == 2
    read = client.get(f"/api/v1/documents/{body['id']}").json()
    assert [v["number"] for v in read["versions"]] == [2, 1]
    assert read["latest_version"] == 2


def test_refusals_name_the_file_and_save_nothing(manager, project, storage, settings):
    client = signed_in(manager, language="en")
    url = f"/api/v1/projects/{project.pk}/documents"
    response = client.post(url, {"title": "Tool", "file": _file("tool.exe", b"MZ")})
    assert response.status_code == 400
    assert "“tool.exe” is not a type the library accepts" in response.json()["message"]
    settings.JALON_DOCUMENT_MAX_MB = 1
    response = client.post(url, {"title": "Big", "file": _file("big.txt", b"x" * 1600000)})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "file": ["“big.txt” is 1.5 MB; the library accepts files up to 1 MB."]}
    response = client.post(url, {"title": "", "file": _file("a.txt")})
    assert response.status_code == 400 and "title" in response.json()["errors"]
    response = client.post(url, {"generate": "poem"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"].keys() == {"generate"}
    response = client.post(url, "not json", content_type="text/plain")
    assert response.status_code == 400
    assert not Document.objects.exists() and not storage.exists()


def test_generate_through_the_api(manager, project):
    client = signed_in(manager, language="en")
    response = client.post(f"/api/v1/projects/{project.pk}/documents",
                           {"generate": "charter", "format": "docx"},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["template"] == "charter" and body["versions"][0]["filename"].endswith(".docx")
    download = client.get(body["versions"][0]["url"])
    opened = docx.Document(io.BytesIO(download.content))
    assert project.name in "\n".join(p.text for p in opened.paragraphs)


def test_programmes_and_portfolios_have_libraries(pmo, programme, portfolio):
    client = signed_in(pmo, language="en")
    for url in (f"/api/v1/programmes/{programme.pk}/documents",
                f"/api/v1/portfolios/{portfolio.pk}/documents"):
        response = client.post(url, {"title": "Roadmap", "file": _file("roadmap.pdf", PDF)})
        assert response.status_code == 201, response.json()
        assert [d["title"] for d in client.get(url).json()] == ["Roadmap"]
        refused = client.post(url, {"generate": "charter"}, content_type="application/json")
        assert refused.status_code == 400  # written from a project's data only


def test_download_is_an_attachment_under_the_users_name(manager, project, outsider, member):
    hostile = 'rapport "final"\r\nX-Injected: 1;.pdf'
    document = services.document_create(actor=manager, scope=project, title="Report",
                                        upload=text(hostile, PDF))
    version = DocumentVersion.objects.get(document=document)
    assert "rapport" not in version.file.name and "\n" not in version.filename
    url = f"/api/v1/documents/{document.pk}/versions/1/file"
    response = signed_in(member, language="en").get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition
    assert "X-Injected" not in response.headers
    accented = services.document_create(actor=manager, scope=project, title="CR",
                                        upload=text("Compte rendu réunion.txt"))
    response = signed_in(member, language="en").get(
        f"/api/v1/documents/{accented.pk}/versions/1/file")
    assert f"filename*=utf-8''{quote('Compte rendu réunion.txt')}" in response[
        "Content-Disposition"]
    for path in (url, f"/api/v1/documents/{document.pk}"):
        assert signed_in(outsider, language="en").get(path).status_code == 404
    assert signed_in(member, language="en").get(
        f"/api/v1/documents/{document.pk}/versions/9/file").status_code == 404


def test_the_review_through_the_api(prince2, board, sponsor):
    pid = ProjectDocument.objects.get(phase__project=prince2, key="pid")
    client = signed_in(board, language="en")
    created = client.post(f"/api/v1/projects/{prince2.pk}/documents",
                          {"title": "PID", "file": _file("pid.pdf", PDF),
                           "deliverable": pid.pk}).json()
    url = f"/api/v1/documents/{created['id']}"
    assert created["deliverable_name"] == "Project initiation documentation"
    submitted = client.post(f"{url}/submit", {"approvers": [sponsor.pk]},
                            content_type="application/json")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "in_review"
    refused = client.post(f"{url}/approve", {}, content_type="application/json")
    assert refused.status_code == 403  # the board member was not named this time
    returned = signed_in(sponsor, language="en").post(f"{url}/return", {"comment": ""},
                                                      content_type="application/json")
    assert returned.status_code == 400 and "Say what should change" in returned.json()["message"]
    approved = signed_in(sponsor, language="en").post(f"{url}/approve", {"comment": "OK"},
                                                      content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["versions"][0]["approvals"][0]["decision"] == "approved"
    pid.refresh_from_db()
    assert pid.status == "approved"


def test_readers_may_not_write(project, executive, manager):
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role

    grant_role(actor=None, user=executive, role=Role.EXECUTIVE, scope=project)
    document = services.document_create(actor=manager, scope=project, title="R", upload=text())
    client = signed_in(executive, language="en")
    assert client.get(f"/api/v1/documents/{document.pk}").status_code == 200
    response = client.post(f"/api/v1/projects/{project.pk}/documents",
                           {"title": "X", "file": _file("x.txt")})
    assert response.status_code == 403
    response = client.post(f"/api/v1/documents/{document.pk}/versions", {"file": _file("x.txt")})
    assert response.status_code == 403
