"""Shared scaffolding of the pipeline benchmarks: the policy, the payload, and an
interleaved plain-versus-phiguard measurement printed as a table of ratios."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

POLICY: dict[str, Any] = {
    "hmac_key": "benchmark-key-benchmark-key-benchmark-key",
    "workspaces": {
        "ws_standard": {"mode": "standard"},
        "ws_redacted": {"mode": "redacted"},
        "ws_zero": {"mode": "zero_retention"},
    },
}
#: A 200-character speech-to-text turn with PHI in written and spoken forms.
TRANSCRIPT = (
    "Hi, this is Maria Gonzalez calling about my appointment. My date of birth is March third "
    "nineteen eighty four and you can reach me at five five five, oh one three, four four seven."
)[:200]

#: A timing function: (what to time, how many times) -> microseconds per item.
Timer = Callable[[Callable[[], None], int], float]


def print_header(unit: str, what: str) -> None:
    """The table's title line and column headings."""
    print(f"{what}, median {unit}")
    print(f"{'payload':<12} {'mode':<16} {'plain':>8} {'phiguard':>9} {'ratio':>7}")


def compare(
    label: str,
    mode: str,
    plain: Callable[[int], float],
    guarded: Callable[[int], float],
    *,
    count: int,
    repeats: int,
) -> float:
    """Time ``plain`` and ``guarded`` interleaved (drift hits both alike); print one row.

    Each callable runs ``count`` items and returns microseconds per item. Returns the ratio.
    """
    plain(max(count // 10, 100))  # warm caches
    guarded(max(count // 10, 100))
    base, ours = [], []
    for _ in range(repeats):
        base.append(plain(count))
        ours.append(guarded(count))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"{label:<12} {mode:<16} {b:8.2f} {o:9.2f} {o / b:6.2f}x")
    return o / b
