"""The rendered otelcol-contrib configuration: shape, keys, OTTL, regexes, routing, parity.

No ``otelcol-contrib`` binary is available here, so the configuration is checked the way the
collector would read it: parsed as YAML, every component referenced by a pipeline defined,
every key one that component has at the target version, every OTTL statement lexed (Go string
escapes included) and every regex compiled with RE2. A small interpreter for the statement
shapes phiguard emits then runs a zero-retention record and the dev corpus through them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import re2
import yaml
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN

from phiguard import Scrubber, load_policy
from phiguard.collector import TARGET_VERSION, render_collector_config
from phiguard.collector._keys import key_regex
from phiguard.collector._render import SAFE_METRIC_ATTRIBUTES, pattern_rules
from phiguard.policy import Mode

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "otel-collector.yaml"
DEV = REPO / "tests" / "data" / "dev.jsonl"

#: Keys each component accepts in otelcol-contrib 0.135, from its config struct / README:
#: - otlp receiver: collector receiver/otlpreceiver/config.go (protocols.grpc/http)
#: - routing connector: contrib connector/routingconnector/README.md + config.go
#:   (`match_once` was removed in v0.120.0; `context`/`condition` per table entry)
#: - transform: contrib processor/transformprocessor/README.md ("Advanced Config":
#:   context, error_mode, conditions, statements per group)
#: - redaction: contrib processor/redactionprocessor/config.go (the subset used here exists
#:   since logs/metrics support, PR #34609, well before 0.135)
#: - filter: contrib processor/filterprocessor/config.go (OTTL condition lists)
#: - memory_limiter, batch: collector processor/memorylimiterprocessor, batchprocessor
#: - otlp exporter: collector exporter/otlpexporter/config.go
SCHEMA: dict[str, set[str]] = {
    "receiver/otlp": {"protocols"},
    "receiver/otlp/protocols": {"grpc", "http"},
    "receiver/otlp/protocols/*": {
        "endpoint", "transport", "tls", "max_recv_msg_size_mib", "max_concurrent_streams",
        "read_buffer_size", "write_buffer_size", "keepalive", "auth", "include_metadata",
        "cors", "traces_url_path", "metrics_url_path", "logs_url_path",
    },
    "connector/routing": {"default_pipelines", "error_mode", "table"},
    "connector/routing/table": {"context", "statement", "condition", "pipelines", "action"},
    "processor/transform": {
        "error_mode", "trace_statements", "metric_statements", "log_statements",
        "profile_statements", "flatten_data",
    },
    "processor/transform/group": {"context", "error_mode", "conditions", "statements"},
    "processor/redaction": {
        "allow_all_keys", "allowed_keys", "blocked_key_patterns", "ignored_keys",
        "redact_all_types", "blocked_values", "allowed_values", "summary", "hash_function",
        "url_sanitizer", "db_sanitizer",
    },
    "processor/filter": {"error_mode", "traces", "metrics", "logs"},
    "processor/filter/metrics": {"resource", "metric", "datapoint", "include", "exclude"},
    "processor/memory_limiter": {
        "check_interval", "limit_mib", "spike_limit_mib", "limit_percentage",
        "spike_limit_percentage",
    },
    "processor/batch": {
        "timeout", "send_batch_size", "send_batch_max_size", "metadata_keys",
        "metadata_cardinality_limit",
    },
    "exporter/otlp": {
        "endpoint", "tls", "headers", "compression", "timeout", "sending_queue",
        "retry_on_failure", "balancer_name", "auth", "keepalive", "write_buffer_size",
    },
}

#: Transform contexts per signal (transformprocessor README, "Path Prefix Values").
CONTEXTS = {
    "trace_statements": {"resource", "scope", "span", "spanevent"},
    "metric_statements": {"resource", "scope", "metric", "datapoint"},
    "log_statements": {"resource", "scope", "log"},
}
#: OTTL editors and converters phiguard emits (pkg/ottl/ottlfuncs README).
KNOWN_FUNCTIONS = {
    "set", "delete_key", "delete_matching_keys", "replace_pattern", "replace_all_patterns",
    "IsMatch", "IsString", "IsMap",
}
#: Escapes Go's strconv.Unquote accepts (OTTL string literals are unquoted that way).
GO_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                     "v": "\v", "\\": "\\", '"': '"'}
PARITY_FLOOR = 0.95


# ------------------------------------------------------------------------------- OTTL lexing


def go_unquote(literal: str) -> str:
    """Decode a Go double-quoted string literal; raise ``ValueError`` on a bad escape."""
    assert literal[0] == literal[-1] == '"'
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise ValueError("unescaped quote")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1 : i + 2]
        if esc in GO_SIMPLE_ESCAPES:
            out.append(GO_SIMPLE_ESCAPES[esc])
            i += 2
        elif esc == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[i + 2 : i + 4]):
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif esc == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            raise ValueError(f"invalid Go escape \\{esc}")
    return "".join(out)


_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:\\.|[^"\\])*")|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)'
                    r"|(?P<op>==|!=|[()\[\],])|(?P<other>\S))")


def lex(statement: str) -> list[tuple[str, str]]:
    """Tokens of an OTTL statement or condition; asserts balanced brackets."""
    tokens, pos, depth = [], 0, []
    while pos < len(statement):
        m = _TOKEN.match(statement, pos)
        assert m is not None, statement[pos:]
        assert m.end() > pos, statement[pos:]
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        value = m.group(kind)
        if kind == "other":
            if value.isspace():
                continue
            raise AssertionError(f"unexpected {value!r} in {statement[:80]}")
        if value in "([":
            depth.append(value)
        elif value in ")]":
            assert depth, statement[:80]
            assert depth.pop() == {")": "(", "]": "["}[value], statement[:80]
        if kind == "str":
            go_unquote(value)
        tokens.append((kind, value))
    assert not depth, f"unbalanced: {statement[:80]}"
    return tokens


def string_args(statement: str) -> list[str]:
    """The decoded string literals of a statement, in order."""
    return [go_unquote(v) for k, v in lex(statement) if k == "str"]


def all_statements(config: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(processor, context, statement) for every transform statement and filter condition."""
    out = []
    for name, proc in config["processors"].items():
        if name.startswith("transform/"):
            for signal in CONTEXTS:
                for group in proc.get(signal, []):
                    out.extend((name, group["context"], s) for s in group["statements"])
        if name.startswith("filter/"):
            for cond in proc["metrics"]["metric"]:
                out.append((name, "metric", cond))
    for name, conn in config["connectors"].items():
        out.extend((name, route["context"], route["condition"]) for route in conn["table"])
    return out


