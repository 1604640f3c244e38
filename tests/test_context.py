"""Workspace binding across threads and asyncio tasks, and concurrent scrubbing."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import structlog
from conftest import CANARY_OPAQUE, POLICY

import phiguard
from phiguard.integrations.logging import ScrubFilter
from phiguard.integrations.structlog import ScrubProcessor

MODES = {"ws_standard": "standard", "ws_redacted": "redacted", "ws_zero": "zero_retention"}


def test_bind_workspace_nests_and_restores() -> None:
    """Nested bindings win inside and restore the outer binding on exit."""
    assert phiguard.current_workspace() is None
    with phiguard.bind_workspace("a"):
        with phiguard.bind_workspace("b"):
            assert phiguard.current_workspace() == "b"
        assert phiguard.current_workspace() == "a"
    assert phiguard.current_workspace() is None


def test_bind_workspace_rejects_empty() -> None:
    """An empty or non-string workspace id is a TypeError at the call site."""
    with pytest.raises(TypeError):
        phiguard.bind_workspace("")


def test_decorator_sync_and_async() -> None:
    """As a decorator it binds around each call, for plain and async functions."""

    @phiguard.bind_workspace("sync_ws")
    def f() -> str | None:
        return phiguard.current_workspace()

    @phiguard.bind_workspace("async_ws")
    async def g() -> str | None:
        await asyncio.sleep(0)
        return phiguard.current_workspace()

    assert f() == "sync_ws"
    assert asyncio.run(g()) == "async_ws"
    assert phiguard.current_workspace() is None


def test_one_instance_entered_in_many_threads() -> None:
    """The same bind_workspace instance can be entered concurrently in many threads."""
    binding = phiguard.bind_workspace("shared")
    barrier = threading.Barrier(8)
    seen: list[str | None] = []

    def work() -> None:
        with binding:
            barrier.wait()
            seen.append(phiguard.current_workspace())
        seen.append(phiguard.current_workspace())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen.count("shared") == 8
    assert seen.count(None) == 8


def test_binding_does_not_bleed_into_other_threads() -> None:
    """A binding in one thread is invisible to a thread started elsewhere."""
    seen: list[str | None] = []
    with phiguard.bind_workspace("main"):
        t = threading.Thread(target=lambda: seen.append(phiguard.current_workspace()))
        t.start()
        t.join()
    assert seen == [None]


def _structlog_logger(buffer: io.StringIO) -> structlog.typing.FilteringBoundLogger:
    return structlog.wrap_logger(
        structlog.PrintLogger(buffer),
        processors=[ScrubProcessor(POLICY), structlog.processors.JSONRenderer()],
    )


def test_threads_log_for_different_modes_at_once() -> None:
    """Many threads logging for workspaces of different modes: each record gets its own mode."""
    buffer = io.StringIO()
    log = _structlog_logger(buffer)

    def work(i: int) -> None:
        ws = list(MODES)[i % 3]
        with phiguard.bind_workspace(ws):
            for j in range(50):
                log.info(f"expect={MODES[ws]}", transcript=CANARY_OPAQUE, n=j)

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(work, range(36)))
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert len(lines) == 36 * 50
    for line in lines:
        assert line["event"] == f"expect={line['phiguard.mode']}"
        assert ("transcript" in line) is (line["phiguard.mode"] != "zero_retention")
    assert {line["phiguard.mode"] for line in lines} == set(MODES.values())


def test_asyncio_tasks_log_for_different_modes_at_once() -> None:
    """Concurrent asyncio tasks each log under their own bound workspace."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(phiguard.mode)s|%(message)s"))
    handler.addFilter(ScrubFilter(POLICY))
    logger = logging.getLogger("test.asyncio.modes")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    async def task(ws: str) -> None:
        with phiguard.bind_workspace(ws):
            for _ in range(20):
                await asyncio.sleep(0)
                logger.info("expect=%s", MODES[ws])

    async def main() -> None:
        await asyncio.gather(*(task(ws) for ws in list(MODES) * 10))

    try:
        asyncio.run(main())
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 20 * 30
    for line in lines:
        mode, message = line.split("|")
        assert message == f"expect={mode}"
    assert {line.split("|")[0] for line in lines} == set(MODES.values())
