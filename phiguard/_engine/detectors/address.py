"""Detectors for geographic identifiers smaller than a state: streets, P.O. boxes, cities, ZIPs.

- ``street_address``: a house number (written or spoken), an optional directional, one to
  four street-name words and a street type ("5494 Washington Road", "four zero six zero
  ridge drive", "12 N. Main St."), with an optional unit ("Apt 38", "suite 200", "#4B");
  a unit said alone shortly after an address ("... is that still right? Yes, but add
  apartment 248"). A match that starts at a number word before a word no street name holds
  ("... forty eight at 3060 saguaro trail") is the address after that word. A place on a
  rural road ("highway sixty two mile marker forty one", "Hwy 62 MM 41"), a numbered road
  said aloud ("Forty Three Twenty Nine Highway Twenty Seven"); a street line
  form-encoded as a field's value ("pickup=407+N+Cedar+Ridge+Ln+Unit+250"); a street
  named after its type word may end in a type and a unit ("calle ocho drive suite three
  three seven"); a key's colon before the house number ("LOCATION:2430 Lakeview ...").
- ``po_box``: "P.O. Box 1234", "post office box twelve".
- ``city``: a US city (GeoNames, population >= 15,000; see ``data/README.md``) where the
  text places it: after a street address, before a state, after "live in" / "from", or
  as a branch someone went to ("at the Yakima location", "over at the dayton office"),
  after "outside of", after a unit and an escaped comma ("Apartment 200\\, Dearborn"), or
  said alone after a street line and a full stop ("... suite three three seven. Lowell.").
  Listed or not, a town said after a street line or a box (the ``expand`` step of
  ``street_address`` and ``po_box``, :func:`town_after_line`): after "in", "en" or "near"
  a few words on ("... county road two past the feed store in opelousas", "that's in uh
  ely"), before a ZIP or a state with no cue ("unit one forty eight mount airy one eight
  two one seven"), capitalised after the line's comma ("134 Pawnee Place, Truth or
  Consequences."), on the next line before its state, or alone at the end ("APT A SEVEN
  HOPE"); with the ZIP after it.
- ``city_in_address``: any word(s) between a street address and a state ("..., Smalltown,
  OH"), or after "moved to" / "lives in" and before a state ("I Moved To Faith
  Massachusetts"; not "West Virginia", "rural Ohio"), listed or not; a capitalised name after
  a street line's comma where a quoted value ends ("921 Willow Bend Ave, Lot 2D, Faith"); a
  capitalised town someone lives in or moved to where a clause ends ("son lives in
  Lewes.", "Lives with daughter Heather in Sitka."; not a state or a country).
- ``zip_code``: five digits (or ZIP+4, or five spoken digits, by ones or in pairs) after a
  state name or abbreviation ("Burlington,VT,05401" in a CSV row too) or after a listed
  city ("Rapid City 57701", "eugene nine seven four oh one", "las cruces nm 88001" with a
  lowercase state code between), and any ZIP+4. A spoken ZIP may hold digits among its
  words ("Marquette, nine four 2 five 0", "Barstow California 6 Four 4 1 Six"; digits
  alone, "Ely Nevada 8 9 3 0 1", only after a state that follows its city), and a
  lowercase "oh" before four digits is its zero, not Ohio's code ("in bluefield oh six
  six five two"). A city before a ZIP is a city (``city``).
- ``address_field``: the value of a street, unit, city or postcode key: JSON, a dict,
  logfmt, SQL ("city = 'Bismarck'"), XML, a YAML line ("city: Wahiawa"); a key may carry
  an address's prefix ("addr_city", "home_zip").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import re2

from phiguard._engine.detectors.names import _load, lexicon
from phiguard._engine.detectors.numwords import NUM_WORD, spoken_digits
from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    Span,
    ascii_bytes,
    builtin_detector,
    compile_re2,
    without_groups,
)
from phiguard._engine.detectors.spoken import _quantity_after

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
    r"|track|village|ville|woods|close|rise|wharf|quay|parade|causeway|embankment|broadway)"
)
_UNIT = (
    r"(?:(?:apt|apartment|flat|unit|suite|ste|room|rm|floor|fl|bldg|building|lot|space|spc"
    r"|dept|#)\.?[ ]*#?[ ]*(?:[0-9]+[a-z]?|[a-z](?:[ ]+as[ ]+in[ ]+[a-z]+\b"
    # A letter, then a number said aloud ("APT A SEVEN").
    + r"|[ ]+" + NUM_WORD + r"(?:[ \-]+" + NUM_WORD + r")?\b|[0-9]*)|"
    + NUM_WORD + r"(?:[ \-]+" + NUM_WORD + r"){0,3}(?:[ ]+[a-z]\b(?:[ ]+as[ ]+in[ ]+[a-z]+)?)?)\b"
    # "number" before a unit said aloud ("... orchard terrace number one hundred ninety
    # three"; a number word must follow it).
    r"|number[ ]+" + NUM_WORD + r"(?:[ \-]+" + NUM_WORD + r"){0,3}(?:[ ]+[a-z])?\b)"
)
#: A house number, with a letter ("12B", "881-B") or a second number ("10-14") after it, or
#: a rural grid number led by its direction ("N1234 State Highway 55", "W5512 Cedar Ln").
_HOUSE_NUMBER = (
    rf"(?:[0-9]{{1,6}}(?:-?[a-z])?(?:-[0-9]{{1,4}})?|[nsew][0-9]{{3,5}}"
    rf"|{NUM_WORD}(?:[ \-]+{NUM_WORD}){{0,5}})"
)
#: A unit written before the street line ("Apt 12, 45 Linden Terrace", "Flat 2, 14 ...").
_UNIT_BEFORE = r"(?:(?:apt|apartment|flat|unit|suite|ste)\.?[ ]*#?[ ]*[0-9]+[a-z]?[ ]*,?[ ]+)?"
#: Road types that come before a route number ("Highway 101", "County Road 12", "Route 9").
_NUMBERED_ROAD = (
    r"(?:(?:state|us|u\.s\.|county|farm[ ]+to[ ]+market|ranch|old)[ ]+)?"
    r"(?:highway|hwy|route|rte|road|rd|interstate|cr|sr|fm)[ ]*-?[ ]*(?:[0-9]{1,4}[a-z]?"
    # A route number said aloud ("Highway Twenty Seven", "county road two"), hundreds
    # first ("county road five hundred fifty seven").
    r"|(?:one|two|three|four|five|six|seven|eight|nine)[ ]+hundred"
    rf"(?:[ ]+(?:and[ ]+)?{NUM_WORD}(?:[ \-]+{NUM_WORD})?)?"
    rf"|{NUM_WORD}(?:[ \-]+{NUM_WORD})?)"
)
#: Street types that come before the name ("Via Del Mar", "Calle Ocho", "Camino Real").
_TYPE_FIRST = r"(?:via|calle|camino|avenida|paseo|rue)"
#: The verbs of where someone lives (see :data:`_LIVED_ON` and :func:`_street`).
_LIVE_WORDS = frozenset(
    ["live", "lives", "living", "lived", "staying", "stays", "reside", "resides"]
)
#: Where someone lives, then "on": "live on", "lives over on", "I live in X like over on".
_LIVED_ON = (
    rf"(?:{'|'.join(sorted(_LIVE_WORDS))})\b(?:[ ]+[a-z']+,?){{0,5}}?"
    r"[ ]+on[ ]+"
)
#: A place on a rural road: "highway sixty two mile marker forty one", "Hwy 62 MM 41",
#: "route 9 near mile post 12".
_MILE_MARKER = (
    rf"\b(?:(?:state|us|county|farm[ ]+to[ ]+market)[ ]+)?(?:highway|hwy|route|rte|interstate"
    rf"|i-|county[ ]+road|cr|sr|fm)[ ]*-?[ ]*{_HOUSE_NUMBER}[ ,]+(?:(?:at|near|by|around)[ ]+)?"
    rf"(?:mile[ ]+(?:marker|post)|mm)[ ]*#?[ ]*{_HOUSE_NUMBER}\b"
)
#: A street line form-encoded in a URL's query or a POST body ("pickup=407+N+Cedar+Ridge+
#: Ln+Unit+250"): words joined by "+" (see :func:`_street`: only as a field's value).
_FORM_STREET = (
    rf"\b[0-9]{{1,6}}(?:\+[a-z0-9][a-z0-9'\.\-]*){{0,5}}\+{_STREET_TYPE}\b"
    rf"(?:\+{_DIRECTIONAL}\b)?(?:\+(?:apt|apartment|unit|suite|ste|lot|bldg|building|fl|floor"
    rf"|rm|room)(?:\+|%23)*[0-9]+[a-z]?\b)?"
)
STREET_PATTERN = (
    rf"{_MILE_MARKER}|{_FORM_STREET}"
    rf"|\b{_UNIT_BEFORE}{_HOUSE_NUMBER}[ ]+(?:{_DIRECTIONAL}\.?[ ]+)?"
    # A street named after its type word ("Calle Ocho") may still end in a type ("calle
    # ocho drive"): the type-last form is tried first, so its unit follows.
    rf"(?:{_NUMBERED_ROAD}\b|(?:[a-z0-9][a-z0-9'\.\-]*[ ]+){{0,4}}{_STREET_TYPE}\b\.?"
    rf"|{_TYPE_FIRST}(?:[ ]+[a-z][a-z'\-]*){{1,3}}\b)"
    rf"(?:[ ]+{_DIRECTIONAL}\b\.?)?"
    # The unit, maybe after a hesitation, with a capital letter after its number as
    # speech-to-text writes it ("..., Uh, Apartment Twenty Five E").
    rf"(?:,?[ ]+(?:(?:uh|um|er)[ ,]+)?{_UNIT}(?:[ ]+(?-i:[A-Z])\b)?)?"
    # A street with no house number where someone lives ("I live in Brownsville, over on
    # East Quail Run Terrace"): the span starts after "on" (see :func:`_street_lived_on`).
    rf"|\b{_LIVED_ON}(?:{_DIRECTIONAL}[ ]+)?(?:[a-z][a-z'\-]*[ ]+){{1,3}}{_STREET_TYPE}\b"
)
#: A route number said aloud: "nine", "seventy eight".
_ROUTE_NUMBER = rf"(?:[0-9]{{1,4}}|{NUM_WORD}(?:[ \-]+{NUM_WORD}){{0,2}})"
#: A rural route or highway contract route ("RR 6 Box 348", "HC 61 Box 327", spelled "r r
#: nine box ...", "route forty box ..."), or a P.O. box ("P O Box Number Forty Five"). A
#: box number said aloud may hold "hundred and" ("box one hundred and ninety five").
PO_BOX_PATTERN = (
    r"\b(?:(?:rr|r[ ]r|hcr?|h[ ]c(?:[ ]r)?|rural[ ]+route|highway[ ]+contract(?:[ ]+route)?"
    r"|star[ ]+route|route|rte)[ ]*"
    rf"{_ROUTE_NUMBER},?[ ]+|star[ ]+route[ ]+)?"
    r"(?:p\.?[ ]?o\.?[ ]?box|post[ ]+office[ ]+box|pob|box)(?:[ ]+(?:number|no\.?))?"
    rf"(?:[ ]*#?[ ]*[0-9]+|(?:[ ]*#[ ]*|[ ]+){NUM_WORD}"
    rf"(?:[ \-]+(?:hundred[ ]+and[ ]+)?{NUM_WORD})*)\b"
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
    upper = abbr.upper()
    # Without a comma only the capitalised code counts ("Boise ID 83702"): "or", "in", "me"
    # and "ok" are words.
    return rf"(?:{full}|(?:,[ ]*)(?:{abbr})\.?|(?-i:(?:{upper})\b))"


#: Canadian provinces and territories, by name and postal abbreviation.
_PROVINCES = (
    r"(?:ontario|quebec|british[ ]+columbia|alberta|manitoba|saskatchewan|nova[ ]+scotia"
    r"|new[ ]+brunswick|newfoundland(?:[ ]+and[ ]+labrador)?|prince[ ]+edward[ ]+island"
    r"|yukon|northwest[ ]+territories|nunavut|(?-i:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU))"
)
#: A UK postcode ("SW1A 2AA", "M1 1AE") or a Canadian one ("K2P 1L4", "H3Z2Y7").
POSTCODE_SHAPE = (
    r"(?:[a-z]{1,2}[0-9][a-z0-9]?[ ]?[0-9][abd-hjlnp-uw-z]{2}"
    r"|[abceghj-nprstvxy][0-9][abceghj-nprstv-z][ \-]?[0-9][abceghj-nprstv-z][0-9])"
)
_POSTCODE_CUE = Regex(
    r"\b(?:post[ ]?code|postal[ _\-]?code|zip(?:[ _\-]?code)?)\b[\"' ]*(?:is|:|=)?[\"' ]*$"
)
_POSTCODE_PLACE = Regex(
    rf"(?:,|(?-i:\b[A-Z][A-Za-z'\-]+)|\b{_PROVINCES})[ ]*$"
)


def _postcode(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    # The shape alone is too common ("A1", "M5 2BC" model names): a postcode follows a
    # postcode cue, or, written in capitals, a comma, a capitalised city or a province.
    before = text[max(0, start - 40) : start]
    if _POSTCODE_CUE.search(before) is not None:
        return start, end, "ZIP"
    value = text[start:end]
    if value.upper() != value or _POSTCODE_PLACE.search(before) is None:
        return None
    word = before.rstrip(" ,").rsplit(None, 1)[-1:] or [""]
    if word[0].lower() in _ID_WORDS:
        return None
    return start, end, "ZIP"


@cache
def _cities() -> tuple[str, ...]:
    return tuple(_load("us_cities.txt"))


def _city_alt() -> str:
    names = sorted(_cities(), key=lambda n: (-len(n), n))
    # GeoNames marks some consolidated cities "(balance)": not part of how people say them.
    spoken = {n.replace(" (balance)", "") for n in names if n.isascii()}
    alts = sorted(spoken, key=lambda n: (-len(n), n))
    return "|".join(_city_regex(n) for n in alts)


#: Abbreviated first words of listed cities, as people say them ("saint louis").
_SPOKEN_PREFIXES = {
    "st. ": r"(?:st\.?|saint)[ ]+", "ft. ": r"(?:ft\.?|fort)[ ]+", "mt. ": r"(?:mt\.?|mount)[ ]+"
}


def _city_regex(name: str) -> str:
    """One listed city as RE2: "wilkes-barre" is said, and so written by speech-to-text,
    "wilkes barre"; "st. louis" is said "saint louis"."""
    head = ""
    for prefix, said in _SPOKEN_PREFIXES.items():
        if name.startswith(prefix):
            head, name = said, name[len(prefix) :]
            break
    body = "".join(ch if ch.isalnum() or ch == " " else "\\" + ch for ch in name)
    return head + body.replace(" ", "[ ]+").replace("\\-", "[ \\-]")


#: A street line or its unit, then a full stop: a city said alone after it is the
#: address's ("... suite three three seven. Lowell.", see :func:`_city`).
_LINE_STOP_BEFORE = Regex(rf"(?:^|[^a-z0-9])(?:{_STREET_TYPE}|{_UNIT})[ ]*\.[ ]+$")
_PLACE_BEFORE = Regex(
    r"(?:\b(?:live|lives|living|lived|moved|move|located|reside|resides|residing|born"
    r"|from|visiting|staying|city|town|hometown|address|in|near|at)\b[ ]*(?:in|to|at|is|:)?"
    # A place beyond which someone lives ("out past Dubuque"); not "in the past, mobile ...".
    r"|\b(?:out|just|right|way|drive|drove|go|went|live|lives)[ ]+past[ ]+$"
    # A place near which someone is ("we're out on highway 9 outside of Albuquerque").
    r"|\boutside[ ]+of[ ]+$"
    rf"|(?:^|[^a-z0-9]){_STREET_TYPE}\b\.?(?:[ ]+{_DIRECTIONAL}\b\.?)?"
    # A number said aloud and a comma: the end of a box or house number ("... box seven
    # two nine seven, baton rouge"); without the comma "two mobile phones" is a count.
    # A CSV row's cells close and open quotes around the comma ("...Apt. 400","Cheyenne");
    # an iCalendar value escapes it ("Apartment 200\\, Dearborn").
    rf"|(?:^|[^a-z0-9]){_UNIT}|[0-9]|\b{NUM_WORD}[ ]*,)[ ]*(?:\\?[,:\"]|\",\")?[ ]*$"
)
#: Words before a bare "in"/"at"/"near" that make the city the place of a business, not of
#: a person: "the clinic in Jackson", "open at Springfield".
_BUSINESS_BEFORE = Regex(
    r"\b(?:clinic|clinics|office|offices|location|locations|hospital|pharmacy|branch|center"
    r"|centre|store|site|campus|open|closed|opens|closes|lab|practice)[ ]+(?:in|at|near)[ ]*$"
)


#: A token of a ZIP said aloud: a number word, or a digit speech-to-text wrote as one among
#: the words ("nine four 2 five 0", "6 Four 4 1 Six").
_ZIP_TOKEN = rf"(?:{NUM_WORD}|[0-9])"
#: A ZIP right after a city: five digits (maybe ZIP+4), or five to nine spoken digits; a
#: state's code may stand between them in any case ("las cruces nm 88001").
_ZIP_AFTER = Regex(
    rf"^(?:[ ]*,[ ]*|[ ]+|\",\")(?:(?:{'|'.join(sorted(_states()[0]))})\.?(?:[ ]*,[ ]*|[ ]+))?"
    rf"(?:([0-9]{{5}}(?:-[0-9]{{4}})?)\b(?:[^0-9a-z.]|\.(?:[^0-9]|$)|$)"
    rf"|({_ZIP_TOKEN}(?:[ \-]+{_ZIP_TOKEN}){{3,8}})\b)"
)


def _is_state(text: str, start: int, end: int) -> bool:
    """Whether the city name at ``start:end`` is a state's name, or ends one ("Wyoming",
    the "York" of "New York"): before a ZIP, the state's."""
    names = _states()[1]
    words = text[max(0, start - 20) : end].lower().split()
    return any(" ".join(words[-count:]) in names for count in (1, 2, 3) if len(words) >= count)


