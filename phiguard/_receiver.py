"""A minimal OTLP/HTTP receiver on 127.0.0.1, for ``phiguard demo``.

It accepts protobuf ``POST /v1/traces``, ``/v1/logs`` and ``/v1/metrics`` on a free port of
127.0.0.1 only, decodes each request, and keeps it in memory until stopped. No gzip, no gRPC,
no TLS: it exists so the demo can show what really crosses the wire from a guarded exporter.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final

__all__ = ["HOST", "Receiver"]

HOST: Final = "127.0.0.1"
_MAX_BODY_BYTES: Final = 16 * 1024 * 1024


def _request_types() -> dict[str, Any]:
    from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
    from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

    return {
        "/v1/traces": trace_service_pb2.ExportTraceServiceRequest,
        "/v1/logs": logs_service_pb2.ExportLogsServiceRequest,
        "/v1/metrics": metrics_service_pb2.ExportMetricsServiceRequest,
    }


class Receiver:
    """An OTLP/HTTP receiver; use as a context manager (started on enter, stopped on exit).

    Attributes:
        requests: ``(path, decoded request)`` in arrival order.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        types = _request_types()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None  # quiet: the demo prints what it wants to show

            def do_POST(self) -> None:
                kind = types.get(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                if kind is None or not 0 <= length <= _MAX_BODY_BYTES:
                    self.send_response(HTTPStatus.NOT_FOUND)
                    self.end_headers()
                    return
                message = kind()
                message.ParseFromString(self.rfile.read(length))
                with receiver._lock:
                    receiver.requests.append((self.path, message))
                body = b""
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>``."""
        return f"http://{HOST}:{self._server.server_address[1]}"

    def url(self, signal: str) -> str:
        """The URL of ``signal`` (``traces``, ``logs`` or ``metrics``)."""
        return f"{self.endpoint}/v1/{signal}"

    def spans(self) -> list[Any]:
        """Every span received, as protobuf ``Span`` messages, in arrival order."""
        with self._lock:
            requests = list(self.requests)
        return [
            span
            for path, message in requests
            if path == "/v1/traces"
            for rs in message.resource_spans
            for ss in rs.scope_spans
            for span in ss.spans
        ]

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
