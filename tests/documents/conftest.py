"""Fixtures of the document tests: files stored in a temporary directory, a PRINCE2 project with
its board, small files of each kind."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from jalon.accounts.models import Role
from jalon.accounts.services import grant_role
from jalon.documents.uploads import Upload
from jalon.governance.models import ProjectRole
from jalon.portfolios import services as portfolios
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_like() -> bytes:
    """A ZIP archive, as every office file is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def text(name: str = "notes.txt", content: bytes = b"Minutes of the kick-off\n") -> Upload:
    return Upload(name=name, content=content)


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Every stored file goes to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def board(programme):
    """A programme manager: the PRINCE2 senior user and senior supplier."""
    user = UserFactory(username="board", first_name="Bea", last_name="Board")
    grant_role(actor=None, user=user, role=Role.PROGRAMME_MANAGER, scope=programme)
    return user


@pytest.fixture
def sponsor(programme):
    """A portfolio manager: the PRINCE2 executive."""
    user = UserFactory(username="sponsor", first_name="Sam", last_name="Sponsor")
    grant_role(actor=None, user=user, role=Role.PORTFOLIO_MANAGER, scope=programme.portfolio)
    return user


@pytest.fixture
def prince2(board, sponsor, programme):
    """A PRINCE2 project whose board is named: the executive and the senior user."""
    project = portfolios.project_create(actor=board, programme=programme, code="P2",
                                        name="Bridge over the Rhône", methodology="prince2")
    ProjectRole.objects.filter(project=project, key="executive").update(holder=sponsor)
    ProjectRole.objects.filter(project=project, key="senior_user").update(holder=board)
    return project
