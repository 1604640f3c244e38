"""The built-in detector set (filled in incrementally; see the module list below)."""

from __future__ import annotations

from functools import cache

from phiguard._engine.detectors.base import Detector
from phiguard._engine.detectors.spoken import spoken_detectors
from phiguard._engine.detectors.written import written_detectors


@cache
def builtin_detectors() -> tuple[Detector, ...]:
    """Return every built-in detector, each with a stable ``id``."""
    return (*written_detectors(), *spoken_detectors())
