"""Traces: a span processor and a span exporter that forward scrubbed spans."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Final

from opentelemetry import context as context_api
from opentelemetry.context import Context
from opentelemetry.sdk.trace import Event, ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import Link, Status

from phiguard._engine.context import current_workspace
from phiguard._engine.llm import span_violates
from phiguard.integrations.otel._common import (
    Guard,
    PolicyLike,
    baggage_mode,
    plain_mapping,
    span_attributes,
)
from phiguard.policy import Mode, WorkspaceSettings

_log = logging.getLogger("phiguard")

VIOLATION_KEY: Final = "phiguard.violation"
_PENDING_MAX: Final = 100_000
_REDACTED_NAME: Final = "[REDACTED:message]"


class _SpanScrubber:
    """Rebuilds an ended span with everything scrubbed under the span's mode."""

    __slots__ = ("guard",)

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def rebuild(self, span: ReadableSpan, min_mode: Mode | None) -> ReadableSpan:
        try:
            return self._rebuild(span, min_mode)
        except Exception:  # must not raise into the app; fail closed
            self.guard.scrubber._count_error()
            return self._shell(span)

    def _rebuild(self, span: ReadableSpan, min_mode: Mode | None) -> ReadableSpan:
        scrubber = self.guard.scrubber
        attributes = span_attributes(span)
        result = scrubber.scrub(
            attributes,
            workspace=self.guard.resource_workspace(span.resource),
            min_mode=min_mode,
        )
        if result.summary.error:
            raise RuntimeError("span attributes could not be scrubbed")
        settings = result.settings
        new_attributes = result.record
        if settings.mode is Mode.ZERO_RETENTION and span_violates(scrubber.policy, attributes):
            new_attributes[VIOLATION_KEY] = "llm_not_allowed"
        status = span.status
        if status.description:
            status = Status(status.status_code, self._text(status.description, settings))
        return ReadableSpan(
            name=self._text(span.name, settings) or _REDACTED_NAME,
            context=span.context,
            parent=span.parent,
            resource=self.guard.resource(span.resource),
            attributes=new_attributes,
            events=[
                Event(
                    self._text(event.name, settings) or _REDACTED_NAME,
                    self._attributes(event.attributes, settings),
                    event.timestamp,
                )
                for event in span.events
            ],
            links=[
                Link(link.context, self._attributes(link.attributes, settings))
                for link in span.links
            ],
            kind=span.kind,
            status=status,
            start_time=span.start_time,
            end_time=span.end_time,
            instrumentation_scope=span.instrumentation_scope,
        )

    def _text(self, text: str, settings: WorkspaceSettings) -> str:
        return self.guard.scrubber.scrub_message(text, settings.mode) or ""

    def _attributes(
        self, attributes: Mapping[str, Any] | None, settings: WorkspaceSettings
    ) -> dict[str, Any]:
        if not attributes:
            return {}
        result = self.guard.scrubber.scrub(
            plain_mapping(attributes), settings=settings, labels=False
        )
        if result.summary.error:
            raise RuntimeError("event or link attributes could not be scrubbed")
        return result.record

    def _shell(self, span: ReadableSpan) -> ReadableSpan:
        try:
            resource = self.guard.resource(span.resource)
        except Exception:
            resource = None
        return ReadableSpan(
            name="phiguard.scrub_failed",
            context=span.context,
            parent=span.parent,
            resource=resource,
            attributes=self.guard.safe_shell(span.attributes),
            kind=span.kind,
            start_time=span.start_time,
            end_time=span.end_time,
            instrumentation_scope=span.instrumentation_scope,
        )


