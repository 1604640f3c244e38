"""Render a policy into an OpenTelemetry Collector (contrib) configuration.

The output is the collector tier of DESIGN.md section 4: an OTLP receiver; routing by
``phiguard.mode``; per mode a pipeline whose processors delete keys the mode does not keep,
allow only safe keys where the mode drops unknown keys, replace PHI patterns (the detectors'
own RE2 patterns) in log bodies, span names and string attributes, and keep only allowlisted
metrics; batch; an OTLP exporter to ``${env:PHIGUARD_BACKEND_ENDPOINT}``.

Everything here is pure string building: same policy, same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from phiguard._engine import values
from phiguard._engine.catalog import CATALOG, SAFE_METRIC_NAMES
from phiguard._engine.detectors import builtin_detectors
from phiguard.collector._keys import key_regex
from phiguard.collector._yaml import Alias, Anchor, Entry, Flow, Node, dump
from phiguard.policy import Action, FieldClass, Mode, Policy

__all__ = [
    "BACKEND_ENDPOINT_ENV",
    "MODE_ATTRIBUTE",
    "SAFE_METRIC_ATTRIBUTES",
    "TARGET_VERSION",
    "PatternRule",
    "mode_rules",
    "render_collector_config",
]

TARGET_VERSION: Final = "0.135.0"
"""The otelcol-contrib release the rendered configuration is written for."""

BACKEND_ENDPOINT_ENV: Final = "PHIGUARD_BACKEND_ENDPOINT"
"""Environment variable the rendered OTLP exporter reads its endpoint from."""

MODE_ATTRIBUTE: Final = "phiguard.mode"
"""The resource or record attribute the collector routes on."""

# Kept in sync with phiguard.integrations.otel.SAFE_METRIC_ATTRIBUTES (a test checks): that
# module imports the OpenTelemetry SDK, which rendering a config must not need.
SAFE_METRIC_ATTRIBUTES: Final[tuple[str, ...]] = (
    "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.system", "gen_ai.request.model",
    "gen_ai.response.model", "gen_ai.token.type", "gen_ai.agent.name", "gen_ai.tool.name",
    "error.type", "server.address", "server.port", "http.request.method",
    "http.response.status_code", "http.route", "url.scheme", "network.protocol.name",
    "network.protocol.version", "rpc.system", "rpc.service", "rpc.method",
    "rpc.grpc.status_code", "model", "provider", "processor", "status", "success", "outcome",
    "ended_reason", "stage", "workspace_id", "phiguard.mode",
)

_SENSITIVE: Final = (
    FieldClass.CONTENT, FieldClass.TOOL_IO, FieldClass.AUDIO, FieldClass.IDENTIFIER,
    FieldClass.SECRET,
)
# Every action but keep and scan takes the value out. The collector has no HMAC key and
# cannot keep a suffix of an attribute it matched by regex, so hash, mask and redact all
# become a deletion there: stricter than the process, never looser.
_REMOVING: Final = frozenset({Action.DROP, Action.REDACT, Action.HASH, Action.MASK})
_PHIGUARD_LABELS: Final = (
    "phiguard.mode", "phiguard.training", "phiguard.retention_days", "phiguard.error",
    "phiguard.redacted.count", "phiguard.violation",
)
_BODY_MARKER: Final = "[REDACTED:body]"


@dataclass(frozen=True, slots=True)
class PatternRule:
    """One text pattern the collector replaces: ``regex`` (Go RE2) becomes ``replacement``.

    Attributes:
        id: The detector id (or ``secret`` / ``audio`` for the value shapes).
        regex: The pattern with its case flag, as the collector receives it.
        replacement: The placeholder, e.g. ``<PHONE>``.
    """

    id: str
    regex: str
    replacement: str


@dataclass(frozen=True, slots=True)
class _ModeRules:
    mode: Mode
    delete: tuple[tuple[str, str], ...]  # (what, regex) in statement order
    delete_exact: tuple[str, ...]  # keys the policy names exactly, deleted as written
    restore: tuple[str, ...]  # safe keys a deletion regex also matches: saved and restored
    patterns: tuple[PatternRule, ...]
    scan_messages: bool
    allowlist: bool


def _stable(pattern: str) -> str:
    """``pattern`` with the state-name alternation in a fixed order.

    The address detectors list state names longest first but leave names of equal length in
    set order, which changes with ``PYTHONHASHSEED``; the rendered file must not. Equal-length
    state names never match at the same position, so ordering them alphabetically changes
    nothing the regex matches. A no-op once the detector sorts them itself.
    """
    try:
        from phiguard._engine.detectors.address import _states
    except ImportError:  # the detector changed shape: nothing to stabilise
        return pattern
    _, names = _states()
    spelled = sorted((n.replace(" ", "[ ]+") for n in names), key=len, reverse=True)
    stable = sorted(spelled, key=lambda n: (-len(n), n))
    return pattern.replace("|".join(spelled), "|".join(stable))


def _detector_rules(policy: Policy) -> list[PatternRule]:
    settings = policy.detectors
    rules = []
    for d in builtin_detectors():
        if (settings.enable is not None and d.id not in settings.enable) or (
            d.id in settings.disable
        ):
            continue
        pattern = getattr(d, "pattern", None)
        if not isinstance(pattern, str):  # pragma: no cover - every built-in has one
            continue
        flags = "" if getattr(d, "case_sensitive", False) else "(?i)"
        rules.append(PatternRule(d.id, flags + _stable(pattern), f"<{getattr(d, 'label', 'PHI')}>"))
    # Custom patterns go in verbatim (RE2 is the collector's dialect); only the case flag
    # is added, as the in-process detector adds it.
    rules.extend(
        PatternRule(c.id, ("" if c.case_sensitive else "(?i)") + c.pattern, f"<{c.label}>")
        for c in settings.custom
    )
    return rules


def mode_rules(policy: Policy, mode: Mode) -> tuple[tuple[str, str], ...]:
    """The ``(class, key regex)`` deletions a mode's transform applies, in order."""
    return _rules(policy, mode).delete