def all_regexes(config: dict[str, Any]) -> list[str]:
    """Every regex argument of every statement."""
    out = []
    for _, _, statement in all_statements(config):
        fn = statement.split("(", 1)[0].replace("not ", "").strip()
        args = string_args(statement)
        if fn in ("delete_matching_keys", "replace_pattern", "IsMatch"):
            out.append(args[0])
        elif fn == "replace_all_patterns":
            out.append(args[1])
    return out


# ----------------------------------------------------------------- a tiny OTTL interpreter

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
_COMPILED: dict[str, Any] = {}


def compiled(pattern: str) -> Any:
    """RE2-compile ``pattern`` once."""
    if pattern not in _COMPILED:
        _COMPILED[pattern] = re2.compile(pattern, _RE2_OPTIONS)
    return _COMPILED[pattern]


def run_statement(statement: str, target: dict[str, Any]) -> None:
    """Apply one statement of the shapes phiguard emits to ``target`` (``attributes``,
    ``name``, ``body`` and ``status.message`` keys), as the collector would."""
    fn = statement.split("(", 1)[0]
    args = string_args(statement)
    attributes = target.setdefault("attributes", {})
    if fn == "delete_matching_keys":
        rx = compiled(args[0])
        for key in [k for k in attributes if rx.search(k)]:
            del attributes[key]
    elif fn == "delete_key":
        attributes.pop(args[0], None)
    elif fn == "set" and statement.startswith("set(attributes["):
        dest, src = args[0], args[1]
        if attributes.get(src) is not None:
            attributes[dest] = attributes[src]
    elif fn == "set" and statement.startswith("set(body,"):
        if target.get("body") is not None and not isinstance(target["body"], str):
            target["body"] = args[0]
    elif fn == "replace_all_patterns":
        rx = compiled(args[1])
        for key, value in attributes.items():
            if isinstance(value, str):
                attributes[key] = rx.sub(args[2], value)
    elif fn == "replace_pattern":
        path = statement[len("replace_pattern(") :].split(",", 1)[0]
        if isinstance(target.get(path), str):
            target[path] = compiled(args[0]).sub(args[1], target[path])
    else:
        raise AssertionError(f"not interpreted: {statement[:60]}")


