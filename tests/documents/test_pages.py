"""The pages: the project's Documents tab with its deliverables and generate buttons, the
programme's and portfolio's libraries, a document with its versions and review, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.documents import services
from jalon.documents.models import Document
from jalon.governance.models import ProjectDocument
from tests.documents.conftest import PDF, text
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.english
def test_the_documents_tab_uploads_and_lists(pm_client, project, storage):
    url = f"/projects/{project.pk}/documents/"
    page = pm_client.get(url).content.decode()
    assert f'href="{url}" aria-current="page">Documents</a>' in page
    assert "No document yet." in page
    response = pm_client.post(url, {"title": "Site plan", "category": "specification",
                                     "file": SimpleUploadedFile("plan.pdf", PDF)})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    detail = pm_client.get(response["Location"]).content.decode()
    assert "Site plan" in detail and "plan.pdf" in detail and "Submit for review" in detail
    assert f"/documents/{document.pk}/versions/1/file/" in detail


@pytest.mark.english
def test_a_refused_upload_says_why_next_to_the_file(pm_client, project, storage):
    response = pm_client.post(f"/projects/{project.pk}/documents/", {
        "title": "Virus", "file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert response.status_code == 400
    assert "“virus.exe” is not a type the library accepts" in response.content.decode()
    assert not Document.objects.exists()


def test_in_french(pm_client, project):
    page = pm_client.get(f"/projects/{project.pk}/documents/").content.decode()
    assert "Aucun document pour l’instant." in page and "Ajouter un document" in page


@pytest.mark.english
def test_the_deliverables_offer_to_generate(prince2, board):
    client = signed_in(board, language="en")
    page = client.get(f"/projects/{prince2.pk}/documents/").content.decode()
    assert "Generate Business case (DOCX)" in page
    assert "Generate Project initiation documentation (DOCX)" in page
    assert "Generate End stage report" not in page  # Jalon writes no end stage report
    business_case = ProjectDocument.objects.get(phase__project=prince2, key="business_case")
    response = client.post(f"/projects/{prince2.pk}/documents/generate/", {
        "template": "business_case", "deliverable": business_case.pk, "file_format": "pdf"})
    document = Document.objects.get()
    assert response.status_code == 302 and document.deliverable == business_case
    assert document.versions.get().filename == "P2 Business case.pdf"


@pytest.mark.english
def test_the_approver_reviews_on_the_page(prince2, board, sponsor):
    document = services.document_create(actor=board, scope=prince2, title="PID", upload=text())
    services.document_submit(actor=board, document=document, approvers=[sponsor])
    client = signed_in(sponsor, language="en")
    url = f"/documents/{document.pk}/"
    assert "Return with the comment" in client.get(url).content.decode()
    assert "Return with the comment" not in signed_in(board, language="en").get(url).content.decode()
    response = client.post(f"{url}review/", {"decision": "return", "comment": ""})
    assert response.status_code == 400
    assert "Say what should change in the comment." in response.content.decode()
    client.post(f"{url}review/", {"decision": "approve"})
    document.refresh_from_db()
    assert document.status == "approved"


def test_programme_and_portfolio_libraries(pmo_client, programme, portfolio):
    for url in (f"/programmes/{programme.pk}/documents/",
                f"/portfolios/{portfolio.pk}/documents/"):
        assert pmo_client.get(url).status_code == 200
    assert f"/programmes/{programme.pk}/documents/" in pmo_client.get(
        f"/programmes/{programme.pk}/").content.decode()
    assert f"/portfolios/{portfolio.pk}/documents/" in pmo_client.get(
        f"/portfolios/{portfolio.pk}/").content.decode()


def test_outsiders_see_nothing(outsider_client, member_client, project, manager):
    document = services.document_create(actor=manager, scope=project, title="R",
                                        upload=text("r.pdf", PDF))
    for url in (f"/projects/{project.pk}/documents/", f"/documents/{document.pk}/",
                f"/documents/{document.pk}/versions/1/file/"):
        assert outsider_client.get(url).status_code == 404
    response = member_client.get(f"/documents/{document.pk}/versions/1/file/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        "attachment;")
