"""A real LiveKit Agents session, traced, offline, through phiguard: what leaves per mode.

``AgentSession`` runs its own voice pipeline (audio input -> STT -> end of turn -> LLM ->
function tool -> LLM -> TTS -> audio output) with no room and no network: the STT, LLM and
TTS are LiveKit's own base classes with canned output, the audio input and output are tiny
in-memory implementations of LiveKit's ``AudioInput`` / ``AudioOutput``. Spans go through
``livekit.agents.telemetry.set_tracer_provider`` into a guarded provider.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from livekit import rtc
from livekit.agents import Agent, AgentSession, RunContext, function_tool, llm, stt, tts, utils
from livekit.agents.telemetry import set_tracer_provider
from livekit.agents.telemetry import tracer as livekit_tracer
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions
from livekit.agents.voice.io import AudioInput, AudioOutput, AudioOutputCapabilities

import phiguard
from phiguard import Mode

from .conftest import (
    CONTENT_CANARIES,
    IDENTIFIER_CANARIES,
    INSTRUCTIONS,
    MODES,
    REPLY,
    SECRET,
    SPOKEN_AND_WRITTEN_NUMBERS,
    TOOL_ARGS,
    TOOL_RESULT,
    UTTERANCE,
    WORKSPACE_OF,
    Capture,
    leaks,
    make_capture,
)

RUN_TIMEOUT_S = 20.0
SAMPLE_RATE = 16000
LLM_MODEL = "fake-llm-1"


class FakeSTT(stt.STT):
    """LiveKit streaming STT that "hears" the canary utterance in the first audio frame."""

    def __init__(self) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=True, interim_results=False))

    @property
    def model(self) -> str:
        return "fake-stt-1"

    @property
    def provider(self) -> str:
        return "fake"

    async def _recognize_impl(self, buffer: Any, **kwargs: Any) -> stt.SpeechEvent:
        raise NotImplementedError("streaming only")

    def stream(
        self, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS, **kwargs: Any
    ) -> stt.RecognizeStream:
        return _FakeSpeechStream(stt=self, conn_options=conn_options)


class _FakeSpeechStream(stt.RecognizeStream):
    async def _run(self) -> None:
        heard = False
        async for item in self._input_ch:
            if heard or not isinstance(item, rtc.AudioFrame):
                continue
            heard = True
            final = stt.SpeechData(language="en", text=UTTERANCE, confidence=0.97)
            for event in (
                stt.SpeechEvent(type=stt.SpeechEventType.START_OF_SPEECH),
                stt.SpeechEvent(type=stt.SpeechEventType.FINAL_TRANSCRIPT, alternatives=[final]),
                stt.SpeechEvent(type=stt.SpeechEventType.END_OF_SPEECH),
            ):
                self._event_ch.send_nowait(event)


class FakeLLM(llm.LLM):
    """LiveKit LLM that first calls ``book_appointment`` with the canary arguments, then answers."""

    def __init__(self) -> None:
        super().__init__()
        self.completions = 0

    @property
    def model(self) -> str:
        return LLM_MODEL

    @property
    def provider(self) -> str:
        return "fake"

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[Any] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        **kwargs: Any,
    ) -> llm.LLMStream:
        self.completions += 1
        return _FakeLLMStream(
            self,
            chat_ctx=chat_ctx,
            tools=tools or [],
            conn_options=conn_options,
            first=self.completions == 1,
        )


class _FakeLLMStream(llm.LLMStream):
    def __init__(self, model: llm.LLM, *, first: bool, **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        self._first = first

    async def _run(self) -> None:
        if self._first:
            call = llm.FunctionToolCall(
                name="book_appointment", arguments=json.dumps(TOOL_ARGS), call_id="call_1"
            )
            deltas = [llm.ChoiceDelta(role="assistant", tool_calls=[call])]
        else:
            head, tail = REPLY.split(", ", 1)
            deltas = [
                llm.ChoiceDelta(role="assistant", content=head + ", "),
                llm.ChoiceDelta(role="assistant", content=tail),
            ]
        for delta in deltas:
            self._event_ch.send_nowait(llm.ChatChunk(id="resp-1", delta=delta))
        usage = llm.CompletionUsage(completion_tokens=7, prompt_tokens=42, total_tokens=49)
        self._event_ch.send_nowait(llm.ChatChunk(id="resp-1", usage=usage))


class FakeTTS(tts.TTS):
    """LiveKit (non-streaming) TTS that synthesizes 100 ms of silence per sentence."""

    def __init__(self) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=SAMPLE_RATE,
            num_channels=1,
        )

    @property
    def model(self) -> str:
        return "fake-tts-1"

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _FakeChunkedStream(tts=self, input_text=text, conn_options=conn_options)


class _FakeChunkedStream(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        output_emitter.initialize(
            request_id="tts-1", sample_rate=SAMPLE_RATE, num_channels=1, mime_type="audio/pcm"
        )
        output_emitter.push(b"\x00\x00" * (SAMPLE_RATE // 10))
        output_emitter.flush()


class FakeAudioInput(AudioInput):
    """Microphone stand-in: frames pushed by the test."""

    def __init__(self) -> None:
        super().__init__(label="fake-mic")
        self._frames = utils.aio.Chan[rtc.AudioFrame]()

    async def __anext__(self) -> rtc.AudioFrame:
        return await self._frames.__anext__()

    def speak(self, seconds: float) -> None:
        samples = int(SAMPLE_RATE * seconds)
        self._frames.send_nowait(
            rtc.AudioFrame(
                data=b"\x00\x00" * samples,
                sample_rate=SAMPLE_RATE,
                num_channels=1,
                samples_per_channel=samples,
            )
        )


class FakeAudioOutput(AudioOutput):
    """Speaker stand-in: "plays" each segment instantly."""

    def __init__(self) -> None:
        super().__init__(
            label="fake-speaker",
            next_in_chain=None,
            sample_rate=SAMPLE_RATE,
            capabilities=AudioOutputCapabilities(pause=False),
        )
        self._pushed_s = 0.0

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if not self._pushed_s:
            self.on_playback_started(created_at=time.time())
        self._pushed_s += frame.duration

    def flush(self) -> None:
        super().flush()
        played, self._pushed_s = self._pushed_s, 0.0
        if played:
            asyncio.get_running_loop().call_soon(
                lambda: self.on_playback_finished(
                    playback_position=played, interrupted=False, synchronized_transcript=None
                )
            )

    def clear_buffer(self) -> None:
        """Nothing is buffered."""


class Scheduler(Agent):
    """The agent under test: books appointments."""

    def __init__(self) -> None:
        super().__init__(instructions=INSTRUCTIONS)

    @function_tool
    async def book_appointment(
        self, context: RunContext, patient_name: str, date_of_birth: str, phone: str
    ) -> str:
        """Book a clinic appointment."""
        return TOOL_RESULT


async def run_call() -> None:
    """One spoken caller turn through a LiveKit ``AgentSession``, until the agent answered."""
    answered = asyncio.Event()
    mic = FakeAudioInput()
    async with (
        FakeLLM() as model,
        AgentSession(
            stt=FakeSTT(),
            llm=model,
            tts=FakeTTS(),
            turn_handling={"turn_detection": "stt", "endpointing": {"min_delay": 0.0}},
            session_close_transcript_timeout=0.1,
        ) as session,
    ):

        @session.on("conversation_item_added")
        def _on_item(event: Any) -> None:
            if getattr(event.item, "role", None) == "assistant" and event.item.text_content:
                answered.set()

        session.input.audio = mic
        session.output.audio = FakeAudioOutput()
        await session.start(Scheduler())
        mic.speak(0.1)
        await asyncio.wait_for(answered.wait(), RUN_TIMEOUT_S)
        await asyncio.sleep(0.05)  # let playback finish and the turn spans end


@pytest.fixture
def livekit_provider() -> Iterator[Any]:
    """Route LiveKit's tracer to a guarded provider for one test, then restore the old one."""
    previous = livekit_tracer._tracer_provider

    def install(capture: Capture) -> Capture:
        # allow_pii=True: LiveKit's own PII filter lets content through, so the test
        # proves that phiguard is what stops it. metadata lands on every span.
        set_tracer_provider(capture.provider, metadata={"api_key": SECRET}, allow_pii=True)
        return capture

    try:
        yield install
    finally:
        livekit_tracer.set_provider(previous)


