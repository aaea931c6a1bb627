"""REST endpoints of lessons learned."""

from ninja import Router

router = Router(tags=["Lessons learned"])
