"""Policy loading and validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phiguard import Action, FieldClass, Mode, PolicyError, Training, load_policy
from phiguard.policy import DEFAULT_ACTIONS

ISSUE_EXAMPLE = """
default_mode = "standard"
unknown_workspace_mode = "zero_retention"
workspace_key = "workspace_id"
hmac_key = "0123456789abcdef0123456789abcdef"

[workspaces.ws_clinic]
mode = "zero_retention"

[workspaces.ws_dental]
mode = "redacted"
training = "forbidden"
retention_days = 30

[fields]
content = ["my_app.utterance"]
safe = ["queue_depth"]

[actions.redacted]
identifier = "mask"

[llm]
allow = ["anthropic:claude-3-7-sonnet", "google:gemini-2.0-flash", "custom:*"]
"""


def test_loads_the_documented_shape_from_toml(tmp_path: Path) -> None:
    """The TOML shape from the issue loads with every setting honoured."""
    path = tmp_path / "phiguard.toml"
    path.write_text(ISSUE_EXAMPLE)
    policy = load_policy(path)
    assert policy.default_mode is Mode.STANDARD
    assert policy.unknown_workspace_mode is Mode.ZERO_RETENTION
    assert policy.workspaces["ws_clinic"].mode is Mode.ZERO_RETENTION
    dental = policy.settings_for("ws_dental")
    assert (dental.mode, dental.training, dental.retention_days) == (
        Mode.REDACTED,
        Training.FORBIDDEN,
        30,
    )
    assert policy.fields[FieldClass.CONTENT] == ("my_app.utterance",)
    assert policy.actions[Mode.REDACTED][FieldClass.IDENTIFIER] is Action.MASK
    assert policy.actions[Mode.STANDARD] == DEFAULT_ACTIONS[Mode.STANDARD]
    assert policy.llm_allow[-1] == "custom:*"
    assert policy.hmac_key == b"0123456789abcdef0123456789abcdef"


def test_a_path_string_and_a_dict_load_alike(tmp_path: Path) -> None:
    """A str path, a Path and a dict with the same content give equal policies."""
    path = tmp_path / "p.toml"
    path.write_text('default_mode = "redacted"\n[workspaces.a]\nmode = "standard"\n')
    as_dict = load_policy({"default_mode": "redacted", "workspaces": {"a": {"mode": "standard"}}})
    assert load_policy(str(path)) == load_policy(path) == as_dict


@pytest.mark.parametrize(
    ("mode", "cls", "action"),
    [
        (mode, cls, action)
        for mode, row in {
            Mode.STANDARD: ["keep", "keep", "keep", "keep", "redact", "keep", "keep", "keep"],
            Mode.REDACTED: ["scan", "scan", "drop", "hash", "redact", "keep", "scan", "scan"],
            Mode.ZERO_RETENTION: ["drop", "drop", "drop", "drop", "drop", "keep", "drop", "scan"],
        }.items()
        for cls, action in zip(
            ["content", "tool_io", "audio", "identifier", "secret", "safe", "unknown", "message"],
            row,
            strict=True,
        )
    ],
)
def test_default_matrix_is_the_design(mode: Mode, cls: str, action: str) -> None:
    """The default action matrix is exactly DESIGN.md section 2's."""
    assert load_policy({}).actions[mode][FieldClass(cls)] is Action(action)


def test_zero_retention_implies_training_forbidden() -> None:
    """A zero-retention workspace is labelled training=forbidden even when not set."""
    policy = load_policy({"training": "allowed", "workspaces": {"z": {"mode": "zero_retention"}}})
    assert policy.settings_for("z").training is Training.FORBIDDEN
    assert policy.settings_for("other").training is Training.ALLOWED


def test_unlisted_and_unresolved_workspaces() -> None:
    """An unlisted workspace gets default_mode; no workspace at all gets unknown_workspace_mode."""
    policy = load_policy({"default_mode": "redacted"})
    assert policy.mode_for("anything") is Mode.REDACTED
    assert policy.mode_for(None) is Mode.ZERO_RETENTION