def _run(mode: Mode | None, capture: Capture) -> Capture:
    if mode is None:
        asyncio.run(run_call())
    else:
        with phiguard.bind_workspace(WORKSPACE_OF[mode]):
            asyncio.run(run_call())
    capture.provider.force_flush()
    return capture


@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
def test_livekit_emits_its_spans_with_the_bound_mode(mode: Mode, livekit_provider: Any) -> None:
    """LiveKit's session, turn, STT, LLM, tool and TTS spans arrive, each under the bound mode."""
    capture = _run(mode, livekit_provider(make_capture()))
    spans = capture.spans()
    names = {span.name for span in spans}
    assert {
        "agent_session",
        "user_turn",
        "agent_turn",
        "llm_request",
        "llm_node",
        "function_tool",
        "tts_request",
    } <= names
    assert {span.attributes.get("phiguard.mode") for span in spans} == {mode.value}


def test_livekit_zero_retention_exports_no_content(livekit_provider: Any) -> None:
    """Zero retention: no lk.pii.* or gen_ai content anywhere; usage and latency stay."""
    capture = _run(Mode.ZERO_RETENTION, livekit_provider(make_capture()))
    spans = capture.spans()
    assert leaks(spans, (*CONTENT_CANARIES, SECRET)) == []
    for span in spans:
        keys = set(span.attributes or {})
        assert not {k for k in keys if k.startswith("lk.pii.")}, span.name
        assert not keys & {"gen_ai.input.messages", "gen_ai.output.messages"}, span.name
    request = capture.by_name("llm_request")[-1]
    assert request.attributes["gen_ai.request.model"] == LLM_MODEL
    assert request.attributes["gen_ai.usage.input_tokens"] == 42
    assert request.attributes["gen_ai.usage.output_tokens"] == 7
    assert isinstance(capture.one("tts_node").attributes["lk.response.ttfb"], float)
    assert isinstance(capture.one("agent_turn").attributes["lk.e2e_latency"], float)
    assert capture.one("function_tool").attributes["gen_ai.tool.name"] == "book_appointment"


