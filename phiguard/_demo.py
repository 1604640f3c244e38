"""``phiguard demo``: a tour: a simulated voice call through real pipelines in every mode.

A healthcare scheduling agent takes a call: speech-to-text turns (some in spoken form), LLM
completions, a ``book_appointment`` tool call and its result, text-to-speech, a recording,
and end-of-call metrics. Each step is logged through a structlog pipeline (``JSONRenderer``)
and a stdlib logging handler, both guarded by phiguard, once per workspace mode. What each
sink received is captured and shown side by side. Then the same call is traced with
OpenTelemetry: a guarded ``BatchSpanProcessor`` and the real OTLP/HTTP exporter send the spans
to an in-process receiver on 127.0.0.1, and the spans it decoded are shown. The tour ends
with ``phiguard verify`` on phiguard's documented setup.

Everything here is synthetic. The output is built only from what the sinks captured, so the
demo shows the real behaviour of the adapters, whatever the detectors currently find.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import textwrap
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

import structlog

import phiguard
from phiguard._engine.scrubber import Scrubber, ScrubResult, Summary
from phiguard.integrations.logging import ScrubFilter
from phiguard.integrations.structlog import add_scrub_processor
from phiguard.policy import Mode, WorkspaceSettings

__all__ = [
    "DEMO_HMAC_KEY",
    "DEMO_POLICY",
    "SPAN_STEPS",
    "STEPS",
    "WORKSPACES",
    "Step",
    "run",
]

DEMO_HMAC_KEY: Final = "phiguard-DEMO-ONLY-hmac-key--public--never-use-for-real-data"
"""A fixed, public key so the demo's ``hash`` pseudonyms work and are reproducible. It is
in the source code, so anyone can recompute the demo's pseudonyms: never use it for real data."""

WORKSPACES: Final[Mapping[Mode, str]] = {
    Mode.STANDARD: "ws_standard",
    Mode.REDACTED: "ws_redacted",
    Mode.ZERO_RETENTION: "ws_zero",
}
"""The demo policy's workspace for each mode."""

DEMO_POLICY: Final[Mapping[str, Any]] = {
    "default_mode": "zero_retention",
    "unknown_workspace_mode": "zero_retention",
    "hmac_key": DEMO_HMAC_KEY,
    "workspaces": {
        "ws_standard": {"mode": "standard"},
        "ws_redacted": {"mode": "redacted", "training": "forbidden", "retention_days": 30},
        "ws_zero": {"mode": "zero_retention", "retention_days": 7},
    },
    # This demo application's own metadata keys. A real service lists its non-sensitive
    # keys the same way, so that zero retention keeps them.
    "fields": {
        "safe": [
            "agent",
            "turn",
            "speaker",
            "stt.confidence",
            "tts.voice",
            "tts.characters",
            "latency_ms",
            "ended_reason",
            "gen_ai.tool.name",
        ],
    },
}
"""The in-code demo policy: one workspace per mode, a demo HMAC key, the demo's safe keys."""

# The synthetic caller. Tests look for these in zero-retention output.
CALLER_NAME: Final = "Marisol Quintero"
CALLER_PHONE: Final = "(555) 013-4477"
CALLER_EMAIL: Final = "marisol.quintero@example.com"
CALLER_DOB: Final = "1984-03-03"
RECORDING_URL: Final = "https://storage.example-voice.test/recordings/call_123.wav"


@dataclass(frozen=True, slots=True)
class Step:
    """One moment of the call and what the service logs about it.

    Attributes:
        title: What happens, for the reader.
        event: The log message: structlog's ``event``, stdlib logging's ``msg``.
        args: ``%``-style arguments of the stdlib message (structlog gets the formatted text).
        fields: The structured fields (structlog key-values, stdlib ``extra``).
    """

    title: str
    event: str
    fields: Mapping[str, Any]
    args: tuple[Any, ...] = ()


