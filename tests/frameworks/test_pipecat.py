"""A real Pipecat pipeline, traced, offline, through phiguard: what leaves per mode.

The pipeline is Pipecat's own machinery (``PipelineWorker``, context aggregators, the
OpenAI LLM service's streaming and function-calling path, the STT and TTS base classes with
their tracing decorators); only the network ends are faked: the STT yields a canned
transcript, the LLM's chat-completions stream is canned chunks (a tool call, then an answer),
the TTS yields silence, and a tiny output stage stands in for the transport.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionChunk
from openai.types.chat.chat_completion_chunk import (
    Choice,
    ChoiceDelta,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
)
from opentelemetry import trace

import phiguard
from phiguard import Mode

from .conftest import (
    CONTENT_CANARIES,
    IDENTIFIER_CANARIES,
    INSTRUCTIONS,
    MODES,
    REPLY,
    SECRET,
    TOOL_ARGS,
    TOOL_RESULT,
    UTTERANCE,
    WORKSPACE_OF,
    Capture,
    leaks,
    make_capture,
)

with warnings.catch_warnings():
    # Pipecat 1.x imports ``audioop`` (deprecated since Python 3.11) and defines a deprecated
    # ``AudioContextTTSService`` at import time; neither is ours to fix.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    warnings.filterwarnings("ignore", "`AudioContextTTSService` is deprecated", DeprecationWarning)
    from loguru import logger as loguru_logger
    from pipecat.adapters.llm.schemas.function_schema import FunctionSchema
    from pipecat.adapters.llm.schemas.tools_schema import ToolsSchema
    from pipecat.frames.frames import (
        BotStartedSpeakingFrame,
        BotStoppedSpeakingFrame,
        EndFrame,
        Frame,
        InputAudioRawFrame,
        TranscriptionFrame,
        TTSAudioRawFrame,
        TTSStartedFrame,
        TTSStoppedFrame,
        UserStartedSpeakingFrame,
        UserStoppedSpeakingFrame,
    )
    from pipecat.pipeline.pipeline import Pipeline
    from pipecat.pipeline.worker import PipelineParams, PipelineWorker
    from pipecat.processors.aggregators.llm_context import LLMContext
    from pipecat.processors.aggregators.llm_response_universal import (
        LLMContextAggregatorPair,
        LLMUserAggregatorParams,
    )
    from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
    from pipecat.services.llm_service import FunctionCallParams
    from pipecat.services.openai.llm import OpenAILLMService
    from pipecat.services.settings import STTSettings, TTSSettings
    from pipecat.services.stt_service import STTService
    from pipecat.services.tts_service import TTSService
    from pipecat.turns.user_turn_strategies import ExternalUserTurnStrategies
    from pipecat.utils.time import time_now_iso8601
    from pipecat.utils.tracing.service_decorators import traced_stt, traced_tts
    from pipecat.workers.runner import WorkerRunner

RUN_TIMEOUT_S = 20.0
SAMPLE_RATE = 16000
LLM_MODEL = "gpt-4o-mini"


class FakeSTT(STTService):
    """Pipecat STT that "hears" the canary utterance in the first audio it gets."""

    def __init__(self) -> None:
        super().__init__(settings=STTSettings(model="fake-stt-1", language=None))

    async def run_stt(self, audio: bytes) -> AsyncIterator[Frame | None]:
        await self._handle_transcription(UTTERANCE, True)
        yield TranscriptionFrame(UTTERANCE, "caller-1", time_now_iso8601(), finalized=True)

    @traced_stt
    async def _handle_transcription(
        self, transcript: str, is_final: bool, language: Any = None
    ) -> None:
        """Tracing hook, as Pipecat's own STT services declare it."""


class FakeTTS(TTSService):
    """Pipecat TTS that synthesizes 10 ms of silence per sentence."""

    def __init__(self) -> None:
        super().__init__(
            push_start_frame=True,
            push_stop_frames=True,
            sample_rate=SAMPLE_RATE,
            settings=TTSSettings(model="fake-tts-1", voice="fake-voice", language=None),
        )

    @traced_tts
    async def run_tts(self, text: str, context_id: str) -> AsyncIterator[Frame | None]:
        await self.start_tts_usage_metrics(text)
        await self.stop_ttfb_metrics()
        yield TTSAudioRawFrame(b"\x00\x00" * 160, SAMPLE_RATE, 1, context_id=context_id)


class _Stream:
    """Stands in for the ``AsyncStream`` the OpenAI client returns."""

    def __init__(self, chunks: list[ChatCompletionChunk]) -> None:
        self._chunks = chunks

    def __aiter__(self) -> AsyncIterator[ChatCompletionChunk]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[ChatCompletionChunk]:
        for chunk in self._chunks:
            yield chunk

    async def close(self) -> None:
        """Nothing to release."""


def _chunk(delta: ChoiceDelta, *, finish: Any = None, usage: Any = None) -> ChatCompletionChunk:
    return ChatCompletionChunk(
        id="chatcmpl-fake",
        created=0,
        model=LLM_MODEL,
        object="chat.completion.chunk",
        choices=[Choice(index=0, delta=delta, finish_reason=finish)],
        usage=usage,
    )


