"""The scrubbing engine: actions per class and mode, odd values, limits, failure."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import decimal
import json
import uuid
import warnings
from typing import Any

import pytest
from conftest import (
    CANARY_EMAIL,
    CANARY_OPAQUE,
    CANARY_PHONE,
    CANARY_SSN,
    HMAC_KEY,
    POLICY,
    WORKSPACE_OF,
)

import phiguard
from phiguard import FieldClass, Mode, Scrubber

Z, R, S = Mode.ZERO_RETENTION, Mode.REDACTED, Mode.STANDARD


def scrub(scrubber: Scrubber, mode: Mode, **fields: Any) -> dict[str, Any]:
    """Scrub ``fields`` as a record of the workspace whose mode is ``mode``."""
    return scrubber.scrub({"workspace_id": WORKSPACE_OF[mode], **fields}).record


# key, mode, expected outcome: "kept", "dropped", "redacted:<class>", "hashed", "scanned"
CLASS_TABLE = [
    ("transcript", S, "kept"),
    ("transcript", R, "scanned"),
    ("transcript", Z, "dropped"),
    ("tool_args", S, "kept"),
    ("tool_args", R, "scanned"),
    ("tool_args", Z, "dropped"),
    ("recording_url", S, "kept"),
    ("recording_url", R, "dropped"),
    ("recording_url", Z, "dropped"),
    ("caller_number", S, "kept"),
    ("caller_number", R, "hashed"),
    ("caller_number", Z, "dropped"),
    ("api_key", S, "redacted:secret"),
    ("api_key", R, "redacted:secret"),
    ("api_key", Z, "dropped"),
    ("my_custom_field", S, "kept"),
    ("my_custom_field", R, "scanned"),
    ("my_custom_field", Z, "dropped"),
]


@pytest.mark.parametrize(("key", "mode", "outcome"), CLASS_TABLE)
def test_actions_by_class_and_mode(scrubber: Scrubber, key: str, mode: Mode, outcome: str) -> None:
    """Each field class gets its mode's action (DESIGN.md section 2)."""
    value = f"call me at {CANARY_PHONE} {CANARY_OPAQUE}"
    out = scrub(scrubber, mode, **{key: value})
    if outcome == "kept":
        assert out[key] == value
    elif outcome == "dropped":
        assert key not in out
    elif outcome == "hashed":
        assert out[key].startswith("phi_")
        assert len(out[key]) == 12
    elif outcome == "scanned":
        assert out[key] == f"call me at <PHONE> {CANARY_OPAQUE}"
    else:
        assert out[key] == f"[REDACTED:{outcome.split(':')[1]}]"


def test_safe_fields_survive_every_mode(scrubber: Scrubber) -> None:
    """Safe metadata and metrics pass unchanged in every mode, zero retention included."""
    safe = {"duration_ms": 1234, "status": "completed", "turn_count": 7, "call_id": "c-91"}
    for mode in Mode:
        out = scrub(scrubber, mode, **safe)
        assert {k: out[k] for k in safe} == safe


def test_labels_on_every_record(scrubber: Scrubber) -> None:
    """Records carry phiguard.mode, and the training/retention labels where set."""
    z = scrub(scrubber, Z)
    assert (z["phiguard.mode"], z["phiguard.training"]) == ("zero_retention", "forbidden")
    r = scrub(scrubber, R)
    assert (r["phiguard.mode"], r["phiguard.retention_days"]) == ("redacted", 30)
    assert "phiguard.training" not in r


def test_message_is_scanned_in_zero_retention(scrubber: Scrubber) -> None:
    """The log message survives zero retention, with PHI inside it replaced."""
    result = scrubber.scrub(
        {"event": f"sent to {CANARY_EMAIL}", "workspace_id": "ws_zero"}, message_keys=("event",)
    )
    assert result.record["event"] == "sent to <EMAIL>"
    assert result.summary.labels == {"EMAIL": 1}


