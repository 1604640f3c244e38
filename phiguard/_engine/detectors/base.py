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


#: A finding as the hot path carries it: ``(start, end, label, detector id)``.
_Span = tuple[int, int, str, str]


def _span_order(span: _Span) -> tuple[int, int]:
    return span[0], span[0] - span[1]


def _merge_spans(spans: list[_Span]) -> list[_Span]:
    """:func:`merge_findings` on ``(start, end, label, detector)`` tuples (sorted in place)."""
    spans.sort(key=_span_order)
    out: list[_Span] = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            last = out[-1]
            if span[1] <= last[1]:
                continue
            winner = span if (span[1] - span[0]) > (last[1] - last[0]) else last
            out[-1] = (last[0], span[1], winner[2], winner[3])
            continue
        out.append(span)
    return out


#: Pieces of a long text are scanned separately (so a trigger hit costs detector work on
#: its piece only, and RE2's state caches stay small); each piece reaches this far into
#: the next one, so an entity across a cut is seen whole by one of them.
_PIECE_CHARS = 4096
_OVERLAP_CHARS = 256
#: Texts up to this length are scanned whole.
_SHORT_CHARS = _PIECE_CHARS + _OVERLAP_CHARS
#: Texts up to this length go through the short gate (which also reports triggers that
#: match twice); longer ones through the plain gate.
_ONCE_CHARS = 1024
#: Triggers up to this length get a "two disjoint matches" pattern in the short gate.
_TWICE_TRIGGER_CHARS = 8192
#: How many texts find_many joins for one gate pass: few enough that most runs of log lines
#: are clean (a run with a hit costs a few more passes to split it).
_BATCH_TEXTS = 16


