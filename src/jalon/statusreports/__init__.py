"""Periodic status reports per project: a draft prefilled at the status date, the project
manager's commentary, PMO review and publication as a snapshot (docs/status-reports.md)."""
