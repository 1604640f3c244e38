"""Policy: workspace modes, field classes, actions, and loading a policy from TOML or a dict.

A policy is validated completely when it is loaded; every problem is a
:class:`~phiguard.errors.PolicyError` whose message starts with the offending key path, e.g.
``workspaces.ws_9.mode: unknown mode 'hipa'; expected one of standard, redacted,
zero_retention``. A loaded :class:`Policy` is immutable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from phiguard.errors import PolicyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_ACTIONS",
    "PHIGUARD_HMAC_KEY",
    "PHIGUARD_MODE",
    "PHIGUARD_POLICY",
    "Action",
    "CustomPattern",
    "DetectorSettings",
    "FieldClass",
    "Limits",
    "MetricSettings",
    "Mode",
    "Policy",
    "Training",
    "WorkspaceSettings",
    "load_policy",
]

PHIGUARD_POLICY: Final = "PHIGUARD_POLICY"
"""Environment variable naming a TOML policy file, read by ``load_policy(None)``."""

PHIGUARD_MODE: Final = "PHIGUARD_MODE"
"""Environment variable giving a single-tenant mode (every record gets it), read by
``load_policy(None)`` when ``PHIGUARD_POLICY`` is not set."""

PHIGUARD_HMAC_KEY: Final = "PHIGUARD_HMAC_KEY"
"""Environment variable holding the HMAC key (at least 32 bytes) used by the ``hash`` action
and keyed pseudonyms, when the policy has no ``hmac_key``."""

MIN_HMAC_KEY_BYTES: Final = 32


class Mode(str, Enum):
    """A workspace's mode: what leaves the process for that tenant."""

    STANDARD = "standard"
    """Content kept; secrets always scrubbed."""
    REDACTED = "redacted"
    """Structure kept; PHI inside text replaced; audio references removed."""
    ZERO_RETENTION = "zero_retention"
    """No content, tool I/O, audio or identifiers; only non-sensitive metadata and metrics."""


class FieldClass(str, Enum):
    """What a field holds, decided by its key (and sometimes its value)."""

    CONTENT = "content"
    """What people said or the model produced."""
    TOOL_IO = "tool_io"
    """Arguments and results of tool / function calls."""
    AUDIO = "audio"
    """Recordings and references to them (a voice is a biometric identifier)."""
    IDENTIFIER = "identifier"
    """Direct identifiers in structured fields (caller number, patient name, DOB...)."""
    SECRET = "secret"
    """Credentials: API keys, authorization headers, tokens."""
    SAFE = "safe"
    """Non-sensitive metadata and metrics."""
    UNKNOWN = "unknown"
    """Anything not classified."""
    MESSAGE = "message"
    """The log message of a record (structlog's ``event``, a LogRecord's message)."""


class Action(str, Enum):
    """What happens to a field's value."""

    KEEP = "keep"
    """Leave the value as it is (secret-shaped tokens inside text are still replaced)."""
    SCAN = "scan"
    """Replace PHI found inside the text with typed placeholders or pseudonyms."""
    HASH = "hash"
    """Replace with a keyed HMAC-SHA256 pseudonym (``phi_3fa94c0e``); needs an HMAC key."""
    MASK = "mask"
    """Keep only the last four letters or digits (``***-***-4567``)."""
    REDACT = "redact"
    """Replace the whole value with ``[REDACTED:<class>]``."""
    DROP = "drop"
    """Remove the key."""


class Training(str, Enum):
    """Whether downstream systems may train on a workspace's data."""

    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"


_A = Action
_C = FieldClass

DEFAULT_ACTIONS: Final[Mapping[Mode, Mapping[FieldClass, Action]]] = MappingProxyType(
    {
        Mode.STANDARD: MappingProxyType(
            {
                _C.CONTENT: _A.KEEP, _C.TOOL_IO: _A.KEEP, _C.AUDIO: _A.KEEP,
                _C.IDENTIFIER: _A.KEEP, _C.SECRET: _A.REDACT, _C.SAFE: _A.KEEP,
                _C.UNKNOWN: _A.KEEP, _C.MESSAGE: _A.KEEP,
            }
        ),
        Mode.REDACTED: MappingProxyType(
            {
                _C.CONTENT: _A.SCAN, _C.TOOL_IO: _A.SCAN, _C.AUDIO: _A.DROP,
                _C.IDENTIFIER: _A.HASH, _C.SECRET: _A.REDACT, _C.SAFE: _A.KEEP,
                _C.UNKNOWN: _A.SCAN, _C.MESSAGE: _A.SCAN,
            }
        ),
        Mode.ZERO_RETENTION: MappingProxyType(
            {
                _C.CONTENT: _A.DROP, _C.TOOL_IO: _A.DROP, _C.AUDIO: _A.DROP,
                _C.IDENTIFIER: _A.DROP, _C.SECRET: _A.DROP, _C.SAFE: _A.KEEP,
                _C.UNKNOWN: _A.DROP, _C.MESSAGE: _A.SCAN,
            }
        ),
    }
)
"""The default action matrix of DESIGN.md section 2: mode -> field class -> action."""

