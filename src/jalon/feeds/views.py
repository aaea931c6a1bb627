"""The calendar feeds page (create, list, revoke one's own feeds) and the feeds themselves,
read without signing in: the secret in the address is the credential."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jalon.errors import ValidationFailed
from jalon.feeds import selectors, services
from jalon.feeds.events import feed_events
from jalon.feeds.forms import FeedForm
from jalon.feeds.ics import calendar_file
from jalon.web.decorators import page
from jalon.web.forms import add_service_errors


def _feeds_page(request: HttpRequest, form: FeedForm, *, created: str = "",
                status: int = 200) -> HttpResponse:
    return render(request, "feeds/feeds.html", {
        "feeds": selectors.feed_list(user=request.user),
        "form": form,
        "created": created,
    }, status=status)


@page
def feed_list(request: HttpRequest) -> HttpResponse:
    """The user's feeds; a POST creates one and shows its address, this once."""
    form = FeedForm(request.POST or None, user=request.user)
    if request.method != "POST":
        return _feeds_page(request, form)
    if form.is_valid():
        try:
            _feed, secret = services.feed_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            address = request.build_absolute_uri(reverse("calendar-feed", args=[secret]))
            return _feeds_page(request, FeedForm(user=request.user), created=address)
    return _feeds_page(request, form, status=400)


@page
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = selectors.feed_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.feed_revoke(actor=request.user, feed=feed)
    return redirect("calendar-feeds")


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed's .ics: no session, the secret is enough; unknown or revoked → 404."""
    feed = selectors.feed_by_secret(secret)
    if feed is None:
        raise Http404(_("No such calendar feed."))
    projects = list(selectors.feed_projects(feed))
    content = calendar_file(feed_events(projects), name=f"Jalon · {feed.subject}",
                            stamp=timezone.now())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jalon.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
