"""Detectors for identifiers as speech-to-text writes them, and for cue-led identifiers.

- ``cue_number``: a cue ("member ID", "MRN", "account number", "date of birth", "zip
  code", "last four of my social", a JSON key such as ``"patient_id"``) followed by an
  identifier, written ("FZH271424191", "07828268") or spoken ("a p k six three three ...",
  "oh four one two", "b as in baker seven kilo two"). The cue sets the label. The cue may
  be in the agent's question and the value in the answer ("what's the zip code there?
  Caller: uh, 60614"). A partial cue ("ending in", "the last part is") takes its label
  from the cue before it.
- ``spoken_number``: a run of spoken digits long enough to be an identifier with no cue
  (7+ digits, hesitations allowed between groups, an extension included): labelled by shape
  (3-2-4 is an SSN, 10 digits a phone, a Luhn-valid 16 a card), unless the text says it
  is an order or confirmation number.
- ``spoken_email``: "jane dot doe at gmail dot com".
- ``spoken_url``: "w w w dot smith family dot net slash anna", "caring bridge dot org".
- ``spoken_date``: "March third nineteen eighty four", "the third of March", "october
  eighteenth"; with no year ("on april seventeen", "appointment on 7/1") in a date's
  context.
- ``age_over_89``: ages of 90 and more, written or spoken, next to an age cue ("my mom
  harpreet is 94").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from phiguard._engine.detectors.numwords import (
    NUM_SEP,
    NUM_TOKEN,
    NUM_WORD,
    read_tokens,
    spoken_digits,
)
from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    RegexSet,
    ascii_bytes,
    builtin_detector,
    compile_re2,
    without_groups,
)
from phiguard._engine.detectors.written import luhn_ok

# --- cues ---------------------------------------------------------------------------------

#: Cue alternatives by label. The order matters only for readability; the label of a match
#: is decided by :func:`_cue_label` on the cue text. ``None`` marks non-personal numbers.
_CUES: dict[str | None, str] = {
    "SSN": (
        r"ssn(?:[ _\-]?last[ _\-]?(?:4|four))?|ss#|social(?:[ _\-]security)?(?:[ _\-]number)?"
        r"|last[ _\-]?(?:4|four)(?:[ _\-]?(?:of[ _\-])?(?:ssn|social))?|tax[ _\-]id"
        r"|tin|itin"
    ),
    "CREDIT_CARD": (
        r"(?:credit|debit)?[ _\-]?card(?:[ _\-]?number)?|visa|master[ ]?card|amex"
        r"|american express|discover|cc[ _\-]?num(?:ber)?|pan|cvv|cvc"
    ),
    "ACCOUNT": (
        r"account(?:[ _\-]?(?:number|num|no|id))?|acct(?:[ _\-]?(?:number|num|no|id))?|a/c"
        r"|routing(?:[ _\-]number)?|iban"
        r"|bank(?:[ _\-]account)?|billing[ _\-]id|invoice[ _\-]account"
    ),
    "MRN": (
        r"mrn|medical[ _\-]record(?:[ _\-]number)?|med[ _\-]rec|chart(?:[ _\-](?:number|id))?"
        r"|patient[ _\-]?(?:id|number|no|identifier)|record[ _\-](?:number|id)"
        r"|hospital[ _\-]number|encounter[ _\-]id"
    ),
    "MEMBER_ID": (
        r"member(?:ship)?(?:[ _\-]?(?:id|number|no))?|subscriber(?:[ _\-]?(?:id|number))?"
        r"|beneficiary(?:[ _\-]?(?:id|number))?|policy(?:[ _\-]?(?:id|number|no))?"
        r"|insurance(?:[ _\-]?(?:id|number))?|medicare(?:[ _\-]?(?:id|number))?"
        r"|medicaid(?:[ _\-]?(?:id|number))?|plan[ _\-]id|group[ _\-](?:number|id)"
        r"|health[ _\-]plan(?:[ _\-](?:id|number))?|mbi|hicn"
    ),
    "LICENSE_OR_DEVICE_ID": (
        r"licen[cs]e(?:[ _\-]?(?:number|no|id|plate))?|driver'?s?[ _\-]?licen[cs]e|dl"
        r"|passport(?:[ _\-]number)?|permit(?:[ _\-]number)?|certificate(?:[ _\-]number)?"
        r"|serial(?:[ _\-]?(?:number|no))?|s/n|sn|device(?:[ _\-]?(?:id|number|serial))?"
        r"|imei|vin|vehicle[ _\-]id|plate(?:[ _\-]number)?|npi|dea(?:[ _\-]number)?"
        r"|udi|model[ _\-]number|pump|meter|monitor|pacemaker|implant|hearing[ ]aid|cgm"
        r"|inhaler|glucometer|nebulizer|cpap|wheelchair|hardware[ _\-]id|mac[ _\-]address"
        r"|iccid|imsi|meid|esn|sim[ _\-]?(?:id|number|serial)|transmitter(?:[ _\-](?:id|serial))?"
    ),
    "PHONE": (
        r"phone(?:[ _\-]?number)?|telephone|tel|cell(?:[ _\-]?phone)?|mobile|fax"
        r"|call(?:[ _\-]?back)?(?:[ ]me)?(?:[ ]back)?(?:[ ]at)?|reach me(?:[ ]at)?"
        r"|text me(?:[ ]at)?|caller[ _\-]?id|from[ _\-]number|to[ _\-]number|ani|dnis"
    ),
    "ZIP": r"zip(?:[ _\-]?code)?|postal(?:[ _\-]?code)?|postcode",
    "DATE": (
        r"dob|d\.o\.b\.?|date[ _\-]of[ _\-]birth|birth[ _\-]?date|birthday|born(?:[ ]on)?"
        r"|admitted(?:[ ]on)?|admission[ _\-]date|discharged(?:[ ]on)?|discharge[ _\-]date"
        r"|date[ _\-]of[ _\-]death|died(?:[ ]on)?|deceased(?:[ ]on)?"
    ),
    None: (
        r"order(?:[ _\-]?(?:number|num|no|id))?|confirmation(?:[ _\-]?(?:number|code|id))?"
        r"|reference(?:[ _\-]?(?:number|code))?|tracking(?:[ _\-]?(?:number|id))?"
        r"|ticket(?:[ _\-]?(?:number|id))?|extension|ext|press|option|room|page|step"
        r"|version|build|error[ _\-]code|status[ _\-]code|request[ _\-]id|trace[ _\-]id"
    ),
}

#: Cues to the tail of a number whose kind was said before ("the card ending in", "the last
#: part is", "the last four digits"): they take their label from the cue before them (see
#: :func:`_partial_number`). First in the alternation, so "last four digits" is one cue.
_PARTIAL_CUES = (
    r"end(?:s|ing)?[ ](?:in|with)|last[ ](?:part|bit|(?:few[ ])?digits"
    r"|(?:three|3|four|4|five|5|six|6)[ ]digits)|final[ ](?:four|4|digits)"
)
#: The label :func:`_cue_label` gives a partial cue.
_PARTIAL = "PARTIAL"

_CUE_ALT = f"(?:{_PARTIAL_CUES})|" + "|".join(
    f"(?:{v})" for k, v in _CUES.items() if k is not None
)
_ANY_CUE_ALT = "|".join(f"(?:{v})" for v in _CUES.values())
_CUE_RES = [(label, Regex(rf"^(?:{v})$")) for label, v in _CUES.items()]
_CUE_RES.append((_PARTIAL, Regex(rf"^(?:{_PARTIAL_CUES})$")))

# Words that may stand between a cue and its value ("number is", "on file is", "ending in"),
# including the end of an agent's question and the caller's answer before the value:
# "what's the zip code there? Caller: uh, you know, 42816", "your Medicaid ID handy?
# [caller] yeah it's ...". Speaker labels are words here ("Caller", "Voice agent") or a
# letter and a colon ("C:", below). An answer's "Oh," is a filler only right after a
# speaker label ("Caller: Oh, it's 30318"): elsewhere "oh" is a zero. It comes first, so
# the cue-and-filler scan of :func:`_cue_number` prefers it to the colon alone.
_FILLER_WORD = (
    r"(?:number|numbers|num|no|nbr|id|is|was|it's|its|it|would|should|will|be|of|the|my|on"
    r"|file|are|reads|ending|ends|in|with|digits|code|that|here|please|sure|yes|okay|ok|um"
    r"|umm|uh|uhh|er|hmm|hm|and|so|just|for|his|her|their|our|your|this|identifier|value"
    r"|listed|as|there|out|handy|today|again|then|too|yeah|yep|yup|right|well|you|know|let|me"
    r"|see|sorry|huh|that's|thats|car|truck|vehicle|caller|agent|voice|patient|customer|user"
    r"|rep|nurse|operator|assistant|bot|speaker)"
)
_FILLER = rf"(?:[:\]][ ]*oh[,.!]|[\s:=#\"'(),.\-?!\[\]>]+|{_FILLER_WORD}\b|[a-z]:)*"
#: Letters of the NATO alphabet, said for a letter of an identifier ("nine kilo hotel").
_NATO = (
    r"(?:alpha|alfa|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|juliett|kilo"
    r"|lima|mike|november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey"
    r"|whisky|x-ray|xray|yankee|zulu)"
)
#: A letter, said alone or spelled out ("b as in baker", "x as in x-ray").
_LETTER = rf"(?:[a-z](?:[ ]+as[ ]+in[ ]+[a-z]+(?:-[a-z]+)?)?|{_NATO})"
#: A spoken identifier: spelled letters and number words, ending in a number.
_SPOKEN_ID = rf"(?:(?:{_LETTER}|{NUM_TOKEN}){NUM_SEP}){{2,}}{NUM_TOKEN}\b"
#: A written identifier with at least one digit: "FZH271424191", "D292-4940-7338".
_WRITTEN_ID = (
    r"[a-z]{0,6}[\-]?[0-9][0-9a-z]{2,}(?:[\-./][0-9a-z]+){0,6}"
    r"|[a-z]{0,6}[\-]?[0-9]+(?:[\-./][0-9a-z]+){1,6}"
)

CUE_NUMBER_PATTERN = (
    rf"\b({_CUE_ALT})(?:\b|[\"'])({_FILLER})\b({_SPOKEN_ID}|{_WRITTEN_ID}\b)"
)

CUE_NUMBER_FINDER = (
    rf"\b(?:{_CUE_ALT})(?:\b|[\"'])(?:{_FILLER})\b(?:{_SPOKEN_ID}|{_WRITTEN_ID}\b)"
)

#: A unit or count after a number makes it a quantity ("model number: 942 items in 30 ms",
#: "... five thousand dollars"), not an identifier.
_QUANTITY_WORDS = frozenset(
    [
        "%", "percent", "item", "items", "ms", "msec", "msecs", "sec", "secs", "second", "seconds",
        "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "day", "days", "week",
        "weeks", "month", "months", "year", "years", "mg", "mcg", "ml", "cc", "kg", "lb", "lbs",
        "pound", "pounds", "tablet", "tablets", "pill", "pills", "capsule", "capsules", "dose",
        "doses", "times", "unit", "units", "dollar", "dollars", "cent", "cents", "bucks", "token",
        "tokens", "call", "calls", "request", "requests", "bytes", "kb", "mb", "gb", "am", "pm",
        "a.m", "p.m"
    ]
)


def _quantity_after(text: str, end: int) -> bool:
    """Whether the word after ``end`` is a unit or a count noun."""
    if end >= len(text):
        return False
    head = text[end : end + 2].lstrip()[:1]
    if head and not head.isalpha() and head != "%":
        return False  # every unit starts with a letter or "%"
    tail = text[end : end + 16].split(None, 1)
    return bool(tail) and tail[0].lower().rstrip(",;:!?).") in _QUANTITY_WORDS


_MIN_DIGITS = {
    "SSN": 4, "CREDIT_CARD": 4, "ACCOUNT": 4, "MRN": 4, "MEMBER_ID": 4,
    "LICENSE_OR_DEVICE_ID": 3, "PHONE": 7, "ZIP": 5, "DATE": 4,
}


def _cue_label(cue: str) -> tuple[bool, str | None]:
    """Return (known, label) for a cue's text; label None marks a non-personal number."""
    return _cue_label_lower(cue.lower())