def test_livekit_redacted_replaces_phi_inside_content(livekit_provider: Any) -> None:
    """Redacted: lk.pii.* and gen_ai content arrive with phone and birth date replaced."""
    capture = _run(Mode.REDACTED, livekit_provider(make_capture()))
    assert leaks(capture.spans(), (*SPOKEN_AND_WRITTEN_NUMBERS, SECRET)) == []
    transcript = capture.one("user_turn").attributes["lk.pii.user_transcript"]
    assert transcript.startswith("my name is <NAME>")
    assert "<PHONE>" in transcript
    tool = capture.one("function_tool").attributes
    arguments = json.loads(tool["lk.pii.function_tool.arguments"])
    assert arguments["phone"].startswith("phi_")  # an identifier key: keyed pseudonym
    assert "booked for Tuesday" in capture.one("tts_request").attributes["lk.pii.input_text"]


def test_livekit_redacted_hides_the_name_in_tool_arguments(livekit_provider: Any) -> None:
    """Redacted: the patient's name in tool arguments and the chat context is replaced too."""
    capture = _run(Mode.REDACTED, livekit_provider(make_capture()))
    assert leaks(capture.spans(), IDENTIFIER_CANARIES) == []


def test_livekit_standard_keeps_content_but_not_secrets(livekit_provider: Any) -> None:
    """Standard: transcript, messages, tool I/O and TTS text arrive intact; the key does not."""
    capture = _run(Mode.STANDARD, livekit_provider(make_capture()))
    assert capture.one("user_turn").attributes["lk.pii.user_transcript"] == UTTERANCE
    tool = capture.one("function_tool").attributes
    assert json.loads(tool["lk.pii.function_tool.arguments"]) == TOOL_ARGS
    assert tool["lk.pii.function_tool.output"] == TOOL_RESULT
    assert capture.one("tts_request").attributes["lk.pii.input_text"] == REPLY
    assert UTTERANCE in capture.by_name("llm_request")[0].attributes["gen_ai.input.messages"]
    assert leaks(capture.spans(), [SECRET]) == []


def test_livekit_unbound_session_fails_closed(livekit_provider: Any) -> None:
    """With no workspace bound, the policy's unknown-workspace mode (zero retention) applies."""
    capture = _run(None, livekit_provider(make_capture()))
    spans = capture.spans()
    assert {span.attributes.get("phiguard.mode") for span in spans} == {"zero_retention"}
    assert leaks(spans, CONTENT_CANARIES) == []


def test_livekit_resource_workspace_selects_the_mode(livekit_provider: Any) -> None:
    """A service-wide ``workspace_id`` resource attribute selects the mode with no binding."""
    capture = _run(None, livekit_provider(make_capture({"workspace_id": "ws_red"})))
    spans = capture.spans()
    assert {span.attributes.get("phiguard.mode") for span in spans} == {"redacted"}
    assert "<PHONE>" in capture.one("user_turn").attributes["lk.pii.user_transcript"]
    assert leaks(spans, SPOKEN_AND_WRITTEN_NUMBERS) == []
