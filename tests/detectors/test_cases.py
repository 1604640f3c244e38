"""Per-label written and spoken forms, and negatives, from tests/data tables."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from phiguard._engine.detectors.base import LABELS, DetectorSet
from phiguard._engine.detectors.builtin import BUILTIN_IDS, builtin_detectors

from .conftest import covered, load_tables

CASES = load_tables("detector_cases")
NEGATIVES = load_tables("detector_negatives")


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(reason=c["xfail"], strict=True))
        if "xfail" in c else c
        for c in CASES
    ],
    ids=[f"{c['label']}-{c['form']}-{i}" for i, c in enumerate(CASES)],
)
def test_positive_case_is_found(case: dict[str, Any], detector_set: DetectorSet) -> None:
    """Each PHI value in a case row is covered (80% of its letters and digits); no ``absent``
    label is given to anything in it (a known miss is marked ``xfail`` with its reason)."""
    text = case["text"]
    findings = detector_set.find(text)
    for value in case["phi"]:
        start = text.index(value)
        assert covered(text, findings, start, start + len(value)), (value, findings)
    for label in case.get("absent", ()):
        assert all(f.label != label for f in findings), (label, findings)


@pytest.mark.parametrize("case", NEGATIVES, ids=[c["text"][:40] for c in NEGATIVES])
def test_negative_case_flags_nothing(case: dict[str, Any], detector_set: DetectorSet) -> None:
    """PHI-free sentences (menus, copays, times, young ages, order numbers) flag nothing."""
    assert detector_set.find(case["text"]) == []


def test_every_builtin_has_documented_id_and_pattern() -> None:
    """Built-in ids are unique, listed in BUILTIN_IDS, and each exposes an RE2 pattern."""
    detectors = builtin_detectors()
    ids = [d.id for d in detectors]
    assert tuple(ids) == BUILTIN_IDS
    assert len(set(ids)) == len(ids)
    for d in detectors:
        assert isinstance(getattr(d, "pattern", None), str)


def test_labels_are_known(detector_set: DetectorSet) -> None:
    """Every finding on the case table carries a label from LABELS."""
    for case in CASES:
        for f in detector_set.find(case["text"]):
            assert f.label in LABELS


def test_findings_are_sorted_and_disjoint(detector_set: DetectorSet) -> None:
    """DetectorSet returns sorted, non-overlapping findings inside the text."""
    for case in CASES:
        findings = detector_set.find(case["text"])
        for a, b in itertools.pairwise(findings):
            assert a.end <= b.start
        for f in findings:
            assert 0 <= f.start < f.end <= len(case["text"])


def test_year_alone_is_not_a_date(detector_set: DetectorSet) -> None:
    """A bare year is not PHI; a full date is."""
    assert detector_set.find("we opened in 1984") == []
    assert detector_set.find("born March 3, 1984") != []


def test_luhn_rejects_unformatted_non_card(detector_set: DetectorSet) -> None:
    """An unformatted 16-digit run that fails Luhn is not a card."""
    found = detector_set.find("trace 4111111111111112 done")
    assert all(f.label != "CREDIT_CARD" for f in found)
