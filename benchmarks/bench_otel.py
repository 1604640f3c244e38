"""Per-span cost of an OpenTelemetry pipeline with and without ScrubbingSpanProcessor.

Both providers export to a discarding exporter through a BatchSpanProcessor; they are
measured in the same run, interleaved. Each span has 10 attributes and one event:

(a) metadata only (model, token counts, latencies, status...);
(b) the same plus a 200-character transcript with PHI in it.

Run: ``python benchmarks/bench_otel.py [--spans N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Sequence
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

import phiguard
from phiguard.integrations.otel import ScrubbingSpanProcessor

POLICY = {
    "hmac_key": "benchmark-key-benchmark-key-benchmark-key",
    "workspaces": {
        "ws_standard": {"mode": "standard"},
        "ws_redacted": {"mode": "redacted"},
        "ws_zero": {"mode": "zero_retention"},
    },
}
TRANSCRIPT = (
    "Hi, this is Maria Gonzalez calling about my appointment. My date of birth is March third "
    "nineteen eighty four and you can reach me at five five five, oh one three, four four seven."
)[:200]
METADATA: dict[str, Any] = {
    "gen_ai.system": "anthropic",
    "gen_ai.request.model": "claude-3-7-sonnet",
    "gen_ai.usage.input_tokens": 1320,
    "gen_ai.usage.output_tokens": 88,
    "gen_ai.response.finish_reasons": ("stop",),
    "metrics.ttfb": 0.412,
    "duration_ms": 1830,
    "turn_count": 7,
    "status": "ok",
}


class Discard(SpanExporter):
    """Drops every span (the cost of a real exporter is not what is measured)."""

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


def build(guarded: bool) -> TracerProvider:
    """A provider exporting through a BatchSpanProcessor, optionally wrapped by phiguard."""
    provider = TracerProvider()
    batch = BatchSpanProcessor(Discard(), max_queue_size=1 << 16, max_export_batch_size=4096)
    provider.add_span_processor(ScrubbingSpanProcessor(batch, POLICY) if guarded else batch)
    return provider


def per_span_us(provider: TracerProvider, attributes: dict[str, Any], spans: int) -> float:
    """Microseconds per span: start, 10 attributes, one event, end."""
    tracer = provider.get_tracer("bench")
    start = time.perf_counter()
    for _ in range(spans):
        span = tracer.start_span("llm", attributes=attributes)
        span.add_event("first_token", {"metrics.ttfb": 0.4})
        span.end()
    elapsed = time.perf_counter() - start
    provider.force_flush()
    return elapsed / spans * 1e6


def main() -> None:
    """Measure and print per-span costs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore", phiguard.PhiguardWarning)
    plain, guarded = build(False), build(True)
    print(f"phiguard {phiguard.__version__}; {args.spans} spans x {args.repeats} repeats, "
          "median us/span")
    print(f"{'span':<12} {'mode':<16} {'plain':>8} {'phiguard':>9} {'ratio':>7}")
    for kind in ("metadata", "transcript"):
        for ws, settings in POLICY["workspaces"].items():
            attributes = {"workspace_id": ws, **METADATA}
            if kind == "transcript":
                attributes["transcript"] = TRANSCRIPT
            else:
                attributes["gen_ai.operation.name"] = "chat"
            for provider in (plain, guarded):  # warm caches
                per_span_us(provider, attributes, 1_000)
            base, ours = [], []
            for _ in range(args.repeats):
                base.append(per_span_us(plain, attributes, args.spans))
                ours.append(per_span_us(guarded, attributes, args.spans))
            b, o = statistics.median(base), statistics.median(ours)
            print(f"{kind:<12} {settings['mode']:<16} {b:8.2f} {o:9.2f} {o / b:6.2f}x")
    plain.shutdown()
    guarded.shutdown()


if __name__ == "__main__":
    main()
