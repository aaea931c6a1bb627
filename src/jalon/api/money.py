"""Money in API answers: rates and costs go to those who may see them, null to the others.

A schema's resolver asks ``shown(context, project)`` (the project the amount belongs to; none
for the shared pool) and answers the amount or ``None``, so that one schema serves every
caller and the OpenAPI document stays one description per endpoint.
"""

from __future__ import annotations

from typing import Any

from jalon.accounts import permissions

HIDDEN = " Null for those who may not see costs (team members)."
"""The end of the description of every field answered this way."""


def shown(context: Any, project: Any = None) -> bool:
    """Whether the caller of the answer being written may see the money of ``project``."""
    return permissions.can_see_costs(context["request"].user, project)
