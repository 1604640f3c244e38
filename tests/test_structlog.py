"""The structlog drop-in: ScrubProcessor and add_scrub_processor."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
import structlog
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN, POLICY

import phiguard
from phiguard.integrations.structlog import ScrubProcessor, add_scrub_processor


def make_logger(processors: list[Any]) -> tuple[Any, io.StringIO]:
    """A real structlog logger writing rendered lines to a buffer."""
    buffer = io.StringIO()
    return structlog.wrap_logger(structlog.PrintLogger(buffer), processors=processors), buffer


def lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    """The JSON lines a buffer received."""
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def json_chain(policy: Any = POLICY) -> list[Any]:
    """A typical JSON pipeline with the scrubber added by the helper."""
    return add_scrub_processor(
        [
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        policy,
    )


def test_zero_retention_lines_carry_no_content() -> None:
    """In a zero-retention workspace only safe fields and the scanned message are rendered."""
    log, buffer = make_logger(json_chain())
    log.info(
        f"call from {CANARY_PHONE}",
        workspace_id="ws_zero",
        transcript=CANARY_OPAQUE,
        tool_args={"ssn": CANARY_SSN},
        recording_url="https://x.test/r.wav",
        caller_number=CANARY_PHONE,
        duration_ms=1200,
    )
    (line,) = lines(buffer)
    assert line == {
        "event": "call from <PHONE>",
        "workspace_id": "ws_zero",
        "duration_ms": 1200,
        "level": "info",
        "phiguard.mode": "zero_retention",
        "phiguard.training": "forbidden",
        "phiguard.redacted.count": 5,
    }


def test_redacted_mode_keeps_structure() -> None:
    """Redacted keeps keys and text, replacing the PHI inside it."""
    log, buffer = make_logger(json_chain())
    log.info("turn", workspace_id="ws_redacted", transcript=f"my email is {CANARY_EMAIL}")
    (line,) = lines(buffer)
    assert line["transcript"] == "my email is <EMAIL>"
    assert line["phiguard.mode"] == "redacted"


def test_exceptions_are_formatted_and_scrubbed() -> None:
    """An exception's message is scrubbed in the rendered traceback."""
    log, buffer = make_logger(json_chain())
    try:
        raise ValueError(f"no slot for {CANARY_EMAIL}")
    except ValueError:
        log.exception("booking failed", workspace_id="ws_zero")
    (line,) = lines(buffer)
    assert "ValueError: no slot for <EMAIL>" in line["exception"]
    assert CANARY_EMAIL not in json.dumps(line)


def test_exc_info_before_format_exc_info_is_handled() -> None:
    """Placed before format_exc_info, the processor formats exc_info itself, never the raw text."""
    log, buffer = make_logger(
        [
            ScrubProcessor(POLICY),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ]
    )
    try:
        raise KeyError(CANARY_SSN)
    except KeyError:
        log.error("lookup", workspace_id="ws_redacted", exc_info=True)
    (line,) = lines(buffer)
    assert "<SSN>" in line["exception"]
    assert CANARY_SSN not in line["exception"]


def test_stack_info_is_scrubbed() -> None:
    """stack_info rendered by StackInfoRenderer is scanned like a message."""
    log, buffer = make_logger(json_chain())
    log.info("where", workspace_id="ws_redacted", stack_info=True)
    (line,) = lines(buffer)
    assert "stack" in line
    assert line["phiguard.mode"] == "redacted"


def test_workspace_from_structlog_contextvars() -> None:
    """A workspace bound with structlog.contextvars decides the mode, wherever the processor is."""
    log, buffer = make_logger([ScrubProcessor(POLICY), structlog.processors.JSONRenderer()])
    structlog.contextvars.bind_contextvars(workspace_id="ws_redacted")
    try:
        log.info("turn", transcript=CANARY_EMAIL)
    finally:
        structlog.contextvars.clear_contextvars()
    (line,) = lines(buffer)
    assert line["transcript"] == "<EMAIL>"


def test_bound_workspace_decides_the_mode() -> None:
    """phiguard.bind_workspace decides the mode of events that name no workspace."""
    log, buffer = make_logger(json_chain())
    with phiguard.bind_workspace("ws_standard"):
        log.info("turn", transcript=CANARY_OPAQUE)
    log.info("turn", transcript=CANARY_OPAQUE)
    first, second = lines(buffer)
    assert first["transcript"] == CANARY_OPAQUE
    assert "transcript" not in second


def test_callers_nested_data_is_not_mutated() -> None:
    """The caller's nested dicts are the same after logging."""
    log, _ = make_logger(json_chain())
    args = {"patient": {"name": "Jane", "phone": CANARY_PHONE}}
    before = copy.deepcopy(args)
    log.info("tool", workspace_id="ws_redacted", tool_args=args)
    assert args == before


