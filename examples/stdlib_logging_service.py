"""A voice-agent service that logs with the standard library, guarded by phiguard.

Run it from the repository root::

    python examples/stdlib_logging_service.py

``ScrubFilter`` is attached to the *handler* from ``dictConfig`` by its dotted path, so it
covers every logger that reaches the handler: the service's own and third-party ones (the
uvicorn access log below, with a query string full of PHI). Output is one JSON line per
record on stdout. All data is synthetic.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
from pathlib import Path
from typing import Any

import phiguard

POLICY_PATH = Path(__file__).with_name("phiguard.toml")

# The HMAC key for hashed identifiers belongs in the environment (from a secret manager).
# This fallback is a public example key, only so that the example runs as is.
os.environ.setdefault("PHIGUARD_HMAC_KEY", "example-only-hmac-key-do-not-use-in-production")

# Attributes every LogRecord has; the rest came from ``extra`` (or from phiguard's labels).
_RECORD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: level, logger, message and the ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` (already scrubbed by the handler's ScrubFilter)."""
        out: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update((k, v) for k, v in record.__dict__.items() if k not in _RECORD_ATTRS)
        if record.exc_text:
            out["exception"] = record.exc_text
        return json.dumps(out, default=str)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # By dotted path, as a config file would name it; the keyword goes to __init__.
        "phi": {
            "()": "phiguard.integrations.logging.ScrubFilter",
            "policy": str(POLICY_PATH),
        },
    },
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["phi"],
        },
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
}

log = logging.getLogger("voice_agent")


def book_slot(email: str) -> None:
    """A booking backend that puts the patient's email in its error message."""
    raise ValueError(f"no slot for patient {email}")


def handle_call(workspace_id: str) -> None:
    """One call to a scheduling agent, logged the way stdlib services usually log it."""
    with phiguard.bind_workspace(workspace_id):
        log.info("call started", extra={"call_id": "call_123", "caller_number": "+15550134477"})
        log.info(
            "caller turn",
            extra={
                "turn": 1,
                "transcript": "This is Jane Doe, reach me at jane.doe@example.com.",
            },
        )
        # PHI in the message arguments: scanned in redacted and zero-retention workspaces.
        log.info("booking for SSN %s at %s", "123-45-6789", "(555) 013-4477")
        log.info("notes", extra={"free_text": "Caller SSN 123-45-6789, prefers mornings"})
        try:
            book_slot("jane.doe@example.com")
        except ValueError:
            # The exception text holds PHI: the filter scrubs the formatted traceback too.
            log.exception("booking failed")
        log.info("call ended", extra={"duration_ms": 96_120, "turn_count": 4})


def main() -> None:
    """Configure logging, then handle one call per workspace and log an access line."""
    logging.config.dictConfig(LOGGING)
    for workspace_id in ("ws_acme_dental", "ws_riverside_clinic", "ws_northwind_health"):
        handle_call(workspace_id)
    # A third-party logger with no workspace bound: unknown_workspace_mode (zero retention).
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:52144",
        "GET",
        "/patients?email=jane.doe@example.com&phone=(555) 013-4477",
        "1.1",
        200,
    )


if __name__ == "__main__":
    main()
