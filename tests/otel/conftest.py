"""Fixtures for the OpenTelemetry tests: a real OTLP receiver on 127.0.0.1.

``tests/otel`` is a package (like ``tests/detectors``), so this file is imported as
``otel.conftest`` and the top-level ``tests/conftest.py`` keeps the module name ``conftest``:
test modules here import both the same way the other tests do::

    from conftest import CANARY_EMAIL, POLICY
    from otlp_receiver import OTLPReceiver
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from otlp_receiver import HOST, OTLPReceiver


@pytest.fixture(autouse=True)
def _isolated_otel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """OTel tests never see the developer's OTEL_* variables or proxies for 127.0.0.1."""
    for name in list(os.environ):
        if name.startswith("OTEL_"):
            monkeypatch.delenv(name)
    # requests (OTLP/HTTP) and gRPC both honour *_proxy variables; loopback must stay direct.
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
