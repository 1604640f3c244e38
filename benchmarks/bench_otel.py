"""Per-span cost of an OpenTelemetry pipeline with and without ScrubbingSpanProcessor.

Both providers export to a discarding exporter through a BatchSpanProcessor; they are
measured in the same run, interleaved. Each span has 10 attributes and one event:

(a) metadata only (model, token counts, latencies, status...);
(b) the same plus a 200-character transcript with PHI in it.

Run: ``python benchmarks/bench_otel.py [--spans N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Sequence
from typing import Any

from _compare import POLICY, TRANSCRIPT, compare, print_header
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

import phiguard
from phiguard.integrations.otel import ScrubbingSpanProcessor

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


def timer(provider: TracerProvider, attributes: dict[str, Any]) -> Any:
    """A function making ``count`` spans (start, 10 attributes, one event, end)."""
    tracer = provider.get_tracer("bench")

    def run(count: int) -> float:
        start = time.perf_counter()
        for _ in range(count):
            span = tracer.start_span("llm", attributes=attributes)
            span.add_event("first_token", {"metrics.ttfb": 0.4})
            span.end()
        elapsed = time.perf_counter() - start
        provider.force_flush()
        return elapsed / count * 1e6

    return run


def main() -> None:
    """Measure and print per-span costs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore", phiguard.PhiguardWarning)
    plain, guarded = build(False), build(True)
    print_header(
        "us/span", f"phiguard {phiguard.__version__}; {args.spans} spans x {args.repeats} repeats"
    )
    for kind in ("metadata", "transcript"):
        for ws, settings in POLICY["workspaces"].items():
            attributes = {"workspace_id": ws, **METADATA}
            if kind == "transcript":
                attributes["transcript"] = TRANSCRIPT
            else:
                attributes["gen_ai.operation.name"] = "chat"
            compare(kind, settings["mode"], timer(plain, attributes), timer(guarded, attributes),
                    count=args.spans, repeats=args.repeats)
    plain.shutdown()
    guarded.shutdown()


if __name__ == "__main__":
    main()
