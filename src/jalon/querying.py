"""Reading one object out of a queryset the user may see, shared by every app's selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jalon.errors import NotFound


def get_visible(qs: QuerySet[Any], pk: Any) -> Any:
    """The object ``pk`` of ``qs``, or NotFound — the same answer whether it does not exist or
    the user may not see it, so that nothing is revealed."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("%(object)s %(pk)s: not found.")
                       % {"object": qs.model._meta.verbose_name, "pk": pk}) from None
