"""Why a background run (levelling, simulation) failed, as every run endpoint answers it."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class RunFailureOut(Schema):
    """``error`` in the reader's language; ``error_reason`` and ``error_params`` for programs
    (the code of the message and its parameters, as in a problem answer's ``reason`` and
    ``params``). Empty unless the run failed."""

    error: str = Field(description="Why the run failed, in the reader's language.")
    error_reason: str | None = Field(None, description="Stable code of that message.")
    error_params: dict[str, Any] = Field(default_factory=dict,
                                         description="Parameters of that message.")

    @staticmethod
    def resolve_error_reason(obj: Any) -> str | None:
        return (obj.failure or {}).get("code")

    @staticmethod
    def resolve_error_params(obj: Any) -> dict[str, Any]:
        return dict((obj.failure or {}).get("params", {}))
