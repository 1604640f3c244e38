"""Shared fixtures and helpers for the detector tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phiguard._engine.detectors.base import DetectorSet, Finding
from phiguard._engine.detectors.builtin import builtin_detectors

DATA = Path(__file__).resolve().parent.parent / "data"


def load_jsonl(name: str) -> list[dict[str, Any]]:
    """Load a JSONL table from tests/data."""
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_tables(prefix: str) -> list[dict[str, Any]]:
    """Load every ``<prefix>*.jsonl`` table from tests/data, in name order."""
    return [row for path in sorted(DATA.glob(f"{prefix}*.jsonl")) for row in load_jsonl(path.name)]


def covered(text: str, findings: list[Finding], start: int, end: int) -> bool:
    """Whether findings cover >= 80% of the letters and digits of text[start:end]."""
    cov = {i for f in findings for i in range(f.start, f.end)}
    alnum = [i for i in range(start, end) if text[i].isalnum()]
    return bool(alnum) and sum(i in cov for i in alnum) >= 0.8 * len(alnum)


@pytest.fixture(scope="session")
def detector_set() -> DetectorSet:
    """The built-in detector set."""
    return DetectorSet(builtin_detectors())
