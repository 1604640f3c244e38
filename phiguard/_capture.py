"""Capture what a service's logging and telemetry pipelines would emit, without emitting it.

Shared by ``phiguard verify`` and the pytest plugin :mod:`phiguard.testing`. A
:class:`Capture` is installed on the service's live configuration and restored afterwards:

* structlog: a tap at the end of the processor chain records what the renderer produced and
  drops the event (chains that end in stdlib logging are captured at the handlers);
* stdlib logging: each handler's ``emit`` is replaced by one that records what the handler's
  formatter makes of the record (OpenTelemetry's logging handlers are left alone: what they
  bridge is captured at the log exporters);
* OpenTelemetry: every exporter found on the providers (behind batch and simple processors,
  metric readers, and phiguard's wrappers) is swapped for a capturing one that copies what it
  is given at export time and sends nothing anywhere.

Nothing captured here is printed by phiguard; checks report channels and keys only.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["Capture", "Output", "find_needles"]

STRUCTLOG: Final = "structlog"
LOGGING: Final = "logging"
TRACES: Final = "otel.traces"
LOGS: Final = "otel.logs"
METRICS: Final = "otel.metrics"


@dataclass(frozen=True, slots=True)
class Output:
    """One thing a sink would have emitted.

    Attributes:
        sink: The kind of sink (``structlog``, ``logging``, ``otel.traces``, ``otel.logs``,
            ``otel.metrics``).
        name: Which sink, e.g. ``StreamHandler on root`` or
            ``ScrubbingSpanProcessor > BatchSpanProcessor > OTLPSpanExporter``.
        fields: A structured view (parsed JSON, span or record attributes) or ``None``.
        text: Everything emitted, as text.
    """

    sink: str
    name: str
    fields: Mapping[str, Any] | None
    text: str


def _json_fields(text: str) -> Mapping[str, Any] | None:
    if not text.startswith("{"):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _dumps(value: Any) -> str:
    return json.dumps(value, default=repr, ensure_ascii=False)


def _leaves(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """``(key path, text)`` for every key and leaf in a structured value."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            sub = f"{path}.{key}" if path else str(key)
            yield sub, str(key)
            yield from _leaves(item, sub)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item, path)
    elif value is not None:
        yield path, value if isinstance(value, str) else repr(value)


def find_needles(output: Output, needles: Sequence[str]) -> list[tuple[str, str]]:
    """``(key, needle)`` for each needle in ``output``; the key is where it was found.

    A needle in the text but in no structured field (a line from a console renderer, a
    formatter's own layout) is reported under ``(rendered text)``.
    """
    present = [n for n in needles if n in output.text]
    if not present:
        return []
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    located: set[str] = set()
    if output.fields is not None:
        for key, text in _leaves(output.fields, ""):
            for needle in present:
                if needle in text and (key, needle) not in seen:
                    seen.add((key, needle))
                    located.add(needle)
                    found.append((key or "(value)", needle))
    found.extend(("(rendered text)", n) for n in present if n not in located)
    return found


# ------------------------------------------------------------------------------ structlog


class _StructlogTap:
    """The last processor of a tapped chain: records the rendered event and drops it."""

    def __init__(self, capture: Capture, name: str) -> None:
        self._capture = capture
        self._name = name

    def __call__(self, logger: Any, method_name: str, event: Any) -> Any:
        import structlog

        if isinstance(event, (bytes, bytearray)):
            text = bytes(event).decode("utf-8", "replace")
            fields = _json_fields(text)
        elif isinstance(event, str):
            text, fields = event, _json_fields(event)
        elif isinstance(event, Mapping):
            fields, text = dict(event), _dumps(dict(event))
        else:
            fields, text = None, _dumps(event)
        self._capture.add(Output(STRUCTLOG, self._name, fields, text))
        raise structlog.DropEvent


def _is_scrub_filter(item: Any) -> bool:
    return type(item).__name__ == "ScrubFilter" and type(item).__module__.startswith("phiguard")


def _routes_to_stdlib(processors: Sequence[Any], logger_factory: Any) -> bool:
    """Whether a structlog chain hands its events to stdlib logging (captured at handlers)."""
    import structlog

    if isinstance(logger_factory, structlog.stdlib.LoggerFactory):
        return True
    last = processors[-1] if processors else None
    return last is not None and getattr(last, "__name__", "") in (
        "wrap_for_formatter",
        "render_to_log_kwargs",
    )


