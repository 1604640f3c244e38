"""Per-event cost of a structlog JSON pipeline with and without phiguard's ScrubProcessor.

Both pipelines are measured in the same run, interleaved, so the ratios compare like with
like on whatever machine runs this. Events:

(a) metadata only: an event name and five safe fields (what a call-ended line looks like);
(b) a 200-character transcript turn with PHI in it, plus the same metadata.

Run: ``python benchmarks/bench_logging.py [--events N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import structlog

import phiguard
from phiguard.integrations.structlog import ScrubProcessor

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


def build(processors_before_renderer: list[Any]) -> Any:
    """structlog's documented production pipeline (stdlib json), writing to /dev/null."""
    devnull = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the benchmark
    return structlog.wrap_logger(
        structlog.WriteLogger(devnull),
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.format_exc_info,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            *processors_before_renderer,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
    )


def per_event_us(emit: Callable[[], None], events: int) -> float:
    """Microseconds per event over one batch."""
    start = time.perf_counter()
    for _ in range(events):
        emit()
    return (time.perf_counter() - start) / events * 1e6


def main() -> None:
    """Measure and print a table of per-event costs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    warnings.simplefilter("ignore", phiguard.PhiguardWarning)
    plain = build([])
    guarded = build([ScrubProcessor(POLICY)])
    metadata = {"call_id": "c-5f1e", "duration_ms": 48_200, "status": "completed",
                "turn_count": 14, "gen_ai.usage.input_tokens": 3120}

    print(f"structlog {structlog.__version__}, phiguard {phiguard.__version__}; "
          f"{args.events} events x {args.repeats} repeats, median us/event")
    print(f"{'event':<12} {'mode':<16} {'plain':>8} {'phiguard':>9} {'ratio':>7}")
    for kind in ("metadata", "transcript"):
        for ws in POLICY["workspaces"]:
            fields: dict[str, Any] = {"workspace_id": ws, **metadata}
            if kind == "transcript":
                fields["transcript"] = TRANSCRIPT

            def emit_plain(fields: dict[str, Any] = fields) -> None:
                plain.info("call_ended", **fields)

            def emit_guarded(fields: dict[str, Any] = fields) -> None:
                guarded.info("call_ended", **fields)

            for emit in (emit_plain, emit_guarded):  # warm caches
                per_event_us(emit, 2_000)
            base, ours = [], []
            for _ in range(args.repeats):  # interleaved: drift hits both alike
                base.append(per_event_us(emit_plain, args.events))
                ours.append(per_event_us(emit_guarded, args.events))
            b, o = statistics.median(base), statistics.median(ours)
            mode = POLICY["workspaces"][ws]["mode"]
            print(f"{kind:<12} {mode:<16} {b:8.2f} {o:9.2f} {o / b:6.2f}x")


if __name__ == "__main__":
    main()
