"""REST endpoints of status reports."""

from ninja import Router

router = Router(tags=["Status reports"])