def run_pipeline(config: dict[str, Any], pipeline: str, context: str, record: dict[str, Any]
                 ) -> dict[str, Any]:
    """Run ``record`` through the transform and redaction processors of ``pipeline``."""
    signal = pipeline.split("/", maxsplit=1)[0]
    key = {"traces": "trace_statements", "logs": "log_statements",
           "metrics": "metric_statements"}[signal]
    for proc in config["service"]["pipelines"][pipeline]["processors"]:
        spec = config["processors"][proc]
        if proc.startswith("transform/"):
            for group in spec[key]:
                if group["context"] == context:
                    for statement in group["statements"]:
                        run_statement(statement, record)
        elif proc.startswith("redaction/"):
            allowed = set(spec["allowed_keys"])
            record["attributes"] = {
                k: v for k, v in record["attributes"].items() if k in allowed
            }
    return record


# ------------------------------------------------------------------------------------ tests


def test_committed_file_is_the_default_policy_output(default_yaml: str) -> None:
    """otel-collector.yaml is byte-identical to the render of the default policy."""
    assert COMMITTED.read_text(encoding="utf-8") == default_yaml, (
        "otel-collector.yaml is out of date; regenerate it with "
        "`env -u PHIGUARD_POLICY -u PHIGUARD_MODE python -m phiguard.collector "
        "-o otel-collector.yaml`"
    )


