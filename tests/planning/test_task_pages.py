"""The task table: add, indent, outdent, move, delete, and inline edits through htmx."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jalon.planning.models import Dependency, Task
from tests.factories import AssignmentFactory, ProjectFactory, ResourceFactory, TaskFactory
from tests.pages import task_state

pytestmark = [pytest.mark.django_db, pytest.mark.english]
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(project, *parts) -> str:
    return "/".join([f"/projects/{project.pk}/tasks", *map(str, parts)]) + "/"


def tasks_by_wbs(project) -> dict[str, Task]:
    return {t.wbs_code: t for t in Task.objects.filter(project=project)}


def test_the_table_shows_outline_dates_float_and_predecessors(pm_client, project, plan):
    page = pm_client.get(url(project)).content.decode()
    assert page.index("Design") < page.index("Build") < page.index("Test")
    assert "03/03/2025" in page and "07/03/2025" in page  # engine dates (English: day first)
    assert '<td class="preds">2SS+1</td>' in page
    assert f'id="task-{plan[1].pk}" class=" critical"' in page


def test_adding_a_task_appends_it_and_answers_with_the_table(pm_client, project, plan):
    response = pm_client.post(url(project, "add"), {"name": "Deploy", "duration": "4"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('\n<div id="task-table"') or 'id="task-table"' in page[:200]
    assert "<html" not in page  # a fragment for htmx to swap
    assert tasks_by_wbs(project)["4"].name == "Deploy"
    assert "Deploy" in page


def test_without_htmx_actions_redirect_back_to_the_table(pm_client, project, plan):
    response = pm_client.post(url(project, "add"), {"name": "Deploy", "duration": "1"})
    assert response.status_code == 302 and response["Location"] == url(project)


def test_indent_outdent_move_and_delete(pm_client, project, plan):
    design, build, test = plan
    Dependency.objects.all().delete()  # a summary cannot be linked with its own subtasks
    pm_client.post(url(project, build.pk, "indent"), **HTMX)
    build.refresh_from_db()
    assert build.parent_id == design.pk and build.wbs_code == "1.1"
    page = pm_client.get(url(project)).content.decode()
    assert 'style="--level: 1">Build' in page
    assert 'class="summary' in page

    pm_client.post(url(project, build.pk, "outdent"), **HTMX)
    build.refresh_from_db()
    assert build.parent_id is None and build.wbs_code == "2"

    pm_client.post(url(project, test.pk, "up"), **HTMX)
    assert [t.name for t in sorted(tasks_by_wbs(project).values(), key=lambda t: t.wbs_code)] == [
        "Design", "Test", "Build"]
    pm_client.post(url(project, test.pk, "down"), **HTMX)
    assert tasks_by_wbs(project)["3"].name == "Test"

    response = pm_client.post(url(project, design.pk, "delete"), **HTMX)
    assert response.status_code == 200
    assert set(tasks_by_wbs(project)) == {"1", "2"}
    assert tasks_by_wbs(project)["1"].name == "Build"


def test_indenting_the_first_task_says_why_and_changes_nothing(pm_client, project, plan):
    before = task_state(project)
    response = pm_client.post(url(project, plan[0].pk, "indent"), **HTMX)
    assert "There is no task above to indent under." in response.content.decode()
    assert task_state(project) == before


def test_the_edit_row_turns_into_a_form_with_current_values(pm_client, project, plan):
    page = pm_client.get(url(project, plan[2].pk, "edit"), **HTMX).content.decode()
    assert 'id="task-edit-form"' in page
    assert 'name="predecessors" value="2SS+1"' in page
    assert 'form="task-edit-form"' in page
    # without htmx, the same row form comes from the tasks page
    page = pm_client.get(url(project) + f"?edit={plan[2].pk}").content.decode()
    assert 'id="task-edit-form"' in page


def edit(client, project, task, **fields):
    data = {"name": task.name, "duration": task.duration, "predecessors": "",
            "percent_complete": task.percent_complete, "actual_start": "", "actual_finish": "",
            **fields}
    return client.post(url(project, task.pk, "edit"), data, **HTMX)


def test_an_inline_edit_saves_and_the_dates_are_recomputed(pm_client, project, plan):
    design, build, test = plan
    response = edit(pm_client, project, test, name="Acceptance", duration="2", predecessors="2FS+1")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="task-edit-form"' not in page
    test.refresh_from_db()
    assert (test.name, test.duration) == ("Acceptance", Decimal("2"))
    link = Dependency.objects.get(successor=test)
    assert (link.predecessor_id, link.type, link.lag) == (build.pk, "FS", Decimal("1"))
    # Build ends Fri 7 March; one day of lag (Mon 10), Acceptance runs Tue 11 - Wed 12 March.
    assert "12/03/2025" in page  # English short dates: day first
    assert '<td class="preds">2FS+1</td>' in page


def test_several_predecessors_and_another_projects_task(pm_client, manager, project, plan):
    from jalon.accounts.models import Role
    from jalon.accounts.services import grant_role

    neighbour = ProjectFactory(portfolio=project.portfolio, code="NB")
    grant_role(actor=None, user=manager, role=Role.EXECUTIVE, scope=neighbour)
    TaskFactory(project=neighbour, wbs_code="1", position=1)
    response = edit(pm_client, project, plan[2], predecessors="1; 2SS-0.5, NB:1FF")
    assert response.status_code == 200
    links = Dependency.objects.filter(successor=plan[2]).order_by("pk")
    assert [(d.predecessor.project.code, d.predecessor.wbs_code, d.type, d.lag) for d in links] == [
        (project.code, "1", "FS", Decimal("0")),
        (project.code, "2", "SS", Decimal("-0.5")),
        ("NB", "1", "FF", Decimal("0")),
    ]
    assert "1, 2SS-0.5, NB:1FF" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"predecessors": "3"}, "A task cannot be linked to itself"),
        ({"predecessors": "7, 2"}, "Unknown predecessor: 7."),
        ({"predecessors": "XX:1"}, "Unknown predecessor: XX:1."),
        ({"predecessors": "2 after lunch"}, "“2 after lunch” is not a predecessor"),
        ({"duration": "-1"}, "The duration cannot be negative."),
        ({"duration": "two"}, "Enter a number."),
        ({"duration": "100000"}, "At most 10000 working days"),
        ({"predecessors": "2SS+100000"}, "At most 10000 days"),
        ({"actual_start": "2199-03-10", "percent_complete": "10"},
         "Dates after 2150-12-31 are not supported"),
        ({"percent_complete": "150"}, "less than or equal to 100"),
        ({"actual_start": "2025-03-10", "actual_finish": "2025-03-05", "percent_complete": "100"},
         "The actual finish is before the actual start."),
        ({"actual_start": "yesterday"}, "Enter a valid date."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_shows_the_message_and_changes_nothing(pm_client, project, plan, fields, message):
    before = task_state(project)
    response = edit(pm_client, project, plan[2], **{"predecessors": "2SS+1", **fields})
    page = response.content.decode()
    assert message in page
    assert 'id="task-edit-form"' in page  # the row stays open with the input
    assert task_state(project) == before


def test_a_cycle_is_refused_naming_the_tasks_and_nothing_is_saved(pm_client, project, plan):
    before = task_state(project)
    response = edit(pm_client, project, plan[0], duration="5", predecessors="3")
    page = response.content.decode()
    assert "Dependency cycle" in page
    assert "Design" in page and "Build" in page and "Test" in page
    assert task_state(project) == before  # neither the name nor the link was saved


def test_a_team_member_records_progress_only(member_client, member, project, plan):
    task = plan[0]
    AssignmentFactory(task=task, resource=ResourceFactory(user=member))
    page = member_client.get(url(project, task.pk, "edit"), **HTMX).content.decode()
    assert 'name="percent_complete"' in page and 'name="name"' not in page
    response = member_client.post(url(project, task.pk, "edit"), {
        "percent_complete": "100", "actual_start": "2025-03-03", "actual_finish": "2025-03-04",
        "name": "Sneaky rename"}, **HTMX)
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.percent_complete == 100 and task.actual_finish == datetime.date(2025, 3, 4)
    assert task.name == "Design"


def test_a_team_member_records_progress_on_his_own_tasks_only(member_client, member, project,
                                                             plan):
    design, build, _test = plan
    AssignmentFactory(task=design, resource=ResourceFactory(user=member))
    AssignmentFactory(task=build, resource=ResourceFactory(name="Someone Else"))
    table = member_client.get(url(project)).content.decode()
    assert f"?edit={design.pk}" in table and f"?edit={build.pk}" not in table
    before = task_state(project)
    assert member_client.get(url(project, build.pk, "edit"), **HTMX).status_code == 403
    response = member_client.post(url(project, build.pk, "edit"), {"percent_complete": "50"},
                                  **HTMX)
    assert response.status_code == 403
    assert task_state(project) == before


def test_a_summary_row_offers_no_progress_to_enter(pm_client, member_client, member, project):
    phase = TaskFactory(project=project, name="Phase", position=1, wbs_code="1")
    step = TaskFactory(project=project, parent=phase, name="Step", position=1, wbs_code="1.1",
                       duration=Decimal("2"), percent_complete=50)
    AssignmentFactory(task=phase, resource=ResourceFactory(user=member))
    assert f"?edit={phase.pk}" not in member_client.get(url(project)).content.decode()
    assert member_client.get(url(project, phase.pk, "edit"), **HTMX).status_code == 403
    form = pm_client.get(url(project, phase.pk, "edit"), **HTMX).content.decode()
    assert 'name="name"' in form and 'name="percent_complete"' not in form
    # the planner renames it; its progress stays the roll-up of its subtasks
    response = pm_client.post(url(project, phase.pk, "edit"), {
        "name": "Phase 1", "duration": "1", "predecessors": "", "percent_complete": "90"}, **HTMX)
    assert response.status_code == 200 and 'id="task-edit-form"' not in response.content.decode()
    phase.refresh_from_db()
    assert (phase.name, phase.percent_complete) == ("Phase 1", 0)
    assert step.percent_complete == 50


def test_a_team_member_cannot_add_or_delete(member_client, project, plan):
    before = task_state(project)
    assert member_client.post(url(project, "add"), {"name": "X", "duration": "1"}).status_code == 403
    assert member_client.post(url(project, plan[0].pk, "delete")).status_code == 403
    assert task_state(project) == before


def test_an_executive_cannot_open_a_row(executive, project, plan):
    from tests.pages import signed_in

    assert signed_in(executive).get(url(project, plan[0].pk, "edit"), **HTMX).status_code == 403


def test_a_task_of_another_project_is_404(pm_client, project, other_project, plan):
    foreign = TaskFactory(project=other_project)
    assert pm_client.post(url(project, foreign.pk, "delete")).status_code == 404
    assert pm_client.get(url(project, foreign.pk, "edit")).status_code == 404
    assert Task.objects.filter(pk=foreign.pk).exists()


def test_adding_a_task_with_bad_input_adds_nothing(pm_client, project, plan):
    count = Task.objects.count()
    response = pm_client.post(url(project, "add"), {"name": "Bad", "duration": "-2"}, **HTMX)
    assert "greater than or equal to 0" in response.content.decode()
    assert Task.objects.count() == count


def test_a_summary_shows_the_span_of_its_children_from_the_engine(pm_client, project):
    from jalon.planning.scheduling import project_schedule

    project.planned_start = datetime.date(2025, 3, 3)
    project.save()
    summary = TaskFactory(project=project, name="Phase", position=1, wbs_code="1", duration=Decimal("1"))
    first = TaskFactory(project=project, parent=summary, name="Dig", position=1, wbs_code="1.1",
                        duration=Decimal("2"))
    second = TaskFactory(project=project, parent=summary, name="Pour", position=2, wbs_code="1.2",
                         duration=Decimal("3"))
    TaskFactory(project=project, parent=summary, name="Order", position=3, wbs_code="1.3",
                duration=Decimal("1.5"))
    Dependency.objects.create(predecessor=first, successor=second)
    # Dig (2 days) then Pour (3 days); Order (1.5 days) in parallel: the phase spans 5 working days
    assert project_schedule(project).tasks[summary.pk].duration == 5
    page = pm_client.get(url(project)).content.decode()
    row = page[page.index(f'id="task-{summary.pk}"'):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">5</td>' in row
    assert '<td class="num">1</td>' not in row  # not the stored duration of the summary
    edit = pm_client.get(url(project, summary.pk, "edit"), **HTMX).content.decode()
    edit_row = edit[edit.index('class="editing"'):]
    assert ">5</td>" in edit_row[:edit_row.index("</tr>")]


def test_a_summary_shows_the_progress_of_its_tasks_weighted_by_duration(pm_client, project):
    summary = TaskFactory(project=project, name="Phase", position=1, wbs_code="1")
    TaskFactory(project=project, parent=summary, name="Done", position=1, wbs_code="1.1",
                duration=Decimal("1"), percent_complete=100)
    TaskFactory(project=project, parent=summary, name="Started", position=2, wbs_code="1.2",
                duration=Decimal("3"), percent_complete=20)
    page = pm_client.get(url(project)).content.decode()
    row = page[page.index(f'id="task-{summary.pk}"'):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">40 %</td>' in row  # (1 × 100 + 3 × 20) / 4
