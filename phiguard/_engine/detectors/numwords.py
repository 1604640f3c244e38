"""Spoken numbers: RE2 fragments that match them and a parser that turns them into digits.

Speech-to-text writes identifiers the way people say them: digit by digit ("five five
five"), with "oh" for zero, "double five", pairs ("ninety two", "nineteen eighty four"),
hundreds ("nine hundred"), separators said aloud ("dash", "dot") and digits mixed with
words ("555 one two three"). The fragments below match such runs; :func:`spoken_digits`
reads one back as a digit string so a detector can count digits, check a checksum or a
shape (3-2-4 for an SSN), and pick a label.
"""

from __future__ import annotations

_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_REPEAT = {"double": 2, "triple": 3}

#: One spoken digit-ish word (cardinals up to "thousand", "oh", "double", "triple").
NUM_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|thousand|double|triple)"
)
#: A number token: a spoken number word or a run of written digits.
NUM_TOKEN = rf"(?:{NUM_WORD}|[0-9]+)"
#: What may stand between the tokens of one spoken identifier.
NUM_SEP = r"(?:[ ]*[,.\-/][ ]*|[ ]+(?:dash|hyphen)[ ]+|[ ]+)"
#: A run of at least ``n`` number tokens (written as a template: format with ``{min}``).
NUM_RUN = rf"\b{NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{%d}}(?:{NUM_SEP}{NUM_TOKEN})*\b"

_SPLIT = str.maketrans({",": " , ", "-": " - ", "/": " / ", ".": " . "})


def num_run(min_tokens: int) -> str:
    """Return an RE2 fragment matching a run of at least ``min_tokens`` number tokens."""
    return NUM_RUN % max(0, min_tokens - 1)


def spoken_digits(text: str) -> tuple[str, list[int]] | None:  # noqa: PLR0915 - one pass
    """Read a spoken (or mixed) number run as digits.

    Returns ``(digits, groups)`` where ``groups`` are the digit counts between the pauses
    written as commas or dashes (``[3, 2, 4]`` for "one two three, four five, ..."), or
    ``None`` if something in ``text`` is not part of a number.
    """
    tokens = text.lower().translate(_SPLIT).split()
    out: list[str] = []
    groups: list[int] = []
    group_start = 0
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        i += 1
        if tok in ",-/.":
            if len(out) > group_start:
                groups.append(len("".join(out[group_start:])))
                group_start = len(out)
            continue
        if tok in ("dash", "hyphen"):
            if len(out) > group_start:
                groups.append(len("".join(out[group_start:])))
                group_start = len(out)
            continue
        if tok.isdigit() and tok.isascii():
            out.append(tok)
            continue
        if tok in _REPEAT:
            if i < n and tokens[i] in _UNITS:
                out.append(str(_UNITS[tokens[i]]) * _REPEAT[tok])
                i += 1
                continue
            return None
        if tok in _UNITS:
            if i < n and tokens[i] == "hundred":
                i += 1
                rest, i = _below_hundred(tokens, i)
                out.append(f"{_UNITS[tok]}{rest:02d}")
            elif i < n and tokens[i] == "thousand":
                i += 1
                rest, i = _below_thousand(tokens, i)
                out.append(f"{_UNITS[tok]}{rest:03d}")
            else:
                out.append(str(_UNITS[tok]))
            continue
        if tok in _TEENS:
            if i < n and tokens[i] == "hundred":
                i += 1
                rest, i = _below_hundred(tokens, i)
                out.append(f"{_TEENS[tok]}{rest:02d}")
            else:
                out.append(str(_TEENS[tok]))
            continue
        if tok in _TENS:
            value = _TENS[tok]
            if i < n and tokens[i] in _UNITS and tokens[i] not in ("zero", "oh", "o"):
                value += _UNITS[tokens[i]]
                i += 1
            out.append(str(value))
            continue
        if tok == "hundred":
            out.append("100")
            continue
        if tok == "thousand":
            out.append("1000")
            continue
        if tok in ("and", "a"):
            continue
        return None
    if len(out) > group_start:
        groups.append(len("".join(out[group_start:])))
    digits = "".join(out)
    return (digits, groups) if digits else None


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int]:
    """Read an optional 1..99 after "hundred"; return (value, next index)."""
    n = len(tokens)
    if i < n and tokens[i] == "and":
        i += 1
    if i < n and tokens[i] in _TEENS:
        return _TEENS[tokens[i]], i + 1
    if i < n and tokens[i] in _TENS:
        value = _TENS[tokens[i]]
        i += 1
        if i < n and tokens[i] in _UNITS and tokens[i] not in ("zero", "oh", "o"):
            value += _UNITS[tokens[i]]
            i += 1
        return value, i
    if i < n and tokens[i] in _UNITS and tokens[i] not in ("zero", "oh", "o"):
        return _UNITS[tokens[i]], i + 1
    return 0, i


def _below_thousand(tokens: list[str], i: int) -> tuple[int, int]:
    """Read an optional 1..999 after "thousand"; return (value, next index)."""
    n = len(tokens)
    if i + 1 < n and tokens[i] in _UNITS and tokens[i + 1] == "hundred":
        hundreds = _UNITS[tokens[i]]
        rest, i = _below_hundred(tokens, i + 2)
        return hundreds * 100 + rest, i
    return _below_hundred(tokens, i)