@lru_cache(maxsize=2048)
def _cue_label_lower(cue: str) -> tuple[bool, str | None]:
    for label, regex in _CUE_RES:
        if regex.search(cue) is not None:
            return True, label
    return False, None


_DIGITS = b"0123456789"


def _count_digits(value: str) -> int:
    """Count the ASCII digits in ``value``."""
    # Deleting the ten digits is cheaper than keeping them (deleting the other 246 bytes).
    data = value.encode("ascii", "replace")
    return len(data) - len(data.translate(None, _DIGITS))


def _value_digits(value: str) -> int:
    """Count the digits in a written or spoken identifier (letters count as nothing)."""
    if value.isdigit() and value.isascii():  # "07828268"
        return len(value)
    if value.isalnum():  # one written token such as "FZH271424191"
        return _count_digits(value)
    lowered = value.lower()
    if lowered == value.upper():  # no letters
        return _count_digits(value)
    parts = lowered.replace(",", " ").replace("-", " ").split()
    if len(parts) == 1:
        return _count_digits(value)
    # The common cases, short-cut: digit words ("oh four one two"), maybe with single
    # letters and marks ("a p k six three"): what the general path below reads as one
    # digit a word, or as nothing.
    if _DIGIT_WORDS.issuperset(parts):
        return len(parts)
    if _DIGIT_WORDS_AND_MARKS.issuperset(parts):
        return sum(map(_DIGIT_WORDS.__contains__, parts)) or _count_digits(value)
    # Spelled letters ("a p k six three", "b as in baker", "kilo") count as nothing; "/"
    # and "." are pauses.
    if " in " in lowered or not _NATO_WORDS.isdisjoint(parts):
        parts = _drop_spelled(parts)
    tokens = [p for p in parts if len(p) > 1 or p.isdigit()]
    if not tokens:
        return _count_digits(value)
    if _DIGIT_WORDS.issuperset(tokens):  # said digit by digit: one digit a word
        return len(tokens)
    if "/" in lowered or "." in lowered:
        tokens = " ".join(tokens).replace("/", " / ").replace(".", " . ").split()
    parsed = read_tokens(tokens)
    if parsed is None:
        return _count_digits(value)
    return len(parsed[0])


