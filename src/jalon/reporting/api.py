"""REST endpoints of reporting."""

from ninja import Router

router = Router(tags=["Reporting"])