def test_drop_event_only_when_policy_drops_the_message() -> None:
    """A policy whose message action is drop makes the processor raise DropEvent."""
    policy = {**POLICY, "actions": {"zero_retention": {"message": "drop"}}}
    log, buffer = make_logger(json_chain(policy))
    log.info("gone", workspace_id="ws_zero")
    log.info("kept", workspace_id="ws_redacted")
    assert [line["event"] for line in lines(buffer)] == ["kept"]


def test_after_a_renderer_it_warns_and_still_scrubs() -> None:
    """Misplaced after the renderer, it warns once and scrubs the rendered JSON line."""
    log, buffer = make_logger([structlog.processors.JSONRenderer(), ScrubProcessor(POLICY)])
    with pytest.warns(phiguard.PhiguardWarning, match="before the renderer") as caught:
        log.info("turn", workspace_id="ws_zero", transcript=CANARY_OPAQUE)
    log.info(f"mail {CANARY_EMAIL}", workspace_id="ws_zero")  # no second warning
    assert len(caught) == 1
    first, second = lines(buffer)
    assert "transcript" not in first
    assert second["event"] == "mail <EMAIL>"


def test_internal_failure_never_reaches_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the engine fails, the event leaves as a safe shell and logging goes on."""
    processor = ScrubProcessor(POLICY)

    class Exploding:
        def find(self, text: str) -> list[phiguard.Finding]:
            raise RuntimeError(text)

    monkeypatch.setattr(processor.scrubber, "_detectors", Exploding())
    log, buffer = make_logger([processor, structlog.processors.JSONRenderer()])
    with pytest.warns(phiguard.PhiguardWarning):
        log.info(CANARY_EMAIL, workspace_id="ws_redacted", transcript=CANARY_OPAQUE, duration_ms=3)
    (line,) = lines(buffer)
    assert line["phiguard.error"] == "scrub_failed"
    assert CANARY_EMAIL not in buffer.getvalue()
    assert CANARY_OPAQUE not in buffer.getvalue()


def test_add_scrub_processor_places_it_before_the_renderer() -> None:
    """The helper inserts the processor just before the first renderer, else at the end."""
    renderer = structlog.processors.JSONRenderer()
    chain = add_scrub_processor([structlog.processors.format_exc_info, renderer], POLICY)
    assert isinstance(chain[1], ScrubProcessor)
    assert chain[2] is renderer
    console = add_scrub_processor(
        [structlog.processors.add_log_level, structlog.dev.ConsoleRenderer()], POLICY
    )
    assert isinstance(console[1], ScrubProcessor)
    stdlib = add_scrub_processor([structlog.stdlib.ProcessorFormatter.wrap_for_formatter], POLICY)
    assert isinstance(stdlib[0], ScrubProcessor)
    bare = add_scrub_processor([structlog.processors.add_log_level], POLICY)
    assert isinstance(bare[-1], ScrubProcessor)
    assert add_scrub_processor(chain) == chain


def test_through_the_stdlib_bridge() -> None:
    """structlog events rendered by ProcessorFormatter into stdlib logging are scrubbed."""
    import logging

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(processor=structlog.processors.JSONRenderer())
    )
    std = logging.getLogger("test.structlog.bridge")
    std.addHandler(handler)
    std.propagate = False
    std.setLevel(logging.INFO)
    log = structlog.wrap_logger(
        std,
        processors=add_scrub_processor(
            [
                structlog.stdlib.add_log_level,
                structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
            ],
            POLICY,
        ),
        wrapper_class=structlog.stdlib.BoundLogger,
    )
    try:
        log.info("turn", workspace_id="ws_zero", transcript=CANARY_OPAQUE, duration_ms=2)
    finally:
        std.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["duration_ms"] == 2
    assert "transcript" not in line


class ExplodingDict(dict):  # type: ignore[type-arg]
    """An event dict whose lookups fail: the processor itself must fail closed."""

    def get(self, key: Any, default: Any = None) -> Any:
        raise RuntimeError(CANARY_EMAIL)


def test_a_failure_in_the_processor_itself_fails_closed() -> None:
    """An exception outside the engine still yields a safe shell, never the event."""
    processor = ScrubProcessor(POLICY)
    with pytest.warns(phiguard.PhiguardWarning):
        out = processor(None, "info", ExplodingDict(event=CANARY_EMAIL, workspace_id="ws_standard"))
    assert out == {"event": "[REDACTED:error]", "phiguard.error": "scrub_failed"}
