"""REST endpoints of calendar feeds."""

from ninja import Router

router = Router(tags=["Calendar feeds"])
