"""The detector contract: findings, the ``Detector`` protocol, and a set that merges them.

This module is the stable interface between the engine and the detectors. Detectors find
PHI entities in free text; the engine decides what to do with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import re2

from phiguard._engine.detectors.normalize import fold

#: Labels of the HIPAA Safe Harbor identifier categories that occur in text, plus SECRET.
LABELS: frozenset[str] = frozenset(
    {
        "NAME", "PHONE", "EMAIL", "SSN", "DATE", "ADDRESS", "ZIP", "MRN", "MEMBER_ID",
        "ACCOUNT", "CREDIT_CARD", "IP", "URL", "AGE_OVER_89", "LICENSE_OR_DEVICE_ID",
        "SECRET",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One PHI entity found in a text: ``text[start:end]`` is a ``label`` found by ``detector``.

    Findings carry offsets, never the matched value, so they are safe to log or count.
    """

    start: int
    end: int
    label: str
    detector: str


@runtime_checkable
class Detector(Protocol):
    """Something that finds PHI in text.

    Implementations must be pure and thread-safe: the same instance is called concurrently
    from every thread that logs. ``find`` returns findings in any order; overlaps are
    resolved by :class:`DetectorSet`.
    """

    @property
    def id(self) -> str:
        """A stable identifier, used in policies (to turn detectors on and off) and summaries."""
        ...

    def find(self, text: str) -> list[Finding]:
        """Return the PHI entities in ``text``."""
        ...


class RegexDetector:
    """A detector defined by one RE2 pattern; what matches (or group ``group``) is ``label``.

    Args:
        id: The detector's stable identifier.
        label: The label given to every match.
        pattern: An RE2 pattern (Go regexp dialect). Invalid patterns raise ``ValueError``
            naming the reason.
        group: Which capture group is the entity (0 for the whole match).
        case_sensitive: Match case-sensitively (default: case-insensitive).
        validate: Optional predicate on the matched text; a match it rejects is ignored
            (e.g. a Luhn check for card numbers).
    """

    __slots__ = ("_group", "_regex", "_validate", "case_sensitive", "id", "label", "pattern")

    def __init__(
        self,
        id: str,
        label: str,
        pattern: str,
        *,
        group: int = 0,
        case_sensitive: bool = False,
        validate: Callable[[str], bool] | None = None,
    ) -> None:
        self.id = id
        self.label = label
        self.pattern = pattern
        self.case_sensitive = case_sensitive
        options = re2.Options()
        options.case_sensitive = case_sensitive
        options.log_errors = False
        try:
            self._regex = re2.compile(pattern, options)
        except re2.error as exc:
            reason = exc.args[0] if exc.args else exc
            if isinstance(reason, bytes):
                reason = reason.decode("utf-8", "replace")
            raise ValueError(f"invalid RE2 pattern: {reason}") from None
        if group > self._regex.groups:
            raise ValueError(f"pattern has no group {group}")
        self._group = group
        self._validate = validate

    def find(self, text: str) -> list[Finding]:
        """Return one finding per (validated) match of the pattern in ``text``."""
        out: list[Finding] = []
        for match in self._regex.finditer(text):
            start, end = match.span(self._group)
            if start < 0 or start == end:
                continue
            if self._validate is not None and not self._validate(text[start:end]):
                continue
            out.append(Finding(start, end, self.label, self.id))
        return out

    def __repr__(self) -> str:
        return f"RegexDetector(id={self.id!r}, label={self.label!r})"


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings and resolve overlaps: overlapping findings become one covering both.

    The merged finding spans the union (so no PHI character of either is left out) and
    takes the label and detector of the longer one. The result is sorted by start and free
    of overlaps, so it can be replaced right to left.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Finding] = []
    for f in ordered:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end <= last.end:
                continue
            winner = f if (f.end - f.start) > (last.end - last.start) else last
            out[-1] = Finding(last.start, f.end, winner.label, winner.detector)
            continue
        out.append(f)
    return out


class DetectorSet:
    """Runs a fixed sequence of detectors over a text and returns merged findings.

    Look-alike characters (fullwidth and Arabic-Indic digits, no-break spaces, typographic
    dashes) are folded to ASCII and invisible characters removed before detection; findings
    are mapped back onto the original text. Detectors that expose an RE2 ``pattern`` (and
    ``case_sensitive``) are gated by one combined ``re2.Set`` pass: a detector whose pattern
    matches nowhere in the text is not run, so clean text costs a single linear scan.
    """

    __slots__ = ("_always", "_gate", "_gated", "detectors")

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors: tuple[Detector, ...] = tuple(detectors)
        gate, gated, always = _build_gate(self.detectors)
        self._gate = gate
        self._gated = gated
        self._always = always

    def find(self, text: str) -> list[Finding]:
        """Return the merged, non-overlapping findings of every detector in ``text``."""
        if not text:
            return []
        folded, index_map = fold(text)
        if self._gate is not None:
            hits = self._gate.Match(folded.encode("utf-8"))
            if not hits and not self._always:
                return []
            gated = self._gated
            run: Iterable[Detector] = (
                *(gated[i] for i in sorted(hits)),
                *self._always,
            )
        else:
            run = self.detectors
        found: list[Finding] = []
        for detector in run:
            found.extend(detector.find(folded))
        if not found:
            return found
        merged = merge_findings(found)
        if index_map is None:
            return merged
        return [
            Finding(index_map[f.start], index_map[f.end - 1] + 1, f.label, f.detector)
            for f in merged
        ]


def _build_gate(
    detectors: Sequence[Detector],
) -> tuple[Any, tuple[Detector, ...], tuple[Detector, ...]]:
    """Build the combined ``re2.Set`` over every detector that exposes its pattern."""
    options = re2.Options()
    options.case_sensitive = True
    options.log_errors = False
    options.max_mem = 256 << 20
    gate = re2.Set.SearchSet(options)
    gated: list[Detector] = []
    always: list[Detector] = []
    for detector in detectors:
        pattern = getattr(detector, "pattern", None)
        if not isinstance(pattern, str):
            always.append(detector)
            continue
        flags = "" if getattr(detector, "case_sensitive", False) else "(?i)"
        try:
            gate.Add(f"{flags}(?:{pattern})")
        except Exception:
            always.append(detector)
            continue
        gated.append(detector)
    if not gated:
        return None, (), tuple(always)
    gate.Compile()
    return gate, tuple(gated), tuple(always)


def replace_findings(
    text: str, findings: Sequence[Finding], placeholder: Callable[[Finding, str], str]
) -> str:
    """Replace each finding's span with ``placeholder(finding, matched_text)``.

    ``findings`` must be sorted and non-overlapping (as :func:`merge_findings` returns).
    """
    if not findings:
        return text
    pieces: list[str] = []
    pos = 0
    for f in findings:
        pieces.append(text[pos : f.start])
        pieces.append(placeholder(f, text[f.start : f.end]))
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces)