# ------------------------------------------------------------------------------ OpenTelemetry


def _span_fields(span: Any) -> dict[str, Any]:
    status = getattr(span, "status", None)
    resource = getattr(span, "resource", None)
    return {
        "name": span.name,
        "attributes": dict(span.attributes or {}),
        "events": [
            {"name": e.name, "attributes": dict(e.attributes or {})} for e in span.events
        ],
        "links": [dict(link.attributes or {}) for link in span.links],
        "status": getattr(status, "description", None),
        "resource": dict(resource.attributes) if resource is not None else {},
    }


def _log_fields(item: Any) -> dict[str, Any]:
    record = getattr(item, "log_record", item)
    resource = getattr(item, "resource", None) or getattr(record, "resource", None)
    return {
        "body": getattr(record, "body", None),
        "event_name": getattr(record, "event_name", None),
        "attributes": dict(getattr(record, "attributes", None) or {}),
        "resource": dict(resource.attributes) if resource is not None else {},
    }


def _metric_outputs(data: Any) -> Iterator[dict[str, Any]]:
    for rm in getattr(data, "resource_metrics", ()) or ():
        for sm in rm.scope_metrics:
            for metric in sm.metrics:
                for point in getattr(metric.data, "data_points", ()):
                    yield {
                        "name": metric.name,
                        "attributes": dict(point.attributes or {}),
                        "exemplars": [
                            dict(e.filtered_attributes or {})
                            for e in getattr(point, "exemplars", ()) or ()
                        ],
                        "resource": dict(rm.resource.attributes),
                    }


def _exporter_types() -> tuple[tuple[type[Any], str], ...]:
    from opentelemetry.sdk._logs.export import LogRecordExporter
    from opentelemetry.sdk.metrics.export import MetricExporter
    from opentelemetry.sdk.trace.export import SpanExporter

    return ((SpanExporter, TRACES), (LogRecordExporter, LOGS), (MetricExporter, METRICS))


def _walkable_types() -> tuple[type[Any], ...]:
    from opentelemetry.sdk._logs import LogRecordProcessor
    from opentelemetry.sdk.metrics.export import MetricReader
    from opentelemetry.sdk.trace import SpanProcessor

    kinds: list[type[Any]] = [SpanProcessor, LogRecordProcessor, MetricReader]
    try:
        from opentelemetry.sdk._shared_internal import BatchProcessor
    except ImportError:  # older SDKs keep the exporter on the processor itself
        pass
    else:
        kinds.append(BatchProcessor)
    return tuple(kinds)


def _is_phiguard_wrapper(exporter: Any) -> bool:
    return type(exporter).__module__.startswith("phiguard.integrations.otel")


def _attributes(obj: Any) -> list[tuple[str, Any]]:
    out = list(getattr(obj, "__dict__", {}).items())
    for klass in type(obj).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if hasattr(obj, name):
                out.append((name, getattr(obj, name)))
    return out


@dataclass
class _Swap:
    owner: Any
    attribute: str
    original: Any


def _provider_roots(provider: Any) -> list[Any]:
    """Where a provider keeps its processors or readers."""
    roots = []
    for name in ("_active_span_processor", "_multi_log_record_processor", "_sdk_config"):
        value = getattr(provider, name, None)
        if value is not None:
            roots.append(value)
    readers = getattr(provider, "_metric_readers", None) or getattr(
        getattr(provider, "_sdk_config", None), "metric_readers", None
    )
    if readers:
        roots.extend(readers)
    return roots


# ------------------------------------------------------------------------------ the capture


