"""structlog drop-in: :class:`ScrubProcessor`, placed before the renderer.

::

    import structlog
    from phiguard.integrations.structlog import ScrubProcessor, add_scrub_processor

    structlog.configure(processors=add_scrub_processor([
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.processors.JSONRenderer(),
    ]))
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from phiguard._engine.context import current_workspace
from phiguard._engine.scrubber import Scrubber, scrubber_for
from phiguard.errors import PhiguardWarning
from phiguard.policy import Policy

__all__ = ["ScrubProcessor", "add_scrub_processor"]

#: Keys structlog uses for the message and rendered tracebacks / stacks.
MESSAGE_KEYS = ("event", "exception", "stack")


class ScrubProcessor:
    """A structlog processor that scrubs each event dict under its workspace's mode.

    Place it after ``merge_contextvars``, ``format_exc_info`` / ``dict_tracebacks`` and
    ``StackInfoRenderer``, and before the renderer (:func:`add_scrub_processor` does that).
    An event still carrying ``exc_info`` has its exception formatted to text and scrubbed here,
    so the raw exception message never reaches a later processor.

    Raises ``structlog.DropEvent`` only when the policy's action for the log message is
    ``drop``. Never raises anything else: on an internal failure the event keeps only safe
    fields and ``phiguard.error``.

    Args:
        policy: A :class:`~phiguard.Policy`, a :class:`~phiguard.Scrubber`, or anything
            :func:`~phiguard.load_policy` accepts (``None``: environment, then defaults).
    """

    __slots__ = ("_after_renderer_warned", "_workspace_key", "scrubber")

    def __init__(self, policy: Policy | Scrubber | Mapping[str, Any] | str | None = None) -> None:
        self.scrubber = scrubber_for(policy)
        self._workspace_key = self.scrubber.policy.workspace_key
        self._after_renderer_warned = False

    def __call__(
        self, logger: WrappedLogger, method_name: str, event_dict: EventDict
    ) -> EventDict:
        """Return a new, scrubbed event dict (the input and its nested values are untouched)."""
        if type(event_dict) is not dict and not isinstance(event_dict, MutableMapping):
            return self._after_renderer(event_dict)
        try:
            workspace = None
            if self._workspace_key not in event_dict and current_workspace() is None:
                # phiguard's own binding wins; structlog's contextvars are read without it
                workspace = structlog.contextvars.get_contextvars().get(self._workspace_key)
            record: Mapping[str, Any] = event_dict
            if event_dict.get("exc_info"):
                record = _format_exc_info(logger, method_name, event_dict)
            result = self.scrubber.scrub(
                record,
                workspace=workspace if isinstance(workspace, str) else None,
                message_keys=MESSAGE_KEYS,
            )
            dropped = "event" in record and "event" not in result.record
        except Exception:  # must not raise into the app; fail closed
            self.scrubber._count_error()
            return {"event": "[REDACTED:error]", "phiguard.error": "scrub_failed"}
        if dropped:
            raise structlog.DropEvent
        return result.record

    def _after_renderer(self, rendered: Any) -> Any:
        """Placed after the renderer: warn once and scrub the rendered line as best we can."""
        if not self._after_renderer_warned:
            self._after_renderer_warned = True
            # warnings-as-errors must not turn this into an exception in the app
            with contextlib.suppress(Exception):
                warnings.warn(
                    "phiguard: ScrubProcessor received a rendered string; place it before the "
                    "renderer (see phiguard.integrations.structlog.add_scrub_processor)",
                    PhiguardWarning,
                    stacklevel=2,
                )
        as_bytes = isinstance(rendered, (bytes, bytearray))
        try:
            text = rendered.decode("utf-8", "replace") if as_bytes else str(rendered)
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                out = json.dumps(
                    self.scrubber.scrub(parsed, message_keys=MESSAGE_KEYS).record, default=str
                )
            else:
                out = self.scrubber.scan_text(text)
        except Exception:  # fail closed
            out = "[REDACTED:error]"
        return out.encode("utf-8") if as_bytes else out


def _format_exc_info(
    logger: WrappedLogger, method_name: str, event_dict: EventDict
) -> EventDict:
    """Render ``exc_info`` to the ``exception`` text on a copy, as ``format_exc_info`` would."""
    copied = dict(event_dict)
    try:
        return structlog.processors.format_exc_info(logger, method_name, copied)
    except Exception:
        copied.pop("exc_info", None)
        copied["exception"] = "[REDACTED:error]"
        return copied


_RENDERERS: tuple[type[Any], ...] = (
    structlog.processors.JSONRenderer,
    structlog.processors.KeyValueRenderer,
    structlog.processors.LogfmtRenderer,
    structlog.dev.ConsoleRenderer,
)


def _is_renderer(processor: Any) -> bool:
    if isinstance(processor, _RENDERERS):
        return True
    return processor is structlog.stdlib.ProcessorFormatter.wrap_for_formatter or (
        getattr(processor, "__name__", "") == "wrap_for_formatter"
    )


def add_scrub_processor(
    processors: Sequence[Processor],
    policy: Policy | Scrubber | Mapping[str, Any] | str | None = None,
) -> list[Processor]:
    """Return a new processor chain with a :class:`ScrubProcessor` in the right place.

    It goes just before the first renderer (``JSONRenderer``, ``ConsoleRenderer``,
    ``KeyValueRenderer``, ``LogfmtRenderer`` or ``ProcessorFormatter.wrap_for_formatter``),
    hence after ``merge_contextvars``, ``format_exc_info`` and ``StackInfoRenderer``; at the
    end when there is no renderer. A chain that already has one is returned as a copy.
    """
    chain = list(processors)
    if any(isinstance(p, ScrubProcessor) for p in chain):
        return chain
    scrub = ScrubProcessor(policy)
    for i, processor in enumerate(chain):
        if _is_renderer(processor):
            chain.insert(i, scrub)
            return chain
    chain.append(scrub)
    return chain