def _collisions(policy: Policy, regexes: list[str]) -> tuple[str, ...]:
    """Safe keys that a deletion regex matches too.

    In the process the longest matching suffix decides (``phiguard.error`` is safe although
    ``error`` is content); a regex over the raw key cannot express that, so these keys are
    copied aside before the deletions and put back after them.
    """
    import re2

    options = re2.Options()
    options.log_errors = False
    compiled = [re2.compile(r, options) for r in regexes]
    return tuple(
        key for key in _safe_keys(policy) if any(rx.search(key) for rx in compiled)
    )


def _saved_key(i: int) -> str:
    return f"phiguard.saved.{i}"


def _patterns_by_class(policy: Policy, cls: FieldClass) -> list[str]:
    return [*policy.fields.get(cls, ()), *CATALOG[cls.value]]


def _rules(policy: Policy, mode: Mode) -> _ModeRules:
    actions = policy.actions[mode]
    delete: list[tuple[str, str]] = []
    exact: list[str] = []
    for cls in _SENSITIVE:
        if actions[cls] in _REMOVING:
            regex = key_regex(_patterns_by_class(policy, cls))
            if regex is not None:
                delete.append((cls.value, regex))
            exact.extend(p for p in policy.fields.get(cls, ()) if "*" not in p)
    by_key = [p for p, action in policy.key_actions.get(mode, ()) if action in _REMOVING]
    if by_key:
        regex = key_regex(by_key)
        if regex is not None:
            delete.append(("policy key actions", regex))
        exact.extend(p for p in by_key if "*" not in p)
    scanned = {FieldClass.CONTENT, FieldClass.TOOL_IO, FieldClass.UNKNOWN, FieldClass.MESSAGE}
    scan = any(actions[c] is Action.SCAN for c in scanned) or any(
        a is Action.SCAN for _, a in policy.key_actions.get(mode, ())
    )
    # Secrets are scrubbed in every mode; audio references wherever audio is not kept.
    patterns = [PatternRule("secret", values._SECRET, values.SECRET_MARKER)]
    if actions[FieldClass.AUDIO] is not Action.KEEP:
        patterns.append(PatternRule("audio", values._AUDIO, values.AUDIO_MARKER))
    if scan:
        patterns.extend(_detector_rules(policy))
    return _ModeRules(
        mode=mode,
        delete=tuple(delete),
        delete_exact=tuple(dict.fromkeys(exact)),
        restore=_collisions(policy, [regex for _, regex in delete]),
        patterns=tuple(patterns),
        scan_messages=actions[FieldClass.MESSAGE] is not Action.KEEP,
        allowlist=actions[FieldClass.UNKNOWN] is Action.DROP,
    )


