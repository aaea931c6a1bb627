"""Writes of the reporting app: packs generated in the task queue and kept in the storage,
subscriptions, and their sending by e-mail.

A pack is generated with its requester's rights (``created_by``): a team member's pack has no
money in it, as his pages have none (:mod:`jalon.reporting.content`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jalon import runs
from jalon.accounts import permissions as perms
from jalon.errors import NotFound, PermissionDenied, ValidationFailed
from jalon.i18n import MessageCode, gettext_noop
from jalon.portfolios.models import Portfolio, Programme, Project
from jalon.reporting.content import Scope, pack_content
from jalon.reporting.formats import PackFormat, render
from jalon.reporting.models import Format, Language, PackRun, Subscription

__all__ = ["pack_cancel", "pack_execute", "pack_start", "subscription_create",
           "subscription_delete", "subscriptions_due", "subscriptions_send"]


READER_GONE = MessageCode("reporting.reader_gone", gettext_noop(
    "The person who asked for this pack can no longer sign in: it was not generated."))


def _scope_fields(scope: Scope) -> dict[str, Any]:
    if isinstance(scope, Portfolio):
        return {"portfolio": scope}
    if isinstance(scope, Programme):
        return {"programme": scope}
    return {"project": scope}


def _check_choices(fmt: str, language: str) -> None:
    if fmt not in Format.values:
        raise ValidationFailed(_("Choose the format: PDF, PowerPoint or Excel."), field="format")
    if language not in Language.values:
        raise ValidationFailed(_("Choose the language: French or English."), field="language")


def _create_run(*, actor: Any, scope: Scope, fmt: str, language: str,
                status_date: date | None, subscription: Subscription | None = None) -> PackRun:
    perms.require_view(actor, scope)
    _check_choices(fmt, language)
    return PackRun.objects.create(**_scope_fields(scope), format=fmt, language=language,
                                  status_date=status_date, created_by=actor,
                                  subscription=subscription)


def pack_start(*, actor: Any, scope: Portfolio | Programme | Project, fmt: str,
               language: str, status_date: date | None = None) -> PackRun:
    """Queue the pack of ``scope`` (anyone who may see it) for the task queue (``jalon
    worker``); the page polls the run and offers its file once done."""
    with transaction.atomic():
        run = _create_run(actor=actor, scope=scope, fmt=fmt, language=language,
                          status_date=status_date)
    from jalon.reporting.tasks import generate_pack

    generate_pack.enqueue(run.pk)
    return run


def _file_name(run: PackRun, content_date: date) -> str:
    return f"{run.scope.code}-{content_date.isoformat()}.{run.format}"


def _generate(run: PackRun) -> dict[str, Any]:
    reader = run.created_by
    if reader is None or not reader.is_active:
        raise PermissionDenied(READER_GONE())  # nobody to read it as any more
    with translation.override(run.language):
        content = pack_content(user=reader, scope=run.scope, status_date=run.status_date)
        if not runs.record_progress(PackRun, run.pk, 0.5):
            raise runs.RunCancelled
        data = render(content, run.format)
    name = _file_name(run, content.status_date)
    run.file.save(name, ContentFile(data), save=False)
    PackRun.objects.filter(pk=run.pk).update(file=run.file.name)
    return {"name": name, "size": len(data), "status_date": content.status_date.isoformat()}


def pack_execute(run_id: int) -> None:
    """Generate a queued pack (the task queue's job) and keep its file with the run."""
    runs.execute(PackRun, run_id, _generate)


def pack_cancel(*, actor: Any, run: PackRun) -> PackRun:
    """Cancel a queued or running pack (whoever started it, or who may change its scope)."""
    if run.created_by_id != actor.pk:
        perms.require_change(actor, run.scope)
    return runs.cancel(run)


@transaction.atomic
def subscription_create(*, actor: Any, scope: Portfolio | Programme | Project, fmt: str,
                        language: str, frequency: str) -> Subscription:
    """Subscribe ``actor`` to the pack of a scope he may see, sent to his e-mail address."""
    perms.require_view(actor, scope)
    _check_choices(fmt, language)
    if frequency not in Subscription.Frequency.values:
        raise ValidationFailed(_("Choose how often: weekly or monthly."), field="frequency")
    if not actor.email:
        raise ValidationFailed(_("Your account has no e-mail address to send the pack to."),
                               field="user")
    return Subscription.objects.create(**_scope_fields(scope), user=actor, format=fmt,
                                       language=language, frequency=frequency)


@transaction.atomic
def subscription_delete(*, actor: Any, subscription: Subscription) -> None:
    """Stop a subscription: its subscriber only (no one else's is visible to him)."""
    if subscription.user_id != actor.pk:
        raise NotFound(_("Subscription %(pk)s: not found.") % {"pk": subscription.pk})
    subscription.delete()


def _period_start(subscription: Subscription, today: date) -> date:
    """The first day of the period ``today`` is in: its Monday (weekly), its first (monthly)."""
    if subscription.frequency == Subscription.Frequency.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today.replace(day=1)


def subscriptions_due(today: date) -> list[Subscription]:
    """The subscriptions to send on ``today``: never sent, or last sent before this week
    (weekly, weeks from Monday) or this month (monthly)."""
    return [s for s in Subscription.objects.select_related("user", "portfolio", "programme",
                                                           "project").order_by("pk")
            if s.user.is_active
            and (s.last_sent is None or s.last_sent < _period_start(s, today))]


def _send(subscription: Subscription, run: PackRun) -> None:
    with translation.override(subscription.language):
        scope = subscription.scope
        subject = _("Report pack %(code)s — %(name)s") % {"code": scope.code,
                                                           "name": scope.name}
        body = _("Hello,\n\nHere is the report pack of %(code)s — %(name)s, as you asked "
                 "(%(frequency)s). To stop receiving it, remove the subscription on the "
                 "Reports page of Jalon.\n") % {
            "code": scope.code, "name": scope.name,
            "frequency": subscription.get_frequency_display().lower()}
    message = EmailMessage(subject, body, to=[subscription.user.email])
    run.file.open("rb")
    try:
        message.attach(run.file.name.rsplit("/", 1)[-1], run.file.read(),
                       PackFormat(run.format).content_type)
    finally:
        run.file.close()
    message.send()


def subscriptions_send(*, today: date | None = None) -> int:
    """Generate and send every subscription due (the periodic job); returns how many went out.
    Each pack is generated as its subscriber (his rights), kept as a run, and attached to the
    e-mail; a subscriber who may no longer see the scope gets nothing, and the subscription
    is dropped."""
    today = today or timezone.localdate()
    sent = 0
    for subscription in subscriptions_due(today):
        if not perms.can_view(subscription.user, subscription.scope):
            subscription.delete()
            continue
        run = _create_run(actor=subscription.user, scope=subscription.scope,
                          fmt=subscription.format, language=subscription.language,
                          status_date=None, subscription=subscription)
        pack_execute(run.pk)
        run.refresh_from_db()
        if run.state != PackRun.State.DONE:
            continue
        _send(subscription, run)
        Subscription.objects.filter(pk=subscription.pk).update(last_sent=today)
        sent += 1
    return sent
