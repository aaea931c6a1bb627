"""Skills, deleting resources, and editing or deleting calendars (pool managers only)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jalon.calendars.models import Calendar
from jalon.resources.models import Resource, Skill
from tests.factories import AssignmentFactory, CalendarFactory, SkillFactory, TaskFactory
from tests.pages import field_block

pytestmark = [pytest.mark.django_db, pytest.mark.english]


# --- skills -------------------------------------------------------------------------------------

def test_a_pool_manager_creates_edits_and_deletes_a_skill(pmo_client):
    assert "/skills/new/" in pmo_client.get("/skills/").content.decode()
    assert pmo_client.get("/skills/new/").status_code == 200
    assert pmo_client.post("/skills/new/", {"name": "Grutier", "description": "Cranes"}).status_code == 302
    skill = Skill.objects.get()
    assert pmo_client.get(f"/skills/{skill.pk}/edit/").status_code == 200
    assert pmo_client.post(f"/skills/{skill.pk}/edit/", {"name": "Grutière / grutier"}).status_code == 302
    skill.refresh_from_db()
    assert (skill.name, skill.description) == ("Grutière / grutier", "")
    page = pmo_client.get("/skills/").content.decode()
    assert "Grutière / grutier" in page and f"/skills/{skill.pk}/delete/" in page
    assert pmo_client.get(f"/skills/{skill.pk}/delete/").status_code == 200
    assert pmo_client.post(f"/skills/{skill.pk}/delete/").status_code == 302
    assert not Skill.objects.exists()


def test_a_duplicate_or_empty_skill_is_refused_next_to_the_name(pmo_client):
    SkillFactory(name="Soudeur")
    for name, message in [("Soudeur", "already exists"), ("", "This field is required.")]:
        response = pmo_client.post("/skills/new/", {"name": name})
        assert response.status_code == 400
        assert message in field_block(response.content.decode(), "name")
    assert Skill.objects.count() == 1


def test_others_read_skills_but_cannot_change_them(pm_client, outsider_client):
    skill = SkillFactory(name="Soudeur")
    page = pm_client.get("/skills/").content.decode()
    assert "Soudeur" in page and "/skills/new/" not in page and "/edit/" not in page
    assert pm_client.get("/skills/new/").status_code == 403
    assert pm_client.post("/skills/new/", {"name": "X"}).status_code == 403
    assert pm_client.post(f"/skills/{skill.pk}/edit/", {"name": "X"}).status_code == 403
    assert pm_client.post(f"/skills/{skill.pk}/delete/").status_code == 403
    assert list(Skill.objects.values_list("name", flat=True)) == ["Soudeur"]


def test_skills_are_404_for_users_without_any_role(db):
    from django.test import Client

    from tests.factories import UserFactory

    skill = SkillFactory()
    client = Client()
    client.force_login(UserFactory())
    assert client.get(f"/skills/{skill.pk}/edit/").status_code == 404
    assert client.post(f"/skills/{skill.pk}/delete/").status_code == 404


def test_skills_are_chosen_on_the_resource_form(pmo_client, resource):
    skill = SkillFactory(name="Électricien")
    page = pmo_client.get(f"/resources/{resource.pk}/edit/").content.decode()
    assert 'type="checkbox" name="skills"' in page and "Électricien" in page
    pmo_client.post(f"/resources/{resource.pk}/edit/", {
        "code": resource.code, "name": resource.name, "kind": "person", "skills": [skill.pk],
        "standard_rate": "50", "cost_per_use": "0", "currency": "EUR", "capacity": "1", "is_active": "on"})
    assert list(resource.skills.all()) == [skill]


# --- deleting resources -------------------------------------------------------------------------

def test_delete_a_resource(pmo_client, resource):
    assert f"/resources/{resource.pk}/delete/" in pmo_client.get("/resources/").content.decode()
    assert pmo_client.get(f"/resources/{resource.pk}/delete/").status_code == 200
    response = pmo_client.post(f"/resources/{resource.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/resources/"
    assert not Resource.objects.exists()


def test_an_assigned_resource_is_not_deleted_and_the_page_says_why(pmo_client, project, resource):
    AssignmentFactory(task=TaskFactory(project=project), resource=resource)
    response = pmo_client.post(f"/resources/{resource.pk}/delete/")
    assert response.status_code == 400
    assert ("Alice Martin is assigned to tasks: remove the assignments or deactivate the resource."
            in response.content.decode())
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_a_resource_with_recorded_time_is_not_deleted_and_the_page_says_why(
        pmo_client, project, resource):
    from tests.factories import TimesheetEntryFactory

    TimesheetEntryFactory(task=TaskFactory(project=project), resource=resource)
    response = pmo_client.post(f"/resources/{resource.pk}/delete/")
    assert response.status_code == 400
    assert ("Alice Martin has recorded time on timesheets: deactivate the resource instead."
            in response.content.decode())
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_only_pool_managers_delete_resources(pm_client, resource):
    assert f"/resources/{resource.pk}/delete/" not in pm_client.get("/resources/").content.decode()
    assert pm_client.get(f"/resources/{resource.pk}/delete/").status_code == 403
    assert pm_client.post(f"/resources/{resource.pk}/delete/").status_code == 403
    assert Resource.objects.filter(pk=resource.pk).exists()


# --- editing and deleting calendars -------------------------------------------------------------

def test_edit_a_calendar_weekdays_hours_holidays_and_base(pmo_client):
    company = CalendarFactory(name="Company")
    calendar = CalendarFactory(name="Site")
    page = pmo_client.get(f"/calendars/{calendar.pk}/edit/").content.decode()
    assert 'type="checkbox" name="working_weekdays" value="0"' in page
    assert f'<option value="{calendar.pk}"' not in page  # not its own base
    response = pmo_client.post(f"/calendars/{calendar.pk}/edit/", {
        "name": "Site (6 days)", "working_weekdays": ["5", "0", "1", "2", "3", "4"],
        "hours_per_day": "7.5", "public_holidays": "FR", "base": company.pk})
    assert response.status_code == 302
    calendar.refresh_from_db()
    assert (calendar.name, calendar.working_weekdays, calendar.hours_per_day, calendar.public_holidays,
            calendar.base) == ("Site (6 days)", [0, 1, 2, 3, 4, 5], Decimal("7.5"), "FR", company)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"working_weekdays": []}, "working_weekdays", "This field is required."),
        ({"hours_per_day": "25"}, "hours_per_day", "less than or equal to 24"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_a_bad_calendar_edit_is_refused_and_changes_nothing(pmo_client, fields, field, message):
    calendar = CalendarFactory(name="Site")
    data = {"name": "Site", "working_weekdays": ["0", "1"], "hours_per_day": "8", **fields}
    response = pmo_client.post(f"/calendars/{calendar.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    anchor = f'id="id_{field}"' if field != "working_weekdays" else 'id="id_working_weekdays"'
    assert anchor in page
    block = page[page.rfind('<div class="field', 0, page.index(anchor)):]
    assert message in block[:block.find('<div class="field', 10)]
    calendar.refresh_from_db()
    assert (calendar.name, calendar.working_weekdays, calendar.hours_per_day) == (
        "Site", [0, 1, 2, 3, 4], Decimal("8"))


def test_a_base_calendar_loop_is_refused_next_to_the_base(pmo_client):
    first = CalendarFactory(name="First")
    second = CalendarFactory(name="Second", base=first)
    response = pmo_client.post(f"/calendars/{first.pk}/edit/", {
        "name": "First", "working_weekdays": ["0"], "hours_per_day": "8", "base": second.pk})
    assert response.status_code == 400
    assert "A calendar cannot be based on itself." in field_block(response.content.decode(), "base")
    first.refresh_from_db()
    assert first.base is None


def test_delete_a_calendar(pmo_client):
    calendar = CalendarFactory(name="Old")
    assert f"/calendars/{calendar.pk}/delete/" in pmo_client.get("/calendars/").content.decode()
    assert pmo_client.get(f"/calendars/{calendar.pk}/delete/").status_code == 200
    assert pmo_client.post(f"/calendars/{calendar.pk}/delete/").status_code == 302
    assert not Calendar.objects.exists()


def test_a_base_calendar_in_use_is_not_deleted_and_the_page_says_why(pmo_client):
    base = CalendarFactory(name="Company")
    CalendarFactory(name="Site", base=base)
    response = pmo_client.post(f"/calendars/{base.pk}/delete/")
    assert response.status_code == 400
    assert "Other calendars are based on this one." in response.content.decode()
    assert Calendar.objects.count() == 2


def test_only_pool_managers_edit_or_delete_calendars(pm_client):
    calendar = CalendarFactory(name="Site")
    page = pm_client.get("/calendars/").content.decode()
    assert f"/calendars/{calendar.pk}/edit/" not in page and f"/calendars/{calendar.pk}/delete/" not in page
    assert pm_client.get(f"/calendars/{calendar.pk}/edit/").status_code == 403
    assert pm_client.post(f"/calendars/{calendar.pk}/edit/", {
        "name": "X", "working_weekdays": ["0"], "hours_per_day": "8"}).status_code == 403
    assert pm_client.post(f"/calendars/{calendar.pk}/delete/").status_code == 403
    assert Calendar.objects.get().name == "Site"
    assert pm_client.get("/calendars/999999/edit/").status_code == 404