# ------------------------------------------------------------------------------ OTTL text


def ottl_string(text: str) -> str:
    """Quote ``text`` as an OTTL string literal (Go escapes: ``\\`` and ``"``)."""
    out = ['"']
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _replace(target: str, rule: PatternRule, where: str = "") -> str:
    statement = (
        f"replace_pattern({target}, {ottl_string(rule.regex)}, {ottl_string(rule.replacement)})"
    )
    return f"{statement} where {where}" if where else statement


def _replace_all(target: str, rule: PatternRule) -> str:
    return (
        f'replace_all_patterns({target}, "value", {ottl_string(rule.regex)}, '
        f"{ottl_string(rule.replacement)})"
    )


# ------------------------------------------------------------------------------ the config

_HEADER = f"""\
OpenTelemetry Collector configuration generated by phiguard from a policy.
Target: otelcol-contrib {TARGET_VERSION} (components and keys of that release, non-deprecated).
Generated by `phiguard collector-config [--policy P] [-o FILE]` (or
`python -m phiguard.collector`); do not edit by hand: change the policy and regenerate.
Validate with `otelcol-contrib validate --config <this file>`.

Shape: OTLP in -> memory_limiter -> routing by phiguard.mode (record or resource attribute;
no mode, or an unknown one, goes the zero-retention way) -> per mode: transform (delete the
keys the mode does not keep, replace PHI patterns in bodies, names and string values) ->
redaction allowlist (modes that drop unknown keys) -> batch -> OTLP out to
${{env:{BACKEND_ENDPOINT_ENV}}}. Metrics of zero retention are filtered to an allowlist first.

error_mode is `propagate` everywhere: an OTTL error then fails the batch, which the
collector drops (the sender sees the error), instead of `ignore` passing on data a failed
statement left unscrubbed. A redaction processor error also fails the batch."""

_SIGNALS: Final = ("traces", "metrics", "logs")
_MODES: Final = (Mode.ZERO_RETENTION, Mode.REDACTED, Mode.STANDARD)
_ROUTE_CONTEXT: Final = {"traces": "span", "metrics": "datapoint", "logs": "log"}


_GRPC_ENDPOINT: Final = "${env:PHIGUARD_OTLP_GRPC_ENDPOINT:-localhost:4317}"
_HTTP_ENDPOINT: Final = "${env:PHIGUARD_OTLP_HTTP_ENDPOINT:-localhost:4318}"


def _nodes(items: Sequence[str]) -> list[Node]:
    """A list of strings typed as YAML nodes."""
    return list(items)


def _receivers() -> list[Entry]:
    return [
        Entry(
            "otlp",
            [
                Entry(
                    "protocols",
                    [
                        Entry("grpc", [Entry("endpoint", _GRPC_ENDPOINT)]),
                        Entry("http", [Entry("endpoint", _HTTP_ENDPOINT)]),
                    ],
                )
            ],
            comment=(
                "OTLP from services (gRPC and HTTP). Listens on localhost unless\n"
                "PHIGUARD_OTLP_GRPC_ENDPOINT / PHIGUARD_OTLP_HTTP_ENDPOINT say otherwise\n"
                "(a gateway behind a load balancer sets 0.0.0.0:4317 / 0.0.0.0:4318)."
            ),
        )
    ]


def _route_condition(mode: Mode) -> str:
    # The same paths exist in the span, log and datapoint contexts.
    value = ottl_string(mode.value)
    key = ottl_string(MODE_ATTRIBUTE)
    return f"attributes[{key}] == {value} or resource.attributes[{key}] == {value}"


def _connectors() -> list[Entry]:
    out = []
    for signal in _SIGNALS:
        context = _ROUTE_CONTEXT[signal]
        table: list[Node] = [
            [
                Entry("context", context),
                Entry("condition", _route_condition(mode)),
                Entry("pipelines", Flow((f"{signal}/{mode.value}",))),
            ]
            for mode in _MODES
        ]
        out.append(
            Entry(
                f"routing/{signal}",
                [
                    Entry("default_pipelines", Flow((f"{signal}/{Mode.ZERO_RETENTION.value}",))),
                    Entry("error_mode", "propagate"),
                    Entry("table", table),
                ],
                comment=(
                    f"Routes each {context} by phiguard.mode on the record or its resource.\n"
                    "Routes are tried in order and the first match wins, strictest first, so a\n"
                    "record and resource that disagree take the stricter mode. No mode, or an\n"
                    "unknown one: default_pipelines, zero retention."
                ),
            )
        )
    return out


