"""The gate in front of the detectors: it may skip work, never findings, and fails closed."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from phiguard._engine.detectors.base import DetectorSet, Finding, merge_findings
from phiguard._engine.detectors.builtin import builtin_detectors
from phiguard._engine.detectors.normalize import fold
from phiguard._engine.detectors.pattern import PatternDetector, ascii_bytes

from .conftest import load_tables
from .test_corpus import DEV, _perturb

_CASES = load_tables("detector_cases")
_NEGATIVES = load_tables("detector_negatives")


def _texts() -> list[str]:
    rng = random.Random(11)
    texts = [c["text"] for c in _CASES] + [c["text"] for c in _NEGATIVES]
    texts += [r["text"] for r in DEV]
    texts += [_perturb(r, rng)["text"] for r in DEV if r["spans"]]
    # Lowercase and uppercase variants reach the case-sensitive and lowercase branches.
    texts += [t.lower() for t in texts[: len(_CASES)]] + [t.upper() for t in texts[: len(_CASES)]]
    return texts


TEXTS = _texts()


def _reference(detector: PatternDetector, text: str) -> list[Finding]:
    """The detector run the slow, plain way: its own pattern over the whole text, no gate."""
    regex: Any = detector._regex
    refine = detector._refine
    group = detector._group
    data = ascii_bytes(text)
    out: list[Finding] = []
    pos = 0
    while pos <= len(data):
        m = regex.search(data, pos)
        if m is None:
            break
        spans = [m.span(i) for i in range(regex.groups + 1)]
        if detector._raw is not regex._regexp:  # a finder: refine sees the whole match
            spans = spans[:1]
        start, end = spans[group]
        got = None
        if start >= 0 and start < end:
            got = (start, end, detector.label)
            if refine is not None:
                got = refine(text, start, end, spans)
        if got is not None and got[0] < got[1]:
            out.append(Finding(got[0], got[1], got[2], detector.id))
            pos = max(m.end(), m.start() + 1)
        else:
            pos = m.start() + 1 if detector._rescan else max(m.end(), m.start() + 1)
    return out


def _gate_hits(ds: DetectorSet, text: str) -> set[str]:
    hits = ds._plain_gate().Match(ascii_bytes(fold(text)[0]))
    return {ds._gated[i].id for i in hits if i < len(ds._gated)}


def test_every_finding_passes_its_detectors_trigger(detector_set: DetectorSet) -> None:
    """Wherever a detector (run ungated, on its pattern) finds something, its trigger matches."""
    detectors = [d for d in builtin_detectors() if isinstance(d, PatternDetector)]
    for text in TEXTS:
        folded = fold(text)[0]
        hits = _gate_hits(detector_set, text)
        for d in detectors:
            if _reference(d, folded):
                assert d.id in hits, (d.id, text)


def test_gated_set_finds_what_the_ungated_detectors_find(detector_set: DetectorSet) -> None:
    """DetectorSet.find covers every character the ungated reference run flags, on every text."""
    detectors = [d for d in builtin_detectors() if isinstance(d, PatternDetector)]
    for text in TEXTS:
        folded = fold(text)[0]
        expected = merge_findings([f for d in detectors for f in _reference(d, folded)])
        want = {i for f in expected for i in range(f.start, f.end)}
        got = {i for f in detector_set.find(folded) for i in range(f.start, f.end)}
        assert want <= got, (text, sorted(want - got))


_WORDS = [
    "call", "ended", "status", "ok", "ninety", "years", "yo", "box", "one", "two", "three", "four",
    "five", "oh", "double", "boston", "chicago", "springfield", "st", "dr", "ave", "road", "drive",
    "my", "name", "is", "john", "smith", "mary", "dr", "mrs", "for", "with", "thanks", "member",
    "id", "mrn", "account", "ssn", "social", "phone", "zip", "march", "third", "nineteen", "eighty",
    "four", "at", "dot", "gmail", "com", "www", "http", "s", "m", "i", "t", "h", "a", "b", "c"
]


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8),
       st.lists(st.sampled_from(["", "_", "", "__"]), min_size=8, max_size=8),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_identifier_like_strings_hold_nothing(words: list[str], joins: list[str],
                                              upper: bool) -> None:
    """A string of ASCII letters and underscores (what the set skips) has no finding, ungated."""
    text = "".join(w + j for w, j in zip(words, joins, strict=False))
    text = text.upper() if upper else text
    assert text.replace("_", "").isalpha()
    for d in builtin_detectors():
        assert isinstance(d, PatternDetector)
        assert d.needs_separator
        assert _reference(d, text) == [], (d.id, text)


@pytest.mark.parametrize(
    "text",
    ["ninetyyears", "NINETYYO", "boxone", "pobox_twelve", "call_ended", "bostonma", "smith_john",
     "my_name_is_john", "oneoneone", "mrn_one_two_three_four", "Dr_Smith", "www_example_com"],
)
def test_identifier_like_examples_hold_nothing(text: str) -> None:
    """Run-together words ("ninetyyears", "boxone") are not findings, so skipping them is safe."""
    for d in builtin_detectors():
        assert _reference(d, text) == [], d.id


def test_identifier_like_random_strings_hold_nothing() -> None:
    """Random letters-and-underscore strings give no finding from any detector, ungated."""
    rng = random.Random(3)
    alphabet = string.ascii_letters + "_"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        for d in builtin_detectors():
            assert _reference(d, text) == [], (d.id, text)


class _FailingGate:
    """A stand-in for an ``re2.Set`` whose pass failed: nothing reported (no sentinel)."""

    def Match(self, data: bytes) -> list[int]:
        return []


class _RaisingGate:
    """A stand-in for an ``re2.Set`` that raises."""

    def Match(self, data: bytes) -> list[int]:
        raise re2.error("out of memory")


@pytest.mark.parametrize("gate", [_FailingGate(), _RaisingGate()], ids=["no-sentinel", "raises"])
@pytest.mark.parametrize(
    "text",
    [
        "call me at 312-555-0188",
        "my name is frank holloway and my member id is a p k six three three one",
        "x " * 5000 + "ssn 412-67-9031 " + "y " * 5000,
        "x " * 1000 + "ssn 412-67-9031 " + "y " * 500,
    ],
    ids=["short", "spoken", "long", "medium"],
)
def test_gate_failure_runs_every_detector(gate: object, text: str) -> None:
    """When the gate's pass fails or raises, every detector runs: the same findings come back."""
    expected = DetectorSet(builtin_detectors()).find(text)
    assert expected
    ds = DetectorSet(builtin_detectors())
    ds._gate = gate
    ds._short_gate = gate
    assert ds.find(text) == expected


def test_custom_detectors_always_run() -> None:
    """A detector without a trigger (a custom pattern, scrubadub) runs on every text."""
    from phiguard._engine.detectors.base import RegexDetector

    ds = DetectorSet([*builtin_detectors(), RegexDetector("ticket", "TICKET", r"TCK_[0-9]+")])
    assert [(f.label, f.detector) for f in ds.find("TCK_123")] == [("TICKET", "ticket")]
    assert DetectorSet([RegexDetector("word", "WORD", r"call_ended")]).find("call_ended")