def test_render_is_byte_identical_across_processes() -> None:
    """Two processes with different hash seeds render the same bytes."""
    code = (
        "import hashlib; from phiguard import load_policy; "
        "from phiguard.collector import render_collector_config as r; "
        "print(hashlib.sha256(r(load_policy({})).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True, cwd=REPO)
        digests.add(out.stdout.strip())
    local = hashlib.sha256(render_collector_config(load_policy({})).encode()).hexdigest()
    assert digests == {local}


def test_header_names_target_version(default_yaml: str) -> None:
    """The header says which otelcol-contrib release it targets and how it was made."""
    head = default_yaml.split("\n\n", 1)[0]
    assert f"otelcol-contrib {TARGET_VERSION}" in head
    assert "phiguard collector-config" in head
    assert TARGET_VERSION == "0.135.0"


def test_every_pipeline_component_is_defined(default_config: dict[str, Any]) -> None:
    """Each receiver, processor, exporter and connector a pipeline names is defined."""
    cfg = default_config
    connectors = set(cfg["connectors"])
    for name, pipeline in cfg["service"]["pipelines"].items():
        for receiver in pipeline["receivers"]:
            assert receiver in set(cfg["receivers"]) | connectors, (name, receiver)
        for processor in pipeline.get("processors", []):
            assert processor in cfg["processors"], (name, processor)
        for exporter in pipeline["exporters"]:
            assert exporter in set(cfg["exporters"]) | connectors, (name, exporter)
    for name, conn in cfg["connectors"].items():
        targets = {p for route in conn["table"] for p in route["pipelines"]}
        targets |= set(conn["default_pipelines"])
        assert targets <= set(cfg["service"]["pipelines"]), name
        # a connector is an exporter of one pipeline and a receiver of the others
        assert any(name in p["exporters"] for p in cfg["service"]["pipelines"].values())


def test_memory_limiter_first_and_batch_last(default_config: dict[str, Any]) -> None:
    """Intake pipelines start with memory_limiter; mode pipelines end with batch."""
    for name, pipeline in default_config["service"]["pipelines"].items():
        if name.endswith("/in"):
            assert pipeline["processors"][0] == "memory_limiter"
        else:
            assert pipeline["processors"][-1] == "batch"
            assert pipeline["exporters"] == ["otlp"]


def _check_keys(section: str, value: dict[str, Any]) -> None:
    unknown = set(value) - SCHEMA[section]
    assert not unknown, f"{section}: keys not in otelcol-contrib 0.135: {sorted(unknown)}"


def test_every_key_exists_for_its_component(default_config: dict[str, Any]) -> None:
    """No component carries a key its 0.135 config does not have (nor a removed one)."""
    cfg = default_config
    for name, rec in cfg["receivers"].items():
        assert name.split("/")[0] == "otlp"
        _check_keys("receiver/otlp", rec)
        _check_keys("receiver/otlp/protocols", rec["protocols"])
        for proto in rec["protocols"].values():
            _check_keys("receiver/otlp/protocols/*", proto)
    for name, conn in cfg["connectors"].items():
        assert name.split("/")[0] == "routing"
        _check_keys("connector/routing", conn)
        for route in conn["table"]:
            _check_keys("connector/routing/table", route)
            assert route["context"] in {"resource", "span", "metric", "datapoint", "log"}
    for name, proc in cfg["processors"].items():
        kind = name.split("/")[0]
        _check_keys(f"processor/{kind}", proc)
        if kind == "transform":
            for signal, contexts in CONTEXTS.items():
                for group in proc.get(signal, []):
                    _check_keys("processor/transform/group", group)
                    assert group["context"] in contexts, (name, signal, group["context"])
        if kind == "filter":
            _check_keys("processor/filter/metrics", proc["metrics"])
        if kind == "redaction":
            assert proc["allow_all_keys"] is False
            assert proc["summary"] == "info"
    for name, exp in cfg["exporters"].items():
        assert name.split("/")[0] == "otlp"
        _check_keys("exporter/otlp", exp)
        assert exp["endpoint"] == "${env:PHIGUARD_BACKEND_ENDPOINT}"


def test_errors_drop_data(default_config: dict[str, Any]) -> None:
    """Every OTTL-running component propagates errors, so a failure drops the batch."""
    for name, comp in {**default_config["processors"], **default_config["connectors"]}.items():
        if name.split("/")[0] in {"transform", "filter", "routing"}:
            assert comp["error_mode"] == "propagate", name


def test_ottl_statements_are_well_formed(default_config: dict[str, Any]) -> None:
    """Every statement lexes, is balanced, uses known functions and valid Go escapes."""
    statements = all_statements(default_config)
    assert len(statements) > 50
    for _, _, statement in statements:
        tokens = lex(statement)
        called = {v for i, (k, v) in enumerate(tokens[:-1])
                  if k == "name" and tokens[i + 1] == ("op", "(")}
        assert called <= KNOWN_FUNCTIONS, called - KNOWN_FUNCTIONS


@pytest.mark.parametrize("literal", [r'"\d"', r'"a"b"', r'"\q"', r'"\x4"'])
def test_go_unquote_rejects_bad_literals(literal: str) -> None:
    """The OTTL lexer of these tests rejects what Go's unquoting rejects."""
    with pytest.raises(ValueError, match=r"escape|quote"):
        go_unquote(literal)


def test_every_regex_compiles_with_ascii_semantics(default_config: dict[str, Any]) -> None:
    """Every regex compiles under RE2, is ASCII text and uses no Unicode classes.

    Go's regexp and RE2 both give ``\\d \\w \\s \\b`` ASCII meanings; a pattern that needs
    Unicode classes (``\\pL``) or non-ASCII literals would behave differently per encoding,
    so none may appear. Each is also compiled in RE2's Latin-1 mode, where no character
    class can reach beyond one byte.
    """
    regexes = all_regexes(default_config)
    assert len(regexes) > 20
    latin1 = re2.Options()
    latin1.log_errors = False
    latin1.encoding = re2.Options.Encoding.LATIN1
    for regex in regexes:
        assert regex.isascii()
        assert not re.search(r"\\[pP]", regex.replace("\\\\", "")), regex[:80]
        compiled(regex)
        re2.compile(regex.encode("latin-1"), latin1)


def test_ottl_literals_decode_to_the_detector_patterns(default_config: dict[str, Any]) -> None:
    """What the collector unquotes is exactly the pattern the engine uses (escaping holds)."""
    rules = pattern_rules(load_policy({}), Mode.ZERO_RETENTION)
    transform = default_config["processors"]["transform/zero_retention"]
    span_groups = [g for g in transform["trace_statements"] if g["context"] == "span"]
    names = next(g["statements"] for g in span_groups
                 if g["statements"][0].startswith("replace_pattern(name,"))
    assert [string_args(s)[0] for s in names] == [r.regex for r in rules]


def test_no_mode_goes_the_zero_retention_way(default_config: dict[str, Any]) -> None:
    """A record with no (or an unknown) phiguard.mode matches no route: default is ZR."""
    cond = re.compile(r'attributes\["phiguard\.mode"\] == "(\w+)" or '
                      r'resource\.attributes\["phiguard\.mode"\] == "(\w+)"')

    def route(conn: dict[str, Any], record: dict[str, Any], resource: dict[str, Any]
              ) -> list[str]:
        for entry in conn["table"]:
            m = cond.fullmatch(entry["condition"])
            assert m is not None
            if m.group(1) in (record.get("phiguard.mode"), resource.get("phiguard.mode")):
                return list(entry["pipelines"])
        return list(conn["default_pipelines"])

    for signal in ("traces", "logs", "metrics"):
        conn = default_config["connectors"][f"routing/{signal}"]
        assert conn["default_pipelines"] == [f"{signal}/zero_retention"]
        assert route(conn, {}, {}) == [f"{signal}/zero_retention"]
        assert route(conn, {"phiguard.mode": "hipaa"}, {}) == [f"{signal}/zero_retention"]
        assert route(conn, {"phiguard.mode": "standard"}, {}) == [f"{signal}/standard"]
        # a record and its resource disagree: the stricter mode wins
        assert route(conn, {"phiguard.mode": "standard"},
                     {"phiguard.mode": "redacted"}) == [f"{signal}/redacted"]


def test_zero_retention_pipelines_allowlist_and_filter(default_config: dict[str, Any]) -> None:
    """Zero retention has the redaction allowlist everywhere and the metric filter."""
    pipelines = default_config["service"]["pipelines"]
    assert "redaction/zero_retention" in pipelines["traces/zero_retention"]["processors"]
    assert "redaction/zero_retention" in pipelines["logs/zero_retention"]["processors"]
    metrics = pipelines["metrics/zero_retention"]["processors"]
    assert metrics[0] == "filter/zero_retention"
    assert "redaction/zero_retention_metrics" in metrics
    assert not any(p.startswith("redaction") for p in pipelines["traces/standard"]["processors"])
    allowed = default_config["processors"]["redaction/zero_retention"]["allowed_keys"]
    assert {"service.name", "gen_ai.usage.input_tokens", "phiguard.mode"} <= set(allowed)
    assert "transcript" not in allowed
    [condition] = default_config["processors"]["filter/zero_retention"]["metrics"]["metric"]
    regex = compiled(string_args(condition)[0])
    assert regex.search("gen_ai.client.token.usage")
    assert not regex.search("calls_by_caller_number")


def test_zero_retention_span_keeps_no_canary(default_config: dict[str, Any]) -> None:
    """A span through the zero-retention statements loses every canary, keeps safe keys."""
    record = {
        "name": f"call {CANARY_PHONE}",
        "status.message": f"failed for {CANARY_EMAIL}",
        "attributes": {
            "transcript": f"my ssn is {CANARY_SSN}",
            "callerNumber": CANARY_PHONE,
            "app.custom_note": CANARY_OPAQUE,
            "userEmail": CANARY_EMAIL,
            "gen_ai.usage.input_tokens": 12,
            "phiguard.error": "scrub_failed",
            "status": f"ok {CANARY_EMAIL}",
        },
    }
    out = run_pipeline(default_config, "traces/zero_retention", "span", record)
    text = json.dumps(out)
    for canary in (CANARY_EMAIL, CANARY_SSN, CANARY_PHONE, CANARY_OPAQUE, "555", "jane"):
        assert canary not in text
    assert out["attributes"]["gen_ai.usage.input_tokens"] == 12
    assert out["attributes"]["phiguard.error"] == "scrub_failed"  # saved and restored
    assert out["attributes"]["status"] == "ok <EMAIL>"
    assert not any(k.startswith("phiguard.saved") for k in out["attributes"])


def test_redacted_log_deletes_identifiers_and_scans(default_config: dict[str, Any]) -> None:
    """A redacted log record: identifiers and audio deleted, PHI in text replaced."""
    record = {
        "body": f"call back at {CANARY_PHONE}",
        "attributes": {
            "patient_name": "Jane Doe", "recording-url": "https://x.example/r.wav",
            "user_text": f"email {CANARY_EMAIL}", "duration_ms": 5,
        },
    }
    out = run_pipeline(default_config, "logs/redacted", "log", record)
    assert out["body"] == "call back at<PHONE>"
    assert set(out["attributes"]) == {"user_text", "duration_ms"}
    assert out["attributes"]["user_text"] == "email <EMAIL>"


def test_structured_body_is_withheld_where_scanned(default_config: dict[str, Any]) -> None:
    """A map body cannot be walked by key at the collector: it is replaced where scanned."""
    record = {"body": {"transcript": CANARY_SSN}, "attributes": {}}
    out = run_pipeline(default_config, "logs/zero_retention", "log", record)
    assert out["body"] == "[REDACTED:body]"
    kept = run_pipeline(default_config, "logs/standard", "log",
                        {"body": {"transcript": "hello"}, "attributes": {}})
    assert kept["body"] == {"transcript": "hello"}


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("recording_url", "recordingUrl", True),
        ("recording_url", "RECORDING_URL", True),
        ("recording_url", "recording-url", True),
        ("recording_url", "call.recording_url", True),
        ("recording_url", "recording_urls", False),
        ("caller_id", "callerID", True),
        ("gen_ai.prompt.content", "gen_ai.prompt.3.content", True),
        ("tool_calls", "tool_calls.0", True),
        ("*_text", "userText", True),
        ("*_text", "context", False),
        ("pii.**", "lk.pii.user_input", True),
        ("gen_ai.*.message", "gen_ai.user.message", True),
        ("gen_ai.*.message", "gen_ai.user.x.message", False),
    ],
)
def test_key_regex_matches_common_spellings(pattern: str, key: str, matches: bool) -> None:
    """Key regexes accept the spellings in-process normalisation folds together."""
    regex = key_regex([pattern])
    assert regex is not None
    assert (compiled(regex).search(key) is not None) is matches


