"""Lifecycle calls and results pass through the phiguard wrappers unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from conftest import CANARY_OPAQUE, POLICY
from opentelemetry.sdk._logs import LoggerProvider, LogRecordProcessor, ReadWriteLogRecord
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    MetricExporter,
    MetricExportResult,
    MetricsData,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

import phiguard
from phiguard.integrations.otel import (
    ScrubbingLogRecordProcessor,
    ScrubbingMetricExporter,
    ScrubbingSpanExporter,
    ScrubbingSpanProcessor,
)


class Recorder(SpanProcessor, LogRecordProcessor):
    """A processor that records calls and answers flushes as told."""

    def __init__(self, flush_result: bool, fail_on_end: bool = False) -> None:
        self.calls: list[str] = []
        self.flush_result = flush_result
        self.fail_on_end = fail_on_end
        self.spans: list[ReadableSpan] = []

    def on_start(self, span: Any, parent_context: Any = None) -> None:
        self.calls.append("on_start")

    def on_end(self, span: ReadableSpan) -> None:
        self.calls.append("on_end")
        if self.fail_on_end:
            raise RuntimeError("exporter down")
        self.spans.append(span)

    def on_emit(self, log_record: ReadWriteLogRecord) -> None:
        self.calls.append("on_emit")
        if self.fail_on_end:
            raise RuntimeError("exporter down")

    def shutdown(self) -> None:
        self.calls.append("shutdown")

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        self.calls.append(f"force_flush:{timeout_millis}")
        return self.flush_result


@pytest.mark.parametrize("flush_result", [True, False])
def test_span_processor_delegates_lifecycle(flush_result: bool) -> None:
    """on_start, on_end, force_flush (with its timeout and result) and shutdown reach the next."""
    inner = Recorder(flush_result)
    processor = ScrubbingSpanProcessor(inner, POLICY)
    provider = TracerProvider()
    provider.add_span_processor(processor)
    provider.get_tracer("t").start_span("x").end()
    assert processor.force_flush(1234) is flush_result
    processor.shutdown()
    assert inner.calls == ["on_start", "on_end", "force_flush:1234", "shutdown"]
    assert inner.spans[0] is not None


def test_a_failing_next_processor_does_not_raise_into_the_app() -> None:
    """An exception from the wrapped processor is logged, not raised into span.end()."""
    provider = TracerProvider()
    provider.add_span_processor(ScrubbingSpanProcessor(Recorder(True, fail_on_end=True), POLICY))
    provider.get_tracer("t").start_span("x", attributes={"transcript": CANARY_OPAQUE}).end()
    logger = LoggerProvider()
    logger.add_log_record_processor(
        ScrubbingLogRecordProcessor(Recorder(True, fail_on_end=True), POLICY)
    )
    logger.get_logger("t").emit(body="hello")


@pytest.mark.parametrize("flush_result", [True, False])
def test_log_processor_delegates_lifecycle(flush_result: bool) -> None:
    """force_flush results and shutdown pass through the log record processor."""
    inner = Recorder(flush_result)
    processor = ScrubbingLogRecordProcessor(inner, POLICY)
    assert processor.force_flush(99) is flush_result
    processor.shutdown()
    assert inner.calls == ["force_flush:99", "shutdown"]


class CountingExporter(SpanExporter, MetricExporter):
    """An exporter that returns a chosen result and counts lifecycle calls."""

    def __init__(self, ok: bool) -> None:
        MetricExporter.__init__(self)
        self.ok = ok
        self.calls: list[str] = []

    def export(self, data: Any, timeout_millis: float = 10_000, **kwargs: Any) -> Any:
        self.calls.append("export")
        if isinstance(data, MetricsData):
            return MetricExportResult.SUCCESS if self.ok else MetricExportResult.FAILURE
        return SpanExportResult.SUCCESS if self.ok else SpanExportResult.FAILURE

    def force_flush(self, timeout_millis: float = 10_000) -> bool:
        self.calls.append("force_flush")
        return self.ok

    def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
        self.calls.append("shutdown")


def _one_span() -> Sequence[ReadableSpan]:
    provider = TracerProvider()
    captured: list[ReadableSpan] = []

    class Capture(SpanProcessor):
        def on_end(self, span: ReadableSpan) -> None:
            captured.append(span)

    provider.add_span_processor(Capture())
    provider.get_tracer("t").start_span("x").end()
    return captured


@pytest.mark.parametrize("ok", [True, False])
def test_span_exporter_propagates_results(ok: bool) -> None:
    """export's result, force_flush's result and shutdown come from the wrapped exporter."""
    inner = CountingExporter(ok)
    exporter = ScrubbingSpanExporter(inner, POLICY)
    expected = SpanExportResult.SUCCESS if ok else SpanExportResult.FAILURE
    assert exporter.export(_one_span()) is expected
    assert exporter.force_flush() is ok
    exporter.shutdown()
    assert inner.calls == ["export", "force_flush", "shutdown"]


@pytest.mark.parametrize("ok", [True, False])
def test_metric_exporter_propagates_results(ok: bool) -> None:
    """The metric guard returns the wrapped exporter's result and passes lifecycle calls."""
    inner = CountingExporter(ok)
    guard = ScrubbingMetricExporter(inner, POLICY)
    reader = PeriodicExportingMetricReader(guard, export_interval_millis=3_600_000)
    provider = MeterProvider(metric_readers=[reader])
    provider.get_meter("m").create_counter("gen_ai.client.token.usage").add(1)
    provider.force_flush()
    assert "export" in inner.calls
    assert guard.force_flush() is ok
    provider.shutdown()
    assert inner.calls[-1] == "shutdown"


def test_metric_filter_failure_exports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """If filtering fails, the batch is dropped and FAILURE returned; nothing raises."""
    inner = CountingExporter(True)
    guard = ScrubbingMetricExporter(inner, POLICY)
    monkeypatch.setattr(guard, "_filter", lambda data: 1 / 0)
    with pytest.warns(phiguard.PhiguardWarning):
        result = guard.export(MetricsData(resource_metrics=[]))
    assert result is MetricExportResult.FAILURE
    assert inner.calls == []