def _zip_after(text: str, end: int) -> tuple[int, int] | None:
    """The span of the ZIP that follows a city ending at ``end`` (see :data:`_ZIP_AFTER`),
    or None: five digits (or ZIP+4) or five or nine spoken digits, not a count.
    """
    found = _ZIP_AFTER.search(text[end : end + 80])
    if found is None:
        return None
    s, e = found[2]
    if s >= 0:
        parsed = spoken_digits(text[end + s : end + e])
        lead = text[end : end + s]
        if lead.strip(" ,") == "oh" and parsed is not None and len(parsed[0]) in (4, 8):
            # "in bluefield oh six six five two": a lowercase "oh" is the ZIP's zero, not
            # Ohio's code.
            s = lead.index("oh")
            parsed = spoken_digits(text[end + s : end + e])
        if parsed is None or len(parsed[0]) not in (5, 9) or not any(
                ch.isalpha() for ch in text[end + s : end + e]):
            return None  # (digits alone, "1 2 3 4 5", are a count or a list: not said aloud)
    else:
        s, e = found[1]
    if _quantity_after(text, end + e) or _count_after(text, end + e):
        return None
    return end + s, end + e


def zip_after_city(text: str, spans: Sequence[Span]) -> list[Span]:
    """The ZIPs right after the cities in ``spans`` ("Rapid City 82681", "Biloxi,61484",
    "eugene three seven one five nine"): the ``expand`` step of the ``city`` detector, which
    finds a listed city followed by a ZIP, so a ZIP after a city costs nothing where no
    city is found.
    """
    out: list[Span] = []
    for _, end, _, detector in spans:
        if detector == "city" and (found := _zip_after(text, end)) is not None:
            out.append((found[0], found[1], "ZIP", "zip_code"))
    return out


