"""Misconfigured: a span processor added beside the scrubbing one, not wrapped by it."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from phiguard.integrations.otel import ScrubbingSpanProcessor
from verify_apps import POLICY_FILE, PROVIDERS


def setup() -> TracerProvider:
    """One exporter is guarded; a debugging exporter was added beside it."""
    provider = TracerProvider()
    provider.add_span_processor(
        ScrubbingSpanProcessor(SimpleSpanProcessor(InMemorySpanExporter()), str(POLICY_FILE))
    )
    provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
    PROVIDERS.append(provider)
    return provider
