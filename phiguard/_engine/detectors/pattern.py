"""A pattern detector whose matches can be refined in Python (span, label, or rejection).

:class:`PatternDetector` is the building block of the built-in detectors: one RE2 pattern
(rendered verbatim into the Collector config, so it must stay in the RE2/Go dialect) and an
optional ``refine`` callback that looks at the match in its text (a context window, a
checksum, a spoken-number parse) and returns the final span and label, or ``None`` to drop
the match. ``refine`` must be cheap: it runs once per match, never per character.

A detector may also carry a ``trigger``: an RE2 pattern that matches somewhere in every
text in which the detector can find anything (a superset of its findings, usually cheaper or
more selective than ``pattern`` plus ``refine``). :class:`~.base.DetectorSet` runs the
triggers of all its pattern detectors in one ``re2.Set`` pass and runs a detector only where
its trigger matched.

Matching runs on bytes through the RE2 binding's low-level ``Match`` (the Python wrapper's
``finditer`` costs a generator, a match object and an offset translation per call). Texts
are first made ASCII one character for one byte (see :func:`ascii_bytes`), so byte offsets
are character offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import re2

from phiguard._engine.detectors.base import Finding

#: The spans of a match: ``groups[0]`` is the whole match, ``groups[i]`` group ``i``
#: (``(-1, -1)`` when the group did not take part).
Groups = Sequence[tuple[int, int]]

#: ``refine(text, start, end, groups) -> (start, end, label) | None``; ``start, end`` is the
#: span of the detector's group, ``groups`` the spans of every group of the match.
Refine = Callable[[str, int, int, Groups], "tuple[int, int, str] | None"]

#: A finding as the hot path carries it: ``(start, end, label, detector id)``.
Span = tuple[int, int, str, str]

#: ``expand(text, spans) -> spans``: findings that follow from every detector's findings.
Expand = Callable[[str, Sequence[Span]], list[Span]]

_UNANCHORED: Any = re2._re2.RE2.Anchor.UNANCHORED
_ANCHOR_START: Any = re2._re2.RE2.Anchor.ANCHOR_START


def ascii_bytes(text: str) -> bytes:
    """Return ``text`` as ASCII bytes, one byte per character (others become ``?``).

    The built-in patterns are ASCII: outside a negated class no non-ASCII character can
    match them, and ``\\b`` treats one as a non-word character, as it treats ``?``. So
    matching these bytes finds what matching the text would (a URL's last character aside),
    with byte offsets that are character offsets.
    """
    return text.encode("ascii", "replace")


def compile_re2(pattern: str, *, case_sensitive: bool = False, max_mem: int = 64 << 20
                ) -> re2._Regexp:
    """Compile an RE2 pattern with phiguard's options; raise ``ValueError`` if invalid.

    ``max_mem`` bounds the compiled program and its DFA caches together: a pattern whose
    program takes most of it (a trigger with the name lists) leaves the DFA too little
    cache, and RE2 then falls back to a much slower engine.
    """
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.log_errors = False
    options.max_mem = max_mem
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise ValueError(f"invalid RE2 pattern: {exc}") from None


def without_groups(pattern: str) -> str:
    """Return ``pattern`` with every capture group made non-capturing: the same matches.

    For a detector's ``finder``: RE2 finds a match of a pattern with groups in two passes,
    the second (for the groups) with an engine that is slow on a large pattern, and a
    detector that needs the groups of few matches, or can tell them from the match, is
    faster without. Raises ``ValueError`` if a capture group is left (a named one).
    """
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if pattern.startswith("\\Q", i):  # quoted text, to "\E" or the end
            close = pattern.find("\\E", i)
            close = n if close < 0 else close + 2
            out.append(pattern[i:close])
            i = close
        elif ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif ch == "[":  # a class, copied as it is ("]" first in it is a literal)
            close = i + 1
            if pattern.startswith("^", close):
                close += 1
            if pattern.startswith("]", close):
                close += 1
            while pattern[close] != "]":
                if pattern.startswith("[:", close):  # a named class such as [:alpha:]
                    close = pattern.index(":]", close + 2) + 2
                else:
                    close += 2 if pattern[close] == "\\" else 1
            out.append(pattern[i : close + 1])
            i = close + 1
        else:
            out.append("(?:" if ch == "(" and not pattern.startswith("?", i + 1) else ch)
            i += 1
    finder = "".join(out)
    if compile_re2(finder)._regexp.NumberOfCapturingGroups() != 0:
        raise ValueError("pattern has a named group")
    return finder


class Regex:
    """An RE2 pattern for the cheap checks inside ``refine`` (context windows, cue words).

    ``search`` matches the :func:`ascii_bytes` of its text through the binding, and returns
    the group spans (``spans[0]`` the whole match) or ``None``.
    """

    __slots__ = ("_raw", "pattern")

    def __init__(self, pattern: str, *, case_sensitive: bool = False) -> None:
        self.pattern = pattern
        self._raw = compile_re2(pattern, case_sensitive=case_sensitive)._regexp

    def search(self, text: str) -> Groups | None:
        """Return the spans of the first match in ``text``, or ``None``."""
        data = ascii_bytes(text)
        spans: Groups = self._raw.Match(_UNANCHORED, data, 0, len(data))
        return spans if spans[0][0] >= 0 else None


class RegexSet:
    """RE2 patterns matched together in one pass: which of them match somewhere in a text.

    For cheap checks inside ``refine`` that usually all fail: one pass says so. Like the
    detector set's gate it holds a sentinel, so a failed pass is told from a clean one.
    """

    __slots__ = ("_sentinel", "_set", "patterns")

    def __init__(self, patterns: Sequence[str], *, case_sensitive: bool = False) -> None:
        self.patterns = tuple(patterns)
        options = re2.Options()
        options.case_sensitive = case_sensitive
        options.log_errors = False
        options.max_mem = 64 << 20
        regex_set = re2.Set.SearchSet(options)
        for pattern in self.patterns:
            regex_set.Add(pattern)
        regex_set.Add(r"\z")
        regex_set.Compile()
        self._set: Any = regex_set._set
        self._sentinel = len(self.patterns)

    def matching(self, text: str) -> list[int] | None:
        """Return the indices of the patterns that match in ``text``, or None if unsure."""
        try:
            hits: list[int] = self._set.Match(ascii_bytes(text))
        except Exception:  # a failed pass says nothing: the caller checks each pattern
            return None
        return hits if self._sentinel in hits else None


class PatternDetector:
    """One RE2 pattern plus an optional per-match ``refine`` step.

    Args:
        id: The detector's stable identifier (used in policies).
        label: The default label of a match.
        pattern: The RE2 pattern (Go regexp dialect), ASCII only.
        group: Which capture group is the entity (0 for the whole match).
        case_sensitive: Match case-sensitively (default: case-insensitive).
        refine: Optional ``(text, start, end, groups) -> (start, end, label) | None``.
        rescan: When ``refine`` rejects a match, search again from one character after its
            start (so a rejected cue such as "I'm calling" does not hide "my father, Tony
            Flowers" inside the same match). Matches are short, so this stays linear.
        trigger: An RE2 pattern (same case sensitivity, unless it sets its own flags) that
            matches in every text where this detector finds something; ``None`` means the
            pattern itself.
        finder: An RE2 pattern without capture groups that matches exactly what ``pattern``
            matches, used to search instead of it (RE2 extracts groups with a slow NFA when
            a pattern is large); ``refine`` then gets only the whole match as ``groups``.
        seek: Search with ``trigger`` and match ``pattern`` only where a trigger match starts
            (for a trigger far more selective than the pattern, whose matches start where
            the pattern's findings start: a name after a cue).
        needs_separator: Whether every finding needs a character other than an ASCII letter
            or ``_`` in the text (true of every built-in): the detector set may then skip
            identifier-like strings such as ``call_ended`` without running RE2.
        inside_match: Whether ``refine`` always returns a span inside its match (true of
            every built-in): :meth:`scan` may then skip matches that lie inside findings of
            other detectors.
        expand: Optional ``(text, spans) -> spans``: more findings, given every detector's
            findings in ``text`` (``(start, end, label, detector id)`` tuples); the
            :class:`~.base.DetectorSet` calls it once per text that has findings (the
            built-in ``person_name`` finds a name again wherever the text repeats it).
    """

    __slots__ = (
        "_group", "_raw", "_refine", "_regex", "_rescan", "_seek", "_skip_covered",
        "case_sensitive", "expand", "id", "label", "needs_separator", "once_ok", "pattern",
        "trigger",
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
        trigger: str | None = None,
        finder: str | None = None,
        seek: bool = False,
        needs_separator: bool = False,
        inside_match: bool = False,
        expand: Expand | None = None,
    ) -> None:
        self.id = id
        self.expand = expand
        self.label = label
        self.pattern = pattern
        self.case_sensitive = case_sensitive
        self.trigger = pattern if trigger is None else trigger
        self.needs_separator = needs_separator
        self._regex = compile_re2(pattern, case_sensitive=case_sensitive)
        # The binding's object behind the wrapper: Match(anchor, bytes, pos, endpos)
        # returns the group spans directly.
        self._raw = self._regex._regexp
        if finder is not None:
            self._raw = compile_re2(finder, case_sensitive=case_sensitive)._regexp
            if group != 0:
                raise ValueError("a finder reports the whole match: group must be 0")
        if group > self._regex.groups:
            raise ValueError(f"pattern has no group {group}")
        self._group = group
        self._refine = refine
        self._rescan = rescan and refine is not None
        self._seek: Any = None
        if seek:
            # (A trigger with the name lists is a large program: see compile_re2.)
            self._seek = compile_re2(self.trigger, case_sensitive=case_sensitive,
                                     max_mem=128 << 20)._regexp
        #: Whether :meth:`scan` can use ``once``: where the trigger is what is searched (the
        #: pattern itself, or the seek pattern), each match passed is a trigger occurrence,
        #: so the gate's "no two disjoint occurrences" can end the search early.
        self.once_ok = seek or trigger is None
        # Without rescan the search goes on from the end of a match whether refine accepts
        # it or not, so skipping refine changes nothing but the findings merging drops.
        self._skip_covered = inside_match and not self._rescan

    def find(self, text: str) -> list[Finding]:
        """Return the (refined) matches of the pattern in ``text``."""
        return [Finding(*span) for span in self.scan(text, ascii_bytes(text))]

    def scan(
        self, text: str, data: bytes, *, once: bool = False, covered: Sequence[Span] = ()
    ) -> list[Span]:
        """Return the findings in ``text`` as ``(start, end, label, detector id)`` tuples.

        ``data`` is the :func:`ascii_bytes` of ``text``. ``once`` is a promise from the
        caller (the gate of :class:`~.base.DetectorSet`, which matched ``trigger`` and did
        not match two disjoint occurrences of it in ``data``) that no two occurrences of the
        trigger in ``data`` are disjoint: the search then stops as soon as the next match
        would have to start after one that is already behind it, which saves the final
        call that would find nothing.

        ``covered`` are findings of other detectors in the same text. When ``refine``
        returns spans inside their match (``inside_match``), a match inside one of them can
        only yield a finding that merging drops, so its ``refine`` is skipped (unless
        ``rescan``, where whether it accepts decides where the search goes on).
        """
        out: list[Span] = []
        group = self._group
        refine = self._refine
        rescan = self._rescan
        match = self._raw.Match
        label = self.label
        ident = self.id
        pos = 0
        n = len(data)
        seek = self._seek
        once = once and self.once_ok
        if not self._skip_covered:
            covered = ()
        while pos <= n:
            if seek is not None:
                at, trigger_end = seek.Match(_UNANCHORED, data, pos, n)[0]
                if at < 0:
                    break
                spans = match(_ANCHOR_START, data, at, n)
                if spans[0][0] < 0:
                    pos = at + 1
                    continue
            else:
                spans = match(_UNANCHORED, data, pos, n)
                trigger_end = spans[0][1]
            m_start, m_end = spans[0]
            if m_start < 0:
                break
            start, end = spans[group]
            if start < 0 or start == end or (covered and _inside(m_start, m_end, covered)):
                refined = None
            elif refine is None:
                refined = (start, end, label)
            else:
                refined = refine(text, start, end, spans)
            if refined is not None and refined[0] < refined[1]:
                out.append((refined[0], refined[1], refined[2], ident))
                if m_end <= m_start:
                    pos = m_start + 1
                    continue
                # With rescan, what the match held past the finding may hold the next cue
                # ("first name joy last name okonjo"). Never behind m_start + 1: a refine
                # that returns a span outside its match must not stall the search.
                pos = max(refined[1], m_start + 1) if rescan and refined[1] < m_end else m_end
            elif rescan or m_end == m_start:
                pos = m_start + 1
                continue
            else:
                pos = m_end
            # Every later match would be a trigger occurrence disjoint from the one just
            # passed (it starts at or after ``pos``): with ``once`` there is none.
            if once and trigger_end <= pos:
                break
        return out

    def __repr__(self) -> str:
        return f"PatternDetector(id={self.id!r}, label={self.label!r})"


def _inside(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans``."""
    return any(s <= start and end <= e for s, e, _, _ in spans)


def line_start(text: str, pos: int, *, x12: bool = False) -> int:
    """Where the line (an HL7 segment: lines end in CR or LF) holding ``pos`` starts; with
    ``x12``, an X12 segment ("~" ends one) counts as a line too.
    """
    start = max(text.rfind("\r", 0, pos), text.rfind("\n", 0, pos))
    if x12:
        start = max(start, text.rfind("~", 0, pos))
    return start + 1


def builtin_detector(id: str, label: str, pattern: str, **kwargs: Any) -> PatternDetector:
    """Build a built-in detector: a :class:`PatternDetector` with both promises below.

    ``needs_separator``: every built-in pattern needs a digit, a space or a punctuation mark
    somewhere in what it matches or in the context its ``refine`` requires.
    ``inside_match``: every built-in ``refine`` returns a span inside its match. Tests check
    both on every detector.
    """
    return PatternDetector(id, label, pattern, needs_separator=True, inside_match=True, **kwargs)