STEPS: Final[tuple[Step, ...]] = (
    Step(
        "Call connects",
        "call.started",
        {"agent": "scheduling-assistant", "caller_number": "+1-555-013-4477"},
    ),
    Step(
        "Caller speaks (speech-to-text)",
        "stt.final_transcript",
        {
            "turn": 1,
            "speaker": "caller",
            "transcript": f"Hi, this is {CALLER_NAME}. I need to book a follow-up visit.",
            "stt.confidence": 0.94,
        },
    ),
    Step(
        "Agent asks who is calling (LLM)",
        "llm.completion",
        {
            "turn": 2,
            "gen_ai.request.model": "demo-llm-1",
            "gen_ai.completion.0.content": "Sure! Can I have your date of birth and the best "
            "phone number to reach you?",
            "gen_ai.usage.input_tokens": 412,
            "gen_ai.usage.output_tokens": 21,
        },
    ),
    Step(
        "Caller answers in spoken form (speech-to-text)",
        "stt.final_transcript",
        {
            "turn": 3,
            "speaker": "caller",
            "transcript": "It's March third nineteen eighty four, and my number is five five "
            "five, zero one three, four four seven seven. Email is marisol dot quintero "
            "at example dot com.",
            "stt.confidence": 0.88,
        },
    ),
    Step(
        "Agent calls the scheduling tool",
        "tool.call",
        {
            "gen_ai.tool.name": "book_appointment",
            "tool_args": {
                "patient_name": CALLER_NAME,
                "dob": CALLER_DOB,
                "phone": CALLER_PHONE,
                "email": CALLER_EMAIL,
                "reason": "follow-up visit",
            },
            # Not a real token; there to show that credentials are scrubbed in every mode.
            "authorization": "Bearer demo_not_a_real_token_0000",
        },
    ),
    Step(
        "Tool returns the booking",
        "tool.result",
        {
            "gen_ai.tool.name": "book_appointment",
            "tool_result": {
                "status": "booked",
                "appointment": "2025-07-14T09:30:00",
                "provider": "Dr. Okafor",
                "confirmation": "SCH-48213",
            },
            "latency_ms": 182,
        },
    ),
    Step(
        "Agent confirms (text-to-speech)",
        "tts.synthesized",
        {
            "turn": 4,
            "utterance": "You're all set for Monday, July 14 at 9:30 AM with Dr. Okafor. "
            f"I've sent the details to {CALLER_PHONE}.",
            "tts.voice": "demo-voice-1",
            "tts.characters": 104,
        },
    ),
    Step(
        "A developer put PHI in the log message itself",
        "confirmation sent to %s and %s",
        {"channel": "sms+email"},
        args=(CALLER_EMAIL, CALLER_PHONE),
    ),
    Step(
        "Call recording saved",
        "recording.saved",
        {"recording_url": RECORDING_URL, "duration_ms": 94_500},
    ),
    Step(
        "Call ends (metrics)",
        "call.ended",
        {
            "duration_ms": 96_120,
            "turn_count": 4,
            "gen_ai.usage.input_tokens": 1874,
            "gen_ai.usage.output_tokens": 213,
            "ended_reason": "caller_hung_up",
        },
    ),
)
"""The call, step by step."""

SPAN_STEPS: Final = (3, 4, 7, 8)
"""The steps whose spans the tour shows (spoken answer, tool call, PHI in a message, recording)."""

CALL_ID: Final = "call_123"
SINKS: Final = ("structlog", "logging")
_DROPPED: Final = "(dropped)"
_ABSENT: Final = "-"
_NOT_LOGGED: Final = "(event dropped)"


# ------------------------------------------------------------------------- capturing


class _RecordingScrubber(Scrubber):
    """A Scrubber that keeps each record's summary (counts only) for the demo's totals."""

    def __init__(self, policy: Any) -> None:
        super().__init__(policy)
        self.summaries: list[tuple[Mode, Summary]] = []

    def scrub(
        self,
        record: Mapping[str, Any],
        *,
        workspace: str | None = None,
        min_mode: Mode | None = None,
        message_keys: Collection[str] = (),
        settings: WorkspaceSettings | None = None,
        labels: bool = True,
    ) -> ScrubResult:
        """Scrub as :meth:`Scrubber.scrub` does, and keep the summary."""
        result = super().scrub(
            record,
            workspace=workspace,
            min_mode=min_mode,
            message_keys=message_keys,
            settings=settings,
            labels=labels,
        )
        self.summaries.append((result.settings.mode, result.summary))
        return result


class _StructlogSink:
    """The wrapped logger at the end of a structlog chain: keeps each rendered line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def msg(self, message: str) -> None:
        self.lines.append(message)

    info = debug = warning = error = critical = msg


_LOGRECORD_ATTRS: Final = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class _JsonFormatter(logging.Formatter):
    """A minimal JSON formatter (message plus ``extra`` fields), as services commonly use."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _LOGRECORD_ATTRS:
                out[key] = value
        if record.exc_text:
            out["exception"] = record.exc_text
        return json.dumps(out, default=str)