class FakeLLM(OpenAILLMService):
    """Pipecat's OpenAI service with canned chat-completion streams instead of HTTP.

    The first completion calls ``book_appointment`` with the canary arguments; the second,
    after the tool result is in the context, answers with :data:`REPLY`.
    """

    def __init__(self) -> None:
        super().__init__(
            api_key="unused-offline",
            settings=OpenAILLMService.Settings(model=LLM_MODEL, system_instruction=INSTRUCTIONS),
        )
        self.completions = 0

    async def get_chat_completions(self, context: LLMContext) -> Any:
        self.completions += 1
        usage = CompletionUsage(prompt_tokens=42, completion_tokens=7, total_tokens=49)
        if self.completions == 1:
            call = ChoiceDeltaToolCall(
                index=0,
                id="call_1",
                type="function",
                function=ChoiceDeltaToolCallFunction(
                    name="book_appointment", arguments=json.dumps(TOOL_ARGS)
                ),
            )
            return _Stream(
                [
                    _chunk(ChoiceDelta(tool_calls=[call])),
                    _chunk(ChoiceDelta(), finish="tool_calls", usage=usage),
                ]
            )
        head, tail = REPLY.split(", ", 1)
        return _Stream(
            [
                _chunk(ChoiceDelta(content=head + ", ")),
                _chunk(ChoiceDelta(content=tail)),
                _chunk(ChoiceDelta(), finish="stop", usage=usage),
            ]
        )


class FakeOutput(FrameProcessor):
    """Stands in for an output transport: reports bot speech around each TTS context."""

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        await self.push_frame(frame, direction)
        if isinstance(frame, TTSStartedFrame):
            await self._broadcast(BotStartedSpeakingFrame)
        elif isinstance(frame, TTSStoppedFrame):
            await self._broadcast(BotStoppedSpeakingFrame)

    async def _broadcast(self, frame_type: type[Frame]) -> None:
        await self.push_frame(frame_type(), FrameDirection.UPSTREAM)
        await self.push_frame(frame_type(), FrameDirection.DOWNSTREAM)


async def _book_appointment(params: FunctionCallParams) -> None:
    await params.result_callback({"confirmation": TOOL_RESULT})


async def run_call(capture: Capture) -> None:
    """One caller turn through STT -> LLM (tool call, then answer) -> TTS, traced."""
    llm = FakeLLM()
    llm.register_function("book_appointment", _book_appointment)
    tools = ToolsSchema(
        standard_tools=[
            FunctionSchema(
                name="book_appointment",
                description="Book a clinic appointment.",
                properties={name: {"type": "string"} for name in TOOL_ARGS},
                required=list(TOOL_ARGS),
            )
        ]
    )
    aggregators = LLMContextAggregatorPair(
        LLMContext(tools=tools),
        user_params=LLMUserAggregatorParams(user_turn_strategies=ExternalUserTurnStrategies()),
    )
    pipeline = Pipeline(
        [FakeSTT(), aggregators.user(), llm, FakeTTS(), FakeOutput(), aggregators.assistant()]
    )
    worker = PipelineWorker(
        pipeline,
        enable_tracing=True,
        conversation_id="conv-0001",
        # Pipecat copies these onto the conversation span; a careless app puts keys there.
        additional_span_attributes={"api_key": SECRET},
        cancel_on_idle_timeout=False,
        params=PipelineParams(enable_metrics=True, enable_usage_metrics=True),
    )
    started = asyncio.Event()

    @worker.event_handler("on_pipeline_started")
    async def _on_started(_worker: Any, _frame: Any) -> None:
        started.set()

    async def caller() -> None:
        await started.wait()
        await worker.queue_frame(UserStartedSpeakingFrame())
        await worker.queue_frame(InputAudioRawFrame(b"\x01\x00" * 1600, SAMPLE_RATE, 1))
        await worker.queue_frame(UserStoppedSpeakingFrame())
        # The TTS span ends after the answer was synthesized: the turn is complete.
        while not any(span.name == "tts" for span in capture.exporter.get_finished_spans()):
            await asyncio.sleep(0.01)
        await worker.queue_frame(EndFrame())

    runner = WorkerRunner(handle_sigint=False)
    await runner.add_workers(worker)
    await asyncio.wait_for(asyncio.gather(runner.run(), caller()), RUN_TIMEOUT_S)