#: A unit said on its own ("add apartment 248", "it's suite two ten"): an address's when a
#: street address was said shortly before it (see :func:`unit_after_address`).
_UNIT_ALONE = Regex(
    r"\b(?:apartment|apt|unit|suite|ste)\.?(?:[ ]*(?:#|number|no\.?))?"
    r"(?:[ ]+(?:is|it's|its|was))?[ ]*"
    rf"([0-9]{{1,5}}[a-z]?\b|{NUM_WORD}(?:[ \-]+{NUM_WORD}){{0,3}}\b(?:[ ]+[a-z]\b)?"
    # A letter alone: spelled out ("unit F as in frank"), or one no word is ("suite b").
    r"|[a-z][ ]+as[ ]+in[ ]+[a-z]+\b|[b-hj-z]\b)"
)
#: How far after a street address a unit said alone is looked for.
_UNIT_WINDOW_CHARS = 240


#: A ZIP said right after a street address, maybe after the caller confirms the address
#: ("... sandpiper avenue that's correct and oh three one five seven"): five or nine
#: spoken digits.
_ZIP_AFTER_STREET = Regex(
    r"^[ ,.]*(?:(?:that's|thats|that[ ]+is|yes|yeah)[ ,]+(?:correct|right)[ ,.]*)?"
    r"(?:and[ ,]+)?(?:(?:the[ ]+)?zip(?:[ ]+code)?[ ]+(?:is[ ]+)?)?"
    rf"({NUM_WORD}(?:[ \-]+{NUM_WORD}){{3,8}})\b"
)