def test_environment_policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no source, PHIGUARD_POLICY names the policy file."""
    path = tmp_path / "p.toml"
    path.write_text('default_mode = "redacted"\n')
    monkeypatch.setenv("PHIGUARD_POLICY", str(path))
    assert load_policy().default_mode is Mode.REDACTED


def test_environment_single_tenant_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """PHIGUARD_MODE makes every record, resolved or not, use that mode."""
    monkeypatch.setenv("PHIGUARD_MODE", "redacted")
    policy = load_policy(None)
    assert policy.mode_for(None) is policy.mode_for("x") is Mode.REDACTED


def test_environment_both_set_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PHIGUARD_POLICY and PHIGUARD_MODE together are ambiguous and rejected."""
    monkeypatch.setenv("PHIGUARD_MODE", "redacted")
    monkeypatch.setenv("PHIGUARD_POLICY", str(tmp_path / "p.toml"))
    with pytest.raises(PolicyError, match="both"):
        load_policy()


def test_no_source_no_environment_gives_defaults() -> None:
    """Without a source or environment, the defaults apply (unknown workspaces: zero retention)."""
    policy = load_policy()
    assert (policy.default_mode, policy.unknown_workspace_mode) == (
        Mode.STANDARD,
        Mode.ZERO_RETENTION,
    )
    assert policy.hmac_key is None


def test_hmac_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """PHIGUARD_HMAC_KEY supplies the key when the policy has none; the policy's wins."""
    monkeypatch.setenv("PHIGUARD_HMAC_KEY", "e" * 40)
    assert load_policy({}).hmac_key == b"e" * 40
    assert load_policy({"hmac_key": "p" * 32}).hmac_key == b"p" * 32


def test_hmac_key_is_not_in_repr() -> None:
    """The policy's repr never shows the HMAC key."""
    assert "s3cr3t" not in repr(load_policy({"hmac_key": "s3cr3t" * 8}))