#: The NATO letters as :func:`_value_digits` splits them ("x-ray" is "x" and "ray").
_NATO_WORDS = frozenset(
    [
        "alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
        "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky", "ray",
        "xray", "yankee", "zulu",
    ]
)


def _drop_spelled(parts: list[str]) -> list[str]:
    """Drop the words that spell letters from a value's tokens: the "as in baker" of
    "b as in baker", and NATO words. Letters count as no digit.
    """
    out: list[str] = []
    i = 0
    n = len(parts)
    while i < n:
        part = parts[i]
        if part == "as" and i + 2 < n and parts[i + 1] == "in":
            i += 3  # "as in x-ray" leaves "ray", a NATO word
            continue
        if part not in _NATO_WORDS:
            out.append(part)
        i += 1
    return out


#: Words for one digit each ("o" is filtered out with the spelled letters before).
_DIGIT_WORDS = frozenset(
    ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
)
#: Digit words and the one-character tokens that count as no digit (letters, marks).
_DIGIT_WORDS_AND_MARKS = _DIGIT_WORDS | frozenset(
    chr(c) for c in range(128) if not chr(c).isdigit()
)


#: The cue at the start of a cue_number match, and the cue and filler before its value (no
#: capture groups: RE2 finds these spans with its DFAs, where groups would need its NFA).
#: Filler words are never a value's first token (values start with a single letter, a
#: number word or a digit), so the greedy filler ends where the value starts.
_CUE_AT = compile_re2(rf"(?:{_CUE_ALT})(?:\b|[\"'])")._regexp
_CUE_AND_FILLER_AT = compile_re2(rf"(?:{_CUE_ALT})(?:\b|[\"'])(?:{_FILLER})\b")._regexp
_ANCHOR_START: Any = re2._re2.RE2.Anchor.ANCHOR_START
_ANCHOR_BOTH: Any = re2._re2.RE2.Anchor.ANCHOR_BOTH


