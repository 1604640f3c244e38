"""Fixtures for the collector-tier tests: the rendered default config and an OTLP receiver.

``tests/collector`` is a package (like ``tests/otel``), so this file is imported as
``collector.conftest`` and test modules import the top-level helpers as the others do::

    from conftest import CANARY_EMAIL
    from otlp_receiver import OTLPReceiver
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from otlp_receiver import _isolated_otel_env, otlp_receiver

from phiguard import load_policy
from phiguard.collector import render_collector_config

__all__ = ["_isolated_otel_env", "default_config", "default_yaml", "otlp_receiver"]


@pytest.fixture(scope="session")
def default_yaml() -> str:
    """The configuration rendered for the default policy."""
    return render_collector_config(load_policy({}))


@pytest.fixture(scope="session")
def default_config(default_yaml: str) -> dict[str, Any]:
    """The default configuration, parsed (anchors and aliases resolved)."""
    loaded: dict[str, Any] = yaml.safe_load(default_yaml)
    return loaded
