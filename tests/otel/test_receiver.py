"""Self-tests of the OTLP test receiver, fed by the real SDK and OTLP exporters, no phiguard."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from conftest import CANARY_EMAIL, CANARY_OPAQUE
from opentelemetry._logs import SeverityNumber
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import (
    BatchLogRecordProcessor,
    InMemoryLogRecordExporter,
    LogRecordExportResult,
    SimpleLogRecordProcessor,
)
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    InMemoryMetricReader,
    MetricExportResult,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExportResult,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from otlp_receiver import OTLPReceiver, any_value

TRANSPORTS = ("http", "grpc")
RESOURCE_ATTRIBUTES = {"service.name": "receiver-selftest", "deployment.environment": "test"}
FLUSH_MS = 5_000


def _resource() -> Resource:
    return Resource.create(RESOURCE_ATTRIBUTES)


@contextmanager
def tracer_provider(*processors: Any) -> Iterator[TracerProvider]:
    """A TracerProvider with these processors, flushed and shut down on exit."""
    provider = TracerProvider(resource=_resource(), shutdown_on_exit=False)
    for processor in processors:
        provider.add_span_processor(processor)
    try:
        yield provider
    finally:
        provider.force_flush(FLUSH_MS)
        provider.shutdown()


@contextmanager
def logger_provider(*processors: Any) -> Iterator[LoggerProvider]:
    """A LoggerProvider with these processors, flushed and shut down on exit."""
    provider = LoggerProvider(resource=_resource(), shutdown_on_exit=False)
    for processor in processors:
        provider.add_log_record_processor(processor)
    try:
        yield provider
    finally:
        provider.force_flush(FLUSH_MS)
        provider.shutdown()


@contextmanager
def meter_provider(*readers: Any) -> Iterator[MeterProvider]:
    """A MeterProvider with these readers, shut down on exit (which flushes)."""
    provider = MeterProvider(metric_readers=readers, resource=_resource(), shutdown_on_exit=False)
    try:
        yield provider
    finally:
        provider.shutdown(FLUSH_MS)


def _periodic_reader(exporter: Any) -> PeriodicExportingMetricReader:
    # math.inf: no background thread; only force_flush and shutdown export.
    return PeriodicExportingMetricReader(exporter, export_interval_millis=float("inf"))


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, str], bytes]:
    """POST directly, bypassing any proxy; returns status, lower-cased headers, body."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with opener.open(request, timeout=5) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


