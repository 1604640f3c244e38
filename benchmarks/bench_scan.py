"""Throughput of ``phiguard scan`` on a generated JSONL log, with peak memory.

Generates, reproducibly (fixed seed), a voice-agent JSONL log of ``--size-mb`` megabytes
(default 200) in a temporary directory: mostly metadata-only events, with transcripts, tool
calls, identifiers and plain-text lines mixed in as a real service's log would have them.
Then scans it in-process with the same code as ``phiguard scan`` and prints MB/s and the
process's peak resident memory, which should not grow with the input size::

    python benchmarks/bench_scan.py                 # 200 MB
    python benchmarks/bench_scan.py --size-mb 20
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from phiguard import Scrubber
from phiguard._scan import Scanner

_EVENTS = ("turn.started", "llm.completion", "tts.synthesized", "vad.speech_end", "call.metrics")


def _line(rng: random.Random, i: int) -> str:
    kind = rng.random()
    base = {
        "timestamp": f"2025-07-14T09:{i // 60 % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z",
        "level": "info",
        "call_id": f"call_{rng.getrandbits(48):012x}",
        "workspace_id": rng.choice(("ws_clinic", "ws_dental", "ws_demo")),
    }
    if kind < 0.55:
        base.update(
            event=rng.choice(_EVENTS),
            duration_ms=rng.randint(5, 3000),
            gen_ai_usage_input_tokens=rng.randint(10, 4000),
            status="ok",
        )
    elif kind < 0.75:
        base.update(
            event="stt.final_transcript",
            transcript=rng.choice(
                (
                    "I'd like to move my appointment to next Tuesday afternoon please",
                    f"my number is (555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
                    "can you tell me if the clinic is open on Saturday mornings",
                    f"it's patient{rng.randint(1, 999)}@example.com",
                )
            ),
            stt_confidence=round(rng.random(), 3),
        )
    elif kind < 0.85:
        base.update(
            event="tool.call",
            tool_args={
                "patient_name": "Jane Doe",
                "dob": "1984-03-03",
                "reason": "follow-up visit",
            },
            gen_ai_tool_name="book_appointment",
        )
    elif kind < 0.95:
        base.update(event="call.started", caller_number=f"+1-555-013-{rng.randint(1000, 9999)}")
    else:
        return (
            f"2025-07-14 09:30:{i % 60:02d},123 INFO uvicorn.access: 10.0.0.{i % 250} - "
            f'"POST /v1/calls/{i} HTTP/1.1" 200'
        )
    return json.dumps(base)


def generate(path: Path, size_mb: float, seed: int = 6) -> int:
    """Write about ``size_mb`` MB of log lines; return the number of lines."""
    rng = random.Random(seed)
    target = int(size_mb * 1_000_000)
    written = lines = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            chunk = "".join(_line(rng, lines + j) + "\n" for j in range(1000))
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            lines += 1000
    return lines


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    """Generate, scan, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="phiguard-bench-scan-") as tmp:
        path = Path(tmp) / "agent.jsonl"
        t0 = time.perf_counter()
        lines = generate(path, args.size_mb)
        size = path.stat().st_size
        print(f"generated {size / 1e6:.1f} MB, {lines:,} lines in {time.perf_counter() - t0:.1f} s")
        rss_before = _peak_rss_mb()
        scanner = Scanner(Scrubber())
        t0 = time.perf_counter()
        scanner.scan_file(str(path))
        elapsed = time.perf_counter() - t0
        report = scanner.report
        print(
            f"scanned {report.bytes_read / 1e6:.1f} MB in {elapsed:.1f} s: "
            f"{report.bytes_read / 1e6 / elapsed:.2f} MB/s, "
            f"{report.lines / elapsed:,.0f} lines/s"
        )
        print(
            f"findings {report.total:,} in {len(report.groups)} groups; peak RSS "
            f"{_peak_rss_mb():.0f} MB (before scanning {rss_before:.0f} MB)"
        )


if __name__ == "__main__":
    main()
