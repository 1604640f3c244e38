"""Key normalisation: one spelling for ``recordingUrl``, ``recording-url`` and ``RECORDING_URL``.

A key path is a sequence of segments joined with ``.``. Within a segment, case is folded,
camelCase boundaries, ``-``, spaces and ``/`` become ``_``, and runs of ``_`` collapse. Purely
numeric segments (list indices, as in ``gen_ai.prompt.3.content`` or
``llm.input_messages.0.message.content``) are removed, so an indexed flat attribute and the
same field reached through nested lists normalise alike.
"""

from __future__ import annotations

import re

# stdlib ``re`` is fine here: these patterns are ours, tiny and anchored, and normalised keys
# are cached by the classifier, so this is not on the per-record hot path.
_CAMEL_LOWER_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CAMEL_ACRONYM = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[\s\-/_]+")
_SEGMENT_SPLIT = re.compile(r"\.+")
_INDEX = re.compile(r"^\d+$")
_BRACKET_INDEX = re.compile(r"\[\d*\]")


def normalize_segment(segment: str) -> str:
    """Normalise one key segment (no dots): fold case, split camelCase, unify separators."""
    split = _CAMEL_ACRONYM.sub("_", _CAMEL_LOWER_UPPER.sub("_", segment))
    return _SEPARATORS.sub("_", split).strip("_").lower()


def normalize_path(key: str) -> str:
    """Normalise a dotted key path such as ``llm.input_messages.0.message.content``.

    Numeric segments are dropped and empty segments removed; the result joins the
    remaining normalised segments with ``.``.
    """
    parts = []
    for raw in _SEGMENT_SPLIT.split(_BRACKET_INDEX.sub(".", key)):
        if not raw or _INDEX.match(raw):
            continue
        seg = normalize_segment(raw)
        if seg:
            parts.append(seg)
    return ".".join(parts)


def path_suffixes(normalized: str) -> list[str]:
    """Return the dotted suffixes of a normalised path, longest first.

    ``"call.metadata.caller_number"`` gives ``["call.metadata.caller_number",
    "metadata.caller_number", "caller_number"]``.
    """
    if not normalized:
        return []
    parts = normalized.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]