def _group(context: str, statements: Node) -> list[Entry]:
    return [Entry("context", context), Entry("statements", statements)]


def _anchored(
    anchors: dict[str, list[str]], seen: set[str], name: str, statements: list[str]
) -> Node:
    """Write ``statements`` under an anchor the first time, as an alias afterwards."""
    if anchors.setdefault(name, statements) != statements:
        raise AssertionError(f"two different statement lists named {name!r}")
    if name in seen:
        return Alias(name)
    seen.add(name)
    return Anchor(name, _nodes(statements))


class _Builder:
    """Builds the statement groups; identical statement lists are written once (anchors)."""

    def __init__(self) -> None:
        self.anchors: dict[str, list[str]] = {}
        self.seen: set[str] = set()

    def lst(self, name: str, statements: list[str]) -> Node:
        return _anchored(self.anchors, self.seen, name, statements)

    def delete_groups(self, rules: _ModeRules, contexts: Sequence[str]) -> list[Node]:
        groups: list[Node] = []
        save = [
            f"set(attributes[{ottl_string(_saved_key(i))}], attributes[{ottl_string(key)}])"
            f" where attributes[{ottl_string(key)}] != nil"
            for i, key in enumerate(rules.restore)
        ]
        restore = [
            statement
            for i, key in enumerate(rules.restore)
            for statement in (
                f"set(attributes[{ottl_string(key)}], attributes[{ottl_string(_saved_key(i))}])"
                f" where attributes[{ottl_string(_saved_key(i))}] != nil",
                f"delete_key(attributes, {ottl_string(_saved_key(i))})",
            )
        ]
        if save:
            for context in contexts:
                groups.append(_group(context, self.lst(f"save_safe_{rules.mode.value}", save)))
        for what, regex in rules.delete:
            name = "delete_" + what.replace(" ", "_")
            if what == "policy key actions":
                name = f"delete_key_actions_{rules.mode.value}"
            statement = [f"delete_matching_keys(attributes, {ottl_string(regex)})"]
            for context in contexts:
                groups.append(_group(context, self.lst(name, statement)))
        if rules.delete_exact:
            exact = [
                f"delete_key(attributes, {ottl_string(key)})" for key in rules.delete_exact
            ]
            for context in contexts:
                groups.append(_group(context, self.lst(f"delete_exact_{rules.mode.value}", exact)))
        if restore:
            for context in contexts:
                groups.append(
                    _group(context, self.lst(f"restore_safe_{rules.mode.value}", restore))
                )
        return groups

    def value_patterns(self, rules: _ModeRules, target: str, tag: str) -> Node:
        name = f"{tag}_{_pattern_set_name(rules)}"
        if target == "attributes":
            return self.lst(name, [_replace_all("attributes", r) for r in rules.patterns])
        where = "IsString(body)" if target == "body" else ""
        return self.lst(name, [_replace(target, r, where) for r in rules.patterns])


def _pattern_set_name(rules: _ModeRules) -> str:
    ids = [r.id for r in rules.patterns]
    if ids == ["secret"]:
        return "secrets"
    if ids == ["secret", "audio"]:
        return "secrets_audio"
    if len(ids) > 2 and ids[1] == "audio":
        return "phi"
    return "phi_keep_audio"