class ScrubbingSpanProcessor(SpanProcessor):
    """Wraps a span processor (typically a ``BatchSpanProcessor``) and scrubs what it gets.

    ``on_end`` forwards a rebuilt ``ReadableSpan`` whose name, attributes, event names and
    attributes (including ``exception.message`` / ``exception.stacktrace`` from
    ``record_exception``), link attributes and status description are scrubbed under the
    span's mode; resource attributes are scrubbed once per resource. The span's workspace is
    its ``workspace_id`` attribute, else the workspace bound when it started
    (``phiguard.bind_workspace``; recorded on the span as that attribute), else its
    resource's, else the policy's ``unknown_workspace_mode``. ``phiguard.mode`` baggage in the
    parent context can only make the mode stricter.

    In zero retention, a span whose ``gen_ai.provider.name`` / ``gen_ai.system`` /
    ``gen_ai.request.model`` is outside the policy's ``[llm] allow`` list is flagged with
    ``phiguard.violation = "llm_not_allowed"``.

    Never raises into the application: a span that cannot be scrubbed leaves with only its
    safe attributes and ``phiguard.error``; an error in the wrapped processor is logged.

    Args:
        next_processor: The processor that receives the scrubbed spans.
        policy: A :class:`~phiguard.Policy`, a :class:`~phiguard.Scrubber`, or anything
            :func:`~phiguard.load_policy` accepts.
    """

    def __init__(self, next_processor: SpanProcessor, policy: PolicyLike = None) -> None:
        self._next = next_processor
        self._guard = Guard(policy)
        self._spans = _SpanScrubber(self._guard)
        self._pending: dict[int, Mode] = {}  # span id -> mode from baggage
        self._lock = threading.Lock()

    @property
    def scrubber(self) -> Any:
        """The :class:`~phiguard.Scrubber` this processor applies."""
        return self._guard.scrubber

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        """Record the bound workspace and baggage mode, then delegate."""
        try:
            key = self._guard.workspace_key
            if not span_attributes(span).get(key):
                workspace = current_workspace()
                if workspace is not None:
                    span.set_attribute(key, workspace)
            mode = baggage_mode(parent_context or context_api.get_current())
            if mode is not None and span.context is not None:
                with self._lock:
                    if len(self._pending) < _PENDING_MAX:
                        self._pending[span.context.span_id] = mode
        except Exception:  # must not raise into the app; on_end still fails closed
            _log.debug("phiguard: on_start bookkeeping failed", exc_info=True)
        self._next.on_start(span, parent_context=parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        """Forward a scrubbed copy of ``span``; the original is never forwarded."""
        min_mode = None
        if span.context is not None and self._pending:
            with self._lock:
                min_mode = self._pending.pop(span.context.span_id, None)
        scrubbed = self._spans.rebuild(span, min_mode)
        try:
            self._next.on_end(scrubbed)
        except Exception:  # a failing exporter must not raise into the app
            _log.exception("phiguard: the wrapped span processor failed")

    def shutdown(self) -> None:
        """Shut down the wrapped processor."""
        self._next.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Flush the wrapped processor."""
        return self._next.force_flush(timeout_millis)


class ScrubbingSpanExporter(SpanExporter):
    """Wraps a span exporter and exports scrubbed copies of the spans.

    For setups that wire exporters rather than processors. Spans reach an exporter after
    they ended, usually on another thread, so the workspace comes from the span's
    ``workspace_id`` attribute or its resource (a workspace bound with
    ``phiguard.bind_workspace`` is only seen by :class:`ScrubbingSpanProcessor`); otherwise
    the policy's ``unknown_workspace_mode`` applies.

    Args:
        exporter: The exporter that receives the scrubbed spans.
        policy: As for :class:`ScrubbingSpanProcessor`.
    """

    def __init__(self, exporter: SpanExporter, policy: PolicyLike = None) -> None:
        self._exporter = exporter
        self._spans = _SpanScrubber(Guard(policy))

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Export scrubbed copies of ``spans``; the wrapped exporter's result is returned."""
        scrubbed = [self._spans.rebuild(span, None) for span in spans]
        return self._exporter.export(scrubbed)

    def shutdown(self) -> None:
        """Shut down the wrapped exporter."""
        self._exporter.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Flush the wrapped exporter."""
        return self._exporter.force_flush(timeout_millis)
