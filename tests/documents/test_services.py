"""Documents and their versions, who may add them, and the review: the board approves, the last
approval approves the deliverable the document stands for (and so the gate criterion), a return
ends the review; approvers and the owner are notified."""

from __future__ import annotations

import pytest

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.documents import services
from jalon.documents.models import Approval, Document, DocumentVersion
from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.governance.models import ProjectDocument
from jalon.governance.selectors import gate_review
from jalon.notifications.models import Notification
from tests.documents.conftest import PDF, text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stored(storage) -> list:
    return [p for p in storage.rglob("*") if p.is_file()] if storage.exists() else []


def test_a_document_keeps_every_version(manager, project, storage):
    document = services.document_create(actor=manager, scope=project, title="Minutes",
                                        upload=text("kick-off.txt"), category="minutes")
    services.version_add(actor=manager, document=document, upload=text("kick-off v2.txt"))
    versions = list(DocumentVersion.objects.filter(document=document).order_by("number"))
    assert [(v.number, v.filename, v.size) for v in versions] == [
        (1, "kick-off.txt", 24), (2, "kick-off v2.txt", 24)]
    assert document.owner == manager and document.status == "draft"
    # stored under names of Jalon's making, none of the user's
    names = sorted(p.name for p in _stored(storage))
    assert len(names) == 2 and not any("kick-off" in n for n in names)
    assert all(v.file.name.startswith("documents/") and v.file.name.endswith(".txt")
               for v in versions)


def test_a_refused_file_leaves_nothing(manager, project, storage, settings):
    settings.JALON_DOCUMENT_MAX_MB = 0.001
    with pytest.raises(ValidationFailed, match="“big.txt” is"):
        services.document_create(actor=manager, scope=project, title="Big",
                                 upload=text("big.txt", b"x" * 5000))
    with pytest.raises(ValidationFailed, match="does not hold what its extension .pdf says"):
        services.document_create(actor=manager, scope=project, title="Fake",
                                 upload=text("fake.pdf", b"<html>"))
    assert not Document.objects.exists() and _stored(storage) == []


def test_who_may_add_documents(project, programme, member, executive, outsider, manager):
    services.document_create(actor=member, scope=project, title="Site photos",
                             upload=text("photos.md"))
    grant_role(actor=None, user=member, role=Role.TEAM_MEMBER, scope=programme)
    with pytest.raises(PermissionDenied):  # team members contribute to projects only
        services.document_create(actor=member, scope=programme, title="X", upload=text())
    grant_role(actor=None, user=executive, role=Role.EXECUTIVE, scope=project)
    with pytest.raises(PermissionDenied):
        services.document_create(actor=executive, scope=project, title="X", upload=text())
    with pytest.raises(NotFound):
        services.document_create(actor=outsider, scope=project, title="X", upload=text())
    with pytest.raises(NotFound):  # a project's manager does not see its programme
        services.document_create(actor=manager, scope=programme, title="X", upload=text())


def test_a_deliverable_of_another_project_is_refused(prince2, board, project):
    deliverable = ProjectDocument.objects.filter(phase__project=prince2).first()
    with pytest.raises(ValidationFailed, match="is a deliverable of another project"):
        services.document_create(actor=board, scope=project, title="PID", upload=text(),
                                 deliverable=deliverable)


def _pid(project) -> ProjectDocument:
    return ProjectDocument.objects.get(phase__project=project, key="pid")


def _criterion(project):
    gate = _pid(project).phase.gate
    return next(e for c, e in gate_review(gate).criteria if c.rule == "documents_approved")


def _todo(user) -> list[str]:
    """The documents on ``user``'s "to do" list (the gates of the new project are there too)."""
    return list(Notification.objects.filter(recipient=user, action=True, resolved_at=None,
                                            ref__startswith="document:")
                .values_list("ref", flat=True))


def test_the_board_approves_and_the_deliverable_follows(prince2, board, sponsor):
    business_case = ProjectDocument.objects.get(phase__project=prince2, key="business_case")
    business_case.status = "approved"
    business_case.save()
    document = services.document_create(actor=board, scope=prince2, title="PID",
                                        upload=text("pid.pdf", PDF), deliverable=_pid(prince2))
    assert not _criterion(prince2).met
    services.document_submit(actor=board, document=document)  # the board by default
    ref = f"document:{document.pk}"
    assert _todo(sponsor) == [f"{ref}:{sponsor.pk}"] and _todo(board) == [f"{ref}:{board.pk}"]

    services.document_approve(actor=sponsor, document=document)
    document.refresh_from_db()
    assert document.status == "in_review" and _pid(prince2).status == "to_produce"
    assert _todo(sponsor) == []
    with pytest.raises(PermissionDenied, match="awaits no decision of yours"):
        services.document_approve(actor=sponsor, document=document)

    services.document_approve(actor=board, document=document, comment="Good")
    document.refresh_from_db()
    assert document.status == "approved" and _pid(prince2).status == "approved"
    assert _criterion(prince2).met
    outcome = Notification.objects.get(recipient=board, kind="document_approved")
    assert outcome.params == {"document": "PID", "scope": "P2 Bridge over the Rhône"}


def test_a_return_ends_the_review(prince2, board, sponsor):
    document = services.document_create(actor=board, scope=prince2, title="PID", upload=text(),
                                        deliverable=_pid(prince2))
    services.document_submit(actor=board, document=document, approvers=[sponsor, board])
    with pytest.raises(ValidationFailed, match="already in review"):
        services.document_submit(actor=board, document=document)
    with pytest.raises(ValidationFailed, match="Say what should change"):
        services.document_return(actor=sponsor, document=document, comment=" ")
    services.document_return(actor=sponsor, document=document, comment="Add the costs")
    document.refresh_from_db()
    assert document.status == "returned" and document.return_comment == "Add the costs"
    assert _todo(sponsor) == [] and _todo(board) == []
    assert set(Approval.objects.values_list("decision", flat=True)) == {"returned", "withdrawn"}
    assert _pid(prince2).status == "to_produce"
    returned = Notification.objects.get(recipient=board, kind="document_returned")
    assert returned.params["approver"] == "Sam Sponsor"


def test_a_new_version_withdraws_the_review(prince2, board, sponsor):
    document = services.document_create(actor=board, scope=prince2, title="PID", upload=text())
    services.document_submit(actor=board, document=document, approvers=[sponsor])
    services.version_add(actor=board, document=document, upload=text("pid v2.txt"))
    document.refresh_from_db()
    assert document.status == "draft" and _todo(sponsor) == []
    with pytest.raises(PermissionDenied):
        services.document_approve(actor=sponsor, document=document)


def test_approvers_are_those_who_manage_the_scope(prince2, board, programme):
    member = UserFactory(username="mem", first_name="Tom", last_name="Team")
    grant_role(actor=None, user=member, role=Role.TEAM_MEMBER, scope=prince2)
    document = services.document_create(actor=member, scope=prince2, title="Notes",
                                        upload=text())
    with pytest.raises(ValidationFailed, match="approve its documents, not: Tom Team"):
        services.document_submit(actor=member, document=document, approvers=[member])
    other = services.document_create(actor=board, scope=programme, title="Charter",
                                     upload=text())
    with pytest.raises(ValidationFailed, match="Name the approvers"):
        services.document_submit(actor=board, document=other)  # a programme has no board
    pid = services.document_create(actor=board, scope=prince2, title="PID", upload=text())
    with pytest.raises(PermissionDenied, match="owner"):  # not his document
        services.document_submit(actor=member, document=pid)
