"""Logs: a log record processor that forwards scrubbed records."""

from __future__ import annotations

import copy
import logging
from typing import Any, Final

from opentelemetry.sdk._logs import LogRecordProcessor, ReadWriteLogRecord

from phiguard.integrations.otel._common import Guard, PolicyLike, baggage_mode, plain_mapping
from phiguard.policy import FieldClass, Mode, WorkspaceSettings

_log = logging.getLogger("phiguard")

_ERROR_BODY: Final = "[REDACTED:error]"
#: Key under which a structured body is classified when the record has no event name.
_BODY_KEY: Final = "log.body"


class ScrubbingLogRecordProcessor(LogRecordProcessor):
    """Wraps a log record processor (typically a ``BatchLogRecordProcessor``) and scrubs.

    The body (a string is scanned like a log message; a structured body is classified by the
    record's event name, so the content of GenAI events such as ``gen_ai.user.message``,
    ``gen_ai.choice`` or ``gen_ai.client.inference.operation.details`` is treated as
    content), attributes (including ``exception.message`` / ``exception.stacktrace``) and the
    event name are scrubbed under the record's mode; resource attributes once per resource.
    Works with the SDK's ``LoggingHandler``, so stdlib and structlog records bridged to OTLP
    are covered. The workspace: the record's ``workspace_id`` attribute, the bound workspace,
    the resource's, else ``unknown_workspace_mode``; ``phiguard.mode`` baggage only tightens.

    Never raises into the application: a record that cannot be scrubbed leaves with only safe
    attributes and ``phiguard.error``, and its body withheld.

    Args:
        next_processor: The processor that receives the scrubbed records.
        policy: A :class:`~phiguard.Policy`, a :class:`~phiguard.Scrubber`, or anything
            :func:`~phiguard.load_policy` accepts.
    """

    def __init__(self, next_processor: LogRecordProcessor, policy: PolicyLike = None) -> None:
        self._next = next_processor
        self._guard = Guard(policy)

    @property
    def scrubber(self) -> Any:
        """The :class:`~phiguard.Scrubber` this processor applies."""
        return self._guard.scrubber

    def on_emit(self, log_record: ReadWriteLogRecord) -> None:
        """Forward a scrubbed copy of ``log_record``; the original is never forwarded."""
        try:
            scrubbed = self._scrub(log_record)
        except Exception:  # must not raise into the app; fail closed
            self._guard.scrubber._count_error()
            scrubbed = self._shell(log_record)
        try:
            self._next.on_emit(scrubbed)
        except Exception:  # a failing exporter must not raise into the app
            _log.exception("phiguard: the wrapped log record processor failed")

    def _scrub(self, rw: ReadWriteLogRecord) -> ReadWriteLogRecord:
        scrubber = self._guard.scrubber
        record = rw.log_record
        attributes = plain_mapping(record.attributes)
        result = scrubber.scrub(
            attributes,
            workspace=self._guard.resource_workspace(rw.resource),
            min_mode=baggage_mode(record.context),
        )
        if result.summary.error:
            raise RuntimeError("log attributes could not be scrubbed")
        settings = result.settings
        new = copy.copy(record)
        new.attributes = result.record
        new.body = self._body(record.body, record.event_name, settings)
        if record.event_name:
            new.event_name = self._message(record.event_name, settings.mode) or None
        new.exception = None  # its text is in the scrubbed exception.* attributes
        return ReadWriteLogRecord(
            log_record=new,
            resource=self._guard.resource(rw.resource),
            instrumentation_scope=rw.instrumentation_scope,
            limits=rw.limits,
        )

    def _message(self, text: str, mode: Mode) -> str:
        return self._guard.scrubber.scrub_message(text, mode) or ""

    def _body(self, body: Any, event_name: str | None, settings: WorkspaceSettings) -> Any:
        if body is None:
            return None
        if isinstance(body, str):
            value, kept = self._guard.scrubber.scrub_value(body, FieldClass.MESSAGE, settings.mode)
            return value if kept else None
        key = event_name or _BODY_KEY
        result = self._guard.scrubber.scrub({key: body}, settings=settings, labels=False)
        if result.summary.error:
            raise RuntimeError("log body could not be scrubbed")
        return result.record.get(key)

    def _shell(self, rw: ReadWriteLogRecord) -> ReadWriteLogRecord:
        new = copy.copy(rw.log_record)
        new.attributes = self._guard.safe_shell(rw.log_record.attributes)
        new.body = _ERROR_BODY
        new.event_name = None
        new.exception = None
        try:
            resource = self._guard.resource(rw.resource)
        except Exception:
            resource = None
        return ReadWriteLogRecord(
            log_record=new,
            resource=resource,
            instrumentation_scope=rw.instrumentation_scope,
            limits=rw.limits,
        )

    def shutdown(self) -> None:
        """Shut down the wrapped processor."""
        self._next.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Flush the wrapped processor."""
        return bool(self._next.force_flush(timeout_millis))
