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


#: Pieces of a long text are scanned separately (so a trigger hit costs detector work on
#: its piece only, and RE2's state caches stay small); each piece reaches this far into
#: the next one, so an entity across a cut is seen whole by one of them.
_PIECE_CHARS = 4096
_OVERLAP_CHARS = 256
_SUBPIECE_CHARS = 1024


class DetectorSet:
    """Runs a fixed sequence of detectors over a text and returns merged findings.

    Look-alike characters (fullwidth and Arabic-Indic digits, no-break spaces, typographic
    dashes) are folded to ASCII and invisible characters removed before detection; findings
    are mapped back onto the original text.

    Detectors that expose an RE2 ``trigger`` and a ``find_bytes`` method (the built-in
    :class:`~.pattern.PatternDetector`) are gated: one ``re2.Set`` pass over the text says
    which triggers match, and only those detectors run, so clean text costs a single linear
    scan. The gate fails closed: the set holds a sentinel that matches at the end of every
    text, and a pass that does not report it (RE2 out of memory, any error) runs every
    detector. Texts longer than a few kilobytes are scanned in overlapping pieces cut at
    line breaks or spaces. Other detectors (custom patterns, scrubadub) always run.
    """

    __slots__ = ("_gate", "_gated", "_letters_skip", "_others", "_sentinel", "detectors")

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors: tuple[Detector, ...] = tuple(detectors)
        gate, gated, others = _build_gate(self.detectors)
        self._gate: Any = gate
        self._gated: tuple[Any, ...] = gated
        self._sentinel = len(gated)
        self._others: tuple[Detector, ...] = others
        # An identifier-like string (ASCII letters and "_" only) holds nothing any
        # detector can find when every detector says so: skip it without calling RE2.
        self._letters_skip = not others and all(
            getattr(d, "needs_separator", False) for d in gated
        )

    def find(self, text: str) -> list[Finding]:
        """Return the merged, non-overlapping findings of every detector in ``text``."""
        if text.isascii():
            if self._letters_skip and (
                text.isalpha() or ("_" in text and text.replace("_", "").isalpha())
            ):
                return []
            folded = text
            index_map = None
            data = text.encode("ascii")
        else:
            folded, index_map = fold(text)
            data = folded.encode("ascii", "replace")
        if len(data) <= _PIECE_CHARS + _OVERLAP_CHARS and not self._others:
            # The common case, inlined: one gate pass, then the detectors it points at.
            gate = self._gate
            if gate is None:
                return []
            try:
                hits: list[int] | None = gate.Match(data)
            except Exception:  # the gate failed: fail closed, run everything
                hits = None
            sentinel = self._sentinel
            if hits is not None and len(hits) == 1 and hits[0] == sentinel:
                return []  # clean
            gated = self._gated
            if hits is None or sentinel not in hits:  # no sentinel: the pass failed
                hits = list(range(len(gated)))
            else:
                hits = sorted(i for i in hits if i != sentinel)
            found: list[Finding] = []
            for i in hits:
                found.extend(gated[i].find_bytes(folded, data))
        elif len(data) <= _PIECE_CHARS + _OVERLAP_CHARS:
            found = self._find_piece(folded, data)
        else:
            found = self._find_long(folded, data)
        if not found:
            return found
        merged = merge_findings(found) if len(found) > 1 else found
        if index_map is None:
            return merged
        return [
            Finding(index_map[f.start], index_map[f.end - 1] + 1, f.label, f.detector)
            for f in merged
        ]

    def _find_piece(self, text: str, data: bytes) -> list[Finding]:
        found = self._find_gated(text, data)
        for detector in self._others:
            found.extend(detector.find(text))
        return found

    def _find_gated(self, text: str, data: bytes, *, narrow: bool = True) -> list[Finding]:
        """Run the gated detectors whose trigger matches in one piece of text."""
        gated = self._gated
        if not gated:
            return []
        hits = self._match_gate(data)
        if hits is None:  # the gate failed: fail closed, run everything
            hits = list(range(len(gated)))
        elif hits and narrow and len(data) > 2 * _SUBPIECE_CHARS:
            # A long piece with a hit: narrow the detectors' work to the sub-pieces whose
            # triggers match.
            return self._find_pieces(text, data, _SUBPIECE_CHARS, narrow=False)
        found: list[Finding] = []
        for i in hits:
            found.extend(gated[i].find_bytes(text, data))
        return found

    def _match_gate(self, data: bytes) -> list[int] | None:
        """Return the indices of the gated detectors whose trigger matches, or None if unsure."""
        try:
            hits: list[int] = self._gate.Match(data)
        except Exception:  # any failure of the gate means "maybe": run everything
            return None
        sentinel = self._sentinel
        if sentinel not in hits:
            return None
        if len(hits) == 1:
            return []
        return sorted(i for i in hits if i != sentinel)

    def _find_long(self, text: str, data: bytes) -> list[Finding]:
        found = self._find_pieces(text, data, _PIECE_CHARS, narrow=True)
        for detector in self._others:
            found.extend(detector.find(text))
        return found

    def _find_pieces(
        self, text: str, data: bytes, size: int, *, narrow: bool
    ) -> list[Finding]:
        """Run the gated detectors on pieces of about ``size`` characters of ``text``.

        Pieces are cut after a line break (else a space) and each reaches
        ``_OVERLAP_CHARS`` into the next, so an entity across a cut is seen whole by one of
        them; overlapping findings are merged later.
        """
        found: list[Finding] = []
        n = len(data)
        pos = 0
        while pos < n:
            cut = _cut(data, pos + size, pos + size // 2)
            end = n if cut >= n else _cut(data, cut + _OVERLAP_CHARS, cut + 1)
            if end >= n - _OVERLAP_CHARS:
                end = cut = n
            for f in self._find_gated(text[pos:end], data[pos:end], narrow=narrow):
                found.append(Finding(f.start + pos, f.end + pos, f.label, f.detector))
            pos = cut
        return found


def _cut(data: bytes, limit: int, floor: int) -> int:
    """Return a cut point at most ``limit``: after a line break, else a space, after ``floor``."""
    if limit >= len(data):
        return len(data)
    for sep in (b"\n", b" "):
        i = data.rfind(sep, floor, limit)
        if i >= 0:
            return i + 1
    return limit


def _build_gate(
    detectors: Sequence[Detector],
) -> tuple[Any, tuple[Any, ...], tuple[Detector, ...]]:
    """Build the ``re2.Set`` of the triggers of every gated detector, plus the sentinel."""
    options = re2.Options()
    options.case_sensitive = True
    options.log_errors = False
    options.max_mem = 256 << 20
    gate = re2.Set.SearchSet(options)
    gated: list[Any] = []
    others: list[Detector] = []
    for detector in detectors:
        trigger = getattr(detector, "trigger", None)
        if not isinstance(trigger, str) or not callable(getattr(detector, "find_bytes", None)):
            others.append(detector)
            continue
        flags = "" if getattr(detector, "case_sensitive", False) else "(?i)"
        try:
            gate.Add(f"{flags}(?:{trigger})")
        except Exception:
            others.append(detector)
            continue
        gated.append(detector)
    if not gated:
        return None, (), tuple(others)
    gate.Add(r"\z")  # the sentinel: reported by every pass that reached the end
    try:
        gate.Compile()
    except Exception:
        return None, (), (*gated, *others)
    # The binding's set, called with bytes (the wrapper maps "no match" to None).
    return gate._set, tuple(gated), tuple(others)


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
