"""REST endpoints of audit trail."""

from ninja import Router

router = Router(tags=["Audit trail"])
