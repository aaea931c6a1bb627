"""Writing an imported plan's rows in bulk, with their history.

``bulk_create`` saves no history; ``simple_history.utils.bulk_create_with_history`` inserts the
rows and then their historical records, a batch at a time, naming the user who imported them
(as ``jalon.accounts.history.record_created`` does for rows already written). Batches of
:data:`BATCH` rows keep every statement a reasonable size on both databases, so that an import's
queries grow by one per thousand rows, not one per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models
from simple_history.utils import bulk_create_with_history

BATCH = 1000

M = TypeVar("M", bound=models.Model)


def create_with_history(model: type[M], objects: Sequence[M], *, actor: Any) -> list[M]:
    """Insert ``objects`` (with their primary keys set afterwards) and record their creation
    as ``actor``'s (nobody's for an actor without an account: a script)."""
    if not objects:
        return []
    user = actor if getattr(actor, "pk", None) is not None else None
    created: list[M] = bulk_create_with_history(list(objects), model, batch_size=BATCH,
                                                default_user=user)
    return created
