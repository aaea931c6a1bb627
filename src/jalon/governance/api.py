"""REST endpoints of governance."""

from ninja import Router

router = Router(tags=["Governance"])
