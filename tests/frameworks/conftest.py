"""Shared harness for the voice-agent framework tests: policy, canaries, a guarded provider.

Each framework test runs a real Pipecat pipeline or LiveKit Agents session offline, lets the
framework emit its own spans into a ``TracerProvider`` whose only exporting processor is
wrapped by :class:`~phiguard.integrations.otel.ScrubbingSpanProcessor`, and inspects what
the exporter received. Canaries are synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from phiguard import Mode
from phiguard.integrations.otel import ScrubbingSpanProcessor

POLICY: dict[str, Any] = {
    "hmac_key": "x" * 40,
    "workspaces": {
        "ws_std": {"mode": "standard"},
        "ws_red": {"mode": "redacted"},
        "ws_zero": {"mode": "zero_retention"},
    },
}

WORKSPACE_OF: dict[Mode, str] = {
    Mode.STANDARD: "ws_std",
    Mode.REDACTED: "ws_red",
    Mode.ZERO_RETENTION: "ws_zero",
}

#: What the caller says (speech-to-text output, in spoken form).
UTTERANCE = (
    "my name is Quentin Zephyrine, date of birth March third nineteen eighty four, "
    "phone five five five oh one three four four seven seven"
)
#: The tool-call arguments the fake LLM emits (written form).
TOOL_ARGS: dict[str, str] = {
    "patient_name": "Quentin Zephyrine",
    "date_of_birth": "1984-03-03",
    "phone": "555-013-4477",
}
#: What the booking tool returns.
TOOL_RESULT = "Appointment confirmed for Quentin Zephyrine, reference QZ-8841"
#: The fake LLM's spoken answer, which reaches text-to-speech.
REPLY = "Thanks Quentin Zephyrine, you are booked for Tuesday at nine."
#: The agent's instructions (content, never PHI; still dropped in zero retention).
INSTRUCTIONS = "You are the Wexford clinic scheduler."
#: A credential planted in span attributes; no mode lets it through.
SECRET = "sk-canary0123456789abcdefghijklmnop"

#: Fragments of every piece of content above; none may reach an exporter in zero retention.
CONTENT_CANARIES = (
    "Quentin",
    "Zephyrine",
    "five five five",
    "nineteen eighty four",
    "555-013-4477",
    "1984-03-03",
    "QZ-8841",
    "booked for Tuesday",
    "Wexford",
)
#: The caller's identifiers the detectors find in free text: gone in redacted mode too.
IDENTIFIER_CANARIES = (
    "Zephyrine",
    "five five five oh one three",
    "nineteen eighty four",
    "555-013-4477",
    "1984-03-03",
)

#: The caller's phone number and birth date, spoken and written.
SPOKEN_AND_WRITTEN_NUMBERS = tuple(c for c in IDENTIFIER_CANARIES if c != "Zephyrine")

MODES = [Mode.STANDARD, Mode.REDACTED, Mode.ZERO_RETENTION]


@dataclass
class Capture:
    """A guarded tracer provider and the exporter behind it."""

    provider: TracerProvider
    exporter: InMemorySpanExporter

    def spans(self) -> list[ReadableSpan]:
        """The spans the exporter received, after a flush."""
        self.provider.force_flush()
        return list(self.exporter.get_finished_spans())

    def by_name(self, name: str) -> list[ReadableSpan]:
        """The received spans called ``name``."""
        return [span for span in self.spans() if span.name == name]

    def one(self, name: str) -> ReadableSpan:
        """The last received span called ``name`` (asserting there is one)."""
        found = self.by_name(name)
        assert found, f"no {name!r} span in {sorted({s.name for s in self.spans()})}"
        return found[-1]


def make_capture(resource_attributes: Mapping[str, str] | None = None) -> Capture:
    """A provider whose only exporting processor is guarded by phiguard."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create(dict(resource_attributes or {})))
    # The drop-in: wrap the exporting processor (BatchSpanProcessor in production).
    provider.add_span_processor(ScrubbingSpanProcessor(SimpleSpanProcessor(exporter), POLICY))
    return Capture(provider, exporter)


def texts(span: ReadableSpan) -> Iterator[str]:
    """Every string an exporter would send for ``span``: name, keys, values, events, status."""
    yield span.name
    if span.status.description:
        yield span.status.description
    yield from _flatten(span.attributes)
    for event in span.events:
        yield event.name
        yield from _flatten(event.attributes)
    for link in span.links:
        yield from _flatten(link.attributes)
    if span.resource is not None:
        yield from _flatten(span.resource.attributes)


def _flatten(attributes: Mapping[str, Any] | None) -> Iterator[str]:
    for key, value in (attributes or {}).items():
        yield key
        values = value if isinstance(value, (list, tuple)) else (value,)
        yield from (str(v) for v in values)


def leaks(spans: Iterable[ReadableSpan], canaries: Iterable[str]) -> list[tuple[str, str]]:
    """``(span name, canary)`` for each canary found anywhere in the exported spans."""
    wanted = [c.lower() for c in canaries]
    found = []
    for span in spans:
        blob = "\n".join(texts(span)).lower()
        found.extend((span.name, c) for c in wanted if c in blob)
    return found
