"""What the server log says about a request that was refused.

Django logs a refused request (403) with the exception that refused it, so every permission
check a user fails printed a whole traceback. A refusal is an expected answer, not a fault: it
is logged on one line (``Forbidden (Permission denied): /projects/7/edit/``), and tracebacks stay
for real errors.
"""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    """Drop the traceback of a log record about a 4xx response; keep the record itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