def test_policy_changes_show_up_where_they_should() -> None:
    """A custom pattern lands in the replace statements, a safe key in the allowlist."""
    base = render_collector_config(load_policy({}))
    policy = load_policy({
        "fields": {"safe": ["clinic_shift_code"], "identifier": ["bed_number"]},
        "detectors": {"custom": {"ticket": {"pattern": r"TKT-\d{6}", "label": "TICKET"}}},
        "metrics": {"allow": ["voice.turns.*"]},
    })
    text = render_collector_config(policy)
    assert text != base
    assert text == render_collector_config(policy)
    cfg = yaml.safe_load(text)
    allowed = cfg["processors"]["redaction/zero_retention"]["allowed_keys"]
    assert "clinic_shift_code" in allowed
    assert "clinic_shift_code" not in base
    regexes = all_regexes(cfg)
    assert r"(?i)TKT-\d{6}" in regexes  # verbatim, with the engine's case flag
    assert r'"(?i)TKT-\\d{6}"' in text.replace("''", "'")  # Go-escaped in the OTTL literal
    assert "delete_key(attributes, \"bed_number\")" in text
    [condition] = cfg["processors"]["filter/zero_retention"]["metrics"]["metric"]
    assert compiled(string_args(condition)[0]).search("voice.turns.count")


