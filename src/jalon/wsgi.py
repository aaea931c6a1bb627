"""WSGI entry point for gunicorn (``jalon serve``)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
application = get_wsgi_application()
# Import every page and API module now, as the worker starts, not on its first request: that
# took each gunicorn worker 3 s (its first request waited for it, and the requests behind it).
get_resolver().url_patterns  # noqa: B018 - the import is the point
