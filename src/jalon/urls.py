"""URL map: pages of every app, the REST API under /api/v1/, the admin, the language switch,
the health endpoints."""

from django.contrib import admin
from django.urls import include, path

from jalon import health
from jalon.api.root import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("", include("jalon.accounts.urls")),
    path("", include("jalon.portfolios.urls")),
    path("", include("jalon.calendars.urls")),
    path("", include("jalon.planning.urls")),
    path("", include("jalon.resources.urls")),
    path("", include("jalon.timesheets.urls")),
    path("", include("jalon.risks.urls")),
    path("", include("jalon.finance.urls")),
    path("", include("jalon.interchange.urls")),
    path("", include("jalon.intake.urls")),
    path("", include("jalon.governance.urls")),
    path("", include("jalon.changes.urls")),
    path("", include("jalon.raid.urls")),
    path("", include("jalon.documents.urls")),
    path("", include("jalon.lessons.urls")),
    path("", include("jalon.notifications.urls")),
    path("", include("jalon.statusreports.urls")),
    path("", include("jalon.reporting.urls")),
    path("", include("jalon.cockpit.urls")),
    path("", include("jalon.feeds.urls")),
    path("", include("jalon.audit.urls")),
]
