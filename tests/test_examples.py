"""The runnable examples: each runs in its own process and lets out what its modes allow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import phiguard

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

#: The examples' synthetic PHI, in written forms the detectors find.
SCANNABLE = ("jane.doe@example.com", "123-45-6789", "(555) 013-4477")
#: PHI only key-based classification can stop (no detector needed in zero retention).
STRUCTURAL = (
    "Jane Doe",
    "+1-555-013-4477",
    "+15550134477",
    "1984-03-03",
    "https://storage.example-voice.test/recordings/call_123.wav",
)
SECRET = "sk-example0000000000000000000000"


def run_example(name: str) -> list[dict[str, Any]]:
    """Run ``examples/<name>`` with warnings as errors; return its JSON lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGUARD_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return [json.loads(line) for line in proc.stdout.splitlines()]


def by_mode(records: list[dict[str, Any]], mode: str) -> list[str]:
    lines = [json.dumps(r) for r in records if r.get("phiguard.mode") == mode]
    assert lines, f"no {mode} records"
    return lines


EXAMPLE_FILES = ["structlog_service.py", "stdlib_logging_service.py"]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_labels_every_line_with_a_mode(name: str) -> None:
    """Every line the example writes carries phiguard.mode; all three modes appear."""
    records = run_example(name)
    modes = {r.get("phiguard.mode") for r in records}
    assert modes == {"standard", "redacted", "zero_retention"}


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_zero_retention_lines_hold_no_canary(name: str) -> None:
    """No canary PHI of any kind, nor the secret, appears in a zero-retention line."""
    for line in by_mode(run_example(name), "zero_retention"):
        for canary in (*SCANNABLE, *STRUCTURAL, SECRET):
            assert canary not in line


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_redacted_lines_keep_structure_without_phi(name: str) -> None:
    """Redacted lines keep the transcript field but no written-form PHI or secret."""
    lines = by_mode(run_example(name), "redacted")
    assert any('"transcript"' in line for line in lines)
    assert any("<EMAIL>" in line for line in lines)
    for line in lines:
        for canary in (*SCANNABLE, SECRET, "+1-555-013-4477", "+15550134477"):
            assert canary not in line


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_standard_lines_keep_content(name: str) -> None:
    """Standard keeps transcripts as logged (the example shows the contrast)."""
    lines = by_mode(run_example(name), "standard")
    assert any("jane.doe@example.com" in line for line in lines)
    assert not any(SECRET in line for line in lines)


def test_stdlib_example_covers_third_party_loggers() -> None:
    """The handler's ScrubFilter scrubs uvicorn's access line too (no workspace: zero)."""
    records = run_example("stdlib_logging_service.py")
    access = [r for r in records if r.get("logger") == "uvicorn.access"]
    assert len(access) == 1
    assert access[0]["phiguard.mode"] == "zero_retention"
    assert "GET /patients?" in access[0]["message"]
    for canary in SCANNABLE:
        assert canary not in access[0]["message"]


def test_example_policy_loads_with_a_workspace_of_each_mode() -> None:
    """examples/phiguard.toml is a valid policy with standard, redacted and zero workspaces."""
    policy = phiguard.load_policy(EXAMPLES / "phiguard.toml")
    assert {ws.mode for ws in policy.workspaces.values()} == set(phiguard.Mode)
    assert policy.unknown_workspace_mode is phiguard.Mode.ZERO_RETENTION
