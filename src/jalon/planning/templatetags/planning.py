"""Template filters and tags of the planning pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape as escaped
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jalon.planning.predecessors import format_predecessors
from jalon.web.templatetags.jalon import days

register = template.Library()

EDIT_ROW = "planning/_task_edit_row.html"


@register.filter
def predecessors(task: Any) -> str:
    """The task's predecessors as MS Project writes them (``3FS+2, 5SS``)."""
    return format_predecessors(task)


def _memo(function: Callable[[Any], str]) -> Callable[[Any], str]:
    """``function`` remembered by value for one table: the same few durations, floats and dates
    come back on most rows, and their localised text is the same each time."""
    seen: dict[Any, str] = {}

    def remembered(value: Any) -> str:
        if value not in seen:
            seen[value] = function(value)
        return seen[value]
    return remembered


@register.simple_tag(takes_context=True)
def task_rows(context: template.Context) -> SafeString:
    """The rows of the task table (``planning/_task_table.html``): ``tasks`` in outline order
    with their dates from ``schedule``, and the row being edited (``editing``) drawn by
    ``planning/_task_edit_row.html``.

    Drawn here rather than by the template language, which took most of the page's time (a
    hundred rows of a dozen cells and a form each); the markup is the one the template wrote,
    every text from the tasks escaped. Durations, floats and times are in working days, dates in
    the reader's short format.
    """
    tasks = context["tasks"]
    schedule = context.get("schedule")
    editing = context.get("editing")
    can_change = bool(context.get("can_change"))
    actions = can_change or bool(context.get("can_progress"))
    progress_ids = context.get("progress_ids") or set()
    url = escaped(context["tasks_url"])
    csrf = CsrfTokenNode().render(context)
    short = get_format("SHORT_DATE_FORMAT")  # looked up once, not for each date
    day_text = _memo(lambda day: escaped(dateformat.format(day, short)))
    days_text = _memo(days)
    t_milestone, t_critical, t_edit, t_details_title, t_details = (escaped(text) for text in (
        _("Milestone"), _("Critical"), _("Edit"),
        _("Constraint, deadline, estimates, calendar and notes"), _("Details")))
    t_up, t_down, t_outdent, t_indent, t_delete = (escaped(text) for text in (
        _("Move up"), _("Move down"), _("Outdent"), _("Indent"), _("Delete")))
    t_constraint, t_deadline = escaped(_("Constraint")), escaped(_("Deadline"))
    # as the template's blocktranslate: the translation as it is, the name or date escaped
    t_deadline_text, t_confirm = _("deadline %(date)s"), _("Delete “%(name)s” and its subtasks?")
    critical_mark = (f'<span class="critical-mark" title="{t_critical}">●</span>'
                     f'<span class="visually-hidden">{t_critical}</span>')
    engine = context.template.engine if context.template else template.Engine.get_default()
    edit_row = engine.get_template(EDIT_ROW) if editing else None

    def when(day: date | None) -> str:
        return day_text(day) if day else ""

    rows: list[str] = []
    for task in tasks:
        dates = schedule.tasks.get(task.pk) if schedule else None
        if editing is not None and editing.pk == task.pk:
            assert edit_row is not None
            with context.push(task=task, dates=dates):
                rows.append(edit_row.render(context))
            continue
        pk = task.pk
        name_text = escaped(task.name)
        name = name_text
        if task.is_milestone:
            name = f'<span class="milestone" title="{t_milestone}">◆</span> {name}'
        if task.constraint_type != "ASAP":
            fixed = f" {when(task.constraint_date)}" if task.constraint_date else ""
            name += (f' <span class="constraint" title="{t_constraint}"><span aria-hidden="true">'
                     f'📌</span> {escaped(task.get_constraint_type_display())}{fixed}</span>')
        if task.deadline:
            deadline = t_deadline_text % {"date": when(task.deadline)}
            name += (f' <span class="deadline" title="{t_deadline}"><span aria-hidden="true">'
                     f'⇩</span> {deadline}</span>')
        if dates is not None:
            duration = days_text(dates.duration)
            start = when(dates.start) if dates.start else days_text(dates.early_start)
            finish = when(dates.finish) if dates.finish else days_text(dates.early_finish)
            total_float = days_text(dates.total_float)
            negative = " negative" if dates.total_float < 0 else ""
            crit = critical_mark if dates.critical else ""
            percent = (floatformat(dates.percent_complete, 0) if task.is_summary
                       else str(task.percent_complete))
        else:
            duration = "" if task.is_summary else days_text(task.duration)
            start = finish = total_float = negative = crit = ""
            percent = str(task.percent_complete)
        classes = ("summary" if task.is_summary else "") + (
            " critical" if dates is not None and dates.critical else "")
        cells = (f'<tr id="task-{pk}" class="{classes}">'
                 f'<td class="code">{escaped(task.wbs_code)}</td>'
                 f'<td class="col-name" style="--level: {task.level}">{name}</td>'
                 f'<td class="num">{duration}</td><td>{start}</td><td>{finish}</td>'
                 f'<td class="num{negative}">{total_float}</td><td class="crit">{crit}</td>'
                 f'<td class="preds">{escaped(format_predecessors(task))}</td>'
                 f'<td class="num">{percent} %</td>'
                 f'<td>{when(task.actual_start)}</td><td>{when(task.actual_finish)}</td>')
        if actions:
            cells += '<td class="actions">'
            if editing is None:
                if can_change or pk in progress_ids:
                    cells += (f'<a class="button small compact" href="{url}?edit={pk}" '
                              f'hx-get="{url}{pk}/edit/" hx-target="#task-table" '
                              f'hx-swap="outerHTML" title="{t_edit}" aria-label="{t_edit}">✎</a>\n')
                if can_change:
                    confirm = t_confirm % {"name": name_text}
                    cells += (
                        f'<a class="button small compact" href="{url}{pk}/details/" '
                        f'title="{t_details_title}" aria-label="{t_details}">⋯</a>\n'
                        f'<form method="post" class="inline" hx-target="#task-table" '
                        f'hx-swap="outerHTML">{csrf}\n'
                        f'<button class="icon" formaction="{url}{pk}/up/" hx-post="{url}{pk}/up/" '
                        f'title="{t_up}" aria-label="{t_up}">↑</button>\n'
                        f'<button class="icon" formaction="{url}{pk}/down/" '
                        f'hx-post="{url}{pk}/down/" title="{t_down}" aria-label="{t_down}">↓</button>\n'
                        f'<button class="icon" formaction="{url}{pk}/outdent/" '
                        f'hx-post="{url}{pk}/outdent/" title="{t_outdent}" '
                        f'aria-label="{t_outdent}">←</button>\n'
                        f'<button class="icon" formaction="{url}{pk}/indent/" '
                        f'hx-post="{url}{pk}/indent/" title="{t_indent}" '
                        f'aria-label="{t_indent}">→</button>\n'
                        f'<button class="icon danger" formaction="{url}{pk}/delete/" '
                        f'hx-post="{url}{pk}/delete/" hx-confirm="{confirm}" '
                        f'title="{t_delete}" aria-label="{t_delete}">✕</button>\n</form>')
            cells += "</td>"
        rows.append(cells + "</tr>")
    # every text from the tasks and every translation is escaped above; the edited row is the
    # template's own output
    return mark_safe("\n".join(rows))  # noqa: S308
