"""REST endpoints of decisions, assumptions and dependencies."""

from ninja import Router

router = Router(tags=["Decisions, assumptions and dependencies"])
