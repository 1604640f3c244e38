"""A real OTLP receiver on 127.0.0.1 for integration tests (test helper, not part of phiguard).

:class:`OTLPReceiver` runs an OTLP/HTTP server (protobuf, optionally gzip or deflate encoded)
and an OTLP/gRPC server side by side, on free ports of 127.0.0.1, and keeps every request it
receives: the decompressed wire bytes and the decoded ``Export*ServiceRequest``. Tests assert
on what actually crossed the wire, either as plain Python (:meth:`OTLPReceiver.spans`,
:meth:`OTLPReceiver.log_records`, :meth:`OTLPReceiver.metrics`) or as bytes
(:meth:`OTLPReceiver.raw_bytes`, :meth:`OTLPReceiver.contains`) for "no canary anywhere"
checks.

Usage::

    with OTLPReceiver() as receiver:
        exporter = receiver.span_exporter("grpc")
        ...
        assert not receiver.contains(CANARY_EMAIL)

The gRPC service is registered with generic handlers that keep the request's bytes (after
gRPC's own decompression) rather than through the generated ``add_*Servicer_to_server``
helpers, because those decode the request before any code of ours sees the bytes; the
service names, request and response types come from the generated modules.
"""

from __future__ import annotations

import gzip
import os
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Literal

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.metrics.v1 import metrics_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "HOST",
    "SIGNALS",
    "OTLPReceiver",
    "ReceivedRequest",
    "Signal",
    "Transport",
    "any_value",
    "attributes",
]

HOST = "127.0.0.1"

Signal = Literal["traces", "logs", "metrics"]
Transport = Literal["http", "grpc"]
SIGNALS: tuple[Signal, ...] = ("traces", "logs", "metrics")

ExportRequest = (
    trace_service_pb2.ExportTraceServiceRequest
    | logs_service_pb2.ExportLogsServiceRequest
    | metrics_service_pb2.ExportMetricsServiceRequest
)

_REQUEST_TYPES: dict[Signal, Any] = {
    "traces": trace_service_pb2.ExportTraceServiceRequest,
    "logs": logs_service_pb2.ExportLogsServiceRequest,
    "metrics": metrics_service_pb2.ExportMetricsServiceRequest,
}
_RESPONSE_TYPES: dict[Signal, Any] = {
    "traces": trace_service_pb2.ExportTraceServiceResponse,
    "logs": logs_service_pb2.ExportLogsServiceResponse,
    "metrics": metrics_service_pb2.ExportMetricsServiceResponse,
}
_GRPC_SERVICES: dict[Signal, str] = {
    "traces": trace_service_pb2.DESCRIPTOR.services_by_name["TraceService"].full_name,
    "logs": logs_service_pb2.DESCRIPTOR.services_by_name["LogsService"].full_name,
    "metrics": metrics_service_pb2.DESCRIPTOR.services_by_name["MetricsService"].full_name,
}
_HTTP_PATHS: dict[str, Signal] = {f"/v1/{signal}": signal for signal in SIGNALS}
_PROTOBUF = "application/x-protobuf"

#: How long a stop() waits for each server's threads.
_STOP_TIMEOUT_S = 10.0
#: Socket timeout of an HTTP connection, so a stalled client cannot block stop().
_HTTP_SOCKET_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ReceivedRequest:
    """One export request as it arrived.

    Attributes:
        signal: ``"traces"``, ``"logs"`` or ``"metrics"``.
        transport: ``"http"`` or ``"grpc"``.
        raw: The request body as protobuf bytes, after HTTP ``Content-Encoding`` (or gRPC
            compression) was undone. For a body that could not be decompressed, the bytes as
            received.
        message: The decoded ``Export*ServiceRequest``, or ``None`` if the body was not a
            decodable protobuf (wrong content type, bad encoding, garbage).
        accepted: Whether the receiver answered with success (``False`` while failing on
            demand, or for an undecodable body).
        headers: HTTP headers or gRPC metadata, keys lower-cased.
    """

    signal: Signal
    transport: Transport
    raw: bytes
    message: ExportRequest | None
    accepted: bool
    headers: Mapping[str, str]


@dataclass(frozen=True)
class _Failure:
    http_status: int
    grpc_code: grpc.StatusCode
    retry_delay_s: float