def _transform(b: _Builder, rules: _ModeRules) -> list[Entry]:
    """The transform processor of one mode."""
    trace: list[Node] = b.delete_groups(rules, ("resource", "scope", "span", "spanevent"))
    trace.append(_group("resource", b.value_patterns(rules, "attributes", "values")))
    trace.append(_group("span", b.value_patterns(rules, "attributes", "values")))
    trace.append(_group("spanevent", b.value_patterns(rules, "attributes", "values")))
    names = rules if rules.scan_messages else _secrets_only(rules)
    trace.append(_group("span", b.value_patterns(names, "name", "names")))
    trace.append(_group("span", b.value_patterns(names, "status.message", "status")))
    trace.append(_group("spanevent", b.value_patterns(names, "name", "names")))

    metrics: list[Node] = b.delete_groups(rules, ("resource", "scope", "datapoint"))
    metrics.append(_group("resource", b.value_patterns(rules, "attributes", "values")))
    metrics.append(_group("datapoint", b.value_patterns(rules, "attributes", "values")))
    logs: list[Node] = b.delete_groups(rules, ("resource", "scope", "log"))
    logs.append(_group("resource", b.value_patterns(rules, "attributes", "values")))
    logs.append(_group("log", b.value_patterns(rules, "attributes", "values")))
    logs.append(_group("log", b.value_patterns(names, "body", "bodies")))
    if rules.scan_messages:
        # A structured (map or list) body cannot be walked key by key here: where bodies
        # are scanned, anything but a string body is withheld.
        withhold = f"set(body, {ottl_string(_BODY_MARKER)})"
        logs.append(
            _group("log", _nodes([f"{withhold} where body != nil and not IsString(body)"]))
        )

    return [
        Entry("error_mode", "propagate"),
        Entry("trace_statements", trace),
        Entry("metric_statements", metrics),
        Entry("log_statements", logs),
    ]


def _secrets_only(rules: _ModeRules) -> _ModeRules:
    return _ModeRules(
        rules.mode, rules.delete, rules.delete_exact, rules.restore, rules.patterns[:1], False,
        rules.allowlist,
    )


def _safe_keys(policy: Policy) -> list[str]:
    exact = [
        *(p for p in CATALOG[FieldClass.SAFE.value] if "*" not in p),
        *(p for p in policy.fields.get(FieldClass.SAFE, ()) if "*" not in p),
        policy.workspace_key,
        *_PHIGUARD_LABELS,
    ]
    return sorted(set(exact))


def _metric_name_regex(policy: Policy) -> str:
    names = sorted(set(SAFE_METRIC_NAMES))
    alternatives = [_escape_metric(n) for n in names]
    alternatives.extend(_fnmatch_regex(p) for p in sorted(set(policy.metrics.allow)))
    return "^(?:" + "|".join(alternatives) + ")$"


def _metric_condition(policy: Policy) -> str:
    return f"not IsMatch(name, {ottl_string(_metric_name_regex(policy))})"


def _escape_metric(name: str) -> str:
    return "".join("\\" + ch if ch.isascii() and not ch.isalnum() and ch != "_" else ch
                   for ch in name)


