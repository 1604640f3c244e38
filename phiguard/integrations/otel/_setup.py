"""One call to get guarded tracer, logger and meter providers, and the zero-code entry point."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from opentelemetry import baggage
from opentelemetry.context import Context
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from phiguard._engine.context import current_workspace
from phiguard._engine.scrubber import Scrubber
from phiguard.integrations.otel._common import BAGGAGE_KEY, PolicyLike
from phiguard.integrations.otel._logs import ScrubbingLogRecordProcessor
from phiguard.integrations.otel._metrics import ScrubbingMetricExporter, metric_views
from phiguard.integrations.otel._traces import ScrubbingSpanProcessor
from phiguard.policy import Mode

GRPC: Final = "grpc"
HTTP_PROTOBUF: Final = "http/protobuf"
_PROTOCOLS: Final = (GRPC, HTTP_PROTOBUF)
_SIGNAL_PATHS: Final = {"traces": "/v1/traces", "logs": "/v1/logs", "metrics": "/v1/metrics"}


class Providers(NamedTuple):
    """The guarded providers :func:`configure` built."""

    tracer_provider: TracerProvider
    logger_provider: LoggerProvider
    meter_provider: MeterProvider

    def shutdown(self) -> None:
        """Flush and shut down all three providers."""
        for provider in (self.tracer_provider, self.logger_provider, self.meter_provider):
            provider.shutdown()


def _protocol(signal: str, protocol: str | None) -> str:
    chosen = (
        protocol
        or os.environ.get(f"OTEL_EXPORTER_OTLP_{signal.upper()}_PROTOCOL")
        or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or HTTP_PROTOBUF
    ).strip()
    if chosen not in _PROTOCOLS:
        raise ValueError(
            f"unsupported OTLP protocol {chosen!r} for {signal}; expected one of "
            f"{', '.join(_PROTOCOLS)}"
        )
    return chosen


def _exporter(signal: str, protocol: str, endpoint: str | None) -> Any:
    """An OTLP exporter for ``signal``; endpoint None lets it read OTEL_EXPORTER_OTLP_*."""
    if protocol == GRPC:
        if signal == "traces":
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

            return OTLPSpanExporter(endpoint=endpoint)
        if signal == "logs":
            from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter

            return OTLPLogExporter(endpoint=endpoint)
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter

        return OTLPMetricExporter(endpoint=endpoint)
    url = endpoint.rstrip("/") + _SIGNAL_PATHS[signal] if endpoint else None
    if signal == "traces":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
            OTLPSpanExporter as HTTPSpanExporter,
        )

        return HTTPSpanExporter(endpoint=url)
    if signal == "logs":
        from opentelemetry.exporter.otlp.proto.http._log_exporter import (
            OTLPLogExporter as HTTPLogExporter,
        )

        return HTTPLogExporter(endpoint=url)
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import (
        OTLPMetricExporter as HTTPMetricExporter,
    )

    return HTTPMetricExporter(endpoint=url)


def configure(
    policy: PolicyLike = None,
    *,
    service_name: str | None = None,
    endpoint: str | None = None,
    protocol: str | None = None,
    resource_attributes: Mapping[str, Any] | None = None,
    set_global: bool = True,
    logging_handler: bool = False,
    metric_export_interval_millis: float | None = None,
) -> Providers:
    """Build tracer, logger and meter providers with OTLP exporters, each guarded.

    Spans go through :class:`ScrubbingSpanProcessor` around a ``BatchSpanProcessor``, log
    records through :class:`ScrubbingLogRecordProcessor` around a
    ``BatchLogRecordProcessor``, metrics through :class:`ScrubbingMetricExporter` (and, when
    any workspace the policy can resolve is zero retention, :func:`metric_views`).

    Args:
        policy: The policy (anything :func:`~phiguard.load_policy` accepts; ``None`` reads
            ``PHIGUARD_POLICY`` / ``PHIGUARD_MODE``).
        service_name: ``service.name`` of the resource (else ``OTEL_SERVICE_NAME`` /
            ``OTEL_RESOURCE_ATTRIBUTES`` as the SDK reads them).
        endpoint: Base OTLP endpoint (``http://collector:4318`` for HTTP; ``collector:4317``
            for gRPC); ``None`` lets each exporter read the standard
            ``OTEL_EXPORTER_OTLP_[SIGNAL_]ENDPOINT`` variables.
        protocol: ``"http/protobuf"`` or ``"grpc"``; ``None`` reads
            ``OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL``, default ``http/protobuf``.
        resource_attributes: Extra resource attributes (a single-tenant service may name its
            ``workspace_id`` here).
        set_global: Install the providers as the global ones.
        logging_handler: Also attach an OTel ``LoggingHandler`` to the root logger, so stdlib
            (and structlog-through-stdlib) records are exported as OTLP logs.
        metric_export_interval_millis: The metric reader's export interval (SDK default when
            ``None``).

    Returns:
        The three providers; call ``.shutdown()`` at exit to flush them.

    Raises:
        PolicyError: The policy is invalid.
        ValueError: The protocol is not supported.
    """
    scrubber = Scrubber(policy) if not isinstance(policy, Scrubber) else policy
    attributes: dict[str, Any] = dict(resource_attributes or {})
    if service_name:
        attributes["service.name"] = service_name
    resource = Resource.create(attributes)

    tracer_provider = TracerProvider(resource=resource)
    span_exporter = _exporter("traces", _protocol("traces", protocol), endpoint)
    tracer_provider.add_span_processor(
        ScrubbingSpanProcessor(BatchSpanProcessor(span_exporter), scrubber)
    )

    logger_provider = LoggerProvider(resource=resource)
    log_exporter = _exporter("logs", _protocol("logs", protocol), endpoint)
    logger_provider.add_log_record_processor(
        ScrubbingLogRecordProcessor(BatchLogRecordProcessor(log_exporter), scrubber)
    )

    metric_exporter = _exporter("metrics", _protocol("metrics", protocol), endpoint)
    reader = PeriodicExportingMetricReader(
        ScrubbingMetricExporter(metric_exporter, scrubber),
        export_interval_millis=metric_export_interval_millis,
    )
    policy_ = scrubber.policy
    reachable = {policy_.default_mode, policy_.unknown_workspace_mode} | {
        ws.mode for ws in policy_.workspaces.values()
    }
    views = metric_views(scrubber) if Mode.ZERO_RETENTION in reachable else []
    meter_provider = MeterProvider(resource=resource, metric_readers=[reader], views=views)

    if set_global:
        from opentelemetry import _logs, metrics, trace

        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)
        _logs.set_logger_provider(logger_provider)
    if logging_handler:
        logging.getLogger().addHandler(otel_logging_handler(logger_provider))
    return Providers(tracer_provider, logger_provider, meter_provider)


def otel_logging_handler(logger_provider: LoggerProvider) -> logging.Handler:
    """An OpenTelemetry logging handler bridging stdlib records to ``logger_provider``.

    The handler of ``opentelemetry-instrumentation-logging`` when it is installed, else the
    SDK's (deprecated there in its favour, with the same behaviour).
    """
    try:
        from opentelemetry.instrumentation.logging.handler import (
            LoggingHandler as InstrumentationHandler,
        )
    except ImportError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return LoggingHandler(logger_provider=logger_provider)
    handler: logging.Handler = InstrumentationHandler(logger_provider=logger_provider)
    return handler


def mode_in_baggage(
    policy: PolicyLike = None, workspace: str | None = None, context: Context | None = None
) -> Context:
    """Return a context whose baggage carries the workspace's mode as ``phiguard.mode``.

    Attach it (``opentelemetry.context.attach``) around outgoing calls so propagators send
    the mode to downstream services, whose phiguard can only make their own mode stricter.

    Args:
        policy: The policy.
        workspace: The workspace (default: the bound one; ``None`` resolves to
            ``unknown_workspace_mode``).
        context: The context to extend (default: the current one).
    """
    scrubber = policy if isinstance(policy, Scrubber) else Scrubber(policy)
    mode = scrubber.policy.mode_for(workspace or current_workspace())
    return baggage.set_baggage(BAGGAGE_KEY, mode.value, context)


class Configurator:
    """The ``opentelemetry_configurator`` entry point named ``phiguard``.

    With ``OTEL_PYTHON_CONFIGURATOR=phiguard``, ``opentelemetry-instrument`` calls
    ``Configurator().configure()``, which runs :func:`configure` with the policy from
    ``PHIGUARD_POLICY`` / ``PHIGUARD_MODE`` and the exporters from the standard
    ``OTEL_EXPORTER_OTLP_*`` variables, and installs the providers globally. Set
    ``OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED=true`` to also export stdlib logs.
    """

    def configure(self, **kwargs: Any) -> None:
        """Install guarded global providers (keyword arguments from the instrumentation
        runner are accepted and ignored)."""
        enabled = os.environ.get("OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED", "")
        configure(None, set_global=True, logging_handler=enabled.strip().lower() == "true")
