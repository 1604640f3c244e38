"""Guarded OpenTelemetry pipelines, asserted on what a real OTLP receiver decodes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN, POLICY
from opentelemetry import baggage
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExportResult,
)
from opentelemetry.trace import Link, Status, StatusCode
from otlp_receiver import OTLPReceiver

import phiguard
from phiguard.integrations.otel import (
    ScrubbingLogRecordProcessor,
    ScrubbingMetricExporter,
    ScrubbingSpanExporter,
    ScrubbingSpanProcessor,
    configure,
    metric_views,
    mode_in_baggage,
    otel_logging_handler,
)

TRANSPORTS = ["http", "grpc"]
CANARIES = (CANARY_OPAQUE, CANARY_EMAIL, CANARY_SSN, CANARY_PHONE, "Quentin Canary")
SAFE = {
    "gen_ai.request.model": "claude-3-7-sonnet",
    "gen_ai.usage.input_tokens": 321,
    "duration_ms": 812,
}


def assert_no_canary(receiver: OTLPReceiver) -> None:
    """No canary anywhere in the bytes the receiver got (decompressed)."""
    raw = receiver.raw_bytes()
    assert raw, "nothing was received"
    for canary in CANARIES:
        assert canary.encode() not in raw, canary


@pytest.fixture
def tracer_provider(
    otlp_receiver: OTLPReceiver, request: pytest.FixtureRequest
) -> Iterator[TracerProvider]:
    """A provider whose spans go through phiguard to the receiver (transport from the test)."""
    transport = request.node.callspec.params.get("transport", "http")
    provider = TracerProvider(
        resource=Resource.create({"service.name": "voice-agent", "deployment.note": CANARY_OPAQUE})
    )
    exporter = otlp_receiver.span_exporter(transport)
    provider.add_span_processor(ScrubbingSpanProcessor(BatchSpanProcessor(exporter), POLICY))
    try:
        yield provider
    finally:
        provider.shutdown()


def emit_call_span(provider: TracerProvider, workspace: str) -> None:
    """One span of a voice call with PHI in every place a span can carry it."""
    tracer = provider.get_tracer("voice")
    with (
        phiguard.bind_workspace(workspace),
        tracer.start_as_current_span(
            f"llm turn for {CANARY_EMAIL}",
            links=[Link(tracer.start_span("prev").get_span_context(), {"note": CANARY_OPAQUE})],
        ) as span,
    ):
        span.set_attributes(SAFE)
        span.set_attribute(
            "gen_ai.input.messages",
            f'[{{"role":"user","content":"I am {CANARY_OPAQUE}, {CANARY_PHONE}"}}]',
        )
        span.set_attribute(
            "gen_ai.tool.call.arguments", f'{{"name": "Quentin Canary", "ssn": "{CANARY_SSN}"}}'
        )
        span.set_attribute("caller_number", CANARY_PHONE)
        span.set_attribute("recording_url", "https://storage.example.test/rec/call_9.wav")
        span.set_attribute("custom.notes", f"call back {CANARY_EMAIL}")
        span.add_event("stt.final", {"transcript": f"my name is {CANARY_OPAQUE}"})
        try:
            raise ValueError(f"no slot for {CANARY_EMAIL}")
        except ValueError as exc:
            span.record_exception(exc)
        span.set_status(Status(StatusCode.ERROR, f"failed for {CANARY_SSN}"))


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_zero_retention_spans_carry_no_canary(
    tracer_provider: TracerProvider, otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """In zero retention no canary crosses the wire; safe attributes arrive intact."""
    emit_call_span(tracer_provider, "ws_zero")
    assert tracer_provider.force_flush()
    assert_no_canary(otlp_receiver)
    span = next(s for s in otlp_receiver.spans() if s["name"] != "prev")
    assert {k: span["attributes"][k] for k in SAFE} == SAFE
    assert span["attributes"]["phiguard.mode"] == "zero_retention"
    assert span["name"] == "llm turn for <EMAIL>"
    assert span["status_message"] == "failed for <SSN>"
    assert span["resource"]["service.name"] == "voice-agent"
    assert "deployment.note" not in span["resource"]
    assert "gen_ai.input.messages" not in span["attributes"]
    assert [e["name"] for e in span["events"]] == ["stt.final", "exception"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_redacted_spans_keep_content_without_phi(
    tracer_provider: TracerProvider, otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """In redacted mode content keys arrive with the PHI inside replaced."""
    emit_call_span(tracer_provider, "ws_redacted")
    assert tracer_provider.force_flush()
    span = next(s for s in otlp_receiver.spans() if s["name"] != "prev")
    attributes = span["attributes"]
    assert "<PHONE>" in attributes["gen_ai.input.messages"]
    assert attributes["custom.notes"] == "call back <EMAIL>"
    assert attributes["caller_number"].startswith("phi_")
    assert "recording_url" not in attributes
    exception = next(e for e in span["events"] if e["name"] == "exception")
    assert exception["attributes"]["exception.message"] == "no slot for <EMAIL>"
    for canary in (CANARY_EMAIL, CANARY_SSN, CANARY_PHONE):
        assert canary.encode() not in otlp_receiver.raw_bytes()


def test_baggage_only_tightens(otlp_receiver: OTLPReceiver) -> None:
    """phiguard.mode baggage makes a standard workspace's span zero retention, never looser."""
    provider = TracerProvider()
    provider.add_span_processor(
        ScrubbingSpanProcessor(SimpleSpanProcessor(otlp_receiver.span_exporter("http")), POLICY)
    )
    tracer = provider.get_tracer("t")
    strict = baggage.set_baggage("phiguard.mode", "zero_retention")
    loose = baggage.set_baggage("phiguard.mode", "standard")
    with phiguard.bind_workspace("ws_standard"):
        tracer.start_span("a", context=strict, attributes={"transcript": CANARY_OPAQUE}).end()
    with phiguard.bind_workspace("ws_zero"):
        tracer.start_span("b", context=loose, attributes={"transcript": CANARY_OPAQUE}).end()
    provider.shutdown()
    modes = {s["name"]: s["attributes"]["phiguard.mode"] for s in otlp_receiver.spans()}
    assert modes == {"a": "zero_retention", "b": "zero_retention"}
    assert_no_canary(otlp_receiver)


