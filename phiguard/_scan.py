"""``phiguard scan``: audit existing logs for PHI, reporting counts and locations, never values.

Each file is read line by line (gzip is recognised by its magic bytes), so memory stays
constant whatever the input size: what is kept is a bounded table of counts per key path and
category, with at most a few example locations each.

What counts as a finding:

* a detector finding (``PHONE``, ``EMAIL``, ``NAME``...) in a string value, a log message, a
  plain-text line or a key; dates with a time of day (``2025-07-14T09:30:00``) are log
  timestamps, not PHI, and are not counted;
* a value whose shape is a credential or an audio reference (``SECRET``, ``AUDIO``), whole or
  inline;
* a non-empty value under a key the catalog (and policy) classifies ``content``, ``tool_io``,
  ``audio``, ``identifier`` or ``secret`` (category ``field:<class>``), unless the value is
  only phiguard markers (``[REDACTED:...]``, ``phi_3fa94c0e``, ``<PHONE>``, ``***-4477``).
  A transcript is PHI whether or not a detector recognises what was said.

Values under keys classified ``safe`` are checked for credential and audio shapes only, as
the scrubber treats them.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast

from phiguard._engine import values
from phiguard._engine.classify import RESTRICTIVENESS
from phiguard._engine.detectors import Finding
from phiguard._engine.scrubber import Scrubber
from phiguard._lines import MAX_LINE_BYTES, read_lines
from phiguard.policy import FieldClass

__all__ = [
    "FORMATS",
    "MAX_LINE_BYTES",
    "Example",
    "Group",
    "ScanReport",
    "Scanner",
    "iter_files",
    "mask",
]

FORMATS: Final = ("auto", "jsonl", "text", "otlp-json")
"""Longest line scanned; a longer one is skipped in bounded chunks and counted."""

MESSAGE_KEYS: Final = frozenset({"event", "message", "msg"})
OTHER_PATHS: Final = "(other paths)"
TEXT_PATH: Final = "(text line)"
MALFORMED_PATH: Final = "(malformed line)"

_SENSITIVE: Final = frozenset(
    {
        FieldClass.CONTENT,
        FieldClass.TOOL_IO,
        FieldClass.AUDIO,
        FieldClass.IDENTIFIER,
        FieldClass.SECRET,
    }
)
_RANK: Final = {cls: rank for rank, cls in enumerate(RESTRICTIVENESS)}
_OTLP_KEYS: Final = ("resourceSpans", "resourceLogs", "resourceMetrics")
_MAX_DEPTH: Final = 32
_CACHE_MAX: Final = 8192
_CACHE_CHARS: Final = 64
_MIN_NUMBER_DIGITS: Final = 7
_EXCERPT_CHARS: Final = 24
_SNIFF_BYTES: Final = 8192
_GZIP_MAGIC: Final = b"\x1f\x8b"
# Labels whose last four digits are a conventional, low-risk excerpt (``***-***-4477``).
_SUFFIX_LABELS: Final = frozenset(
    {"PHONE", "SSN", "MRN", "MEMBER_ID", "ACCOUNT", "CREDIT_CARD", "field:identifier"}
)
# A date followed by a time of day: a log timestamp, not a date of birth.
_TIMESTAMP: Final = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# phiguard's own markers: a value made only of these (and punctuation) is already scrubbed.
_MARKER: Final = re.compile(
    r"\[REDACTED:[a-z_]+\]|\[TRUNCATED\]|phi_[0-9a-f]{8}|<[A-Z_]+(?::[0-9a-f]+)?>"
    r"|\*[*\-.()@ ]*[0-9]{0,4}"
)
_PUNCTUATION: Final = " \t\r\n.,;:"


def mask(text: str, category: str) -> str:
    """A masked excerpt: every letter and digit hidden, except a short numeric suffix.

    The last four characters stay only for number-like categories and only when they are
    digits (``***-***-4477``); names, emails and dates are masked completely. Long excerpts
    are cut.
    """
    keep = 0
    if category in _SUFFIX_LABELS and len(text) > 6 and text[-4:].isdigit():
        keep = 4
    head = "".join("*" if ch.isalnum() else ch for ch in text[: len(text) - keep])
    out = head + text[len(text) - keep :]
    if len(out) > _EXCERPT_CHARS:
        out = "*" * 3 + out[-(_EXCERPT_CHARS - 4) :] if keep else out[:_EXCERPT_CHARS] + "…"
    return out


@dataclass(frozen=True, slots=True)
class Example:
    """Where one finding was seen: a file index (into :attr:`ScanReport.files`) and line."""

    file: int
    line: int
    excerpt: str | None


@dataclass(slots=True)
class Group:
    """Findings of one category at one key path: a count and a few examples."""

    count: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class ScanReport:
    """What a scan found: counts, bounded examples, and what could not be read.

    Attributes:
        files: Paths scanned (and attempted), in order; examples point into this list.
        bytes_read: Bytes read from disk (compressed size for gzip files).
        lines: Lines read.
        records: Lines parsed as JSON objects (JSONL and OTLP-JSON).
        text_lines: Lines scanned as plain text.
        malformed: Lines that should have been JSON but were not (scanned as text).
        too_long: Lines longer than ``MAX_LINE_BYTES`` (skipped).
        binary: Files that looked binary (skipped).
        unreadable: ``(path, reason)`` of files that could not be read.
        groups: Findings by ``(key path, category)``.
        lines_with_phi: Lines with at least one finding.
    """

    files: list[str] = field(default_factory=list)
    bytes_read: int = 0
    lines: int = 0
    records: int = 0
    text_lines: int = 0
    malformed: int = 0
    too_long: int = 0
    binary: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    groups: dict[tuple[str, str], Group] = field(default_factory=dict)
    lines_with_phi: int = 0

    @property
    def total(self) -> int:
        """The number of findings."""
        return sum(g.count for g in self.groups.values())

    def sorted_groups(self) -> list[tuple[str, str, Group]]:
        """Groups by descending count, then path and category."""
        return sorted(
            ((path, cat, g) for (path, cat), g in self.groups.items()),
            key=lambda item: (-item[2].count, item[0], item[1]),
        )

    def location(self, example: Example) -> str:
        """``file:line`` of an example."""
        return f"{self.files[example.file]}:{example.line}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary: counts, paths, categories, locations, masked excerpts."""
        return {
            "files": len(self.files),
            "bytes": self.bytes_read,
            "lines": self.lines,
            "records": self.records,
            "text_lines": self.text_lines,
            "malformed_lines": self.malformed,
            "too_long_lines": self.too_long,
            "binary_files": self.binary,
            "unreadable": [{"file": p, "error": r} for p, r in self.unreadable],
            "findings": self.total,
            "lines_with_phi": self.lines_with_phi,
            "groups": [
                {
                    "path": path,
                    "category": cat,
                    "count": group.count,
                    "examples": [
                        {
                            "file": self.files[e.file],
                            "line": e.line,
                            **({"excerpt": e.excerpt} if e.excerpt is not None else {}),
                        }
                        for e in group.examples
                    ],
                }
                for path, cat, group in self.sorted_groups()
            ],
        }


