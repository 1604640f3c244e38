"""Detectors for identifiers as speech-to-text writes them, and for cue-led identifiers.

- ``cue_number``: a cue ("member ID", "MRN", "account number", "date of birth", "zip
  code", "last four of my social", a JSON key such as ``"patient_id"``) followed by an
  identifier, written ("FZH271424191", "07828268") or spoken ("a p k six three three ...",
  "oh four one two"). The cue sets the label.
- ``spoken_number``: a run of spoken digits long enough to be an identifier with no cue
  (7+ digits): labelled by shape (3-2-4 is an SSN, 10 digits a phone, a Luhn-valid 16 a
  card), unless the text says it is an order or confirmation number.
- ``spoken_email``: "jane dot doe at gmail dot com".
- ``spoken_date``: "March third nineteen eighty four", "the third of March", "october
  eighteenth".
- ``age_over_89``: ages of 90 and more, written or spoken, next to an age cue.
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
        r"account(?:[ _\-]?(?:number|num|no|id))?|acct|a/c|routing(?:[ _\-]number)?|iban"
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

_CUE_ALT = "|".join(f"(?:{v})" for k, v in _CUES.items() if k is not None)
_ANY_CUE_ALT = "|".join(f"(?:{v})" for v in _CUES.values())
_CUE_RES = [(label, Regex(rf"^(?:{v})$")) for label, v in _CUES.items()]

# Words that may stand between a cue and its value ("number is", "on file is", "ending in").
_FILLER_WORD = (
    r"(?:number|numbers|num|no|nbr|id|is|was|it's|its|it|would|should|will|be|of|the|my|on"
    r"|file|are|reads|ending|ends|in|with|digits|code|that|here|please|sure|yes|okay|ok|um"
    r"|uh|and|so|just|for|his|her|their|our|your|this|identifier|value|listed|as)"
)
_FILLER = rf"(?:[\s:=#\"'(),.\-]+|{_FILLER_WORD}\b)*"
_LETTER = r"[a-z]"
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


_NOT_DIGITS = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


def _count_digits(value: str) -> int:
    """Count the ASCII digits in ``value``."""
    return len(value.encode("ascii", "replace").translate(None, _NOT_DIGITS))


def _value_digits(value: str) -> int:
    """Count the digits in a written or spoken identifier (letters count as nothing)."""
    if value.isalnum():  # one written token such as "FZH271424191"
        return _count_digits(value)
    lowered = value.lower()
    if lowered == value.upper():  # no letters
        return _count_digits(value)
    parts = lowered.replace(",", " ").replace("-", " ").split()
    if len(parts) == 1:
        return _count_digits(value)
    # Spelled letters ("a p k six three") count as nothing; "/" and "." are pauses.
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


#: Words for one digit each ("o" is filtered out with the spelled letters before).
_DIGIT_WORDS = frozenset(
    ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
)


#: The cue at the start of a cue_number match, and the cue and filler before its value (no
#: capture groups: RE2 finds these spans with its DFAs, where groups would need its NFA).
#: Filler words are never a value's first token (values start with a single letter, a
#: number word or a digit), so the greedy filler ends where the value starts.
_CUE_AT = compile_re2(rf"(?:{_CUE_ALT})(?:\b|[\"'])")._regexp
_CUE_AND_FILLER_AT = compile_re2(rf"(?:{_CUE_ALT})(?:\b|[\"'])(?:{_FILLER})\b")._regexp
_ANCHOR_START: Any = re2._re2.RE2.Anchor.ANCHOR_START


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
    if label == "PHONE" and (digits > 15 or (
            any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value))):
        return None
    return start, end, label


# --- spoken numbers with no cue --------------------------------------------------------------

SPOKEN_NUMBER_PATTERN = (
    rf"\b(?:[0-9]+{NUM_SEP})*{NUM_WORD}(?:{NUM_SEP}{NUM_TOKEN}){{3}}"
    rf"(?:{NUM_SEP}{NUM_TOKEN})*\b"
)

_NON_PERSONAL = Regex(
    r"\b(?:order|confirmation|reference|tracking|ticket|invoice|case|extension|claim status)"
    r"(?:[ _\-]?(?:number|num|no|id|code|#))?\b[^.!?\n]{0,30}$"
)
_CUE_WINDOW = Regex(rf"\b({_ANY_CUE_ALT})\b[^.!?\n]{{0,40}}$")
#: Both window checks in one pass (most windows hold neither).
_WINDOW_CHECKS = RegexSet([_NON_PERSONAL.pattern, _CUE_WINDOW.pattern])


def _spoken_number(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    parsed = spoken_digits(text[start:end])
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
SPOKEN_DATE_PATTERN = (
    rf"\b(?:{_MONTHS}[ ]+(?:the[ ]+)?{_ORDINAL}(?:,?[ ]+(?:of[ ]+)?{_YEAR_WORDS})?"
    rf"|{_MONTHS}[ ]+{_CARD_DAY},?[ ]+{_YEAR_WORDS}"
    rf"|(?:the[ ]+)?{_ORDINAL}[ ]+(?:of[ ]+)?{_MONTHS}(?:,?[ ]+{_YEAR_WORDS})?"
    rf"|{_MONTHS},?[ ]+{_YEAR_WORDS})\b"
)
_MAY_VERB = Regex(r"(?i)^may\b")


def _spoken_date(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    # "may" and "march" are also verbs: "may" + cardinal + year words is rare in speech
    # as a verb, but "you may first ..." is not a date; require an ordinal for bare "may".
    if _MAY_VERB.search(value) is not None and len(value.split()) == 2 and value[0] == "m":
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
AGE_PATTERN = (
    rf"\b(?:{_PERSON}(?:[ ]+(?:is|was|am|are|will be|just|now|recently|has|had))*"
    rf"(?:[ ]+(?:now|just|almost|nearly|about|over|turned|turning))*(?:[ ]+|[ ]*[:(][ ]*)({_AGE})\b"
    rf"|(9[0-9]|1[01][0-9])[ \-]*(?:years?|yrs?|y/?o|yo)\b"
    rf"|({_AGE})[ \-]+(?:years?|yrs?|y/?o|yo)\b)"
)


def _age(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    s, e = match[1]
    if s < 0:
        s, e = match[2]
    if s < 0:
        s, e = match[3]
    tail = text[e : e + 14].lower()
    if tail.lstrip().startswith(("dollar", "percent", "%", "mg", "degree", "minute", "pound",
                                 "lb", "kg", "cent", "bucks", "$", "ms", "mmhg")):
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
        builtin_detector("spoken_date", "DATE", SPOKEN_DATE_PATTERN, refine=_spoken_date),
        builtin_detector("age_over_89", "AGE_OVER_89", AGE_PATTERN, refine=_age),
    ]
