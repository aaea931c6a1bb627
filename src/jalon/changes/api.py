"""REST endpoints of change requests."""

from ninja import Router

router = Router(tags=["Change requests"])