def test_unresolved_workspace_fails_closed(scrubber: Scrubber) -> None:
    """A record with no workspace anywhere is scrubbed as zero retention."""
    out = scrubber.scrub({"transcript": CANARY_OPAQUE, "duration_ms": 3}).record
    assert out == {
        "duration_ms": 3,
        "phiguard.mode": "zero_retention",
        "phiguard.training": "forbidden",
        "phiguard.redacted.count": 1,
    }


def test_min_mode_only_tightens(scrubber: Scrubber) -> None:
    """min_mode (e.g. from baggage) makes a mode stricter but never looser."""
    loose = scrubber.scrub({"workspace_id": "ws_standard", "transcript": "x"}, min_mode=Z)
    assert loose.settings.mode is Z
    assert "transcript" not in loose.record
    strict = scrubber.scrub({"workspace_id": "ws_zero", "transcript": "x"}, min_mode=S)
    assert strict.settings.mode is Z


def test_values_reclassify_fields(scrubber: Scrubber) -> None:
    """Audio references, JWTs and API keys are recognised by value under any key."""
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWhlcmU"
    out = scrub(
        scrubber,
        S,
        note=jwt,
        media="https://cdn.example.test/calls/2024/abc.wav?sig=x",
        clip="data:audio/wav;base64,UklGRiQAAABXQVZFZm10",
        raw=b"RIFF\x00\x00WAVE",
    )
    assert out["note"] == "[REDACTED:secret]"
    assert out["media"].endswith(".wav?sig=x")  # standard keeps audio
    out = scrub(
        scrubber,
        R,
        note=jwt,
        media="https://x.test/r/abc.mp3",
        clip="data:audio/wav;base64,AA==",
        raw=b"\x00",
    )
    assert set(out) & {"note", "media", "clip", "raw"} == {"note"}


def test_secrets_inside_text_are_replaced_in_every_mode(scrubber: Scrubber) -> None:
    """An API key inside kept text is replaced, even in standard mode."""
    text = "use sk-proj-abcdefghijklmnopqrstuvwx please"
    assert scrub(scrubber, S, transcript=text)["transcript"] == "use [REDACTED:secret] please"


def test_keys_are_scanned(scrubber: Scrubber) -> None:
    """A dict keyed by phone numbers does not leak them as keys in redacted mode."""
    out = scrub(scrubber, R, callers={CANARY_PHONE: 3, "(555) 013-9999": 1})
    assert out["callers"] == {"<PHONE>": 3, "<PHONE>#2": 1}


def test_children_inherit_their_container_class(scrubber: Scrubber) -> None:
    """Everything under a tool_io key is tool_io, at any depth."""
    args = {"patient": {"notes": [CANARY_OPAQUE]}, "n": 3}
    assert "tool_args" not in scrub(scrubber, Z, tool_args=args)
    assert scrub(scrubber, S, tool_args=args)["tool_args"] == args


def test_safe_key_does_not_allowlist_a_container(scrubber: Scrubber) -> None:
    """A container under a safe key is judged by its own keys in zero retention."""
    out = scrub(scrubber, Z, status={"detail_text": CANARY_OPAQUE, "duration_ms": 5})
    assert out["status"] == {"duration_ms": 5}


def test_nested_json_strings_are_walked(scrubber: Scrubber) -> None:
    """A JSON object inside a string is parsed, scrubbed by its keys, and re-serialised."""
    payload = json.dumps({"caller_number": "+15550134477", "slot": "10am", "x": CANARY_EMAIL})
    out = scrub(scrubber, R, tool_result=payload)
    parsed = json.loads(out["tool_result"])
    assert parsed["caller_number"].startswith("phi_")
    assert parsed["slot"] == "10am"
    assert parsed["x"] == "<EMAIL>"


def test_hash_is_keyed_and_stable(scrubber: Scrubber) -> None:
    """hash gives the same pseudonym for the same value and key, another for another key."""
    a = scrub(scrubber, R, caller_number="+15550134477")["caller_number"]
    b = scrub(scrubber, R, caller_number="+15550134477")["caller_number"]
    other = Scrubber({**POLICY, "hmac_key": "another-key-another-key-another-key!"})
    c = scrub(other, R, caller_number="+15550134477")["caller_number"]
    assert a == b != c


