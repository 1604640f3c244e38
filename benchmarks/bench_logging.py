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
import time
import warnings
from typing import Any

import structlog
from _compare import POLICY, TRANSCRIPT, compare, print_header

import phiguard
from phiguard.integrations.structlog import ScrubProcessor


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


def timer(logger: Any, fields: dict[str, Any]) -> Any:
    """A function logging ``count`` events and returning microseconds per event."""

    def run(count: int) -> float:
        start = time.perf_counter()
        for _ in range(count):
            logger.info("call_ended", **fields)
        return (time.perf_counter() - start) / count * 1e6

    return run


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
    print_header(
        "us/event",
        f"structlog {structlog.__version__}, phiguard {phiguard.__version__}; "
        f"{args.events} events x {args.repeats} repeats",
    )
    for kind in ("metadata", "transcript"):
        for ws, settings in POLICY["workspaces"].items():
            fields: dict[str, Any] = {"workspace_id": ws, **metadata}
            if kind == "transcript":
                fields["transcript"] = TRANSCRIPT
            compare(kind, settings["mode"], timer(plain, fields), timer(guarded, fields),
                    count=args.events, repeats=args.repeats)


if __name__ == "__main__":
    main()