def _zip_after_street(text: str, end: int) -> tuple[int, int] | None:
    """The span of a spoken ZIP right after a street address ending at ``end``, or None."""
    found = _ZIP_AFTER_STREET.search(text[end : end + 80])
    if found is None:
        return None
    s, e = end + found[1][0], end + found[1][1]
    parsed = spoken_digits(text[s:e])
    if parsed is None or len(parsed[0]) not in (5, 9) or _quantity_after(text, e):
        return None
    return s, e


#: Words that may lead a town said after a street line or a box ("... orchard loop in uh
#: ely", "that's in greybull", Spanish "en", "near Pikeville").
_TOWN_CUES = frozenset(["in", "en", "near"])
#: Words a town's name never holds, beyond the function words: a cue to what follows it
#: ("in Dayton and the zip is", "... Ely zip code ...").
_NOT_TOWN_PARTS = frozenset(
    ["zip", "zipcode", "postal", "code", "uh", "um", "er", "erm", "uhh", "umm", "like",
     "please", "thanks", "thank", "okay", "ok", "yes", "yeah", "correct", "right", "sorry",
     "apartment", "apt", "unit", "suite", "box", "county", "because"]
)
#: Small words inside a town's name ("Truth or Consequences", "Isle of Palms", "Bahia de
#: la Cruz").
_TOWN_JOINS = frozenset(["or", "of", "de", "la", "del"])
#: How many words may stand between a street line and the cue of its town ("... county
#: road two past the feed store in opelousas").
_TOWN_CUE_WORDS = 6


def _town_words(text: str, at: int, limit: int) -> list[tuple[int, int]]:
    """The spans of up to three words from ``at`` (before ``limit``) that may be a town's:
    no function word, number word, cue or mark between them."""
    names = lexicon()
    out: list[tuple[int, int]] = []
    pos = at
    while len(out) < 4:
        while pos < limit and text[pos] in " ,":
            pos += 1
        if not out and text[pos : pos + 3].lower() in ("uh ", "um ", "er "):
            pos += 3  # a hesitation before the town ("in uh ely")
            continue
        stop = pos
        while stop < limit and (text[stop].isalpha() or text[stop] in "'-"):
            stop += 1
        word = text[pos:stop].lower()
        if (stop < limit and text[stop] not in " ,") or not word[:1].isalpha():
            break
        if word in _TOWN_JOINS and out and text[stop : stop + 1] == " ":
            out.append((pos, stop))  # kept only if a word of the name follows
            pos = stop
            continue
        if (word in names.function or word in _NOT_TOWN_PARTS
                or spoken_digits(word) is not None):
            break
        out.append((pos, stop))
        pos = stop
        if text[pos : pos + 1] == ",":
            break  # "Muncie, North Dakota": a comma ends the town
    while out and text[out[-1][0] : out[-1][1]].lower() in _TOWN_JOINS:
        out.pop()
    return out


def _cased_text(text: str, start: int, end: int) -> bool:
    """Whether the text around ``start:end`` writes ordinary words in lowercase (so a
    capital there marks a name): neither all capitals nor every word capitalised."""
    words = text[max(0, start - 60) : end + 40].split()
    return any(w[:1].islower() and w.isalpha() for w in words) and any(
        w[:1].isupper() for w in words)


def town_after_line(text: str, end: int) -> list[Span]:
    """The town (and the ZIP after it) said after a street line or a box that ends at
    ``end``: after a cue ("in", "en", "near", maybe a few words on: "... county road two
    past the feed store in opelousas"), or right after the line when a ZIP follows the town
    ("unit one forty eight mount airy one eight two one seven") or the town ends the text
    ("APT A SEVEN HOPE"). Listed or not: a town a list knows, one no list of words holds,
    or a capitalised word in a text that writes words in lowercase; any words before a ZIP.
    """
    rest = text[end : end + 120]
    clause = len(rest)
    for mark in ".?!;\n(":
        at = rest.find(mark)
        if 0 <= at < clause:
            clause = at
    # The first town word: after the first cue within a few words, else right after the
    # line.
    pos, cued = end, False
    for i, word in enumerate(rest[:clause].replace(",", " ").split()[: _TOWN_CUE_WORDS + 1]):
        if word.lower() in _TOWN_CUES:
            at = rest.find(f" {word} ") if i else rest.find(word)
            if at < 0:
                break
            pos, cued = end + at + len(word) + (1 if i else 0), True
            break
    # A street line that ends its line ("12 Tamarack Cir, Ste 358\nEspanola, NM 22642"):
    # the town starts the next, and a state or a ZIP must follow it.
    next_line = not cued and clause < len(rest) and rest[clause] == "\n" and not rest[
        :clause].strip(" ,")
    if not cued and not next_line and rest[:1] not in (" ", ","):
        return []
    if next_line:
        pos = end + clause + 1
        line_end = rest.find("\n", clause + 1)
        clause = len(rest) if line_end < 0 else line_end
    spans = _town_words(text, pos, end + clause)
    if not spans:
        return []
    # A state after the town is no part of it ("... in greybull wyoming", "Bismarck North
    # Dakota").
    codes, states = _states()
    for i in range(len(spans)):
        said = " ".join(text[a:b].lower() for a, b in spans[i:])
        if said in states or said in codes or (
                0 < i == len(spans) - 1 and said in _STATE_FIRST_WORDS):
            spans = spans[:i]
            break
    if not spans:
        return []
    s, e = spans[0][0], spans[-1][1]
    zip_span = _zip_after(text, e)
    out: list[Span] = []
    if zip_span is not None:
        out.append((zip_span[0], zip_span[1], "ZIP", "zip_code"))
    elif _STATE_AFTER.search(text[e : e + 24]) is None and (  # a state after: a town
            next_line or not _town_named(text, spans, cued=cued, end=end + clause)):
        return []
    out.append((s, e, "ADDRESS", "city"))
    return out


def _town_named(text: str, spans: list[tuple[int, int]], *, cued: bool, end: int) -> bool:
    """Whether the words at ``spans``, with no ZIP after them, name a town: after a cue, a
    listed town, a word no list of words holds or a capitalised one in a cased text; with
    no cue, only one such word that ends the text."""
    names = lexicon()
    s, e = spans[0][0], spans[-1][1]
    said = " ".join(text[a:b].lower() for a, b in spans)
    if not cued:
        tail = text[e:end].strip(" ,")
        if text[s - 2 : s] == ", " and (not tail or text[e : e + 1] == ",") and _cased_text(
                text, s, e) and all(text[a].isupper() or text[a:b] in _TOWN_JOINS
                                    for a, b in spans) and said not in names.blocked:
            return True  # "134 Pawnee Place, Truth or Consequences. ...", "..., Marfa, and"
        if tail:
            return False
        return (len(spans) == 1 and end >= len(text.rstrip(" .!?")) - 1
                and said not in names.blocked and said not in names.english)
    if said in _listed_towns():
        return True
    if text[s].isupper() and _cased_text(text, s, e):
        return True
    # Words of a town's name are often ordinary ones ("window rock", "mount airy"): two of
    # them count after the cue, one alone ("in person", "in storage") does not.
    return any(not names.is_ordinary(text[a:b].lower()) for a, b in spans) or (
        len(spans) > 1 and not any(text[a:b].lower() in names.blocked for a, b in spans
                                   if text[a:b].lower() not in _TOWN_JOINS))


