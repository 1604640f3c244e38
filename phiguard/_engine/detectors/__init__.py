"""PHI detectors for free text (built-in set, contract in :mod:`.base`)."""

from __future__ import annotations

from phiguard._engine.detectors.base import (
    LABELS,
    Detector,
    DetectorSet,
    Finding,
    RegexDetector,
    merge_findings,
    replace_findings,
)
from phiguard._engine.detectors.builtin import builtin_detectors

__all__ = [
    "LABELS",
    "Detector",
    "DetectorSet",
    "Finding",
    "RegexDetector",
    "builtin_detectors",
    "merge_findings",
    "replace_findings",
]
