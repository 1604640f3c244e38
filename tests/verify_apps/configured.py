"""phiguard's configure(): guarded providers in one call, stdlib logs bridged to OTLP."""

from __future__ import annotations

from typing import Any

from phiguard.integrations.otel import configure
from verify_apps import POLICY_FILE, PROVIDERS


def setup() -> Any:
    """Build the providers with configure() (OTLP exporters; verify swaps them)."""
    providers = configure(
        str(POLICY_FILE),
        set_global=False,
        logging_handler=True,
        endpoint="http://127.0.0.1:9",  # never used: verify replaces every exporter
    )
    PROVIDERS.extend(providers)
    return providers
