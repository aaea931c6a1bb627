"""The API's documentation page works without the internet: Swagger UI comes from the installed
django-ninja's static files, never from a CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_only_local_assets(pmo):
    client = Client()
    client.force_login(pmo)
    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    scripts = [a for a in assets if a.endswith((".js", ".css"))]
    assert scripts, "the page loads Swagger UI's script and style"
    for asset in scripts:
        assert asset.startswith("/static/"), asset  # no http(s)://cdn...
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file"
    assert "openapi.json" in page
