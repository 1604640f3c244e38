"""Fixtures for the OpenTelemetry tests: a real OTLP receiver on 127.0.0.1.

``tests/otel`` is a package (like ``tests/detectors``), so this file is imported as
``otel.conftest`` and the top-level ``tests/conftest.py`` keeps the module name ``conftest``:
test modules here import both the same way the other tests do::

    from conftest import CANARY_EMAIL, POLICY
    from otlp_receiver import OTLPReceiver
"""

from __future__ import annotations

from otlp_receiver import _isolated_otel_env, otlp_receiver

__all__ = ["_isolated_otel_env", "otlp_receiver"]  # fixtures shared with tests/collector