def _fnmatch_regex(pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(_escape_metric(ch))
    return "".join(out)


def _processors(policy: Policy, b: _Builder) -> list[Entry]:
    out = [
        Entry(
            "memory_limiter",
            [
                Entry("check_interval", "1s"),
                Entry("limit_percentage", 80),
                Entry("spike_limit_percentage", 20),
            ],
            comment=(
                "Refuses data before the collector runs out of memory (first in every intake\n"
                "pipeline); senders retry."
            ),
        ),
        Entry(
            "batch",
            [Entry("send_batch_size", 8192), Entry("timeout", "200ms")],
            comment="Batches scrubbed data for export (last in every mode's pipeline).",
        ),
    ]
    for mode in _MODES:
        rules = _rules(policy, mode)
        comment = _transform_comment(rules)
        out.append(Entry(f"transform/{mode.value}", _transform(b, rules), comment=comment))
        if rules.allowlist:
            out.append(
                Entry(
                    f"redaction/{mode.value}",
                    _redaction(_safe_keys(policy)),
                    comment=(
                        f"{mode.value}: only safe keys survive (resource, span, log and data\n"
                        "point attributes): everything not listed is removed, whatever its name.\n"
                        "summary: info adds redaction.redacted.count (counts, never names)."
                    ),
                )
            )
            metric_keys = sorted(
                {*_safe_keys(policy), *SAFE_METRIC_ATTRIBUTES, *policy.metrics.attributes}
            )
            out.append(
                Entry(
                    f"redaction/{mode.value}_metrics",
                    _redaction(metric_keys),
                    comment=(
                        f"{mode.value} metrics: the safe keys plus the data point dimensions\n"
                        "of the GenAI, HTTP, RPC and voice-agent metric conventions."
                    ),
                )
            )
            out.append(
                Entry(
                    f"filter/{mode.value}",
                    [
                        Entry("error_mode", "propagate"),
                        Entry(
                            "metrics",
                            [
                                Entry("metric", _nodes([_metric_condition(policy)]))
                            ],
                        ),
                    ],
                    comment=(
                        f"{mode.value}: drops every metric whose name is not allowlisted\n"
                        "(GenAI, HTTP, RPC, voice-agent latency and usage, plus the policy's\n"
                        "[metrics] allow)."
                    ),
                )
            )
    return out


def _transform_comment(rules: _ModeRules) -> str:
    deleted = ", ".join(what for what, _ in rules.delete) or "nothing"
    replaced = ["secrets"]
    if any(r.id == "audio" for r in rules.patterns):
        replaced.append("audio references")
    if len(rules.patterns) > len(replaced):
        replaced.append("the detectors' PHI patterns")
    where = (
        "string attribute values, span and event names, status messages and log bodies"
        if rules.scan_messages
        else "string attribute values (names, status messages and log bodies: secrets only)"
    )
    lines = [
        f"{rules.mode.value}: deletes the keys of: {deleted}",
        "(resource, scope, span, span event, log and data point attributes), matched in their",
        "common spellings (case, -, _, camelCase, numeric segments, any dotted suffix);",
        f"then replaces {', '.join(replaced)} in",
        f"{where}.",
    ]
    if rules.restore:
        lines.append("Safe keys a deletion pattern also matches are set aside and put back.")
    if rules.scan_messages:
        lines.append("A structured (map or list) log body is withheld: it cannot be scanned here.")
    return "\n".join(lines)


def _redaction(keys: list[str]) -> list[Entry]:
    return [
        Entry("allow_all_keys", False),
        Entry("allowed_keys", _nodes(keys)),
        Entry("summary", "info"),
    ]


def _exporters() -> list[Entry]:
    return [
        Entry(
            "otlp",
            [Entry("endpoint", f"${{env:{BACKEND_ENDPOINT_ENV}}}")],
            comment=(
                f"The backend (OTLP/gRPC). {BACKEND_ENDPOINT_ENV} must be set: an empty\n"
                "endpoint fails validation, so the collector does not start without one."
            ),
        )
    ]


def _pipelines(policy: Policy) -> list[Entry]:
    out = []
    for signal in _SIGNALS:
        out.append(
            Entry(
                f"{signal}/in",
                [
                    Entry("receivers", Flow(("otlp",))),
                    Entry("processors", Flow(("memory_limiter",))),
                    Entry("exporters", Flow((f"routing/{signal}",))),
                ],
            )
        )
        for mode in _MODES:
            rules = _rules(policy, mode)
            processors = []
            if signal == "metrics" and rules.allowlist:
                processors.append(f"filter/{mode.value}")
            processors.append(f"transform/{mode.value}")
            if rules.allowlist:
                suffix = "_metrics" if signal == "metrics" else ""
                processors.append(f"redaction/{mode.value}{suffix}")
            processors.append("batch")
            out.append(
                Entry(
                    f"{signal}/{mode.value}",
                    [
                        Entry("receivers", Flow((f"routing/{signal}",))),
                        Entry("processors", Flow(tuple(processors))),
                        Entry("exporters", Flow(("otlp",))),
                    ],
                )
            )
    return out


def render_collector_config(policy: Policy) -> str:
    """Render ``policy`` as an otelcol-contrib 0.135 YAML configuration.

    The result is deterministic: the same policy always gives the same bytes. The repository's
    ``otel-collector.yaml`` is this output for the default policy (``load_policy({})``).

    Args:
        policy: A loaded policy (:func:`~phiguard.load_policy`).

    Returns:
        The configuration as YAML text, ending with a newline.
    """
    b = _Builder()
    processors = _processors(policy, b)
    return dump(
        [
            Entry("receivers", _receivers()),
            Entry("connectors", _connectors()),
            Entry("processors", processors),
            Entry("exporters", _exporters()),
            Entry(
                "service",
                [Entry("pipelines", _pipelines(policy))],
                comment=(
                    "Intake pipelines end in a routing connector; each mode's pipeline starts\n"
                    "from it. There is no path from the receiver to the exporter that skips a\n"
                    "mode's processors."
                ),
            ),
        ],
        header=_HEADER,
    )


def pattern_rules(policy: Policy, mode: Mode) -> tuple[PatternRule, ...]:
    """The text patterns the collector applies to string values under ``mode``, in order."""
    return _rules(policy, mode).patterns