class _ListHandler(logging.Handler):
    """A handler that keeps each formatted line, standing in for a file or an exporter."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@dataclass
class _Captured:
    """What the sinks received: ``lines[(sink, mode)][step_index]`` (``None``: nothing)."""

    lines: dict[tuple[str, Mode], list[str | None]] = field(default_factory=dict)
    summaries: dict[Mode, list[Summary]] = field(default_factory=dict)


def _simulate(modes: Iterable[Mode]) -> _Captured:
    """Run the call once per mode through both guarded pipelines; capture their output."""
    captured = _Captured()
    struct_scrubber = _RecordingScrubber(DEMO_POLICY)
    stdlib_scrubber = _RecordingScrubber(DEMO_POLICY)

    # A real structlog chain, as a service would configure it; wrap_logger rather than
    # structlog.configure, so running the demo leaves the global configuration alone.
    struct_sink = _StructlogSink()
    struct_log = structlog.wrap_logger(
        struct_sink,
        processors=add_scrub_processor(
            [
                structlog.contextvars.merge_contextvars,
                structlog.processors.add_log_level,
                structlog.processors.JSONRenderer(),
            ],
            struct_scrubber,
        ),
        context_class=dict,
        cache_logger_on_first_use=False,
    )

    # A stdlib logger outside the logging manager's registry, so the demo neither touches
    # nor is touched by the application's own logging configuration.
    handler = _ListHandler()
    handler.setFormatter(_JsonFormatter())
    handler.addFilter(ScrubFilter(stdlib_scrubber))
    std_log = logging.Logger("voice_agent", logging.INFO)
    std_log.propagate = False
    std_log.addHandler(handler)

    for mode in modes:
        struct_lines: list[str | None] = []
        std_lines: list[str | None] = []
        with phiguard.bind_workspace(WORKSPACES[mode]), structlog.contextvars.bound_contextvars(
            call_id=CALL_ID
        ):
            for step in STEPS:
                message = step.event % step.args if step.args else step.event
                struct_sink.lines.clear()
                struct_log.info(message, **step.fields)
                struct_lines.append(struct_sink.lines[-1] if struct_sink.lines else None)

                handler.lines.clear()
                std_log.info(
                    step.event, *step.args, extra={"call_id": CALL_ID, **step.fields}
                )
                std_lines.append(handler.lines[-1] if handler.lines else None)
        captured.lines["structlog", mode] = struct_lines
        captured.lines["logging", mode] = std_lines
    for scrubber in (struct_scrubber, stdlib_scrubber):
        for mode, summary in scrubber.summaries:
            captured.summaries.setdefault(mode, []).append(summary)
    return captured


# -------------------------------------------------------------------------- rendering


@dataclass(frozen=True, slots=True)
class _Style:
    """ANSI styling, or none: the output reads the same without colour."""

    enabled: bool

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def mode(self, mode: Mode, text: str) -> str:
        return self._wrap(_MODE_COLOURS[mode], text)

    def value(self, text: str) -> str:
        """Dim the dropped marker; highlight placeholders, pseudonyms and redactions."""
        if not self.enabled:
            return text
        if text.strip() in (_DROPPED, _NOT_LOGGED, _ABSENT):
            return self.dim(text)
        return _MARKERS.sub(lambda m: self._wrap("35", m.group(0)), text)


_MODE_COLOURS: Final = {Mode.STANDARD: "33", Mode.REDACTED: "36", Mode.ZERO_RETENTION: "32"}
# Display only: spots the markers phiguard writes, to colour them.
_MARKERS: Final = re.compile(r"<[A-Z_]+(?::[0-9a-f]+)?>|phi_[0-9a-f]{8}|\[REDACTED:[a-z_]+\]")

_LEGEND: Final = (
    (Mode.STANDARD, "content kept; secrets (tokens, API keys) always scrubbed."),
    (
        Mode.REDACTED,
        "structure kept; PHI inside text replaced by typed placeholders (<PHONE>); "
        "identifier fields hashed to keyed pseudonyms (phi_…), stable for correlation; "
        "audio references removed.",
    ),
    (
        Mode.ZERO_RETENTION,
        "no content, tool I/O, audio or identifiers leave the process; only allowlisted "
        "metadata and metrics, and the log message after scanning.",
    ),
)

_COLUMNS_MIN_WIDTH: Final = 120
_KEY_WIDTH_MAX: Final = 28
_GAP: Final = " │ "


def _parse(line: str | None) -> dict[str, Any] | None:
    if line is None:
        return None
    try:
        parsed = json.loads(line)
    except ValueError:
        return {"(unparsed line)": line}
    return parsed if isinstance(parsed, dict) else {"(line)": parsed}


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# phiguard's labels, in the order a reader wants them.
_LABEL_ORDER: Final = (
    "phiguard.mode",
    "phiguard.training",
    "phiguard.retention_days",
    "phiguard.redacted.count",
)


def _rows(
    logged: list[str], records: Mapping[Mode, dict[str, Any] | None]
) -> list[str]:
    """Row keys: the keys the service logged, in order, then whatever else the sinks got."""
    keys = list(logged)
    extra = [k for k in _LABEL_ORDER if any(k in (r or {}) for r in records.values())]
    for record in records.values():
        extra.extend(k for k in record or {} if k not in keys and k not in extra)
    return keys + extra


def _cell(record: dict[str, Any] | None, key: str, logged: Collection[str]) -> str:
    if record is None:
        return _NOT_LOGGED
    if key in record:
        return _show(record[key])
    # Only a key the service logged can have been dropped; a label phiguard adds in one
    # mode and not another is simply absent.
    return _DROPPED if key in logged else _ABSENT


@dataclass(frozen=True, slots=True)
class _View:
    """How to show the captured lines: which modes, how wide, with what styling."""

    out: TextIO
    modes: tuple[Mode, ...]
    width: int
    style: _Style

    def table(self, step: Step, sink: str, lines: Mapping[Mode, str | None]) -> None:
        """One step as seen by one sink: rows of keys, a column or a section per mode."""
        if sink == "otel":
            logged = ["span", "call_id", *_flat(step.fields)]
        else:
            message_key = "event" if sink == "structlog" else "message"
            logged = [message_key, "level", "call_id", *step.fields]
        records = {mode: _parse(lines[mode]) for mode in self.modes}
        keys = [k for k in _rows(logged, records) if k != "logger"]
        if len(self.modes) > 1 and self.width >= _COLUMNS_MIN_WIDTH:
            self._columns(keys, logged, records)
        else:
            self._stacked(keys, logged, records)

    def _columns(
        self,
        keys: list[str],
        logged: list[str],
        records: Mapping[Mode, dict[str, Any] | None],
    ) -> None:
        style, modes = self.style, self.modes
        key_w = min(_KEY_WIDTH_MAX, max(len(k) for k in keys))
        col_w = (self.width - 2 - key_w - len(_GAP) * len(modes)) // len(modes)
        header = " " * (2 + key_w) + "".join(
            _GAP + style.mode(mode, style.bold(mode.value.ljust(col_w))) for mode in modes
        )
        self.out.write(header.rstrip() + "\n")
        for key in keys:
            cells = [
                textwrap.wrap(_cell(records[mode], key, logged), col_w, break_on_hyphens=False)
                or [""]
                for mode in modes
            ]
            key_lines = textwrap.wrap(key, key_w) or [""]
            for i in range(max(len(key_lines), *(len(c) for c in cells))):
                label = key_lines[i] if i < len(key_lines) else ""
                row = "  " + style.dim(label.ljust(key_w))
                for cell in cells:
                    text = cell[i] if i < len(cell) else ""
                    row += _GAP + style.value(text.ljust(col_w))
                self.out.write(row.rstrip() + "\n")

    def _stacked(
        self,
        keys: list[str],
        logged: list[str],
        records: Mapping[Mode, dict[str, Any] | None],
    ) -> None:
        style = self.style
        key_w = min(_KEY_WIDTH_MAX, max(len(k) for k in keys))
        value_w = max(20, self.width - 6 - key_w)
        for mode in self.modes:
            self.out.write(f"  {style.mode(mode, style.bold(f'[{mode.value}]'))}\n")
            for key in keys:
                cell = _cell(records[mode], key, logged)
                if cell == _ABSENT:
                    continue  # without columns to align, an absent label is just noise
                lines = textwrap.wrap(cell, value_w, break_on_hyphens=False)
                for i, text in enumerate(lines or [""]):
                    label = (key if i == 0 else "").ljust(key_w)
                    self.out.write(f"    {style.dim(label)}  {style.value(text)}".rstrip() + "\n")


def _same_outcome(a: str | None, b: str | None) -> bool:
    """Whether the structlog and logging sinks let out the same fields (parity)."""
    ra, rb = _parse(a), _parse(b)
    if ra is None or rb is None:
        return ra is rb
    ra = dict(ra)
    rb = dict(rb)
    rb.pop("logger", None)
    ra["message"] = ra.pop("event", None)
    return ra == rb


def _totals(summaries: list[Summary]) -> str:
    """One line of counts (never values): fields acted on by action and class; detections."""
    by_action: dict[str, Counter[str]] = {}
    labels: Counter[str] = Counter()
    errors = 0
    for summary in summaries:
        for key, n in summary.fields.items():  # keys are "<class>:<action>"
            cls, _, action = key.rpartition(":")
            by_action.setdefault(_VERBS.get(action, action), Counter())[cls] += n
        labels.update(summary.labels)
        errors += summary.error
    fields = "; ".join(
        f"{verb} {sum(per_class.values())} "
        f"({', '.join(f'{cls} {n}' for cls, n in per_class.most_common())})"
        for verb, per_class in by_action.items()
    )
    found = ", ".join(f"{label} {n}" for label, n in labels.most_common())
    text = f"fields: {fields or 'all kept'} · detections: {found or 'none'}"
    return text + (f" · {errors} failed closed" if errors else "")


_VERBS: Final = {
    "drop": "dropped",
    "redact": "redacted",
    "hash": "hashed",
    "mask": "masked",
    "scan": "scanned",
}


# ------------------------------------------------------------------------ OpenTelemetry


def _flat(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Span attributes of a step: nested values as JSON text, as instrumentations write them."""
    return {
        k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in fields.items()
    }