def test_disabled_detector_leaves_the_config() -> None:
    """Turning a detector off removes its pattern from the collector too."""
    on = all_regexes(yaml.safe_load(render_collector_config(load_policy({}))))
    off = all_regexes(yaml.safe_load(render_collector_config(
        load_policy({"detectors": {"disable": ["city"]}}))))
    assert len(off) < len(on)


def test_safe_metric_attributes_match_the_sdk_adapter() -> None:
    """The collector's metric attribute allowlist is the OTel adapter's."""
    from phiguard.integrations.otel import SAFE_METRIC_ATTRIBUTES as IN_PROCESS

    assert tuple(SAFE_METRIC_ATTRIBUTES) == tuple(IN_PROCESS)


def test_importing_phiguard_does_not_import_the_collector() -> None:
    """The collector package is loaded only when asked for."""
    code = "import sys, phiguard; print('phiguard.collector' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "False"


def _collector_removed(text: str, regexes: list[tuple[Any, str]]) -> set[int]:
    """Original offsets the collector's statements replace, applied in order."""
    chars: list[tuple[str, int | None]] = [(c, i) for i, c in enumerate(text)]
    for rx, replacement in regexes:
        current = "".join(c for c, _ in chars)
        out: list[tuple[str, int | None]] = []
        pos = 0
        for m in rx.finditer(current):
            start, end = m.span()
            if start == end:
                continue
            out.extend(chars[pos:start])
            out.extend((c, None) for c in replacement)
            pos = end
        out.extend(chars[pos:])
        chars = out
    kept = {i for _, i in chars if i is not None}
    return set(range(len(text))) - kept


def test_collector_patterns_remove_what_the_engine_removes() -> None:
    """Parity on the dev corpus: gold PHI the engine removes, the collector removes too."""
    policy = load_policy({})
    scrubber = Scrubber(policy)
    rules = [(compiled(r.regex), r.replacement)
             for r in pattern_rules(policy, Mode.ZERO_RETENTION)]
    engine_chars = both = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        gold = {i for span in row["spans"] for i in range(span["start"], span["end"])}
        engine = {i for f in scrubber.find(text) for i in range(f.start, f.end)} & gold
        engine_chars += len(engine)
        both += len(engine & _collector_removed(text, rules))
    parity = both / engine_chars
    print(f"collector/engine parity on dev.jsonl: {parity:.4f} "
          f"({both}/{engine_chars} gold PHI characters)")
    assert parity >= PARITY_FLOOR