@pytest.fixture
def global_provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Install a guarded provider as OpenTelemetry's global one, for this test only.

    Pipecat's tracing calls ``trace.get_tracer("pipecat")`` with no provider argument, so
    it can only be routed through the global provider. ``trace.set_tracer_provider`` may
    run once per process; patching the module global keeps each test's provider its own
    and restores whatever was there (monkeypatch undoes it).
    """

    def install(capture: Capture) -> Capture:
        monkeypatch.setattr(trace, "_TRACER_PROVIDER", capture.provider)
        return capture

    # Pipecat logs transcripts and LLM text through loguru at DEBUG; keep test output clean.
    loguru_logger.disable("pipecat")
    try:
        yield install
    finally:
        loguru_logger.enable("pipecat")


def _run(mode: Mode | None, capture: Capture) -> Capture:
    if mode is None:
        asyncio.run(run_call(capture))
    else:
        with phiguard.bind_workspace(WORKSPACE_OF[mode]):
            asyncio.run(run_call(capture))
    capture.provider.force_flush()
    return capture


@pytest.fixture(params=MODES, ids=[m.value for m in MODES])
def traced_call(request: pytest.FixtureRequest, global_provider: Any) -> Iterator[Capture]:
    """A traced Pipecat call run under the workspace of the parametrized mode."""
    capture = global_provider(make_capture())
    yield _run(request.param, capture)
    capture.provider.shutdown()


def test_pipecat_emits_its_spans_through_the_guard(traced_call: Capture) -> None:
    """Pipecat's own stt, llm, tts, turn and conversation spans reach the exporter."""
    names = {span.name for span in traced_call.spans()}
    assert {"stt", "llm", "tts", "turn", "conversation"} <= names
    assert len(traced_call.by_name("llm")) == 2  # the tool call, then the answer


@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
def test_pipecat_spans_carry_the_bound_mode(mode: Mode, global_provider: Any) -> None:
    """The workspace bound around the run reaches spans started in Pipecat's own tasks."""
    capture = _run(mode, global_provider(make_capture()))
    spans = capture.spans()
    assert spans
    assert {span.attributes.get("phiguard.mode") for span in spans} == {mode.value}


def test_pipecat_zero_retention_exports_no_content(global_provider: Any) -> None:
    """Zero retention: no transcript, context, tool I/O or TTS text anywhere; metrics stay."""
    capture = _run(Mode.ZERO_RETENTION, global_provider(make_capture()))
    spans = capture.spans()
    assert leaks(spans, (*CONTENT_CANARIES, SECRET)) == []
    for key in ("transcript", "text", "input", "output", "tools", "gen_ai.system_instructions"):
        assert all(key not in (span.attributes or {}) for span in spans), key
    llm = capture.one("llm")
    assert llm.attributes["gen_ai.request.model"] == LLM_MODEL
    assert llm.attributes["gen_ai.usage.input_tokens"] == 42
    assert llm.attributes["gen_ai.usage.output_tokens"] == 7
    assert isinstance(llm.attributes["metrics.ttfb"], float)
    assert capture.one("tts").attributes["metrics.character_count"] == len(REPLY)
    assert capture.one("turn").attributes["turn.number"] == 1


def test_pipecat_redacted_replaces_phi_inside_content(global_provider: Any) -> None:
    """Redacted: content keys arrive, with the caller's identifiers replaced by placeholders."""
    capture = _run(Mode.REDACTED, global_provider(make_capture()))
    assert leaks(capture.spans(), (*IDENTIFIER_CANARIES, SECRET)) == []
    transcript = capture.one("stt").attributes["transcript"]
    assert transcript.startswith("my name is <NAME>")
    assert "<PHONE>" in transcript
    llm_input = json.loads(capture.one("llm").attributes["input"])
    assert [m["role"] for m in llm_input] == ["user", "assistant", "tool"]
    assert "<PHONE>" in json.dumps(llm_input)
    assert "booked for Tuesday" in capture.one("tts").attributes["text"]


def test_pipecat_standard_keeps_content_but_not_secrets(global_provider: Any) -> None:
    """Standard: transcript, context, tool I/O and TTS text arrive intact; the key does not."""
    capture = _run(Mode.STANDARD, global_provider(make_capture()))
    spans = capture.spans()
    assert capture.one("stt").attributes["transcript"] == UTTERANCE
    llm_input = capture.one("llm").attributes["input"]
    assert TOOL_RESULT in llm_input
    assert "555-013-4477" in llm_input  # the tool-call arguments
    assert capture.one("llm").attributes["output"] == REPLY
    assert capture.one("tts").attributes["text"] == REPLY
    assert leaks(spans, [SECRET]) == []
    assert capture.one("conversation").attributes["api_key"].startswith("[REDACTED")


def test_pipecat_unbound_call_fails_closed(global_provider: Any) -> None:
    """With no workspace bound, the policy's unknown-workspace mode (zero retention) applies."""
    capture = _run(None, global_provider(make_capture()))
    spans = capture.spans()
    assert {span.attributes.get("phiguard.mode") for span in spans} == {"zero_retention"}
    assert leaks(spans, CONTENT_CANARIES) == []


def test_pipecat_resource_workspace_selects_the_mode(global_provider: Any) -> None:
    """A service-wide ``workspace_id`` resource attribute selects the mode with no binding."""
    capture = _run(None, global_provider(make_capture({"workspace_id": "ws_red"})))
    spans = capture.spans()
    assert {span.attributes.get("phiguard.mode") for span in spans} == {"redacted"}
    assert "<PHONE>" in capture.one("stt").attributes["transcript"]
    assert leaks(spans, IDENTIFIER_CANARIES) == []
