"""Score phiguard's built-in detectors beside scrubadub's default Scrubber.

Scoring follows ``shared/corpus/README.md`` exactly:

- a gold span is caught when predicted spans cover at least 80% of its letters and digits,
  whatever the predicted label;
- recall = caught gold spans / all gold spans, overall and per label;
- leak rate = gold letters and digits not covered / all gold letters and digits;
- false-positive turns = share of the no-PHI turns in which anything was flagged;
- collateral = share of non-PHI characters, over all turns, that were flagged;
- throughput = turns/s and MB/s (UTF-8) over the whole file, median of several runs (after
  one untimed warm-up run, for every scanner). On dev, beside it, the ceiling of the
  design: the gate pass plus one RE2 search per detector the gate points at, with no
  Python refinement, as a multiple of scrubadub's throughput.

Characters inside a dataset's ``ignore`` spans (the presidio-research set marks
organisations, places and date-times that are not PHI there) count neither as PHI nor as
collateral. Throughput on a large PHI-free text is measured on a reproducible >= 10 MB text
made from the corpus's PHI-free turns and generic prose, scanned line by line (as a log
pipeline would, one ``DetectorSet.find`` call per line), as one string, and line by line
through ``DetectorSet.find_many`` (a few lines per RE2 pass); beside it, the cost of the RE2
gate pass alone per line, the floor of any scan that calls RE2 once per line. Last, the
per-call cost of ``DetectorSet.find`` on short clean strings (the engine calls it once per
string value).

Usage::

    python benchmarks/bench_detectors.py [--runs 5] [--no-scrubadub] [--misses LABEL]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import timeit
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import re2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phiguard._engine.detectors.base import DetectorSet  # noqa: E402
from phiguard._engine.detectors.builtin import builtin_detectors  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev.jsonl"
#: Corpora written for phiguard by people who never saw its detectors (see their README).
HOLDOUT = ROOT / "tests" / "data" / "holdout"
SYNTH = ROOT.parent / "shared" / "external" / "presidio-research" / "synth_v2.jsonl"

Spans = list[tuple[int, int]]
Finder = Callable[[str], Spans]


def load(path: Path) -> list[dict[str, Any]]:
    """Load a JSONL corpus."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def phiguard_finder() -> Finder:
    """Return phiguard's built-in detector set as a span finder."""
    ds = DetectorSet(builtin_detectors())

    def find(text: str) -> Spans:
        return [(f.start, f.end) for f in ds.find(text)]

    return find


def scrubadub_finder() -> Finder | None:
    """Return scrubadub's default Scrubber as a span finder, or None if not installed."""
    try:
        import scrubadub
    except ImportError:
        return None
    scrubber = scrubadub.Scrubber()

    def find(text: str) -> Spans:
        return [(f.beg, f.end) for f in scrubber.iter_filth(text)]

    return find


def score(rows: Sequence[dict[str, Any]], find: Finder) -> dict[str, Any]:
    """Score a finder on labelled rows as the corpus README describes."""
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    gold_chars = leaked_chars = 0
    clean_turns = fp_turns = 0
    other_chars = collateral_chars = 0
    misses: list[tuple[str, str, str]] = []
    false_pos: list[tuple[str, str]] = []
    for row in rows:
        text: str = row["text"]
        covered = bytearray(len(text))
        for start, end in find(text):
            for i in range(max(start, 0), min(end, len(text))):
                covered[i] = 1
        is_gold = bytearray(len(text))
        for s in row["spans"]:
            for i in range(s["start"], s["end"]):
                is_gold[i] = 1
        for s in row.get("ignore", ()):
            for i in range(s["start"], s["end"]):
                is_gold[i] = 2
        for s in row["spans"]:
            alnum = [i for i in range(s["start"], s["end"]) if text[i].isalnum()]
            hit = sum(covered[i] for i in alnum)
            total[s["label"]] += 1
            gold_chars += len(alnum)
            leaked_chars += len(alnum) - hit
            if alnum and hit >= 0.8 * len(alnum):
                caught[s["label"]] += 1
            else:
                misses.append((s["label"], text[s["start"] : s["end"]], text))
        flagged_other = [i for i in range(len(text)) if covered[i] and not is_gold[i]]
        other_chars += sum(1 for v in is_gold if v == 0)
        collateral_chars += len(flagged_other)
        if not row["spans"]:
            clean_turns += 1
            if flagged_other:
                fp_turns += 1
                false_pos.append((text, "|".join(text[i] for i in flagged_other)))
    n = sum(total.values())
    return {
        "recall": sum(caught.values()) / n if n else 1.0,
        "per_label": {k: (caught[k], total[k]) for k in sorted(total)},
        "leak_rate": leaked_chars / gold_chars if gold_chars else 0.0,
        "fp_turns": fp_turns / clean_turns if clean_turns else 0.0,
        "fp_count": (fp_turns, clean_turns),
        "collateral": collateral_chars / other_chars if other_chars else 0.0,
        "misses": misses,
        "false_pos": false_pos,
    }


