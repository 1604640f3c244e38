"""The scrubbing engine: a policy compiled once, applied to value trees.

``Scrubber.scrub(record)`` resolves the record's workspace and mode, walks the tree, applies
each field's action and returns a new tree plus a :class:`Summary` (counts, never values).
It imports no logging framework; adapters translate host objects to mappings and back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import decimal
import functools
import hashlib
import hmac
import itertools
import json
import uuid
import warnings
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import re2

from phiguard._engine import values
from phiguard._engine.catalog import CATALOG
from phiguard._engine.classify import RESTRICTIVENESS, KeyMatcher, build_classifier
from phiguard._engine.context import current_workspace
from phiguard._engine.detectors import (
    DetectorSet,
    Finding,
    RegexDetector,
    builtin_detectors,
    replace_findings,
)
from phiguard._engine.keys import normalize_path
from phiguard.errors import PhiguardWarning
from phiguard.policy import (
    Action,
    DetectorSettings,
    FieldClass,
    Mode,
    Policy,
    WorkspaceSettings,
    load_policy,
)

MODE_KEY: Final = "phiguard.mode"
TRAINING_KEY: Final = "phiguard.training"
RETENTION_KEY: Final = "phiguard.retention_days"
REDACTED_COUNT_KEY: Final = "phiguard.redacted.count"
ERROR_KEY: Final = "phiguard.error"
TRUNCATED_MARKER: Final = "[TRUNCATED]"

#: Strictness of modes, for "baggage may only make a mode stricter".
STRICTNESS: Final[Mapping[Mode, int]] = {
    Mode.STANDARD: 0,
    Mode.REDACTED: 1,
    Mode.ZERO_RETENTION: 2,
}

_DROP: Final = object()  # sentinel: the walk removes this field
_PSEUDONYM = re2.compile(r"^phi_[0-9a-f]{8}$")
_REDACTED = re2.compile(r"^\[REDACTED:[a-z_]+\]$")
_MASK_KEEP: Final = 4
_SCALARS: Final = (int, float, bool, type(None))
_PATH_CACHE_MAX: Final = 8192
_RANK: Final = {cls: rank for rank, cls in enumerate(RESTRICTIVENESS)}  # lower is stricter
_CUT_MARGIN: Final = 64
_SCAN_CACHE_CHARS: Final = 64  # texts up to this long have their scan results cached
# (scanned text, inline secret/audio replacements, (detector, label) per finding, truncated,
#  plain: nothing at all to replace or reclassify, the text leaves as it is)
_Scanned = tuple[str, int, tuple[tuple[str, str], ...], bool, bool]
# (normalised path, field class, output key, action)
_Plan = tuple[str, FieldClass, Any, Action]  # characters examined around a truncation point
# Values that ``keep`` returns unchanged (a renderer formats them; none can hide a secret).
_KEPT_AS_IS: Final = (*_SCALARS, _dt.date, _dt.time, decimal.Decimal, uuid.UUID)


# Enum members as module constants: in Python 3.11 each ``Action.KEEP`` is a ~100 ns
# metaclass lookup, and the walk makes dozens per record.
_A_KEEP: Final = Action.KEEP
_A_SCAN: Final = Action.SCAN
_A_HASH: Final = Action.HASH
_A_MASK: Final = Action.MASK
_A_REDACT: Final = Action.REDACT
_A_DROP: Final = Action.DROP
_C_CONTENT: Final = FieldClass.CONTENT
_C_TOOL_IO: Final = FieldClass.TOOL_IO
_C_AUDIO: Final = FieldClass.AUDIO
_C_IDENTIFIER: Final = FieldClass.IDENTIFIER
_C_SECRET: Final = FieldClass.SECRET
_C_SAFE: Final = FieldClass.SAFE
_C_UNKNOWN: Final = FieldClass.UNKNOWN
_C_MESSAGE: Final = FieldClass.MESSAGE
_M_STANDARD: Final = Mode.STANDARD
_M_REDACTED: Final = Mode.REDACTED
_M_ZERO_RETENTION: Final = Mode.ZERO_RETENTION


@dataclass(frozen=True, slots=True)
class Summary:
    """What a scrub did, as counts: never a value.

    Attributes:
        fields: Count of fields acted on, by ``"<class>:<action>"`` (kept fields are not
            counted).
        detectors: Count of findings by detector id.
        labels: Count of findings by label (``PHONE``, ``NAME``...).
        error: ``True`` when the record could not be scrubbed and a safe shell was emitted.
    """

    fields: Mapping[str, int]
    detectors: Mapping[str, int]
    labels: Mapping[str, int]
    error: bool = False

    @property
    def redacted_count(self) -> int:
        """How many fields and findings were removed, replaced or masked."""
        return sum(self.fields.values()) + sum(self.labels.values())


_NOTHING_DONE: Final = Summary(MappingProxyType({}), MappingProxyType({}), MappingProxyType({}))


class ScrubResult(NamedTuple):
    """The outcome of :meth:`Scrubber.scrub`.

    Attributes:
        record: The scrubbed record (a new dict; the input is never mutated).
        settings: The workspace settings the record was scrubbed under.
        summary: Counts of what was done.
    """

    record: dict[str, Any]
    settings: WorkspaceSettings
    summary: Summary


@functools.lru_cache(maxsize=16)
def _compile_detectors(settings: DetectorSettings) -> DetectorSet:
    chosen = [
        d
        for d in builtin_detectors()
        if (settings.enable is None or d.id in settings.enable) and d.id not in settings.disable
    ]
    chosen.extend(
        RegexDetector(c.id, c.label, c.pattern, case_sensitive=c.case_sensitive)
        for c in settings.custom
    )
    return DetectorSet(chosen)


class Scrubber:
    """A policy compiled for scrubbing. Thread-safe; build one and share it.

    Args:
        policy: A :class:`~phiguard.Policy`, or anything :func:`~phiguard.load_policy`
            accepts (a TOML path, a mapping, or ``None`` for the environment/defaults).

    Raises:
        PolicyError: The policy is invalid.
    """

    __slots__ = (
        "_actions",
        "_classifier",
        "_detectors",
        "_error_warned",
        "_hash_key",
        "_key_actions",
        "_labels",
        "_message_cache",
        "_path_cache",
        "_plans",
        "_pseudonyms",
        "_scan_cache",
        "_settings",
        "error_count",
        "policy",
    )

    def __init__(self, policy: Policy | Mapping[str, Any] | str | None = None) -> None:
        self.policy: Policy = load_policy(policy)
        p = self.policy
        self._classifier: KeyMatcher[FieldClass] = build_classifier(
            {
                **p.fields,
                _C_SAFE: (
                    *p.fields.get(_C_SAFE, ()),
                    p.workspace_key,
                    "phiguard.**",
                ),
            },
            CATALOG,
        )
        self._detectors = _compile_detectors(p.detectors)
        self._path_cache: dict[str, tuple[str, FieldClass]] = {}
        self._settings: dict[str | None, WorkspaceSettings] = {}
        # Keyed by id(): a frozen dataclass's __hash__ runs in Python on every lookup.
        self._labels: dict[int, tuple[WorkspaceSettings, dict[str, Any]]] = {}
        self._plans: dict[tuple[Any, ...], dict[str, _Plan]] = {}
        # Short strings repeat (event names, statuses): their scan results are cached.
        self._scan_cache: dict[str, _Scanned] = {}
        self._message_cache: dict[tuple[Mode, str], tuple[str | None]] = {}
        self._hash_key = p.hmac_key
        self._pseudonyms = p.detectors.pseudonyms and p.hmac_key is not None
        actions = {mode: dict(row) for mode, row in p.actions.items()}
        # Only modes a record can actually get: a zero-retention-only service never hashes.
        reachable = {p.default_mode, p.unknown_workspace_mode} | {
            ws.mode for ws in p.workspaces.values()
        }
        uses_hash = any(
            action is _A_HASH
            for mode in reachable
            for action in (*actions[mode].values(), *(a for _, a in p.key_actions.get(mode, ())))
        )
        if p.hmac_key is None and uses_hash:
            warnings.warn(
                "phiguard: no HMAC key (hmac_key / PHIGUARD_HMAC_KEY), so 'hash' falls back "
                "to 'redact': an unkeyed hash of a phone number is brute-forced in minutes",
                PhiguardWarning,
                stacklevel=2,
            )
            for row in actions.values():
                for cls, action in row.items():
                    if action is _A_HASH:
                        row[cls] = _A_REDACT
        self._actions: dict[Mode, dict[FieldClass, Action]] = actions
        self._key_actions: dict[Mode, KeyMatcher[Action]] = {
            mode: KeyMatcher(
                [[(pat, self._no_hash(act)) for pat, act in entries]],
                tuple(Action),
            )
            for mode, entries in p.key_actions.items()
        }
        self.error_count = 0
        self._error_warned = False

    def _classify_path(self, path: str) -> tuple[str, FieldClass]:
        """Normalise and classify a key path (a normalised parent plus a raw key), cached."""
        try:
            return self._path_cache[path]
        except KeyError:
            pass
        norm = normalize_path(path)
        found = (norm, self._classifier.match(norm) or _C_UNKNOWN)
        if len(self._path_cache) >= _PATH_CACHE_MAX:
            self._path_cache.clear()  # bounded: keys can be unbounded (ids used as keys)
        self._path_cache[path] = found
        return found

    def _plan_table(
        self,
        mode: Mode,
        path: str,
        inherited: FieldClass | None,
        message_keys: Collection[str],
    ) -> dict[str, _Plan]:
        """The cache of key plans for one mode, parent path, inherited class and message keys."""
        marker = (mode, path, inherited, message_keys if isinstance(message_keys, tuple) else ())
        table = self._plans.get(marker)
        if table is None:
            if len(self._plans) >= _PATH_CACHE_MAX:
                self._plans.clear()  # bounded: paths come from records
            table = self._plans[marker] = {}
        return table

    def _no_hash(self, action: Action) -> Action:
        return _A_REDACT if action is _A_HASH and self._hash_key is None else action

    # ------------------------------------------------------------------ resolution

    def resolve(
        self,
        record: Mapping[str, Any] | None = None,
        *,
        workspace: str | None = None,
        min_mode: Mode | None = None,
    ) -> WorkspaceSettings:
        """Resolve the workspace settings of a record (fail closed).

        Order: the record's ``workspace_key``; the workspace bound in the current context;
        ``workspace`` (an adapter's fallback, e.g. a span's resource attribute); else the
        policy's ``unknown_workspace_mode``. ``min_mode`` (from baggage, which comes from
        outside the process) can only make the mode stricter.
        """
        ws: Any = None
        if record is not None:
            ws = record.get(self.policy.workspace_key)
        if not isinstance(ws, str) or not ws:
            ws = ws if isinstance(ws, int) and not isinstance(ws, bool) else None
            ws = str(ws) if ws is not None else (current_workspace() or workspace)
        settings = self._settings.get(ws)
        if settings is None:
            settings = self.policy.settings_for(ws)
            if len(self._settings) >= _PATH_CACHE_MAX:
                self._settings.clear()  # bounded: workspace ids come from records
                self._labels.clear()
            self._settings[ws] = settings
            self._labels[id(settings)] = (settings, _labels(settings))
        if min_mode is not None and STRICTNESS[min_mode] > STRICTNESS[settings.mode]:
            settings = _implied(
                WorkspaceSettings(min_mode, settings.training, settings.retention_days)
            )
        return settings

    # ------------------------------------------------------------------ public API

    def scrub(
        self,
        record: Mapping[str, Any],
        *,
        workspace: str | None = None,
        min_mode: Mode | None = None,
        message_keys: Collection[str] = (),
        settings: WorkspaceSettings | None = None,
        labels: bool = True,
    ) -> ScrubResult:
        """Scrub one record. Never raises, never mutates ``record``.

        Args:
            record: The record, a mapping of keys to values (any value tree).
            workspace: Fallback workspace when neither the record nor the context names one.
            min_mode: A mode the result must be at least as strict as (e.g. from baggage).
            message_keys: Top-level keys holding the record's log message and rendered
                tracebacks (e.g. structlog's ``"event"``, ``"exception"``, ``"stack"``); they
                get the ``message`` class.
            settings: Pre-resolved settings (skips resolution).
            labels: Add ``phiguard.mode`` and the training / retention labels.

        Returns:
            The new record, the settings it was scrubbed under, and a summary. If anything
            inside phiguard fails, the record holds only safe scalar fields and
            ``phiguard.error``, and the failure is counted in :attr:`error_count`.
        """
        try:
            if settings is None:
                settings = self.resolve(record, workspace=workspace, min_mode=min_mode)
            walk = _Walk(self, settings.mode)
            out = walk.mapping(record, "", None, 0, message_keys)
            summary = walk.summary()
            if labels:
                cached = self._labels.get(id(settings))
                if cached is not None and cached[0] is settings:
                    out.update(cached[1])
                else:
                    _add_labels(out, settings, 0)
                if summary is not _NOTHING_DONE:
                    out[REDACTED_COUNT_KEY] = summary.redacted_count
            return ScrubResult(out, settings, summary)
        except Exception:  # must not raise into the app; fail closed
            return self._shell(record, settings, message_keys, labels)

    def scrub_value(
        self,
        value: Any,
        field_class: FieldClass,
        mode: Mode,
        *,
        key: str = "",
    ) -> tuple[Any, bool]:
        """Scrub a single value of a known class under ``mode``.

        Returns:
            ``(new_value, kept)``: ``kept`` is ``False`` when the action drops the field.
            On an internal failure the value is dropped.
        """
        try:
            walk = _Walk(self, mode)
            out = walk.field(value, normalize_path(key), field_class, 0)
        except Exception:  # fail closed
            self._count_error()
            return None, False
        return (None, False) if out is _DROP else (out, True)

    def scrub_message(self, text: str, mode: Mode) -> str | None:
        """Scrub a log message, span name or event name under ``mode``.

        Returns the scrubbed text, or ``None`` when the policy drops messages (or on an
        internal failure). Results for short texts, which repeat (span and event names),
        are cached.
        """
        short = len(text) <= _SCAN_CACHE_CHARS
        if short:
            hit = self._message_cache.get((mode, text))
            if hit is not None:
                return hit[0]
        value, kept = self.scrub_value(text, _C_MESSAGE, mode)
        result = str(value) if kept and value is not None else None
        if short:
            if len(self._message_cache) >= _PATH_CACHE_MAX:
                self._message_cache.clear()  # bounded
            self._message_cache[(mode, text)] = (result,)
        return result

    def scan_text(self, text: str) -> str:
        """Replace the PHI found in ``text`` with placeholders (or pseudonyms), and secrets.

        Never raises: on an internal failure the whole text is replaced by
        ``[REDACTED:error]``.
        """
        try:
            return _Walk(self, _M_REDACTED).scan_str(text)
        except Exception:  # fail closed
            self._count_error()
            return "[REDACTED:error]"

    def find(self, text: str) -> list[Finding]:
        """Return the detectors' findings in ``text`` (offsets and labels, no values)."""
        return self._detectors.find(text)

    def classify(self, key: str) -> FieldClass:
        """Return the field class of a key path by its name alone."""
        return self._classifier.match(normalize_path(key)) or _C_UNKNOWN

    # ------------------------------------------------------------------ failure

    def _count_error(self) -> None:
        self.error_count += 1
        if not self._error_warned:
            self._error_warned = True
            # warnings-as-errors must not turn this into an exception in the app
            with contextlib.suppress(Exception):
                warnings.warn(
                    "phiguard: a record could not be scrubbed; it was replaced by its safe "
                    "fields and phiguard.error (counted in Scrubber.error_count)",
                    PhiguardWarning,
                    stacklevel=3,
                )

    def _shell(
        self,
        record: Any,
        settings: WorkspaceSettings | None,
        message_keys: Collection[str],
        labels: bool,
    ) -> ScrubResult:
        self._count_error()
        out: dict[str, Any] = {}
        try:
            for key, value in record.items():
                if (
                    isinstance(key, str)
                    and isinstance(value, (str, *_SCALARS))
                    and key not in message_keys
                    and self.classify(key) is _C_SAFE
                ):
                    out[key] = value
        except Exception:
            out = {}
        if settings is None:
            settings = _implied(WorkspaceSettings(_M_ZERO_RETENTION))
        for key in message_keys:
            try:
                present = key in record
            except Exception:
                present = False
            if present:
                out[key] = "[REDACTED:error]"
        out[ERROR_KEY] = "scrub_failed"
        if labels:
            _add_labels(out, settings, 0)
        return ScrubResult(out, settings, Summary({}, {}, {}, error=True))


def _implied(settings: WorkspaceSettings) -> WorkspaceSettings:
    if settings.mode is _M_ZERO_RETENTION:
        from phiguard.policy import Training

        return WorkspaceSettings(settings.mode, Training.FORBIDDEN, settings.retention_days)
    return settings


def _labels(settings: WorkspaceSettings) -> dict[str, Any]:
    """The labels every record of ``settings`` carries."""
    labels: dict[str, Any] = {MODE_KEY: settings.mode.value}
    if settings.training is not None:
        labels[TRAINING_KEY] = settings.training.value
    if settings.retention_days is not None:
        labels[RETENTION_KEY] = settings.retention_days
    return labels


def _add_labels(out: dict[str, Any], settings: WorkspaceSettings, redacted: int) -> None:
    out.update(_labels(settings))
    if redacted:
        out[REDACTED_COUNT_KEY] = redacted


class _Walk:
    """One scrub: the compiled tables for one mode, and the counters of this record."""

    __slots__ = (
        "actions",
        "counts",
        "detector_counts",
        "key_actions",
        "label_counts",
        "limits",
        "mode",
        "on_path",
        "s",
    )

    def __init__(self, scrubber: Scrubber, mode: Mode) -> None:
        self.s = scrubber
        self.mode = mode
        self.actions = scrubber._actions[mode]
        self.key_actions = scrubber._key_actions.get(mode)
        self.limits = scrubber.policy.limits
        self.counts: Counter[str] | None = None
        self.detector_counts: Counter[str] | None = None
        self.label_counts: Counter[str] | None = None
        self.on_path: set[int] = set()

    def summary(self) -> Summary:
        if self.counts is None and self.label_counts is None:
            return _NOTHING_DONE
        return Summary(
            dict(self.counts or {}),
            dict(self.detector_counts or {}),
            dict(self.label_counts or {}),
        )

    def count(self, cls: FieldClass, action: Action) -> None:
        if self.counts is None:
            self.counts = Counter()
        self.counts[f"{cls.value}:{action.value}"] += 1

    # ---------------------------------------------------------------- containers

    def mapping(
        self,
        record: Mapping[Any, Any],
        path: str,
        inherited: FieldClass | None,
        depth: int,
        message_keys: Collection[str] = (),
    ) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        if inherited is _C_SAFE:
            # "safe" describes scalar metadata; what a safe key holds in a container is
            # classified on its own keys, never allowlisted wholesale.
            inherited = None
        plans = self.s._plan_table(self.mode, path, inherited, message_keys)
        scan_cache = self.s._scan_cache
        items: Iterable[tuple[Any, Any]] = record.items()
        if len(record) > self.limits.max_items:
            self.count(inherited or _C_UNKNOWN, _A_DROP)
            items = itertools.islice(items, self.limits.max_items)
        for key, value in items:
            plan = plans.get(key) if type(key) is str else None
            if plan is None:
                plan = self.plan(key, path, inherited, message_keys)
                if plan[2] == key and type(key) is str:  # nothing found in the key: reusable
                    if len(plans) >= _PATH_CACHE_MAX:
                        plans.clear()
                    plans[key] = plan
            norm, cls, out_key, action = plan
            # Fast paths for what most records are made of: plain scalars that are kept, and
            # short texts (event names, statuses) already scanned and found plain.
            kind = type(value)
            if action is _A_KEEP:
                if (
                    kind is int or kind is float or kind is bool or value is None
                    or (kind is str and len(value) < values.MIN_SHAPE_CHARS)
                ):
                    if out_key in out:
                        out_key = _dedupe(out, out_key)
                    out[out_key] = value
                    continue
            elif action is _A_SCAN and kind is str:
                hit = scan_cache.get(value)
                if hit is not None and hit[4] and value[:1] not in "{[":
                    if out_key in out:
                        out_key = _dedupe(out, out_key)
                    out[out_key] = value
                    continue
            new = self.field(value, norm, cls, depth + 1)
            if new is _DROP:
                continue
            if out_key in out:
                out_key = _dedupe(out, out_key)
            out[out_key] = new
        return out

    def plan(
        self, key: Any, path: str, inherited: FieldClass | None, message_keys: Collection[str]
    ) -> _Plan:
        """Decide a key's normalised path, class and output key, and whether scalars are kept.

        Depends only on the key, its parent path, the inherited class and the mode, so the
        result is cached per scrubber (unless the key itself held something to replace).
        """
        if isinstance(key, str):
            norm, cls = self.s._classify_path(f"{path}.{key}" if path else key)
            if message_keys and not path and key in message_keys:
                cls = _C_MESSAGE
            elif inherited is not None and _RANK[cls] > _RANK[inherited]:
                # Inside a sensitive container a child keeps the container's class unless
                # its own is stricter: a tool argument named "status" is still tool I/O.
                cls = inherited
            out_key: Any = key
            # Keys the catalog names are not PHI; any other key may be (phone numbers used
            # as dict keys), so it is scanned like a value.
            scan_keys = self.mode is not _M_STANDARD
            unclassified = cls is _C_UNKNOWN or cls is inherited
            if unclassified and (scan_keys or len(key) >= values.MIN_SHAPE_CHARS):
                out_key = self.scrub_key(key, scan_keys)
        else:
            norm = path
            cls = inherited or _C_UNKNOWN
            out_key = key if isinstance(key, (int, float, bool, type(None))) else (
                self.scrub_key(_safe_repr(key), scan=True)
            )
        action = self.actions[cls]
        if self.key_actions is not None and norm:
            action = self.key_actions.match(norm) or action
        return norm, cls, out_key, action

    def sequence(self, items: Any, path: str, cls: FieldClass, depth: int) -> list[Any]:
        out: list[Any] = []
        kept = self.actions[cls] is _A_KEEP and self.key_actions is None
        for n, item in enumerate(items):
            if n >= self.limits.max_items:
                self.count(cls, _A_DROP)
                break
            if kept:
                kind = type(item)
                if (
                    kind is int or kind is float or kind is bool or item is None
                    or (kind is str and len(item) < values.MIN_SHAPE_CHARS)
                ):
                    out.append(item)
                    continue
            new = self.field(item, path, cls, depth + 1)
            if new is not _DROP:
                out.append(new)
        return out

    def scrub_key(self, key: str, scan: bool) -> str:
        if scan:
            return self.scan_str(key)
        return values.replace_inline(key, audio=False)[0]

    # ---------------------------------------------------------------- fields

    def field(self, value: Any, path: str, cls: FieldClass, depth: int) -> Any:
        """Apply the action of ``cls`` (reclassified by the value's shape) to ``value``."""
        if (
            self.actions[cls] is _A_DROP
            and self.key_actions is None
            and not (cls is _C_UNKNOWN and self.s.policy.allow_unknown_numbers)
        ):
            # Nothing is stricter than drop: no need to look at the value's shape.
            self.count(cls, _A_DROP)
            return _DROP
        if isinstance(value, str):
            if len(value) < values.MIN_SHAPE_CHARS:
                shape = None
            else:
                gate = values.may_hold_shape(value)
                shape = values.classify_value(value, gate=gate)
                if (
                    not gate and shape is None and value[0] not in "{["
                    and self.actions[cls] is _A_KEEP and self.key_actions is None
                ):
                    return value  # kept, and nothing in it to replace
            if shape is not None and cls is not _C_SECRET:
                cls = shape
        elif isinstance(value, (bytes, bytearray, memoryview)) and cls is not _C_SECRET:
            cls = _C_AUDIO
        action = self.actions[cls]
        if self.key_actions is not None and path:
            override = self.key_actions.match(path)
            if override is not None:
                action = override
        if action is _A_KEEP:
            if cls is _C_SAFE and isinstance(value, _SCALARS):
                return value
            return self.keep(value, path, cls, depth)
        if action is _A_DROP:
            if (
                self.s.policy.allow_unknown_numbers
                and cls is _C_UNKNOWN
                and isinstance(value, (int, float))
                and (isinstance(value, bool) or not self.s._detectors.find(str(value)))
            ):
                return value
            self.count(cls, action)
            return _DROP
        if action is _A_SCAN:
            return self.scan(value, path, cls, depth)
        if action is _A_REDACT:
            if isinstance(value, str) and _REDACTED.match(value):
                return value
            self.count(cls, action)
            return f"[REDACTED:{cls.value}]"
        if action is _A_HASH:
            return self.hash(value, cls)
        return self.mask(value, cls)

    def keep(self, value: Any, path: str, cls: FieldClass, depth: int) -> Any:
        if isinstance(value, str):
            if len(value) < values.MIN_SHAPE_CHARS:
                return value
            if value[:1] in "{[":
                parsed = self.nested_json(value, path, cls, depth)
                if parsed is not None:
                    return parsed
            text, n = values.replace_inline(value, audio=False)
            if n:
                self.count(_C_SECRET, _A_REDACT)
            return text
        if isinstance(value, _KEPT_AS_IS):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        return self.container(value, path, cls, depth, _A_KEEP)

    def scan(self, value: Any, path: str, cls: FieldClass, depth: int) -> Any:
        if isinstance(value, str):
            if value[:1] in "{[" and len(value) >= 2:
                parsed = self.nested_json(value, path, cls, depth)
                if parsed is not None:
                    return parsed
            return self.scan_str(value)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float, decimal.Decimal)):
            text = str(value)
            scanned = self.scan_str(text)
            return value if scanned == text else scanned
        if isinstance(value, _dt.datetime | _dt.date):
            self.count_label("date", "DATE")
            return "<DATE>"
        if isinstance(value, (_dt.time, uuid.UUID)):
            return str(value)
        return self.container(value, path, cls, depth, _A_SCAN)

    def container(self, value: Any, path: str, cls: FieldClass, depth: int, action: Action) -> Any:
        """Walk containers and convert odd types; anything unknown becomes its scanned repr."""
        if depth > self.limits.max_depth:
            self.count(cls, _A_REDACT)
            return "[REDACTED:depth]"
        if cls is not _C_UNKNOWN and cls is not _C_SAFE:
            # Inside a classified container, children are classified by their path relative
            # to it: a glob such as ``pii.**`` names the container, and must not swallow a
            # ``patient_name`` nested in it, which is stricter than the container's class.
            path = ""
        kind = type(value)
        plain = kind is dict or kind is list or kind is tuple  # skips the slow ABC checks
        if plain or isinstance(value, (Mapping, set, frozenset)) or dataclasses.is_dataclass(value):
            marker = id(value)
            if marker in self.on_path:
                self.count(cls, _A_REDACT)
                return "[REDACTED:cycle]"
            self.on_path.add(marker)
            try:
                if kind is dict or (not plain and isinstance(value, Mapping)):
                    return self.mapping(value, path, cls, depth)
                if dataclasses.is_dataclass(value) and not isinstance(value, type):
                    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
                    return self.mapping(fields, path, cls, depth)
                items = value if plain else (
                    sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
                )
                out = self.sequence(items, path, cls, depth)
                return tuple(out) if isinstance(value, tuple) else out
            finally:
                self.on_path.discard(marker)
        if isinstance(value, BaseException):
            text = f"{type(value).__name__}: {_safe_str(value)}"
        else:
            text = _safe_repr(value)
        if action is _A_KEEP:
            return values.replace_inline(text, audio=False)[0]
        return self.scan_str(text)

    def nested_json(self, text: str, path: str, cls: FieldClass, depth: int) -> str | None:
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not isinstance(parsed, (dict, list)):
            return None
        walked = self.container(parsed, path, cls, depth, _A_SCAN)
        return json.dumps(walked, ensure_ascii=False, default=str)

    def scan_str(self, text: str) -> str:
        """Replace detector findings, secrets and audio references inside ``text``."""
        if len(text) <= _SCAN_CACHE_CHARS:
            cache = self.s._scan_cache
            result = cache.get(text)
            if result is None:
                result = self._scan_str(text)
                if len(cache) >= _PATH_CACHE_MAX:
                    cache.clear()  # bounded
                cache[text] = result
        else:
            result = self._scan_str(text)
        scanned, inline, found, truncated, _ = result
        if truncated:
            self.count(_C_UNKNOWN, _A_REDACT)
        if inline:
            self.count(_C_SECRET, _A_REDACT)
        for detector, label in found:
            self.count_label(detector, label)
        return scanned

    def _scan_str(self, text: str) -> _Scanned:
        """Scan without counting: the result depends on the text alone, so it can be cached."""
        truncated = len(text) > self.limits.max_scan_chars
        if truncated:
            text = text[: self._cut_point(text)]
        text, inline = values.replace_inline(text, audio=True)
        findings = self.s._detectors.find(text)
        if findings:
            text = replace_findings(text, findings, self.placeholder)
        found = tuple((f.detector, f.label) for f in findings)
        plain = not truncated and not inline and not found and values.classify_value(text) is None
        return (text + TRUNCATED_MARKER if truncated else text), inline, found, truncated, plain

    def _cut_point(self, text: str) -> int:
        """Where to cut a text over the limit so that no entity is cut in half.

        A cut through an entity would leave a fragment the detectors no longer recognise
        (``jane.doe.c``), so the cut moves before any finding it crosses, then back to a
        word boundary.
        """
        cut = self.limits.max_scan_chars
        for f in self.s._detectors.find(text[: cut + _CUT_MARGIN]):
            if f.start < cut < f.end:
                cut = f.start
        space = max(text.rfind(ch, max(0, cut - _CUT_MARGIN), cut) for ch in " \n\t")
        return space if space > 0 else max(0, cut - _CUT_MARGIN)

    def count_label(self, detector: str, label: str) -> None:
        if self.detector_counts is None or self.label_counts is None:
            self.detector_counts, self.label_counts = Counter(), Counter()
        self.detector_counts[detector] += 1
        self.label_counts[label] += 1

    def placeholder(self, finding: Finding, matched: str) -> str:
        if self.s._pseudonyms and self.s._hash_key is not None:
            message = f"{finding.label}\x00{_canon_text(matched)}".encode()
            digest = hmac.new(self.s._hash_key, message, hashlib.sha256).hexdigest()
            return f"<{finding.label}:{digest[:6]}>"
        return f"<{finding.label}>"

    def hash(self, value: Any, cls: FieldClass) -> Any:
        if isinstance(value, str) and (_PSEUDONYM.match(value) or _REDACTED.match(value)):
            return value
        if value is None or isinstance(value, bool):
            return value
        key = self.s._hash_key
        if key is None:  # pragma: no cover - hash is rewritten to redact at compile time
            self.count(cls, _A_REDACT)
            return f"[REDACTED:{cls.value}]"
        self.count(cls, _A_HASH)
        canon = value if isinstance(value, str) else _canonical(value)
        digest = hmac.new(key, canon.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
        return f"phi_{digest[:8]}"

    def mask(self, value: Any, cls: FieldClass) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if not isinstance(value, (str, int, float, decimal.Decimal)):
            self.count(cls, _A_REDACT)
            return f"[REDACTED:{cls.value}]"
        text = str(value)
        alnum = sum(ch.isalnum() for ch in text)
        # Stars count towards the length so that masking a masked value changes nothing;
        # short values are masked whole (four of six characters would say too much).
        keep = _MASK_KEEP if alnum + text.count("*") > 2 * _MASK_KEEP else 0
        seen = 0
        chars = []
        for ch in text:
            if ch.isalnum():
                seen += 1
                chars.append(ch if seen > alnum - keep else "*")
            else:
                chars.append(ch)
        self.count(cls, _A_MASK)
        return "".join(chars)


def _dedupe(out: Mapping[Any, Any], key: Any) -> str:
    n = 2
    while f"{key}#{n}" in out:
        n += 1
    return f"{key}#{n}"


def _canon_text(text: str) -> str:
    """Pseudonyms follow the entity, not its spelling: fold case and drop separators."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _canonical(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=_safe_repr, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        return _safe_repr(value)


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:
        return f"<unrepresentable {type(value).__name__}>"


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:
        return _safe_repr(value)


def scrubber_for(policy: Scrubber | Policy | Mapping[str, Any] | str | None) -> Scrubber:
    """Return a :class:`Scrubber` for ``policy`` (a convenience for adapters)."""
    return policy if isinstance(policy, Scrubber) else Scrubber(policy)


__all__ = ["STRICTNESS", "ScrubResult", "Scrubber", "Summary", "scrubber_for"]
