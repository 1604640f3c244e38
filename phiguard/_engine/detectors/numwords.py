"""Spoken numbers: RE2 fragments that match them and a parser that turns them into digits.

Speech-to-text writes identifiers the way people say them: digit by digit ("five five
five"), with "oh" for zero, "double five", pairs ("ninety two", "nineteen eighty four"),
hundreds ("nine hundred"), separators said aloud ("dash", "slash"), pauses and fillers
between groups ("two oh six... um, eight six two") and digits mixed with words ("555 one
two three"). The fragments below match such runs; :func:`spoken_digits`
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
#: Spanish digit words ("ocho cuatro ocho ...", "cero siete cinco ..."): read as digits,
#: but matched only in a run of their own (:data:`ES_DIGIT_RUN`), never as a NUM_WORD.
_ES_UNITS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9,
}
#: One Spanish digit word.
ES_DIGIT = r"(?:cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
#: Seven Spanish digit words or more said one by one: a phone or an identifier in Spanish.
ES_DIGIT_RUN = rf"\b{ES_DIGIT}(?:[ ]*,?[ ]+{ES_DIGIT}){{6,}}\b"

#: One spoken digit-ish word (cardinals up to "thousand", "oh", "double", "triple").
NUM_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|thousand|double|triple)"
)
#: A number token: a spoken number word or a run of written digits.
#: Words speech-to-text writes for a digit it heard ("for" for four, "to" for two, "ate").
#: They are number tokens only inside a run, never the first token of one.
_HOMOPHONES = {"for": 4, "to": 2, "too": 2, "ate": 8}
NUM_TOKEN = rf"(?:{NUM_WORD}|[0-9]+|for|too?|ate)"
#: A hesitation said between the groups of a number ("two oh six um eight six two").
NUM_FILLER = r"(?:umm?|uhh?|er|erm|ah|hmm?m?)"
#: What may stand between the tokens of one spoken identifier: a space, a mark (an
#: ellipsis is a pause: "four two seven six... four five"), a separator said aloud, "and"
#: ("two thousand and one"), or a hesitation with its commas ("8608, uh, three six").
NUM_SEP = (
    r"(?:[ ]*(?:[,\-/]|\.{1,3})[ ]*|[ ]+(?:dash|hyphen|slash|and)[ ]+|[ ]+"
    rf"|(?:[ ]*(?:,|\.{{1,3}})[ ]*|[ ]+){NUM_FILLER}(?:[ ]*(?:,|\.{{1,3}}))?[ ]+)"
)
#: A run of at least ``n`` number tokens (written as a template: format with ``{min}``).
NUM_RUN = rf"\b{NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{%d}}(?:{NUM_SEP}{NUM_TOKEN})*\b"

#: Separators that are tokens of their own ("one two, three" pauses after "two").
_SEPARATORS = (",", "-", "/", ".")

# What each token of a spoken number is, looked up once per token: a pause (ends a group of
# digits), a digit run, a repeat ("double"), a unit, a teen, a ten, "hundred", "thousand",
# or a filler ("and", "a").
_PAUSE, _UNIT, _TEEN, _TEN, _HUNDRED, _THOUSAND, _REPEAT_KIND, _SKIP = range(8)
#: Tokens that end a group of digits: marks, separators said aloud, hesitations.
_PAUSE_WORDS = (
    ",", "-", "/", ".", "dash", "hyphen", "slash", "um", "umm", "uh", "uhh", "er", "erm", "ah",
    "hm", "hmm", "hmmm",
)
_KIND: dict[str, tuple[int, int]] = {
    **dict.fromkeys(_PAUSE_WORDS, (_PAUSE, 0)),
    **{tok: (_UNIT, v) for tok, v in _UNITS.items()},
    **{tok: (_UNIT, v) for tok, v in _HOMOPHONES.items()},
    **{tok: (_UNIT, v) for tok, v in _ES_UNITS.items()},
    **{tok: (_TEEN, v) for tok, v in _TEENS.items()},
    **{tok: (_TEN, v) for tok, v in _TENS.items()},
    **{tok: (_REPEAT_KIND, v) for tok, v in _REPEAT.items()},
    "hundred": (_HUNDRED, 100),
    "thousand": (_THOUSAND, 1000),
    "and": (_SKIP, 0),
    "a": (_SKIP, 0),
}
#: Tokens of a run said digit by digit, and what they stand for.
_SIMPLE: dict[str, str] = {
    **{tok: str(v) for tok, v in _UNITS.items()},
    **{tok: str(v) for tok, v in _HOMOPHONES.items()},
    **{tok: str(v) for tok, v in _ES_UNITS.items()},
    **dict.fromkeys(_PAUSE_WORDS, ","),
    "and": "",
    "a": "",
}
#: Units that can follow a ten ("ninety two"); "oh" and "zero" start a new digit.
_TEN_UNITS = {tok: v for tok, v in _UNITS.items() if v}


def num_run(min_tokens: int) -> str:
    """Return an RE2 fragment matching a run of at least ``min_tokens`` number tokens."""
    return NUM_RUN % max(0, min_tokens - 1)


def spoken_digits(text: str) -> tuple[str, list[int]] | None:
    """Read a spoken (or mixed) number run as digits.

    Returns ``(digits, groups)`` where ``groups`` are the digit counts between the pauses
    written as commas or dashes (``[3, 2, 4]`` for "one two three, four five, ..."), or
    ``None`` if something in ``text`` is not part of a number.
    """
    lowered = text.lower()
    for sep in _SEPARATORS:
        if sep in lowered:  # str.replace per separator beats a per-character translate
            lowered = lowered.replace(sep, f" {sep} ")
    return read_tokens(lowered.split())


def read_tokens(tokens: list[str]) -> tuple[str, list[int]] | None:
    """:func:`spoken_digits` on lowercase tokens, with ``, - / .`` as tokens of their own."""
    while tokens and tokens[-1] in _HOMOPHONES:
        # "... one two one two for an appointment": a homophone that ends a run is the word.
        tokens = tokens[:-1]
    if "to" in tokens or "too" in tokens:
        cut = tokens.index("to") if "to" in tokens else tokens.index("too")
        if 0 < cut < len(tokens) - 1 and len(tokens) - cut <= 3 and cut <= 3:
            return None  # "three thirty to twelve thirty", "ten to fifteen": a range
    # Most runs are digits said one by one ("five five five, oh one"): map each token to
    # its digit, a pause to ",", a filler to nothing, and leave anything else as it is
    # (which then fails the digit test and takes the general path).
    joined = "".join(map(_SIMPLE.get, tokens, tokens))
    digits = joined.replace(",", "")
    if digits.isdigit() and digits.isascii():
        return digits, [len(group) for group in joined.split(",") if group]
    if not digits:
        return None
    return _read_tokens(tokens)


def _read_tokens(tokens: list[str]) -> tuple[str, list[int]] | None:
    """The general case of :func:`spoken_digits`, on its lowercase tokens."""
    out: list[str] = []
    groups: list[int] = []
    size = 0  # digits so far
    group_start = 0  # digits before the current group
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        i += 1
        kind_value = _KIND.get(tok)
        if kind_value is None:
            if not (tok.isdigit() and tok.isascii()):
                return None
            out.append(tok)
            size += len(tok)
            continue
        if kind_value[0] == _PAUSE:
            if size > group_start:
                groups.append(size - group_start)
                group_start = size
            continue
        if kind_value[0] == _SKIP:
            continue
        piece, i = _number(kind_value, tokens, i)
        if piece is None:
            return None
        out.append(piece)
        size += len(piece)
    if size > group_start:
        groups.append(size - group_start)
    return ("".join(out), groups) if size else None


def _number(kind_value: tuple[int, int], tokens: list[str], i: int) -> tuple[str | None, int]:
    """Read the number a word starts ("nine", "ninety two", "nine hundred", "double five").

    ``tokens[i]`` is the token after the word; returns the digits (``None`` if the word
    cannot start one) and the index after them.
    """
    kind, value = kind_value
    nxt = tokens[i] if i < len(tokens) else ""
    if kind == _UNIT:
        if nxt == "hundred":
            rest, i = _below_hundred(tokens, i + 1)
            return f"{value}{rest:02d}", i
        if nxt == "thousand":
            rest, i = _below_thousand(tokens, i + 1)
            return f"{value}{rest:03d}", i
        return _DIGIT_TEXT[value], i
    if kind == _TEN:
        if nxt in _TEN_UNITS:
            return str(value + _TEN_UNITS[nxt]), i + 1
        return str(value), i
    if kind == _TEEN:
        if nxt == "hundred":
            rest, i = _below_hundred(tokens, i + 1)
            return f"{value}{rest:02d}", i
        return str(value), i
    if kind == _REPEAT_KIND:
        if nxt in _UNITS:
            return _DIGIT_TEXT[_UNITS[nxt]] * value, i + 1
        return None, i
    return str(value), i  # a bare "hundred" or "thousand"


_DIGIT_TEXT = tuple(str(d) for d in range(10))


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