def _simulate_spans(modes: Iterable[Mode]) -> tuple[dict[Mode, list[str | None]], str]:
    """Trace the call once per mode through a guarded OTLP exporter to a local receiver.

    Returns:
        ``{mode: [one JSON line per step]}`` built from what the receiver decoded, and the
        receiver's endpoint.
    """
    import requests
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    from phiguard._receiver import Receiver
    from phiguard.integrations.otel import ScrubbingSpanProcessor

    out: dict[Mode, list[str | None]] = {}
    with Receiver() as receiver:
        session = requests.Session()
        session.trust_env = False  # 127.0.0.1 is never reached through a proxy
        provider = TracerProvider(resource=Resource.create({"service.name": "demo-agent"}))
        provider.add_span_processor(
            ScrubbingSpanProcessor(
                BatchSpanProcessor(
                    OTLPSpanExporter(endpoint=receiver.url("traces"), session=session)
                ),
                Scrubber(DEMO_POLICY),
            )
        )
        tracer = provider.get_tracer("phiguard.demo")
        try:
            for mode in modes:
                with phiguard.bind_workspace(WORKSPACES[mode]), tracer.start_as_current_span(
                    "call", attributes={"call_id": CALL_ID}
                ):
                    for step in STEPS:
                        name = step.event % step.args if step.args else step.event
                        with tracer.start_as_current_span(
                            name, attributes={"call_id": CALL_ID, **_flat(step.fields)}
                        ):
                            pass
                provider.force_flush()
                received = [sp for sp in receiver.spans() if sp.name != "call"]
                receiver.requests.clear()
                lines: list[str | None] = []
                for span in received:
                    attributes = {kv.key: _any_value(kv.value) for kv in span.attributes}
                    lines.append(json.dumps({"span": span.name, **attributes}))
                out[mode] = lines + [None] * (len(STEPS) - len(lines))
        finally:
            provider.shutdown()
        endpoint = receiver.endpoint
    return out, endpoint


