"""Adversarial inputs: huge and repetitive strings, look-alike digits, invisible characters."""

from __future__ import annotations

import random

import pytest

from phiguard._engine.detectors.base import DetectorSet
from phiguard._engine.detectors.normalize import fold

from .conftest import covered


def _find_value(ds: DetectorSet, text: str, value: str) -> bool:
    start = text.index(value)
    return covered(text, ds.find(text), start, start + len(value))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("call \uff15\uff15\uff15-\uff12\uff13\uff14-\uff15\uff16\uff17\uff18 now",
         "\uff15\uff15\uff15-\uff12\uff13\uff14-\uff15\uff16\uff17\uff18"),
        ("ssn \u0664\u0661\u0662-\u0666\u0667-\u0669\u0660\u0663\u0661 ok",
         "\u0664\u0661\u0662-\u0666\u0667-\u0669\u0660\u0663\u0661"),
        ("call 312\u200b-555\u200b-0188 now", "312\u200b-555\u200b-0188"),
        ("card 4111\u00a01111\u00a01111\u00a01111 ok", "4111\u00a01111\u00a01111\u00a01111"),
        ("ssn 412\u2013 67\u201390\u00ad31".replace("\u2013 ", "\u2013"),
         "412\u201367\u201390\u00ad31"),
        ("mail jane\u200d.doe@example.com", "jane\u200d.doe@example.com"),
    ],
)
def test_lookalike_and_invisible_characters(detector_set: DetectorSet, text: str,
                                            value: str) -> None:
    """Fullwidth/Arabic-Indic digits, zero-width characters and NBSP inside values are found."""
    assert _find_value(detector_set, text, value)


def test_fold_maps_offsets_back() -> None:
    """fold() removes invisible characters and returns a map to original offsets."""
    folded, index_map = fold("a\u200bb\uff11")
    assert folded == "ab1"
    assert index_map == [0, 2, 3, 4]


def test_one_megabyte_clean_string(detector_set: DetectorSet) -> None:
    """A 1 MB PHI-free string yields no findings."""
    text = ("the clinic is open every weekday and the pharmacy closes at six. " * 16_000)
    assert len(text) > 1_000_000
    assert detector_set.find(text) == []


def test_one_megabyte_string_with_phi_at_the_end(detector_set: DetectorSet) -> None:
    """PHI after 1 MB of filler is still found at the right offset."""
    text = "x " * 500_000 + "call 312-555-0188"
    found = detector_set.find(text)
    assert [(text[f.start : f.end], f.label) for f in found][-1:] == [("312-555-0188", "PHONE")]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "one " * 50_000,
        "a " * 100_000,
        "my name is " * 20_000,
        "1." * 100_000,
        "a@" * 100_000,
        "http://" + "a" * 200_000,
        ":" * 200_000,
        "Aa " * 70_000,
        "five dot " * 30_000,
    ],
    ids=["digits", "one", "letters", "cues", "dots", "ats", "url", "colons", "caps", "dots2"],
)
def test_pathological_repetitions_do_not_raise(detector_set: DetectorSet, text: str) -> None:
    """Pathological repetitions complete and return well-formed findings."""
    for f in detector_set.find(text):
        assert 0 <= f.start < f.end <= len(text)


@pytest.mark.parametrize("filler", ["the pharmacy closes at six.\n", "ok ", "x" * 97 + "\n"],
                         ids=["lines", "words", "long-lines"])
def test_long_text_finds_every_entity_across_piece_cuts(detector_set: DetectorSet,
                                                        filler: str) -> None:
    """Long texts are scanned in pieces: entities at every offset, cuts included, are found."""
    rng = random.Random(17)
    values = [("call", "312-555-0188"), ("mail", "jane.roe@example.com"), ("ssn", "412-67-9031"),
              ("card", "4111 1111 1111 1111"),
              ("my member id is", "a p k six three three one two nine four")]
    parts: list[str] = []
    wanted: list[tuple[int, int]] = []
    size = 0
    while size < 60_000:
        parts.append(filler * rng.randint(1, 40))
        cue, value = rng.choice(values)
        start = sum(len(p) for p in parts) + len(cue) + 1
        parts.append(f"{cue} {value} end\n")
        wanted.append((start, start + len(value)))
        size = sum(len(p) for p in parts)
    text = "".join(parts)
    found = detector_set.find(text)
    missed = [text[s:e] for s, e in wanted if not covered(text, found, s, e)]
    assert missed == []


def test_non_ascii_text_keeps_offsets(detector_set: DetectorSet) -> None:
    """Accented letters and emoji around PHI do not shift the findings' offsets."""
    text = "Señora José Núñez 😀 llamó: 312-555-0188, correo jose.nunez@example.com ✓"
    found = [(text[f.start : f.end], f.label) for f in detector_set.find(text)]
    assert ("312-555-0188", "PHONE") in found
    assert ("jose.nunez@example.com", "EMAIL") in found


def test_url_encoded_punctuation_is_decoded_and_mapped_back(detector_set: DetectorSet) -> None:
    """A form body's "%2F" and "%40" are read as "/" and "@", and the finding covers the
    encoded original text."""
    text = "dob=07%2F04%2F1950&email=a.b%40example.com&x=1"
    spans = {text[f.start : f.end] for f in detector_set.find(text)}
    assert "07%2F04%2F1950" in spans
    assert "a.b%40example.com" in spans