# ----------------------------------------------------------------------------- traces


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_spans_arrive_decoded(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """Span name, kind, attributes, events, links, status, parent, resource and scope arrive."""
    with tracer_provider(SimpleSpanProcessor(otlp_receiver.span_exporter(transport))) as provider:
        tracer = provider.get_tracer("selftest.scope", "1.2.3")
        with tracer.start_as_current_span("linked-to") as target:
            link = Link(target.get_span_context(), {"link.reason": "follows"})
        with tracer.start_as_current_span(
            "call.turn",
            kind=SpanKind.SERVER,
            links=[link],
            attributes={
                "str": "hello",
                "int": 42,
                "float": 1.5,
                "bool": True,
                "strs": ["a", "b"],
                "ints": [1, 2],
            },
        ) as span:
            span.add_event("stt.final", {"transcript": "call me back", "confidence": 0.9})
            span.set_status(Status(StatusCode.ERROR, "tool failed"))
            with tracer.start_as_current_span("child"):
                pass

    spans = {s["name"]: s for s in otlp_receiver.spans()}
    assert set(spans) == {"linked-to", "call.turn", "child"}
    turn = spans["call.turn"]
    assert turn["kind"] == "SERVER"
    assert turn["attributes"] == {
        "str": "hello",
        "int": 42,
        "float": 1.5,
        "bool": True,
        "strs": ["a", "b"],
        "ints": [1, 2],
    }
    assert turn["events"][0]["name"] == "stt.final"
    assert turn["events"][0]["attributes"] == {"transcript": "call me back", "confidence": 0.9}
    assert turn["links"] == [
        {
            "trace_id": spans["linked-to"]["trace_id"],
            "span_id": spans["linked-to"]["span_id"],
            "attributes": {"link.reason": "follows"},
        }
    ]
    assert (turn["status_code"], turn["status_message"]) == ("ERROR", "tool failed")
    assert turn["parent_span_id"] == ""
    assert spans["child"]["parent_span_id"] == turn["span_id"]
    assert spans["child"]["trace_id"] == turn["trace_id"]
    assert turn["resource"].items() >= RESOURCE_ATTRIBUTES.items()
    assert (turn["scope"], turn["scope_version"]) == ("selftest.scope", "1.2.3")
    assert {r.transport for r in otlp_receiver.requests("traces")} == {transport}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_recorded_exception_arrives_as_event(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """record_exception's message and stacktrace arrive as attributes of an "exception" event."""
    processor = SimpleSpanProcessor(otlp_receiver.span_exporter(transport))
    with tracer_provider(processor) as provider:
        tracer = provider.get_tracer("selftest")
        with tracer.start_as_current_span("tool.call", record_exception=False) as span:
            try:
                raise ValueError(f"lookup failed for {CANARY_EMAIL}")
            except ValueError as error:
                span.record_exception(error)

    (event,) = otlp_receiver.spans()[0]["events"]
    assert event["name"] == "exception"
    assert event["attributes"]["exception.type"] == "ValueError"
    assert event["attributes"]["exception.message"] == f"lookup failed for {CANARY_EMAIL}"
    assert "Traceback" in event["attributes"]["exception.stacktrace"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_batch_span_processor_exports_on_force_flush(
    otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """A BatchSpanProcessor's spans arrive once the provider is force-flushed."""
    processor = BatchSpanProcessor(otlp_receiver.span_exporter(transport))
    with tracer_provider(processor) as provider:
        tracer = provider.get_tracer("selftest")
        for index in range(3):
            tracer.start_span(f"span-{index}").end()
        assert provider.force_flush(FLUSH_MS)
        assert sorted(s["name"] for s in otlp_receiver.spans()) == ["span-0", "span-1", "span-2"]


def test_wait_for_sees_a_background_batch_export(otlp_receiver: OTLPReceiver) -> None:
    """wait_for returns once a batch processor has exported in the background, unflushed."""
    processor = BatchSpanProcessor(otlp_receiver.span_exporter("grpc"), schedule_delay_millis=50)
    with tracer_provider(processor) as provider:
        tracer = provider.get_tracer("selftest")
        tracer.start_span("one").end()
        tracer.start_span("two").end()
        assert otlp_receiver.wait_for("traces", 2, timeout_s=10) >= 2


def test_wait_for_raises_timeout_error_when_too_little_arrives(
    otlp_receiver: OTLPReceiver,
) -> None:
    """wait_for raises TimeoutError, saying how much arrived, when the count is not reached."""
    with pytest.raises(TimeoutError, match="0 arrived"):
        otlp_receiver.wait_for("logs", 1, timeout_s=0.05)


@pytest.mark.parametrize(
    ("compression", "encoding"), [(Compression.Gzip, "gzip"), (Compression.Deflate, "deflate")]
)
def test_compressed_http_requests_are_decompressed(
    otlp_receiver: OTLPReceiver, compression: Compression, encoding: str
) -> None:
    """gzip and deflate OTLP/HTTP bodies are decoded, and raw_bytes holds them decompressed."""
    exporter = otlp_receiver.span_exporter("http", compression=compression)
    with tracer_provider(SimpleSpanProcessor(exporter)) as provider:
        provider.get_tracer("selftest").start_span("s", attributes={"k": CANARY_OPAQUE}).end()

    (request,) = otlp_receiver.requests("traces")
    assert request.headers["content-encoding"] == encoding
    assert otlp_receiver.spans()[0]["attributes"] == {"k": CANARY_OPAQUE}
    assert otlp_receiver.contains(CANARY_OPAQUE)


def test_gzip_grpc_requests_are_decoded(otlp_receiver: OTLPReceiver) -> None:
    """A gzip-compressed OTLP/gRPC export arrives decoded, the planted string in raw_bytes."""
    exporter = otlp_receiver.span_exporter("grpc", compression=grpc.Compression.Gzip)
    with tracer_provider(SimpleSpanProcessor(exporter)) as provider:
        provider.get_tracer("selftest").start_span("s", attributes={"k": CANARY_OPAQUE}).end()

    assert otlp_receiver.spans()[0]["attributes"] == {"k": CANARY_OPAQUE}
    assert CANARY_OPAQUE.encode() in otlp_receiver.raw_bytes("traces")


# ----------------------------------------------------------------------------- logs


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_log_records_arrive_decoded(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """Structured and string bodies, attributes, event name, severity, resource arrive decoded."""
    structured_body = {
        "role": "user",
        "content": "reschedule my appointment",
        "turn": 3,
        "score": 0.25,
        "final": False,
        "parts": [{"type": "text", "text": "hi"}, "plain", 7],
        "audio": b"\x00\x01RIFF",
    }
    processor = SimpleLogRecordProcessor(otlp_receiver.log_exporter(transport))
    with logger_provider(processor) as provider:
        logger = provider.get_logger("selftest.logs", "0.1")
        logger.emit(
            body=structured_body,
            attributes={"gen_ai.system": "openai", "turn_count": 3},
            event_name="gen_ai.user.message",
            severity_number=SeverityNumber.INFO,
            severity_text="INFO",
        )
        logger.emit(body="plain message", severity_number=SeverityNumber.WARN)

    structured, plain = otlp_receiver.log_records()
    assert structured["body"] == structured_body
    assert structured["attributes"] == {"gen_ai.system": "openai", "turn_count": 3}
    assert structured["event_name"] == "gen_ai.user.message"
    assert (structured["severity_number"], structured["severity_text"]) == (9, "INFO")
    assert structured["resource"].items() >= RESOURCE_ATTRIBUTES.items()
    assert (structured["scope"], structured["scope_version"]) == ("selftest.logs", "0.1")
    assert plain["body"] == "plain message"
    assert plain["event_name"] == ""
    assert plain["severity_number"] == SeverityNumber.WARN.value


def test_log_record_inside_a_span_carries_its_ids(otlp_receiver: OTLPReceiver) -> None:
    """A log record emitted inside a span arrives with that span's trace and span ids."""
    with (
        tracer_provider(SimpleSpanProcessor(otlp_receiver.span_exporter("http"))) as tracers,
        logger_provider(SimpleLogRecordProcessor(otlp_receiver.log_exporter("http"))) as loggers,
        tracers.get_tracer("selftest").start_as_current_span("turn"),
    ):
        loggers.get_logger("selftest").emit(body="inside")

    (span,) = otlp_receiver.spans()
    (record,) = otlp_receiver.log_records()
    assert (record["trace_id"], record["span_id"]) == (span["trace_id"], span["span_id"])


# The SDK's LoggingHandler is deprecated in favour of opentelemetry-instrumentation-logging,
# but it is what services use today and what phiguard must cover.
@pytest.mark.filterwarnings(
    "ignore:`LoggingHandler` in `opentelemetry-sdk` is deprecated:DeprecationWarning"
)
def test_stdlib_logging_bridge_arrives(otlp_receiver: OTLPReceiver) -> None:
    """A stdlib record sent through the SDK's LoggingHandler arrives with message and extras."""
    processor = BatchLogRecordProcessor(otlp_receiver.log_exporter("grpc"))
    std_logger = logging.getLogger("tests.otel.selftest.bridge")
    std_logger.propagate = False
    std_logger.setLevel(logging.INFO)
    with logger_provider(processor) as provider:
        handler = LoggingHandler(logger_provider=provider)
        std_logger.addHandler(handler)
        try:
            std_logger.warning("caller said %s", "hello", extra={"call_id": "c-1"})
        finally:
            std_logger.removeHandler(handler)
        assert provider.force_flush(FLUSH_MS)

    (record,) = otlp_receiver.log_records()
    assert record["body"] == "caller said hello"
    assert record["severity_text"] == "WARN"
    assert record["attributes"]["call_id"] == "c-1"
    assert record["scope"] == "tests.otel.selftest.bridge"


# ----------------------------------------------------------------------------- metrics


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_metrics_arrive_decoded(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """Counter, up-down counter, histogram and gauge points arrive with units and attributes."""
    reader = _periodic_reader(otlp_receiver.metric_exporter(transport))
    with meter_provider(reader) as provider:
        meter = provider.get_meter("selftest.metrics", "2.0")
        meter.create_counter("calls", unit="{call}").add(2, {"outcome": "ok"})
        meter.create_up_down_counter("active_calls").add(-1, {"region": "eu"})
        histogram = meter.create_histogram("turn.latency", unit="ms")
        histogram.record(120.0, {"stage": "llm"})
        histogram.record(80.0, {"stage": "llm"})
        meter.create_gauge("queue.depth").set(5, {"queue": "intake"})
        assert provider.force_flush(FLUSH_MS)
        metrics = {m["name"]: m for m in otlp_receiver.metrics()}

    calls = metrics["calls"]
    assert (calls["type"], calls["unit"], calls["is_monotonic"]) == ("sum", "{call}", True)
    assert calls["temporality"] == "CUMULATIVE"
    assert [(p["attributes"], p["value"]) for p in calls["points"]] == [({"outcome": "ok"}, 2)]
    active = metrics["active_calls"]
    assert (active["type"], active["is_monotonic"]) == ("sum", False)
    assert active["points"][0]["value"] == -1
    (latency,) = metrics["turn.latency"]["points"]
    assert metrics["turn.latency"]["unit"] == "ms"
    assert latency["attributes"] == {"stage": "llm"}
    assert (latency["count"], latency["sum"], latency["min"], latency["max"]) == (
        2,
        200.0,
        80.0,
        120.0,
    )
    assert sum(latency["bucket_counts"]) == 2
    assert len(latency["bucket_counts"]) == len(latency["explicit_bounds"]) + 1
    assert metrics["queue.depth"]["type"] == "gauge"
    assert metrics["queue.depth"]["points"][0] == {
        "attributes": {"queue": "intake"},
        "value": 5,
        "exemplars": [],
    }
    assert calls["resource"].items() >= RESOURCE_ATTRIBUTES.items()
    assert (calls["scope"], calls["scope_version"]) == ("selftest.metrics", "2.0")


# ----------------------------------------------------------------------------- raw bytes


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_planted_string_is_found_in_raw_bytes_of_each_signal(
    otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """A string planted in a span, a log body and a metric label is found in that signal's bytes."""
    with (
        tracer_provider(SimpleSpanProcessor(otlp_receiver.span_exporter(transport))) as tracers,
        logger_provider(SimpleLogRecordProcessor(otlp_receiver.log_exporter(transport))) as loggers,
        meter_provider(_periodic_reader(otlp_receiver.metric_exporter(transport))) as meters,
    ):
        tracers.get_tracer("t").start_span("s", attributes={"note": CANARY_EMAIL}).end()
        loggers.get_logger("l").emit(body={"utterance": f"write to {CANARY_EMAIL}"})
        meters.get_meter("m").create_counter("c").add(1, {"caller": CANARY_EMAIL})
        assert meters.force_flush(FLUSH_MS)

    for signal in ("traces", "logs", "metrics"):
        assert CANARY_EMAIL.encode() in otlp_receiver.raw_bytes(signal), signal
        assert otlp_receiver.contains(CANARY_EMAIL, signal), signal
    assert not otlp_receiver.contains(CANARY_OPAQUE)
    assert otlp_receiver.raw_bytes() == b"".join(r.raw for r in otlp_receiver.requests())


# ----------------------------------------------------------------------------- failing


def _finished_spans() -> list[Any]:
    captured = InMemorySpanExporter()
    with tracer_provider(SimpleSpanProcessor(captured)) as provider:
        provider.get_tracer("selftest").start_span("s", attributes={"k": CANARY_OPAQUE}).end()
    return list(captured.get_finished_spans())


def _finished_log_records() -> list[Any]:
    captured = InMemoryLogRecordExporter()
    with logger_provider(SimpleLogRecordProcessor(captured)) as provider:
        provider.get_logger("selftest").emit(body=CANARY_OPAQUE)
    return list(captured.get_finished_logs())


def _collected_metrics() -> Any:
    reader = InMemoryMetricReader()
    with meter_provider(reader) as provider:
        provider.get_meter("selftest").create_counter("c").add(1, {"k": CANARY_OPAQUE})
        return reader.get_metrics_data()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_failing_receiver_makes_exporters_report_failure(
    otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """While failing, each exporter returns FAILURE without raising; the attempts are recorded."""
    span_exporter = otlp_receiver.span_exporter(transport)
    log_exporter = otlp_receiver.log_exporter(transport)
    metric_exporter = otlp_receiver.metric_exporter(transport)
    try:
        with otlp_receiver.failing():
            assert span_exporter.export(_finished_spans()) is SpanExportResult.FAILURE
            assert log_exporter.export(_finished_log_records()) is LogRecordExportResult.FAILURE
            assert metric_exporter.export(_collected_metrics()) is MetricExportResult.FAILURE
    finally:
        span_exporter.shutdown()
        log_exporter.shutdown()
        metric_exporter.shutdown()

    for signal in ("traces", "logs", "metrics"):
        requests = otlp_receiver.requests(signal)
        assert requests, signal
        assert not any(r.accepted for r in requests), signal
        assert otlp_receiver.contains(CANARY_OPAQUE, signal), signal
    assert otlp_receiver.spans() == []
    assert otlp_receiver.spans(include_rejected=True)[0]["attributes"] == {"k": CANARY_OPAQUE}
    assert otlp_receiver.log_records(include_rejected=True)[0]["body"] == CANARY_OPAQUE


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_failing_receiver_does_not_raise_through_sdk_pipelines(
    otlp_receiver: OTLPReceiver, transport: str
) -> None:
    """Ending spans, emitting logs and flushing metrics into a failing receiver raise nothing."""
    otlp_receiver.set_failing()
    with (
        tracer_provider(SimpleSpanProcessor(otlp_receiver.span_exporter(transport))) as tracers,
        logger_provider(SimpleLogRecordProcessor(otlp_receiver.log_exporter(transport))) as loggers,
        meter_provider(_periodic_reader(otlp_receiver.metric_exporter(transport))) as meters,
    ):
        tracers.get_tracer("t").start_span("s").end()
        loggers.get_logger("l").emit(body="b")
        meters.get_meter("m").create_counter("c").add(1)
        meters.force_flush(FLUSH_MS)

    assert {r.signal for r in otlp_receiver.requests()} == {"traces", "logs", "metrics"}
    assert not any(r.accepted for r in otlp_receiver.requests())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_receiver_accepts_again_after_failing(otlp_receiver: OTLPReceiver, transport: str) -> None:
    """After set_failing(False) the same exporter succeeds and its spans are decoded."""
    exporter = otlp_receiver.span_exporter(transport)
    try:
        with otlp_receiver.failing(http_status=503, grpc_code=grpc.StatusCode.INTERNAL):
            assert exporter.export(_finished_spans()) is SpanExportResult.FAILURE
        assert exporter.export(_finished_spans()) is SpanExportResult.SUCCESS
    finally:
        exporter.shutdown()

    assert len(otlp_receiver.spans()) == 1
    assert [r.accepted for r in otlp_receiver.requests()][-1] is True


# ----------------------------------------------------------------------------- the wire


def test_http_success_reply_is_an_empty_export_response(otlp_receiver: OTLPReceiver) -> None:
    """A protobuf POST gets 200 and an empty ExportTraceServiceResponse in protobuf."""
    body = trace_service_pb2.ExportTraceServiceRequest().SerializeToString()
    status, headers, reply = _post(otlp_receiver.http_url("traces"), body, "application/x-protobuf")
    assert status == 200
    assert headers["content-type"] == "application/x-protobuf"
    assert trace_service_pb2.ExportTraceServiceResponse.FromString(reply) == (
        trace_service_pb2.ExportTraceServiceResponse()
    )
    (request,) = otlp_receiver.requests("traces")
    assert (request.transport, request.accepted) == ("http", True)


def test_http_rejects_a_non_protobuf_body_but_keeps_its_bytes(
    otlp_receiver: OTLPReceiver,
) -> None:
    """A JSON body gets 415, is not decoded, and still counts in raw_bytes."""
    body = f'{{"body": "{CANARY_OPAQUE}"}}'.encode()
    status, _, _ = _post(otlp_receiver.http_url("logs"), body, "application/json")
    assert status == 415
    (request,) = otlp_receiver.requests("logs")
    assert (request.message, request.accepted) == (None, False)
    assert otlp_receiver.log_records(include_rejected=True) == []
    assert otlp_receiver.contains(CANARY_OPAQUE, "logs")


def test_http_unknown_path_is_not_found(otlp_receiver: OTLPReceiver) -> None:
    """A POST outside /v1/{traces,logs,metrics} gets 404 and is not recorded."""
    url = f"{otlp_receiver.http_endpoint}/v1/profiles"
    status, _, _ = _post(url, b"", "application/x-protobuf")
    assert status == 404
    assert otlp_receiver.requests() == []


def test_endpoints_are_loopback_only(otlp_receiver: OTLPReceiver) -> None:
    """Both servers listen on 127.0.0.1, on distinct ports chosen by the OS."""
    assert otlp_receiver.http_endpoint == f"http://127.0.0.1:{otlp_receiver.http_port}"
    assert otlp_receiver.http_url("metrics").endswith(f":{otlp_receiver.http_port}/v1/metrics")
    assert otlp_receiver.grpc_endpoint == f"http://127.0.0.1:{otlp_receiver.grpc_port}"
    assert otlp_receiver.grpc_address == f"127.0.0.1:{otlp_receiver.grpc_port}"
    assert 0 not in (otlp_receiver.http_port, otlp_receiver.grpc_port)
    assert otlp_receiver.http_port != otlp_receiver.grpc_port


def test_clear_forgets_everything(otlp_receiver: OTLPReceiver) -> None:
    """clear() empties requests, decoded views and raw bytes."""
    with tracer_provider(SimpleSpanProcessor(otlp_receiver.span_exporter("http"))) as provider:
        provider.get_tracer("t").start_span("s").end()
    assert otlp_receiver.spans()
    otlp_receiver.clear()
    assert (otlp_receiver.requests(), otlp_receiver.spans(), otlp_receiver.raw_bytes()) == (
        [],
        [],
        b"",
    )


def test_stop_joins_the_receiver_threads_and_is_idempotent() -> None:
    """After stop() (twice) none of the receiver's own threads is alive."""
    with OTLPReceiver() as receiver:
        with tracer_provider(SimpleSpanProcessor(receiver.span_exporter("http"))) as provider:
            provider.get_tracer("t").start_span("s").end()
        assert receiver.spans()
    receiver.stop()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("otlp-receiver")]


def test_any_value_decodes_nested_values() -> None:
    """any_value turns kvlists into dicts and arrays into lists, recursively, keeping bytes."""
    value = common_pb2.AnyValue(
        kvlist_value=common_pb2.KeyValueList(
            values=[
                common_pb2.KeyValue(
                    key="items",
                    value=common_pb2.AnyValue(
                        array_value=common_pb2.ArrayValue(
                            values=[
                                common_pb2.AnyValue(string_value="s"),
                                common_pb2.AnyValue(bytes_value=b"\xff"),
                                common_pb2.AnyValue(),
                            ]
                        )
                    ),
                ),
                common_pb2.KeyValue(key="n", value=common_pb2.AnyValue(double_value=0.5)),
            ]
        )
    )
    assert any_value(value) == {"items": ["s", b"\xff", None], "n": 0.5}
