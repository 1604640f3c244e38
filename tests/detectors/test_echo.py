"""A name found once is found again wherever the same text repeats it."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from phiguard._engine.detectors.base import DetectorSet


def _found(ds: DetectorSet, text: str) -> list[str]:
    return [text[f.start : f.end] for f in ds.find(text)]


def test_a_repeated_name_without_a_cue_is_found_again(detector_set: DetectorSet) -> None:
    text = "my neighbor okonjo is driving me, can okonjo pick up the refill"
    assert _found(detector_set, text).count("okonjo") == 2


def test_a_name_that_is_a_word_is_found_again_only_as_written(
    detector_set: DetectorSet,
) -> None:
    """"Bill" the name is found again; "bill" the invoice is left alone."""
    text = "Caller: Bill Okafor. Bill says the bill from March is wrong."
    found = detector_set.find(text)
    spans = [(f.start, f.end) for f in found]
    second = text.index("Bill says")
    invoice = text.index("bill from")
    assert any(s <= second < e for s, e in spans)
    assert not any(s <= invoice < e for s, e in spans)


def test_no_name_no_echo(detector_set: DetectorSet) -> None:
    assert detector_set.find("the bill from march is wrong, please call back") == []


def test_every_repetition_in_a_long_text_is_found(detector_set: DetectorSet) -> None:
    """Thousands of findings and repetitions in one text: each occurrence is covered once."""
    text = "Patient Grace Okafor called. Okafor asked again. " * 2000
    found = detector_set.find(text)
    covered = sum(text[f.start : f.end].count("Okafor") for f in found)
    assert covered == text.count("Okafor")
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_a_name_joined_to_a_found_name_is_found(detector_set: DetectorSet) -> None:
    """"and", "or" and corrections join names: the one without a cue is found too."""
    assert _found(detector_set, "teodoro villaseca both need rides") == []
    joined = "my aunt odalys and teodoro villaseca both need rides"
    assert _found(detector_set, joined) == ["odalys", "teodoro villaseca"]


def test_a_correction_needs_a_first_name(detector_set: DetectorSet) -> None:
    """After "no" only a listed first name starts a name: Spanish after a name is not one."""
    assert _found(detector_set, "Senora Quispe no puede venir hoy") == ["Quispe"]
    assert _found(detector_set, "my wife farida no wait rosalind hakimi called") == [
        "farida", "rosalind hakimi"]


def test_joined_words_must_look_like_a_name(detector_set: DetectorSet) -> None:
    """Ordinary words, titles and greetings on the other side of "and" are left alone."""
    assert _found(detector_set, "Patient Okonjo and pharmacy staff met today") == ["Okonjo"]
    assert _found(detector_set, "Caller: hi this is Imogen\nAgent: Hi Imogen, go ahead") == [
        "Imogen", "Imogen"]


def test_a_name_found_again_takes_its_surname(detector_set: DetectorSet) -> None:
    """"Zofia's daughter ... Zofia Kaczmarek": the repeated first name brings its surname."""
    text = "I'm Mireille's daughter. Mireille Abernathy-Oduya. She uses a walker."
    assert "Mireille Abernathy-Oduya" in _found(detector_set, text)


def test_a_read_back_is_found_near_its_spoken_value(detector_set: DetectorSet) -> None:
    """An id said aloud is found again where it is written close after it; far away (past
    the read-back window, which keeps a long text's scan linear) the written form alone is
    no finding."""
    near = "the plate is one s f c oh five zero. okay, look for 1sfc050."
    assert "1sfc050" in _found(detector_set, near)
    far = "the plate is one s f c oh five zero. " + "okay. " * 200 + "look for 1sfc050."
    assert "1sfc050" not in _found(detector_set, far)


def test_a_long_text_finds_the_same_repetitions_by_either_search(
    detector_set: DetectorSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """echo_names reads a long text's words once instead of searching it per name: both
    ways find exactly the same names."""
    from phiguard._engine.detectors import names

    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "ta", "ve", "ru", "zo", "ne", "bi", "sa"]
    parts = []
    for _ in range(200):
        first = "".join(rng.choice(syllables) for _ in range(3))
        last = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        parts.append(f"my neighbor {first} drove me, so can {first} pick it up? Patient "
                     f"{last} Okafor called; {last} asked again. ")
    text = "".join(parts)
    monkeypatch.setattr(names, "_ECHO_SEARCH_BUDGET", 0)
    by_words = detector_set.find(text)
    monkeypatch.setattr(names, "_ECHO_SEARCH_BUDGET", 10**12)
    by_search = detector_set.find(text)
    assert by_words == by_search
    # The echoes: a name after "can", where only its first mention had a cue.
    echoed = {f.start for f in by_words if text[f.start - 4 : f.start] == "can "}
    assert len(echoed) >= 30