def throughput(texts: Sequence[str], find: Finder, runs: int) -> tuple[float, float]:
    """Return (items/s, MB/s) over ``texts``, median of ``runs`` runs after one warm-up run.

    The warm-up run is not timed: RE2 builds its DFA states lazily, the first time a text
    reaches them, so a first pass over new text measures that one-time construction (a few
    times slower) rather than the steady state a long-running service sees.
    """
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for t in texts:
        find(t)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for t in texts:
            find(t)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return len(texts) / med, size_mb / med


_PROSE = (
    "the a of and to in is for that with on as by at from this be are was it an or "
    "we your our you they will can may should would could have has had not but if "
    "then when service request response system clinic office visit schedule update "
    "record status team report weekly monthly process review result value number "
    "time data error message queue worker retry timeout latency model token prompt "
    "audio speech text agent tool call session policy workspace export trace span "
    "metric log level info debug warning pipeline config option default enabled "
    "disabled node region cluster health check ready started finished completed "
    "pending failed succeeded refill appointment pharmacy insurance coverage billing "
    "question answer morning afternoon"
)
_PROSE_WORDS = tuple(_PROSE.split())


def clean_corpus(rows: Sequence[dict[str, Any]], min_bytes: int = 10_000_000) -> list[str]:
    """Build a reproducible PHI-free text of at least ``min_bytes``, as lines."""
    rng = random.Random(20240601)
    clean = [r["text"] for r in rows if not r["spans"]]
    lines: list[str] = []
    size = 0
    while size < min_bytes:
        if rng.random() < 0.5:
            line = rng.choice(clean)
        else:
            words = [rng.choice(_PROSE_WORDS) for _ in range(rng.randint(6, 24))]
            words[0] = words[0].capitalize()
            line = " ".join(words) + rng.choice((".", ".", "?", ":", ";"))
            if rng.random() < 0.3:
                line += f" {rng.randint(1, 999)} items in {rng.randint(1, 60)} ms."
        lines.append(line)
        size += len(line) + 1
    return lines


def _batched_throughput(lines: Sequence[str], runs: int, found: int) -> float:
    """Return MB/s of ``DetectorSet.find_many`` over all ``lines`` at once, median of runs.

    ``found`` is how many findings ``find`` made line by line: find_many must make as many.
    """
    ds = DetectorSet(builtin_detectors())
    size_mb = sum(len(t.encode("utf-8")) for t in lines) / 1e6
    ds.find_many(lines)  # warm-up, as in throughput()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        results = ds.find_many(lines)
        times.append(time.perf_counter() - t0)
    if sum(map(len, results.values())) != found:
        raise AssertionError("find_many and find disagree on the PHI-free text")
    return size_mb / statistics.median(times)


def _gate_only() -> Finder:
    """The RE2 gate pass DetectorSet.find makes on a short text, alone: what one binding
    call per line costs."""
    ds = DetectorSet(builtin_detectors())
    gate: Any = ds._short_gate if ds._short_gate is not None else ds._plain_gate()

    def find(text: str) -> Spans:
        gate.Match(text.encode())
        return []

    return find


def _ceiling() -> Finder:
    """What this design costs at least per text: the short gate pass, then one RE2 search
    per detector it points at, with no refine, no merging and no findings built. No change
    to the Python around the detectors can make ``DetectorSet.find`` faster than this."""
    ds = DetectorSet(builtin_detectors())
    gate: Any = ds._short_gate
    gated = ds._gated
    count = len(gated)
    unanchored = re2._re2.RE2.Anchor.UNANCHORED

    def find(text: str) -> Spans:
        data = text.encode()
        for i in gate.Match(data):
            if i < count:
                gated[i]._raw.Match(unanchored, data, 0, len(data))
        return []

    return find


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


def holdout_summary(finders: dict[str, Finder]) -> None:
    """Print recall, leak rate, false positives and per-label recall on each holdout corpus."""
    for path in sorted(HOLDOUT.glob("*.jsonl")):
        rows = load(path)
        results = {k: score(rows, f) for k, f in finders.items()}
        table = [
            ["recall", *(f"{r['recall']:.3f}" for r in results.values())],
            ["leak rate", *(f"{r['leak_rate']:.3f}" for r in results.values())],
            ["FP turns", *(f"{r['fp_count'][0]}/{r['fp_count'][1]}" for r in results.values())],
            ["collateral", *(f"{r['collateral']:.4f}" for r in results.values())],
        ]
        ph = results["phiguard"]["per_label"]
        weakest = sorted(ph, key=lambda k: ph[k][0] / ph[k][1])[:4]
        for lab in weakest:
            table.append([f"recall {lab}", *(
                f"{r['per_label'][lab][0] / r['per_label'][lab][1]:.3f} "
                f"({r['per_label'][lab][0]}/{r['per_label'][lab][1]})"
                for r in results.values())])
        _table(f"holdout {path.name} ({len(rows)} turns; weakest labels shown)",
               ["metric", *finders], table)


