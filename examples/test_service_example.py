"""A test a voice-agent service would copy: no PHI leaves through logs, traces or metrics.

Run with the plugin enabled (automatic once phiguard is installed; here explicitly)::

    python -m pytest examples/test_service_example.py   # the plugin loads with phiguard

The "service" below is a stand-in for your own code: it logs a transcript turn through
structlog and stdlib logging and traces it with OpenTelemetry, guarded by phiguard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import phiguard
from phiguard.integrations.logging import ScrubFilter
from phiguard.integrations.otel import ScrubbingSpanProcessor
from phiguard.integrations.structlog import add_scrub_processor
from phiguard.testing import CANARIES, Captured, assert_no_phi

POLICY: dict[str, Any] = {
    "default_mode": "standard",
    "unknown_workspace_mode": "zero_retention",
    "workspaces": {"ws_clinic": {"mode": "zero_retention"}},
}

# ------------------------------------------------------------------ the service (yours)

tracer_provider = TracerProvider()
tracer_provider.add_span_processor(
    ScrubbingSpanProcessor(SimpleSpanProcessor(InMemorySpanExporter()), POLICY)
)
tracer = tracer_provider.get_tracer("voice-agent")
log = structlog.get_logger("voice-agent")
std_log = logging.getLogger("voice-agent")


def handle_turn(transcript: str, caller: str, tool_args: Mapping[str, str]) -> None:
    """One turn of a call: log it, trace it."""
    log.info("stt_final", transcript=transcript, caller_number=caller, duration_ms=820)
    std_log.info("booking for %s", caller, extra={"tool_args": dict(tool_args)})
    with tracer.start_as_current_span("llm") as span:
        span.set_attribute("gen_ai.input.messages", transcript)
        span.set_attribute("gen_ai.usage.input_tokens", 412)


@pytest.fixture(autouse=True)
def _service_logging() -> Iterator[None]:
    """The service's logging, as configured at startup (yours lives in your app)."""
    structlog.configure(
        processors=add_scrub_processor(
            [structlog.processors.add_log_level, structlog.processors.JSONRenderer()], POLICY
        ),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.addFilter(ScrubFilter(POLICY))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield
    root.removeHandler(handler)
    structlog.reset_defaults()


# ------------------------------------------------------------------ the tests (copy these)


def test_a_zero_retention_call_lets_no_phi_out(phi_capture: Captured) -> None:
    """A call in a zero-retention workspace: no canary reaches any sink."""
    phi_capture.watch(tracer_provider)  # a non-global provider; global ones are automatic
    with phiguard.bind_workspace("ws_clinic"):
        handle_turn(CANARIES.transcript, CANARIES.phone, CANARIES.tool_args)
    assert phi_capture.structlog
    assert phi_capture.logging
    assert phi_capture.spans
    assert_no_phi(phi_capture)


def test_the_capture_has_teeth(phi_capture: Captured) -> None:
    """A standard workspace keeps content, so the same canaries are seen: the check works."""
    phi_capture.watch(tracer_provider)
    with phiguard.bind_workspace("ws_other"):  # unlisted: default_mode = standard
        handle_turn(CANARIES.transcript, CANARIES.phone, CANARIES.tool_args)
    with pytest.raises(AssertionError, match="transcript"):
        assert_no_phi(phi_capture)