class DetectorSet:
    """Runs a fixed sequence of detectors over a text and returns merged findings.

    Look-alike characters (fullwidth and Arabic-Indic digits, no-break spaces, typographic
    dashes, accented letters) are folded to ASCII, URL-encoded punctuation decoded and
    invisible characters removed before detection; findings are mapped back onto the
    original text.

    Detectors that expose an RE2 ``trigger`` and a ``scan`` method (the built-in
    :class:`~.pattern.PatternDetector`) are gated: one ``re2.Set`` pass over the text says
    which triggers match, and only those detectors run, so clean text costs a single linear
    scan. For a short text the same pass also says, for each trigger, whether two disjoint
    occurrences of it match: when they do not, a detector can stop searching after its
    first match instead of paying one more call to find nothing. The gate fails closed: the
    set holds a sentinel that matches at the end of every text, and a pass that does not
    report it (RE2 out of memory, any error) runs every detector, searching to the end.
    Texts longer than a few kilobytes are scanned in overlapping pieces cut at line breaks
    or spaces. Other detectors (custom patterns, scrubadub) always run. A detector with an
    ``expand`` callable gets every finding in a text that has any, and may add more.
    :meth:`find_many` scans many texts, checking clean ones together.
    """

    __slots__ = (
        "_batch_clean", "_batch_gate", "_clean", "_expanders", "_gate", "_gated",
        "_letters_skip", "_others", "_sentinel", "_short_clean", "_short_gate", "_short_only",
        "_twice_of", "detectors",
    )

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors: tuple[Detector, ...] = tuple(detectors)
        # Detectors may add findings that follow from all the others' (an ``expand``
        # callable: a name found once is found again wherever the text repeats it). Each
        # sees every finding, so one shared by several detectors runs once.
        self._expanders: tuple[Callable[[str, list[_Span]], list[_Span]], ...] = tuple(
            dict.fromkeys(expand for d in self.detectors
                          if callable(expand := getattr(d, "expand", None))))
        gated, others = _split(self.detectors)
        self._gated: tuple[Any, ...] = gated
        self._others: tuple[Detector, ...] = others
        # Whether a short text needs the gated detectors only.
        self._short_only = bool(gated) and not others
        # The gate of short texts, built now; it also says which triggers match twice (see
        # _run_gated). None where short texts need more than the gated detectors.
        short_gate, self._twice_of, short_sentinel = _build_short_gate(gated)
        self._short_gate: Any = short_gate if self._short_only else None
        self._short_clean = [short_sentinel]
        # The plain gate (long texts, other detectors) and the gate of find_many are built
        # when first needed (see _plain_gate, _joined_gate): compiling the name and place
        # lists takes a while, and a service starts faster without the gates it never uses.
        self._gate: Any = _UNBUILT if gated else None
        self._sentinel = len(gated)
        self._clean = [self._sentinel]  # what a pass over clean text reports
        self._batch_gate: Any = _UNBUILT if self._short_only else None
        self._batch_clean = [len(gated)]
        # An identifier-like string (ASCII letters and "_" only) holds nothing any
        # detector can find when every detector says so: skip it without calling RE2.
        self._letters_skip = not others and all(
            getattr(d, "needs_separator", False) for d in gated
        )

    def find(self, text: str) -> list[Finding]:
        """Return the merged, non-overlapping findings of every detector in ``text``."""
        # isascii is O(1) in CPython (a flag of the string); "%" may start a URL-encoded
        # character ("dob=09%2F06%2F1951") that folding decodes.
        if text.isascii() and "%" not in text:
            if self._letters_skip and (
                text.isalpha() or ("_" in text and text.replace("_", "").isalpha())
            ):
                return []
            data = text.encode()
            if len(data) <= _ONCE_CHARS and self._short_gate is not None:
                # The common case, inlined: one gate pass, then the detectors it points at.
                try:
                    hits: list[int] | None = self._short_gate.Match(data)
                except Exception:  # the gate failed: fail closed, run everything
                    hits = None
                if hits == self._short_clean:
                    return []
                found = self._run_gated(text, data, hits, twice=True)
                if not found:
                    return []
                if self._expanders:
                    found = self._expand(text, found)
                if len(found) > 1:
                    found = _merge_spans(found)
                return [Finding(s, e, label, ident) for s, e, label, ident in found]
            folded = text
            index_map = None
        else:
            folded, index_map = fold(text)
            data = folded.encode("ascii", "replace")
        if len(data) > _SHORT_CHARS:
            found = self._find_long(folded, data)
        elif self._others:
            found = self._find_piece(folded, data)
        elif not self._gated:
            return []
        else:
            try:
                hits = self._plain_gate().Match(data)
            except Exception:  # the gate failed (or could not be built): run everything
                hits = None
            if hits == self._clean:
                return []
            found = self._run_gated(folded, data, hits, twice=False)
        if not found:
            return []
        if self._expanders:
            found = self._expand(folded, found)
        if len(found) > 1:
            found = _merge_spans(found)
        if index_map is None:
            return [Finding(s, e, label, ident) for s, e, label, ident in found]
        return [
            Finding(index_map[s], index_map[e - 1] + 1, label, ident)
            for s, e, label, ident in found
        ]

    def find_many(self, texts: Sequence[str]) -> dict[int, list[Finding]]:
        """Return the findings of the texts that have any, by index: ``{i: self.find(texts[i])}``.

        Meant for many short texts (log lines, the string values of a record), most of them
        clean: texts are joined by line breaks, a few at a time, and the joined text goes
        through one gate pass whose triggers run in multi-line mode (``^`` and ``$`` match
        at the line breaks, and a line break is not a word character, so every trigger
        that matches in one of the texts matches in the joined text; matches across a
        line break only cost work). A joined text with no trigger clears all its texts at
        once; otherwise it is split in halves and each half checked again, down to single
        texts, which :meth:`find` scans. Texts that need folding (non-ASCII) are never
        cleared by a joined pass: they end up alone, in :meth:`find`. Clean texts cost no
        allocation: they are simply absent from the result.
        """
        out: dict[int, list[Finding]] = {}
        if self._joined_gate() is None:
            for i, text in enumerate(texts):
                found = self.find(text)
                if found:
                    out[i] = found
            return out
        for lo in range(0, len(texts), _BATCH_TEXTS):
            self._find_batch(texts, lo, min(lo + _BATCH_TEXTS, len(texts)), out)
        return out

    def _find_batch(
        self, texts: Sequence[str], lo: int, hi: int, out: dict[int, list[Finding]]
    ) -> None:
        """Add the findings of ``texts[lo:hi]`` to ``out``, clearing clean runs at once."""
        if hi - lo == 1:
            found = self.find(texts[lo])
            if found:
                out[lo] = found
            return
        joined = "\n".join(texts[lo:hi])
        if joined.isascii() and "%" not in joined:
            try:
                hits: list[int] | None = self._joined_gate().Match(joined.encode())
            except Exception:  # the pass failed: split, and let find fail closed per text
                hits = None
            if hits == self._batch_clean:
                return
        mid = (lo + hi) // 2
        self._find_batch(texts, lo, mid, out)
        self._find_batch(texts, mid, hi, out)

    def _expand(self, text: str, found: list[_Span]) -> list[_Span]:
        """Add what the detectors' ``expand`` callables make of ``found``."""
        for expand in self._expanders:
            more = expand(text, found)
            if more:
                found = [*found, *more]
        return found

    def _plain_gate(self) -> Any:
        """Return the plain gate, building it on first use (None if it cannot be built)."""
        gate = self._gate
        if gate is _UNBUILT:  # two threads may both build it: the same set either way
            gate = self._gate = _build_plain_gate(self._gated)
        return gate

    def _joined_gate(self) -> Any:
        """Return the gate of find_many, building it on first use (None if it cannot be)."""
        gate = self._batch_gate
        if gate is _UNBUILT:
            gate = self._batch_gate = _build_batch_gate(self._gated)
        return gate

    def _run_gated(
        self, text: str, data: bytes, hits: list[int] | None, *, twice: bool
    ) -> list[_Span]:
        """Run the gated detectors a gate pass reported (all of them if it failed).

        ``twice`` says the pass was the short gate's: index ``self._twice_of[i]`` then
        reports two disjoint occurrences of trigger ``i`` (where it is not -1).
        """
        gated = self._gated
        count = len(gated)
        sentinel = self._short_clean[0] if twice else count
        if hits is None or sentinel not in hits:  # no sentinel: the pass failed
            found: list[_Span] = []
            for detector in gated:
                found.extend(detector.scan(text, data))
            return found
        twice_of = self._twice_of
        if len(hits) == 2:  # one trigger and the sentinel: the most common case
            i = hits[0] if hits[1] == sentinel else hits[1]
            only: list[_Span] = gated[i].scan(text, data, once=twice and twice_of[i] >= 0)
            return only
        run = sorted([i for i in hits if i < count])
        found = []
        for i in run:
            once = twice and twice_of[i] >= 0 and twice_of[i] not in hits
            found.extend(gated[i].scan(text, data, once=once, covered=found))
        return found

    def _find_piece(self, text: str, data: bytes) -> list[_Span]:
        found = self._find_gated(text, data)
        for detector in self._others:
            found.extend(_spans_of(detector.find(text)))
        return found

    def _find_gated(self, text: str, data: bytes) -> list[_Span]:
        """Run the gated detectors whose trigger matches in one piece of text."""
        if not self._gated:
            return []
        try:
            hits: list[int] | None = self._plain_gate().Match(data)
        except Exception:  # any failure of the gate means "maybe": run everything
            hits = None
        if hits == self._clean:
            return []
        return self._run_gated(text, data, hits, twice=False)

    def _find_long(self, text: str, data: bytes) -> list[_Span]:
        found = self._find_pieces(text, data, _PIECE_CHARS)
        for detector in self._others:
            found.extend(_spans_of(detector.find(text)))
        return found

    def _find_pieces(self, text: str, data: bytes, size: int) -> list[_Span]:
        """Run the gated detectors on pieces of about ``size`` characters of ``text``.

        Pieces are cut after a line break (else a space) and each reaches
        ``_OVERLAP_CHARS`` into the next, so an entity across a cut is seen whole by one of
        them; overlapping findings are merged later.
        """
        found: list[_Span] = []
        n = len(data)
        pos = 0
        while pos < n:
            cut = _cut(data, pos + size, pos + size // 2)
            end = n if cut >= n else _cut(data, cut + _OVERLAP_CHARS, cut + 1)
            if end >= n - _OVERLAP_CHARS:
                end = cut = n
            for s, e, label, ident in self._find_gated(text[pos:end], data[pos:end]):
                found.append((s + pos, e + pos, label, ident))
            pos = cut
        return found


def _spans_of(findings: Iterable[Finding]) -> list[_Span]:
    return [(f.start, f.end, f.label, f.detector) for f in findings]


def _cut(data: bytes, limit: int, floor: int) -> int:
    """Return a cut point at most ``limit``: after a line break, else a space, after ``floor``."""
    if limit >= len(data):
        return len(data)
    for sep in (b"\n", b" "):
        i = data.rfind(sep, floor, limit)
        if i >= 0:
            return i + 1
    return limit


def _gate_options() -> Any:
    options = re2.Options()
    options.case_sensitive = True
    options.log_errors = False
    options.max_mem = 256 << 20
    return options


#: Stands for a gate not built yet.
_UNBUILT: Any = object()


def _build_batch_gate(gated: Sequence[Any]) -> Any:
    """Build the multi-line ``re2.Set`` of ``gated``'s triggers (plus a sentinel), or None.

    None when a trigger holds ``\\A`` or ``\\z`` (which do not match at a line break).
    """
    batch = re2.Set.SearchSet(_gate_options())
    try:
        for detector in gated:
            trigger: str = detector.trigger
            if "\\A" in trigger or "\\z" in trigger:
                return None
            flags = "(?m)" if getattr(detector, "case_sensitive", False) else "(?im)"
            batch.Add(f"{flags}(?:{trigger})")
        batch.Add(r"\z")
        batch.Compile()
    except Exception:
        return None
    return batch._set


def _split(detectors: Sequence[Detector]) -> tuple[tuple[Any, ...], tuple[Detector, ...]]:
    """Split ``detectors`` into the gated ones (a valid RE2 ``trigger`` and a ``scan``
    method) and the others, which always run.
    """
    gated: list[Any] = []
    others: list[Detector] = []
    probe = re2.Set.SearchSet(_gate_options())
    for detector in detectors:
        trigger = getattr(detector, "trigger", None)
        if not isinstance(trigger, str) or not callable(getattr(detector, "scan", None)):
            others.append(detector)
            continue
        flags = "" if getattr(detector, "case_sensitive", False) else "(?i)"
        try:
            probe.Add(f"{flags}(?:{trigger})")
        except Exception:
            others.append(detector)
            continue
        gated.append(detector)
    return tuple(gated), tuple(others)


def _build_plain_gate(gated: Sequence[Any]) -> Any:
    """Build the ``re2.Set`` of ``gated``'s triggers (index ``i`` for detector ``i``) and a
    sentinel (index ``len(gated)``), or None if it cannot be built.
    """
    gate = re2.Set.SearchSet(_gate_options())
    try:
        for detector in gated:
            flags = "" if getattr(detector, "case_sensitive", False) else "(?i)"
            gate.Add(f"{flags}(?:{detector.trigger})")
        gate.Add(r"\z")  # the sentinel: reported by every pass that reached the end
        gate.Compile()
    except Exception:
        return None
    # The binding's set, called with bytes (the wrapper maps "no match" to None).
    return gate._set


def _build_short_gate(gated: Sequence[Any]) -> tuple[Any, tuple[int, ...], int]:
    """Build the gate of short texts: the triggers, then "two disjoint matches" of some.

    Returns the set (None if it cannot be built), where index ``i`` is the trigger of gated
    detector ``i``; for each detector the index that matches where two disjoint
    occurrences of its trigger do (-1 for none); and the sentinel's index. Only for short
    texts, short triggers and detectors that can stop early (``once_ok``): tracking which
    triggers were seen once multiplies the states RE2's DFA has to build, most of all over
    kilobytes of text or for the triggers made of long name and place lists.
    """
    short = re2.Set.SearchSet(_gate_options())
    triggers = [
        f"{'' if getattr(d, 'case_sensitive', False) else '(?i)'}(?:{d.trigger})" for d in gated
    ]
    twice_of = []
    index = len(triggers)
    for trigger, detector in zip(triggers, gated, strict=True):
        # (A detector whose trigger is not what it searches cannot stop early: see
        # PatternDetector.once_ok.)
        if len(trigger) <= _TWICE_TRIGGER_CHARS and getattr(detector, "once_ok", True):
            twice_of.append(index)
            index += 1
        else:
            twice_of.append(-1)
    try:
        for trigger in triggers:
            short.Add(trigger)
        for trigger, i in zip(triggers, twice_of, strict=True):
            if i >= 0:
                short.Add(f"{trigger}(?s:.)*{trigger}")
        short.Add(r"\z")
        short.Compile()
    except Exception:
        return None, (), 0
    return short._set, tuple(twice_of), index


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
