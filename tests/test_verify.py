"""``phiguard verify``: the documented setups pass; each misconfiguration is caught."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
import verify_apps
from verify_apps import after_renderer, beside, configured, documented, unfiltered_handler

from phiguard import _verify
from phiguard.cli import main

REPO = Path(__file__).resolve().parent.parent
POLICY = str(verify_apps.POLICY_FILE)
CANARY_VALUES = tuple(_verify._CANARIES.values())


@pytest.fixture(autouse=True)
def _shutdown_providers() -> Iterator[None]:
    """Providers the apps built are shut down after each test."""
    yield
    while verify_apps.PROVIDERS:
        verify_apps.PROVIDERS.pop().shutdown()


def run(setup: Callable[[], Any] | None) -> _verify.VerifyResult:
    # restore=False: the apps' providers are shut down with the capture still installed, so
    # their final export (metrics) goes nowhere rather than to a real endpoint.
    return _verify.verify(POLICY, setup, restore=False)


def test_every_mode_of_the_policy_is_checked() -> None:
    """One scenario per mode: listed workspaces, and no workspace for unknown_workspace_mode."""
    labels = [s.label for s in run(documented.setup).scenarios]
    assert labels == [
        "standard (ws_standard)",
        "redacted (ws_redacted)",
        "zero_retention (no workspace)",
    ]


def test_documented_setup_passes_on_every_channel() -> None:
    """ScrubProcessor before the renderer, ScrubFilter on the handler, OTel wrapped: pass."""
    result = run(documented.setup)
    assert result.passed, result.to_json()
    assert set(result.cells.values()) == {"pass"}
    assert result.sinks.keys() == {"structlog", "logging", "otel.traces", "otel.logs",
                                   "otel.metrics"}


def test_configure_with_the_logging_bridge_passes() -> None:
    """configure() with logging_handler: stdlib records reach the guarded OTLP log pipeline."""
    result = run(configured.setup)
    assert result.passed, result.to_json()
    assert result.cells["logging", "zero_retention (no workspace)"] == "pass"
    assert result.cells["structlog", "zero_retention (no workspace)"] == "not configured"


def test_default_setup_without_app_passes() -> None:
    """Without --app, phiguard's own documented setup is checked and passes."""
    assert run(None).passed


def test_scrub_processor_after_the_renderer_fails() -> None:
    """A ScrubProcessor after the renderer is a misconfiguration, and its leaks are listed."""
    result = run(after_renderer.setup)
    assert not result.passed
    assert any("after the renderer" in p for p in result.problems)
    leaks = {(x.channel, x.mode, x.canary) for x in result.leaks}
    assert ("structlog", "zero_retention", "content.opaque") in leaks


def test_handler_without_the_filter_fails() -> None:
    """A handler without ScrubFilter lets the log message's PHI out; verify names it."""
    result = run(unfiltered_handler.setup)
    assert not result.passed
    assert result.cells["logging", "zero_retention (no workspace)"].startswith("FAIL")
    assert result.cells["logging", "standard (ws_standard)"] == "pass"  # message is kept
    assert all("(no ScrubFilter)" in x.sink for x in result.leaks)
    assert {x.canary for x in result.leaks} >= {"message.email", "exception.email"}


def test_span_processor_beside_the_scrubbing_one_fails() -> None:
    """An exporter added beside (not wrapped by) ScrubbingSpanProcessor leaks span data."""
    result = run(beside.setup)
    assert not result.passed
    assert result.cells["otel traces", "zero_retention (no workspace)"].startswith("FAIL")
    assert all("not wrapped by phiguard" in x.sink for x in result.leaks)
    keys = {x.key for x in result.leaks}
    assert {"attributes.transcript", "attributes.caller_number", "name"} <= keys


def test_the_report_never_holds_a_canary(capsys: pytest.CaptureFixture[str]) -> None:
    """Table, leak list and JSON name channels, sinks, keys and positions; never values."""
    result = run(beside.setup)
    result.print(sys.stdout)
    text = capsys.readouterr().out + json.dumps(result.to_json())
    for value in CANARY_VALUES:
        assert value not in text


def test_verify_restores_logging_and_structlog() -> None:
    """An in-process run leaves the root handlers and structlog's configuration as they were."""
    handlers = list(logging.getLogger().handlers)
    config = structlog.get_config()
    configured_before = structlog.is_configured()
    run(documented.setup)
    assert logging.getLogger().handlers == handlers
    assert structlog.get_config() == config
    assert structlog.is_configured() == configured_before


@pytest.mark.parametrize(
    ("app", "message"),
    [
        ("nocolon", "expected MODULE:CALLABLE"),
        ("no_such_module_xyz:setup", "cannot import"),
        ("verify_apps.documented:nope", "no attribute"),
        ("verify_apps:POLICY_FILE", "not callable"),
    ],
)
def test_bad_app_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], app: str, message: str
) -> None:
    """--app that cannot be loaded: exit 2 with the reason."""
    assert main(["verify", "--policy", POLICY, "--app", app]) == 2
    assert message in capsys.readouterr().err


def _verify_process(app: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHIGUARD_", "OTEL_"))}
    env["PYTHONPATH"] = os.pathsep.join((str(REPO / "tests"), str(REPO)))
    return subprocess.run(
        [sys.executable, "-m", "phiguard", "verify", "--policy", POLICY, "--app", app],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("app", "status"),
    [("verify_apps.documented:setup", 0), ("verify_apps.beside:setup", 1)],
)
def test_verify_as_a_process(app: str, status: int) -> None:
    """`python -m phiguard verify --app ...`: exit 0 on pass, 1 on a leak; no canary printed."""
    proc = _verify_process(app)
    assert proc.returncode == status, proc.stderr
    assert ("PASS" if status == 0 else "FAIL") in proc.stdout
    for value in CANARY_VALUES:
        assert value not in proc.stdout + proc.stderr