def iter_files(paths: Iterable[str], report: ScanReport) -> Iterator[str]:
    """Expand directories (recursively, sorted, symlinked directories not followed).

    A path that does not exist is recorded in ``report.unreadable``.
    """
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path, onerror=None):
                dirs.sort()
                for name in sorted(names):
                    yield os.path.join(root, name)
        elif os.path.exists(path) or os.path.islink(path):
            yield path
        else:
            report.unreadable.append((path, "no such file or directory"))


class _Location:
    """The line being scanned and whether it already had a finding."""

    __slots__ = ("file", "hit", "line")

    def __init__(self) -> None:
        self.file = 0
        self.line = 0
        self.hit = False


class Scanner:
    """Scans files into a :class:`ScanReport`.

    Args:
        scrubber: Supplies the catalog (``classify``) and detectors (``find``) of the policy.
        fields: Count non-empty values under sensitive keys as ``field:<class>`` findings.
        excerpts: Keep masked excerpts with examples.
        max_examples: Example locations kept per group.
        max_paths: Distinct ``(path, category)`` groups kept; later ones are counted under
            ``(other paths)``.
    """

    def __init__(
        self,
        scrubber: Scrubber,
        *,
        fields: bool = True,
        excerpts: bool = True,
        max_examples: int = 3,
        max_paths: int = 2000,
    ) -> None:
        self._s = scrubber
        self._fields = fields
        self._excerpts = excerpts
        self._max_examples = max_examples
        self._max_paths = max_paths
        self._classes: dict[str, FieldClass] = {}
        self._found: dict[str, list[Finding]] = {}
        self._keys: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
        self._loc = _Location()
        self.report = ScanReport()

    # ------------------------------------------------------------------------ files

    def scan_file(
        self, path: str, fmt: str = "auto", progress: Callable[[int], None] | None = None
    ) -> None:
        """Scan one file; a read error is recorded in the report, never raised."""
        report = self.report
        report.files.append(path)
        self._loc.file = len(report.files) - 1
        try:
            with open(path, "rb") as raw:
                self._scan_stream(raw, fmt, progress)
        except (OSError, EOFError, gzip.BadGzipFile, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            report.unreadable.append((path, reason))

    def _scan_stream(
        self, raw: io.BufferedReader, fmt: str, progress: Callable[[int], None] | None
    ) -> None:
        report = self.report
        reader: io.BufferedReader | gzip.GzipFile = raw
        if raw.peek(2)[:2] == _GZIP_MAGIC:
            reader = gzip.GzipFile(fileobj=raw)
        sniff = reader.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
        if b"\x00" in sniff:
            report.binary.append(report.files[self._loc.file])
            return
        if fmt == "auto":
            fmt = _sniff_format(sniff)
        last = 0
        first = True
        for n, line in enumerate(read_lines(reader), start=1):
            self._loc.line = n
            self._loc.hit = False
            report.lines += 1
            if line is None:
                report.too_long += 1
            else:
                text = line.decode("utf-8", "replace")
                if first:
                    text = text.removeprefix("\ufeff")
                first = False
                self._line(text.rstrip("\r\n"), fmt)
            if self._loc.hit:
                report.lines_with_phi += 1
            if n % 512 == 0:
                pos = raw.tell()
                if progress is not None:
                    progress(pos - last)
                last = pos
        pos = raw.tell()
        report.bytes_read += pos
        if progress is not None:
            progress(pos - last)

    def _line(self, text: str, fmt: str) -> None:
        if not text.strip():
            return
        if fmt == "text":
            self.report.text_lines += 1
            self._text(text, TEXT_PATH, FieldClass.MESSAGE)
            return
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            parsed = _MALFORMED
        if not isinstance(parsed, dict):
            # JSON expected but not an object: counted, and scanned as text (never echoed).
            self.report.malformed += 1
            self.report.text_lines += 1
            self._text(text, MALFORMED_PATH, FieldClass.MESSAGE)
            return
        self.report.records += 1
        if fmt == "otlp-json" or any(k in parsed for k in _OTLP_KEYS):
            self._otlp(parsed)
        else:
            self._mapping(parsed, "", "", None, 0, top=True)

    # ------------------------------------------------------------------------ findings

    def _add(self, path: str, category: str, excerpt: str | None) -> None:
        loc = self._loc
        loc.hit = True
        groups = self.report.groups
        key = (path, category)
        group = groups.get(key)
        if group is None:
            if len(groups) >= self._max_paths:
                key = (OTHER_PATHS, category)
                group = groups.get(key)
            if group is None:
                group = groups[key] = Group()
        group.count += 1
        if len(group.examples) < self._max_examples:
            shown = mask(excerpt, category) if excerpt is not None and self._excerpts else None
            group.examples.append(Example(loc.file, loc.line, shown))

    def _find(self, text: str) -> list[Finding]:
        if len(text) > _CACHE_CHARS:
            return self._s.find(text)
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= _CACHE_MAX:
                self._found.clear()  # bounded
            found = self._found[text] = self._s.find(text)
        return found

    def _classify(self, path: str) -> FieldClass:
        cls = self._classes.get(path)
        if cls is None:
            if len(self._classes) >= _CACHE_MAX:
                self._classes.clear()
            cls = self._classes[path] = self._s.classify(path)
        return cls

    def _key(self, key: str, parent: str) -> str:
        """The key as shown in a path: PHI in a key is replaced by its label and counted."""
        hit = self._keys.get(key)
        if hit is None:
            shown, found = key, cast("tuple[tuple[str, str], ...]", ())
            if any(ch.isdigit() or ch in "@ " for ch in key) and not (
                key.isdigit() and len(key) <= 3
            ):
                findings = [f for f in self._find(key) if not _is_timestamp(key, f)]
                if findings:
                    found = tuple((f.label, key[f.start : f.end]) for f in findings)
                    parts, end = [], 0
                    for f in findings:
                        parts.append(key[end : f.start] + f"<{f.label}>")
                        end = f.end
                    shown = "".join(parts) + key[end:]
            if len(self._keys) >= _CACHE_MAX:
                self._keys.clear()
            hit = self._keys[key] = (shown, found)
        shown, found = hit
        path = f"{parent}.{shown}" if parent else shown
        for label, matched in found:
            self._add(path, label, matched)
        return path

    # ------------------------------------------------------------------------ values

    def _mapping(
        self,
        record: Mapping[Any, Any],
        shown: str,
        cpath: str,
        inherited: FieldClass | None,
        depth: int,
        *,
        top: bool = False,
    ) -> None:
        for raw_key, value in record.items():
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            path = self._key(key, shown)
            if top and key in MESSAGE_KEYS:
                self._value(value, path, "", FieldClass.MESSAGE, None, depth + 1)
                continue
            child = f"{cpath}.{key}" if cpath else key
            cls = self._classify(child)
            if inherited is not None and _RANK[cls] > _RANK[inherited]:
                cls = inherited
            self._value(value, path, child, cls, inherited, depth + 1)

    def _value(  # noqa: PLR0917 - the walk's state, passed down each level
        self,
        value: Any,
        path: str,
        cpath: str,
        cls: FieldClass,
        parent: FieldClass | None,
        depth: int,
    ) -> None:
        if depth > _MAX_DEPTH:
            return
        if (
            self._fields
            and cls in _SENSITIVE
            and cls is not parent
            and _has_value(value)
        ):
            excerpt = value if isinstance(value, str) and cls is FieldClass.IDENTIFIER else None
            self._add(path, f"field:{cls.value}", excerpt)
        inherited = cls if cls in _SENSITIVE else parent
        if isinstance(value, str):
            if value[:1] in "{[" and len(value) >= 2:
                try:
                    nested = json.loads(value)
                except (ValueError, RecursionError):
                    nested = None
                if isinstance(nested, (dict, list)):
                    self._value(nested, path, cpath, cls, cls, depth)
                    return
            self._text(value, path, cls)
        elif isinstance(value, dict):
            # Inside a sensitive container children are classified relative to it.
            prefix = "" if cls in _SENSITIVE else cpath
            self._mapping(value, path, prefix, inherited, depth)
        elif isinstance(value, list):
            for item in value:
                self._value(item, path + "[]", cpath, cls, cls, depth + 1)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            text = str(value)
            if len(text) >= _MIN_NUMBER_DIGITS and cls is not FieldClass.SAFE:
                self._detect(text, path)

    def _text(self, text: str, path: str, cls: FieldClass) -> None:
        if len(text) >= values.MIN_SHAPE_CHARS:
            shape = values.classify_value(text)
            if shape is not None:
                if shape is not cls:
                    self._add(path, shape.value.upper(), None)
                return
            if values.may_hold_shape(text):
                secrets = values.replace_inline(text, audio=False)[1]
                audio = values.replace_inline(text, audio=True)[1] - secrets
                for _ in range(secrets):
                    self._add(path, "SECRET", None)
                for _ in range(audio):
                    self._add(path, "AUDIO", None)
        if cls is FieldClass.SAFE or cls is FieldClass.SECRET or cls is FieldClass.AUDIO:
            return
        self._detect(text, path)

    def _detect(self, text: str, path: str) -> None:
        for finding in self._find(text):
            if _is_timestamp(text, finding):
                continue
            self._add(path, finding.label, text[finding.start : finding.end])

    # ------------------------------------------------------------------------ OTLP-JSON

    def _otlp(self, data: Mapping[str, Any]) -> None:
        for signal in _OTLP_KEYS:
            for resource_part in _list(data.get(signal)):
                resource = _dict(resource_part.get("resource"))
                self._attributes(resource.get("attributes"), "resource.attributes")
                for scope_part in _list(
                    resource_part.get("scopeSpans")
                    or resource_part.get("scopeLogs")
                    or resource_part.get("scopeMetrics")
                ):
                    scope = _dict(scope_part.get("scope"))
                    self._attributes(scope.get("attributes"), "scope.attributes")
                    for span in _list(scope_part.get("spans")):
                        self._span(span)
                    for log in _list(scope_part.get("logRecords")):
                        self._log(log)
                    for metric in _list(scope_part.get("metrics")):
                        self._metric(metric)

    def _span(self, span: Mapping[str, Any]) -> None:
        self._message(span.get("name"), "span.name")
        self._attributes(span.get("attributes"), "span.attributes")
        for event in _list(span.get("events")):
            self._message(event.get("name"), "span.events.name")
            self._attributes(event.get("attributes"), "span.events.attributes")
        for link in _list(span.get("links")):
            self._attributes(link.get("attributes"), "span.links.attributes")
        self._message(_dict(span.get("status")).get("message"), "span.status.message")

    def _log(self, log: Mapping[str, Any]) -> None:
        body = _any_value(log.get("body"))
        if isinstance(body, str):
            self._message(body, "log.body")
        elif body is not None:
            self._value(body, "log.body", "", FieldClass.UNKNOWN, None, 1)
        self._message(log.get("eventName"), "log.eventName")
        self._attributes(log.get("attributes"), "log.attributes")

    def _metric(self, metric: Mapping[str, Any]) -> None:
        for kind in ("gauge", "sum", "histogram", "exponentialHistogram", "summary"):
            for point in _list(_dict(metric.get(kind)).get("dataPoints")):
                self._attributes(point.get("attributes"), "metric.attributes")
                for exemplar in _list(point.get("exemplars")):
                    self._attributes(
                        exemplar.get("filteredAttributes"), "metric.exemplars.attributes"
                    )

    def _message(self, text: Any, path: str) -> None:
        if isinstance(text, str) and text:
            self._text(text, path, FieldClass.MESSAGE)

    def _attributes(self, raw: Any, shown: str) -> None:
        attributes = _key_values(raw)
        if attributes:
            self._mapping(attributes, shown, "", None, 0)


_MALFORMED: Final = object()


def _list(value: Any) -> list[Any]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _key_values(raw: Any) -> dict[str, Any]:
    """OTLP-JSON ``[{"key": k, "value": AnyValue}]`` as a plain dict."""
    out: dict[str, Any] = {}
    for item in _list(raw):
        key = item.get("key")
        if isinstance(key, str):
            out[key] = _any_value(item.get("value"))
    return out


def _any_value(value: Any) -> Any:
    """Decode an OTLP-JSON ``AnyValue`` (``intValue`` is a string in OTLP-JSON)."""
    if not isinstance(value, dict):
        return value
    if "stringValue" in value:
        return value["stringValue"]
    if "intValue" in value:
        raw = value["intValue"]
        try:
            return int(raw)
        except (TypeError, ValueError):
            return raw
    for scalar in ("boolValue", "doubleValue"):
        if scalar in value:
            return value[scalar]
    if "arrayValue" in value:
        return [_any_value(v) for v in _dict(value["arrayValue"]).get("values", []) or []]
    if "kvlistValue" in value:
        return _key_values(_dict(value["kvlistValue"]).get("values"))
    if "bytesValue" in value:
        return None  # raw bytes: nothing a detector reads
    return None


def _has_value(value: Any) -> bool:
    if value is None or value in ("", [], {}):
        return False
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return bool(_MARKER.sub("", value).strip(_PUNCTUATION))
    return True


def _is_timestamp(text: str, finding: Finding) -> bool:
    return finding.label == "DATE" and _TIMESTAMP.match(text, finding.start) is not None


def _sniff_format(head: bytes) -> str:
    for raw in head.splitlines():
        line = raw.strip().removeprefix(b"\xef\xbb\xbf")
        if not line:
            continue
        if line[:1] != b"{":
            return "text"
        if any(b'"' + key.encode() + b'"' in line[:64] for key in _OTLP_KEYS):
            return "otlp-json"
        return "jsonl"
    return "jsonl"


