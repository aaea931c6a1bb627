"""The resources tab (assignments), the resource pool and the calendars."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.calendars.models import Calendar, CalendarException
from jalon.resources.models import Assignment, Resource
from tests.factories import AssignmentFactory, CalendarFactory, SkillFactory, TaskFactory
from tests.pages import field_block

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_assign_a_resource_by_code_and_see_work_and_cost(pm_client, project, plan, resource):
    response = pm_client.post(f"/projects/{project.pk}/resources/",
                              {"task": plan[1].pk, "resource": "dev1", "units": "0.5"})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    # 3 days x 8 hours x half time; 12 h at 50 an hour
    assert (assignment.resource, assignment.work) == (resource, Decimal("12"))
    page = pm_client.get(f"/projects/{project.pk}/resources/").content.decode()
    assert "Alice Martin" in page and "600.00 EUR" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"resource": "NOBODY"}, "resource", "Unknown resource: NOBODY."),
        ({"units": "0"}, "units", "Units must be greater than zero."),
        ({"units": "lots"}, "units", "Enter a number."),
        ({"work": "-3"}, "work", "greater than or equal to 0"),
        ({"task": "999999"}, "task", "Select a valid choice."),
    ],
)
def test_bad_assignments_are_refused_next_to_the_field(pm_client, project, plan, resource, fields, field, message):
    data = {"task": plan[0].pk, "resource": "DEV1", "units": "1", **fields}
    response = pm_client.post(f"/projects/{project.pk}/resources/", data)
    assert response.status_code == 400
    block = field_block(response.content.decode(), field)
    assert message in block
    assert Assignment.objects.count() == 0


def test_a_task_of_another_project_cannot_be_chosen(pm_client, project, other_project, resource):
    foreign = TaskFactory(project=other_project)
    response = pm_client.post(f"/projects/{project.pk}/resources/",
                              {"task": foreign.pk, "resource": "DEV1", "units": "1"})
    assert "Select a valid choice." in response.content.decode()
    assert Assignment.objects.count() == 0


def test_remove_an_assignment(pm_client, project, plan):
    assignment = AssignmentFactory(task=plan[0])
    response = pm_client.post(f"/projects/{project.pk}/assignments/{assignment.pk}/delete/")
    assert response.status_code == 302
    assert not Assignment.objects.exists()


def test_an_assignment_of_another_project_is_404(pm_client, project, other_project):
    assignment = AssignmentFactory(task=TaskFactory(project=other_project))
    assert pm_client.post(f"/projects/{project.pk}/assignments/{assignment.pk}/delete/").status_code == 404
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_team_member_cannot_assign(member_client, project, plan, resource):
    page = member_client.get(f"/projects/{project.pk}/resources/").content.decode()
    assert 'name="units"' not in page
    response = member_client.post(f"/projects/{project.pk}/resources/",
                                  {"task": plan[0].pk, "resource": "DEV1", "units": "1"})
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_team_members_see_who_works_where_but_not_what_it_costs(member_client, pm_client,
                                                               project, plan, resource):
    AssignmentFactory(task=plan[1], resource=resource, work=Decimal("12"))  # 600.00 EUR at 50/h
    tab = member_client.get(f"/projects/{project.pk}/resources/").content.decode()
    assert "Alice Martin" in tab and "600.00" not in tab and ">Cost<" not in tab
    assert "600.00 EUR" in pm_client.get(f"/projects/{project.pk}/resources/").content.decode()
    pool = member_client.get("/resources/").content.decode()
    assert "Alice Martin" in pool and ">Rate<" not in pool and "50.00" not in pool
    assert ">Rate<" in pm_client.get("/resources/").content.decode()


def test_the_pool_lists_kind_skills_rate_capacity_calendar(pm_client, resource):
    resource.skills.add(SkillFactory(name="Grutier"))
    resource.calendar = CalendarFactory(name="Chantier")
    resource.save()
    page = pm_client.get("/resources/").content.decode()
    for text in ["DEV1", "Alice Martin", "Person", "Grutier", "50.00 EUR", "Chantier"]:
        assert text in page
    assert "/resources/new/" not in page  # a project manager does not manage the pool


def test_pmo_creates_and_edits_a_resource(pmo_client):
    skill = SkillFactory(name="Électricien")
    response = pmo_client.post("/resources/new/", {
        "code": "EL1", "name": "Bob", "kind": "person", "skills": [skill.pk], "standard_rate": "45",
        "cost_per_use": "0", "currency": "eur", "capacity": "1", "is_active": "on"})
    assert response.status_code == 302
    resource = Resource.objects.get(code="EL1")
    assert list(resource.skills.all()) == [skill] and resource.currency == "EUR"
    pmo_client.post(f"/resources/{resource.pk}/edit/", {
        "code": "EL1", "name": "Bob Leroy", "kind": "person", "standard_rate": "50",
        "cost_per_use": "0", "currency": "EUR", "capacity": "0.8"})
    resource.refresh_from_db()
    assert (resource.name, resource.capacity, resource.is_active) == ("Bob Leroy", Decimal("0.8"), False)


def test_a_negative_rate_is_refused(pmo_client):
    response = pmo_client.post("/resources/new/", {
        "code": "X", "name": "X", "kind": "person", "standard_rate": "-5", "cost_per_use": "0",
        "currency": "EUR", "capacity": "1"})
    assert "greater than or equal to 0" in field_block(response.content.decode(), "standard_rate")
    assert not Resource.objects.exists()


def test_create_a_french_calendar_and_add_an_exception(pmo_client):
    response = pmo_client.post("/calendars/new/", {
        "name": "France", "working_weekdays": ["0", "1", "2", "3", "4"], "hours_per_day": "7",
        "public_holidays": "FR"})
    assert response.status_code == 302
    calendar = Calendar.objects.get(name="France")
    assert calendar.public_holidays == "FR" and calendar.working_weekdays == [0, 1, 2, 3, 4]
    prefix = f"x{calendar.pk}-"
    response = pmo_client.post(f"/calendars/{calendar.pk}/exceptions/new/", {
        prefix + "name": "Pont", prefix + "start": "2025-05-02", prefix + "finish": "2025-05-02"})
    assert response.status_code == 302
    page = pmo_client.get("/calendars/").content.decode()
    assert "France (public holidays)" in page and "Pont" in page and "Monday, Tuesday" in page


def test_an_exception_finishing_before_it_starts_is_refused(pmo_client):
    calendar = CalendarFactory()
    prefix = f"x{calendar.pk}-"
    response = pmo_client.post(f"/calendars/{calendar.pk}/exceptions/new/", {
        prefix + "start": "2025-05-10", prefix + "finish": "2025-05-02"})
    assert response.status_code == 400
    assert "The finish is before the start." in field_block(response.content.decode(), f"{prefix}finish")
    assert not CalendarException.objects.exists()


def test_a_calendar_without_working_days_is_refused(pmo_client):
    response = pmo_client.post("/calendars/new/", {"name": "Never", "hours_per_day": "8"})
    assert response.status_code == 400
    assert "This field is required." in field_block(response.content.decode(), "working_weekdays_0") or \
        "This field is required." in response.content.decode()
    assert not Calendar.objects.filter(name="Never").exists()


def test_only_pool_managers_change_calendars(pm_client):
    calendar = CalendarFactory()
    assert pm_client.post("/calendars/new/", {"name": "X", "working_weekdays": ["0"], "hours_per_day": "8"}).status_code == 403
    prefix = f"x{calendar.pk}-"
    assert pm_client.post(f"/calendars/{calendar.pk}/exceptions/new/", {
        prefix + "start": "2025-05-01", prefix + "finish": "2025-05-01"}).status_code == 403
    assert not CalendarException.objects.exists()