def test_hash_without_key_falls_back_to_redact_with_one_warning() -> None:
    """With no HMAC key, hash becomes redact and one PhiguardWarning says so."""
    with pytest.warns(phiguard.PhiguardWarning, match="HMAC") as caught:
        s = Scrubber({k: v for k, v in POLICY.items() if k != "hmac_key"})
    assert len(caught) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = scrub(s, R, caller_number="+15550134477")
    assert out["caller_number"] == "[REDACTED:identifier]"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("555-013-4477", "***-***-4477"),
        ("***-***-4477", "***-***-4477"),
        ("12345", "*****"),
        (5550134477, "******4477"),
    ],
)
def test_mask_keeps_a_suffix(value: Any, masked: str) -> None:
    """mask keeps the last four letters or digits of long values, none of short ones."""
    s = Scrubber({**POLICY, "actions": {"redacted": {"identifier": "mask"}}})
    assert scrub(s, R, caller_number=value)["caller_number"] == masked


def test_per_key_actions_override_the_class() -> None:
    """[actions.<mode>.keys] sets the action of specific keys."""
    s = Scrubber({**POLICY, "actions": {"redacted": {"keys": {"caller_number": "mask"}}}})
    assert scrub(s, R, caller_number="5550134477")["caller_number"] == "******4477"


def test_policy_fields_extend_and_override_the_catalog() -> None:
    """[fields] adds keys to classes, and wins over the built-in catalog."""
    s = Scrubber(
        {
            **POLICY,
            "fields": {"safe": ["queue_depth", "transcript"], "content": ["my_app.utterance"]},
        }
    )
    out = scrub(s, Z, queue_depth=4, transcript="t", my_app={"utterance": "u", "retries": 2})
    assert out["queue_depth"] == 4
    assert out["transcript"] == "t"
    assert "my_app" not in out or "utterance" not in out["my_app"]


def test_allow_unknown_numbers() -> None:
    """allow_unknown_numbers keeps unknown numbers in zero retention unless they hold PHI."""
    s = Scrubber({**POLICY, "allow_unknown_numbers": True})
    out = scrub(s, Z, retries=3, ratio=0.5, flag=True, phone=5550134477, text="no")
    assert (out["retries"], out["ratio"], out["flag"]) == (3, 0.5, True)
    assert "text" not in out
    assert "phone" not in out


@dataclasses.dataclass
class Patient:
    """A dataclass as an application might log it."""

    patient_name: str
    visits: int


class Opaque:
    """An object whose repr carries PHI."""

    def __repr__(self) -> str:
        return f"Opaque(email={CANARY_EMAIL})"


class Unrepresentable:
    """An object whose repr raises."""

    def __repr__(self) -> str:
        raise RuntimeError(CANARY_EMAIL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(1984, 3, 3), "<DATE>"),
        (dt.datetime(1984, 3, 3, 10, 30), "<DATE>"),
        (decimal.Decimal("5550134477"), "<PHONE>"),
        (decimal.Decimal("12.50"), decimal.Decimal("12.50")),
        (uuid.UUID(int=7), str(uuid.UUID(int=7))),
        (Opaque(), "Opaque(email=<EMAIL>)"),
        (Unrepresentable(), "<unrepresentable Unrepresentable>"),
        (ValueError(f"bad {CANARY_SSN}"), "ValueError: bad <SSN>"),
        ((1, "x"), (1, "x")),
        ({"b", "a"}, ["a", "b"]),
        (None, None),
        (True, True),
    ],
)
def test_odd_types_have_defined_outcomes(scrubber: Scrubber, value: Any, expected: Any) -> None:
    """Dates, decimals, UUIDs, objects, exceptions, tuples and sets scan to defined values."""
    assert scrub(scrubber, R, note=value)["note"] == expected


