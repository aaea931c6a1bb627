"""The Django admin knows the trash: it lists live objects as every page does, the trash under
the filter "In the trash", and deleting there does what the pages do — a live project goes to
the trash with its plan, one in the trash is deleted for good."""

from __future__ import annotations

import pytest

from jalon.planning.models import Task
from jalon.portfolios.models import Programme, Project
from jalon.portfolios.services import project_delete
from tests.factories import ProjectFactory
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(pmo):
    pmo.is_staff = pmo.is_superuser = True
    pmo.save()
    return signed_in(pmo, language="en")


def test_the_admin_lists_the_trash_under_its_filter(admin_client, pmo, stocked):
    other = ProjectFactory(portfolio=stocked.portfolio, code="KEEP", name="Kept project")
    project_delete(actor=pmo, project=stocked)
    live = admin_client.get("/admin/portfolios/project/").content.decode()
    assert other.name in live and stocked.name not in live
    trash = admin_client.get("/admin/portfolios/project/?trash=yes").content.decode()
    assert stocked.name in trash and other.name not in trash
    # its page still opens, from the trash
    assert admin_client.get(f"/admin/portfolios/project/{stocked.pk}/change/").status_code == 200


def test_deleting_in_the_admin_goes_to_the_trash_first(admin_client, stocked):
    tasks = Task.objects.filter(project=stocked).count()
    response = admin_client.post(f"/admin/portfolios/project/{stocked.pk}/delete/",
                                 {"post": "yes"})
    assert response.status_code == 302
    trashed = Project.all_objects.get(pk=stocked.pk)
    assert trashed.deleted_at is not None and trashed.deleted_by is not None
    assert Task.objects.filter(project_id=stocked.pk).count() == tasks  # the plan kept
    admin_client.post(f"/admin/portfolios/project/{stocked.pk}/delete/", {"post": "yes"})
    assert not Project.all_objects.filter(pk=stocked.pk).exists()
    assert not Task.objects.filter(project_id=stocked.pk).exists()


def test_deleting_a_programme_in_the_admin_takes_its_projects_to_the_trash(admin_client,
                                                                          stocked):
    admin_client.post(f"/admin/portfolios/programme/{stocked.programme_id}/delete/",
                      {"post": "yes"})
    assert Programme.all_objects.get(pk=stocked.programme_id).deleted_at is not None
    assert Project.all_objects.get(pk=stocked.pk).deleted_at is not None
    admin_client.post(f"/admin/portfolios/programme/{stocked.programme_id}/delete/",
                      {"post": "yes"})  # from the trash: for good, its projects first
    assert not Programme.all_objects.filter(pk=stocked.programme_id).exists()
    assert not Project.all_objects.filter(pk=stocked.pk).exists()
