"""A voice-agent service that logs with structlog, guarded by phiguard.

Run it from the repository root::

    python examples/structlog_service.py

It handles one simulated call per workspace of ``examples/phiguard.toml`` (standard,
redacted, zero retention) and writes JSON lines to stdout: compare what each workspace's
lines hold. All data is synthetic.

The drop-in is two lines: load the policy, and let ``add_scrub_processor`` put a
``ScrubProcessor`` before the renderer of the chain the service already had.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import structlog

import phiguard
from phiguard.integrations.structlog import add_scrub_processor

POLICY_PATH = Path(__file__).with_name("phiguard.toml")

# The HMAC key for hashed identifiers belongs in the environment (from a secret manager).
# This fallback is a public example key, only so that the example runs as is.
os.environ.setdefault("PHIGUARD_HMAC_KEY", "example-only-hmac-key-do-not-use-in-production")


def configure_logging() -> None:
    """The service's usual structlog setup, with phiguard inserted before the renderer."""
    policy = phiguard.load_policy(POLICY_PATH)
    structlog.configure(
        processors=add_scrub_processor(
            [
                structlog.contextvars.merge_contextvars,
                structlog.processors.add_log_level,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
            policy,
        ),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )


def handle_call(log: structlog.typing.FilteringBoundLogger, workspace_id: str) -> None:
    """One call to a scheduling agent, logged the way services usually log it."""
    # Binding the workspace once decides the mode of every record logged inside.
    with phiguard.bind_workspace(workspace_id), structlog.contextvars.bound_contextvars(
        call_id=f"call_{workspace_id}", agent="scheduling-assistant"
    ):
        log.info("call.started", caller_number="+1-555-013-4477")
        log.info(
            "stt.final_transcript",
            turn=1,
            transcript="Hi, I'm Jane Doe, my email is jane.doe@example.com and my "
            "number is (555) 013-4477.",
        )
        log.info(
            "tool.call",
            tool_args={"patient_name": "Jane Doe", "ssn": "123-45-6789", "dob": "1984-03-03"},
            api_key="sk-example0000000000000000000000",
        )
        log.info("crm.note", free_text="Caller SSN 123-45-6789, prefers mornings")
        # A message with PHI in it: scanned in redacted and zero-retention workspaces.
        log.info("sent reminder to jane.doe@example.com")
        log.info(
            "recording.saved",
            recording_url="https://storage.example-voice.test/recordings/call_123.wav",
        )
        log.info("call.ended", duration_ms=96_120, turn_count=4, ended_reason="caller_hung_up")


def main() -> None:
    """Configure logging, then handle one call per workspace."""
    configure_logging()
    log = structlog.get_logger()
    for workspace_id in ("ws_acme_dental", "ws_riverside_clinic", "ws_northwind_health"):
        handle_call(log, workspace_id)
    # No workspace bound: the policy's unknown_workspace_mode (zero retention) applies.
    log.info("healthcheck", status="ok", caller_number="+1-555-013-4477")


if __name__ == "__main__":
    main()
