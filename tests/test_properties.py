"""Properties that hold for every record (Hypothesis)."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import POLICY, SCANNABLE_CANARIES, WORKSPACE_OF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiguard import Mode, Scrubber

SCRUBBER = Scrubber(POLICY)

CONTENT_KEYS = [
    "transcript",
    "utterance",
    "user_text",
    "gen_ai.input.messages",
    "input.value",
    "lk.user_input",
    "llm.input_messages.0.message.content",
    "gen_ai.prompt.3.content",
]
TOOL_KEYS = [
    "tool_args",
    "function.arguments",
    "gen_ai.tool.call.arguments",
    "gen_ai.tool.call.result",
    "tool.parameters",
]
AUDIO_KEYS = ["recording_url", "stereo_recording_url", "audio_path", "recordingUrl"]
IDENTIFIER_KEYS = [
    "caller_number",
    "from_number",
    "patient_name",
    "email",
    "dob",
    "mrn",
    "member_id",
]
SAFE_KEYS = [
    "duration_ms",
    "status",
    "turn_count",
    "call_id",
    "gen_ai.usage.input_tokens",
    "gen_ai.request.model",
]

safe_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz _-", max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
unknown_keys = st.builds(lambda s: f"fld_{s}_q", st.text(alphabet="abcdefghij", max_size=6))
opaque_canaries = st.builds(lambda n: f"CANARY{n:06d}xq", st.integers(0, 999_999))


@st.composite
def planted_records(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A record of filler plus canaries planted in every sensitive position."""
    record: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(SAFE_KEYS), unique=True, max_size=3)):
        record[key] = draw(st.integers(0, 10**6) | safe_text)
    canaries: list[str] = []

    def canary() -> str:
        value = draw(opaque_canaries)
        canaries.append(value)
        return value

    def nest(value: Any) -> Any:
        shape = draw(st.sampled_from(["plain", "list", "dict", "json"]))
        if shape == "list":
            return [draw(json_values), value]
        if shape == "dict":
            return {draw(st.text(max_size=8)): value, "n": draw(json_values)}
        if shape == "json":
            return json.dumps({"text": value})
        return value

    for keys in (CONTENT_KEYS, TOOL_KEYS, AUDIO_KEYS, IDENTIFIER_KEYS):
        record[draw(st.sampled_from(keys))] = nest(canary())
    record[draw(unknown_keys)] = nest(canary())
    # PHI as a key, under an unknown key and under a safe one
    record[draw(unknown_keys)] = {canary(): draw(json_values)}
    record["status_detail"] = {canary(): 1}
    # PHI in the message: only the detectors can stop it, so it is a written form they find
    message_canary = draw(st.sampled_from(SCANNABLE_CANARIES))
    canaries.append(message_canary)
    record["event"] = f"{draw(safe_text)} {message_canary} {draw(safe_text)}"
    return record, canaries


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_records())
def test_no_canary_survives_zero_retention(planted: tuple[dict[str, Any], list[str]]) -> None:
    """Canaries under content, tool, audio, identifier and unknown keys, in keys and in the
    message never reach the rendered output of a zero-retention workspace."""
    record, canaries = planted
    record["workspace_id"] = WORKSPACE_OF[Mode.ZERO_RETENTION]
    rendered = json.dumps(SCRUBBER.scrub(record, message_keys=("event",)).record, default=str)
    for value in canaries:
        assert value not in rendered


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_records(), st.sampled_from(list(Mode)), json_values)
def test_scrub_is_total_pure_and_idempotent(
    planted: tuple[dict[str, Any], list[str]], mode: Mode, extra: Any
) -> None:
    """In every mode scrub never fails, never mutates its input, and scrubbing twice changes
    nothing; safe fields survive unchanged."""
    record, _ = planted
    record["workspace_id"] = WORKSPACE_OF[mode]
    record["fld_extra_q"] = extra
    before = copy.deepcopy(record)
    first = SCRUBBER.scrub(record, message_keys=("event",))
    assert not first.summary.error
    assert record == before
    second = SCRUBBER.scrub(first.record, message_keys=("event",))
    assert second.record == first.record
    for key in SAFE_KEYS:
        if key in record:
            assert first.record[key] == record[key]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_scan_text_is_idempotent(text: str) -> None:
    """Scanning a scanned text changes nothing."""
    once = SCRUBBER.scan_text(text)
    assert SCRUBBER.scan_text(once) == once
