"""The README's setup: ScrubProcessor before the renderer, ScrubFilter on the handler,
every OpenTelemetry exporter wrapped."""

from __future__ import annotations

import logging.config
from typing import Any

import structlog

from phiguard.integrations.structlog import add_scrub_processor
from verify_apps import POLICY_FILE
from verify_apps._otel import guarded_providers


def setup() -> dict[str, Any]:
    """Configure structlog, stdlib logging and OpenTelemetry as the README shows."""
    structlog.configure(
        processors=add_scrub_processor(
            [
                structlog.contextvars.merge_contextvars,
                structlog.processors.add_log_level,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
            str(POLICY_FILE),
        ),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "phi": {
                    "()": "phiguard.integrations.logging.ScrubFilter",
                    "policy": str(POLICY_FILE),
                }
            },
            "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["phi"]}},
            "root": {"handlers": ["console"], "level": "INFO"},
        }
    )
    return guarded_providers()
