"""OpenTelemetry providers with in-memory exporters, guarded as the README documents."""

from __future__ import annotations

import io

from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import ConsoleMetricExporter, PeriodicExportingMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from phiguard.integrations.otel import (
    ScrubbingLogRecordProcessor,
    ScrubbingMetricExporter,
    ScrubbingSpanProcessor,
    metric_views,
)
from verify_apps import POLICY_FILE, PROVIDERS


def guarded_providers() -> dict[str, object]:
    """Tracer, logger and meter providers, each wrapped by phiguard."""
    policy = str(POLICY_FILE)
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(
        ScrubbingSpanProcessor(SimpleSpanProcessor(InMemorySpanExporter()), policy)
    )
    logger_provider = LoggerProvider()
    logger_provider.add_log_record_processor(
        ScrubbingLogRecordProcessor(SimpleLogRecordProcessor(InMemoryLogRecordExporter()), policy)
    )
    meter_provider = MeterProvider(
        metric_readers=[
            PeriodicExportingMetricReader(
                ScrubbingMetricExporter(ConsoleMetricExporter(out=io.StringIO()), policy),
                export_interval_millis=3_600_000,
            )
        ],
        views=metric_views(policy),
    )
    PROVIDERS.extend((tracer_provider, logger_provider, meter_provider))
    return {
        "tracer_provider": tracer_provider,
        "logger_provider": logger_provider,
        "meter_provider": meter_provider,
    }
