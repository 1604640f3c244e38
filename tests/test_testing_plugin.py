"""The pytest plugin ``phiguard.testing``: capture, canaries and assert_no_phi."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_pytest(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run pytest in its own process; the plugin loads through its pytest11 entry point."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHIGUARD_", "PYTEST_"))}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--no-cov", "-q", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_example_service_test_passes() -> None:
    """examples/test_service_example.py, the test a service copies, passes as is."""
    proc = run_pytest(str(REPO / "examples" / "test_service_example.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout


LEAKY = '''
import logging
import pytest
from phiguard.testing import CANARIES, assert_no_phi

@pytest.fixture(autouse=True)
def service_logging():
    """The service's logging, configured before the test: a handler with no ScrubFilter."""
    handler = logging.StreamHandler()
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)

def test_leaky(phi_capture):
    """The canary reaches the unfiltered handler."""
    logging.getLogger("svc").warning("caller %s", CANARIES.phone,
                                     extra={"transcript": CANARIES.transcript})
    assert_no_phi(phi_capture)
'''


def test_a_leak_fails_naming_sink_and_canary_without_the_payload(tmp_path: Path) -> None:
    """assert_no_phi fails with the sink and canary category, not the text around it."""
    (tmp_path / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
    proc = run_pytest("test_leaky.py", cwd=tmp_path)
    assert proc.returncode == 1
    out = proc.stdout
    assert "PHI left the process" in out
    assert "logging: StreamHandler on root (no ScrubFilter)" in out
    assert "canary 'phone'" in out
    # The failure message (pytest's own "Captured log" section is pytest's business).
    message = "\n".join(line for line in out.splitlines() if line.startswith("E "))
    assert "PHI left the process" in message
    assert "(555) 013-4477" not in message
    assert "caller " not in message


FIXTURES = '''
from phiguard.testing import Canaries

def test_fixtures(phi_capture, phi_canaries):
    """The plugin provides phi_capture and phi_canaries; nothing captured by default."""
    assert isinstance(phi_canaries, Canaries)
    assert set(phi_canaries.needles()) >= {"email", "phone", "ssn", "transcript",
                                           "recording_url", "api_key", "tool_args.dob"}
    assert phi_capture.outputs == []
'''


def test_plugin_provides_the_fixtures(tmp_path: Path) -> None:
    """With phiguard installed, the plugin's fixtures exist in any test session."""
    (tmp_path / "test_fixtures.py").write_text(FIXTURES, encoding="utf-8")
    proc = run_pytest("test_fixtures.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_plugin_is_registered_as_pytest11_entry_point() -> None:
    """pytest11 has an entry point named phiguard pointing at phiguard.testing."""
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "phiguard"]
    assert entry.value == "phiguard.testing"
