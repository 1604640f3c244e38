"""stdlib logging drop-in: :class:`ScrubFilter`, a :class:`logging.Filter`.

Attach it to handlers (it then covers every logger that reaches them, uvicorn's and httpx's
included) or to loggers. From ``dictConfig``::

    "filters": {"phi": {"()": "phiguard.integrations.logging.ScrubFilter",
                        "policy": "/etc/phiguard.toml"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["phi"]}},
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any, Final

from phiguard._engine.scrubber import Scrubber, scrubber_for
from phiguard.policy import FieldClass, Policy

__all__ = ["ScrubFilter"]

_MESSAGE: Final = "message"
_EXC: Final = "exc_text"
_STACK: Final = "stack_info"
_MESSAGE_KEYS: Final = (_MESSAGE, _EXC, _STACK)

# Attributes every LogRecord has: they are the record's own metadata, not ``extra``.
_STANDARD_ATTRS: Final = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}
_ERROR_MESSAGE: Final = "[REDACTED:error]"


class ScrubFilter(logging.Filter):
    """Scrubs each LogRecord in place under its workspace's mode; returns False to drop.

    Covered: the formatted message (``msg % args``), ``extra`` attributes, ``exc_info`` /
    ``exc_text`` (formatted, scrubbed, and ``exc_info`` cleared so no handler re-renders the
    raw exception), and ``stack_info``. The record's workspace is its ``extra`` workspace key,
    else the bound workspace. Labels are set as attributes (``phiguard.mode``...).

    When the formatted message holds nothing to scrub, ``msg`` and ``args`` stay as they are;
    otherwise each argument is scrubbed (so formatters that unpack ``args``, like uvicorn's
    access formatter, keep working) or, when PHI spans arguments, ``msg`` becomes the scrubbed
    text and ``args`` is emptied. Never raises: on an internal failure the record keeps only
    its standard attributes and ``phiguard.error``.

    Args:
        policy: A :class:`~phiguard.Policy`, a :class:`~phiguard.Scrubber`, or anything
            :func:`~phiguard.load_policy` accepts (``None``: environment, then defaults).
        name: As for :class:`logging.Filter`: only records of this logger and its children
            are scrubbed... and every other record passes unscrubbed, so leave it empty
            unless you mean that.
    """

    def __init__(
        self,
        policy: Policy | Scrubber | Mapping[str, Any] | str | None = None,
        name: str = "",
    ) -> None:
        super().__init__(name)
        self.scrubber = scrubber_for(policy)

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub ``record`` in place; ``False`` only when the policy drops the message."""
        if not super().filter(record):
            return True  # not ours to judge: another logger's record
        try:
            return self._scrub(record)
        except Exception:  # must not raise into the app; fail closed
            _withhold(record)
            self.scrubber._count_error()
            return True

    def _scrub(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        fields: dict[str, Any] = {_MESSAGE: message}
        extras = [k for k in record.__dict__ if k not in _STANDARD_ATTRS]
        for key in extras:
            fields[key] = record.__dict__[key]
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            fields[_EXC] = record.exc_text
        if record.stack_info:
            fields[_STACK] = record.stack_info
        result = self.scrubber.scrub(fields, message_keys=_MESSAGE_KEYS)
        out = result.record
        if _MESSAGE not in out:
            return False
        if out.get("phiguard.error"):
            _withhold(record)
        elif out[_MESSAGE] != message:
            self._rewrite_message(record, out[_MESSAGE], result.settings.mode)
        record.exc_info = None
        record.exc_text = out.get(_EXC)
        record.stack_info = out.get(_STACK)
        for key in extras:
            if key not in out:
                delattr(record, key)
        for key, value in out.items():
            if key not in _MESSAGE_KEYS:
                setattr(record, key, value)
        return True

    def _rewrite_message(self, record: logging.LogRecord, scrubbed: str, mode: Any) -> None:
        args = record.args
        if isinstance(args, tuple) and args and isinstance(record.msg, str):
            new_args = []
            for arg in args:
                value, kept = self.scrubber.scrub_value(arg, FieldClass.MESSAGE, mode)
                new_args.append(value if kept else _ERROR_MESSAGE)
            new_msg = self.scrubber.scrub_value(record.msg, FieldClass.MESSAGE, mode)[0]
            try:
                candidate = str(new_msg) % tuple(new_args)
            except (TypeError, ValueError):
                candidate = None
            # Keep the argument form only if nothing is left to find in the whole text
            # (PHI can span arguments, e.g. an SSN logged as three parts).
            if candidate is not None and candidate == self.scrubber.scrub_value(
                candidate, FieldClass.MESSAGE, mode
            )[0]:
                record.msg, record.args = new_msg, tuple(new_args)
                return
        record.msg, record.args = scrubbed, ()


def _withhold(record: logging.LogRecord) -> None:
    """Fail closed: strip everything but the record's own metadata."""
    for key in [k for k in record.__dict__ if k not in _STANDARD_ATTRS]:
        with contextlib.suppress(AttributeError):
            delattr(record, key)
    record.msg, record.args = _ERROR_MESSAGE, ()
    record.exc_info, record.exc_text, record.stack_info = None, None, None
    setattr(record, "phiguard.error", "scrub_failed")
