"""Resource loading across projects equals the hand computation; over-allocations are named."""

from __future__ import annotations

import datetime
from decimal import Decimal

from jalon.resources.loading import compute_loading, loading_for
from tests.factories import AssignmentFactory, SkillFactory, TaskFactory
from tests.resources.conftest import MONDAY


def day(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=n)


def test_daily_loading_matches_a_hand_computation(crowded):
    loading = compute_loading([crowded["project"]])
    assert loading.first == MONDAY
    assert loading.last == day(8)  # C: Thu, Fri, (weekend), Mon, Tue
    alice = loading.resource_buckets(crowded["alice"], "day")
    assert [b.demand for b in alice] == [2, 2, 2, 0, 0, 0, 0, 0, 0]
    assert [b.capacity for b in alice] == [1, 1, 1, 1, 1, 0, 0, 1, 1]  # weekend counts zero
    bob = loading.resource_buckets(crowded["bob"], "day")
    assert [b.demand for b in bob] == [0, 0, 0, 0.5, 0.5, 0, 0, 0.5, 0.5]


def test_weekly_and_monthly_sums(crowded):
    loading = compute_loading([crowded["project"]])
    weeks = loading.resource_buckets(crowded["alice"], "week")
    assert [(w.first, w.demand, w.capacity) for w in weeks] == [(MONDAY, 6, 5), (day(7), 0, 2)]
    assert weeks[0].over and weeks[0].ratio == 6 / 5
    months = loading.resource_buckets(crowded["bob"], "month")
    assert [(m.demand, m.capacity) for m in months] == [(2, 7)]


def test_over_allocations_name_the_resource_the_days_the_excess_and_the_tasks(crowded):
    (over,) = compute_loading([crowded["project"]]).over_allocations
    assert over.resource == crowded["alice"]
    assert (over.first, over.last, over.excess) == (MONDAY, day(2), 1)
    assert [t.name for t in over.tasks] == ["A", "B"]
    assert {t.project_code for t in over.tasks} == {crowded["project"].code}


def test_a_resource_calendar_day_off_counts_zero_and_over_allocates(crowded):
    from jalon.calendars.models import Calendar, CalendarException

    calendar = Calendar.objects.create(name="Bob's")
    CalendarException.objects.create(calendar=calendar, start=day(3), finish=day(3),
                                     is_working=False)
    crowded["bob"].calendar = calendar
    crowded["bob"].save()
    loading = compute_loading([crowded["project"]])
    assert loading.resource_buckets(crowded["bob"], "day")[3].capacity == 0
    bob_runs = [o for o in loading.over_allocations if o.resource == crowded["bob"]]
    assert [(o.first, o.last, o.excess) for o in bob_runs] == [(day(3), day(3), 0.5)]


def test_load_of_other_projects_adds_up_and_skills_sum_their_resources(crowded, other_project):
    other_project.planned_start = MONDAY
    other_project.save()
    d = TaskFactory(project=other_project, name="D", duration=Decimal("1"))
    AssignmentFactory(task=d, resource=crowded["bob"], units=Decimal("1"))
    skill = SkillFactory(name="Build")
    skill.resources.add(crowded["alice"], crowded["bob"])
    loading = compute_loading([crowded["project"], other_project])
    assert loading.resource_buckets(crowded["bob"], "day")[0].demand == 1
    loading.skills = [skill]
    monday = loading.skill_buckets(skill, "day")[0]
    assert (monday.demand, monday.capacity) == (3, 2)


def test_users_see_the_load_of_the_projects_they_may_see_only(crowded, outsider, manager):
    assert loading_for(user=outsider).resources == []
    assert [r.name for r in loading_for(user=manager).resources] == ["Alice", "Bob"]


def test_the_kept_loading_follows_each_change_and_equals_a_fresh_one(crowded, pmo):
    """The loading is kept between visits (jalon.portfolios.results.remembered): a longer task
    and a renamed person show at once, as a fresh computation gives them."""
    from django.core.cache import cache

    from jalon.planning import services as planning
    from jalon.portfolios.results import forget_remembered
    from jalon.resources import services as resources

    def shown(loading):
        return [(r.name, [b.demand for b in loading.resource_buckets(r, "day")])
                for r in loading.resources]

    before = shown(loading_for(user=pmo))
    assert shown(loading_for(user=pmo)) == before
    for change in (
        lambda: planning.task_update(actor=pmo, task=crowded["b"], duration=Decimal("5")),
        lambda: resources.resource_update(actor=pmo, resource=crowded["bob"], name="Robert"),
    ):
        change()
        kept = shown(loading_for(user=pmo))
        assert kept != before
        cache.clear()
        forget_remembered()
        assert shown(loading_for(user=pmo)) == kept
        before = kept
