"""Reading input line by line in bounded memory (shared by ``scrub`` and ``scan``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Protocol

MAX_LINE_BYTES: Final = 16 * 1024 * 1024
"""Longest line read into memory; a longer one is skipped in bounded chunks."""


class Readable(Protocol):
    """A binary stream with ``readline(size)`` (files, gzip files, stdin's buffer)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def read_lines(infile: Readable, limit: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """Yield input lines one at a time; ``None`` for a line longer than ``limit`` bytes.

    Never holds more than ``limit + 1`` bytes of one line: an overlong line is skipped in
    bounded chunks rather than read into memory.
    """
    while True:
        line = infile.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = infile.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line
