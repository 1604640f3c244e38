"""A pattern detector whose matches can be refined in Python (span, label, or rejection).

:class:`PatternDetector` is the building block of the built-in detectors: one RE2 pattern
(rendered verbatim into the Collector config, so it must stay in the RE2/Go dialect) and an
optional ``refine`` callback that looks at the match in its text (a context window, a
checksum, a spoken-number parse) and returns the final span and label, or ``None`` to drop
the match. ``refine`` must be cheap: it runs once per match, never per character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import re2

from phiguard._engine.detectors.base import Finding

#: ``refine(text, start, end, match) -> (start, end, label) | None``; ``start, end`` is the
#: span of the detector's group, ``match`` the RE2 match (for other groups).
Refine = Callable[[str, int, int, Any], "tuple[int, int, str] | None"]


def compile_re2(pattern: str, *, case_sensitive: bool = False) -> re2._Regexp:
    """Compile an RE2 pattern with phiguard's options; raise ``ValueError`` if invalid."""
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.log_errors = False
    options.max_mem = 64 << 20
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise ValueError(f"invalid RE2 pattern: {exc}") from None


class PatternDetector:
    """One RE2 pattern plus an optional per-match ``refine`` step.

    Args:
        id: The detector's stable identifier (used in policies).
        label: The default label of a match.
        pattern: The RE2 pattern (Go regexp dialect).
        group: Which capture group is the entity (0 for the whole match).
        case_sensitive: Match case-sensitively (default: case-insensitive).
        refine: Optional ``(text, start, end, match) -> (start, end, label) | None``.
        rescan: When ``refine`` rejects a match, search again from one character after its
            start (so a rejected cue such as "I'm calling" does not hide "my father, Tony
            Flowers" inside the same match). Matches are short, so this stays linear.
    """

    __slots__ = (
        "_group", "_refine", "_regex", "_rescan", "case_sensitive", "id", "label", "pattern",
    )

    def __init__(
        self,
        id: str,
        label: str,
        pattern: str,
        *,
        group: int = 0,
        case_sensitive: bool = False,
        refine: Refine | None = None,
        rescan: bool = False,
    ) -> None:
        self.id = id
        self.label = label
        self.pattern = pattern
        self.case_sensitive = case_sensitive
        self._regex = compile_re2(pattern, case_sensitive=case_sensitive)
        if group > self._regex.groups:
            raise ValueError(f"pattern has no group {group}")
        self._group = group
        self._refine = refine
        self._rescan = rescan and refine is not None

    def find(self, text: str) -> list[Finding]:
        """Return the (refined) matches of the pattern in ``text``."""
        out: list[Finding] = []
        group = self._group
        refine = self._refine
        # ASCII text is matched as bytes: offsets are the same and the RE2 wrapper skips
        # its per-match byte-to-character offset translation.
        subject: str | bytes = text.encode("ascii") if text.isascii() else text
        if self._rescan:
            return self._find_rescanning(text, subject)
        for match in self._regex.finditer(subject):
            start, end = match.span(group)
            if start < 0 or start == end:
                continue
            if refine is None:
                out.append(Finding(start, end, self.label, self.id))
                continue
            refined = refine(text, start, end, match)
            if refined is not None and refined[0] < refined[1]:
                out.append(Finding(refined[0], refined[1], refined[2], self.id))
        return out

    def _find_rescanning(self, text: str, subject: str | bytes) -> list[Finding]:
        out: list[Finding] = []
        refine = self._refine
        assert refine is not None
        pos = 0
        n = len(subject)
        search = self._regex.search
        while pos <= n:
            match = search(subject, pos)
            if match is None:
                break
            m_start, m_end = match.span()
            start, end = match.span(self._group)
            refined = None if start < 0 or start == end else refine(text, start, end, match)
            if refined is not None and refined[0] < refined[1]:
                out.append(Finding(refined[0], refined[1], refined[2], self.id))
                pos = max(m_end, m_start + 1)
            else:
                pos = m_start + 1
        return out

    def __repr__(self) -> str:
        return f"PatternDetector(id={self.id!r}, label={self.label!r})"
