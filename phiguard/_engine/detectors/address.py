"""Detectors for geographic identifiers smaller than a state: streets, P.O. boxes, cities, ZIPs.

- ``street_address``: a house number (written or spoken), an optional directional, one to
  four street-name words and a street type ("5494 Washington Road", "four zero six zero
  ridge drive", "12 N. Main St."), with an optional unit ("Apt 38", "suite 200", "#4B").
- ``po_box``: "P.O. Box 1234", "post office box twelve".
- ``city``: a US city (GeoNames, population >= 15,000; see ``data/README.md``) where the
  text places it: after a street address, before a state, after "live in" / "from".
- ``city_in_address``: any word(s) between a street address and a state ("..., Smalltown,
  OH"), listed or not.
- ``zip_code``: five digits (or ZIP+4, or five spoken digits) after a state name or
  abbreviation, and any ZIP+4.
"""

from __future__ import annotations

from functools import cache

from phiguard._engine.detectors.names import _load
from phiguard._engine.detectors.numwords import NUM_WORD, spoken_digits
from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    builtin_detector,
)

_DIRECTIONAL = (
    r"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west|northeast|northwest|southeast"
    r"|southwest)"
)
_STREET_TYPE = (
    r"(?:street|st|avenue|ave|av|road|rd|drive|dr|lane|ln|court|ct|boulevard|blvd|way|place"
    r"|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|trail|trl|square|sq|loop|alley"
    r"|plaza|plz|crescent|path|pike|row|walk|run|point|pt|ridge|crossing|xing|cove|cv"
    r"|commons|expressway|expy|freeway|fwy|turnpike|tpke|heights|hts|glen|grove|hollow"
    r"|landing|meadows?|park|pass|view|vista|bend|creek|estates|gardens|green|hill|hills"
    r"|isle|junction|knoll|manor|mews|orchard|ranch|route|rte|spur|station|summit|trace"
    r"|track|village|ville|woods)"
)
_UNIT = (
    r"(?:apt|apartment|unit|suite|ste|room|rm|floor|fl|bldg|building|lot|space|spc|dept"
    r"|#)\.?[ ]*#?[ ]*(?:[0-9]+[a-z]?|[a-z][0-9]*|" + NUM_WORD + r"(?:[ \-]+" + NUM_WORD
    + r"){0,3})\b"
)
_HOUSE_NUMBER = rf"(?:[0-9]{{1,6}}[a-z]?(?:-[0-9]{{1,4}})?|{NUM_WORD}(?:[ \-]+{NUM_WORD}){{0,5}})"
STREET_PATTERN = (
    rf"\b{_HOUSE_NUMBER}[ ]+(?:{_DIRECTIONAL}\.?[ ]+)?(?:[a-z0-9][a-z0-9'\.\-]*[ ]+){{0,3}}"
    rf"{_STREET_TYPE}\b\.?(?:[ ]+{_DIRECTIONAL}\b\.?)?(?:,?[ ]+{_UNIT})?"
)
PO_BOX_PATTERN = (
    r"\b(?:p\.?[ ]?o\.?[ ]?box|post[ ]+office[ ]+box|pob|box)"
    rf"(?:[ ]*#?[ ]*[0-9]+|(?:[ ]*#[ ]*|[ ]+){NUM_WORD}(?:[ \-]+{NUM_WORD})*)\b"
)


@cache
def _states() -> tuple[frozenset[str], frozenset[str]]:
    codes, names = set(), set()
    for line in _load("us_states.txt"):
        code, name = line.split("\t")
        codes.add(code.lower())
        names.add(name.lower())
    return frozenset(codes), frozenset(names)


def _state_alt() -> str:
    codes, names = _states()
    full = "|".join(sorted((n.replace(" ", "[ ]+") for n in names), key=lambda n: (-len(n), n)))
    abbr = "|".join(sorted(codes))
    return rf"(?:{full}|(?:,[ ]*)(?:{abbr})\.?)"


@cache
def _cities() -> tuple[str, ...]:
    return tuple(_load("us_cities.txt"))


def _city_alt() -> str:
    names = sorted(_cities(), key=lambda n: (-len(n), n))
    # GeoNames marks some consolidated cities "(balance)": not part of how people say them.
    spoken = {n.replace(" (balance)", "") for n in names if n.isascii()}
    alts = sorted(spoken, key=lambda n: (-len(n), n))
    return "|".join(
        "".join(ch if ch.isalnum() or ch == " " else "\\" + ch for ch in n).replace(" ", "[ ]+")
        for n in alts
    )


