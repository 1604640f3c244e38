"""The stdlib logging drop-in: ScrubFilter, from code and from dictConfig."""

from __future__ import annotations

import io
import logging
import logging.config
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN, POLICY

import phiguard
from phiguard.integrations.logging import ScrubFilter


@pytest.fixture
def capture() -> Iterator[tuple[logging.Logger, list[logging.LogRecord], io.StringIO]]:
    """A logger whose handler has the filter; records are captured after filtering."""
    stream = io.StringIO()
    records: list[logging.LogRecord] = []
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(ScrubFilter(POLICY))
    handler.addFilter(lambda r: records.append(r) or True)
    logger = logging.getLogger(f"test.logging.{id(stream)}")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, records, stream
    logger.removeHandler(handler)


def test_formatted_message_is_scrubbed(capture: Any) -> None:
    """PHI passed as %-args is replaced in the formatted message."""
    logger, records, stream = capture
    logger.info(
        "caller %s mail %s", CANARY_PHONE, CANARY_EMAIL, extra={"workspace_id": "ws_redacted"}
    )
    assert stream.getvalue() == "INFO caller <PHONE> mail <EMAIL>\n"
    assert getattr(records[0], "phiguard.mode") == "redacted"


def test_phi_spanning_arguments_is_caught(capture: Any) -> None:
    """An SSN logged in three parts is found in the whole message, not only per argument."""
    logger, _, stream = capture
    logger.info("ssn %s-%s-%s", "123", "45", "6789", extra={"workspace_id": "ws_redacted"})
    assert stream.getvalue() == "INFO ssn <SSN>\n"


def test_extras_follow_their_class(capture: Any) -> None:
    """extra= attributes are classified and scrubbed like structured fields."""
    logger, records, _ = capture
    logger.info(
        "turn",
        extra={"workspace_id": "ws_zero", "transcript": CANARY_OPAQUE, "duration_ms": 5},
    )
    record = records[0]
    assert not hasattr(record, "transcript")
    assert record.duration_ms == 5  # type: ignore[attr-defined]
    assert getattr(record, "phiguard.training") == "forbidden"


def test_exceptions_are_scrubbed_and_exc_info_cleared(capture: Any) -> None:
    """exc_info is rendered, scrubbed into exc_text and cleared so no handler re-renders it."""
    logger, records, stream = capture
    try:
        raise ValueError(f"bad ssn {CANARY_SSN}")
    except ValueError:
        logger.exception("failed", extra={"workspace_id": "ws_zero"})
    assert "ValueError: bad ssn <SSN>" in stream.getvalue()
    assert CANARY_SSN not in stream.getvalue()
    assert records[0].exc_info is None


def test_stack_info_is_scrubbed(capture: Any) -> None:
    """stack_info is scanned like a message."""
    logger, records, _ = capture
    logger.info("here", stack_info=True, extra={"workspace_id": "ws_redacted"})
    assert records[0].stack_info
    assert "Stack (most recent call last)" in records[0].stack_info


def test_bound_workspace(capture: Any) -> None:
    """bind_workspace decides the mode of records with no workspace extra."""
    logger, records, _ = capture
    with phiguard.bind_workspace("ws_standard"):
        logger.info("turn", extra={"transcript": CANARY_OPAQUE})
    logger.info("turn", extra={"transcript": CANARY_OPAQUE})
    assert records[0].transcript == CANARY_OPAQUE  # type: ignore[attr-defined]
    assert not hasattr(records[1], "transcript")


def test_message_drop_policy_drops_the_record() -> None:
    """When the policy drops messages the filter rejects the record."""
    f = ScrubFilter({**POLICY, "actions": {"zero_retention": {"message": "drop"}}})
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hi", None, None)
    assert f.filter(record) is False


class _Exploding:
    def find(self, text: str) -> list[phiguard.Finding]:
        raise RuntimeError(text)


@pytest.mark.parametrize("failure", ["engine", "adapter"])
def test_internal_failure_fails_closed(monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    """If scrubbing raises (in the engine or the filter), the record keeps only metadata."""
    f = ScrubFilter(POLICY)
    msg, args = "mail %s", (CANARY_EMAIL,)
    if failure == "engine":
        monkeypatch.setattr(f.scrubber, "_detectors", _Exploding())
    else:
        msg, args = "mail %d " + CANARY_EMAIL, ("not a number",)  # getMessage() raises
    record = logging.LogRecord("x", logging.INFO, __file__, 1, msg, args, None)
    record.transcript = CANARY_OPAQUE  # type: ignore[attr-defined]
    record.workspace_id = "ws_redacted"  # type: ignore[attr-defined]
    with pytest.warns(phiguard.PhiguardWarning):
        assert f.filter(record) is True
    assert record.getMessage() == "[REDACTED:error]"
    assert not hasattr(record, "transcript")
    assert getattr(record, "phiguard.error") == "scrub_failed"


def test_dict_config_by_dotted_path(tmp_path: Path) -> None:
    """dictConfig builds the filter from its dotted path with a policy file."""
    policy = tmp_path / "phiguard.toml"
    policy.write_text('default_mode = "redacted"\nhmac_key = "' + "k" * 32 + '"\n')
    stream = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "phi": {"()": "phiguard.integrations.logging.ScrubFilter", "policy": str(policy)}
            },
            "handlers": {
                "mem": {"class": "logging.StreamHandler", "stream": stream, "filters": ["phi"]},
            },
            "loggers": {
                "test.dictconfig": {"handlers": ["mem"], "level": "INFO", "propagate": False}
            },
        }
    )
    logging.getLogger("test.dictconfig").info("mail %s", CANARY_EMAIL, extra={"workspace_id": "w"})
    assert stream.getvalue() == "mail <EMAIL>\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_uvicorn_access_and_httpx_logs_are_scrubbed() -> None:
    """Real uvicorn access logs and httpx request logs lose PHI in their URLs."""
    uvicorn = pytest.importorskip("uvicorn")
    httpx = pytest.importorskip("httpx")
    from uvicorn.logging import AccessFormatter

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        AccessFormatter('%(client_addr)s "%(request_line)s" %(status_code)s', use_colors=False)
    )
    handler.addFilter(ScrubFilter(POLICY))
    httpx_stream = io.StringIO()
    httpx_handler = logging.StreamHandler(httpx_stream)
    httpx_handler.addFilter(ScrubFilter(POLICY))
    access, client_log = logging.getLogger("uvicorn.access"), logging.getLogger("httpx")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    client_log.addHandler(httpx_handler)
    client_log.setLevel(logging.INFO)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=True)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        with phiguard.bind_workspace("ws_zero"):
            response = httpx.get(
                f"http://127.0.0.1:{port}/patients?email={CANARY_EMAIL}&ssn={CANARY_SSN}"
            )
        assert response.status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        access.removeHandler(handler)
        client_log.removeHandler(httpx_handler)
    access_line = stream.getvalue()
    client_line = httpx_stream.getvalue()
    assert "GET /patients?email=" in access_line
    assert " 200" in access_line
    assert "HTTP Request: GET" in client_line
    for text in (access_line, client_line):
        assert CANARY_SSN not in text
        assert "jane.doe.canary" not in text