# --------------------------------------------------------------------------- decoding


def any_value(value: common_pb2.AnyValue) -> Any:
    """Decode an OTLP ``AnyValue`` into plain Python, recursively.

    Strings, bools, ints, floats and bytes come back as themselves, an ``array_value`` as a
    list, a ``kvlist_value`` as a dict, an empty ``AnyValue`` as ``None``.
    """
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [any_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return attributes(value.kvlist_value.values)
    if kind == "string_value_strindex":
        # Only profiles use a string table; keep the index visible rather than guess.
        return {"$strindex": value.string_value_strindex}
    return getattr(value, kind)


def attributes(key_values: Any) -> dict[str, Any]:
    """Decode repeated OTLP ``KeyValue`` into a dict (a repeated key keeps its last value)."""
    return {kv.key: any_value(kv.value) for kv in key_values}


def _enum_name(enum: Any, number: int, prefix: str) -> str:
    try:
        name: str = enum.Name(number)
    except ValueError:
        return str(number)
    return name.removeprefix(prefix)


def _decode_span(
    span: trace_pb2.Span, resource: dict[str, Any], scope: common_pb2.InstrumentationScope
) -> dict[str, Any]:
    return {
        "name": span.name,
        "kind": _enum_name(trace_pb2.Span.SpanKind, span.kind, "SPAN_KIND_"),
        "trace_id": span.trace_id.hex(),
        "span_id": span.span_id.hex(),
        "parent_span_id": span.parent_span_id.hex(),
        "attributes": attributes(span.attributes),
        "events": [
            {
                "name": event.name,
                "attributes": attributes(event.attributes),
                "time_unix_nano": event.time_unix_nano,
            }
            for event in span.events
        ],
        "links": [
            {
                "trace_id": link.trace_id.hex(),
                "span_id": link.span_id.hex(),
                "attributes": attributes(link.attributes),
            }
            for link in span.links
        ],
        "status_code": _enum_name(trace_pb2.Status.StatusCode, span.status.code, "STATUS_CODE_"),
        "status_message": span.status.message,
        "resource": resource,
        "scope": scope.name,
        "scope_version": scope.version,
        "scope_attributes": attributes(scope.attributes),
    }


def _decode_log_record(
    record: Any, resource: dict[str, Any], scope: common_pb2.InstrumentationScope
) -> dict[str, Any]:
    return {
        "body": any_value(record.body) if record.HasField("body") else None,
        "attributes": attributes(record.attributes),
        # Proto3 strings cannot be absent: "" means no event name.
        "event_name": getattr(record, "event_name", ""),
        "severity_number": record.severity_number,
        "severity_text": record.severity_text,
        "trace_id": record.trace_id.hex(),
        "span_id": record.span_id.hex(),
        "resource": resource,
        "scope": scope.name,
        "scope_version": scope.version,
        "scope_attributes": attributes(scope.attributes),
    }


def _exemplars(point: Any) -> list[dict[str, Any]]:
    # Exemplars carry the attributes a View filtered out: a leak path worth seeing in tests.
    return [
        {
            "filtered_attributes": attributes(exemplar.filtered_attributes),
            "value": getattr(exemplar, exemplar.WhichOneof("value") or "as_double"),
            "trace_id": exemplar.trace_id.hex(),
            "span_id": exemplar.span_id.hex(),
        }
        for exemplar in point.exemplars
    ]


def _optional(point: Any, field: str) -> Any:
    return getattr(point, field) if point.HasField(field) else None


def _decode_point(kind: str, point: Any) -> dict[str, Any]:
    decoded: dict[str, Any] = {"attributes": attributes(point.attributes)}
    if kind in ("sum", "gauge"):
        decoded["value"] = getattr(point, point.WhichOneof("value") or "as_double")
    elif kind == "histogram":
        decoded.update(
            count=point.count,
            sum=_optional(point, "sum"),
            bucket_counts=list(point.bucket_counts),
            explicit_bounds=list(point.explicit_bounds),
            min=_optional(point, "min"),
            max=_optional(point, "max"),
        )
    elif kind == "exponential_histogram":
        decoded.update(
            count=point.count,
            sum=_optional(point, "sum"),
            scale=point.scale,
            zero_count=point.zero_count,
            positive={
                "offset": point.positive.offset,
                "bucket_counts": list(point.positive.bucket_counts),
            },
            negative={
                "offset": point.negative.offset,
                "bucket_counts": list(point.negative.bucket_counts),
            },
            min=_optional(point, "min"),
            max=_optional(point, "max"),
        )
    elif kind == "summary":
        decoded.update(
            count=point.count,
            sum=point.sum,
            quantiles=[(q.quantile, q.value) for q in point.quantile_values],
        )
    if kind != "summary":
        decoded["exemplars"] = _exemplars(point)
    return decoded


def _decode_metric(
    metric: metrics_pb2.Metric, resource: dict[str, Any], scope: common_pb2.InstrumentationScope
) -> dict[str, Any]:
    kind = metric.WhichOneof("data") or ""
    data = getattr(metric, kind) if kind else None
    decoded: dict[str, Any] = {
        "name": metric.name,
        "description": metric.description,
        "unit": metric.unit,
        "type": kind,
        "points": [_decode_point(kind, point) for point in data.data_points] if data else [],
        "metadata": attributes(getattr(metric, "metadata", ())),
        "resource": resource,
        "scope": scope.name,
        "scope_version": scope.version,
        "scope_attributes": attributes(scope.attributes),
    }
    if kind == "sum":
        decoded["is_monotonic"] = metric.sum.is_monotonic
    if kind in ("sum", "histogram", "exponential_histogram"):
        decoded["temporality"] = _enum_name(
            metrics_pb2.AggregationTemporality,
            data.aggregation_temporality,  # type: ignore[union-attr]
            "AGGREGATION_TEMPORALITY_",
        )
    return decoded


def _decompress(body: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:  # raw deflate without the zlib wrapper
            return zlib.decompress(body, -zlib.MAX_WBITS)
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")


# --------------------------------------------------------------------------- HTTP server


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined by server_close(), so stop() leaves none behind.
    daemon_threads = False
    block_on_close = True

    def __init__(self, receiver: OTLPReceiver) -> None:
        super().__init__((HOST, 0), _HTTPHandler)
        self.receiver = receiver

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup (socket.getfqdn), slow on some CI."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]


class _HTTPHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
    # HTTP/1.0: one request per connection, so no idle keep-alive thread outlives a test.
    protocol_version = "HTTP/1.0"
    timeout = _HTTP_SOCKET_TIMEOUT_S

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def do_POST(self) -> None:
        """Receive one OTLP/HTTP export request."""
        signal = _HTTP_PATHS.get(self.path.split("?", 1)[0])
        body = self._read_body()
        if signal is None:
            self._reply(HTTPStatus.NOT_FOUND, b"", "text/plain")
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, payload = self.server.receiver._receive_http(signal, body, headers)
        self._reply(status, payload, _PROTOBUF, failing=status >= 400)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _reply(
        self, status: int, payload: bytes, content_type: str, *, failing: bool = False
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        failure = self.server.receiver._failure
        if failing and failure is not None:
            self.send_header("Retry-After", f"{failure.retry_delay_s:g}")
        self.end_headers()
        self.wfile.write(payload)


# --------------------------------------------------------------------------- receiver


class OTLPReceiver:
    """An OTLP/HTTP and OTLP/gRPC receiver on 127.0.0.1 that records what it receives.

    Both servers listen on free ports chosen by the OS. Every request is kept per signal,
    thread-safely, as a :class:`ReceivedRequest`. The decoded views (:meth:`spans`,
    :meth:`log_records`, :meth:`metrics`) read accepted requests only, unless asked for
    rejected ones too; the byte views (:meth:`raw_bytes`, :meth:`contains`) read every
    request, accepted or not, since a rejected request still crossed the wire.

    Use it as a context manager, or call :meth:`start` and :meth:`stop` (idempotent).
    """

    def __init__(self) -> None:
        """Create a stopped receiver; :meth:`start` (or ``with``) opens the ports."""
        self._lock = threading.Condition()
        self._requests: list[ReceivedRequest] = []
        self._failure: _Failure | None = None
        self._http_server: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._grpc_server: grpc.Server | None = None
        self._grpc_executor: futures.ThreadPoolExecutor | None = None
        self._http_port = 0
        self._grpc_port = 0

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> OTLPReceiver:
        """Start both servers; returns ``self``. Stops what was started if one fails."""
        if self._http_server is not None:
            raise RuntimeError("OTLPReceiver already started")
        try:
            self._start_http()
            self._start_grpc()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_http(self) -> None:
        server = _HTTPServer(self)
        self._http_server = server
        self._http_port = server.server_address[1]
        self._http_thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"otlp-receiver-http-{self._http_port}",
            daemon=True,
        )
        self._http_thread.start()

    def _start_grpc(self) -> None:
        self._grpc_executor = futures.ThreadPoolExecutor(
            max_workers=4, thread_name_prefix="otlp-receiver-grpc"
        )
        server = grpc.server(self._grpc_executor, options=[("grpc.so_reuseport", 0)])
        self._grpc_server = server
        for signal in SIGNALS:
            handler = grpc.unary_unary_rpc_method_handler(
                partial(self._receive_grpc, signal),
                request_deserializer=None,  # keep the bytes; decoded in _store
                response_serializer=_RESPONSE_TYPES[signal].SerializeToString,
            )
            server.add_generic_rpc_handlers(
                (grpc.method_handlers_generic_handler(_GRPC_SERVICES[signal], {"Export": handler}),)
            )
        self._grpc_port = server.add_insecure_port(f"{HOST}:0")
        if not self._grpc_port:
            raise RuntimeError(f"could not bind a gRPC port on {HOST}")
        server.start()

    def stop(self) -> None:
        """Shut both servers down and join their threads. Safe to call more than once."""
        http_server, self._http_server = self._http_server, None
        grpc_server, self._grpc_server = self._grpc_server, None
        executor, self._grpc_executor = self._grpc_executor, None
        if http_server is not None:
            if self._http_thread is not None and self._http_thread.is_alive():
                http_server.shutdown()
            http_server.server_close()
        if self._http_thread is not None:
            self._http_thread.join(_STOP_TIMEOUT_S)
            self._http_thread = None
        if grpc_server is not None:
            grpc_server.stop(grace=None).wait(_STOP_TIMEOUT_S)
        if executor is not None:
            executor.shutdown(wait=True)

    def __enter__(self) -> OTLPReceiver:
        """Start the receiver."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the receiver."""
        self.stop()

    # ---------------------------------------------------------------- endpoints

    @property
    def http_port(self) -> int:
        """The OTLP/HTTP port on 127.0.0.1."""
        return self._http_port

    @property
    def grpc_port(self) -> int:
        """The OTLP/gRPC port on 127.0.0.1."""
        return self._grpc_port

    @property
    def http_endpoint(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``, as for ``OTEL_EXPORTER_OTLP_ENDPOINT``.

        The SDK's HTTP exporters take the *full* signal URL in their ``endpoint`` argument
        (they append ``/v1/<signal>`` only to the environment variable); use
        :meth:`http_url` for those.
        """
        return f"http://{HOST}:{self._http_port}"

    def http_url(self, signal: Signal) -> str:
        """Full OTLP/HTTP URL of a signal, e.g. ``http://127.0.0.1:PORT/v1/traces``."""
        return f"{self.http_endpoint}/v1/{signal}"

    @property
    def grpc_endpoint(self) -> str:
        """``http://127.0.0.1:PORT`` for the gRPC exporters (plaintext; pass ``insecure=True``)."""
        return f"http://{HOST}:{self._grpc_port}"

    @property
    def grpc_address(self) -> str:
        """``127.0.0.1:PORT``, the gRPC target without a scheme."""
        return f"{HOST}:{self._grpc_port}"

    # ---------------------------------------------------------------- exporter factories

    def span_exporter(self, transport: Transport, **kwargs: Any) -> Any:
        """A real ``OTLPSpanExporter`` sending here (``timeout=5`` unless given)."""
        if transport == "http":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            return OTLPSpanExporter(**self._http_kwargs("traces", kwargs))
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
            OTLPSpanExporter as GrpcSpanExporter,
        )

        return GrpcSpanExporter(**self._grpc_kwargs(kwargs))

    def log_exporter(self, transport: Transport, **kwargs: Any) -> Any:
        """A real ``OTLPLogExporter`` sending here (``timeout=5`` unless given)."""
        if transport == "http":
            from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter

            return OTLPLogExporter(**self._http_kwargs("logs", kwargs))
        from opentelemetry.exporter.otlp.proto.grpc._log_exporter import (
            OTLPLogExporter as GrpcLogExporter,
        )

        return GrpcLogExporter(**self._grpc_kwargs(kwargs))

    def metric_exporter(self, transport: Transport, **kwargs: Any) -> Any:
        """A real ``OTLPMetricExporter`` sending here (``timeout=5`` unless given)."""
        if transport == "http":
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

            return OTLPMetricExporter(**self._http_kwargs("metrics", kwargs))
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import (
            OTLPMetricExporter as GrpcMetricExporter,
        )

        return GrpcMetricExporter(**self._grpc_kwargs(kwargs))

    def _http_kwargs(self, signal: Signal, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"endpoint": self.http_url(signal), "timeout": 5, **kwargs}

    def _grpc_kwargs(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"endpoint": self.grpc_endpoint, "insecure": True, "timeout": 5, **kwargs}

    # ---------------------------------------------------------------- failing on demand

    def set_failing(
        self,
        failing: bool = True,
        *,
        http_status: int = 500,
        grpc_code: grpc.StatusCode = grpc.StatusCode.UNAVAILABLE,
        retry_delay_s: float = 0.01,
    ) -> None:
        """Make every export fail (or succeed again with ``failing=False``).

        Failing requests are still recorded (``accepted=False``). The gRPC exporters retry
        UNAVAILABLE up to six times and the HTTP ones retry 429/502/503/504: the failure
        carries a ``google.rpc.RetryInfo`` trailer (gRPC) and a ``Retry-After`` header (HTTP)
        of ``retry_delay_s``, so a retrying exporter gives up quickly instead of backing off
        for seconds. HTTP 500 is not retried.
        """
        with self._lock:
            self._failure = _Failure(http_status, grpc_code, retry_delay_s) if failing else None

    @contextmanager
    def failing(
        self,
        *,
        http_status: int = 500,
        grpc_code: grpc.StatusCode = grpc.StatusCode.UNAVAILABLE,
        retry_delay_s: float = 0.01,
    ) -> Iterator[None]:
        """Fail every export inside the ``with`` block (see :meth:`set_failing`)."""
        self.set_failing(http_status=http_status, grpc_code=grpc_code, retry_delay_s=retry_delay_s)
        try:
            yield
        finally:
            self.set_failing(False)

    # ---------------------------------------------------------------- receiving

    def _store(
        self,
        signal: Signal,
        transport: Transport,
        raw: bytes,
        headers: Mapping[str, str],
        *,
        decodable: bool = True,
    ) -> tuple[ReceivedRequest, _Failure | None]:
        message: ExportRequest | None = None
        if decodable:
            try:
                message = _REQUEST_TYPES[signal].FromString(raw)
            except DecodeError:
                message = None
        with self._lock:
            failure = self._failure
            request = ReceivedRequest(
                signal=signal,
                transport=transport,
                raw=raw,
                message=message,
                accepted=message is not None and failure is None,
                headers=dict(headers),
            )
            self._requests.append(request)
            self._lock.notify_all()
        return request, failure

    def _receive_http(
        self, signal: Signal, body: bytes, headers: Mapping[str, str]
    ) -> tuple[int, bytes]:
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        try:
            raw = _decompress(body, headers.get("content-encoding", ""))
        except (OSError, EOFError, ValueError, zlib.error):
            self._store(signal, "http", body, headers, decodable=False)
            return HTTPStatus.BAD_REQUEST, _status_body(3, "cannot decode Content-Encoding")
        if content_type != _PROTOBUF:
            self._store(signal, "http", raw, headers, decodable=False)
            return HTTPStatus.UNSUPPORTED_MEDIA_TYPE, _status_body(3, "expected " + _PROTOBUF)
        request, failure = self._store(signal, "http", raw, headers)
        if request.message is None:
            return HTTPStatus.BAD_REQUEST, _status_body(3, "body is not a protobuf request")
        if failure is not None:
            return failure.http_status, _status_body(14, "test receiver failing on demand")
        return HTTPStatus.OK, _RESPONSE_TYPES[signal]().SerializeToString()

    def _receive_grpc(self, signal: Signal, raw: bytes, context: grpc.ServicerContext) -> Any:
        headers = {key.lower(): str(value) for key, value in context.invocation_metadata()}
        request, failure = self._store(signal, "grpc", raw, headers)
        if request.message is None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "body is not a protobuf request")
        if failure is not None:
            seconds = int(failure.retry_delay_s)
            retry_info = error_details_pb2.RetryInfo(
                retry_delay=Duration(
                    seconds=seconds, nanos=int((failure.retry_delay_s - seconds) * 1e9)
                )
            )
            context.set_trailing_metadata(
                (("google.rpc.retryinfo-bin", retry_info.SerializeToString()),)
            )
            context.abort(failure.grpc_code, "test receiver failing on demand")
        return _RESPONSE_TYPES[signal]()

    # ---------------------------------------------------------------- reading

    def requests(
        self, signal: Signal | None = None, *, transport: Transport | None = None
    ) -> list[ReceivedRequest]:
        """Every request received so far (accepted or not), oldest first."""
        with self._lock:
            return [
                r
                for r in self._requests
                if (signal is None or r.signal == signal)
                and (transport is None or r.transport == transport)
            ]

    def messages(self, signal: Signal, *, include_rejected: bool = False) -> list[ExportRequest]:
        """The decoded ``Export*ServiceRequest`` protobufs of a signal, oldest first."""
        return [
            r.message
            for r in self.requests(signal)
            if r.message is not None and (r.accepted or include_rejected)
        ]

    def spans(self, *, include_rejected: bool = False) -> list[dict[str, Any]]:
        """Every span received, decoded to plain Python, in arrival order.

        Each span is a dict with ``name``, ``kind`` (``"INTERNAL"``, ``"SERVER"``, ...),
        ``trace_id``, ``span_id``, ``parent_span_id`` (hex, ``""`` if none), ``attributes``
        (dict, values decoded by :func:`any_value`), ``events`` (list of ``{"name",
        "attributes", "time_unix_nano"}``), ``links`` (list of ``{"trace_id", "span_id",
        "attributes"}``), ``status_code`` (``"UNSET"``, ``"OK"``, ``"ERROR"``),
        ``status_message``, ``resource`` (dict of resource attributes), ``scope`` (scope
        name), ``scope_version`` and ``scope_attributes``.
        """
        out: list[dict[str, Any]] = []
        for message in self.messages("traces", include_rejected=include_rejected):
            for resource_spans in message.resource_spans:  # type: ignore[union-attr]
                resource = attributes(resource_spans.resource.attributes)
                for scope_spans in resource_spans.scope_spans:
                    out.extend(
                        _decode_span(span, resource, scope_spans.scope)
                        for span in scope_spans.spans
                    )
        return out

    def log_records(self, *, include_rejected: bool = False) -> list[dict[str, Any]]:
        """Every log record received, decoded to plain Python, in arrival order.

        Each record is a dict with ``body`` (decoded by :func:`any_value`: a string, dict,
        list, bytes, number, or ``None`` when unset), ``attributes``, ``event_name`` (``""``
        when unset), ``severity_number`` (int), ``severity_text``, ``trace_id``, ``span_id``
        (hex, ``""`` if none), ``resource``, ``scope``, ``scope_version`` and
        ``scope_attributes``.
        """
        out: list[dict[str, Any]] = []
        for message in self.messages("logs", include_rejected=include_rejected):
            for resource_logs in message.resource_logs:  # type: ignore[union-attr]
                resource = attributes(resource_logs.resource.attributes)
                for scope_logs in resource_logs.scope_logs:
                    out.extend(
                        _decode_log_record(record, resource, scope_logs.scope)
                        for record in scope_logs.log_records
                    )
        return out

    def metrics(self, *, include_rejected: bool = False) -> list[dict[str, Any]]:
        """Every metric received, decoded to plain Python, in arrival order.

        A metric exported twice (cumulative temporality, several collections) appears once
        per export. Each metric is a dict with ``name``, ``description``, ``unit``, ``type``
        (``"sum"``, ``"gauge"``, ``"histogram"``, ``"exponential_histogram"``,
        ``"summary"``), ``points``, ``metadata``, ``resource``, ``scope``,
        ``scope_version``, ``scope_attributes``; sums add ``is_monotonic``; sums and
        histograms add ``temporality`` (``"CUMULATIVE"`` or ``"DELTA"``).

        Each point has ``attributes`` and ``exemplars`` (list of ``{"filtered_attributes",
        "value", "trace_id", "span_id"}``); sum and gauge points add ``value``; histogram
        points add ``count``, ``sum``, ``bucket_counts``, ``explicit_bounds``, ``min``,
        ``max``; exponential histograms ``count``, ``sum``, ``scale``, ``zero_count``,
        ``positive``, ``negative``, ``min``, ``max``; summaries ``count``, ``sum``,
        ``quantiles``.
        """
        out: list[dict[str, Any]] = []
        for message in self.messages("metrics", include_rejected=include_rejected):
            for resource_metrics in message.resource_metrics:  # type: ignore[union-attr]
                resource = attributes(resource_metrics.resource.attributes)
                for scope_metrics in resource_metrics.scope_metrics:
                    out.extend(
                        _decode_metric(metric, resource, scope_metrics.scope)
                        for metric in scope_metrics.metrics
                    )
        return out

    def raw_bytes(self, signal: Signal | None = None) -> bytes:
        """All request bodies received (decompressed), accepted or not, concatenated."""
        return b"".join(r.raw for r in self.requests(signal))

    def contains(self, needle: str | bytes, signal: Signal | None = None) -> bool:
        """Whether ``needle`` (UTF-8 if a ``str``) occurs in any request body received."""
        data = needle.encode("utf-8") if isinstance(needle, str) else needle
        return any(data in r.raw for r in self.requests(signal))

    def _count(self, signal: Signal) -> int:
        # Caller holds the lock.
        decode: dict[Signal, Callable[[Any], int]] = {
            "traces": lambda m: sum(
                len(ss.spans) for rs in m.resource_spans for ss in rs.scope_spans
            ),
            "logs": lambda m: sum(
                len(sl.log_records) for rl in m.resource_logs for sl in rl.scope_logs
            ),
            "metrics": lambda m: sum(
                len(sm.metrics) for rm in m.resource_metrics for sm in rm.scope_metrics
            ),
        }
        return sum(
            decode[signal](r.message)
            for r in self._requests
            if r.signal == signal and r.accepted and r.message is not None
        )

    def wait_for(self, signal: Signal, count: int, timeout_s: float = 5.0) -> int:
        """Wait until at least ``count`` items of a signal were accepted; return how many.

        Items are spans, log records, or metrics (one per metric per export). Raises
        ``TimeoutError`` if fewer arrived within ``timeout_s``. Prefer the SDK's
        ``force_flush``; this is for code paths that only export in the background.
        """
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while (have := self._count(signal)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"waited {timeout_s}s for {count} {signal} item(s); {have} arrived"
                    )
                self._lock.wait(remaining)
            return have

    def clear(self) -> None:
        """Forget every request received so far."""
        with self._lock:
            self._requests.clear()


def _status_body(code: int, message: str) -> bytes:
    """A ``google.rpc.Status`` body, as OTLP/HTTP asks of an error response."""
    return status_pb2.Status(code=code, message=message).SerializeToString()


# ------------------------------------------------------------------------------- fixtures
# Imported by tests/otel/conftest.py and tests/collector/conftest.py, which share them.


@pytest.fixture(autouse=True)
def _isolated_otel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's OTEL_* variables or proxies for 127.0.0.1."""
    for name in list(os.environ):
        if name.startswith("OTEL_"):
            monkeypatch.delenv(name)
    # requests (OTLP/HTTP) and gRPC both honour *_proxy variables; loopback must stay direct.
    for name in ("no_proxy", "NO_PROXY"):
        existing = os.environ.get(name, "")
        monkeypatch.setenv(name, ",".join(filter(None, (existing, HOST, "localhost"))))


@pytest.fixture
def otlp_receiver() -> Iterator[OTLPReceiver]:
    """A started OTLP/HTTP + OTLP/gRPC receiver on 127.0.0.1, stopped after the test."""
    receiver = OTLPReceiver().start()
    try:
        yield receiver
    finally:
        receiver.stop()
