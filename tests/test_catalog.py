"""The built-in catalog: well-formed entries, and real framework keys in the expected class."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pytest

from phiguard._engine.catalog import CATALOG, SAFE_METRIC_NAMES
from phiguard._engine.keys import normalize_path, path_suffixes

CLASSES = ("content", "tool_io", "audio", "identifier", "secret", "safe")

#: Most restrictive first, as the classifier breaks ties between classes.
RESTRICTIVENESS = ("secret", "audio", "identifier", "tool_io", "content", "safe")

#: Leaf names too generic to stand alone in a sensitive class, and log-message keys the
#: adapters own; none may appear as a bare catalog entry.
FORBIDDEN_BARE = ("name", "id", "value", "type", "data", "key", "event", "message", "msg")

ENTRIES = [(cls, entry) for cls, entries in CATALOG.items() for entry in entries]


def _glob_regex(pattern: str) -> str:
    """Translate a catalog glob: ``*`` within a segment, ``**`` across segments."""
    out = []
    for part in re.split(r"(\*\*|\*)", pattern):
        if part == "**":
            out.append(".*")
        elif part == "*":
            out.append("[^.]*")
        else:
            out.append(re.escape(part))
    return "".join(out)


@cache
def _tables() -> tuple[dict[str, list[str]], list[tuple[str, re.Pattern[str]]]]:
    exact: dict[str, list[str]] = {}
    globs: list[tuple[str, re.Pattern[str]]] = []
    for cls, entry in ENTRIES:
        if "*" in entry:
            globs.append((cls, re.compile(_glob_regex(entry))))
        else:
            exact.setdefault(entry, []).append(cls)
    return exact, globs


def _most_restrictive(classes: Sequence[str]) -> str:
    return min(classes, key=RESTRICTIVENESS.index)


def classify(key: str) -> str:
    """A local stand-in for the classifier: suffixes longest first, exact before glob."""
    exact, globs = _tables()
    for suffix in path_suffixes(normalize_path(key)):
        if suffix in exact:
            return _most_restrictive(exact[suffix])
        hits = [cls for cls, regex in globs if regex.fullmatch(suffix)]
        if hits:
            return _most_restrictive(hits)
    return "unknown"


def classify_nested(*path: str) -> str:
    """Classify a nested key path: its own class, else that of its nearest classified parent."""
    for end in range(len(path), 0, -1):
        cls = classify(".".join(path[:end]))
        if cls != "unknown":
            return cls
    return "unknown"


def test_catalog_has_exactly_the_field_classes() -> None:
    """The catalog maps each of the six field classes, and nothing else, to a tuple."""
    assert tuple(CATALOG) == CLASSES
    assert all(isinstance(entries, tuple) and entries for entries in CATALOG.values())


@pytest.mark.parametrize(("cls", "entry"), ENTRIES)
def test_every_entry_is_in_normalised_form(cls: str, entry: str) -> None:
    """An entry equals its own normalised form, so the classifier sees it as written."""
    assert entry, f"empty entry in {cls}"
    assert normalize_path(entry) == entry, f"{cls}: {entry!r} -> {normalize_path(entry)!r}"


@pytest.mark.parametrize(("cls", "entry"), [(c, e) for c, e in ENTRIES if "*" in e])
def test_globs_use_star_and_double_star_properly(cls: str, entry: str) -> None:
    """``**`` stands alone as a segment, ``*`` never repeats, and no other glob syntax occurs."""
    assert not re.search(r"[?\[\]{}]", entry), f"{cls}: {entry!r} uses unsupported syntax"
    assert "***" not in entry
    for segment in entry.split("."):
        assert segment, f"{cls}: {entry!r} has an empty segment"
        if "**" in segment:
            assert segment == "**", f"{cls}: {entry!r} mixes ** into a segment"
        else:
            assert segment.count("*") <= 1, f"{cls}: {entry!r} repeats * in a segment"
    assert entry.strip(".*"), f"{cls}: {entry!r} would match everything"


def test_no_entry_repeats_within_a_class() -> None:
    """Each class lists an entry once."""
    for cls, entries in CATALOG.items():
        repeated = sorted({e for e in entries if entries.count(e) > 1})
        assert not repeated, f"{cls} repeats {repeated}"


def test_no_exact_entry_appears_in_two_classes() -> None:
    """An exact key belongs to one class; the classifier never has to break a tie."""
    exact, _ = _tables()
    clashes = {entry: classes for entry, classes in exact.items() if len(set(classes)) > 1}
    assert not clashes


@pytest.mark.parametrize("name", FORBIDDEN_BARE)
def test_generic_leaf_names_are_not_classified_alone(name: str) -> None:
    """Over-generic leaves and log-message keys are not bare entries in any class."""
    assert all(name not in entries for entries in CATALOG.values())


#: Keys spelled as the frameworks emit them, with the class they must get.
REAL_KEYS = [
    # OpenTelemetry GenAI semantic conventions
    ("gen_ai.input.messages", "content"),
    ("gen_ai.output.messages", "content"),
    ("gen_ai.system_instructions", "content"),
    ("gen_ai.prompt", "content"),
    ("gen_ai.completion", "content"),
    ("gen_ai.user.message", "content"),
    ("gen_ai.assistant.message", "content"),
    ("gen_ai.choice", "content"),
    ("gen_ai.retrieval.query.text", "content"),
    ("gen_ai.tool.call.arguments", "tool_io"),
    ("gen_ai.tool.call.result", "tool_io"),
    ("gen_ai.tool.definitions", "tool_io"),
    ("gen_ai.usage.input_tokens", "safe"),
    ("gen_ai.usage.output_tokens", "safe"),
    ("gen_ai.usage.cache_read.input_tokens", "safe"),
    ("gen_ai.request.model", "safe"),
    ("gen_ai.response.model", "safe"),
    ("gen_ai.response.id", "safe"),
    ("gen_ai.response.finish_reasons", "safe"),
    ("gen_ai.provider.name", "safe"),
    ("gen_ai.system", "safe"),
    ("gen_ai.conversation.id", "safe"),
    ("gen_ai.prompt.name", "safe"),
    ("gen_ai.token.type", "safe"),
    ("gen_ai.tool.call.id", "safe"),
    # OpenTelemetry generic attributes
    ("http.request.header.authorization", "secret"),
    ("http.request.header.x-api-key", "secret"),
    ("http.request.header.cookie", "secret"),
    ("http.response.header.set-cookie", "secret"),
    ("db.connection_string", "secret"),
    ("url.full", "content"),
    ("url.query", "content"),
    ("url.path", "content"),
    ("http.route", "safe"),
    ("url.scheme", "safe"),
    ("exception.message", "content"),
    ("exception.stacktrace", "content"),
    ("exception.type", "safe"),
    ("error.type", "safe"),
    ("db.query.text", "content"),
    ("user.email", "identifier"),
    ("user.full_name", "identifier"),
    ("user.id", "identifier"),
    ("enduser.id", "identifier"),
    ("client.address", "identifier"),
    ("network.peer.address", "identifier"),
    ("server.address", "safe"),
    ("geo.postal_code", "identifier"),
    ("session.id", "safe"),
    ("service.name", "safe"),
    ("service.instance.id", "safe"),
    ("telemetry.sdk.version", "safe"),
    ("host.name", "safe"),
    ("http.response.status_code", "safe"),
    ("http.request.method", "safe"),
    # OpenInference
    ("input.value", "content"),
    ("output.value", "content"),
    ("input.mime_type", "safe"),
    ("llm.input_messages.0.message.content", "content"),
    ("llm.output_messages.0.message.content", "content"),
    ("llm.input_messages.0.message.contents.1.message_content.text", "content"),
    ("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "tool_io"),
    ("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "safe"),
    ("llm.input_messages.0.message.role", "safe"),
    ("llm.tools.0.tool.json_schema", "tool_io"),
    ("tool.parameters", "tool_io"),
    ("retrieval.documents.0.document.content", "content"),
    ("retrieval.documents.0.document.score", "safe"),
    ("llm.prompt_template.template", "content"),
    ("llm.prompt_template.variables", "content"),
    ("llm.token_count.prompt", "safe"),
    ("llm.token_count.completion", "safe"),
    ("llm.token_count.prompt_details.audio", "safe"),
    ("llm.cost.prompt_details.input", "safe"),
    ("decision.token_count.input", "safe"),
    ("llm.model_name", "safe"),
    ("message_content.audio", "audio"),
    ("session.id", "safe"),
    ("user.id", "identifier"),
    # OpenLLMetry / Traceloop
    ("gen_ai.prompt.3.content", "content"),
    ("gen_ai.prompt.0.role", "safe"),
    ("gen_ai.completion.0.content", "content"),
    ("gen_ai.completion.0.finish_reason", "safe"),
    ("gen_ai.completion.0.tool_calls.1.arguments", "tool_io"),
    ("gen_ai.completion.0.tool_calls.1.name", "safe"),
    ("gen_ai.completion.0.function_call.arguments", "tool_io"),
    ("traceloop.entity.input", "content"),
    ("traceloop.entity.output", "content"),
    ("traceloop.entity.name", "safe"),
    ("traceloop.association.properties.patient_ref", "identifier"),
    ("llm.request.functions.0.parameters", "tool_io"),
    ("llm.request.functions.0.name", "safe"),
    ("gen_ai.user", "identifier"),
    ("gen_ai.headers", "secret"),
    ("llm.usage.total_tokens", "safe"),
    ("gen_ai.usage.total_tokens", "safe"),
    # Pipecat tracing
    ("transcript", "content"),
    ("transcript.is_input", "safe"),
    ("text", "content"),
    ("input", "content"),
    ("output", "content"),
    ("tools", "tool_io"),
    ("tools.definitions", "tool_io"),
    ("tools.names", "safe"),
    ("function_calls.first_name", "safe"),
    ("session.instructions", "content"),
    ("metrics.ttfb", "safe"),
    ("metrics.character_count", "safe"),
    ("is_final", "safe"),
    ("user_id", "identifier"),
    ("voice_id", "safe"),
    ("audio.data_size_bytes", "safe"),
    ("gen_ai.usage.audio.input_tokens", "safe"),
    ("turn.number", "safe"),
    ("turn.user_bot_latency_seconds", "safe"),
    ("conversation.id", "safe"),
    # LiveKit Agents telemetry
    ("lk.pii.user_input", "content"),
    ("lk.pii.chat_ctx", "content"),
    ("lk.pii.response.text", "content"),
    ("lk.pii.user_transcript", "content"),
    ("lk.pii.instructions", "content"),
    ("lk.pii.function_tool.arguments", "tool_io"),
    ("lk.pii.function_tool.output", "tool_io"),
    ("lk.pii.arguments", "tool_io"),
    ("lk.pii.participant_identity", "identifier"),
    ("lk.pii.sip.phoneNumber", "identifier"),
    ("lk.pii.some_future_field", "content"),
    ("lk.user_input", "content"),
    ("lk.chat_ctx", "content"),
    ("lk.response.text", "content"),
    ("lk.user_transcript", "content"),
    ("lk.function_tool.arguments", "tool_io"),
    ("lk.function_tool.output", "tool_io"),
    ("lk.function_tool.name", "safe"),
    ("lk.response.ttft", "safe"),
    ("lk.response.ttfb", "safe"),
    ("lk.e2e_latency", "safe"),
    ("lk.generation_id", "safe"),
    ("lk.speech_id", "safe"),
    ("lk.eou.probability", "safe"),
    ("lk.room.remote_participant_count", "safe"),
    ("lk.pre_connect_audio.duration", "safe"),
    ("lk.sip.callID", "safe"),
    ("lk.sip.trunkPhoneNumber", "identifier"),
    ("lk.sip.h.X-Patient-Ref", "identifier"),
    ("lk.rpc.caller_identity", "identifier"),
    # Vapi (camelCase as on the wire)
    ("message.artifact.recordingUrl", "audio"),
    ("message.artifact.stereoRecordingUrl", "audio"),
    ("message.artifact.videoRecordingUrl", "audio"),
    ("message.artifact.presignedStereoUrl", "audio"),
    ("message.artifact.recording.mono.combinedUrl", "audio"),
    ("message.artifact.transcript", "content"),
    ("message.artifact.messages", "content"),
    ("message.artifact.messagesOpenAIFormatted", "content"),
    ("message.artifact.variableValues", "content"),
    ("message.analysis.summary", "content"),
    ("message.analysis.structuredData", "content"),
    ("message.customer.number", "identifier"),
    ("message.customer.name", "identifier"),
    ("message.toolCallList", "tool_io"),
    ("message.toolCallList.0.function.arguments", "tool_io"),
    ("message.call.id", "safe"),
    ("message.type", "safe"),
    ("message.endedReason", "safe"),
    ("message.call.phoneCallProviderId", "safe"),
    ("message.artifact.performanceMetrics", "safe"),
    # Retell
    ("call.from_number", "identifier"),
    ("call.to_number", "identifier"),
    ("call.recording_url", "audio"),
    ("call.recording_multi_channel_url", "audio"),
    ("call.scrubbed_recording_url", "audio"),
    ("call.transcript", "content"),
    ("call.transcript_object", "content"),
    ("call.transcript_with_tool_calls", "content"),
    ("call.scrubbed_transcript_with_tool_calls", "content"),
    ("call.call_analysis.call_summary", "content"),
    ("call.call_analysis.custom_analysis_data", "content"),
    ("call.call_analysis.user_sentiment", "safe"),
    ("call.call_analysis.call_successful", "safe"),
    ("call.retell_llm_dynamic_variables", "content"),
    ("call.collected_dynamic_variables", "content"),
    ("call.custom_sip_headers", "identifier"),
    ("call.public_log_url", "content"),
    ("call.call_id", "safe"),
    ("call.duration_ms", "safe"),
    ("call.disconnection_reason", "safe"),
    ("call.opt_in_signed_url", "safe"),
    ("access_token", "secret"),
    # ElevenLabs
    ("data.transcript", "content"),
    ("data.analysis.transcript_summary", "content"),
    ("data.analysis.data_collection_results", "content"),
    ("data.metadata.phone_call.external_number", "identifier"),
    ("data.metadata.phone_call.agent_number", "identifier"),
    ("data.metadata.call_duration_secs", "safe"),
    ("data.metadata.start_time_unix_secs", "safe"),
    ("data.metadata.termination_reason", "safe"),
    ("data.conversation_initiation_client_data.dynamic_variables", "content"),
    ("data.full_audio", "audio"),
    ("audio_event.audio_base_64", "audio"),
    ("user_transcription_event.user_transcript", "content"),
    ("agent_response_event.agent_response", "content"),
    ("client_tool_call.parameters", "tool_io"),
    ("data.conversation_id", "safe"),
    ("data.agent_id", "safe"),
    ("data.has_audio", "safe"),
    ("xi_api_key", "secret"),
    ("conversation_token", "secret"),
    ("signed_url", "secret"),
    # Twilio Voice webhook parameters
    ("Caller", "identifier"),
    ("CallerName", "identifier"),
    ("FromZip", "identifier"),
    ("RecordingUrl", "audio"),
    ("SpeechResult", "content"),
    ("Digits", "identifier"),
    ("CallSid", "safe"),
    ("AccountSid", "safe"),
    # Common application names
    ("utterance", "content"),
    ("user_text", "content"),
    ("final_transcript", "content"),
    ("system_prompt", "content"),
    ("call_summary", "content"),
    ("tool_args", "tool_io"),
    ("tool_result", "tool_io"),
    ("audio_path", "audio"),
    ("tts_audio_url", "audio"),
    ("caller_number", "identifier"),
    ("callerNumber", "identifier"),
    ("patient_name", "identifier"),
    ("patient.name", "identifier"),
    ("dob", "identifier"),
    ("dateOfBirth", "identifier"),
    ("mrn", "identifier"),
    ("member_id", "identifier"),
    ("ssn", "identifier"),
    ("email", "identifier"),
    ("patient_email", "identifier"),
    ("phone", "identifier"),
    ("home_phone", "identifier"),
    ("address", "identifier"),
    ("home_address", "identifier"),
    ("api_key", "secret"),
    ("OPENAI_API_KEY", "secret"),
    ("authorization", "secret"),
    ("password", "secret"),
    ("db_password", "secret"),
    ("token", "secret"),
    ("refresh_token", "secret"),
    ("cookie", "secret"),
    ("client_secret", "secret"),
    ("headers", "secret"),
    ("duration_ms", "safe"),
    ("latency_ms", "safe"),
    ("status", "safe"),
    ("turn_count", "safe"),
    ("call_id", "safe"),
    ("workspace_id", "safe"),
    ("level", "safe"),
    ("logger", "safe"),
    ("timestamp", "safe"),
    ("trace_id", "safe"),
    ("otelTraceID", "safe"),
    ("prompt_tokens", "safe"),
    ("phiguard.mode", "safe"),
    ("phiguard.training", "safe"),
    ("phiguard.retention_days", "safe"),
    ("phiguard.error", "safe"),
    ("phiguard.redacted.count", "safe"),
    ("phiguard.violation", "safe"),
    # Generic names stay unclassified rather than misfire
    ("name", "unknown"),
    ("id", "unknown"),
    ("value", "unknown"),
    ("type", "unknown"),
    ("event", "unknown"),
    ("message", "unknown"),
    ("msg", "unknown"),
    ("from", "unknown"),
    ("metadata", "unknown"),
    ("start_time", "unknown"),
]


@pytest.mark.parametrize(("key", "expected"), REAL_KEYS)
def test_real_framework_keys_get_the_expected_class(key: str, expected: str) -> None:
    """A key as a framework emits it lands in the class the catalog means for it."""
    assert classify(key) == expected


#: Nested paths (as the walk reaches them) whose leaf is unlisted: the parent decides.
NESTED_PATHS = [
    (("tool_args", "insurance_plan"), "tool_io"),
    (("customer", "assistantOverrides", "something"), "identifier"),
    (("artifact", "recording", "mono", "combinedUrl"), "audio"),
    (("call_analysis", "custom_field"), "content"),
    (("transcript_object", "0", "words", "3", "word"), "content"),
    (("gen_ai.input.messages", "0", "parts", "0", "text"), "content"),
    (("llm_token_usage", "average"), "safe"),
    (("call", "latency", "e2e", "p50"), "safe"),
    (("message", "phoneNumber", "number"), "identifier"),
    (("patient", "visit_reason"), "identifier"),
    (("call", "metadata", "caller_number"), "identifier"),
]


@pytest.mark.parametrize(("path", "expected"), NESTED_PATHS)
def test_unlisted_children_inherit_their_container_class(
    path: tuple[str, ...], expected: str
) -> None:
    """A child the catalog does not name takes the class of its nearest classified parent."""
    assert classify_nested(*path) == expected


def test_safe_metric_names_are_distinct_dotted_lowercase_names() -> None:
    """Metric names are unique, dotted, lowercase and glob-free, in their original spelling."""
    assert len(set(SAFE_METRIC_NAMES)) == len(SAFE_METRIC_NAMES)
    for name in SAFE_METRIC_NAMES:
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", name), name


@pytest.mark.parametrize(
    "name",
    [
        "gen_ai.client.token.usage",
        "gen_ai.client.operation.duration",
        "http.server.request.duration",
        "lk.agents.turn.e2e_latency",
        "lk.agents.turn.tts_ttfb",
    ],
)
def test_core_voice_agent_metrics_are_allowlisted(name: str) -> None:
    """The GenAI, HTTP and voice-latency metrics a dashboard needs are in the allowlist."""
    assert name in SAFE_METRIC_NAMES
