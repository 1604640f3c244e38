"""Misconfigured: a second handler without the ScrubFilter."""

from __future__ import annotations

import logging.config

from verify_apps import POLICY_FILE


def setup() -> None:
    """The console handler is filtered; the audit handler before it is not.

    (A ScrubFilter scrubs the record in place, so a handler *after* a filtered one on the
    same logger gets the scrubbed record; the one before it gets the raw record.)
    """
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
            "handlers": {
                "console": {"class": "logging.StreamHandler", "filters": ["phi"]},
                "audit": {"class": "logging.StreamHandler"},
            },
            "root": {"handlers": ["audit", "console"], "level": "INFO"},
        }
    )
