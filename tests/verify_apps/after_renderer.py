"""Misconfigured: the ScrubProcessor comes after the renderer."""

from __future__ import annotations

import structlog

from phiguard.integrations.structlog import ScrubProcessor
from verify_apps import POLICY_FILE


def setup() -> None:
    """structlog renders key=value text first, then 'scrubs' the rendered line."""
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.KeyValueRenderer(),
            ScrubProcessor(str(POLICY_FILE)),
        ],
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