@cache
def _listed_towns() -> frozenset[str]:
    return frozenset(n.replace(" (balance)", "") for n in _cities())


def unit_after_address(text: str, spans: Sequence[Span]) -> list[Span]:
    """A unit said alone shortly after a street address ("I have you at 578 Elm Drive, is
    that still right? Yes, but add apartment 248"): the ``expand`` step of
    ``street_address``. Only the first unit in the window after each address, and not a
    quantity ("unit 5 of insulin" never follows an address closely). And a ZIP said right
    after the address (:func:`_zip_after_street`), and the town said after a street line or
    a P.O. box (:func:`town_after_line`). The ``expand`` step of both detectors: the engine
    runs it once per text.
    """
    out: list[Span] = []
    for _, end, _, detector in spans:
        if detector == "po_box":
            out.extend(town_after_line(text, end))
        if detector != "street_address":
            continue
        if (zip_span := _zip_after_street(text, end)) is not None:
            out.append((zip_span[0], zip_span[1], "ZIP", "zip_code"))
        window = text[end : end + _UNIT_WINDOW_CHARS]
        found = _UNIT_ALONE.search(window)
        if found is None or found[0][0] == 0:
            out.extend(town_after_line(text, end))
            continue
        if window[: found[0][0]].strip(" ,"):
            out.extend(town_after_line(text, end))
        else:  # the unit said right after the line: the town follows it
            out.extend(town_after_line(text, end + found[1][1]))
        s, e = found[0][0] + end, found[1][1] + end
        if _quantity_after(text, e):
            continue
        out.append((s, e, "ADDRESS", "street_address"))
    return out


#: A word after a city that makes it the place of a practice's branch ("the Yakima
#: location", "the dayton office"), and what comes before such a city.
_BRANCH_AFTER = Regex(r"^[ ]+(?:location|office|branch|campus|clinic|site)\b")
_BRANCH_BEFORE = Regex(r"\b(?:at|to|from|in|near)[ ]+the[ ]+$")


def _branch(text: str, start: int, end: int, after: str) -> bool:
    """Whether the city at ``start:end`` names a branch a person went to: "at the <city>
    location | office | branch | campus | clinic | site" (a practice speaking of "our
    Lincoln Park location" names no one's place). A city that is also a common word ("the
    union office", "the mobile clinic") counts only capitalised in a text that writes
    lowercase words; and where a text does, a capitalised word after the city makes it an
    organisation's name ("the Cleveland Clinic"), not a place.
    """
    if _BRANCH_AFTER.search(after) is None:
        return False
    if _BRANCH_BEFORE.search(text[max(0, start - 12) : start]) is None:
        return False
    # (The window's first word may be cut: "dad" of "Haddad" is no lowercase word.)
    cased = any(w[:1].islower() for w in text[max(0, start - 40) : start].split()[1:-1])
    if cased and after.lstrip()[:1].isupper():
        return False
    city = text[start:end]
    if " " not in city and lexicon().is_ordinary(city.lower()):
        return cased and city[:1].isupper()
    return True


def _city(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    # A listed city counts where the text places it: before a state, or after a street
    # address or a place cue ("I live in ...", "from ...").
    s, e = start, end
    after = text[e : e + 24]
    # Cheap tests first: a state begins with one of its first letter pairs right after the
    # spaces and commas, and a business cue ends in "in", "at" or "near".
    head = after.lstrip(" ,")[:2].lower()
    if head in _STATE_HEADS and _STATE_AFTER.search(after) is not None:
        return s, e, "ADDRESS"
    if head[:1].isalnum() and _zip_after(text, e) is not None and not _is_state(text, s, e):
        return s, e, "ADDRESS"  # "Rapid City 57701", "Biloxi,39530", "eugene nine seven ..."
    if head[:1].isalpha() and _branch(text, s, e, after):
        return s, e, "ADDRESS"  # "at the Yakima location", "over at the dayton office"
    before = text[max(0, s - 40) : s].lower()
    if _PLACE_BEFORE.search(before) is not None and not (
        before.rstrip(" ").endswith(("in", "at", "near"))
        and _BUSINESS_BEFORE.search(before) is not None
    ):
        # Lowercase common words ("union", "mobile") only after a strong place cue.
        return s, e, "ADDRESS"
    if after[:1] in (".", ",") and _LINE_STOP_BEFORE.search(before) is not None:
        return s, e, "ADDRESS"  # "... drive suite three three seven. Lowell."
    return None


#: Words after which a capitalised two-letter "state" is an identifier's name ("Order ID
#: 83702", "Claim OR 12345"), not a state before a ZIP.
_ID_WORDS = frozenset(
    [
        "order", "claim", "member", "patient", "user", "account", "case", "ticket", "session",
        "reference", "confirmation", "tracking", "invoice", "group", "plan", "policy", "id",
        "transaction", "request", "batch", "job", "record", "device", "employee", "student",
        "customer", "client", "code", "number", "no", "model", "part", "item", "error",
        "version", "build", "release", "ref", "line", "page", "room", "flight", "gate", "seat",
        "the", "a", "an", "of", "and", "press", "dial", "type", "enter",
    ]
)


#: The words of five digits said one by one or in pairs (no "hundred", "double").
_BARE_ZIP_WORDS = frozenset(
    ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
     "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
     "eighty", "ninety"])