@dataclass
class Capture:
    """What the installed taps, handlers and exporters received; see the module docstring.

    Attributes:
        outputs: Everything captured, in order.
        sinks: Names of the sinks being captured, by kind.
        notes: Things the capture could not see or found odd (no exporter on a processor).
    """

    outputs: list[Output] = field(default_factory=list)
    sinks: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _undo: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _providers: list[Any] = field(default_factory=list, repr=False)
    _readers: list[tuple[Any, str]] = field(default_factory=list, repr=False)
    _seen_points: set[str] = field(default_factory=set, repr=False)

    def add(self, output: Output) -> None:
        """Record one output (thread-safe: exporters run on worker threads)."""
        with self._lock:
            self.outputs.append(output)

    def take(self) -> list[Output]:
        """Return and forget what was captured so far."""
        with self._lock:
            taken, self.outputs = self.outputs, []
        return taken

    def _sink(self, kind: str, name: str) -> None:
        self.sinks.setdefault(kind, []).append(name)

    # -------------------------------------------------------------------- structlog

    def tap_structlog(self, bound_logger: Any = None) -> bool:
        """Tap structlog's global chain, or ``bound_logger``'s; False if it routes to stdlib.

        The chain's processor list is extended in place, so loggers that structlog cached
        on first use are tapped too.
        """
        import structlog

        if bound_logger is not None:
            processors = getattr(bound_logger, "_processors", None)
            wrapped = getattr(bound_logger, "_logger", None)
            if not isinstance(processors, list) or isinstance(wrapped, logging.Logger):
                return False
            factory: Any = None
            name = f"structlog chain of {type(bound_logger).__name__}"
        else:
            config = structlog.get_config()
            processors = config["processors"]
            factory = config["logger_factory"]
            name = "structlog chain (global configuration)"
            if not isinstance(processors, list):
                processors = list(processors)
                structlog.configure(processors=processors)
        if _routes_to_stdlib(processors, factory):
            return False
        tap = _StructlogTap(self, name)
        processors.append(tap)
        self._sink(STRUCTLOG, name)

        def undo() -> None:
            if tap in processors:
                processors.remove(tap)

        self._undo.append(undo)
        return True

    # -------------------------------------------------------------------- logging

    def tap_logging(self, extra_loggers: Sequence[logging.Logger] = ()) -> int:
        """Capture every handler of the root, the registered loggers and ``extra_loggers``.

        Returns:
            How many handlers are captured.
        """
        loggers: list[tuple[str, logging.Logger]] = [("root", logging.getLogger())]
        for name, item in list(logging.Logger.manager.loggerDict.items()):
            if isinstance(item, logging.Logger):
                loggers.append((name, item))
        loggers.extend((lg.name, lg) for lg in extra_loggers)
        seen: set[int] = set()
        for logger_name, logger in loggers:
            for handler in list(logger.handlers):
                if id(handler) in seen:
                    continue
                seen.add(id(handler))
                module = type(handler).__module__
                if module.startswith("opentelemetry"):
                    continue  # bridged to a LoggerProvider: captured at its log exporters
                if module.startswith("_pytest"):
                    continue  # pytest's own log capture, not one of the service's sinks
                name = f"{type(handler).__name__} on {logger_name}"
                if not any(_is_scrub_filter(f) for f in (*handler.filters, *logger.filters)):
                    name += " (no ScrubFilter)"
                self._tap_handler(handler, name)
        return len(self.sinks.get(LOGGING, ()))

    def _tap_handler(self, handler: logging.Handler, name: str) -> None:
        def emit(record: logging.LogRecord) -> None:
            try:
                text = handler.format(record)
            except Exception:  # a broken formatter: what it would have had to work with
                text = _dumps(record.__dict__)
            self.add(Output(LOGGING, name, _json_fields(text), text))

        had_own = "emit" in handler.__dict__
        original: Any = handler.__dict__.get("emit")
        handler.emit = emit  # type: ignore[method-assign]
        self._sink(LOGGING, name)

        def undo() -> None:
            if had_own:
                handler.emit = original  # type: ignore[method-assign]
            else:
                handler.__dict__.pop("emit", None)

        self._undo.append(undo)

    # -------------------------------------------------------------------- OpenTelemetry

    def tap_provider(self, provider: Any) -> int:
        """Swap every exporter reachable from a tracer, logger or meter provider.

        Returns:
            How many exporters (or exporter-less metric readers) are captured.
        """
        if provider is None or not hasattr(provider, "force_flush"):
            return 0
        count = 0
        walkable = _walkable_types()
        exporters = _exporter_types()
        visited: set[int] = set()
        stack: list[tuple[Any, list[str]]] = [(root, []) for root in _provider_roots(provider)]
        while stack:
            obj, chain = stack.pop()
            if id(obj) in visited:
                continue
            visited.add(id(obj))
            if isinstance(obj, (list, tuple)):
                stack.extend((item, chain) for item in obj if isinstance(item, walkable))
                continue
            here = [*chain, type(obj).__name__] if isinstance(obj, walkable) else chain
            found_exporter = False
            for attr, value in _attributes(obj):
                if isinstance(value, (list, tuple)):
                    stack.append((value, here))
                    continue
                kind = next((k for t, k in exporters if isinstance(value, t)), None)
                if kind is not None:
                    found_exporter = True
                    if _is_phiguard_wrapper(value):
                        stack.append((value, [*here, type(value).__name__]))
                    else:
                        self._swap(obj, attr, value, kind, [*here, type(value).__name__])
                        count += 1
                elif isinstance(value, walkable):
                    stack.append((value, here))
            if not found_exporter and hasattr(obj, "get_metrics_data") and not hasattr(
                obj, "_exporter"
            ):
                name = " > ".join(here)
                self._readers.append((obj, name))
                self._sink(METRICS, name)
                count += 1
        self._providers.append(provider)
        return count

    def _swap(self, owner: Any, attribute: str, exporter: Any, kind: str, chain: list[str]) -> None:
        if chain and chain[0].startswith(("SynchronousMulti", "ConcurrentMulti")):
            chain = chain[1:]  # the provider's own fan-out: every chain starts there
        name = " > ".join(chain)
        if not any(part.startswith("Scrubbing") for part in chain):
            name += " (not wrapped by phiguard)"
        replacement = _capturing_exporter(self, kind, name, exporter)
        setattr(owner, attribute, replacement)
        self._sink(kind, name)
        self._undo.append(lambda: setattr(owner, attribute, exporter))

    def flush(self) -> None:
        """Flush the tapped providers so batched spans, logs and metrics reach the capture."""
        for provider in self._providers:
            try:
                provider.force_flush()
            except Exception as exc:  # a provider's failure is a note, not a crash
                self.notes.append(f"force_flush of {type(provider).__name__} failed: {exc!r}")
        for reader, name in self._readers:
            try:
                data = reader.get_metrics_data()
            except Exception as exc:  # a reader's failure is a note, not a crash
                self.notes.append(f"collecting {name} failed: {exc!r}")
                continue
            self._add_metrics(name, data)

    def _add_metrics(self, name: str, data: Any) -> None:
        # Cumulative metrics are exported again at every collection: only new data points
        # (by name and attributes) count as emitted now.
        for point in _metric_outputs(data):
            key = _dumps([point["name"], sorted(point["attributes"].items(), key=str)])
            with self._lock:
                if key in self._seen_points:
                    continue
                self._seen_points.add(key)
            self.add(Output(METRICS, name, point, _dumps(point)))

    def restore(self) -> None:
        """Undo every tap and swap, newest first."""
        while self._undo:
            self._undo.pop()()


