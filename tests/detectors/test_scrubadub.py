"""scrubadub both ways: scrubadub as a phiguard detector, phiguard as a scrubadub detector."""

from __future__ import annotations

import subprocess
import sys

import pytest

from phiguard._engine.detectors.base import Detector, DetectorSet

scrubadub = pytest.importorskip("scrubadub")

from phiguard.integrations.scrubadub import (  # noqa: E402
    ScrubadubDetector,
    scrubadub_detector_class,
)


def test_importing_phiguard_does_not_import_scrubadub() -> None:
    """`import phiguard` and the integration module leave scrubadub unimported."""
    code = (
        "import sys, phiguard, phiguard.integrations.scrubadub; "
        "print('scrubadub' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_scrubadub_detector_is_a_phiguard_detector() -> None:
    """ScrubadubDetector satisfies the Detector protocol and maps filth to labels."""
    det = ScrubadubDetector()
    assert isinstance(det, Detector)
    text = "write to jane.roe@example.com"
    found = DetectorSet([det]).find(text)
    assert [(text[f.start : f.end], f.label, f.detector) for f in found] == [
        ("jane.roe@example.com", "EMAIL", "scrubadub")
    ]


def test_phiguard_detector_inside_scrubadub() -> None:
    """phiguard's detectors run as a scrubadub Detector with typed filth."""
    cls = scrubadub_detector_class()
    scrubber = scrubadub.Scrubber(detector_list=[cls()])
    filth = list(scrubber.iter_filth("my member id is FZH271424191"))
    assert [(f.text, f.type) for f in filth] == [("FZH271424191", "member_id")]
