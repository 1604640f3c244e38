"""OpenTelemetry drop-in: guarded span, log and metric pipelines.

::

    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from phiguard.integrations.otel import ScrubbingSpanProcessor

    provider = TracerProvider()
    provider.add_span_processor(
        ScrubbingSpanProcessor(BatchSpanProcessor(OTLPSpanExporter()), "phiguard.toml")
    )

or, in one call, :func:`configure`; or with no code at all,
``OTEL_PYTHON_CONFIGURATOR=phiguard opentelemetry-instrument python app.py``.
"""

from __future__ import annotations

from phiguard.integrations.otel._common import BAGGAGE_KEY
from phiguard.integrations.otel._logs import ScrubbingLogRecordProcessor
from phiguard.integrations.otel._metrics import (
    SAFE_METRIC_ATTRIBUTES,
    ScrubbingMetricExporter,
    metric_allowed,
    metric_views,
)
from phiguard.integrations.otel._setup import (
    Configurator,
    Providers,
    configure,
    mode_in_baggage,
    otel_logging_handler,
)
from phiguard.integrations.otel._traces import (
    VIOLATION_KEY,
    ScrubbingSpanExporter,
    ScrubbingSpanProcessor,
)

__all__ = [
    "BAGGAGE_KEY",
    "SAFE_METRIC_ATTRIBUTES",
    "VIOLATION_KEY",
    "Configurator",
    "Providers",
    "ScrubbingLogRecordProcessor",
    "ScrubbingMetricExporter",
    "ScrubbingSpanExporter",
    "ScrubbingSpanProcessor",
    "configure",
    "metric_allowed",
    "metric_views",
    "mode_in_baggage",
    "otel_logging_handler",
]