def _zip(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    # The detector searches with its group-free finder (RE2 finds a group of this pattern,
    # with its list of states, in a slow second pass), so the ZIP is found here. A match
    # is ASCII. One that starts with a digit is a bare ZIP+4 (a state starts with a letter
    # or a comma); else a state's lead or a city's last word comes before the ZIP.
    if text[start].isdigit():
        s, e = start, end
    else:
        s, e = _spoken_zip(text, start, end)
    if s == start and not text[start].isdigit():
        # A turn of spoken digits alone: five, said one by one or in pairs, no other word.
        e = start + len(text[start:end].rstrip(" .?!"))
        words = text[s:e].lower().split()
        parsed = spoken_digits(text[s:e])
        if (parsed is None or len(parsed[0]) != 5 or not all(w.isalpha() for w in words)
                or not _BARE_ZIP_WORDS.issuperset(words)):
            return None
        return s, e, "ZIP"
    value = text[s:e]
    if len(value) == 10 and value[5] == "-" and text[e : e + 1] == "-":
        return None  # "01631-5853-78": a national drug code (5-4-2), not a ZIP+4
    if not value.replace("-", "").isdigit():  # said aloud, maybe with digits among the words
        parsed = spoken_digits(value)
        if parsed is None or len(parsed[0]) not in (5, 9):
            return None
        if not any(map(str.isalpha, value)):
            # Digits one by one after a state, only after its city ("Ely Nevada 8 9 3 0
            # 1"): not a list after a state alone ("for Texas 1 2 3 4 5").
            word = text[max(0, start - 24) : start].split()[-1:] or [""]
            if not word[0][:1].isupper() or word[0].strip(",.").lower() in _ID_WORDS:
                return None
    before = text[max(0, start - 24) : s].rstrip()
    code = before[-2:]
    if code.isupper() and code.isalpha() and not before[:-2].rstrip().endswith(","):
        # A state code without a comma: the word before it is a city, not "Order" in
        # "Order ID 83702".
        word = before[:-2].split()[-1:] or [""]
        if not word[0][:1].isupper() or word[0].lower().strip(".") in _ID_WORDS:
            return None
    return s, e, "ZIP"


#: The first words of the states' names of two words ("north", "new", "rhode").
_STATE_FIRST_WORDS = frozenset(n.split()[0] for n in _states()[1] if " " in n)
_STATE_AFTER = Regex(rf"^[ ]*,?[ ]*(?:{_state_alt()})\b")
#: The first two letters of every state's name and code (lowercase).
_STATE_HEADS = frozenset(name[:2] for group in _states() for name in group)

#: A state and what follows it up to a ZIP (a CSV row has no space: "Burlington,VT,05401").
_ZIP_LEAD = rf"\b(?:{_state_alt()})(?:[ ]*,[ ]*|[ ]+)"
#: A ZIP said aloud: five to nine digits, one by one or in pairs ("seven sixteen ninety
#: eight"), four words at least, maybe with digits among the words ("6 Four 4 1 Six").
_SPOKEN_ZIP = rf"{_ZIP_TOKEN}(?:[ \-]+{_ZIP_TOKEN}){{3,8}}"
#: Five digits (or ZIP+4, or spoken digits) after a state; any ZIP+4. (A ZIP after a
#: city is found with the city: see :func:`zip_after_city`.)
ZIP_PATTERN = (
    rf"{_ZIP_LEAD}([0-9]{{5}}(?:-[0-9]{{4}})?|{_SPOKEN_ZIP})\b"
    r"|\b([0-9]{5}-[0-9]{4})\b"
    # A turn that is five spoken digits and nothing else: the answer to "what's the zip?"
    # ("seven twenty six eighty two"), see _zip.
    rf"|^[ ]*({_SPOKEN_ZIP})[ ]*[.?!]?[ ]*$"
)
_ZIP_LEAD_AT = compile_re2(_ZIP_LEAD)._regexp
_ANCHOR_START: Any = re2._re2.RE2.Anchor.ANCHOR_START


def _spoken_zip(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the ZIP in a zip_code match after a state (group 1 of its
    pattern); a span that starts before ``start`` if no state leads the match.

    One state name or code can start where the match does (a name's first word has three
    letters or more, a code is a word of two, and ", OH" starts with its comma), and what
    follows it is spaces and a comma, so the ZIP starts where that lead ends.
    """
    # One character of context before the match decides "\b" as in the text.
    lo = start - 1 if start else 0
    data = ascii_bytes(text[lo:end])
    lead_end = _ZIP_LEAD_AT.Match(_ANCHOR_START, data, start - lo, end - lo)[0][1]
    if lead_end < 0:  # a turn of spoken digits alone (the pattern's last alternative)
        return start, end
    return lead_end + lo, end


#: Nouns after a number that make it a count, not a ZIP ("Boston 20000 runners").
_COUNT_NOUNS = frozenset(
    ["square", "sq", "feet", "ft", "acres", "miles", "people", "residents", "runners", "fans",
     "students", "employees", "workers", "members", "visitors", "copies", "votes", "cases",
     "households", "homes", "jobs", "seats"]
)


def _count_after(text: str, end: int) -> bool:
    """Whether the word after a number ending at ``end`` makes it a count."""
    words = text[end : end + 16].split(None, 1)
    return bool(words) and words[0].lower().rstrip(",.;:") in _COUNT_NOUNS


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
        "tablets", "pill", "pills", "times", "percent", "dollars", "items", "calls", "the", "a",
        "an", "about", "of", "into", "after", "before", "over", "under", "near", "than"
    ]
)


_TYPE_FIRST_WORDS = frozenset(["via", "calle", "camino", "avenida", "paseo", "rue"])


#: A number word or a digit right after a match.
_NUMBER_NEXT = Regex(r"^[ ]+(?:[0-9]|(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b)")


def _without_spelling(words: list[str]) -> list[str]:
    """``words`` without the "as in" of a spelled letter ("unit b as in boy")."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "as" and words[i + 1 : i + 2] == ["in"]:
            i += 2
            continue
        out.append(words[i])
        i += 1
    return out


#: Words that start a unit ("apt 4", "suite b").
_UNIT_WORDS = frozenset(
    ["apt", "apartment", "flat", "unit", "suite", "ste", "room", "rm", "floor", "fl", "bldg",
     "building", "lot", "space", "spc", "dept"]
)


def _street_lived_on(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The street of a "live ... on <street>" match (see :data:`_LIVED_ON`): the words
    after the last "on", none of them a word no street name holds ("on the hill")."""
    chunk = text[start:end].lower()
    at = chunk.rfind(" on ") + 4
    words = chunk[at:].split()
    if not _NOT_STREET_WORDS.isdisjoint(words[:-1]) or words[0] in ("own", "time"):
        return None
    return start + at, end, "ADDRESS"


#: The first words of a place on a rural road (:data:`_MILE_MARKER`).
_ROAD_HEADS = ("highway", "hwy", "route", "rte", "interstate", "i-", "county", "cr", "sr", "fm",
               "state", "us", "farm")


def _street(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    head = text[start : start + 12].lower()
    if head.startswith(_ROAD_HEADS) and " m" in text[start:end].lower():
        return start, end, "ADDRESS"  # "highway sixty two mile marker forty one"
    if "+" in text[start:end]:  # a form-encoded street line, only as a field's value
        return (start, end, "ADDRESS") if text[start - 1 : start] in ("=", "&") else None
    if head.split(None, 1)[0] in _LIVE_WORDS:
        return _street_lived_on(text, start, end)
    # A number right after ":" (after a digit), ".", "$" or "/" is a time, a decimal or
    # money ("9:30 AM with Dr. Okafor"), not a house number; after a key's colon
    # ("LOCATION:2430 Lakeview Circle") it is one.
    if start > 0 and (text[start - 1] in ".$/" or (
            text[start - 1] == ":" and not text[start - 2 : start - 1].isalpha())):
        return None
    words = text[start:end].lower().split()
    if (words[-1] in ("a", "i") and text[end - 1].islower() and len(words) > 3
            and words[-2].strip(".#") in _UNIT_WORDS and text[end : end + 2][1:].isalpha()):
        # "..., apartment i think": a lowercase "i" or "a" before a word is a word, not a
        # unit's letter ("Apt A" is one).
        end = start + len(text[start:end].rstrip()[:-1].rstrip())
        end -= len(words[-2])
        end = start + len(text[start:end].rstrip(" ,"))
        words = words[:-2]
    if words[-1] == "point" and _NUMBER_NEXT.search(text[end : end + 12]) is not None:
        # "one oh one point four": a decimal said aloud, not "101 Point".
        return None
    # "3 pm", "500 mg" never reach here (no street type), but "2 way" or "1 st" can.
    grid = words[0][:1] in "nsew" and words[0][1:].isdigit()
    if (words[0].isdigit() or grid) and len(words) == 2:
        return None
    if grid and not text[start].isupper():
        return None  # a rural grid number is written "N1234", a code "n1234" is not one
    inner = _without_spelling(words[1:-1])
    # "west a hundred ninety seventh avenue": "a" before "hundred" is a number's.
    # "apt a seven": "a" after a unit word is its letter.
    inner = [w for i, w in enumerate(inner) if w != "a" or (
        inner[i + 1 : i + 2] != ["hundred"]
        and (i == 0 or inner[i - 1].strip(".#") not in _UNIT_WORDS))]
    if not _NOT_STREET_WORDS.isdisjoint(w.strip(",") for w in inner):
        # "12 Via Del Mar and ...": a street named after its type word ends before the
        # first word that cannot be part of a name.
        first = next((i for i, w in enumerate(words) if w in _TYPE_FIRST_WORDS), None)
        if first is None:
            return _later_house_number(text, start, end, words)
        cut = next(
            (i for i in range(first + 1, len(words)) if words[i].strip(",") in _NOT_STREET_WORDS),
            len(words),
        )
        if cut == first + 1 or not _NOT_STREET_WORDS.isdisjoint(
            w.strip(",") for w in words[1:first]
        ):
            return None
        end = start + _word_end(text[start:end], cut)
    return start, end, "ADDRESS"


_TYPE_WORD = Regex(rf"^{_STREET_TYPE}$")


def _later_house_number(
    text: str, start: int, end: int, words: list[str]
) -> tuple[int, int, str] | None:
    """The street address that starts at a house number in digits after the last word no
    street name holds ("... nineteen forty eight at 3060 saguaro trail": the match starts
    at "eight", a number word, and the address at "3060"), or None."""
    cut = max(i for i in range(1, len(words) - 1) if words[i].strip(",") in _NOT_STREET_WORDS)
    if not words[cut + 1].isdigit() and words[cut + 2 : cut + 3] and (
            words[cut + 2].isdigit() and words[cut + 1].isalpha()):
        cut += 1  # "547 I mean 549 Prairie Hwy": a word of a correction before the number
    if not words[cut + 1].isdigit():
        # "nine ten sycamore drive in isle of palms": the street ends at its type before
        # the first word no street name holds (a town's word is a type here).
        first = min(i for i in range(1, len(words) - 1) if words[i].strip(",") in _NOT_STREET_WORDS)
        if first >= 2 and _TYPE_WORD.search(words[first - 1].rstrip(".,")) is not None:
            return _street(text, start, start + len(text[start : start + _word_end(
                text[start:end], first)].rstrip(" ,.")), ())
        return None
    chunk = text[start:end]
    at = _word_end(chunk, cut + 1)
    at += len(chunk[at:]) - len(chunk[at:].lstrip())
    return _street(text, start + at, end, ())


def _word_end(chunk: str, count: int) -> int:
    """Return the offset in ``chunk`` just after its ``count``-th whitespace-separated word."""
    pos = 0
    for _ in range(count):
        while chunk[pos].isspace():
            pos += 1
        while pos < len(chunk) and not chunk[pos].isspace():
            pos += 1
    return pos


#: Keys of structured payloads (JSON, dicts, logfmt) whose value is a street line, a unit, a
#: city or a postcode: "street", "address_line1", "home_address", "city", "postcode".
#: Not "ip_address", "email_address", "mac_address": a prefix must be a place word.
_ADDRESS_KEY = (
    r"(?:(?:home|mailing|billing|shipping|residential|residence|patient|member|current"
    r"|permanent|primary|physical|delivery|postal|street|contact|previous|prior)[_\- ]?)?"
    r"(?:address|addr)(?:[_\- ]?(?:line)?[_\- ]?[0-9])?"
    r"|street(?:[_\- ]?(?:address|line|name|addr))?(?:[_\- ]?[0-9])?"
    r"|(?:address[_\- ]?)?line[_\- ]?[1-3]|apt|apartment|unit[_\- ]?number"
    # A place word may carry the prefix of an address's parts ("addr_city", "home_zip").
    r"|(?:(?:addr|address|home|mailing|billing|shipping|residential|patient|pt|member"
    r"|current|postal|res)[_\- ]?)?"
    r"(?:city|town|municipality|locality|county|post[_\- ]?code|postal[_\- ]?code"
    r"|zip(?:[_\- ]?code)?)"
)
#: The keys of a place's name or code written as a YAML line ("    city: Wahiawa"), in
#: lowercase: no street key, which a sentence may start with ("Address: please call").
_YAML_PLACE_KEY = (
    r"(?-i:(?:(?:addr|address|home|mailing|billing|residential|patient|pt)_)?"
    r"(?:city|town|zip|zip_code|zipcode|postal_code|postcode"
    # (a street key with an underscore starts no sentence: "address_line_2: Apt 4C")
    r"|(?:address|addr)_?line_?[1-3]|street_address|(?:home|mailing)_address))"
)
#: A camelCase key that ends in a place word: "FromCity", "billingZip", "homePostalCode"
#: (case-sensitive, so "velocity" and "unzip" are not keys of places).
_CAMEL_ADDRESS_KEY = r"(?-i:[A-Za-z][a-zA-Z]*(?:City|Zip|ZipCode|PostalCode|Postcode|Street))"
ADDRESS_FIELD_PATTERN = (
    # A quoted key (JSON, a dict) with ":" or "=", or a bare logfmt key with "=". An unquoted
    # value may be form-encoded ("FromCity=EAU+CLAIRE&FromZip=...").
    # Inside escaped JSON (a tool call's "arguments" string) both quotes are escaped.
    rf"(?:\\?[\"'](?:{_ADDRESS_KEY}|{_CAMEL_ADDRESS_KEY})\\?[\"'][ ]*[:=]"
    # A bare key with "=" (logfmt, and SQL with spaces: "city = 'Bismarck'").
    rf"|(?:^|[^a-z0-9_\.\-])(?:{_ADDRESS_KEY}|{_CAMEL_ADDRESS_KEY})[ ]*=)[ ]*"
    r"(?:\\\"([^\"\\\n]{1,120})\\\"|\"([^\"\n]{1,120})\"|'([^'\n]{1,120})'"
    r"|([a-z0-9][a-z0-9#\-+%]{0,40}))"
    # A JavaScript object's bare key with a quoted value: { city: 'Natchez' }.
    rf"|[{{,][ ]*(?:{_ADDRESS_KEY}|{_CAMEL_ADDRESS_KEY})[ ]*:[ ]*'([^'\n]{{1,120}})'"
    # An XML element: <City>Gainesville</City>, <Zip>22432</Zip>.
    rf"|<(?:{_ADDRESS_KEY}|{_CAMEL_ADDRESS_KEY})>([^<\n]{{1,120}})</"
    # A YAML line: "  city: Wahiawa" (a quoted value is taken by its quotes above).
    rf"|(?:^|\n)[ \t]*(?:-[ ]+)?{_YAML_PLACE_KEY}:[ ]+([a-z0-9][^\n#\"']{{0,60}})"
)
#: Values of an address key that hold no place.
_EMPTY_VALUES = frozenset(
    ["null", "none", "n/a", "na", "unknown", "true", "false", "redacted", "tbd", "-", "0"]
)


def _field_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the value in an address_field match: the group of its pattern
    that took part (the detector searches with its group-free finder, as RE2 finds the
    groups of this pattern in a slow second pass).
    """
    last = text[end - 1]
    if last == "/":  # "<City>...</": no other form ends in "/"
        return text.index(">", start) + 1, end - 2
    if last in "\"'":  # a quoted value holds no quote of its kind
        if text[end - 2] == "\\":  # escaped quotes: \"Stockton\"
            return text.rfind(last, start, end - 2) + 1, end - 2
        return text.rfind(last, start, end - 1) + 1, end - 1
    if "=" not in text[start:end] and ": " in text[start:end]:  # a YAML line's value
        return text.index(": ", start) + 2, len(text[:end].rstrip())
    # A bare value holds no space, ":" or "=", and one of them stands before it.
    before = max(
        text.rfind(" ", start, end), text.rfind(":", start, end), text.rfind("=", start, end)
    )
    return before + 1, end


def _address_field(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    s, e = _field_value(text, start, end)
    value = text[s:e].strip()
    lower = value.lower()
    if lower in _EMPTY_VALUES or value.startswith("<") or "@" in value or lower.startswith("0x"):
        return None
    if not any(ch.isalnum() for ch in value):
        return None
    key = text[start:s].lower()
    label = "ZIP" if ("zip" in key or ("post" in key and "code" in key)) else "ADDRESS"
    if label == "ZIP" and sum(ch.isdigit() for ch in value) not in (0, 5, 9):
        return None  # a US ZIP has five or nine digits (a UK or Canadian code has few)
    lead = len(text[s:e]) - len(text[s:e].lstrip())
    return s + lead, s + lead + len(value), label


#: Where someone moved or lives, before a place and its state ("I Moved To Faith
#: Massachusetts", "lives in Smalltown, OH").
_MOVED_TO = (
    r"(?:moved|move|moving|live|lives|living|lived|reside|resides|residing)[ ]+"
    r"(?:(?:out|back|up|down|over)[ ]+)?(?:to|in)[ ]+"
)
#: Whom someone lives with, then where ("Lives with daughter Heather in Sitka."), or the
#: town someone lives near ("lives just outside of Bethel.").
_LIVES_WITH = (
    r"(?:live|lives|living|lived|staying|stays)[ ]+(?:with[ ]+(?:[a-z'\-]+[ ]+){1,3}in"
    r"|(?:just[ ]+|right[ ]+)?(?:near|outside(?:[ ]+of)?))[ ]+"
)
#: Words before a state that name no town ("moved to West Virginia", "live in rural
#: Ohio", "moved back home to Iowa").
_NOT_TOWN_WORDS = frozenset(
    ["north", "south", "east", "west", "new", "rural", "upstate", "downstate", "northern",
     "southern", "eastern", "western", "central", "the", "a", "here", "there", "home", "back",
     "state", "city", "town", "county", "area", "part", "small", "big", "thanks", "please"]
)


#: Places beyond a town that people live in or move to, which name no one's town: countries,
#: regions and continents ("lives in Mexico", "moved to Europe").
_NOT_TOWNS = frozenset(
    ["mexico", "canada", "china", "india", "japan", "korea", "vietnam", "philippines", "cuba",
     "haiti", "jamaica", "guatemala", "honduras", "salvador", "nicaragua", "colombia", "peru",
     "venezuela", "brazil", "argentina", "chile", "ecuador", "nigeria", "ghana", "kenya",
     "ethiopia", "somalia", "egypt", "morocco", "iran", "iraq", "israel", "syria", "lebanon",
     "pakistan", "afghanistan", "bangladesh", "nepal", "thailand", "russia", "ukraine",
     "poland", "germany", "france", "italy", "spain", "portugal", "greece", "ireland",
     "england", "scotland", "wales", "britain", "europe", "asia", "africa", "australia",
     "america", "the", "puerto", "rico", "samoa", "guam", "taiwan", "turkey", "sweden",
     "norway", "holland", "netherlands", "switzerland", "dominican", "republic", "bahamas"]
)


def _lived_in_town(text: str, s: int, e: int) -> tuple[int, int, str] | None:
    """The capitalised town after "lives in" or "moved to" ("son lives in Lewes."): in a
    text that writes its words in lowercase, and not a word of a list, a state or a
    country."""
    words = text[s:e].lower().split()
    names = lexicon()
    said = " ".join(words)
    if said in _states()[1] or not _cased_text(text, s, e):
        return None
    if any(w in _NOT_TOWNS or names.is_ordinary(w) for w in words):
        return None
    return s, e, "ADDRESS"


def _city_in_address(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    """The town between a street line (or "moved to") and a state, or after a street line's
    comma where a quoted value ends: not a directional or a word of a region."""
    if match[3][0] >= 0:
        return _lived_in_town(text, *match[3])
    s, e = match[1] if match[1][0] >= 0 else match[2]
    if match[1][0] >= 0 and text[max(0, s - 8) : s].rstrip().endswith(","):
        return s, e, "ADDRESS"  # "..., Smalltown, OH": between a street line and a state
    words = text[s:e].lower().split()
    names = lexicon()
    if any(w in _NOT_TOWN_WORDS or w in _NOT_STREET_WORDS or w in names.function for w in words):
        return None
    return s, e, "ADDRESS"


def address_detectors() -> list[PatternDetector]:
    """Return the address, city and ZIP detectors."""
    states = _state_alt()
    city_pattern = rf"\b(?:{_city_alt()})\b"
    city_in_address = (
        rf"(?:(?:\b{_STREET_TYPE}\b\.?|{_UNIT})[ ]*,[ ]*|\b{_MOVED_TO})"
        rf"([a-z][a-z\.'\-]*(?:[ ]+[a-z][a-z\.'\-]*){{0,2}})"
        rf"[ ]*(?:,[ ]*)?(?:(?:{states})\b|{_PROVINCES}\b|(?-i:{POSTCODE_SHAPE.upper()})\b)"
        # A capitalised name after a street line's comma where a value ends: "921 Willow
        # Bend Ave, Lot 2D, Faith" in a JSON string.
        rf"|(?:\b{_STREET_TYPE}\b\.?|{_UNIT})[ ]*,[ ]*"
        rf"((?-i:[A-Z][a-z'\-]+(?:[ ]+[A-Z][a-z'\-]+){{0,2}}))[ ]*(?:\\?[\"']|\n|$)"
        # A capitalised town someone lives in or moved to, where a clause ends ("son lives
        # in Lewes.", "she moved to Wahiawa, ..."), listed or not (see _lived_in_town).
        rf"|\b(?:{_MOVED_TO}|{_LIVES_WITH})((?-i:[A-Z][a-z'\-]+(?:[ ]+[A-Z][a-z'\-]+)?))"
        r"(?:[.;!?]|,[ ]|[ ]*$)"
    )
    postcode = rf"\b{POSTCODE_SHAPE}\b"
    return [
        builtin_detector("street_address", "ADDRESS", STREET_PATTERN, refine=_street,
                         expand=unit_after_address),
        builtin_detector("po_box", "ADDRESS", PO_BOX_PATTERN, expand=unit_after_address),
        builtin_detector("city", "ADDRESS", city_pattern, refine=_city, rescan=True,
                         expand=zip_after_city),
        builtin_detector("city_in_address", "ADDRESS", city_in_address,
                         refine=_city_in_address),
        builtin_detector("zip_code", "ZIP", ZIP_PATTERN, refine=_zip,
                         finder=without_groups(ZIP_PATTERN)),
        builtin_detector("postcode", "ZIP", postcode, refine=_postcode),
        builtin_detector("address_field", "ADDRESS", ADDRESS_FIELD_PATTERN, refine=_address_field,
                         finder=without_groups(ADDRESS_FIELD_PATTERN)),
    ]