def report(name: str, rows: list[dict[str, Any]], finders: dict[str, Finder], runs: int,
           show_misses: str | None) -> None:
    """Print the quality and throughput table of every finder on one dataset."""
    texts = [r["text"] for r in rows]
    results = {k: score(rows, f) for k, f in finders.items()}
    speeds = {k: throughput(texts, f, runs) for k, f in finders.items()}
    labels = sorted({lab for r in results.values() for lab in r["per_label"]})
    header = ["metric", *finders]
    table: list[list[str]] = [
        ["recall", *(f"{r['recall']:.3f}" for r in results.values())],
        ["leak rate", *(f"{r['leak_rate']:.3f}" for r in results.values())],
        ["FP turns", *(
            f"{r['fp_turns']:.3f} ({r['fp_count'][0]}/{r['fp_count'][1]})"
            for r in results.values()
        )],
        ["collateral", *(f"{r['collateral']:.4f}" for r in results.values())],
        ["turns/s", *(f"{speeds[k][0]:,.0f}" for k in finders)],
        ["MB/s", *(f"{speeds[k][1]:.2f}" for k in finders)],
    ]
    for lab in labels:
        cells = []
        for r in results.values():
            c, t = r["per_label"].get(lab, (0, 0))
            cells.append(f"{c / t:.3f} ({c}/{t})" if t else "-")
        table.append([f"recall {lab}", *cells])
    _table(f"{name} ({len(rows)} turns)", header, table)
    if "scrubadub" in speeds:
        ratio = speeds["phiguard"][1] / speeds["scrubadub"][1]
        print(f"phiguard / scrubadub throughput: {ratio:.1f}x")
    if show_misses:
        r = results["phiguard"]
        for lab, span, text in r["misses"]:
            if show_misses in ("ALL", lab):
                print(f"  MISS {lab}: {span!r}  <- {text!r}")
        if show_misses in ("ALL", "FP"):
            for text, flagged in r["false_pos"]:
                print(f"  FP: {text!r} [{flagged}]")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per throughput median")
    parser.add_argument("--no-scrubadub", action="store_true", help="skip scrubadub")
    parser.add_argument("--no-synth", action="store_true", help="skip the presidio synth set")
    parser.add_argument("--no-large", action="store_true", help="skip the large clean text")
    parser.add_argument("--no-holdout", action="store_true", help="skip tests/data/holdout")
    parser.add_argument("--misses", default=None, help="print misses of LABEL (or ALL, FP)")
    args = parser.parse_args(argv)

    finders: dict[str, Finder] = {"phiguard": phiguard_finder()}
    if not args.no_scrubadub:
        sd = scrubadub_finder()
        if sd is None:
            print("scrubadub not installed: phiguard only")
        else:
            finders["scrubadub"] = sd

    dev = load(DEV)
    report("dev.jsonl", dev, finders, args.runs, args.misses)
    if "scrubadub" in finders and all(r["text"].isascii() for r in dev):
        texts = [r["text"] for r in dev]
        ceiling = throughput(texts, _ceiling(), args.runs)[1]
        sd_speed = throughput(texts, finders["scrubadub"], args.runs)[1]
        print(f"ceiling of this design (gate + one RE2 search per detector it points at, "
              f"no refine): {ceiling:.2f} MB/s, {ceiling / sd_speed:.1f}x scrubadub")
    if not args.no_holdout:
        holdout_summary(finders)
    if not args.no_synth and SYNTH.exists():
        report("presidio-research synth_v2.jsonl (report only)", load(SYNTH), finders,
               max(1, args.runs // 2), None)

    if not args.no_large:
        lines = clean_corpus(dev)
        big = "\n".join(lines)
        size_mb = len(big.encode("utf-8")) / 1e6
        ph = finders["phiguard"]
        runs = max(1, args.runs // 2)
        _, line_mbs = throughput(lines, ph, runs)
        _, whole_mbs = throughput([big], ph, runs)
        found = sum(len(ph(t)) for t in lines)
        batched_mbs = _batched_throughput(lines, runs, found)
        _, gate_mbs = throughput(lines, _gate_only(), runs)
        rows = [["phiguard, line by line (DetectorSet.find per line)", f"{line_mbs:.1f}"],
                ["phiguard, one string", f"{whole_mbs:.1f}"],
                ["phiguard, lines batched (DetectorSet.find_many)", f"{batched_mbs:.1f}"],
                ["(floor) the RE2 gate pass alone, line by line", f"{gate_mbs:.1f}"]]
        if "scrubadub" in finders:
            sample = lines[: len(lines) // 100]
            _, sd_mbs = throughput(sample, finders["scrubadub"], 1)
            rows.append(["scrubadub, line by line (1% sample)", f"{sd_mbs:.2f}"])
        _table(f"PHI-free text: {size_mb:.1f} MB, {len(lines):,} lines, "
               f"{found} findings by phiguard", ["scanner", "MB/s"], rows)

    ds = DetectorSet(builtin_detectors())
    short = []
    for text in ("call_ended", "status ok", "tool call finished in 231 ms"):
        loops = 200_000
        timings = timeit.repeat(lambda t=text: ds.find(t), number=loops, repeat=5)
        short.append([repr(text), f"{min(timings) / loops * 1e9:,.0f}"])
    _table("DetectorSet.find on short clean strings (best of 5)", ["text", "ns/call"], short)


if __name__ == "__main__":
    main()