@lru_cache(maxsize=4096)
def _lead_label(lead: str) -> str | None:
    """Return the label the cue at the start of ``lead`` sets, or None if it sets none.

    ``lead`` is the lowercase cue and filler before a value, then ``0`` if the value starts
    with a word character (else a space): all that decides where the cue ends. Cues and
    fillers come from short closed lists, so leads recur and the cache spares an RE2 pass
    per match, and it holds no character of any value.
    """
    data = ascii_bytes(lead)
    cue_end = _CUE_AT.Match(_ANCHOR_START, data, 0, len(data))[0][1]
    if cue_end < 0:
        return None
    if data[cue_end - 1 : cue_end] in (b'"', b"'"):
        cue_end -= 1
    known, label = _cue_label_lower(lead[:cue_end])
    return label if known else None


def _is_year(value: str) -> bool:
    """Whether a four-digit value reads as a year (19xx or 20xx; never a month and a day)."""
    parsed = spoken_digits(value.replace("'", ""))
    return parsed is not None and parsed[0][:2] in ("19", "20")


def _cue_number(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    chunk = ascii_bytes(text[start:end])
    value_start = _CUE_AND_FILLER_AT.Match(_ANCHOR_START, chunk, 0, len(chunk))[0][1]
    if value_start < 0 or value_start >= len(chunk):
        return None
    first = chunk[value_start : value_start + 1]
    word = first.isalnum() or first == b"_"
    label = _lead_label(text[start : start + value_start].lower() + ("0" if word else " "))
    if label is None:
        return None
    if label == _PARTIAL:
        return _partial_number(text, start, start + value_start, end)
    start += value_start
    value = text[start:end]
    if _quantity_after(text, end):
        return None
    # A spoken value may swallow a trailing connective ("... four two and"): the pattern
    # already ends on a number token, so only the digit count is checked here.
    digits = _value_digits(value)
    if digits < _MIN_DIGITS[label]:
        return None
    if label == "ZIP" and digits not in (5, 9):
        return None
    if label == "DATE" and digits == 4 and _is_year(value):
        return None  # "born in nineteen eighty one": a year alone is not PHI
    if label == "PHONE" and (digits > 15 or (
            any(map(str.isdigit, value)) and any(map(str.isalpha, value)))):
        return None
    return start, end, label


#: The last cue in a window before a partial cue (``.*`` is greedy: the closest cue).
_LAST_CUE = Regex(rf"(?s:.*)\b({_ANY_CUE_ALT})\b")
#: How far before a partial cue ("ending in") to look for what the number is.
_PARTIAL_WINDOW_CHARS = 120


def _partial_number(
    text: str, cue_start: int, value_start: int, end: int
) -> tuple[int, int, str] | None:
    """Refine the tail of a number after a partial cue ("the card ending in four four one
    two", "the last part is ..."): labelled by the closest cue before it, dropped when that
    cue is a non-personal number's ("your order ending in ...").
    """
    if _quantity_after(text, end):
        return None  # "the trial ends in twenty days"
    value = text[value_start:end]
    digits = _value_digits(value)
    if not 4 <= digits <= 19:
        return None
    window = text[max(0, cue_start - _PARTIAL_WINDOW_CHARS) : cue_start]
    cue = _LAST_CUE.search(window)
    if cue is not None:
        known, label = _cue_label(window[cue[1][0] : cue[1][1]])
        if not known or label is None:
            return None
        return value_start, end, label
    # No kind of number said before: a year is likelier than an identifier ("the lease ends
    # in twenty twenty six").
    parsed = spoken_digits(value)
    if parsed is None or (len(parsed[0]) == 4 and parsed[0][:2] in ("19", "20")):
        return None  # parsed digits are ASCII: a year, 19xx or 20xx
    return value_start, end, "ACCOUNT"


# --- spoken numbers with no cue --------------------------------------------------------------

#: An extension after a phone number ("..., extension 14", "ext nine four nine"): part of
#: the number, so the span covers it.
_EXTENSION = rf",?[ ]+(?:extension|ext\.?)[ ]*{NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{0,5}}\b"
SPOKEN_NUMBER_PATTERN = (
    rf"\b(?:[0-9]+{NUM_SEP})*{NUM_WORD}(?:{NUM_SEP}{NUM_TOKEN}){{3}}"
    rf"(?:{NUM_SEP}{NUM_TOKEN})*\b(?:{_EXTENSION})?"
)
#: Where an extension starts in a spoken_number match.
_EXTENSION_AT = Regex(r",?[ ]+ext(?:ension|\.)?\b")

_NON_PERSONAL = Regex(
    r"\b(?:order|confirmation|reference|tracking|ticket|invoice|case|extension|claim status)"
    r"(?:[ _\-]?(?:number|num|no|id|code|#))?\b[^.!?\n]{0,30}$"
)
_CUE_WINDOW = Regex(rf"\b({_ANY_CUE_ALT})\b[^.!?\n]{{0,40}}$")
#: Both window checks in one pass (most windows hold neither).
_WINDOW_CHECKS = RegexSet([_NON_PERSONAL.pattern, _CUE_WINDOW.pattern])


def _spoken_number(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    number_end = end
    if "ext" in value or "Ext" in value or "EXT" in value:
        at = _EXTENSION_AT.search(value)
        if at is not None:
            number_end = start + at[0][0]  # the extension's digits are not the number's
    parsed = spoken_digits(text[start:number_end])
    if parsed is None:
        return None
    digits, groups = parsed
    n = len(digits)
    if n < 7:
        return None
    window = text[max(0, start - 60) : start]
    if _quantity_after(text, end):
        return None
    checks = _WINDOW_CHECKS.matching(window)
    if checks is None:  # the pass failed: check each on its own
        checks = [1] if _NON_PERSONAL.search(window) is None else [0]
    if 0 in checks:
        return None
    label = "ACCOUNT"
    cue = _CUE_WINDOW.search(window) if 1 in checks else None
    if cue is not None:
        cue_start, cue_end = cue[1]
        known, cue_lab = _cue_label(window[cue_start:cue_end])
        if known and cue_lab is not None:
            label = cue_lab
    if label == "ACCOUNT":
        if n == 9 and groups == [3, 2, 4]:
            label = "SSN"
        elif n == 10 or (n == 11 and digits[0] == "1"):
            label = "PHONE"
        elif 13 <= n <= 19 and (luhn_ok(digits) or groups == [4, 4, 4, 4]):
            label = "CREDIT_CARD"
        elif number_end < end:  # only phones have extensions
            label = "PHONE"
    return start, end, label


# --- spoken email ----------------------------------------------------------------------------

_LOCAL = r"[a-z0-9]+(?:(?:[ ]+(?:dot|underscore|dash|hyphen|period)[ ]+|[._\-])[a-z0-9]+){0,5}"
#: Speech-to-text splits a local part into words ("k nakamura ninety one"): up to three
#: letters or numbers may stand on either side of it.
_LOCAL_TOKEN = rf"(?:[a-z]|[0-9]+|{NUM_WORD})"
_LOCAL_WORDS = rf"(?:{_LOCAL_TOKEN}[ ]+){{0,3}}{_LOCAL}(?:[ ]+{_LOCAL_TOKEN}){{0,3}}"
_DOMAIN = (
    r"[a-z0-9\-]+(?:[ ][a-z0-9\-]+)?(?:(?:[ ]+dot[ ]+|\.)[a-z0-9\-]+){0,3}"
    r"(?:[ ]+dot[ ]+|\.)[a-z]{2,12}"
)
SPOKEN_EMAIL_PATTERN = rf"\b{_LOCAL_WORDS}[ ]+(?:at|@)[ ]+{_DOMAIN}\b|\b{_LOCAL}@{_DOMAIN}\b"
_EMAIL_LEAD = frozenset(
    [
        "my", "his", "her", "their", "our", "your", "the", "email", "e-mail", "mail", "address",
        "is", "it's", "its", "it", "me", "at", "to", "send", "write", "reach", "contact", "sure",
        "yes", "yeah", "okay", "ok", "um", "uh", "so", "and", "or", "that's", "thats"
    ]
)
_TLD_OK = Regex(
    r"(?:[ ]+dot[ ]+|\.)(?:com|net|org|edu|gov|mil|io|co|us|info|biz|me|health|care|ai"
    r"|app|dev|uk|ca|de|fr|au|in|mail|email)$"
)


def _spoken_email(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    head, _, _ = value.partition(" at ")
    words = head.split(" ")
    while len(words) > 1 and words[0].lower() in _EMAIL_LEAD:
        start += len(words[0]) + 1
        words.pop(0)
    value = text[start:end]
    if " dot " not in value.lower() and "@" not in value and "." not in value:
        return None
    if _TLD_OK.search(value.lower()) is None:
        return None
    return start, end, "EMAIL"


# --- spoken URLs -----------------------------------------------------------------------------

#: The domains people read out: a web address said aloud ends in one of these.
_URL_TLD = (
    r"(?:com|net|org|edu|gov|io|co|us|me|info|biz|health|care|app|dev|uk|ca|tv|ly|site"
    r"|online|blog)"
)
#: "h t t p s colon slash slash", "https colon slash slash", "w w w dot", "www dot".
_URL_SCHEME = (
    r"(?:h[ ]?t[ ]?t[ ]?p[ ]?s?[ ]+colon[ ]+(?:slash[ ]+slash|forward[ ]+slash[ ]+forward"
    r"[ ]+slash|double[ ]+slash)[ ]+)"
)
_URL_WWW = r"(?:w[ ]?w[ ]?w[ ]+dot[ ]+)"
#: A host said as up to three words per label ("caring bridge dot org"), a path as words
#: after "slash" ("slash visit slash lianbabic").
_URL_LABEL = r"[a-z0-9][a-z0-9\-]*(?:[ ][a-z0-9][a-z0-9\-]*){0,2}"
SPOKEN_URL_PATTERN = (
    rf"\b{_URL_SCHEME}?{_URL_WWW}?{_URL_LABEL}(?:[ ]+dot[ ]+[a-z0-9][a-z0-9\-]*){{0,3}}"
    rf"[ ]+dot[ ]+{_URL_TLD}\b(?:[ ]+slash[ ]+[a-z0-9][a-z0-9_\-]*){{0,4}}"
)
#: Every spoken URL says "dot" and a domain.
_URL_TRIGGER = rf"\bdot[ ]+{_URL_TLD}\b"
#: Words of the sentence that end where a host said as words starts ("my page is caring
#: bridge dot org", "visit mayo clinic dot org"): the host is the words after the last.
_URL_LEAD = frozenset(
    [
        "my", "our", "his", "her", "their", "your", "the", "a", "an", "this", "that", "page",
        "site", "website", "web", "blog", "link", "url", "address", "is", "was", "it's", "its",
        "it", "at", "on", "to", "go", "visit", "check", "out", "see", "find", "us", "under",
        "called", "named", "and", "or", "so", "um", "uh", "just", "that's", "thats", "from",
        "in", "of", "for", "up", "look", "there", "here", "profile", "posted", "put",
    ]
)


def _spoken_url(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end].lower()
    if value.startswith(("h t t p", "http", "w w w", "www")):
        return start, end, "URL"
    host = value[: value.index(" dot ")].split(" ")
    skip = 0
    for i, word in enumerate(host):
        if word in _URL_LEAD:
            skip = i + 1
    if skip == len(host):
        return None  # no host: "back in the dot com era"
    start += sum(len(word) + 1 for word in host[:skip])
    return start, end, "URL"


# --- spoken dates ----------------------------------------------------------------------------

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_ORD_UNIT = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL = (
    rf"(?:(?:twenty|thirty)[ \-]?{_ORD_UNIT}|{_ORD_UNIT}|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
    r"|[0-9]{1,2}(?:st|nd|rd|th))"
)
_CARD_DAY = (
    r"(?:(?:twenty|thirty)[ \-]?(?:one|two|three|four|five|six|seven|eight|nine)|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|[0-9]{1,2})"
)
_YEAR_WORDS = (
    r"(?:(?:nineteen|twenty|eighteen)(?:[ \-]+(?:hundred|oh[ \-]+" + NUM_WORD + r"|"
    + NUM_WORD + r"(?:[ \-]+(?:one|two|three|four|five|six|seven|eight|nine))?))"
    r"|two[ ]thousand(?:[ \-]+(?:and[ ]+)?" + NUM_WORD + r"(?:[ \-]+(?:one|two|three|four"
    r"|five|six|seven|eight|nine))?)?"
    # A two-digit year said alone: "eighty seven", "oh five".
    r"|(?:thirty|fou?rty|fifty|sixty|seventy|eighty|ninety)(?:[ \-]+(?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|oh[ \-]+(?:one|two|three|four|five|six|seven|eight|nine)"
    r"|1[89][0-9]{2}|20[0-9]{2}|'?[0-9]{2})"
)
#: A month and day with no year: "on april seventeen" (group 1), "on 7/1" (group 2). Both
#: are dates only in a date's context (see :func:`_dated`); the alternatives with a year
#: come first, so a year is never cut off.
_DAY_ONLY = (
    rf"|({_MONTHS}[ ]+{_CARD_DAY})"
    r"|(?:on|for|by|until|till|since|before|after|from)[ ]+"
    r"((?:1[0-2]|0?[1-9])/(?:3[01]|[12][0-9]|0?[1-9]))"
)
#: The alternatives of a date with a year or an ordinal day.
_FULL_DATE = (
    rf"{_MONTHS}[ ]+(?:the[ ]+)?{_ORDINAL}(?:,?[ ]+(?:of[ ]+)?{_YEAR_WORDS})?"
    rf"|{_MONTHS}[ ]+{_CARD_DAY},?[ ]+{_YEAR_WORDS}"
    rf"|(?:the[ ]+)?{_ORDINAL}[ ]+(?:of[ ]+)?{_MONTHS}(?:,?[ ]+{_YEAR_WORDS})?"
    rf"|{_MONTHS},?[ ]+{_YEAR_WORDS}"
)
SPOKEN_DATE_PATTERN = rf"\b(?:{_FULL_DATE}{_DAY_ONLY})\b"
#: Words before a date ("on april seventeen", "until june five").
_DATE_LEAD = frozenset(
    ["on", "for", "by", "until", "till", "since", "before", "after", "from", "through", "thru",
     "next", "this", "last", "is", "was", "of", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"]
)
#: What says a month and day nearby are a date: an appointment, a visit, a birth.
_DATE_CONTEXT = Regex(
    r"\b(?:appointments?|appts?|visits?|scheduled|schedule|rescheduled?|booked|surgery"
    r"|procedure|follow[ \-]?up|check[ \-]?up|consult(?:ation)?|seen|see[ ](?:you|the[ ]doctor"
    r"|dr|doctor)|come[ ]in|admitted|discharged|born|birthday|date|dob|died|passed[ ]away"
    r"|vaccine|shot|test|scan|mri|labs?|infusion|session|therapy|dialysis|cancel|due)\b"
)


def _says_may(value: str) -> bool:
    """Whether ``value`` starts with the word "may", in any case."""
    head, after = value[:3], value[3:4]
    return head.isascii() and head.lower() == "may" and not (
        after.isascii() and (after.isalnum() or after == "_")
    )


def _dated(text: str, start: int, *, lead_ok: bool) -> bool:
    """Whether a month and day at ``start`` with no year read as a date: a date word such
    as "appointment" before it, or (``lead_ok``) a preposition right before it."""
    window = text[max(0, start - 80) : start].lower()
    if lead_ok:
        words = window.rsplit(None, 1)
        if words and words[-1].rstrip(",") in _DATE_LEAD:
            return True
    return _DATE_CONTEXT.search(window) is not None


#: Dates that name a holiday when no year follows.
_HOLIDAY = Regex(r"^(?:the[ ]+)?(?:fourth[ ]+of[ ]+july|july[ ]+fourth|4th[ ]+of[ ]+july"
                 r"|july[ ]+4th|first[ ]+of[ ]+january|new[ ]+year'?s)$")


#: Words one of which every holiday :data:`_HOLIDAY` names holds.
_HOLIDAY_WORDS = ("july", "january", "new")
#: A date with a year or an ordinal day (the alternatives before the day-only ones).
_FULL_DATE_AT = compile_re2(rf"(?:{_FULL_DATE})\b")._regexp


def _day_only(text: str, start: int, end: int) -> bool:
    """Whether a spoken_date match with no "/" is a month and a day alone ("april
    seventeen"): group 1 of the pattern.

    The detector searches with its group-free finder: RE2 finds the groups of this pattern
    in a slow second pass. A match is in group 1 when no alternative before it matches
    there; only a month and a day (two or three words, no comma) can be.
    """
    value = text[start:end]
    if "," in value or len(value.split()) > 3:
        return False
    # One character of context on either side decides "\b" as in the text.
    lo = start - 1 if start else 0
    data = ascii_bytes(text[lo : end + 1])
    full: Groups = _FULL_DATE_AT.Match(_ANCHOR_BOTH, data, start - lo, end - lo)
    return full[0][0] < 0


def _spoken_date(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    if "/" in text[start:end]:  # "on 7/1" (group 2): no other alternative holds a "/"
        start = text.rfind(" ", start, end) + 1
        return (start, end, "DATE") if _dated(text, start, lead_ok=False) else None
    if (_day_only(text, start, end)  # "april seventeen"
            and (_quantity_after(text, end) or not _dated(text, start, lead_ok=True))):
        return None
    value = text[start:end]
    lowered = value.lower()
    if (any(word in lowered for word in _HOLIDAY_WORDS) and _HOLIDAY.search(lowered) is not None
            and not _dated(text, start, lead_ok=False)):
        return None  # "open on the fourth of july": a holiday, unless a birth or a visit
    # "may" and "march" are also verbs: "may" + cardinal + year words is rare in speech
    # as a verb, but "you may first ..." is not a date; require an ordinal for bare "may".
    if value[0] == "m" and _says_may(value) and len(value.split()) == 2:
        before = text[max(0, start - 12) : start].lower()
        if before.rstrip().endswith(("you", "i", "we", "they", "he", "she", "it")):
            return None
    return start, end, "DATE"


# --- ages over 89 ----------------------------------------------------------------------------

_AGE = (
    r"(?:9[0-9]|1[01][0-9]|ninety(?:[ \-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)[ ]hundred(?:[ ]and)?(?:[ ](?:one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?)"
)
_PERSON = (
    r"(?:i|i'm|im|he|she|he's|she's|patient|pt|caller|mother|father|mom|dad|mum"
    r"|grandmother|grandfather|grandma|grandpa|husband|wife|aunt|uncle|member|client"
    r"|resident|brother|sister|son|daughter|parent|partner|who|age|aged|turned|turning"
    r"|turns|[a-z]+'s)"
)
#: Relatives named before their age: "my mom harpreet is 94", "my grandmother Fatima is a
#: hundred and four".
_KIN = (
    r"(?:mother|father|mom|dad|mum|grandmother|grandfather|grandma|grandpa|granny|nana|gran"
    r"|husband|wife|aunt|uncle|brother|sister|son|daughter|parent|partner|neighbou?r|friend"
    r"|great[ \-]grand(?:mother|father|ma|pa))"
)
AGE_PATTERN = (
    rf"\b(?:{_PERSON}(?:[ ]+(?:is|was|am|are|will be|just|now|recently|has|had))*"
    rf"(?:[ ]+(?:now|just|almost|nearly|about|over|turned|turning))*(?:[ ]+|[ ]*[:(][ ]*)({_AGE})\b"
    rf"|(9[0-9]|1[01][0-9])[ \-]*(?:years?|yrs?|y/?o|yo)\b"
    rf"|({_AGE})[ \-]+(?:years?|yrs?|y/?o|yo)\b"
    rf"|{_KIN}((?:[ ]+[a-z][a-z'\-]*){{1,2}})[ ]+(?:is|was|turned|turns|just[ ]turned|will[ ]be)"
    rf"(?:[ ]+(?:now|just|almost|nearly|about|over))*[ ]+({_AGE})\b)"
)
#: Units after a number that make it a quantity, not an age.
_AGE_UNITS = (
    "dollar", "percent", "%", "mg", "milligram", "gram", "ml", "mcg", "degree", "minute",
    "second", "hour", "day", "week", "pound", "lb", "kg", "kilo", "cent", "bucks", "$", "ms",
    "mmhg", "tablet", "pill", "unit", "mile", "feet", "foot", "inch", "point",
)
#: Subjects of "... is ninety" that are no person ("it's ninety milligrams").
_NOT_PERSON = ("it's", "that's", "what's", "there's", "here's", "let's")
#: Words between a relative and "is" that name a thing, not the relative ("my mother's
#: room number is 95"): then the number is no age.
_NOT_NAME = frozenset(
    ["room", "bed", "number", "floor", "unit", "apartment", "apt", "score", "weight", "temp",
     "temperature", "pressure", "level", "count", "rate", "sugar", "oxygen", "reading", "bill",
     "copay", "total", "balance", "code", "extension", "zip", "address"]
)


def _age(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    s, e = match[1]
    if s < 0:
        s, e = match[2]
    if s < 0:
        s, e = match[3]
    if s < 0:  # a relative, a name, and the age
        names = text[match[4][0] : match[4][1]].lower().split()
        if not _NOT_NAME.isdisjoint(names):
            return None
        s, e = match[5]
    elif text[start : start + 8].lower().startswith(_NOT_PERSON):
        return None
    tail = text[e : e + 14].lower().lstrip()
    if tail.startswith(_AGE_UNITS):
        return None
    return s, e, "AGE_OVER_89"


def spoken_detectors() -> list[PatternDetector]:
    """Return the detectors of spoken and cue-led identifiers."""
    return [
        builtin_detector("cue_number", "ACCOUNT", CUE_NUMBER_PATTERN, refine=_cue_number,
                         rescan=True, finder=CUE_NUMBER_FINDER),
        builtin_detector("spoken_number", "ACCOUNT", SPOKEN_NUMBER_PATTERN,
                        refine=_spoken_number),
        builtin_detector("spoken_email", "EMAIL", SPOKEN_EMAIL_PATTERN, refine=_spoken_email),
        builtin_detector("spoken_url", "URL", SPOKEN_URL_PATTERN, refine=_spoken_url,
                         trigger=_URL_TRIGGER),
        builtin_detector("spoken_date", "DATE", SPOKEN_DATE_PATTERN, refine=_spoken_date,
                         finder=without_groups(SPOKEN_DATE_PATTERN)),
        builtin_detector("age_over_89", "AGE_OVER_89", AGE_PATTERN, refine=_age),
    ]
