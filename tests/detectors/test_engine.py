"""The detector engine's shortcuts change nothing: spoken-number reading, early stops, skips."""

from __future__ import annotations

import random
from typing import Any

import pytest

from phiguard._engine.detectors.base import DetectorSet, Finding
from phiguard._engine.detectors.builtin import builtin_detectors
from phiguard._engine.detectors.normalize import fold
from phiguard._engine.detectors.numwords import spoken_digits
from phiguard._engine.detectors.pattern import Groups, PatternDetector, ascii_bytes

from .conftest import load_jsonl
from .test_gate import TEXTS

_SPOKEN = load_jsonl("detector_spoken_numbers.jsonl")


@pytest.mark.parametrize("case", _SPOKEN, ids=[c["text"] or "empty" for c in _SPOKEN])
def test_spoken_digits_reads_runs(case: dict[str, Any]) -> None:
    """A spoken run reads back as its digits and the digit counts between pauses, or None."""
    expected = None if case["digits"] is None else (case["digits"], case["groups"])
    assert spoken_digits(case["text"]) == expected


def _pattern_detectors() -> list[PatternDetector]:
    return [d for d in builtin_detectors() if isinstance(d, PatternDetector)]


def test_refined_spans_lie_inside_their_match() -> None:
    """Every built-in refine returns a span inside its match (what the covered skip relies on)."""
    for detector in _pattern_detectors():
        refine = detector._refine
        if refine is None:
            continue
        seen: list[tuple[int, int, tuple[int, int, str] | None]] = []

        def spy(text: str, start: int, end: int, groups: Groups, refine: Any = refine,
                seen: list[Any] = seen) -> tuple[int, int, str] | None:
            got = refine(text, start, end, groups)
            seen.append((groups[0][0], groups[0][1], got))
            return got

        detector._refine = spy
        try:
            for text in TEXTS:
                detector.find(fold(text)[0])
        finally:
            detector._refine = refine
        for m_start, m_end, got in seen:
            if got is not None:
                assert m_start <= got[0], (detector.id, m_start, m_end, got)
                assert got[1] <= m_end, (detector.id, m_start, m_end, got)


def test_once_stops_only_where_nothing_follows(detector_set: DetectorSet) -> None:
    """Where the gate saw no two disjoint trigger matches, stopping early finds the same spans."""
    count = len(detector_set._gated)
    checked = 0
    for text in TEXTS:
        folded = fold(text)[0]
        data = ascii_bytes(folded)
        if len(data) > 1024:
            continue
        hits = detector_set._short_gate.Match(data)
        for i in hits:
            twice = detector_set._twice_of[i] if i < count else -1
            if twice >= 0 and twice not in hits:
                detector = detector_set._gated[i]
                assert detector.scan(folded, data, once=True) == detector.scan(folded, data)
                checked += 1
    assert checked > len(TEXTS) // 2


@pytest.mark.parametrize(
    ("text", "twice"),
    [
        ("my ssn is 412-67-9031", False),
        ("ssn 412-67-9031, spouse ssn 523-78-1042", True),
        ("call 312-555-0188", False),
        ("call 312-555-0188 or 312-555-0199", True),
    ],
)
def test_gate_reports_two_disjoint_matches(detector_set: DetectorSet, text: str,
                                           twice: bool) -> None:
    """The gate's second index for a trigger is set exactly when two disjoint matches exist."""
    ids = [d.id for d in detector_set._gated]
    hits = detector_set._short_gate.Match(ascii_bytes(text))
    label = "ssn" if "ssn" in text else "phone"
    i = ids.index(label)
    assert i in hits
    assert (detector_set._twice_of[i] in hits) is twice


def test_covered_skip_keeps_every_character(detector_set: DetectorSet) -> None:
    """Skipping refines of matches inside earlier findings flags the same characters."""
    detectors = [d for d in detector_set._gated if isinstance(d, PatternDetector)]
    for text in TEXTS:
        folded = fold(text)[0]
        data = ascii_bytes(folded)
        spans = [span for d in detectors for span in d.scan(folded, data)]
        for expand in detector_set._expanders:  # a name found again where it is repeated
            spans += expand(folded, spans)
        plain = {i for s, e, _, _ in spans for i in range(s, e)}
        got = {i for f in detector_set.find(folded) for i in range(f.start, f.end)}
        assert plain == got, text


def _batches(texts: list[str], seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    shuffled = texts[:]
    rng.shuffle(shuffled)
    out = []
    while shuffled:
        size = rng.randint(1, 40)
        out.append(shuffled[:size])
        shuffled = shuffled[size:]
    return out


def _find_each(ds: DetectorSet, texts: list[str]) -> dict[int, list[Finding]]:
    return {i: found for i, text in enumerate(texts) if (found := ds.find(text))}


def test_find_many_finds_what_find_finds(detector_set: DetectorSet) -> None:
    """find_many gives each text exactly what find gives it, however the texts are grouped."""
    texts = [*TEXTS, "", "call_ended", "x " * 3000 + "ssn 412-67-9031", "312-555-0188"]
    for batch in _batches(texts, 1):
        assert detector_set.find_many(batch) == _find_each(detector_set, batch)


def test_batch_gate_sees_every_trigger_of_every_text(detector_set: DetectorSet) -> None:
    """Each text's gate hits are among the multi-line gate's hits on the texts joined."""
    count = len(detector_set._gated)
    for batch in _batches([t for t in TEXTS if t.isascii()], 2):
        joined = detector_set._joined_gate().Match("\n".join(batch).encode())
        for text in batch:
            hits = {i for i in detector_set._plain_gate().Match(text.encode()) if i < count}
            assert hits <= set(joined), text


@pytest.mark.parametrize("gate", ["no-sentinel", "raises"])
def test_find_many_fails_closed(gate: str) -> None:
    """When the joined pass fails or raises, every text is still scanned on its own."""

    class _Gate:
        def Match(self, data: bytes) -> list[int]:
            if gate == "raises":
                raise RuntimeError("out of memory")
            return []

    texts = ["status ok", "call me at 312-555-0188", "my name is frank holloway", "done"]
    ds = DetectorSet(builtin_detectors())
    expected = _find_each(ds, texts)
    assert set(expected) == {1, 2}
    ds._batch_gate = _Gate()
    assert ds.find_many(texts) == expected


def test_rescan_terminates_when_refine_returns_a_span_before_its_match() -> None:
    """A custom refine that returns a span outside its match (before it) cannot stall the
    search: each accepted match moves the search past its own start."""
    detector = PatternDetector("x", "NAME", r"ab+", rescan=True,
                               refine=lambda _t, _s, _e, _g: (0, 1, "NAME"))
    text = "zzabbbabb"
    assert detector.scan(text, text.encode()) == [(0, 1, "NAME", "x"), (0, 1, "NAME", "x")]


def test_an_expand_step_shared_by_two_detectors_runs_once_per_text() -> None:
    """An ``expand`` callable sees every finding, whichever detector carries it: two
    detectors that share one (street_address and po_box do) must not run it twice."""
    calls: list[str] = []

    def expand(text: str, spans: Any) -> list[Any]:
        calls.append(text)
        return []

    ds = DetectorSet([
        PatternDetector("a", "NAME", r"alpha", expand=expand),
        PatternDetector("b", "NAME", r"beta", expand=expand),
    ])
    found = ds.find("alpha and beta")
    assert [f.detector for f in found] == ["a", "b"]
    assert len(calls) == 1