# How much each action can let out, for the rule that a zero-retention override may only be
# stricter. redact and drop both let nothing out.
_LEAKINESS: Final = {
    _A.KEEP: 5, _A.SCAN: 4, _A.MASK: 3, _A.HASH: 2, _A.REDACT: 0, _A.DROP: 0,
}


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    """One workspace's settings.

    Attributes:
        mode: The workspace's mode.
        training: Whether downstream systems may train on its data (``forbidden`` is implied
            by zero retention); ``None`` when not set.
        retention_days: How long downstream systems may keep its records; ``None`` when not set.
    """

    mode: Mode
    training: Training | None = None
    retention_days: int | None = None


@dataclass(frozen=True, slots=True)
class CustomPattern:
    """A policy-defined RE2 pattern whose matches are PHI of ``label``.

    Attributes:
        id: The detector id (the key under ``detectors.custom``).
        label: The placeholder label, e.g. ``TICKET`` gives ``<TICKET>``.
        pattern: The RE2 (Go regexp) pattern, validated at load.
        case_sensitive: Whether the pattern matches case-sensitively.
    """

    id: str
    label: str
    pattern: str
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class DetectorSettings:
    """Which detectors run under ``scan`` and how findings are replaced.

    Attributes:
        enable: Built-in detector ids to run; ``None`` means all of them.
        disable: Built-in detector ids not to run (applied after ``enable``).
        custom: Extra RE2 patterns.
        pseudonyms: Replace findings with keyed pseudonyms (``<NAME:3fa94c>``) instead of
            typed placeholders (``<NAME>``); needs an HMAC key.
    """

    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    custom: tuple[CustomPattern, ...] = ()
    pseudonyms: bool = False


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the work done per record.

    Attributes:
        max_depth: Containers nested deeper than this are replaced by ``[REDACTED:depth]``.
        max_scan_chars: Strings longer than this are cut to this length before scanning, and
            the cut tail is replaced by ``[TRUNCATED]``.
        max_items: Containers with more items than this keep the first ``max_items``; the
            rest is counted in the summary as truncated.
    """

    max_depth: int = 32
    max_scan_chars: int = 65_536
    max_items: int = 10_000


@dataclass(frozen=True, slots=True)
class MetricSettings:
    """Additions to the built-in allowlist of non-sensitive metrics.

    Attributes:
        allow: Metric names (``*`` wildcards allowed) that zero retention lets through.
        attributes: Data-point attribute keys that zero retention lets through.
    """

    allow: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()


_EMPTY_FIELDS: Final[Mapping[FieldClass, tuple[str, ...]]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Policy:
    """A validated, immutable phiguard policy. Build one with :func:`load_policy`.

    Attributes:
        default_mode: Mode of a resolved workspace that is not listed in ``workspaces``.
        unknown_workspace_mode: Mode of a record whose workspace cannot be resolved at all.
        workspace_key: The record key that names its workspace.
        workspaces: Per-workspace settings.
        fields: Key patterns per field class, added to (and taking precedence over) the
            built-in catalog.
        actions: The full action matrix (defaults with the policy's overrides applied).
        key_actions: Per-mode actions for specific key patterns, taking precedence over the
            class's action.
        training: Default training label for workspaces that do not set one.
        retention_days: Default retention label for workspaces that do not set one.
        allow_unknown_numbers: In zero retention, keep unknown fields whose value is a bool or
            a number in which no detector finds PHI.
        llm_allow: Allowed ``provider:model`` patterns for zero-retention workspaces.
        metrics: Metric names and data-point attribute keys zero retention lets through,
            beyond the built-in allowlist.
        detectors: Which detectors run and how findings are replaced.
        limits: Bounds on the work done per record.
        hmac_key: Key for ``hash`` and pseudonyms; ``None`` when not configured (``hash``
            then falls back to ``redact``).
    """

    default_mode: Mode = Mode.STANDARD
    unknown_workspace_mode: Mode = Mode.ZERO_RETENTION
    workspace_key: str = "workspace_id"
    workspaces: Mapping[str, WorkspaceSettings] = field(
        default_factory=lambda: MappingProxyType({})
    )
    fields: Mapping[FieldClass, tuple[str, ...]] = field(default_factory=lambda: _EMPTY_FIELDS)
    actions: Mapping[Mode, Mapping[FieldClass, Action]] = field(
        default_factory=lambda: DEFAULT_ACTIONS
    )
    key_actions: Mapping[Mode, tuple[tuple[str, Action], ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    training: Training | None = None
    retention_days: int | None = None
    allow_unknown_numbers: bool = False
    llm_allow: tuple[str, ...] = ()
    metrics: MetricSettings = MetricSettings()
    detectors: DetectorSettings = DetectorSettings()
    limits: Limits = Limits()
    hmac_key: bytes | None = field(default=None, repr=False)

    def settings_for(self, workspace: str | None) -> WorkspaceSettings:
        """Return the settings of ``workspace``, with policy defaults and implied labels.

        ``None`` (no workspace could be resolved) gives ``unknown_workspace_mode``; a workspace
        not listed gives ``default_mode``. Zero retention implies ``training = forbidden``.
        """
        listed = self.workspaces.get(workspace) if workspace is not None else None
        if listed is None:
            mode = self.unknown_workspace_mode if workspace is None else self.default_mode
            listed = WorkspaceSettings(mode)
        training = listed.training or self.training
        if listed.mode is Mode.ZERO_RETENTION:
            training = Training.FORBIDDEN
        retention = (
            listed.retention_days if listed.retention_days is not None else self.retention_days
        )
        return WorkspaceSettings(listed.mode, training, retention)

    def mode_for(self, workspace: str | None) -> Mode:
        """Return the mode of ``workspace`` (see :meth:`settings_for`)."""
        return self.settings_for(workspace).mode


# --------------------------------------------------------------------------------- loading


def load_policy(
    source: str | os.PathLike[str] | Mapping[str, Any] | Policy | None = None,
) -> Policy:
    """Load and validate a policy.

    Args:
        source: A path to a TOML file, a mapping with the same shape, an existing
            :class:`Policy` (returned as is), or ``None``: then ``PHIGUARD_POLICY`` names a
            file, or ``PHIGUARD_MODE`` gives a single-tenant mode (every record gets it), or
            the defaults apply. ``PHIGUARD_HMAC_KEY`` supplies the HMAC key when the policy
            has none.

    Returns:
        The validated, immutable policy.

    Raises:
        PolicyError: The policy is invalid; the message starts with the key path.
    """
    if isinstance(source, Policy):
        return source
    env_key = os.environ.get(PHIGUARD_HMAC_KEY) or None
    if source is None:
        path = os.environ.get(PHIGUARD_POLICY) or None
        mode = os.environ.get(PHIGUARD_MODE) or None
        if path and mode:
            raise PolicyError(
                "", f"both {PHIGUARD_POLICY} and {PHIGUARD_MODE} are set; set only one"
            )
        if path:
            return _from_mapping(_read_toml(path, origin=PHIGUARD_POLICY), env_key)
        if mode:
            parsed = _enum(Mode, mode, PHIGUARD_MODE, "mode")
            data: dict[str, Any] = {
                "default_mode": parsed.value,
                "unknown_workspace_mode": parsed.value,
            }
            return _from_mapping(data, env_key)
        return _from_mapping({}, env_key)
    if isinstance(source, Mapping):
        return _from_mapping(source, env_key)
    return _from_mapping(_read_toml(source, origin=""), env_key)


def _read_toml(path: str | os.PathLike[str], *, origin: str) -> Mapping[str, Any]:
    where = origin or str(path)
    try:
        with Path(path).open("rb") as fh:
            loaded: dict[str, Any] = tomllib.load(fh)
            return loaded
    except FileNotFoundError:
        raise PolicyError(where, f"policy file not found: {os.fspath(path)!r}") from None
    except OSError as exc:
        raise PolicyError(where, f"cannot read policy file: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(where, f"invalid TOML: {exc}") from None


_TOP_KEYS: Final = frozenset(
    {
        "default_mode", "unknown_workspace_mode", "workspace_key", "workspaces", "fields",
        "actions", "training", "retention_days", "allow_unknown_numbers", "llm", "detectors",
        "limits", "hmac_key", "metrics",
    }
)


def _from_mapping(data: Mapping[str, Any], env_key: str | None) -> Policy:
    _table(data, "")
    _no_unknown_keys(data, _TOP_KEYS, "")
    default_mode = _enum(Mode, data.get("default_mode", "standard"), "default_mode", "mode")
    unknown_mode = _enum(
        Mode, data.get("unknown_workspace_mode", "zero_retention"), "unknown_workspace_mode",
        "mode",
    )
    workspace_key = _string(data.get("workspace_key", "workspace_id"), "workspace_key")
    training = _optional_enum(Training, data.get("training"), "training", "training value")
    retention = _optional_days(data.get("retention_days"), "retention_days")
    allow_numbers = _bool(data.get("allow_unknown_numbers", False), "allow_unknown_numbers")

    workspaces = _workspaces(data.get("workspaces", {}))
    fields = _fields(data.get("fields", {}))
    actions, key_actions = _actions(data.get("actions", {}))
    llm_allow = _llm(data.get("llm", {}))
    metrics = _metrics(data.get("metrics", {}))
    detectors = _detectors(data.get("detectors", {}))
    limits = _limits(data.get("limits", {}))

    raw_key = data.get("hmac_key")
    origin = "hmac_key"
    if raw_key is None and env_key is not None:
        raw_key, origin = env_key, PHIGUARD_HMAC_KEY
    hmac_key = None
    if raw_key is not None:
        hmac_key = _string(raw_key, origin).encode("utf-8")
        if len(hmac_key) < MIN_HMAC_KEY_BYTES:
            raise PolicyError(
                origin,
                f"HMAC key is {len(hmac_key)} bytes; at least {MIN_HMAC_KEY_BYTES} are needed "
                "(a short key makes pseudonyms of phone numbers brute-forceable)",
            )
    if detectors.pseudonyms and hmac_key is None:
        raise PolicyError(
            "detectors.pseudonyms",
            f"pseudonyms need an HMAC key (set hmac_key or {PHIGUARD_HMAC_KEY})",
        )
    return Policy(
        default_mode=default_mode,
        unknown_workspace_mode=unknown_mode,
        workspace_key=workspace_key,
        workspaces=workspaces,
        fields=fields,
        actions=actions,
        key_actions=key_actions,
        training=training,
        retention_days=retention,
        allow_unknown_numbers=allow_numbers,
        llm_allow=llm_allow,
        metrics=metrics,
        detectors=detectors,
        limits=limits,
        hmac_key=hmac_key,
    )


def _workspaces(raw: Any) -> Mapping[str, WorkspaceSettings]:
    table = _table(raw, "workspaces")
    out: dict[str, WorkspaceSettings] = {}
    for name, entry in table.items():
        path = f"workspaces.{name}"
        if isinstance(entry, str):  # shorthand: ws_clinic = "zero_retention"
            out[name] = WorkspaceSettings(_enum(Mode, entry, path, "mode"))
            continue
        ws = _table(entry, path)
        _no_unknown_keys(ws, frozenset({"mode", "training", "retention_days"}), path)
        if "mode" not in ws:
            raise PolicyError(f"{path}.mode", "missing; every workspace needs a mode")
        mode = _enum(Mode, ws["mode"], f"{path}.mode", "mode")
        training = _optional_enum(
            Training, ws.get("training"), f"{path}.training", "training value"
        )
        if mode is Mode.ZERO_RETENTION and training is Training.ALLOWED:
            raise PolicyError(
                f"{path}.training", "zero_retention implies training = 'forbidden'"
            )
        days = _optional_days(ws.get("retention_days"), f"{path}.retention_days")
        out[name] = WorkspaceSettings(mode, training, days)
    return MappingProxyType(out)


_FIELD_CLASSES: Final = tuple(c for c in FieldClass if c is not FieldClass.MESSAGE)


def _fields(raw: Any) -> Mapping[FieldClass, tuple[str, ...]]:
    table = _table(raw, "fields")
    out: dict[FieldClass, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for name, patterns in table.items():
        path = f"fields.{name}"
        cls = _enum_in(FieldClass, name, _FIELD_CLASSES, path, "field class")
        items = _string_list(patterns, path)
        for i, pattern in enumerate(items):
            _key_pattern(pattern, f"{path}[{i}]")
            if pattern in seen and seen[pattern] != name:
                raise PolicyError(
                    f"{path}[{i}]", f"key {pattern!r} is also listed under fields.{seen[pattern]}"
                )
            seen[pattern] = name
        out[cls] = items
    return MappingProxyType(out)


_Matrix = Mapping[Mode, Mapping[FieldClass, Action]]
_KeyActions = Mapping[Mode, tuple[tuple[str, Action], ...]]


def _actions(raw: Any) -> tuple[_Matrix, _KeyActions]:
    table = _table(raw, "actions")
    matrix = {mode: dict(row) for mode, row in DEFAULT_ACTIONS.items()}
    key_actions: dict[Mode, tuple[tuple[str, Action], ...]] = {}
    for mode_name, overrides in table.items():
        path = f"actions.{mode_name}"
        mode = _enum(Mode, mode_name, path, "mode")
        row = _table(overrides, path)
        for name, value in row.items():
            if name == "keys":
                key_actions[mode] = _key_action_table(value, mode, f"{path}.keys")
                continue
            cls = _enum(FieldClass, name, f"{path}.{name}", "field class")
            action = _enum(Action, value, f"{path}.{name}", "action")
            _check_override(mode, cls, action, f"{path}.{name}")
            matrix[mode][cls] = action
    frozen = MappingProxyType({m: MappingProxyType(r) for m, r in matrix.items()})
    return frozen, MappingProxyType(key_actions)


def _key_action_table(raw: Any, mode: Mode, path: str) -> tuple[tuple[str, Action], ...]:
    table = _table(raw, path)
    out = []
    for pattern, value in table.items():
        where = f"{path}.{pattern}"
        _key_pattern(pattern, where)
        action = _enum(Action, value, where, "action")
        if mode is Mode.ZERO_RETENTION and _LEAKINESS[action] > _LEAKINESS[Action.REDACT]:
            raise PolicyError(
                where,
                f"zero_retention cannot {action.value} a key; only 'redact' or 'drop' "
                "(use fields.safe to allowlist a non-sensitive key)",
            )
        out.append((pattern, action))
    return tuple(out)


def _check_override(mode: Mode, cls: FieldClass, action: Action, path: str) -> None:
    if cls is FieldClass.SECRET and action in (Action.KEEP, Action.SCAN):
        raise PolicyError(path, f"secrets are always scrubbed; '{action.value}' is not allowed")
    if mode is Mode.ZERO_RETENTION:
        default = DEFAULT_ACTIONS[mode][cls]
        if _LEAKINESS[action] > _LEAKINESS[default]:
            raise PolicyError(
                path,
                f"zero_retention may only be made stricter: '{action.value}' lets out more than "
                f"the default '{default.value}'",
            )


def _llm(raw: Any) -> tuple[str, ...]:
    table = _table(raw, "llm")
    _no_unknown_keys(table, frozenset({"allow"}), "llm")
    items = _string_list(table.get("allow", []), "llm.allow")
    for i, entry in enumerate(items):
        provider, sep, model = entry.partition(":")
        if not sep or not provider or not model:
            raise PolicyError(
                f"llm.allow[{i}]",
                f"expected 'provider:model' (or 'custom:<endpoint>'), got {entry!r}",
            )
    return items


def _metrics(raw: Any) -> MetricSettings:
    table = _table(raw, "metrics")
    _no_unknown_keys(table, frozenset({"allow", "attributes"}), "metrics")
    allow = _string_list(table.get("allow", []), "metrics.allow")
    attributes = _string_list(table.get("attributes", []), "metrics.attributes")
    for i, name in enumerate(allow):
        _key_pattern(name, f"metrics.allow[{i}]")
    return MetricSettings(allow, attributes)


def _detectors(raw: Any) -> DetectorSettings:
    # Imported here: the detectors module compiles RE2 patterns, and policy.py must stay
    # importable without paying for that until a policy with detectors is loaded.
    from phiguard._engine.detectors import RegexDetector, builtin_detectors

    table = _table(raw, "detectors")
    _no_unknown_keys(table, frozenset({"enable", "disable", "custom", "pseudonyms"}), "detectors")
    known = {d.id for d in builtin_detectors()}
    enable: tuple[str, ...] | None = None
    if "enable" in table:
        enable = _string_list(table["enable"], "detectors.enable")
        _known_ids(enable, known, "detectors.enable")
    disable = _string_list(table.get("disable", []), "detectors.disable")
    _known_ids(disable, known, "detectors.disable")
    pseudonyms = _bool(table.get("pseudonyms", False), "detectors.pseudonyms")
    custom: list[CustomPattern] = []
    for name, entry in _table(table.get("custom", {}), "detectors.custom").items():
        path = f"detectors.custom.{name}"
        if name in known:
            raise PolicyError(path, f"'{name}' is the id of a built-in detector; pick another")
        spec = _table(entry, path)
        _no_unknown_keys(spec, frozenset({"pattern", "label", "case_sensitive"}), path)
        if "pattern" not in spec:
            raise PolicyError(f"{path}.pattern", "missing")
        pattern = _string(spec["pattern"], f"{path}.pattern")
        label = _string(spec.get("label", name.upper()), f"{path}.label")
        if not label.replace("_", "").isalnum() or not label.isupper():
            raise PolicyError(f"{path}.label", f"expected an UPPER_CASE label, got {label!r}")
        case = _bool(spec.get("case_sensitive", False), f"{path}.case_sensitive")
        try:
            RegexDetector(name, label, pattern, case_sensitive=case)
        except ValueError as exc:
            raise PolicyError(f"{path}.pattern", str(exc)) from None
        if _matches_empty(pattern, case):
            raise PolicyError(f"{path}.pattern", "pattern matches the empty string")
        custom.append(CustomPattern(name, label, pattern, case))
    return DetectorSettings(enable, disable, tuple(custom), pseudonyms)


def _matches_empty(pattern: str, case_sensitive: bool) -> bool:
    import re2

    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.log_errors = False
    return re2.compile(pattern, options).fullmatch("") is not None


def _known_ids(ids: tuple[str, ...], known: set[str], path: str) -> None:
    for i, ident in enumerate(ids):
        if ident not in known:
            raise PolicyError(
                f"{path}[{i}]",
                f"unknown detector {ident!r}; expected one of {', '.join(sorted(known))}",
            )


def _limits(raw: Any) -> Limits:
    table = _table(raw, "limits")
    _no_unknown_keys(table, frozenset({"max_depth", "max_scan_chars", "max_items"}), "limits")
    defaults = Limits()
    bounds = {"max_depth": (1, 1000), "max_scan_chars": (64, 1 << 26), "max_items": (1, 1 << 24)}
    values = {}
    for name, (low, high) in bounds.items():
        value = table.get(name, getattr(defaults, name))
        path = f"limits.{name}"
        if not isinstance(value, int) or isinstance(value, bool):
            raise PolicyError(path, f"expected an integer, got {type(value).__name__}")
        if not low <= value <= high:
            raise PolicyError(path, f"{value} is out of range [{low}, {high}]")
        values[name] = value
    return Limits(**values)


# ------------------------------------------------------------------------- small validators


def _table(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(path or "policy", f"expected a table, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise PolicyError(path or "policy", f"keys must be strings, got {key!r}")
    return value


def _no_unknown_keys(table: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in table:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            raise PolicyError(
                where, f"unknown key; expected one of {', '.join(sorted(allowed))}"
            )


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise PolicyError(path, f"expected a string, got {type(value).__name__}")
    if not value:
        raise PolicyError(path, "must not be empty")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(path, f"expected true or false, got {type(value).__name__}")
    return value


def _string_list(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise PolicyError(path, f"expected a list of strings, got {type(value).__name__}")
    return tuple(_string(item, f"{path}[{i}]") for i, item in enumerate(value))


def _key_pattern(pattern: str, path: str) -> None:
    if pattern.strip(".*") == "":
        raise PolicyError(path, f"key pattern {pattern!r} would match every key")


def _optional_days(value: Any, path: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise PolicyError(path, f"expected a whole number of days, got {type(value).__name__}")
    if value < 0:
        raise PolicyError(path, f"must be >= 0, got {value}")
    return value


def _enum(kind: type[Enum], value: Any, path: str, what: str) -> Any:
    return _enum_in(kind, value, tuple(kind.__members__.values()), path, what)


def _enum_in(kind: type[Any], value: Any, allowed: tuple[Any, ...], path: str, what: str) -> Any:
    names = ", ".join(member.value for member in allowed)
    if not isinstance(value, str):
        raise PolicyError(path, f"expected a {what} string, got {type(value).__name__}")
    for member in allowed:
        if member.value == value:
            return member
    raise PolicyError(path, f"unknown {what} {value!r}; expected one of {names}")


def _optional_enum(kind: type[Any], value: Any, path: str, what: str) -> Any:
    return None if value is None else _enum(kind, value, path, what)
