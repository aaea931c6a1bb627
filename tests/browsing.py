"""Helpers for the browser tests (the fixtures ``chromium`` and ``page`` are in conftest.py)."""

from __future__ import annotations


def login(page, username: str, password: str) -> None:
    """Sign in through the login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state("networkidle")
