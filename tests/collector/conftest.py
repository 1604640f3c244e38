"""Fixtures for the collector-tier tests: the rendered default config and an OTLP receiver.

``tests/collector`` is a package (like ``tests/otel``), so this file is imported as
``collector.conftest`` and test modules import the top-level helpers as the others do::

    from conftest import CANARY_EMAIL
    from otlp_receiver import OTLPReceiver
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from otlp_receiver import HOST, OTLPReceiver

from phiguard import load_policy
from phiguard.collector import render_collector_config


@pytest.fixture(scope="session")
def default_yaml() -> str:
    """The configuration rendered for the default policy."""
    return render_collector_config(load_policy({}))


@pytest.fixture(scope="session")
def default_config(default_yaml: str) -> dict[str, Any]:
    """The default configuration, parsed (anchors and aliases resolved)."""
    loaded: dict[str, Any] = yaml.safe_load(default_yaml)
    return loaded


@pytest.fixture(autouse=True)
def _isolated_otel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Collector tests never see the developer's OTEL_* variables or proxies for 127.0.0.1."""
    for name in list(os.environ):
        if name.startswith("OTEL_"):
            monkeypatch.delenv(name)
    for name in ("no_proxy", "NO_PROXY"):
        existing = os.environ.get(name, "")
        monkeypatch.setenv(name, ",".join(filter(None, (existing, HOST, "localhost"))))


@pytest.fixture
def otlp_receiver() -> Iterator[OTLPReceiver]:
    """A started OTLP/HTTP + OTLP/gRPC receiver on 127.0.0.1, stopped after the test."""
    receiver = OTLPReceiver().start()
    try:
        yield receiver
    finally:
        receiver.stop()
