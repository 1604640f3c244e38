"""Key patterns of the catalog and policy as Go RE2 regexes for the collector.

In the process, a key is normalised before it is classified (``recordingUrl``,
``recording-url`` and ``RECORDING_URL`` all become ``recording_url``; numeric segments such
as ``gen_ai.prompt.3.content`` disappear) and every dotted suffix of the path is tried. The
collector compares the raw key, so each catalog pattern becomes a regex that accepts the
common spellings of the same key:

* a word is matched case-insensitively; the boundary between two words is ``-``, ``_``,
  a space or ``/``, or a camelCase capital (``recordingUrl``, ``callerID``);
* numeric segments may stand between two segments and after the last one
  (``gen_ai.prompt.3.content``, ``tool_calls.0``);
* the pattern may match any dotted suffix of the key (``call.metadata.caller_number``);
* ``*`` matches within a segment, ``**`` across segments, as in the classifier.

What normalisation does that this cannot: bracketed indices (``messages[0].content``),
separators other than the ones above, camelCase joins of two capitals (``MRNNumber``),
and nested keys inside map-valued attributes (OTTL's key functions see the top level only).
"""

from __future__ import annotations

from collections.abc import Iterable

from phiguard._engine.keys import normalize_path

__all__ = ["glob_regex", "key_regex"]

_WORD_SEP = "[-_ /]"
_SEGMENT_SEP = r"\.(?:[0-9]+\.)*"


def _escape(text: str) -> str:
    """Escape for Go's regexp and RE2 alike: a backslash before every ASCII punctuation."""
    return "".join("\\" + ch if ch.isascii() and not ch.isalnum() else ch for ch in text)


def _literal(text: str) -> str:
    return f"(?i:{_escape(text)})" if text else ""


def _word(word: str, first: bool) -> str:
    """One ``_``-separated word of a segment; ``first`` when nothing precedes it."""
    if "*" in word:
        # A word holding a wildcard: the wildcard matches within the segment, and the
        # separator before it (if any) is optional.
        parts = [_literal(piece) for piece in word.split("*")]
        body = "[^.]*".join(parts)
        return body if first else f"{_WORD_SEP}?{body}"
    if first:
        return _literal(word)
    head, tail = word[0], word[1:]
    if head.isalpha():
        # "_url" or "Url" (camelCase): the capital is what marks the boundary, so it is
        # matched case-sensitively; the rest of the word is not.
        return f"(?:{_WORD_SEP}{_literal(word)}|{_escape(head.upper())}{_literal(tail)})"
    return f"{_WORD_SEP}?{_literal(word)}"


def _segment(segment: str) -> str:
    if segment == "**":
        return ".*"
    if "**" in segment:
        return ".*".join(_segment(part) for part in segment.split("**"))
    words = [w for w in segment.split("_") if w]
    if not words:
        return ""
    out = [_word(words[0], first=True)]
    out.extend(_word(w, first=False) for w in words[1:])
    return "".join(out)


def glob_regex(pattern: str) -> str:
    """Translate one key pattern (exact key or glob) to an unanchored RE2 fragment."""
    norm = pattern if "*" in pattern else normalize_path(pattern)
    segments = [s for s in norm.split(".") if s]
    return _SEGMENT_SEP.join(_segment(s) for s in segments)


def key_regex(patterns: Iterable[str]) -> str | None:
    """One anchored RE2 regex matching a key path that any of ``patterns`` classifies.

    Returns ``None`` when ``patterns`` is empty. The alternatives are sorted, so the same
    patterns always give the same regex.
    """
    alternatives = sorted({glob_regex(p) for p in patterns} - {""})
    if not alternatives:
        return None
    return rf"^(?:.*\.)?(?:{'|'.join(alternatives)})(?:\.[0-9]+)*$"
