"""A small deterministic YAML writer for the collector configuration.

The configuration is generated, committed and compared byte for byte, so the writer is ours:
key order is the order given, every string that is not a plain word is single-quoted (a
single-quoted YAML scalar has no escapes except ``''``, so a regex inside an OTTL string
literal reaches the collector exactly as written), comments sit above the key they explain,
and repeated statement lists are written once with an anchor and referenced by alias.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

__all__ = ["Alias", "Anchor", "Entry", "Flow", "Node", "dump", "quote"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``key: value`` of a mapping, with comment lines written above it."""

    key: str
    value: Node
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """A block value written once as ``&name`` so that :class:`Alias` can repeat it."""

    name: str
    value: Node


@dataclass(frozen=True, slots=True)
class Alias:
    """A reference (``*name``) to a value written earlier with :class:`Anchor`."""

    name: str


@dataclass(frozen=True, slots=True)
class Flow:
    """A short list written on one line: ``[a, b]``."""

    items: tuple[str, ...] = field(default_factory=tuple)


Scalar: TypeAlias = str | int | bool
Node: TypeAlias = "Scalar | list[Entry] | list[Node] | Anchor | Alias | Flow"

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
# YAML 1.1 (which the collector's parser follows for these) reads these words as booleans
# or null; a string spelled like one must be quoted.
_RESERVED = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
)


def quote(value: str) -> str:
    """Return ``value`` as a YAML scalar: plain when unambiguous, else single-quoted."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    if "\n" in value or "\r" in value:
        raise ValueError("multi-line scalars are not supported")
    return "'" + value.replace("'", "''") + "'"


def _scalar(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return quote(value)


def _is_mapping(node: object) -> bool:
    return isinstance(node, list) and bool(node) and all(isinstance(e, Entry) for e in node)


def _comment(lines: list[str], text: str, indent: int) -> None:
    for line in text.splitlines():
        lines.append(" " * indent + ("# " + line if line else "#"))


def _mapping(lines: list[str], entries: Sequence[Entry], indent: int, first: str = "") -> None:
    """Write ``entries``; ``first`` prefixes the first line (a list item's ``- ``)."""
    pad = " " * indent
    for i, entry in enumerate(entries):
        lead = first if i == 0 and first else pad
        if entry.comment:
            if i == 0 and first:
                raise ValueError("a list item's first key cannot carry a comment")
            _comment(lines, entry.comment, indent)
        _value(lines, f"{lead}{quote(entry.key)}:", entry.value, indent)


def _value(lines: list[str], head: str, value: Node, indent: int) -> None:
    """Write ``head`` (``key:`` or ``-``) followed by ``value`` at ``indent``."""
    if isinstance(value, Anchor):
        inner = value.value
        if not isinstance(inner, list) or not inner:
            raise ValueError("only non-empty blocks can be anchored")
        lines.append(f"{head} &{value.name}")
        _block(lines, inner, indent + 2)
    elif isinstance(value, Alias):
        lines.append(f"{head} *{value.name}")
    elif isinstance(value, Flow):
        lines.append(f"{head} [{', '.join(quote(item) for item in value.items)}]")
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} {{}}" if head.endswith(":") else f"{head} []")
            return
        lines.append(head)
        _block(lines, value, indent + 2)
    else:
        lines.append(f"{head} {_scalar(value)}")


def _block(lines: list[str], value: list[Entry] | list[Node], indent: int) -> None:
    if _is_mapping(value):
        _mapping(lines, value, indent)  # type: ignore[arg-type]
        return
    pad = " " * indent
    for item in value:
        if _is_mapping(item):
            _mapping(lines, item, indent + 2, first=pad + "- ")  # type: ignore[arg-type]
        elif isinstance(item, list):
            raise ValueError("nested lists are not supported")
        else:
            _value(lines, pad + "-", item, indent)  # type: ignore[arg-type]


def dump(entries: Sequence[Entry], header: str = "") -> str:
    """Return the YAML document for the top-level mapping ``entries``."""
    lines: list[str] = []
    _comment(lines, header, 0)
    for i, entry in enumerate(entries):
        if lines and (i or header):
            lines.append("")
        if entry.comment:
            _comment(lines, entry.comment, 0)
        _value(lines, f"{quote(entry.key)}:", entry.value, 0)
    return "\n".join(lines) + "\n"