def test_dataclasses_are_walked_by_field(scrubber: Scrubber) -> None:
    """A dataclass is walked as a mapping of its fields, classified by field name."""
    out = scrub(scrubber, R, obj=Patient("Jane Canary", 3))["obj"]
    assert out["visits"] == 3
    assert out["patient_name"].startswith("phi_")


def test_cycles_are_cut(scrubber: Scrubber) -> None:
    """A self-referencing structure is cut where it cycles, not walked forever."""
    loop: dict[str, Any] = {"n": 1}
    loop["self"] = loop
    out = scrub(scrubber, S, data=loop)["data"]
    assert out == {"n": 1, "self": "[REDACTED:cycle]"}


def test_depth_is_bounded() -> None:
    """Nesting beyond limits.max_depth is replaced, not walked."""
    s = Scrubber({**POLICY, "limits": {"max_depth": 4}})
    deep: Any = CANARY_OPAQUE
    for _ in range(10):
        deep = {"d": deep}
    text = json.dumps(scrub(s, S, data=deep))
    assert "[REDACTED:depth]" in text
    assert CANARY_OPAQUE not in text


def test_long_strings_are_truncated_before_scanning() -> None:
    """Strings over limits.max_scan_chars are cut and marked before scanning."""
    s = Scrubber({**POLICY, "limits": {"max_scan_chars": 100}})
    out = scrub(s, R, transcript="a" * 90 + CANARY_EMAIL + "b" * 500)["transcript"]
    assert out.endswith("[TRUNCATED]")
    assert len(out) <= 100 + len("[TRUNCATED]")
    assert "jane" not in out


def test_many_items_are_bounded() -> None:
    """Containers longer than limits.max_items keep their first items only."""
    s = Scrubber({**POLICY, "limits": {"max_items": 5}})
    assert scrub(s, S, data=list(range(50)))["data"] == [0, 1, 2, 3, 4]


def test_input_is_never_mutated(scrubber: Scrubber) -> None:
    """Scrubbing returns new containers; the caller's nested data is untouched."""
    record = {
        "workspace_id": "ws_redacted",
        "tool_args": {"caller_number": "+15550134477", "l": [CANARY_EMAIL]},
    }
    before = copy.deepcopy(record)
    out = scrubber.scrub(record).record
    assert record == before
    assert out["tool_args"] is not record["tool_args"]


def test_summary_counts_without_values(scrubber: Scrubber) -> None:
    """The summary counts by class, action and detector, and never holds a value."""
    result = scrubber.scrub(
        {
            "workspace_id": "ws_redacted",
            "transcript": f"{CANARY_EMAIL} {CANARY_SSN}",
            "recording_url": "https://x.test/a.wav",
        }
    )
    summary = result.summary
    assert summary.labels == {"EMAIL": 1, "SSN": 1}
    assert summary.fields == {"audio:drop": 1}
    assert summary.redacted_count == 3
    assert CANARY_EMAIL not in repr(summary)
    assert CANARY_SSN not in repr(summary)


class ExplodingDetector:
    """A detector that fails: the engine must fail closed."""

    id = "explode"

    def find(self, text: str) -> list[phiguard.Finding]:
        raise RuntimeError("detector bug " + text)


