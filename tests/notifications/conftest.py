"""Fixtures of the notifications tests: a message as an app sends it, and its readers."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_noop

from jalon.notifications.services import notify

#: A message of the catalogue (its French translation exists): what an app would send.
MESSAGE = gettext_noop("The gate “%(gate)s” of %(project)s awaits your decision.")


@pytest.fixture
def send(project):
    """Notify ``users`` as an app does: about ``project``'s gate “Business case”."""
    def send(users, *, action=False, ref="", kind="gate.awaited"):
        return notify(recipients=users, kind=kind, message=MESSAGE,
                      params={"gate": {"en": "Business case", "fr": "Dossier d’affaires"},
                              "project": f"{project.code} {project.name}"},
                      url=f"/projects/{project.pk}/", project=project, action=action, ref=ref)
    return send