def test_mode_in_baggage_for_downstream_services() -> None:
    """mode_in_baggage puts the bound workspace's mode into the context's baggage."""
    with phiguard.bind_workspace("ws_redacted"):
        ctx = mode_in_baggage(POLICY)
    assert baggage.get_baggage("phiguard.mode", ctx) == "redacted"


def test_llm_allowlist_flags_spans(otlp_receiver: OTLPReceiver) -> None:
    """Zero-retention spans naming a model outside [llm] allow are flagged."""
    policy = {**POLICY, "llm": {"allow": ["anthropic:claude-3-7-*"]}}
    provider = TracerProvider()
    provider.add_span_processor(
        ScrubbingSpanProcessor(SimpleSpanProcessor(otlp_receiver.span_exporter("http")), policy)
    )
    tracer = provider.get_tracer("t")
    for name, system, model in [
        ("ok", "anthropic", "claude-3-7-sonnet"),
        ("bad", "openai", "gpt-4o"),
    ]:
        with phiguard.bind_workspace("ws_zero"):
            tracer.start_span(
                name, attributes={"gen_ai.system": system, "gen_ai.request.model": model}
            ).end()
    provider.shutdown()
    flags = {s["name"]: s["attributes"].get("phiguard.violation") for s in otlp_receiver.spans()}
    assert flags == {"ok": None, "bad": "llm_not_allowed"}
    with pytest.raises(phiguard.LLMNotAllowedError) as info:
        phiguard.check_llm(policy, "ws_zero", "openai", "gpt-4o")
    assert info.value.status_code == 400
    assert "anthropic:claude-3-7-*" in str(info.value)
    phiguard.check_llm(policy, "ws_standard", "openai", "gpt-4o")


