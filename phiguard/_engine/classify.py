"""Key classification: which field class a key path belongs to.

Rules come in layers: the policy's ``[fields]`` first, then the built-in catalog. Within a
layer, a normalised path is tried on each of its dotted suffixes, longest first; at each
suffix an exact entry beats a glob, and of several matching globs the most restrictive class
wins. ``*`` in a pattern matches within one segment, ``**`` across segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Generic, TypeVar

import re2

from phiguard._engine.keys import normalize_path, path_suffixes
from phiguard.policy import FieldClass

T = TypeVar("T")

#: Most restrictive first: when globs of several classes match one key, the first wins.
RESTRICTIVENESS: Final[tuple[FieldClass, ...]] = (
    FieldClass.SECRET,
    FieldClass.AUDIO,
    FieldClass.IDENTIFIER,
    FieldClass.TOOL_IO,
    FieldClass.CONTENT,
    FieldClass.MESSAGE,
    FieldClass.UNKNOWN,
    FieldClass.SAFE,
)

_CACHE_MAX: Final = 8192


def glob_to_regex(pattern: str) -> str:
    """Translate a key glob (``*`` within a segment, ``**`` across) to an anchored regex."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^.]*")
            i += 1
        else:
            out.append(re2.escape(pattern[i]))
            i += 1
    return "".join(out)


class _Layer(Generic[T]):
    """One layer of rules: exact entries in a dict, globs as one alternation per outcome."""

    __slots__ = ("exact", "globs")

    def __init__(self, entries: Iterable[tuple[str, T]], order: Iterable[T]) -> None:
        self.exact: dict[str, T] = {}
        by_value: dict[T, list[str]] = {}
        for pattern, value in entries:
            norm = pattern if "*" in pattern else normalize_path(pattern)
            if "*" in norm:
                by_value.setdefault(value, []).append(glob_to_regex(norm))
            elif norm:
                self.exact.setdefault(norm, value)
        self.globs: list[tuple[T, re2._Regexp]] = [
            (value, re2.compile("^(?:" + "|".join(by_value[value]) + ")$"))
            for value in order
            if value in by_value
        ]

    def match(self, suffix: str) -> T | None:
        hit = self.exact.get(suffix)
        if hit is not None:
            return hit
        for value, regex in self.globs:
            if regex.search(suffix) is not None:
                return value
        return None


class KeyMatcher(Generic[T]):
    """Maps normalised key paths to values of ``T`` through layered rules, with a cache.

    Args:
        layers: Each layer a sequence of ``(pattern, value)``; earlier layers take precedence.
        order: The precedence of values among matching globs, first wins.
    """

    __slots__ = ("_cache", "_layers")

    def __init__(self, layers: Iterable[Iterable[tuple[str, T]]], order: Iterable[T]) -> None:
        ordered = tuple(order)
        self._layers = tuple(_Layer(entries, ordered) for entries in layers)
        self._cache: dict[str, T | None] = {}

    def match(self, normalized_path: str) -> T | None:
        """Return the value for ``normalized_path``, or ``None`` when no rule matches."""
        try:
            return self._cache[normalized_path]
        except KeyError:
            pass
        found: T | None = None
        suffixes = path_suffixes(normalized_path)
        for layer in self._layers:
            for suffix in suffixes:
                found = layer.match(suffix)
                if found is not None:
                    break
            if found is not None:
                break
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()  # bounded: keys can be unbounded (ids used as keys)
        self._cache[normalized_path] = found
        return found


def build_classifier(
    policy_fields: Mapping[FieldClass, tuple[str, ...]],
    catalog: Mapping[str, tuple[str, ...]],
) -> KeyMatcher[FieldClass]:
    """Build the key classifier: the policy's ``[fields]`` over the built-in catalog."""
    policy_layer = [(p, cls) for cls, patterns in policy_fields.items() for p in patterns]
    catalog_layer = [
        (p, FieldClass(cls)) for cls, patterns in catalog.items() for p in patterns
    ]
    return KeyMatcher([policy_layer, catalog_layer], RESTRICTIVENESS)
