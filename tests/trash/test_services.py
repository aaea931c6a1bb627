"""Deleting moves to the trash; restoring brings back what went; the purge deletes for good."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from jalon.errors import PermissionDenied, ValidationFailed
from jalon.planning.models import Task
from jalon.portfolios import selectors, services
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.portfolios.tasks import ensure_purge_schedule, purge_trash
from tests.factories import ProjectFactory


def test_a_deleted_project_is_in_the_trash_with_who_and_when(pmo, stocked):
    services.project_delete(actor=pmo, project=stocked)
    assert not Project.objects.filter(pk=stocked.pk).exists()
    trashed = Project.all_objects.get(pk=stocked.pk)
    assert trashed.deleted_by == pmo
    assert timezone.now() - trashed.deleted_at < timedelta(minutes=1)
    assert Task.objects.filter(project=stocked).count() == 3  # kept, for a restore
    [entry] = selectors.trash_list(user=pmo)
    assert (entry.kind, entry.obj, entry.days_left) == ("project", trashed, 29)


def test_the_preview_counts_what_goes_with_a_project(stocked):
    contents = selectors.deletion_preview(obj=stocked)
    assert (contents.tasks, contents.risks, contents.documents, contents.budget_lines,
            contents.timesheet_entries) == (3, 1, 1, 1, 2)
    assert contents.programmes == contents.projects == []


def test_the_preview_of_a_portfolio_names_its_programmes_and_projects(stocked, pmo):
    loose = ProjectFactory(portfolio=stocked.portfolio, code="LOOSE", name="Outside")
    contents = selectors.deletion_preview(obj=stocked.portfolio)
    assert contents.programmes == [str(stocked.programme)]
    assert contents.projects == sorted([str(stocked), str(loose)])
    assert (contents.tasks, contents.timesheet_entries) == (3, 2)


def test_a_portfolio_comes_back_with_what_went_with_it_only(pmo, stocked):
    portfolio, programme = stocked.portfolio, stocked.programme
    earlier = ProjectFactory(portfolio=portfolio, programme=programme, code="EARLIER")
    services.project_delete(actor=pmo, project=earlier)
    services.portfolio_delete(actor=pmo, portfolio=portfolio)
    assert not Programme.objects.exists() and not Project.objects.exists()
    # the list shows what was deleted by itself: the portfolio, and the project before it
    assert [(e.kind, e.obj.pk) for e in selectors.trash_list(user=pmo)] == [
        ("portfolio", portfolio.pk), ("project", earlier.pk)]

    services.trash_restore(actor=pmo, kind="portfolio", pk=portfolio.pk)
    assert set(Project.objects.all()) == {stocked}
    assert Programme.objects.get() == programme
    assert [(e.kind, e.obj.pk) for e in selectors.trash_list(user=pmo)] == [
        ("project", earlier.pk)]


def test_a_project_does_not_come_back_into_a_programme_in_the_trash(pmo, stocked):
    programme = stocked.programme
    services.project_delete(actor=pmo, project=stocked)
    services.programme_delete(actor=pmo, programme=programme)
    with pytest.raises(ValidationFailed) as refused, override("en"):
        services.trash_restore(actor=pmo, kind="project", pk=stocked.pk)
    assert refused.value.message == (
        f"“{stocked}” belongs to the programme “{programme}”, which is in the trash too: "
        "restore the programme first.")
    services.trash_restore(actor=pmo, kind="programme", pk=programme.pk)
    services.trash_restore(actor=pmo, kind="project", pk=stocked.pk)
    assert Project.objects.get() == stocked


def test_only_pmo_administrators_manage_the_trash(pmo, manager, stocked):
    services.project_delete(actor=pmo, project=stocked)
    with pytest.raises(PermissionDenied):
        selectors.trash_list(user=manager)
    with pytest.raises(PermissionDenied):
        services.trash_restore(actor=manager, kind="project", pk=stocked.pk)
    with pytest.raises(PermissionDenied):
        services.trash_delete(actor=manager, kind="project", pk=stocked.pk)


def test_a_code_in_the_trash_is_refused_with_what_to_do(pmo, stocked):
    services.project_delete(actor=pmo, project=stocked)
    with pytest.raises(ValidationFailed) as refused, override("fr"):
        services.project_create(actor=pmo, programme=stocked.programme, code=stocked.code,
                                name="Again")
    assert refused.value.errors == {"code": [
        "Un projet avec ce code est dans la corbeille\u00a0: restaurez-le ou supprimez-le "
        "définitivement d’abord."]}
    services.trash_delete(actor=pmo, kind="project", pk=stocked.pk)
    assert services.project_create(actor=pmo, programme=stocked.programme, code=stocked.code,
                                   name="Again").code == stocked.code


def test_deleting_for_good_takes_everything_under_it(pmo, stocked):
    portfolio = stocked.portfolio
    services.portfolio_delete(actor=pmo, portfolio=portfolio)
    services.trash_delete(actor=pmo, kind="portfolio", pk=portfolio.pk)
    assert not Portfolio.all_objects.exists() and not Programme.all_objects.exists()
    assert not Project.all_objects.exists() and not Task.objects.exists()


def test_the_purge_deletes_what_stayed_longer_than_the_trash_days(pmo, stocked, settings):
    settings.JALON_TRASH_DAYS = 30
    kept = ProjectFactory(portfolio=stocked.portfolio, code="KEPT")
    services.project_delete(actor=pmo, project=stocked)
    services.project_delete(actor=pmo, project=kept)
    Project.all_objects.filter(pk=stocked.pk).update(
        deleted_at=timezone.now() - timedelta(days=20))
    day_29 = (timezone.now() + timedelta(days=9)).isoformat()
    assert purge_trash.call(now=day_29) == 0
    day_31 = (timezone.now() + timedelta(days=11)).isoformat()
    assert purge_trash.call(now=day_31) == 1
    assert list(Project.all_objects.all()) == [kept]
    assert not Task.objects.exists()


def test_the_purge_is_scheduled_once(db):
    assert ensure_purge_schedule() is True
    assert ensure_purge_schedule() is False


def test_the_audit_trail_records_the_trash_and_the_restore(pmo, stocked):
    services.project_delete(actor=pmo, project=stocked)
    services.trash_restore(actor=pmo, kind="project", pk=stocked.pk)
    latest, trashed = Project.history.filter(id=stocked.pk).order_by("-history_id")[:2]
    assert trashed.deleted_at is not None and trashed.deleted_by_id == pmo.pk
    assert latest.deleted_at is None
