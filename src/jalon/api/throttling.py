"""How often one user may call the API (ninja's throttling), and uploads more strictly.

Every endpoint counts the calls of each user (whichever token or session he uses) against
``JALON_API_RATE``; the endpoints that take a file (imports, document versions) also against
``JALON_UPLOAD_RATE``, since each one parses a file. A call over the rate answers 429 with a
problem and ``Retry-After`` (seconds). The rates are read from the settings at each call, so that
a test (or an administrator's change of settings) needs no restart. Calls are counted in Django's
cache: per process with the default in-memory cache (docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from ninja.params.models import FileModel
from ninja.throttling import AuthRateThrottle


class RateFromSettings(AuthRateThrottle):
    """ninja's throttle per authenticated user (per address before signing in), at the rate of
    the setting ``setting`` (``"600/m"``: calls per second, minute, hour or day)."""

    def __init__(self, scope: str, setting: str) -> None:  # the rate is read at each call
        self.scope = scope
        self.setting = setting

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


CALLS = RateFromSettings("api", "JALON_API_RATE")
UPLOADS = RateFromSettings("uploads", "JALON_UPLOAD_RATE")


def throttle_uploads(router: Router) -> Router:
    """``router``, whose endpoints taking a file count against the upload rate as well."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if any(isinstance(m, type) and issubclass(m, FileModel) for m in operation.models):
                # set as the operation's own, so that mounting it keeps both
                operation.throttle_param = [CALLS, UPLOADS]
                operation.throttle_objects = [CALLS, UPLOADS]
    return router