_PLACE_BEFORE = Regex(
    r"(?:\b(?:live|lives|living|lived|moved|move|located|reside|resides|residing|born"
    r"|from|visiting|staying|city|town|hometown|address|in|near|at)\b[ ]*(?:in|to|at|is|:)?"
    rf"|{_STREET_TYPE}\b\.?|{_UNIT}|[0-9])[ ]*[,:\"]?[ ]*$"
)


def _city(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    # A listed city counts where the text places it: before a state, or after a street
    # address or a place cue ("I live in ...", "from ...").
    s, e = start, end
    after = text[e : e + 24].lower()
    if _STATE_AFTER.search(after) is not None:
        return s, e, "ADDRESS"
    before = text[max(0, s - 40) : s].lower()
    if _PLACE_BEFORE.search(before) is not None:
        # Lowercase common words ("union", "mobile") only after a strong place cue.
        return s, e, "ADDRESS"
    return None


def _zip(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    s, e = match[1]
    if s < 0:
        s, e = match[2]
    if s < 0:
        return None
    value = text[s:e]
    if not any(ch.isdigit() for ch in value):
        parsed = spoken_digits(value)
        if parsed is None or len(parsed[0]) not in (5, 9):
            return None
    return s, e, "ZIP"


_STATE_AFTER = Regex(rf"^[ ]*,?[ ]*(?:{_state_alt()})\b")


#: Words that never stand between a house number and its street type: what is read as
#: "30 AM with Dr." or "3 pm at the Court" is a time and a title, not an address.
_NOT_STREET_WORDS = frozenset(
    [
        "am", "pm", "a.m.", "p.m.", "a.m", "p.m", "with", "and", "or", "at", "for", "to", "from",
        "in", "on", "by", "is", "are", "was", "were", "be", "been", "my", "your", "his", "her",
        "our", "their", "it", "its", "this", "that", "these", "those", "i", "you", "he", "she",
        "we", "they", "me", "him", "us", "them", "if", "then", "than", "but", "so", "not", "no",
        "yes", "will", "would", "can", "could", "should", "minute", "minutes", "hour", "hours",
        "day", "days", "week", "weeks", "month", "months", "year", "years", "mg", "ml", "tablet",
        "tablets", "pill", "pills", "times", "percent", "dollars", "items", "calls"
    ]
)


def _street(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    # A number right after ":", "." or "$" is a time, a decimal or money ("9:30 AM with
    # Dr. Okafor"), not a house number.
    if start > 0 and text[start - 1] in ":.$/":
        return None
    words = text[start:end].lower().split()
    # "3 pm", "500 mg" never reach here (no street type), but "2 way" or "1 st" can.
    if words[0].isdigit() and len(words) == 2:
        return None
    if not _NOT_STREET_WORDS.isdisjoint(w.strip(",") for w in words[1:-1]):
        return None
    return start, end, "ADDRESS"


def address_detectors() -> list[PatternDetector]:
    """Return the address, city and ZIP detectors."""
    states = _state_alt()
    five = rf"{NUM_WORD}(?:[ \-]+{NUM_WORD}){{4,8}}"
    zip_pattern = (
        rf"\b(?:{states})[ ]+([0-9]{{5}}(?:-[0-9]{{4}})?|{five})\b"
        r"|\b([0-9]{5}-[0-9]{4})\b"
    )
    city_pattern = rf"\b(?:{_city_alt()})\b"
    city_in_address = (
        rf"(?:{_STREET_TYPE}\b\.?|{_UNIT})[ ]*,[ ]*"
        rf"([a-z][a-z\.'\-]*(?:[ ]+[a-z][a-z\.'\-]*){{0,2}})"
        rf"[ ]*(?:,[ ]*)?(?:{states})\b"
    )
    return [
        builtin_detector("street_address", "ADDRESS", STREET_PATTERN, refine=_street),
        builtin_detector("po_box", "ADDRESS", PO_BOX_PATTERN),
        builtin_detector("city", "ADDRESS", city_pattern, refine=_city, rescan=True),
        builtin_detector("city_in_address", "ADDRESS", city_in_address, group=1),
        builtin_detector("zip_code", "ZIP", zip_pattern, refine=_zip),
    ]