def test_internal_failure_fails_closed(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    """If scrubbing raises, only safe scalars and phiguard.error leave; nothing raises."""
    monkeypatch.setattr(
        scrubber, "_detectors", phiguard._engine.detectors.DetectorSet([ExplodingDetector()])
    )
    with pytest.warns(phiguard.PhiguardWarning, match="could not be scrubbed"):
        result = scrubber.scrub(
            {
                "workspace_id": "ws_redacted",
                "event": CANARY_EMAIL,
                "transcript": CANARY_OPAQUE,
                "duration_ms": 9,
            },
            message_keys=("event",),
        )
    assert result.record == {
        "workspace_id": "ws_redacted",
        "duration_ms": 9,
        "event": "[REDACTED:error]",
        "phiguard.error": "scrub_failed",
        "phiguard.mode": "redacted",
        "phiguard.retention_days": 30,
    }
    assert result.summary.error
    assert scrubber.error_count == 1


def test_non_mapping_record_fails_closed(scrubber: Scrubber) -> None:
    """A record that is not a mapping gives the error shell, not an exception."""
    with pytest.warns(phiguard.PhiguardWarning):
        result = scrubber.scrub([CANARY_EMAIL])  # type: ignore[arg-type]
    assert result.record["phiguard.error"] == "scrub_failed"
    assert CANARY_EMAIL not in json.dumps(result.record)


def test_pseudonyms_follow_the_entity() -> None:
    """With detectors.pseudonyms, one entity gets one keyed pseudonym across records."""
    s = Scrubber({**POLICY, "detectors": {"pseudonyms": True}})
    a = scrub(s, R, transcript=f"mail {CANARY_EMAIL}")["transcript"]
    b = scrub(s, R, transcript=f"again {CANARY_EMAIL.upper()}")["transcript"]
    assert a.split()[1] == b.split()[1]
    assert a.split()[1].startswith("<EMAIL:")
    assert len(a.split()[1]) == len("<EMAIL:123456>")


def test_custom_patterns_from_the_policy() -> None:
    """A custom RE2 pattern from the policy finds its matches with its label."""
    s = Scrubber(
        {**POLICY, "detectors": {"custom": {"ticket": {"pattern": r"TK-\d{6}", "label": "TICKET"}}}}
    )
    assert scrub(s, R, transcript="ref tk-123456 ok")["transcript"] == "ref <TICKET> ok"


def test_classify_normalises_keys(scrubber: Scrubber) -> None:
    """Keys classify alike whatever their case, separators or camelCase."""
    for key in ("recording_url", "recordingUrl", "Recording-URL", "call.recording_url"):
        assert scrubber.classify(key) is FieldClass.AUDIO, key
    assert scrubber.classify("workspace_id") is FieldClass.SAFE
    assert scrubber.classify("phiguard.mode") is FieldClass.SAFE


def test_scan_text_api() -> None:
    """phiguard.scan_text returns offsets and labels of the PHI in a text."""
    text = f"mail {CANARY_EMAIL} now"
    findings = phiguard.scan_text(text)
    assert [(text[f.start : f.end], f.label) for f in findings] == [(CANARY_EMAIL, "EMAIL")]


def test_scrubber_accepts_a_hmac_key_string_of_32_bytes() -> None:
    """The test policy's key is long enough (guards the fixture itself)."""
    assert len(HMAC_KEY.encode()) >= 32


def test_safe_names_inside_sensitive_containers_stay_sensitive(scrubber: Scrubber) -> None:
    """A tool argument called "status" is tool I/O, not safe metadata."""
    out = scrub(scrubber, R, tool_args={"status": f"call me at {CANARY_PHONE}", "api_key": "x"})
    assert out["tool_args"] == {"status": "call me at <PHONE>", "api_key": "[REDACTED:secret]"}


def test_no_hash_warning_when_no_reachable_mode_hashes() -> None:
    """A zero-retention-only policy without a key builds without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Scrubber({"default_mode": "zero_retention"})


def test_hash_in_a_per_key_action_warns_without_a_key() -> None:
    """A per-key hash action with no HMAC key also gets the fallback warning."""
    with pytest.warns(phiguard.PhiguardWarning, match="HMAC"):
        s = Scrubber({"actions": {"standard": {"keys": {"my_id": "hash"}}}})
    assert s.scrub({"workspace_id": "w", "my_id": "x"}).record["my_id"] == "[REDACTED:unknown]"


def test_children_of_a_globbed_container_are_classified_on_their_own_keys() -> None:
    """A nested identifier under a key matched by a ``**`` glob is still an identifier."""
    s = Scrubber({**POLICY, "fields": {"content": ["vendor.pii.**"]}})
    args = json.dumps({"patient_name": "Quentin Canary", "slot": "10am"})
    out = scrub(s, R, **{"vendor.pii.tool.arguments": args})
    parsed = json.loads(out["vendor.pii.tool.arguments"])
    assert parsed["patient_name"].startswith("phi_")
    assert parsed["slot"] == "10am"