def _capturing_exporter(capture: Capture, kind: str, name: str, original: Any) -> Any:
    """An exporter of the same signal that records what it gets and sends nothing."""
    if kind == TRACES:
        from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

        class _Spans(SpanExporter):
            def export(self, spans: Sequence[Any]) -> SpanExportResult:
                for span in spans:
                    fields = _span_fields(span)
                    capture.add(Output(TRACES, name, fields, _dumps(fields)))
                return SpanExportResult.SUCCESS

        return _Spans()
    if kind == LOGS:
        from opentelemetry.sdk._logs.export import LogRecordExporter, LogRecordExportResult

        class _Logs(LogRecordExporter):
            def export(self, batch: Sequence[Any]) -> LogRecordExportResult:
                for item in batch:
                    fields = _log_fields(item)
                    capture.add(Output(LOGS, name, fields, _dumps(fields)))
                return LogRecordExportResult.SUCCESS

            def force_flush(self, timeout_millis: int = 30_000) -> bool:
                return True

            def shutdown(self) -> None:
                return None

        return _Logs()
    from opentelemetry.sdk.metrics.export import MetricExporter, MetricExportResult

    class _Metrics(MetricExporter):
        def export(
            self, metrics_data: Any, timeout_millis: float = 10_000, **kwargs: Any
        ) -> MetricExportResult:
            capture._add_metrics(name, metrics_data)
            return MetricExportResult.SUCCESS

        def force_flush(self, timeout_millis: float = 10_000) -> bool:
            return True

        def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
            return None

    return _Metrics(
        preferred_temporality=getattr(original, "_preferred_temporality", None),
        preferred_aggregation=getattr(original, "_preferred_aggregation", None),
    )