def _any_value(value: Any) -> Any:
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [_any_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: _any_value(kv.value) for kv in value.kvlist_value.values}
    return getattr(value, kind)


def _use_colour(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def run(out: TextIO, *, modes: tuple[Mode, ...] = tuple(Mode), raw: bool = False) -> None:
    """Simulate the call in ``modes`` and write what the sinks received to ``out``.

    Args:
        out: Where to write (a terminal gets colour unless ``NO_COLOR`` is set).
        modes: The modes to show, in order.
        raw: Write the exact captured lines, ``<mode> <sink> <line>``, instead of tables.
    """
    captured = _simulate(modes)
    if raw:
        for mode in modes:
            for sink in SINKS:
                for line in captured.lines[sink, mode]:
                    shown_line = line if line is not None else _NOT_LOGGED
                    out.write(f"{mode.value}\t{sink}\t{shown_line}\n")
        return

    style = _Style(_use_colour(out))
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    shown = ", ".join(f"{m.value} ({WORKSPACES[m]})" for m in modes)
    rule = "─" * min(width, 160)
    view = _View(out, modes, width, style)
    title = "phiguard demo: a simulated call to a healthcare scheduling agent"
    out.write("\n".join(style.bold(line) for line in textwrap.wrap(title, width)) + "\n")
    out.write(
        textwrap.fill(
            "Every value is synthetic. Each step is logged through a structlog pipeline "
            "(JSONRenderer) and a stdlib logging handler, both guarded by phiguard, in the "
            f"workspaces {shown}. Below is what each sink received; '{_DROPPED}' marks a "
            "field that did not leave the process.",
            width=min(width, 100),
        )
        + "\n"
    )
    for i, step in enumerate(STEPS):
        out.write(f"\n{rule}\n{style.bold(f'{i + 1}/{len(STEPS)}  {step.title}')}\n")
        struct_lines = {m: captured.lines["structlog", m][i] for m in modes}
        std_lines = {m: captured.lines["logging", m][i] for m in modes}
        out.write(style.dim("structlog → JSONRenderer") + "\n")
        view.table(step, "structlog", struct_lines)
        if all(_same_outcome(struct_lines[m], std_lines[m]) for m in modes):
            same = "logging.Handler (ScrubFilter): the same fields, 'message' for 'event'"
            for line in textwrap.wrap(same, width):
                out.write(style.dim(line) + "\n")
        else:
            out.write(style.dim("logging.Handler (ScrubFilter)") + "\n")
            view.table(step, "logging", std_lines)

    spans, endpoint = _simulate_spans(modes)
    out.write(f"\n{rule}\n{style.bold('OpenTelemetry: the same call as spans')}\n")
    out.write(
        textwrap.fill(
            "Each step is also a span, exported by the real OTLP/HTTP exporter behind "
            "ScrubbingSpanProcessor(BatchSpanProcessor(...)) to an OTLP receiver running in "
            f"this process at {endpoint}. Below is what the receiver decoded from the wire "
            "for a few of the spans.",
            width=min(width, 100),
        )
        + "\n"
    )
    for i in SPAN_STEPS:
        step = STEPS[i]
        out.write(f"\n{style.bold(f'span of step {i + 1}: {step.title}')}\n")
        view.table(step, "otel", {m: spans[m][i] for m in modes})

    out.write(f"\n{rule}\n{style.bold('Modes')}\n")
    label_w = max(len(m.value) for m, _ in _LEGEND)
    for mode, text in _LEGEND:
        wrapped = textwrap.wrap(text, max(30, min(width, 100) - label_w - 4))
        for j, line in enumerate(wrapped):
            label = mode.value.ljust(label_w) if j == 0 else " " * label_w
            out.write(f"  {style.mode(mode, label) if j == 0 else label}  {line}\n")
    out.write(
        textwrap.fill(
            "Every record carries phiguard.mode (and phiguard.training / "
            "phiguard.retention_days when set), so downstream systems can honour them.",
            width=min(width, 100),
        )
        + "\n"
    )
    out.write(f"\n{style.bold('Summary')} (both sinks, {len(STEPS)} records each)\n")
    for mode in modes:
        totals = _totals(captured.summaries.get(mode, []))
        head = f"  {mode.value.ljust(label_w)}  "
        wrapped = textwrap.wrap(totals, max(30, width - len(head)))
        out.write(style.mode(mode, head) + wrapped[0] + "\n")
        for line in wrapped[1:]:
            out.write(" " * len(head) + line + "\n")

    from phiguard import _verify

    out.write(f"\n{rule}\n{style.bold('Before launch: phiguard verify')}\n")
    out.write(
        textwrap.fill(
            "Canary PHI of every class pushed through phiguard's documented setup "
            "(structlog, stdlib logging, OpenTelemetry traces, logs and metrics) in every "
            "mode of the demo policy; what the exporters and handlers would emit is "
            "captured and checked. Run it on your own service with "
            "`phiguard verify --policy phiguard.toml --app yourservice.telemetry:setup`.",
            width=min(width, 100),
        )
        + "\n\n"
    )
    _verify.verify(DEMO_POLICY).print(out)
