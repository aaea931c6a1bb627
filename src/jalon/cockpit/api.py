"""REST endpoints of executive cockpit."""

from ninja import Router

router = Router(tags=["Executive cockpit"])