class Exploding:
    """A detector set that fails: the adapters must fail closed."""

    def find(self, text: str) -> list[phiguard.Finding]:
        raise RuntimeError(text)


def test_scrub_failure_never_exports_the_original(otlp_receiver: OTLPReceiver) -> None:
    """If scrubbing fails, the span leaves as a safe shell; the original is not exported."""
    processor = ScrubbingSpanProcessor(
        SimpleSpanProcessor(otlp_receiver.span_exporter("http")), POLICY
    )
    processor.scrubber._detectors = Exploding()
    provider = TracerProvider()
    provider.add_span_processor(processor)
    with pytest.warns(phiguard.PhiguardWarning):
        emit_call_span(provider, "ws_redacted")
    provider.shutdown()
    assert_no_canary(otlp_receiver)
    span = next(s for s in otlp_receiver.spans() if s["name"] != "prev")
    assert span["attributes"]["phiguard.error"] == "scrub_failed"
    assert span["attributes"]["duration_ms"] == 812


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_failing_exporter_does_not_raise_and_results_propagate(
    otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """A failing backend neither raises into the app nor hides the failed result."""
    exporter = ScrubbingSpanExporter(otlp_receiver.span_exporter(transport), POLICY)
    provider = TracerProvider()
    provider.add_span_processor(ScrubbingSpanProcessor(SimpleSpanProcessor(exporter), POLICY))
    with otlp_receiver.failing():
        provider.get_tracer("t").start_span("x", attributes={"transcript": CANARY_OPAQUE}).end()
        span = provider.get_tracer("t").start_span("y")
        span.end()
        assert exporter.export([span]) is SpanExportResult.FAILURE  # type: ignore[list-item]
    assert provider.force_flush()
    provider.shutdown()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_logs_in_zero_retention(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """stdlib records bridged to OTLP and GenAI events lose all PHI in zero retention."""
    provider = LoggerProvider(resource=Resource.create({"service.name": "voice-agent"}))
    provider.add_log_record_processor(
        ScrubbingLogRecordProcessor(
            BatchLogRecordProcessor(otlp_receiver.log_exporter(transport)), POLICY
        )
    )
    handler = otel_logging_handler(provider)
    logger = logging.getLogger(f"test.otel.logs.{transport}")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        with phiguard.bind_workspace("ws_zero"):
            logger.info(
                "caller %s said hi",
                CANARY_PHONE,
                extra={"transcript": CANARY_OPAQUE, "duration_ms": 5},
            )
            try:
                raise KeyError(CANARY_SSN)
            except KeyError:
                logger.exception("lookup failed for %s", CANARY_EMAIL)
        otel_logger = provider.get_logger("genai")
        for event in ("gen_ai.user.message", "gen_ai.choice"):
            otel_logger.emit(
                body={"content": f"I am {CANARY_OPAQUE}", "role": "user"},
                event_name=event,
                attributes={"workspace_id": "ws_zero", "gen_ai.system": "anthropic"},
            )
        assert provider.force_flush()
    finally:
        logger.removeHandler(handler)
        provider.shutdown()
    assert_no_canary(otlp_receiver)
    records = otlp_receiver.log_records()
    assert len(records) == 4
    first = records[0]
    assert first["body"] == "caller <PHONE> said hi"
    assert first["attributes"]["duration_ms"] == 5
    assert first["attributes"]["phiguard.mode"] == "zero_retention"
    assert records[1]["attributes"]["exception.type"] == "KeyError"
    assert [r["body"] for r in records[2:]] == [None, None]
    assert [r["event_name"] for r in records[2:]] == ["gen_ai.user.message", "gen_ai.choice"]


def test_genai_event_bodies_in_redacted(otlp_receiver: OTLPReceiver) -> None:
    """A GenAI event body is scanned in redacted mode, keeping its structure."""
    provider = LoggerProvider()
    provider.add_log_record_processor(
        ScrubbingLogRecordProcessor(
            SimpleLogRecordProcessor(otlp_receiver.log_exporter("http")), POLICY
        )
    )
    provider.get_logger("genai").emit(
        body={"content": f"call me at {CANARY_PHONE}", "role": "user"},
        event_name="gen_ai.user.message",
        attributes={"workspace_id": "ws_redacted"},
    )
    provider.shutdown()
    (record,) = otlp_receiver.log_records()
    assert record["body"] == {"content": "call me at <PHONE>", "role": "user"}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_only_allowlisted_metrics_leave(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """Zero retention exports allowlisted metrics with safe attributes, and nothing else."""
    exporter = ScrubbingMetricExporter(otlp_receiver.metric_exporter(transport), POLICY)
    reader = PeriodicExportingMetricReader(exporter, export_interval_millis=3_600_000)
    provider = MeterProvider(metric_readers=[reader], views=metric_views(POLICY))
    meter = provider.get_meter("voice")
    duration = meter.create_histogram("gen_ai.client.operation.duration", unit="s")
    duration.record(1.25, {"gen_ai.request.model": "claude-3-7-sonnet", "caller": CANARY_PHONE})
    tokens = meter.create_counter("gen_ai.client.token.usage")
    tokens.add(120, {"gen_ai.token.type": "input", "patient": "Quentin Canary"})
    meter.create_counter("calls_by_caller").add(1, {"caller": CANARY_PHONE})
    try:
        assert provider.force_flush()
    finally:
        provider.shutdown()
    assert_no_canary(otlp_receiver)
    names = {m["name"] for m in otlp_receiver.metrics()}
    assert names == {"gen_ai.client.operation.duration", "gen_ai.client.token.usage"}
    histogram = next(
        m for m in otlp_receiver.metrics() if m["name"] == "gen_ai.client.operation.duration"
    )
    assert histogram["points"][0]["attributes"] == {"gen_ai.request.model": "claude-3-7-sonnet"}
    assert histogram["points"][0]["sum"] == 1.25


def test_metric_guard_without_views_drops_phi_labels(otlp_receiver: OTLPReceiver) -> None:
    """Without views, the exporter guard alone drops PHI-valued labels and unlisted metrics."""
    exporter = ScrubbingMetricExporter(otlp_receiver.metric_exporter("http"), POLICY)
    provider = MeterProvider(
        metric_readers=[PeriodicExportingMetricReader(exporter, export_interval_millis=3_600_000)]
    )
    meter = provider.get_meter("voice")
    meter.create_counter("gen_ai.client.token.usage").add(
        5, {"gen_ai.token.type": "output", "gen_ai.request.model": CANARY_PHONE}
    )
    meter.create_counter("calls_by_caller").add(
        1, {"caller": CANARY_PHONE, "workspace_id": "ws_redacted", "status": "ok"}
    )
    try:
        assert provider.force_flush()
    finally:
        provider.shutdown()
    assert_no_canary(otlp_receiver)
    points = {m["name"]: m["points"][0]["attributes"] for m in otlp_receiver.metrics()}
    assert points == {
        "gen_ai.client.token.usage": {"gen_ai.token.type": "output"},
        "calls_by_caller": {"workspace_id": "ws_redacted", "status": "ok"},
    }


@pytest.mark.parametrize("protocol", ["http/protobuf", "grpc"])
def test_configure_builds_guarded_providers(otlp_receiver: OTLPReceiver, protocol: str) -> None:
    """configure() wires guarded traces, logs and metrics to an OTLP endpoint."""
    endpoint = otlp_receiver.http_endpoint if protocol != "grpc" else otlp_receiver.grpc_endpoint
    providers = configure(
        {**POLICY, "unknown_workspace_mode": "zero_retention"},
        service_name="voice-agent",
        endpoint=endpoint,
        protocol=protocol,
        set_global=False,
        metric_export_interval_millis=3_600_000,
    )
    logger = logging.getLogger(f"test.otel.configure.{protocol}")
    handler = otel_logging_handler(providers.logger_provider)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        tracer = providers.tracer_provider.get_tracer("t")
        tracer.start_span("turn", attributes={"transcript": CANARY_OPAQUE, "duration_ms": 3}).end()
        logger.info("hello %s", CANARY_EMAIL, extra={"transcript": CANARY_OPAQUE})
        providers.meter_provider.get_meter("m").create_counter("gen_ai.client.token.usage").add(3)
        for provider in providers:
            assert provider.force_flush()
    finally:
        logger.removeHandler(handler)
        providers.shutdown()
    assert_no_canary(otlp_receiver)
    assert otlp_receiver.spans()[0]["attributes"]["duration_ms"] == 3
    assert otlp_receiver.log_records()[0]["body"] == "hello <EMAIL>"
    assert {m["name"] for m in otlp_receiver.metrics()} == {"gen_ai.client.token.usage"}


def test_configure_rejects_unknown_protocols() -> None:
    """An unsupported OTLP protocol is a clear error at configure time."""
    with pytest.raises(ValueError, match="unsupported OTLP protocol 'http/json'"):
        configure(POLICY, protocol="http/json", set_global=False)


def test_configurator_entry_point_is_registered() -> None:
    """opentelemetry_configurator has an entry point named phiguard."""
    (entry,) = [e for e in entry_points(group="opentelemetry_configurator") if e.name == "phiguard"]
    assert entry.value == "phiguard.integrations.otel:Configurator"


def test_opentelemetry_instrument_applies_phiguard(
    otlp_receiver: OTLPReceiver, tmp_path: Path
) -> None:
    """opentelemetry-instrument with OTEL_PYTHON_CONFIGURATOR=phiguard guards an unmodified app."""
    app = tmp_path / "app.py"
    app.write_text(
        textwrap.dedent(
            f"""
        from opentelemetry import trace
        tracer = trace.get_tracer("app")
        with tracer.start_as_current_span("turn") as span:
            span.set_attribute("transcript", "{CANARY_OPAQUE}")
            span.set_attribute("duration_ms", 7)
        """
        )
    )
    instrument = Path(sys.executable).with_name("opentelemetry-instrument")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "PHIGUARD_"))},
        "OTEL_PYTHON_CONFIGURATOR": "phiguard",
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp_receiver.http_endpoint,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_METRIC_EXPORT_INTERVAL": "3600000",
        "OTEL_SERVICE_NAME": "voice-agent",
        "PHIGUARD_MODE": "zero_retention",
    }
    proc = subprocess.run(
        [str(instrument), sys.executable, str(app)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (span,) = otlp_receiver.spans()
    assert span["attributes"]["duration_ms"] == 7
    assert span["attributes"]["phiguard.mode"] == "zero_retention"
    assert span["resource"]["service.name"] == "voice-agent"
    assert_no_canary(otlp_receiver)


def test_exemplars_do_not_carry_filtered_phi(otlp_receiver: OTLPReceiver) -> None:
    """Attributes a View filtered out come back in exemplars; the guard drops them there too."""
    exporter = ScrubbingMetricExporter(otlp_receiver.metric_exporter("http"), POLICY)
    reader = PeriodicExportingMetricReader(exporter, export_interval_millis=3_600_000)
    provider = MeterProvider(metric_readers=[reader], views=metric_views(POLICY))
    tracer_provider = TracerProvider()
    histogram = provider.get_meter("voice").create_histogram("gen_ai.client.operation.duration")
    try:
        with tracer_provider.get_tracer("t").start_as_current_span("llm"):
            histogram.record(0.5, {"gen_ai.request.model": "m", "caller": CANARY_PHONE})
        assert provider.force_flush()
    finally:
        provider.shutdown()
        tracer_provider.shutdown()
    metric = otlp_receiver.metrics()[0]
    exemplars = metric["points"][0]["exemplars"]
    assert exemplars  # the SDK did record some
    assert all(e["filtered_attributes"] == {} for e in exemplars)
    assert_no_canary(otlp_receiver)
