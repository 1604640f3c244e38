"""Time the detectors on adversarial texts at two sizes: the time must grow linearly.

Each input is a pattern repeated to about ``--size`` characters and to four times that
(1 MB by default), scanned by ``DetectorSet.find`` as one string. The ratio of the two times
is about 4 where the scan is linear in the text's length; a ratio far above 4 (16 for a
quadratic scan) points at a detector or an ``expand`` step whose work grows with the number
of findings times the length of the text. The inputs: runs of one character, digits and
spaces, pathological repetitions of cues, names, tables and spoken values, fullwidth and
Arabic-Indic digits, zero-width characters inside numbers, no-break spaces, and thousands
of different names each said twice.

Usage::

    python benchmarks/bench_adversarial.py [--size 262144] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phiguard._engine.detectors.base import DetectorSet  # noqa: E402
from phiguard._engine.detectors.builtin import builtin_detectors  # noqa: E402

#: Name and pattern repeated to the size measured.
PATTERNS: dict[str, str] = {
    "one letter": "a",
    "one digit": "7",
    "digits and spaces": "5 ",
    "words": "the call was fine and ",
    "name cue": "my name is ",
    "names joined": "Maria and ",
    "repeated name": "Patient Grace Okafor called. Okafor asked again. ",
    "spoken digits": "five five five oh one nine two ",
    "spoken id read back": "plate is one s f c oh five zero. look for 1sfc050. ",
    "csv table": "Ana Ruiz,12345,MR88213\n",
    "pipe records": "export|60-693137|OKAFOR^NNEKA|x\n",
    "hl7 segments": "PID|1||7731904^^^MRN||SALO^MIRJA||19470930|F\r",
    "json list": '"PJN80542", ',
    "city and zip": "Eugene 97401, ",
    "fullwidth digits": "\uff15\uff15\uff15-\uff10\uff11\uff19\uff12 ",
    "arabic-indic digits": "\u0665\u0665\u0665 \u0660\u0661\u0669\u0662 ",
    "zero-width in numbers": "555\u200b-\u200b0192 ",
    "no-break spaces": "call\u00a0me\u00a0at\u00a0555\u00a00192\u00a0",
    "distinct names": "",  # generated: see _distinct_names
}
#: What the tables and lists above need before their repetitions (a header, a key).
PREFIX: dict[str, str] = {
    "csv table": "name,zip,mrn\n",
    "json list": '{"serials": [',
}


def _distinct_names(size: int) -> str:
    """Names that each come twice (the second time without a cue), all different."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ta", "ve", "ru", "zo", "ne", "bi", "sa", "du", "fe"]
    parts: list[str] = []
    length = 0
    while length < size:
        first = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        last = "".join(rng.choice(syllables) for _ in range(4)).capitalize()
        part = f"Patient {first} {last} called; {first} asked again. "
        parts.append(part)
        length += len(part)
    return "".join(parts)


def _text(name: str, size: int) -> str:
    if name == "distinct names":
        return _distinct_names(size)
    pattern = PATTERNS[name]
    prefix = PREFIX.get(name, "")
    return prefix + pattern * max(1, (size - len(prefix)) // len(pattern))


def _seconds(ds: DetectorSet, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ds.find(text)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    """Print, per input, the time at two sizes and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=262_144, help="the smaller size (chars)")
    parser.add_argument("--runs", type=int, default=3, help="runs per median")
    args = parser.parse_args(argv)
    ds = DetectorSet(builtin_detectors())
    ds.find(_text("words", 4096))  # build the gates before timing
    small, large = args.size, 4 * args.size
    print(f"{'input':24} {'ms at ' + str(small):>14} {'ms at ' + str(large):>14} {'ratio':>6}")
    worst = 0.0
    for name in PATTERNS:
        short = _seconds(ds, _text(name, small), args.runs)
        long = _seconds(ds, _text(name, large), args.runs)
        ratio = long / short if short > 0 else float("inf")
        worst = max(worst, ratio)
        print(f"{name:24} {short * 1000:14.1f} {long * 1000:14.1f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (4 is linear, 16 quadratic)")


if __name__ == "__main__":
    main()