BAD_POLICIES: list[tuple[Any, str, str]] = [
    (
        {"workspaces": {"ws_9": {"mode": "hipa"}}},
        "workspaces.ws_9.mode",
        "unknown mode 'hipa'; expected one of standard, redacted, zero_retention",
    ),
    ({"default_mode": 3}, "default_mode", "expected a mode string"),
    ({"colour": "blue"}, "colour", "unknown key"),
    ({"workspaces": {"a": {"mode": "standard", "tier": 1}}}, "workspaces.a.tier", "unknown key"),
    ({"workspaces": {"a": {}}}, "workspaces.a.mode", "missing"),
    (
        {"workspaces": {"a": {"mode": "redacted", "retention_days": -1}}},
        "workspaces.a.retention_days",
        "must be >= 0",
    ),
    (
        {"workspaces": {"a": {"mode": "redacted", "retention_days": "30"}}},
        "workspaces.a.retention_days",
        "whole number",
    ),
    (
        {"workspaces": {"a": {"mode": "zero_retention", "training": "allowed"}}},
        "workspaces.a.training",
        "implies",
    ),
    (
        {"workspaces": {"a": {"mode": "redacted", "training": "sometimes"}}},
        "workspaces.a.training",
        "unknown training value",
    ),
    ({"workspaces": []}, "workspaces", "expected a table"),
    ({"fields": {"secrets": ["x"]}}, "fields.secrets", "unknown field class 'secrets'"),
    ({"fields": {"message": ["x"]}}, "fields.message", "unknown field class"),
    ({"fields": {"safe": "queue_depth"}}, "fields.safe", "expected a list"),
    ({"fields": {"safe": ["a"], "content": ["a"]}}, "fields.content[0]", "also listed"),
    ({"fields": {"safe": ["**"]}}, "fields.safe[0]", "every key"),
    (
        {"actions": {"redacted": {"identifier": "blur"}}},
        "actions.redacted.identifier",
        "unknown action 'blur'",
    ),
    ({"actions": {"hipaa": {}}}, "actions.hipaa", "unknown mode"),
    ({"actions": {"standard": {"secret": "keep"}}}, "actions.standard.secret", "always scrubbed"),
    (
        {"actions": {"zero_retention": {"unknown": "scan"}}},
        "actions.zero_retention.unknown",
        "only be made stricter",
    ),
    (
        {"actions": {"zero_retention": {"keys": {"my.field": "keep"}}}},
        "actions.zero_retention.keys.my.field",
        "only 'redact' or 'drop'",
    ),
    ({"hmac_key": "short"}, "hmac_key", "at least 32"),
    ({"hmac_key": 12}, "hmac_key", "expected a string"),
    ({"llm": {"allow": ["gpt-4o"]}}, "llm.allow[0]", "provider:model"),
    ({"llm": {"deny": []}}, "llm.deny", "unknown key"),
    ({"detectors": {"disable": ["no_such_detector"]}}, "detectors.disable[0]", "unknown detector"),
    (
        {"detectors": {"custom": {"ticket": {"pattern": "TK-(\\d+"}}}},
        "detectors.custom.ticket.pattern",
        "invalid RE2 pattern",
    ),
    (
        {"detectors": {"custom": {"ticket": {"pattern": "(?=lookahead)"}}}},
        "detectors.custom.ticket.pattern",
        "invalid RE2 pattern",
    ),
    (
        {"detectors": {"custom": {"ticket": {"pattern": "x*"}}}},
        "detectors.custom.ticket.pattern",
        "empty string",
    ),
    (
        {"detectors": {"custom": {"ticket": {"pattern": "TK-\\d+", "label": "ticket"}}}},
        "detectors.custom.ticket.label",
        "UPPER_CASE",
    ),
    ({"detectors": {"custom": {"ticket": {}}}}, "detectors.custom.ticket.pattern", "missing"),
    ({"detectors": {"pseudonyms": True}}, "detectors.pseudonyms", "HMAC key"),
    ({"limits": {"max_depth": 0}}, "limits.max_depth", "out of range"),
    ({"limits": {"max_scan_chars": True}}, "limits.max_scan_chars", "expected an integer"),
    ({"allow_unknown_numbers": "yes"}, "allow_unknown_numbers", "true or false"),
]


@pytest.mark.parametrize(("data", "path", "reason"), BAD_POLICIES)
def test_bad_policy_fails_with_path_and_reason(data: Any, path: str, reason: str) -> None:
    """Each invalid policy raises PolicyError naming the key path and the reason."""
    with pytest.raises(PolicyError) as info:
        load_policy(data)
    assert info.value.path == path
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{path}: ")


def test_policy_error_is_a_value_error() -> None:
    """PolicyError is a ValueError, so generic config handling catches it."""
    with pytest.raises(ValueError, match="unknown mode"):
        load_policy({"default_mode": "hipa"})


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    """A missing file and invalid TOML are PolicyErrors naming the file."""
    with pytest.raises(PolicyError, match="not found"):
        load_policy(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("default_mode = \n")
    with pytest.raises(PolicyError, match="invalid TOML") as info:
        load_policy(bad)
    assert str(bad) in str(info.value)


def test_zero_retention_may_be_made_stricter() -> None:
    """Overrides that only tighten zero retention are accepted."""
    policy = load_policy({"actions": {"zero_retention": {"message": "drop"}}})
    assert policy.actions[Mode.ZERO_RETENTION][FieldClass.MESSAGE] is Action.DROP


def test_workspace_shorthand() -> None:
    """``ws = "redacted"`` is shorthand for a table with only a mode."""
    assert load_policy({"workspaces": {"ws": "redacted"}}).mode_for("ws") is Mode.REDACTED


def test_policy_is_immutable() -> None:
    """A loaded policy cannot be changed in place."""
    policy = load_policy({"workspaces": {"a": "standard"}})
    with pytest.raises(AttributeError):
        policy.default_mode = Mode.REDACTED  # type: ignore[misc]
    with pytest.raises(TypeError):
        policy.workspaces["b"] = policy.workspaces["a"]  # type: ignore[index]
