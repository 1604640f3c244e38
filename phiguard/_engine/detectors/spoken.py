"""Detectors for identifiers as speech-to-text writes them, and for cue-led identifiers.

- ``cue_number``: a cue ("member ID", "MRN", "account number", "date of birth", "zip
  code", "last four of my social", a JSON key such as ``"patient_id"``) followed by an
  identifier, written ("FZH271424191", "07828268") or spoken ("a p k six three three ...",
  "oh four one two", "b as in baker seven kilo two", or letters after a digit: "transmitter
  ID is eight g n n w y"). The cue sets the label. The cue may
  be in the agent's question and the value in the answer ("what's the zip code there?
  Caller: uh, 60614"), and the answer may start with the speaker's name ("date of birth?
  [caller] Ada Moss, four one two nine"). A partial cue ("ending in", "the last part is",
  Spanish "termina en")
  or a correction ("no wait, sorry, it's ...", "no no", "scratch that", "oh wait") takes
  its label from the cue before it, and so does a bare "sorry" before the value said
  again; the value taken back is found too, and so are the digits said instead of a
  number's tail right after it ("... six three scratch that one five four") and a keypad
  entry's next field after "star". A Markdown field's bold marks stand between a cue and
  its value ("**Account:** HB22637548"); a pharmacy card's "ID" after its PCN is a member
  id. A number "on the card" is of
  the kind the cue before names ("the group number on the card is ...": none). Last four
  digits said as two pairs count after "ending in" or "last four" ("the card
  ending in sixty sixty"); "x as in x ray" spells one letter. A year said in pairs is no
  identifier's four digits ("my policy ends in twenty twenty five").
- ``spoken_number``: a run of spoken digits long enough to be an identifier with no cue
  (7+ digits, hesitations allowed between groups, an extension included): labelled by
  shape (3-2-4 is an SSN, 10 digits a phone, a Luhn-valid 16 a card), unless the text says
  it is an order or confirmation number (or a plan's group number or a payer's id); or an
  identifier spelled out in letters and digits ("w d l z nine a nine e charlie", "s n as
  in nancy two to a j"), labelled by the closest cue before it, which may be in the
  question a turn earlier (with no cue: seven digits, five and three letters, "nine p r
  two m zero four w x one nine", or a value said twice word for word, "N R five seven six
  five two A, ... yeah that's it, N R five seven six five two A"). Five digits that end a
  sentence after "i'm at" or "we're in" are a ZIP. Digits may be written in groups and the
  last said in pairs ("415 933 ninety four sixty"); a run that ends in "for" or "to" and a
  year ("fifteen hundred for twenty twenty five") ends before them. An area code said
  alone ("area code two one four and then ...") is a phone's when the other seven digits
  follow it, and those digits are found with it even written ("area code 503, and then 555
  0199").
- ``spoken_email``: "jane dot doe at gmail dot com"; not an ordinary word at a site that
  is no mail provider's with no word of mail before it ("is the portal at mychart dot ...");
  an address written whole ("it-ops@host.org") is left to the written ``email`` detector.
- ``spoken_url``: "w w w dot smith family dot net slash anna", "caring bridge dot org", a
  portal's link with digits said in its path ("my chart dot sunrise clinic dot org slash p
  slash six four eight one four"); only an address that names a person: a path beyond a
  site's own pages ("slash login"), a personal-page site (gofundme, caringbridge, facebook,
  blogspot), or a host that is a family's or a person's name ("pham family dot com",
  "charlenetorres dot com"); a practice's or a service's site said alone ("riverbendhealth
  dot org", "my chart dot ... dot org") is none. And
  IPv4 addresses said aloud ("seventy three dot eight eight dot fifty eight dot one oh six",
  label IP). A spoken four-part dotted number is read as an address unless a version word
  stands right before it or a fifth part follows.
- ``spoken_date``: "March third nineteen eighty four", "the third of March", "october
  eighteenth", "november forth", "march of sixty two" (a month, "of" and a two-digit year
  only in a date's context); in Spanish ("el siete de junio de 1991"); with no year
  ("on april seventeen", "appointment on 7/1", "his appointment was 9/15", "since 11/23")
  in a date's context, and not a date that recurs ("january first every year"); a day
  alone after "on" or "for" ("faxed over on the sixteenth", "for the twenty second at
  seven"; the first nine days only near a date word, they are ranks too) or after "was"
  near one ("the visit was the twenty third"), never before a noun ("the fifth floor").
  A date of birth said as digits or pairs right after the speaker's own name ("yes it's
  zofia whitehorse eleven three oh two": M D YY or MM DD YY) is found by its expand step.
  A month and day said as numbers ("five twenty"): after "on" or "el" near a date word
  ("physical therapy on four twelve", "la cita es el one nineteen"), or with a year after
  a visit's or a birth's word or a greeting and a name ("your appointment four eighteen
  twenty five", "hi grace gardner twelve thirteen seventy five"), or after "date of
  service" ("Date of service eight two twenty four": a month and a day of one digit, then
  the year's pair). A day said again after a date and "no" or "sorry" ("on the april
  fourteen no the fourteenth").
- ``age_over_89``: ages of 90 and more, written or spoken, next to an age cue ("my mom
  harpreet is 94", "he'll be ninety three", "which makes him 101", "they're a hundred and
  five now", "I'm hundred four", "Mrs. Ruiz is 103"), a speaker's correction included
  ("ninety six, uh, ninety seven", "she's what a hundred and one yeah a hundred and
  three"), after a relative's name set off by commas ("My mother, Dawn Church, is ninety
  eight") or any name found ("Reza Patel is 94", by the ``expand`` step), "at the age of
  ninety three", in quotes ('he is "ninety"'), or in brackets or commas after a listed
  name ("Ada Moss (98)"), as a decade of life ("in her late nineties"), or in Spanish
  ("tiene noventa y cinco anos"). "<number> years" as a span of time ("for ninety years",
  "a hundred years ago") is no age.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import re2

from phiguard._engine.detectors.names import NATO_WORDS, lexicon
from phiguard._engine.detectors.numwords import (
    ES_DIGIT_RUN,
    NUM_FILLER,
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
    Span,
    ascii_bytes,
    builtin_detector,
    compile_re2,
    without_groups,
)
from phiguard._engine.detectors.written import (
    closure_day,
    luhn_ok,
    organisation_line,
    personal_link,
)

# --- cues ---------------------------------------------------------------------------------

#: Cue alternatives by label. The order matters only for readability; the label of a match
#: is decided by :func:`_cue_label` on the cue text. ``None`` marks non-personal numbers.
_CUES: dict[str | None, str] = {
    "SSN": (
        r"s[ ]s[ ]n"
        r"|ssn(?:[ _\-]?last[ _\-]?(?:4|four))?|ss#|social(?:[ _\-]security)?(?:[ _\-]number)?"
        r"|soc[ .]*sec(?:[ .]*(?:no|num|number|#))?"
        r"|last[ _\-]?(?:4|four)"
        r"(?:[ _\-]?(?:of[ _\-](?:(?:my|your|his|her|the)[ ])?)?(?:ssn|social))?"
        r"|tax[ _\-]id|seguro[ ]social"
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
        r"mrn|m[ ]r[ ]n"
        r"|medical[ _\-]record(?:[ _\-]number)?|med[ _\-]rec|chart(?:[ _\-](?:number|id))?"
        r"|patient[ _\-]?(?:id|number|no|identifier)|record[ _\-](?:number|id)"
        r"|hospital[ _\-]number|encounter[ _\-]id"
    ),
    "MEMBER_ID": (
        r"member(?:ship)?(?:[ _\-]?(?:id|number|no))?|subscriber(?:[ _\-]?(?:id|number))?"
        r"|beneficiary(?:[ _\-]?(?:id|number))?|policy(?:[ _\-]?(?:id|number|no))?"
        r"|insurance(?:[ _\-]?(?:id|number))?|medicare(?:[ _\-]?(?:id|number))?"
        r"|medicaid(?:[ _\-]?(?:id|number))?|plan[ _\-]id"
        r"|numero[ ]de[ ](?:miembro|afiliado|poliza|socio)"
        r"|health[ _\-]plan(?:[ _\-](?:id|number))?|mbi|hicn"
        # A pharmacy card's member id after its processor control number ("BIN 610097 PCN
        # ADV ID U16750583").
        r"|pcn[ :]+[a-z0-9]{1,10}[ ,]+(?:id|member)"
        # A payer's name before its id: "BCBS ID XYZ123456789", "Aetna number ...".
        r"|(?:bcbs|uhc|aetna|cigna|humana|anthem|tricare|molina|wellcare|ambetter|kaiser"
        r"|united[ ]?healthcare|blue[ ]?cross(?:[ ]blue[ ]?shield)?)[ _\-]?(?:id|number|no|#)"
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
        r"|area[ _\-]?code|numero[ ]de[ ](?:telefono|celular)|telefono|celular"
    ),
    "ZIP": r"zip(?:[ _\-]?code)?|postal(?:[ _\-]?code)?|postcode",
    "DATE": (
        r"dob|d\.o\.b\.?|d[ ]+(?:(?:uhh?|umm?)[ ]+)?o[ ]+b|date[ _\-]of[ _\-]birth"
        r"|birth[ _\-]?date|birthday|born(?:[ ]on)?"
        r"|admitted(?:[ ]on)?|admission[ _\-]date|discharged(?:[ ]on)?|discharge[ _\-]date"
        r"|date[ _\-]of[ _\-]death|died(?:[ ]on)?|deceased(?:[ ]on)?"
    ),
    None: (
        r"order(?:[ _\-]?(?:number|num|no|id))?|confirmation(?:[ _\-]?(?:number|code|id))?"
        r"|reference(?:[ _\-]?(?:number|code))?|tracking(?:[ _\-]?(?:number|id))?"
        r"|ticket(?:[ _\-]?(?:number|id))?|extension|ext|press|option|room|page|step"
        r"|version|build|error[ _\-]code|status[ _\-]code|request[ _\-]id|trace[ _\-]id"
        # A plan's group number and a payer's id name an employer's plan and an insurer,
        # shared by everyone on them: "the group number is four four oh nine one".
        r"|group[ _\-]?(?:number|id|no)|payer[ _\-]?id"
    ),
}

#: Cues to the tail of a number whose kind was said before ("the card ending in", "the last
#: part is", "the last four digits"): they take their label from the cue before them (see
#: :func:`_partial_number`). First in the alternation, so "last four digits" is one cue.
_PARTIAL_CUES = (
    r"end(?:s|ing)?[ ](?:in|with)|ending|last[ ](?:part|bit|(?:few[ ])?digits"
    r"|(?:three|3|four|4|five|5|six|6)[ ]digits)|final[ ](?:four|4|digits)"
    # Spanish: "mi seguro social termina en ...".
    r"|terminan?[ ]en"
)
#: The label :func:`_cue_label` gives a partial cue.
_PARTIAL = "PARTIAL"
#: A speaker taking back what they just said and saying it again ("zip three seven three
#: eight three, no wait, sorry, that's my old one, it's five six ..."), or reading it back:
#: the number after it is of the kind the cue before said (see :func:`_partial_number`).
#: The words between the correction and "it's" come from a closed list, so a cue never
#: holds a name.
_CORRECTION_CUES = (
    r"(?:no[ ,]+wait|wait[ ,]+no|oh[ ,]+wait|i[ ]+mean|sorry|actually|correction"
    r"|scratch[ ]+that|my[ ]+(?:bad|mistake))"
    r"(?:[ ,.]+(?:sorry|no|wait|that's|thats|that|was|is|my|the|old|one|wrong|it|i|mean"
    r"|actually|oops|uh|um|new|correct|right|let|me|try|again"
    r"|number)){0,8}[ ,.]+(?:it's|its|it[ ]+is|the[ ]+new[ ]+one[ ]+is|should[ ]+be)"
    # A speaker starting again with no "it's" ("..., wait, sorry, two oh six ...", "wait
    # let me start over eight five ...").
    r"|wait[ ,.]+(?:sorry|no|let[ ]+me[ ]+(?:start[ ]+over|try[ ]+again|say[ ]+(?:it|that)"
    r"[ ]+again))"
    # "... one one six three no no one one six seven four": "no" said twice.
    r"|no[ ,.]+no"
    # "... six four seven three four sorry three seven ...": "sorry" alone before the value,
    # and "scratch that" ("the zip code is six seven zero three scratch that six five ..."),
    # "oh wait".
    r"|sorry|scratch[ ]+that|oh[ ,]+wait"
    # An agent reading a value back ("let me read that back: 4G7 ..."): the same kind too.
    r"|read(?:ing)?[ ]+(?:that|it|this|those|them)[ ]+back"
)
#: The label :func:`_cue_label` gives a correction cue.
_CORRECTION = "CORRECTION"
#: A keypad entry an IVR logs after its prompt ("enter your ten digit phone number ...
#: [DTMF: 2 8 8 2 ...]", "<DTMF 1001>", "[caller keyed 0596...]", "dtmf 6 8 4 2 ... pound"):
#: the number is of the kind the prompt before it asked for (see :func:`_partial_number`).
_KEYED_CUES = r"dtmf|(?:caller[ ]+)?keyed(?:[ ]+in)?"
#: The label :func:`_cue_label` gives a keypad entry's cue.
_KEYED = "KEYED"

_CUE_ALT = f"(?:{_PARTIAL_CUES})|(?:{_CORRECTION_CUES})|(?:{_KEYED_CUES})|" + "|".join(
    f"(?:{v})" for k, v in _CUES.items() if k is not None
)
_ANY_CUE_ALT = "|".join(f"(?:{v})" for v in _CUES.values())
_CUE_RES = [(label, Regex(rf"^(?:{v})$")) for label, v in _CUES.items()]
_CUE_RES.append((_PARTIAL, Regex(rf"^(?:{_PARTIAL_CUES})$")))
_CUE_RES.append((_CORRECTION, Regex(rf"^(?:{_CORRECTION_CUES})$")))
_CUE_RES.append((_KEYED, Regex(rf"^(?:{_KEYED_CUES})$")))

# Words that may stand between a cue and its value ("number is", "on file is", "ending in"),
# including the end of an agent's question and the caller's answer before the value:
# "what's the zip code there? Caller: uh, you know, 42816", "your Medicaid ID handy?
# [caller] yeah it's ...", a Markdown field's bold marks ("**Account:** HB22637548").
# Speaker labels are words here ("Caller", "Voice agent") or a
# letter and a colon ("C:", below). An answer's "Oh," is a filler only right after a
# speaker label ("Caller: Oh, it's 30318"): elsewhere "oh" is a zero. It comes first, so
# the cue-and-filler scan of :func:`_cue_number` prefers it to the colon alone.
_FILLER_WORD = (
    r"(?:number|numbers|num|no|nbr|id|is|was|it's|its|it|would|should|will|be|of|the|my|on"
    r"|file|are|es|reads|ending|ends|in|with|digits|code|that|here|please|sure|yes|okay|ok|um"
    r"|umm|uh|uhh|er|hmm|hm|and|so|just|for|his|her|their|our|your|this|identifier|value"
    r"|listed|as|there|out|handy|today|again|then|too|yeah|yep|yup|right|well|you|know|let|me"
    r"|see|sorry|huh|like|that's|thats|car|truck|vehicle|caller|agent|voice|patient|customer|user"
    r"|rep|nurse|operator|assistant|bot|speaker|statement|bill|letter|form|top|back|front)"
)
#: A speaker label a diarizing transcriber writes ("spk_1:", "speaker 2:").
_SPEAKER_ID = r"(?:spk|speaker)[_ ]?[0-9]{1,2}\b"
#: An answer that starts with the speaker's name before the value the question asked for
#: ("date of birth? [caller] Virgil Arceneaux, three nine oh five"): a question mark, maybe a
#: speaker label, two or three words and a comma. Last among the filler's alternatives, so
#: it is taken only where nothing else lets a value follow; :func:`_cue_number` skips it.
_NAME_ANSWER = (
    r"\?\s*(?:\[[a-z]+\]|\|?[ ]*[a-z]+[:>]|" + _SPEAKER_ID + r":?)?\s*"
    r"[a-z][a-z'\-]+(?:[ ]+[a-z][a-z'\-]+){1,2},"
)
_FILLER = (
    rf"(?:[:\]][ ]*oh[,.!]|[\s:=#\"'(),.\-?!\[\]>|*]+|{_FILLER_WORD}\b|[a-z]:|{_SPEAKER_ID}"
    rf"|{_NAME_ANSWER})*"
)
#: Letters of the NATO alphabet, said for a letter of an identifier ("nine kilo hotel").
_NATO = "(?:" + "|".join(NATO_WORDS) + ")"
#: A letter, said alone or spelled out ("b as in baker", "x as in x-ray", "a like apple",
#: "f for frank": a word of three letters at least after "for", which is also a four).
_SPELL_WORD = r"(?:[ ]+(?:as[ ]+in|like)[ ]+(?:x[ ]ray|[a-z]+(?:-[a-z]+)?)|[ ]+for[ ]+[a-z]{3,})"
_LETTER = rf"(?:[a-z]{_SPELL_WORD}?|{_NATO})"
#: A spoken identifier: spelled letters and number words, ending in a number.
#: A spoken identifier's last letter: never "a" or "i", which are words.
_LAST_LETTER = rf"(?:[b-hj-z]{_SPELL_WORD}?|{_NATO})"
_SPOKEN_ID = rf"(?:(?:{_LETTER}|{NUM_TOKEN}){NUM_SEP}){{2,}}(?:{NUM_TOKEN}|{_LAST_LETTER})\b"
#: A written identifier with at least one digit: "FZH271424191", "D292-4940-7338".
_WRITTEN_ID = (
    # Capitals (maybe with digits), then groups of digits with spaces between them: "ZGP
    # 8841 2207", "W998 1234 55" (first: the shorter forms below would end at "W998").
    r"(?-i:[A-Z]{1,6}[0-9]{0,6})(?:[ ][0-9]{2,6}){2,4}"
    r"|[a-z]{0,6}[\-]?[0-9][0-9a-z]{2,}(?:[\-./][0-9a-z]+){0,6}"
    r"|[a-z]{0,6}[\-]?[0-9]+(?:[\-./][0-9a-z]+){1,6}"
)

#: A number from ten to ninety-nine said as one pair ("sixty", "forty two", "seventeen").
_PAIR = (
    r"(?:(?:twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety)(?:[ \-](?:one|two|three"
    r"|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen)"
)
#: The last four digits said as two pairs ("the card ending in sixty sixty"): taken only
#: after a partial cue or a "last four" cue (see :func:`_cue_number`).
_PAIRS = rf"{_PAIR}[ ]+{_PAIR}"

CUE_NUMBER_PATTERN = (
    rf"\b({_CUE_ALT})(?:\b|[\"'])({_FILLER})\b({_SPOKEN_ID}|{_WRITTEN_ID}\b|{_PAIRS}\b)"
)

CUE_NUMBER_FINDER = (
    rf"\b(?:{_CUE_ALT})(?:\b|[\"'])(?:{_FILLER})\b(?:{_SPOKEN_ID}|{_WRITTEN_ID}\b|{_PAIRS}\b)"
)
_PAIRS_ONLY = Regex(rf"^{_PAIRS}$")

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
    if not tail or tail[0].lower().rstrip(",;:!?).") not in _QUANTITY_WORDS:
        return False
    # "... one twenty eight call me back": a request to call, not a count of calls.
    return not (tail[0].lower() == "call" and text[end : end + 24].lower().split()[1:2] in (
        ["me"], ["us"], ["back"], ["him"], ["her"], ["them"]))


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
_NATO_WORDS = frozenset(w for w in NATO_WORDS if w != "x-ray") | {"ray"}


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
        if part in ("like", "for") and i + 1 < n and parts[i + 1].isalpha() and (
                len(parts[i + 1]) > 2 and parts[i + 1] not in _VALUE_HEADS):
            i += 2  # "a like apple", "f for frank"
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


#: The name an answer starts with, and the comma and spaces after it (see _NAME_ANSWER).
_NAME_AT = compile_re2(r"[a-z][a-z'\-]+(?:[ ]+[a-z][a-z'\-]+){1,2},\s*")._regexp
#: Words that can start a spoken value: what a name in an answer never starts with.
_VALUE_HEADS = frozenset(
    ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
     "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen", "twenty", "thirty", "forty", "fourty", "fifty", "sixty",
     "seventy", "eighty", "ninety", "hundred", "thousand", "double", "triple"]
)


def _past_name(chunk: bytes, value_start: int) -> int:
    """Where the value starts in a cue_number match (``chunk``, ASCII) whose filler ends at
    ``value_start``: past the name an answer starts with ("Virgil Arceneaux, three nine oh
    five"), if any. The filler's greedy scan stops at such a name; the match went on only
    through :data:`_NAME_ANSWER`, which a question mark leads.
    """
    name: int = _NAME_AT.Match(_ANCHOR_START, chunk, value_start, len(chunk))[0][1]
    if name < 0 or b"?" not in chunk[:value_start]:
        return value_start
    head = chunk[value_start : value_start + 12].split(None, 1)[0].rstrip(b",").lower()
    if len(head) < 2 or head.decode() in _VALUE_HEADS or head.decode() in _NATO_WORDS:
        return value_start
    return name


#: Digits heard as words ("one F d U ate four three", a ZIP's "... too for").
_DIGIT_HOMOPHONES = {"to": "two", "too": "two", "for": "four", "ate": "eight"}


def _homophone_tail(value: str) -> int:
    """How many of the last words of ``value`` are words heard for digits ("too for")."""
    words = value.lower().split()
    count = 0
    while count < len(words) and words[-1 - count] in _DIGIT_HOMOPHONES:
        count += 1
    return count


#: A value's last word when it is a NATO letter (" kilo"), or a spelled one ("... as in").
_NATO_ENDS = tuple(f" {w}" for w in NATO_WORDS) + tuple(f" {w.title()}" for w in NATO_WORDS)
#: Labels of identifiers that may end in letters said one by one ("eight g n n w y").
_LETTER_END_LABELS = frozenset({"LICENSE_OR_DEVICE_ID", "MEMBER_ID", "MRN", "ACCOUNT"})
#: The end of the last number word or digits in a value.
_LAST_NUMBER = Regex(rf"(?s:.*)\b{NUM_TOKEN}\b")


def _letter_end(text: str, start: int, end: int, label: str) -> int:
    """Where a spoken value that ends in a letter ends: all of it for an identifier said
    with a digit and six characters at least ("transmitter ID is eight g n n w y"), else
    at its last number (as a value that must end in a number would), or ``start`` if it
    has none."""
    if label in _LETTER_END_LABELS and _spelled_chars(text, start, end) >= 6:
        return end
    last = _LAST_NUMBER.search(text[start:end])
    return start + last[0][1] if last is not None else start


def _spelled_chars(text: str, start: int, end: int) -> int:
    """How many characters a value said as letters and numbers stands for ("eight g n n w
    y" is 6), or 0 if it says no digit."""
    tokens = _id_tokens(text, start, end)
    digits = sum(len(text[s:e]) if text[s:e].isdigit() else 1 for s, e, k in tokens if k == "N")
    if not digits:
        return 0
    return digits + sum(1 for t in tokens if t[2] == "L")


def _last_four_pairs(lead: str, value: str, label: str | None) -> bool:
    """Whether two pairs after a cue are the last four digits: after "ending in" or "last
    four" ("the visa ending in sixty sixty"), and no year ("ends in twenty twenty five")."""
    if label != _PARTIAL and "last" not in lead:
        return False
    parsed = spoken_digits(value)
    return parsed is not None and len(parsed[0]) == 4 and not _year_in_pairs(value)


def _cue_number(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    if text[start - 1 : start] == "/" and text[start : start + 2].lower() == "dl":
        return None  # "mg/dL|70-99": a unit and a reference range, not a driver's licence
    chunk = ascii_bytes(text[start:end])
    value_start = _CUE_AND_FILLER_AT.Match(_ANCHOR_START, chunk, 0, len(chunk))[0][1]
    if value_start < 0 or value_start >= len(chunk):
        return None
    first = chunk[value_start : value_start + 1]
    word = first.isalnum() or first == b"_"
    label = _lead_label(text[start : start + value_start].lower() + ("0" if word else " "))
    if label is None:
        return None
    if label == "CREDIT_CARD" and _ON_THE_CARD.search(text[max(0, start - 24) : start]):
        # "the group number on the card is ...": the card holds the number a cue before
        # named, of that cue's kind.
        window = text[max(0, start - _PARTIAL_WINDOW_CHARS) : start]
        cue = _LAST_CUE.search(window)
        if cue is not None:
            known, named = _cue_label(window[cue[1][0] : cue[1][1]])
            if known and named is None:
                return None
            if known and named is not None and named not in (_PARTIAL, _CORRECTION, _KEYED):
                label = named
    if word and not first.isdigit():
        value_start = _past_name(chunk, value_start)
        if value_start >= len(chunk):
            return None
        if chunk[value_start - 1 : value_start + 2] == b"'s ":
            value_start += 2  # "plate's d i ...": the "s" is the cue's
    # Two words only: what the pair form alone matches (three tokens are a spoken id).
    if (len(text[start + value_start : end].split()) == 2
            and _PAIRS_ONLY.search(text[start + value_start : end]) is not None
            and not _last_four_pairs(
            text[start : start + value_start].lower(), text[start + value_start : end], label)):
        return None
    if label in (_PARTIAL, _CORRECTION, _KEYED):
        return _partial_number(
            text, start, start + value_start, end, corrected=label == _CORRECTION,
            keyed=label == _KEYED,
        )
    cue_start = start
    start += value_start
    value = text[start:end]
    if value[-3:].lower() in (" oh", ",oh") and _WAIT_AFTER.search(text[end : end + 8]):
        # "six one six oh four, oh wait, ...": the "oh" of "oh wait" is no zero.
        end = start + len(value[:-2].rstrip(" ,."))
        value = text[start:end]
    if (value[-1:].isalpha() and not value[-2:-1].isalnum()) or value.endswith(_NATO_ENDS):
        # A spoken value that ends in a letter said alone ("... w y", "... kilo").
        end = _letter_end(text, start, end, label)
        if end <= start:
            return None
        value = text[start:end]
    if _quantity_after(text, end):
        return None
    # A spoken value may swallow a trailing connective ("... four two and"): the pattern
    # already ends on a number token, so only the digit count is checked here.
    digits = _value_digits(value)
    if label == "ZIP" and digits not in (5, 9):
        # A ZIP's last digits may be heard as words ("nine four oh too for"): a homophone
        # that ends a run is read as the word, unless the digits then make a ZIP.
        digits += _homophone_tail(value)
        if digits not in (5, 9):
            return None
    if label == "PHONE" and digits == 3 and _area_code(text, start, end):
        return start, end, label
    if digits < _MIN_DIGITS[label] and not (
            label in _LETTER_END_LABELS and _spelled_chars(text, start, end) >= 6) and not (
            _short_plate(text, cue_start, start, value, digits)):
        return None  # an identifier of letters and a digit ("eight g n n w y") is long enough
    if label == "DATE" and digits == 4 and _is_year(value):
        return None  # "born in nineteen eighty one": a year alone is not PHI
    if digits == 4 and _year_in_pairs(value):
        return None  # "my policy ends in twenty twenty five": a year, no identifier
    if label == "PHONE" and (digits > 15 or (
            any(map(str.isdigit, value)) and any(map(str.isalpha, value)))):
        return None
    if label == "PHONE" and _toll_free_said(text, start, _digits_of(value)):
        return None  # "phone: 8005550199", "call 1-855-...": an organisation's line
    return start, end, label


#: "ending" with no "in" or "with" after it: a partial cue only after a number's cue.
_BARE_ENDING = Regex(r"^ending[ ]+(?:[^iw]|i[^n]|w[^i])")


#: The key that ends a keypad entry, right after its digits ("... 1 5 #]", "... 8 4 pound").
_ENTRY_END = Regex(r"^[ ]*(?:#|pound\b)")


def _keyed_number(text: str, cue_start: int, value_start: int, end: int
                  ) -> tuple[int, int, str] | None:
    """Refine a keypad entry an IVR logged ("[DTMF: 2 8 8 2 9 0 1 5 1 5 #]"): labelled by
    the closest cue before it (its prompt, "enter your ten digit phone number"), and long
    enough for that kind; dropped with no cue or a non-personal number's ("press one")."""
    if _quantity_after(text, end) and _ENTRY_END.search(text[end : end + 8]) is None:
        return None
    window = text[max(0, cue_start - _PARTIAL_WINDOW_CHARS) : cue_start]
    cue = _LAST_CUE.search(window)
    if cue is None:
        return None
    known, label = _cue_label(window[cue[1][0] : cue[1][1]])
    if not known or label is None:
        return None
    digits = _value_digits(text[value_start:end])
    if digits < _MIN_DIGITS[label] or digits > 19 or (label == "ZIP" and digits not in (5, 9)):
        return None
    return value_start, end, label


#: "wait" right after a value that ends in "oh" ("..., oh wait").
_WAIT_AFTER = Regex(r"^[ ,.]+wait\b")


def _digits_of(value: str) -> str:
    """The digits a (spoken or written) number says, or "" if it is no plain number."""
    read = spoken_digits(value)
    return read[0] if read is not None else ""


#: Cues of a licence plate or a driver's licence, whose written value may hold two digits.
_PLATE_CUE = ("plate", "licen", "dl")


def _short_plate(text: str, cue_start: int, start: int, value: str, digits: int) -> bool:
    """Whether a written value of two digits is a plate or licence number after its cue
    ("plate KC06UA"): one token of five characters or more, with two letters at least."""
    if digits != 2 or len(value) < 5 or not value.isalnum() or not value.isascii():
        return False
    if sum(ch.isalpha() for ch in value) < 2:
        return False
    return text[cue_start:start].lower().startswith(_PLATE_CUE)


#: What may follow an area code said alone: the rest of the number after a connective
#: ("area code two one four and then double six nine five one nine two").
_AREA_REST = Regex(
    rf"^[ ,.;:]*(?:(?:and|then|the|rest|number|is|it's|its|uh|um)[ ,.]+){{0,4}}"
    rf"({NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{0,12}})\b"
)


def _area_code(text: str, start: int, end: int) -> bool:
    """Whether three digits at ``start:end`` are an area code said before the rest of the
    number (seven digits right after it): "area code 212" alone is no one's number."""
    return _area_code_rest(text, start, end) is not None


def _area_code_rest(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the seven digits that follow an area code at ``start:end``, or None."""
    if not text[max(0, start - 30) : start].lower().rstrip(" :,").endswith(
            ("area code", "area-code", "area_code", "areacode", "area code is")):
        return None
    rest = _AREA_REST.search(text[end : end + 120])
    if rest is None:
        return None
    s, e = end + rest[1][0], end + rest[1][1]
    parsed = spoken_digits(text[s:e])
    return (s, e) if parsed is not None and len(parsed[0]) == 7 else None


#: A number a speaker gave up on right before saying it again: "three two one i mean three
#: two eight ...", "nine hundred sixty four scratch that 798 beaver dam terrace", "eight
#: double five one wait let me start over ...", "five forty seven uh sorry five hundred
#: ..." (a hesitation before the correction). It is part of the same identifier.
_ABANDONED = Regex(
    rf"\b({NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{0,11}})[ ,.]*(?:{NUM_FILLER}[ ,.]+)?"
    r"(?:i[ ]+mean|scratch[ ]+that|no[ ,]+wait|oh[ ,]+wait|no[ ,]+no|sorry|oops|,[ ]*no"
    r"|let[ ]+me[ ]+start[ ]+over"
    r"|wait[ ,.]+(?:sorry|no|let[ ]+me[ ]+start[ ]+over))[ ,.]*$"
)
#: What tells a window may end in a taken-back number (cheap test before the regex).
_ABANDON_WORDS = ("mean", "that", "wait", "sorry", "over", "no", "oops")
#: Labels of identifiers whose abandoned start is taken with them (a year said again is
#: no date), and the address detectors of a house number.
_ABANDON_LABELS = frozenset(
    ["SSN", "PHONE", "ZIP", "ACCOUNT", "MRN", "MEMBER_ID", "CREDIT_CARD", "LICENSE_OR_DEVICE_ID"]
)
_ABANDON_DETECTORS = frozenset(["street_address", "po_box"])
_ABANDON_WINDOW_CHARS = 100


def abandoned_numbers(text: str, spans: Sequence[Span]) -> list[Span]:
    """The numbers said and taken back right before an identifier found in ``spans``
    (see :data:`_ABANDONED`), of three digits at least, with the identifier's label."""
    out: list[Span] = []
    for start, _, label, detector in spans:
        if label not in _ABANDON_LABELS and detector not in _ABANDON_DETECTORS:
            continue
        lo = max(0, start - _ABANDON_WINDOW_CHARS)
        window = text[lo:start]
        tail = window.rstrip(" ,.").lower()
        if not tail.endswith(_ABANDON_WORDS):
            continue
        found = _ABANDONED.search(window)
        if found is None:
            continue
        s, e = found[1]
        words = window[s:e].split()
        while words and words[0].lower() in _DIGIT_HOMOPHONES:  # "for three two one"
            s += len(window[s:].split(None, 1)[0])
            s += len(window[s:]) - len(window[s:].lstrip())
            words.pop(0)
        parsed = spoken_digits(window[s:e]) if words else None
        if parsed is not None and len(parsed[0]) >= 3:
            out.append((lo + s, lo + e, label, detector))
    return out


#: A correction right after a number and the digits said instead ("... four four six three
#: scratch that one five four"): the tail of the same number, said again.
#: Or the keypad's star between two fields of one entry ("nine p r two ... one nine, star,
#: 2524": what a caller keyed after an identifier is the next field).
_CORRECTED_TAIL = Regex(
    r"^[ ,.]*(?:scratch[ ]+that|i[ ]+mean|no[ ,]+wait|sorry|(star))[ ,.]+"
    rf"({NUM_TOKEN}(?:{NUM_SEP}{NUM_TOKEN}){{0,11}})\b"
)
#: Labels of numbers long enough that a correction after them may say only their tail.
_TAIL_LABELS = frozenset(["SSN", "PHONE", "ACCOUNT", "MRN", "MEMBER_ID", "CREDIT_CARD"])


def corrected_tails(text: str, spans: Sequence[Span]) -> list[Span]:
    """The digits a speaker says right after a number found in ``spans`` and taken back
    ("my number is five five nine eight four four six three scratch that one five four"):
    three digits at least, with the number's label (a count after them is no number's);
    and the next field of a keypad entry, after "star" (four digits at least)."""
    out: list[Span] = []
    for _, end, label, detector in spans:
        if label not in _TAIL_LABELS or not text[end : end + 24].lstrip(" ,.")[:1].isalpha():
            continue
        found = _CORRECTED_TAIL.search(text[end : end + 80])
        if found is None:
            continue
        s, e = end + found[2][0], end + found[2][1]
        if text[s:e].split(None, 1)[0].lower() in _DIGIT_HOMOPHONES:
            continue  # "sorry for ...": a word, not a four
        parsed = spoken_digits(text[s:e])
        least = 4 if found[1][0] >= 0 else 3  # (a keyed field: four digits at least)
        if parsed is not None and len(parsed[0]) >= least and not _quantity_after(text, e):
            out.append((s, e, label, detector))
    return out


def cue_number_expand(text: str, spans: Sequence[Span]) -> list[Span]:
    """The ``expand`` step of ``cue_number``: identifiers said aloud and read back written
    (:func:`read_back_ids`), the rest of a phone number after its area code said alone
    ("area code 503, and then 555 0199"), which no detector finds on its own when written,
    a number taken back before an identifier (:func:`abandoned_numbers`), and the digits
    said instead of a number's tail right after it (:func:`corrected_tails`).
    """
    out = read_back_ids(text, spans)
    out.extend(abandoned_numbers(text, spans))
    out.extend(corrected_tails(text, spans))
    for start, end, label, detector in spans:
        if detector == "cue_number" and label == "PHONE" and end - start <= 16:
            rest = _area_code_rest(text, start, end)
            if rest is not None:
                out.append((rest[0], rest[1], "PHONE", "cue_number"))
    return out


#: A card named as where a number is printed ("the group number on the card is ...").
_ON_THE_CARD = Regex(r"\bon[ ]+(?:the|your|my|his|her|their)(?:[ ]+insurance)?[ ]*$")
#: The last cue in a window before a partial cue (``.*`` is greedy: the closest cue).
_LAST_CUE = Regex(rf"(?s:.*)\b({_ANY_CUE_ALT})\b")
#: How far before a partial cue ("ending in") to look for what the number is.
_PARTIAL_WINDOW_CHARS = 120


def _year_in_pairs(value: str) -> bool:
    """Whether a spoken value is a year said in pairs ("twenty twenty five", "nineteen
    ninety"), not digit by digit ("two oh two five")."""
    words = value.lower().replace("-", " ").split()
    if not words or words[0] not in ("nineteen", "twenty"):
        return False
    parsed = spoken_digits(value)
    return parsed is not None and len(parsed[0]) == 4 and parsed[0][:2] in ("19", "20")


def _partial_number(
    text: str, cue_start: int, value_start: int, end: int, *, corrected: bool = False,
    keyed: bool = False,
) -> tuple[int, int, str] | None:
    """Refine the tail of a number after a partial cue ("the card ending in four four one
    two", "the last part is ...") or a whole number said again after a correction ("no
    wait, it's ..."): labelled by the closest cue before it, dropped when that cue is a
    non-personal number's ("your order ending in ...") or, after a correction, missing.
    A keypad entry (``keyed``) is labelled by the prompt before it, or dropped.
    """
    if keyed:
        return _keyed_number(text, cue_start, value_start, end)
    if _quantity_after(text, end):
        return None  # "the trial ends in twenty days"
    value = text[value_start:end]
    digits = _value_digits(value)
    if not (1 if corrected else 4) <= digits <= 19:
        return None  # a correction's value is checked against its cue's kind below
    reach = _SPELLED_WINDOW_CHARS if corrected else _PARTIAL_WINDOW_CHARS
    window = text[max(0, cue_start - reach) : cue_start]
    cue = _LAST_CUE.search(window)
    if cue is not None and not corrected and digits == 4 and _year_in_pairs(value):
        return None  # "my policy ends in twenty twenty five": a year, not a number's end
    if cue is not None:
        known, label = _cue_label(window[cue[1][0] : cue[1][1]])
        if not known or label is None:
            return None
        if corrected and (digits < _MIN_DIGITS[label] or (label == "ZIP" and digits not in (5, 9))):
            return None
        return value_start, end, label
    if corrected or _BARE_ENDING.search(text[cue_start : cue_start + 10]) is not None:
        # "sorry, it's twelve thirty": a correction of nothing said before; "the week
        # ending one two three one": "ending" alone is a tail only of a number named before.
        return None
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
#: A letter no word is ("b", "x", "kilo", "n as in nancy", "j like juliet"): "a" and "i"
#: are letters only spelled out.
_SPELLED_LETTER = (
    rf"(?:[b-hj-z]|[a-z]{_SPELL_WORD}|{_NATO})"
)
_ID_TOKEN = rf"(?:{_LETTER}|[a-z][ ]+like[ ]+[a-z]+|{NUM_TOKEN})"
_ID_NUMBER = rf"(?:{NUM_WORD}|[0-9]+)"
#: An identifier spelled out, letters and digits mixed: "w d l z nine a nine e charlie y j
#: d", "s n as in nancy two to a j ...". At least four tokens, a letter no word is and a
#: number among them (:func:`_spelled_id` counts them and finds the label).
_SPELLED_ID = (
    rf"\b{_ID_TOKEN}{NUM_SEP}(?:{_ID_TOKEN}{NUM_SEP})*"
    rf"(?:{_SPELLED_LETTER}{NUM_SEP}(?:{_ID_TOKEN}{NUM_SEP})*{_ID_NUMBER}"
    rf"|{_ID_NUMBER}{NUM_SEP}(?:{_ID_TOKEN}{NUM_SEP})*{_SPELLED_LETTER})"
    rf"(?:{NUM_SEP}{_ID_TOKEN})+\b"
)
#: A spelled identifier (first: it starts where a run of digits in it starts, and takes
#: them all), or a run of spoken digits.
SPOKEN_NUMBER_PATTERN = (
    rf"{_SPELLED_ID}"
    rf"|\b(?:(?:[0-9]+{NUM_SEP})*{NUM_WORD}(?:{NUM_SEP}{NUM_TOKEN}){{3}}"
    # Groups of digits written, then the last said in pairs: "415 933 ninety four sixty".
    rf"|(?:[0-9]{{1,4}}{NUM_SEP}){{2,}}{NUM_WORD}(?:{NUM_SEP}{NUM_TOKEN}){{1,2}})"
    rf"(?:{NUM_SEP}{NUM_TOKEN})*\b(?:{_EXTENSION})?"
    # Digits said in Spanish ("ocho cuatro ocho seis uno ...").
    rf"|{ES_DIGIT_RUN}"
)
#: Where an extension starts in a spoken_number match.
_EXTENSION_AT = Regex(r",?[ ]+ext(?:ension|\.)?\b")

_NON_PERSONAL = Regex(
    r"\b(?:order|confirmation|reference|tracking|ticket|invoice|case|extension|claim status)"
    r"(?:[ _\-]?(?:number|num|no|id|code|#))?\b[^.!?\n]{0,30}$"
    # A claim's number, maybe with where it is written ("the claim number on the
    # explanation of benefits is ..."): the payer's record of a bill, not the person's.
    r"|\bclaim[ _\-]?(?:number|num|no|id|#)(?:[ ][^.!?\n]{0,40})?"
    r"[ ]+(?:is|was|reads)[ ]+$"
)
_CUE_WINDOW = Regex(rf"\b({_ANY_CUE_ALT})\b[^.!?\n]{{0,40}}$")
#: Both window checks in one pass (most windows hold neither).
_WINDOW_CHECKS = RegexSet([_NON_PERSONAL.pattern, _CUE_WINDOW.pattern])


#: Words of a spelled identifier that spell no letter and say no digit.
_ID_PAUSES = frozenset(["dash", "hyphen", "slash", "and", "um", "umm", "uh", "uhh", "er", "erm",
                        "ah", "hm", "hmm", "hmmm"])
#: Number words of a spelled identifier that are also words: never its first token.
_ID_WORDS = frozenset(["a", "i", "for", "to", "too", "ate"])
#: How far before a spelled identifier to look for the cue that says what it is: the
#: question that asked for it may be in the turn before ("I need the Medicare number.
#: [caller] hold on... okay, nine E N five ...").
_SPELLED_WINDOW_CHARS = 160


def _id_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split a spelled identifier's span into ``(start, end, kind)`` tokens: kind ``L`` a
    letter ("b", "kilo", "n as in nancy"), ``N`` a number word or digits, ``-`` a pause."""
    out: list[tuple[int, int, str]] = []
    lowered = text[start:end].lower()
    pos = 0
    n = len(lowered)
    while pos < n:
        ch = lowered[pos]
        if not ch.isalnum():
            pos += 1
            continue
        stop = pos
        while stop < n and (lowered[stop].isalnum() or lowered[stop] == "'"):
            stop += 1
        word = lowered[pos:stop]
        if len(word) == 1 and word.isalpha():
            kind = "L"
            rest = lowered[stop:]
            # "n as in nancy", "j like juliet", "f for frank": the letter's word is part
            # of it ("for" only before a word that is no number).
            for lead in (" as in ", " like ", " for "):
                if rest.startswith(lead):
                    after = stop + len(lead)
                    while after < n and (lowered[after].isalpha() or lowered[after] == "-"):
                        after += 1
                    spelled = lowered[stop + len(lead) : after]
                    if lead == " for " and (len(spelled) < 3 or spelled in _VALUE_HEADS):
                        break
                    stop = after
                    break
        elif word in _NATO_WORDS or word == "x-ray":
            kind = "L"
        elif word in _ID_PAUSES:
            kind = "-"
        else:
            kind = "N"
        out.append((start + pos, start + stop, kind))
        pos = stop
    return out


#: Labels of identifiers that an agent reads back written ("I have WDLXNYBL5A22").
_READ_BACK_LABELS = frozenset(
    {"MRN", "MEMBER_ID", "ACCOUNT", "LICENSE_OR_DEVICE_ID", "SSN", "CREDIT_CARD", "PHONE"})


def _compact(text: str, start: int, end: int) -> str | None:
    """An identifier said aloud, written as letters and digits ("w d l z nine a nine e
    charlie" is "wdlz9a9ec"), or None if a word in it reads as neither.
    """
    out: list[str] = []
    run: list[str] = []
    for ts, te, kind in [*_id_tokens(text, start, end), (end, end, "-")]:
        word = text[ts:te].lower()
        if kind == "N":
            run.append(_DIGIT_HOMOPHONES.get(word, word))
            continue
        if run:
            parsed = spoken_digits(" ".join(run))
            if parsed is None:
                return None
            out.append(parsed[0])
            run = []
        if kind == "L":
            out.append(word[0])
    return "".join(out)


#: How far before or after an identifier said aloud its written read-back is looked for.
_READ_BACK_CHARS = 600


def read_back_ids(text: str, spans: Sequence[Span]) -> list[Span]:
    """An identifier found said aloud, found again where the text writes it ("... it's w d l
    z nine a nine e charlie y j d ... thank you, I have wdlz9a9ecyjd"): the ``expand`` step
    of ``cue_number``. Only values with letters or digits said as words, five characters
    long at least, whole words where they are written again, within
    :data:`_READ_BACK_CHARS` of the spoken value.
    """
    out: list[Span] = []
    lowered = ""
    for start, end, label, detector in spans:
        if label not in _READ_BACK_LABELS or " " not in text[start:end].strip():
            continue
        compact = _compact(text, start, end)
        if compact is None or len(compact) < 5 or compact == text[start:end].lower():
            continue
        lowered = lowered or text.lower()
        # Only near the spoken value (a read-back follows it within a few turns), so a long
        # text full of spoken values costs time in proportion to its length.
        lo = max(0, start - _READ_BACK_CHARS)
        hi = min(len(text), end + _READ_BACK_CHARS)
        pos = lowered.find(compact, lo, hi)
        while pos >= 0:
            stop = pos + len(compact)
            if not (pos and lowered[pos - 1].isalnum()) and not (
                    stop < len(text) and lowered[stop].isalnum()):
                out.append((pos, stop, label, detector))
            pos = lowered.find(compact, stop, hi)
    return out


def _spelled_cue(
    text: str, tokens: list[tuple[int, int, str]], *, reverse: bool = False
) -> tuple[int, str | None]:
    """How many of the first ``tokens`` (the last, ``reverse``) are letters that spell a
    personal identifier's cue ("m r n", "d o b", "s n"), and the cue's label: ``(0, None)``
    if they spell none.
    """
    letters: list[str] = []
    for s, e, kind in tokens[:4]:
        if kind != "L" or e - s != 1:
            break
        letters.append(text[s].lower())
    for count in range(len(letters), 1, -1):
        word = "".join(letters[:count][::-1] if reverse else letters[:count])
        known, label = _cue_label_lower(word)
        if known and label in _MIN_DIGITS:
            return count, label
    return 0, None


def _spelled_id(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Refine a spelled identifier: trim the words it may start or end with ("a", "for",
    the "s" of "it's"), require a letter, two digits and six characters in all, and take
    the label from the closest cue before it. A run whose one letter stands at an end is a
    run of digits ("... three four u know").
    """
    tokens = _id_tokens(text, start, end)
    while tokens and (
        text[tokens[0][0] : tokens[0][1]].lower() in _ID_WORDS
        or tokens[0][2] == "-"
        or text[tokens[0][0] - 1 : tokens[0][0]] == "'"
    ):
        tokens.pop(0)
    while tokens and (
        text[tokens[-1][0] : tokens[-1][1]].lower() in _ID_WORDS or tokens[-1][2] == "-"
    ):
        tokens.pop()
    # A cue spelled out before or after the value ("M R N five six ...", "... four five,
    # D O B") is no part of it; one before it says what the value is.
    count, spelled_cue = _spelled_cue(text, tokens)
    del tokens[:count]
    count, _ = _spelled_cue(text, tokens[::-1], reverse=True)
    del tokens[len(tokens) - count :]
    letters = [t for t in tokens if t[2] == "L"]
    if len(letters) == 1 and letters[0] in (tokens[0], tokens[-1]):
        tokens.remove(letters[0])
        letters = []
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    if not letters:
        return _spoken_digit_run(text, start, end, cue=spelled_cue)
    numbers = [text[s:e].lower() for s, e, kind in tokens if kind == "N"]
    digits = sum(len(w) if w.isdigit() else 1 for w in numbers)
    if digits < 2 or digits + len(letters) < 6:
        return None
    if spelled_cue is not None:
        return start, end, spelled_cue
    window = text[max(0, start - _SPELLED_WINDOW_CHARS) : start]
    cue = _LAST_CUE.search(window)
    if cue is None:
        # With no cue, seven digits, or a long mix ("nine p r two m zero four w x one nine").
        long_mix = digits >= 5 and len(letters) >= 3 and digits + len(letters) >= 10
        if digits >= 7 or long_mix or (digits >= 3 and _said_twice(text, start, end)):
            return start, end, "ACCOUNT"
        return None
    known, label = _cue_label(window[cue[1][0] : cue[1][1]])
    if not known or label is None:
        return None  # "your confirmation code is ...": not a person's
    return start, end, label


#: How far around a spelled identifier the same value said again is looked for.
_REPEAT_CHARS = 200


def _said_twice(text: str, start: int, end: int) -> bool:
    """Whether the spelled value at ``start:end`` is said again nearby, word for word ("it's
    N R five seven six five two A, no, hold on, yeah that's it, N R five seven ..."): a
    caller repeating what a question asked for, an identifier even with no cue."""
    value = text[start:end].lower()
    lo = max(0, start - _REPEAT_CHARS - len(value))
    window = text[lo : end + _REPEAT_CHARS + len(value)].lower()
    at = window.find(value)
    while at >= 0:
        if lo + at != start:
            return True
        at = window.find(value, at + 1)
    return False


#: A word that spells a letter: a letter alone, or a NATO word.
_SPELLED_WORDS = _NATO_WORDS | frozenset("abcdefghijklmnopqrstuvwxyz")


def _spoken_number(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    # A run of digits holds number words, digits and pauses only; a spelled identifier
    # (the first alternative of the pattern) holds a letter.
    if text[end - 3 : end].lower() in (" oh", ",oh") and _WAIT_AFTER.search(text[end : end + 8]):
        end = start + len(text[start : end - 2].rstrip(" ,."))  # "..., oh wait": no zero
    words = text[start:end].lower().replace(",", " ").replace("-", " ").split()
    if not _SPELLED_WORDS.isdisjoint(words):
        return _spelled_id(text, start, end)
    return _spoken_digit_run(text, start, end)


#: The first words of a year said in pairs ("twenty twenty five", "nineteen ninety").
_YEAR_HEADS = frozenset(["nineteen", "twenty", "two"])


def _before_year(text: str, start: int, end: int) -> int:
    """Where a run of spoken numbers ends if its last words are "for" or "to" and a year
    said in pairs ("fifteen hundred for twenty twenty five", "... to nineteen ninety"):
    there the homophone is the word and the year no digits of an identifier."""
    value = text[start:end]
    words = value.lower().split()
    if len(words) < 4:
        return end
    for back in (2, 3, 4):
        if back >= len(words):
            break
        if words[-back - 1] not in ("for", "to") or words[-back] not in _YEAR_HEADS:
            continue
        parsed = read_tokens(words[-back:])
        if parsed is not None and len(parsed[0]) == 4 and parsed[0][:2] in ("19", "20"):
            cut = value.lower().rfind(f" {words[-back - 1]} ")
            if cut > 0:
                return start + cut
    return end


def _keypad_end(text: str, start: int, end: int) -> bool:
    """Whether "pound" after digits said one by one is the keypad's key that ends an entry
    ("seven oh eight eight one six two nine five pound"), not a weight."""
    after = text[end : end + 12].lower().split(None, 1)
    if not after or after[0].rstrip(",.;:!?") != "pound":
        return False
    return all(w in _DIGIT_WORDS for w in text[start:end].lower().replace(",", " ").split())


#: Where someone is, said before five digits that end a sentence: a ZIP code ("i'm at
#: seventy eight nine three oh").
_ZIP_WHERE = Regex(r"\b(?:i'?m|we'?re|they'?re|i[ ]live|we[ ]live)[ ]+(?:at|in)[ ,]*$")


def _spoken_digit_run(
    text: str, start: int, end: int, *, cue: str | None = None
) -> tuple[int, int, str] | None:
    """Refine a run of spoken digits with no cue: long enough, no quantity, not an order's
    number; labelled by a cue close before it, else by its shape. ``cue`` is the label of
    a cue spelled out right before the run ("M R N ..."): it sets the label and the length.
    """
    value = text[start:end]
    if cue is None and (" for " in value or " to " in value):
        end = _before_year(text, start, end)
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
    if cue is not None:
        if n < _MIN_DIGITS[cue] or _quantity_after(text, end):
            return None
        return start, end, cue
    if n == 5 and _ZIP_WHERE.search(text[max(0, start - 20) : start]) is not None and (
            text[end : end + 1] in ("", ".", ",", "?", "!", "\n")):
        return start, end, "ZIP"  # "... i'm at seventy eight nine three oh": where one lives
    if n < 7:
        return None
    window = text[max(0, start - 60) : start]
    if _quantity_after(text, end) and not _keypad_end(text, start, end):
        return None
    checks = _WINDOW_CHECKS.matching(window)
    if checks is None:  # the pass failed: check each on its own
        checks = [1] if _NON_PERSONAL.search(window) is None else [0]
    if 0 in checks:
        return None
    label = "ACCOUNT"
    near = _CUE_WINDOW.search(window) if 1 in checks else None
    if near is not None:
        cue_start, cue_end = near[1]
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
    if label == "PHONE" and _toll_free_said(text, start, digits):
        return None  # "the nurse line is one eight hundred ...": an organisation's line
    return start, end, label


#: "one eight hundred ...": how a toll-free number is said (its digits read "1805...").
_EIGHT_HUNDRED = Regex(r"^(?:one[ \-]+)?eight[ \-]+hundred\b")


def _toll_free_said(text: str, start: int, digits: str) -> bool:
    """Whether the number said at ``start`` (whose digits are ``digits``) is an
    organisation's toll-free line, written or said ("one eight hundred five five five ...")."""
    if _EIGHT_HUNDRED.search(text[start : start + 24].lower()) is not None:
        digits = "1800" + digits[-7:]
    return organisation_line(text, start, digits)


# --- spoken email ----------------------------------------------------------------------------

_LOCAL = (
    r"[a-z0-9]+(?:(?:[ ]+(?:dot|underscore|dash|hyphen|period|plus)[ ]+|[._\-+])[a-z0-9]+){0,5}"
)
#: Speech-to-text splits a local part into words ("k nakamura ninety one"): up to three
#: letters or numbers may stand on either side of it.
_LOCAL_TOKEN = rf"(?:[a-z]|[0-9]+|{NUM_WORD})"
#: A local part may also start with a name spelled letter by letter ("r o d r i g o dot ...").
_LOCAL_WORDS = (
    rf"(?:[a-z][ ]+){{0,10}}(?:{_LOCAL_TOKEN}[ ]+){{0,3}}{_LOCAL}"
    # ... or go on with one ("street dot z b i g n i e w sixty at ...").
    rf"(?:[ ]+[a-z]){{0,10}}(?:[ ]+{_LOCAL_TOKEN}){{0,3}}"
)
_DOMAIN = (
    # A host of one or two words, or spelled letter by letter ("a o l").
    r"(?:[a-z0-9\-]+(?:[ ][a-z0-9\-]+)?|[a-z](?:[ ][a-z]){2,3})"
    r"(?:(?:[ ]+dot[ ]+|\.)[a-z0-9\-]+){0,3}"
    r"(?:[ ]+dot[ ]+|\.)[a-z]{2,12}"
)
#: Mail providers people name without the rest of the domain ("jokafor at gmail").
_MAIL_PROVIDERS = (
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "aol", "icloud", "protonmail",
    "proton mail", "comcast", "msn", "live",
)
SPOKEN_EMAIL_PATTERN = (
    rf"\b{_LOCAL_WORDS}[ ]+(?:at|@)[ ]+{_DOMAIN}\b|\b{_LOCAL}@{_DOMAIN}\b"
    rf"|\b{_LOCAL_WORDS}[ ]+(?:at|@)[ ]+(?:{'|'.join(_MAIL_PROVIDERS)})\b"
)
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


#: What says an email address follows (for one said with its provider alone).
_EMAIL_CUE = Regex(
    r"\b(?:e-?mail|mail)(?:[ ]+address)?(?:[ ]+is|[ ]+it[ ]+to|[ ]+me)?(?:[ ]+at)?[ :]*$")


def _place_at_site(text: str, start: int, value: str, local: str) -> bool:
    """Whether "<word> at <host>" says where a thing is, not a mailbox: an ordinary word
    before a host that is no mail provider's, with no word of mail before it ("is the
    portal at mychart dot ... dot org down", "the photos are at ... dot net")."""
    host = value.lower().partition(" at ")[2]
    if "mail" in host or host.startswith(_MAIL_PROVIDERS) or not lexicon().is_ordinary(local):
        return False
    return "mail" not in text[max(0, start - 60) : start].lower()


def _spoken_email(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    if "@" in value and " " not in value:
        return None  # written whole: the written ``email`` detector's (role addresses too)
    head, _, _ = value.partition(" at ")
    words = head.split(" ")
    while len(words) > 1 and (words[0].lower() in _EMAIL_LEAD or (
            words[0].lower() == "s" and text[start - 1 : start] == "'")):  # "it's r o ..."
        start += len(words[0]) + 1
        words.pop(0)
    if len(words) == 1 and words[0].lower() in _EMAIL_LEAD:
        return None  # "her page is at gofundme dot com": a site, no mailbox
    value = text[start:end]
    if len(words) == 1 and _place_at_site(text, start, value, words[0].lower()):
        return None
    if value.lower().endswith(_MAIL_PROVIDERS) and (
            _EMAIL_CUE.search(text[max(0, start - 40) : start]) is not None):
        return start, end, "EMAIL"  # "my email is jokafor at gmail": the provider alone
    if " dot " not in value.lower() and "@" not in value and "." not in value:
        return None
    if _TLD_OK.search(value.lower()) is None:
        return None
    if text[end : end + 1] == "/":
        return None  # "join at zoom.us/j/8123...": a link's host, not a mailbox
    return start, end, "EMAIL"


# --- spoken IPv4 addresses ------------------------------------------------------------------

#: A word of a spoken octet: digits one by one ("one seven four"), pairs ("seventy three"),
#: hundreds ("two hundred ten"), "oh" for zero.
_OCTET_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|double)"
)
_OCTET = rf"(?:[0-9]{{1,3}}|{_OCTET_WORD}(?:[ \-]+(?:and[ ]+)?{_OCTET_WORD}){{0,4}})"
_IP_DOT = r"[ ]+(?:dot|point|period)[ ]+"
#: Four spoken octets with "dot" between them: "one seven four dot ten dot two hundred ten
#: dot one hundred fifty two", "192 dot 168 dot one dot twenty". Each must read as 0-255
#: (see :func:`_spoken_ip`).
SPOKEN_IP_PATTERN = rf"\b{_OCTET}(?:{_IP_DOT}{_OCTET}){{3}}\b"
#: Words before a dotted number that make it a version, not an address.
_VERSION_BEFORE = Regex(
    r"\b(?:version|versions|build|release|firmware|software|update|v|ios|android|app"
    r"|patch|driver|os|chrome|python|java|node)[ ]*(?:is|was|number|:)?[ ]*$"
)


def _octet(words: list[str]) -> int | None:
    """Read one spoken octet's words as a number of 0-255 (``None`` if it is none)."""
    parsed = read_tokens(words)
    if parsed is None:
        return None
    digits = parsed[0]
    if len(digits) > 3 or (len(digits) > 1 and digits[0] == "0"):
        return None
    value = int(digits)
    return value if value <= 255 else None


def _spoken_ip(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Refine a spoken IPv4 address: four octets of 0-255, the last cut back to its longest
    valid start ("... dot one forty eight three times"), not part of a longer dotted run
    (an OID, "one dot two dot three dot four dot five") or after a version word.
    """
    lowered = text[start:end].lower().replace("-", " ").replace(" and ", " ")
    parts = lowered.replace(" point ", " dot ").replace(" period ", " dot ").split(" dot ")
    if len(parts) != 4:
        return None
    for part in parts[:3]:
        if _octet(part.split()) is None:
            return None
    last = parts[3].split()
    while last and _octet(last) is None:
        last.pop()
    if not last:
        return None
    if len(last) < len(parts[3].split()):
        end = start + max(lowered.rfind(f" {w} ") + len(w) + 2 for w in ("dot", "point", "period"))
        end += len(" ".join(last))
    if _IP_DOT_AFTER.search(text[end : end + 8]) is not None:
        return None
    before = text[max(0, start - 30) : start].lower()
    if before.rstrip().endswith(("dot", "point", "period")):
        return None
    if _VERSION_BEFORE.search(before) is not None:
        return None
    return start, end, "IP"


_IP_DOT_AFTER = Regex(rf"^{_IP_DOT}[a-z0-9]")

#: A hex digit said aloud: a digit word or a letter a-f.
_HEX_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|[a-f])"
_HEX_GROUP = rf"{_HEX_WORD}(?:[ ]+{_HEX_WORD}){{0,3}}"
#: An IPv6 address or a MAC address said aloud: five to eight groups of one to four hex
#: digits with "colon" between them ("two six zero three colon a d six c colon ...", "five
#: d colon c f colon three e ..."); see :func:`_spoken_hex`.
SPOKEN_HEX_PATTERN = (
    rf"\b{_HEX_GROUP}(?:[ ]+(?:double[ ]+)?colon[ ]+{_HEX_GROUP}){{4,7}}\b"
)


def _spoken_hex(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Label a spoken run of hex groups: six groups of two digits are a MAC address (a
    device's identifier), anything else an IPv6 address."""
    groups = text[start:end].lower().replace(" double colon ", " colon ").split(" colon ")
    if len(groups) == 6 and all(len(g.split()) == 2 for g in groups):
        return start, end, "LICENSE_OR_DEVICE_ID"
    return start, end, "IP"


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
#: after "slash" ("slash visit slash lianbabic"), a path part as a word and then digits
#: said one by one ("slash p slash six four eight one four", "slash double four zero").
_URL_LABEL = r"[a-z0-9][a-z0-9\-]*(?:[ ][a-z0-9][a-z0-9\-]*){0,2}"
_SPOKEN_URL_HEAD = (
    rf"\b{_URL_SCHEME}?{_URL_WWW}?{_URL_LABEL}(?:[ ]+dot[ ]+{_URL_LABEL}){{0,3}}"
    rf"[ ]+dot[ ]+{_URL_TLD}\b(?:[ ]+slash[ ]+[a-z0-9][a-z0-9_\-]*"
    # A path part joined by marks said aloud ("linh underscore nguyen"), then digits or
    # letters said one by one ("slash u s three two eight oh"; not "a" or "i", words).
    rf"(?:[ ]+(?:underscore|dash|hyphen|dot)[ ]+[a-z0-9][a-z0-9_\-]*){{0,3}}"
    rf"(?:[ ]+(?:{NUM_WORD}|[0-9]+|[b-hj-z])\b){{0,12}}"
)
#: A spoken address; its last path part may go on in words (a fundraiser's page:
#: "gofundme dot com slash f slash help darnell banks"), kept only for such a site (see
#: _spoken_url).
SPOKEN_URL_PATTERN = rf"{_SPOKEN_URL_HEAD}){{0,4}}(?:[ ]+[a-z][a-z'\-]*){{0,4}}"
#: The same without the words after a path part: where any other address ends.
_SPOKEN_URL_AT = compile_re2(rf"{_SPOKEN_URL_HEAD}){{0,4}}")._regexp
#: Sites whose pages' paths are words: a fundraiser's, a care journal's.
_WORD_PATH_SITES = ("gofundme", "go fund me", "caringbridge", "caring bridge", "mealtrain",
                    "meal train", "givesendgo")
#: The domains as a tuple, to tell a URL's match from an IP address's.
_URL_TLD_WORDS = tuple(_URL_TLD[3:-1].replace('"', "").split("|"))
#: Every spoken URL says "dot" and a domain; every spoken IP address "dot" and a number.
_URL_TRIGGER = (
    rf"\bdot[ ]+{_URL_TLD}\b|[a-z0-9]{_IP_DOT}{_OCTET}{_IP_DOT}{_OCTET}{_IP_DOT}"
    rf"|\b{_HEX_WORD}[ ]+colon[ ]+{_HEX_WORD}[ ]"
)
#: Words of the sentence that end where a host said as words starts ("my page is caring
#: bridge dot org", "visit mayo clinic dot org"): the host is the words after the last.
_URL_LEAD = frozenset(
    [
        "my", "our", "his", "her", "their", "your", "the", "a", "an", "this", "that", "page",
        "site", "website", "web", "blog", "link", "url", "address", "is", "was", "it's", "its",
        "it", "at", "on", "to", "go", "visit", "check", "out", "see", "find", "us", "under",
        "called", "named", "and", "or", "so", "um", "uh", "just", "that's", "thats", "from",
        "in", "of", "for", "up", "look", "there", "here", "profile", "posted", "put",
        "says", "said", "reads", "read", "texted", "sent", "text", "texts", "link",
    ]
)


#: A host that "my" begins, said with a path: a patient portal's ("my chart dot ... slash").
_PORTAL_AFTER_MY = Regex(r"[ ]dot[ ].*[ ]slash[ ]")


#: A spoken URL's scheme and "www", skipped to read its host.
_URL_HEAD = Regex(rf"^{_URL_SCHEME}?{_URL_WWW}?")
#: Sites where a page is a person's or a family's: any address on them names someone.
_PAGE_HOSTS = frozenset(
    [
        "caringbridge", "gofundme", "fundme", "facebook", "instagram", "blogspot", "tiktok",
        "twitter", "youtube", "linkedin", "wordpress", "tumblr", "myheritage", "legacy",
        "givesendgo", "spotfund", "mealtrain", "lotsahelpinghands", "substack",
    ]
)
#: Words of a host that say a site is a person's or a family's ("pham family dot com",
#: "kowalski photos dot com", "pinecrest memories dot net").
_PERSONAL_WORDS = ("family", "families", "photos", "pics", "pictures", "memories",
                   "memorial", "tribute", "wedding", "baby")
#: Words of a host that say a site is a practice's, an insurer's or a service's
#: ("riverbendhealth", "my chart", "lakeview medical"); in a host written as one word they
#: are read at its start or its end.
_SERVICE_WORDS = frozenset(
    [
        "health", "healthcare", "clinic", "clinics", "medical", "med", "hospital", "care",
        "pharmacy", "rx", "peds", "pediatrics", "ortho", "dental", "labs", "lab", "plan",
        "insurance", "center", "centre", "physicians", "practice", "wellness", "network",
        "imaging", "therapy", "rehab", "urgent", "portal", "chart", "billing", "pay",
        "telehealth", "services", "group", "hospice", "doctors", "my",
    ]
)
_SERVICE_AFFIXES = tuple(w for w in _SERVICE_WORDS if len(w) >= 4)
#: Path parts of a site's own pages ("slash login", "slash billing"): a path of these
#: alone names nobody.
_SERVICE_PATHS = frozenset(
    [
        "login", "log-in", "signin", "sign-in", "logout", "billing", "bill", "pay", "payment",
        "payments", "contact", "contact-us", "about", "about-us", "faq", "faqs", "home",
        "index", "appointments", "appointment", "schedule", "scheduling", "locations",
        "location", "careers", "forms", "news", "register", "enroll", "portal", "help", "join",
        "patients", "en", "es", "covid", "providers", "doctors", "services", "pharmacy",
    ]
)


def _reads_as_name(words: list[str]) -> bool:
    """Whether a host's label is a person's name ("boateng", "linhle", "charlenetorres")."""
    names = lexicon()
    if any((w in names.first or w in names.last) and not names.is_ordinary(w) for w in words):
        return True
    if len(words) != 1:
        return False
    word = words[0]
    for i in range(3, len(word) - 1):  # a given name and a surname written as one word
        given, rest = word[:i], word[i:]
        if given in names.first and not names.is_ordinary(given) and (
                rest in names.first or rest in names.last
                or (len(rest) > 3 and names.is_unlisted_name(rest))):
            return True
    return False


def _personal_url(value: str) -> bool:
    """Whether a spoken URL (lowercase) names a person: a path that is more than a site's
    own pages, a personal-page site, or a host that is a family's, a person's name, and not
    a practice's or a service's ("riverbendhealth dot org", "my chart dot ... dot org")."""
    head = _URL_HEAD.search(value)
    value = value[head[0][1] :] if head is not None else value
    host, _, path = value.partition(" slash ")
    if path and not _SERVICE_PATHS.issuperset(
            part.strip().replace(" ", "-") for part in path.split(" slash ")):
        return True
    labels = [label.replace(" dash ", "-").replace(" hyphen ", "-").split()
              for label in host.split(" dot ")[:-1]]
    joined = ["".join(words) for words in labels]
    if not _PAGE_HOSTS.isdisjoint(joined):
        return True
    if any(word.endswith(_PERSONAL_WORDS) for words in labels for word in words):
        return True
    for words, one in zip(labels, joined, strict=True):
        if not _SERVICE_WORDS.isdisjoint(words) or one.startswith(("my", *_SERVICE_AFFIXES)) or (
                one.endswith(_SERVICE_AFFIXES)):
            return False
    return any(_reads_as_name(words) for words in labels)


#: Words that end a fundraiser page's spoken path: the sentence goes on after them.
_PATH_STOPS = frozenset(
    ["if", "and", "or", "but", "so", "to", "you", "your", "it", "it's", "is", "please", "thanks",
     "thank", "the", "a", "an", "i", "we", "they", "she", "he", "that", "there", "for",
     "on", "at", "in", "where", "which", "okay", "ok", "yeah", "um", "uh", "then", "just",
     "could", "can", "would", "will", "should", "did", "do", "does", "was", "were", "are",
     "has", "have", "had", "my", "his", "her", "our", "their", "me", "us", "them", "when",
     "because", "now", "today", "right", "all", "any", "every", "with", "of", "from"])


def _page_path_end(text: str, start: int, end: int) -> int:
    """Where a fundraiser page's spoken path ends: before the first word after its last
    "slash" part that carries the sentence on ("... slash help darnell banks if you ...")."""
    value = text[start:end]
    last = value.lower().rfind(" slash ")
    if last < 0:
        return end
    pos = start + last + len(" slash ")
    words = text[pos:end].split(" ")
    keep = len(words[0])
    for word in words[1:]:
        if word.lower() in _PATH_STOPS:
            break
        keep += 1 + len(word)
    return pos + keep


def _spoken_url(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end].lower()
    if " dot " in value:  # an address: where it ends, without the words after it
        data = ascii_bytes(text[start:end])
        base = _SPOKEN_URL_AT.Match(_ANCHOR_START, data, 0, len(data))[0][1]
        if 0 < base < len(data):
            said = value[:base]
            if " slash " in said and any(site in said for site in _WORD_PATH_SITES):
                end = _page_path_end(text, start, end)
            else:
                end = start + base
            value = text[start:end].lower()
    if " colon " in value and " dot " not in value:
        return _spoken_hex(text, start, end)  # an IPv6 or MAC address said aloud
    if not value.endswith(_URL_TLD_WORDS) and " slash " not in value:
        return _spoken_ip(text, start, end)  # the other alternative of the pattern
    if value.startswith(("h t t p", "http", "w w w", "www")):
        return (start, end, "URL") if _personal_url(value) or personal_link(text, start) else None
    host = value[: value.index(" dot ")].split(" ")
    skip = 0
    for i, word in enumerate(host):
        if word in _URL_LEAD:
            skip = i + 1
    if skip == len(host):
        if value.count(" dot ") < 2:
            return None  # no host: "back in the dot com era"
        skip -= 1  # "my dot clinic dot org": a lead word is the first label of a host
    elif skip and host[skip - 1] == "my" and _PORTAL_AFTER_MY.search(value) is not None:
        skip -= 1  # "go to my chart dot ...": "my" starts the host (a patient portal's)
    start += sum(len(word) + 1 for word in host[:skip])
    if text[start - 1 : start] == "'" and text[start : start + 2].lower() == "s ":
        start += 2  # "it's instagram dot com ...": the "s" is the lead's
    if not _personal_url(text[start:end].lower()) and not personal_link(text, start):
        return None  # a practice's site or a service's: "riverbendhealth dot org"
    return start, end, "URL"


# --- spoken dates ----------------------------------------------------------------------------

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_ORD_UNIT = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
#: A hesitation inside a spoken date ("march uh second", "the twenty um third").
_HES = r"(?:[ ]+(?:uhh?|umm?|er|erm),?)?"
_ORDINAL = (
    rf"(?:(?:twenty|thirty)(?:[ \-]?|[ ]+(?:uhh?|umm?)[ ]+){_ORD_UNIT}|{_ORD_UNIT}|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
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
    rf"|({_MONTHS}{_HES}[ ]+{_CARD_DAY})"
    r"|(?:on|for|by|until|till|since|before|after|from|is|was)[ ]+"
    r"((?:1[0-2]|0?[1-9])/(?:3[01]|[12][0-9]|0?[1-9]))"
    # A day of the month alone ("on the 26th", "on the twentieth"): a date only after "on"
    # and near a visit (see :func:`_ordinal_alone`).
    rf"|the[ ]+{_ORDINAL}"
)
#: Spanish months, days and years: "el siete de junio de 1991", "doce de diciembre de mil
#: novecientos sesenta y siete" (accents are folded before matching).
_ES_MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre)"
)
_ES_UNIT = r"(?:uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
_ES_DAY = (
    rf"(?:primero|{_ES_UNIT}|diez|once|doce|trece|catorce|quince|dieci(?:seis|siete|ocho"
    r"|nueve)|veinte|veinti(?:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
    r"|treinta(?:[ ]+y[ ]+uno)?|[0-9]{1,2})"
)
_ES_YEAR = (
    r"(?:1[89][0-9]{2}|20[0-9]{2}|(?:mil[ ]+novecientos|dos[ ]+mil)(?:[ ]+(?:y[ ]+)?(?:"
    rf"{_ES_UNIT}|diez|once|doce|trece|catorce|quince|dieci[a-z]+|veinte|veinti[a-z]+"
    r"|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)){0,3})"
)
_ES_DATE = rf"{_ES_DAY}[ ]+de[ ]+{_ES_MONTHS}(?:[ ]+(?:de[ ]+|del[ ]+)?{_ES_YEAR})?"
#: "november forth": speech-to-text writes the ordinal's homophone after a month.
_ORDINAL_AFTER_MONTH = rf"(?:{_ORDINAL}|(?:twenty[ \-]?)?forth)"
#: The alternatives of a date with a year or an ordinal day.
_FULL_DATE = (
    rf"{_MONTHS}{_HES}[ ]+(?:the{_HES}[ ]+)?{_ORDINAL_AFTER_MONTH}"
    rf"(?:,?[ ]+(?:of[ ]+)?{_YEAR_WORDS})?"
    rf"|{_MONTHS}[ ]+{_CARD_DAY},?[ ]+{_YEAR_WORDS}"
    rf"|(?:the[ ]+)?{_ORDINAL}{_HES}[ ]+(?:of[ ]+)?{_MONTHS}(?:,?[ ]+(?:of[ ]+)?{_YEAR_WORDS})?"
    # A day said before its month, with a year: "fourteen march nineteen ninety four".
    rf"|{_CARD_DAY}[ ]+{_MONTHS},?[ ]+{_YEAR_WORDS}"
    # Month, day and year said with "slash": "seven slash two slash ninety eight".
    rf"|{_CARD_DAY}[ ]+slash[ ]+{_CARD_DAY}[ ]+slash[ ]+{_YEAR_WORDS}"
    rf"|{_MONTHS},?[ ]+(?:of[ ]+)?{_YEAR_WORDS}"
    rf"|{_ES_DATE}"
)
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
#: A month said as its number, then the day as a number ("five twenty" for May 20, "twelve
#: thirteen"), maybe a year ("four eighteen twenty five"): after "on" or Spanish "el" near
#: a date word ("the dialysis center on five twenty", "la cita es el one nineteen"), after
#: a visit's or a birth's word with its year ("your appointment four eighteen twenty
#: five"), or with its year after a greeting and a name ("hi grace gardner twelve thirteen
#: seventy five"). See :func:`_numeric_date`.
_NUMERIC_DATE = (
    r"(?:on|el"
    r"|(?:appointment|appt|visit|birthday|cita|dob"
    # A note's date of service ("Date of service eight two twenty four").
    r"|date[ ]+of[ ]+(?:service|visit|birth|injury)|service[ ]+date)"
    r"(?:[ ]+(?:is|was|es|on|for|el|like)){0,2}:?"
    r"|(?:hi|hello|hey)(?:[ ]+[a-z][a-z'\-]*){1,3})[ ]+"
    rf"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|oh[ ]{_UNIT_WORD})"
    rf"[ ]+(?:(?:twenty|thirty)(?:[ \-]{_UNIT_WORD})?|ten|eleven|twelve|thirteen|fourteen"
    rf"|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh[ ])?{_UNIT_WORD})"
    rf"(?:[ ]+{_YEAR_WORDS})?"
)
SPOKEN_DATE_PATTERN = rf"\b(?:{_FULL_DATE}{_DAY_ONLY}|{_NUMERIC_DATE})\b"
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
    r"|vaccine|shot|test|scan|mri|labs?|infusion|session|therapy|dialysis|cancel|due"
    # A ride to a visit ("a ride to wound care on six fourteen").
    r"|rides?|pick[ \-]?up|transport(?:ation)?"
    # A follow-up written short, a referral, a visit the speaker cannot keep ("Plan: f/u
    # 10/12", "hospice referral placed 3/1", "cant make it 4/22 can i do the 2/14").
    r"|f/u|referral|referred|(?:can'?t|cannot|can[ ]not|won'?t)[ ]make[ ]it)\b"
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
    if "," in value or len(value.split()) > 4 or value[:4].lower() == "the ":
        return False
    return not _full_date(text, start, end)


def _full_date(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` is a date with a year or an ordinal day (:data:`_FULL_DATE`)."""
    # One character of context on either side decides "\b" as in the text.
    lo = start - 1 if start else 0
    data = ascii_bytes(text[lo : end + 1])
    full: Groups = _FULL_DATE_AT.Match(_ANCHOR_BOTH, data, start - lo, end - lo)
    return full[0][0] >= 0


#: What after a month and day makes it a date that recurs ("january first every year"),
#: no one's date.
_EVERY_YEAR = Regex(r"^[ ,]*(?:of[ ]+)?(?:every|each)[ ]+year|^[ ,]*(?:annually|yearly)\b")
#: Spanish words that say a date is a person's or a visit's ("fecha de nacimiento", "cita").
_ES_DATE_CONTEXT = Regex(r"\b(?:naci(?:miento|o|da|do|i)|fecha|cita|cumpleanos)\b")
#: A Spanish date's year at its end (digits or "mil ..."/"dos mil ...").
_ES_YEAR_AT_END = Regex(rf"[ ]{_ES_YEAR}$")


#: A time said after a month and day ("november two at eight thirty", "january nineteen
#: around three pm"): the day is a visit's.
_TIME_AFTER = Regex(
    r"^[ ,]+(?:at|around|about)[ ]+(?:[0-9]{1,2}(?::[0-9]{2})?\b|(?:one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve|noon)\b)"
)
#: Words that may follow a day of the month said alone ("on the 7th at two", "on the 11th
#: and ..."); any other word makes it a rank ("on the third floor", "the 26th of the list").
_AFTER_ORDINAL = frozenset(
    ["at", "and", "or", "around", "instead", "then", "please", "is", "works", "so", "but",
     "if", "in", "right", "okay", "ok", "yes", "no", "for", "with", "when", "i", "we", "he",
     "she", "they", "um", "umm", "uh", "uhh", "er"]
)
#: Words near a day of the month said alone that make it a visit's: a doctor's time.
_VISIT_NEAR = Regex(r"\b(?:available|availability|openings?|doctor|dr|nurse|provider)\b")


#: The ordinals of the first nine days, also ranks ("on the second", "the third one").
_SMALL_ORDINALS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th"]
)


#: Words that take back a day said before ("april fourteen no the fourteenth").
_DAY_CORRECTIONS = frozenset(["no", "sorry", "mean", "actually"])
#: The words right before a day of the month said alone.
_ORDINAL_LEADS = frozenset(["on", "for", "by", "until", "till", "is", "was"]) | _DAY_CORRECTIONS
#: Words right before "the <ordinal>" that name the visit on that day ("a follow up the
#: second with doctor ...", "my appointment the twelfth") or a visit said again ("seen on
#: may 25th and again the fourth"): a date in a date's context.
_VISIT_LEADS = frozenset(
    ["appointment", "appt", "visit", "followup", "follow-up", "checkup", "check-up",
     "surgery", "procedure", "again"])
#: A month's name (a date said before a correction of its day).
_MONTH_AT = Regex(rf"\b{_MONTHS}\b")


def _ordinal_alone(text: str, start: int, end: int) -> bool:
    """Whether "the <ordinal>" at ``start:end`` with no month is a day of a visit: after
    "on" (or "for", "by", "until"), or "is"/"was" after a date word ("the visit was the
    twenty third"), and not before a noun ("the fifth floor", "the twenty first century").
    A day from the tenth on is a date after "on" with no date word ("faxed over on the
    sixteenth"); the first nine are ranks too, so they need a visit or a date word near."""
    before = text[max(0, start - 80) : start].lower()
    words = before.split()
    if not words:
        return False
    lead = words[-1].rstrip(",")
    if lead == "up" and len(words) > 1 and words[-2] in ("follow", "check"):
        lead = "followup"  # "a follow up the second"
    if lead not in _ORDINAL_LEADS and lead not in _VISIT_LEADS:
        return False
    after = text[end : end + 16].lstrip(" ")
    if after[:1].isalnum():
        if after.split(None, 1)[0].lower().rstrip(",.?!") not in _AFTER_ORDINAL:
            return False
    elif after[:1] not in ("", ".", ",", "?", "!", ";", ":", '"'):
        return False
    if words[-1] in ("is", "was") or lead in _VISIT_LEADS:
        return _DATE_CONTEXT.search(before) is not None
    if words[-1].rstrip(",") in _DAY_CORRECTIONS:
        # "my appointment is on the april fourteen no the fourteenth": a day said again
        # after a date, in a date's context.
        return _DATE_CONTEXT.search(before) is not None and _MONTH_AT.search(before) is not None
    if words[-1] in ("on", "for") and text[start + 4 : end].lower() not in _SMALL_ORDINALS:
        return True
    return _DATE_CONTEXT.search(before) is not None or _VISIT_NEAR.search(before) is not None


#: Words before a month/day that make it a date with no date word near: "since 11/23",
#: "denied on 7/5" (not "is 3/4", "for 1/2": a fraction's leads need a visit near).
_SLASH_LEADS = ("on", "since", "until", "till", "by")


def _slash_day(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Refine "<lead> M/D": a date after "on" or "since" unless a quantity or a fraction's
    "of" follows; after any other lead only near a date word ("his appointment was 9/15")."""
    lead = text[start : text.find(" ", start, end)].lower()
    start = text.rfind(" ", start, end) + 1
    after = text[end : end + 8].lstrip(" ").lower()
    if after[:1] == "/" or after[:1].isdigit():
        return None  # the pattern's \b stops inside a longer number or date
    if lead in _SLASH_LEADS and not _quantity_after(text, end) and not after.startswith("of "):
        return start, end, "DATE"
    return (start, end, "DATE") if _dated(text, start, lead_ok=False) else None


def _slash_date(lowered: str) -> bool:
    """Whether "<month> slash <day> slash <year>" said aloud holds a real month and day."""
    month, day, _ = (spoken_digits(part) for part in lowered.split(" slash "))
    return (month is not None and day is not None and 1 <= int(month[0]) <= 12
            and 1 <= int(day[0]) <= 31)


#: The first words of :data:`_NUMERIC_DATE`'s leads.
_NUMERIC_LEADS = frozenset(
    ["on", "el", "appointment", "appt", "visit", "birthday", "cita", "dob", "hi", "hello", "hey",
     "date", "service"]
)
#: The leads of :data:`_NUMERIC_DATE` after which a month and day need no year.
_NUMERIC_DAY_LEADS = frozenset(["on", "el"])


def _numeric_date(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Refine a month and day said as numbers (:data:`_NUMERIC_DATE`): the date starts at
    its month's number; it is a real month and day (a year, if said, of two digits or
    four); no number follows it (then it is part of a longer one); with no year, "on" or
    "el" and a date word before it ("physical therapy on four twelve"); after a greeting,
    the words between are no number or function words (a name)."""
    words = text[start:end].split()
    lead = words[0].lower()
    names = lexicon()
    # The month's number is the first word a number word after the lead and the words
    # of a name or a verb.
    first = 1
    while first < len(words) and spoken_digits(words[first]) is None:
        first += 1
    if first >= len(words) - 1:
        return None
    if lead in ("hi", "hello", "hey") and any(
            w.lower() in names.function or w.lower() in names.blocked for w in words[1:first]):
        return None
    at = start
    for word in words[:first]:
        at = text.index(word, at) + len(word)
    at += len(text[at:end]) - len(text[at:end].lstrip())
    parsed = spoken_digits(text[at:end])
    if parsed is None:
        return None
    digits = parsed[0]
    after = text[end : end + 12].lower().split(None, 1)
    if after and (spoken_digits(after[0].rstrip(",.?!")) is not None or _quantity_after(text, end)):
        return None  # "on five twenty three four ...": part of a longer number
    said = len(text[at:end].split())
    with_year = (_month_day_year(digits) and said >= 3) or _short_month_day_year(
        text[at:end].lower().split())
    if not with_year:
        if len(digits) not in (3, 4) or words[first - 1].lower() not in _NUMERIC_DAY_LEADS:
            return None
        month_len = 2 if len(digits) == 4 or (words[first].lower() in ("ten", "eleven", "twelve")
                                             ) else 1
        month, day = int(digits[:month_len]), int(digits[month_len:])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        window = text[max(0, start - 80) : at].lower()
        if _DATE_CONTEXT.search(window) is None and _ES_DATE_CONTEXT.search(window) is None:
            return None
    return at, end, "DATE"


def _spoken_date(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    if closure_day(text, start, end):
        return None  # "our office will be closed on thursday november twenty sixth"
    head = text[start : text.find(" ", start, end)].lower()
    if head in _NUMERIC_LEADS and "/" not in text[start:end]:
        return _numeric_date(text, start, end)
    if " de " in text[start:end].lower():  # a Spanish date: "siete de junio de 1991"
        return _spanish_date(text, start, end)
    if "/" in text[start:end]:  # "on 7/1" (group 2): no other alternative holds a "/"
        return _slash_day(text, start, end)
    value = text[start:end]
    lowered = value.lower()
    if lowered.startswith("the ") and not _full_date(text, start, end):
        return (start, end, "DATE") if _ordinal_alone(text, start, end) else None
    if " slash " in lowered and not _slash_date(lowered):
        return None
    if (_day_only(text, start, end)  # "april seventeen"
            and (_quantity_after(text, end) or not (
                _dated(text, start, lead_ok=True) or _TIME_AFTER.search(text[end : end + 24])))):
        return None
    if (any(word in lowered for word in _HOLIDAY_WORDS) and _HOLIDAY.search(lowered) is not None
            and not _dated(text, start, lead_ok=False)):
        return None  # "open on the fourth of july": a holiday, unless a birth or a visit
    if " of " in lowered and _short_year_of(lowered) and not _dated(text, start, lead_ok=False):
        return None  # "a march of fifty people": a month "of" two digits only near a birth
    if _EVERY_YEAR.search(text[end : end + 24]) is not None and not _has_year(lowered):
        return None  # "the deductible resets on january first every year"
    if lowered.startswith("march forth") and not _dated(text, start, lead_ok=False):
        return None  # "we march forth": a verb, unless a visit or a birth is near
    # "may" and "march" are also verbs: "may" + cardinal + year words is rare in speech
    # as a verb, but "you may first ..." is not a date; require an ordinal for bare "may".
    if value[0] == "m" and _says_may(value) and len(value.split()) == 2:
        before = text[max(0, start - 12) : start].lower()
        if before.rstrip().endswith(("you", "i", "we", "they", "he", "she", "it")):
            return None
    return start, end, "DATE"


#: The first words of a two-digit year said alone ("sixty two", "oh five").
_SHORT_YEAR_HEADS = frozenset(
    ["thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety", "oh"])


def _short_year_of(lowered: str) -> bool:
    """Whether a spoken date is a month, "of" and a two-digit year ("march of sixty two")."""
    month, _, year = lowered.rpartition(" of ")
    words = year.split()
    if " " in month.strip() or not words:
        return False
    head = words[0].lstrip("'")
    return (len(head) == 2 and head.isdigit()) or head in _SHORT_YEAR_HEADS


def _has_year(lowered: str) -> bool:
    """Whether a spoken date's lowercase text ends in a year (more than a month and day)."""
    words = lowered.replace(",", " ").split()
    return len(words) > 3 or any(w.isdigit() and len(w) == 4 for w in words)


def _spanish_date(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Refine a Spanish date: with its year a date; without, only where the text says it is
    a birth, a date or a visit ("cinco de mayo" alone is a holiday)."""
    if _ES_YEAR_AT_END.search(text[start:end].lower()) is not None:
        return start, end, "DATE"
    window = text[max(0, start - 80) : start].lower()
    if _ES_DATE_CONTEXT.search(window) is None and not _dated(text, start, lead_ok=False):
        return None
    return start, end, "DATE"


#: A speaker saying who they are, right before their name ("yes it's", "this is", "i'm").
_SELF_ID = Regex(
    r"\b(?:it's|its|it[ ]is|this[ ]is|i'm|im|i[ ]am|name[ ]is|name's|names)[ ]+$"
)
#: Spoken numbers right after a name, maybe after "and": three to seven words ("eleven
#: three oh two", "... and six thirty fifty six").
_RUN_AFTER_NAME = Regex(
    rf"^[ ,]+(?:and[ ,]+)?((?:{NUM_WORD})(?:[ ,\-]+(?:{NUM_WORD})){{2,6}})\b"
)


def _month_day_year(digits: str) -> bool:
    """Whether five to eight digits read as a month, a day and a year, said M D YY, MM DD
    YY or with the year in full ("11302" is 11/3/02 or 1/13/02, "021228" is 02/12/28,
    "341950" is 3/4/1950)."""
    n = len(digits)
    if not 5 <= n <= 8:
        return False
    for month_len in (1, 2):
        month = int(digits[:month_len])
        if not 1 <= month <= 12:
            continue
        for day_len in (1, 2):
            year = digits[month_len + day_len :]
            if len(year) not in (2, 4) or (len(year) == 4 and year[:2] not in ("19", "20")):
                continue
            if 1 <= int(digits[month_len : month_len + day_len]) <= 31:
                return True
    return False


def _short_month_day_year(words: list[str]) -> bool:
    """Whether spoken words are a month and a day of one digit each, then a year in two
    digits said as a pair ("eight two twenty four" is 8/2/24): four digits that
    :func:`_month_day_year` leaves to a month and a day ("twelve twenty one")."""
    if len(words) not in (3, 4) or words[0] not in _DAY_UNITS or words[1] not in _DAY_UNITS:
        return False
    year = spoken_digits(" ".join(words[2:]))
    return year is not None and len(year[0]) == 2 and words[2] not in _DAY_UNITS


#: A digit said as its word, not zero: a month or a day of one digit.
_DAY_UNITS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])


def dob_after_name(text: str, spans: Sequence[Span]) -> list[Span]:
    """A date of birth said right after the speaker's own name with no cue ("yes it's zofia
    whitehorse eleven three oh two", "it's leilani wu, oh two twelve twenty eight"): the
    ``expand`` step of ``spoken_date``. The name follows "it's", "this is", "i'm" or "my
    name is"; the numbers, three to seven words said as digits or pairs, read as a month, a
    day and a year.
    """
    out: list[Span] = []
    for start, end, label, _ in spans:
        if label != "NAME" or _SELF_ID.search(text[max(0, start - 16) : start]) is None:
            continue
        found = _RUN_AFTER_NAME.search(text[end : end + 60])
        if found is None:
            continue
        s, e = found[1][0] + end, found[1][1] + end
        parsed = spoken_digits(text[s:e])
        if parsed is None or not _month_day_year(parsed[0]) or _quantity_after(text, e):
            continue
        out.append((s, e, "DATE", "spoken_date"))
    return out


# --- ages over 89 ----------------------------------------------------------------------------

_AGE_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_PAST_HUNDRED = (
    r"(?:[ ]and)?(?:[ ](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?"
)
_AGE = (
    rf"(?:9[0-9]|1[01][0-9]|ninety(?:[ \-]{_AGE_UNIT})?|(?:a|one)[ ]hundred{_AGE_PAST_HUNDRED})"
)
#: An age said right after a person: "hundred" may stand alone there ("I'm hundred four",
#: "she's hundred"), and a speaker may correct it ("ninety six, uh, ninety seven": both).
#: 101 to 109 said digit by digit after a person ("i'm one oh one").
_AGE_DIGITS = rf"one[ ]oh[ ]{_AGE_UNIT}"
_AGE_SAID = (
    rf"(?:{_AGE}|hundred{_AGE_PAST_HUNDRED}|{_AGE_DIGITS})"
    rf"(?:(?:[ ]*(?:,|\.{{2,3}})?[ ]*(?:(?:uh|um|er|no|sorry|i[ ]mean|or|maybe|actually|yeah"
    rf"|wait)"
    rf"[ ]*(?:,|\.{{2,3}})?[ ]*)+|[ ]*(?:\.{{2,3}}|--)[ ]*)"
    rf"(?:{_AGE}|hundred{_AGE_PAST_HUNDRED}))?"
)
_PERSON = (
    r"(?:i|i'm|im|he|she|he's|she's|patient|pt|caller|mother|father|mom|dad|mum"
    r"|step[ \-]?(?:mother|father|mom|dad|mum)"
    r"|grandmother|grandfather|grandma|grandpa|husband|wife|aunt|uncle|member|client"
    r"|resident|brother|sister|son|daughter|parent|partner|who|age|aged|turned|turning"
    r"|turns|he'll|she'll|i'll|they're|theyre|they'll|you're|youre|we're|age[ ]+of"
    r"|(?:makes|made|making)[ ]+(?:him|her|me"
    r"|them)|[a-z]+'s)"
)
#: Relatives named before their age: "my mom harpreet is 94", "my grandmother Fatima is a
#: hundred and four"; and a person named with a title ("Ms. Okoro is 103", "mister diaz
#: is ninety-one").
_KIN = (
    r"(?:(?:step[ \-]?)?(?:mother|father|mom|dad|mum|brother|sister|son|daughter|parent)"
    r"(?:[ \-]in[ \-]law)?|grandmother|grandfather|grandma|grandpa|granny|nana|gran"
    r"|husband|wife|aunt|uncle|partner|neighbou?r|friend"
    r"|great[ \-]grand(?:mother|father|ma|pa)|mrs\.?|mr\.?|ms\.?|miss|mister|missus)"
)
#: An age in digits in brackets or commas right after a name: "Ada Lovelace (98)", "Ada
#: Lovelace, 98, ...". The name is checked against the name lists (see :func:`_age`).
_AGE_AFTER_NAME = (
    r"(?-i:[A-Z][a-z'\-]+[ ]+[A-Z][A-Za-z'\-]+)[ ]*"
    r"(?:\([ ]*(9[0-9]|1[01][0-9])[ ]*\)|,[ ]*(9[0-9]|1[01][0-9])[ ]*,)"
)
#: An age said in Spanish, then "anos" or the end of a clause: "tiene noventa y cinco anos",
#: "cumplio cien.", "tengo 101 anos" (accents are folded before matching; "tiene cien
#: camas" is no age).
_ES_AGE_UNIT = r"(?:uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
_ES_AGE = (
    r"(?:tiene|tengo|tenia|tienen|cumple|cumplio|cumplira|cumplo|edad(?:[ ]+de)?)[ ]+"
    rf"(noventa(?:[ ]+y[ ]+{_ES_AGE_UNIT})?|cien(?:to[ ]+{_ES_AGE_UNIT}|to[ ]+diez)?"
    r"|9[0-9]|1[01][0-9])(?:[ ]+anos\b|[ ]*(?:[.,;!?]|$))"
)
AGE_PATTERN = (
    rf"\b(?:{_PERSON}(?:[ ]+(?:is|was|am|are|will be|will|be|just|now|recently|has|had"
    rf"|going[ ]to[ ]be|gonna[ ]be|about[ ]to[ ](?:be|turn)))*"
    rf"(?:[ ]+(?:now|just|almost|nearly|about|over|turned|turning|turns?))*"
    # A speaker's hedge before the age: "she's what a hundred and one", "he's like 96".
    rf"(?:,?[ ]+(?:what|like|uhh?|umm?|maybe|probably|around|oh),?)?"
    # (In quotes in a note: 'Pt states he is "ninety".')
    rf"(?:[ ]+[\"']?|[ ]*[:(][ ]*)({_AGE_SAID})\b"
    rf"|(9[0-9]|1[01][0-9])[ \-]*(?:years?|yrs?|y/?o|yo|y\.o)\b"
    rf"|({_AGE}|hundred{_AGE_PAST_HUNDRED})[ \-]+(?:years?|yrs?|y/?o|yo|y\.o)\b"
    # (The name maybe set off by commas: "My mother, Dawn Church, is ninety eight".)
    rf"|{_KIN}(,?(?:[ ]+[a-z][a-z'\-]*){{1,3}},?)[ ]+(?:is|was|turned|turns|just[ ]turned"
    rf"|will[ ]be)(?:[ ]+(?:now|just|almost|nearly|about|over))*[ ]+({_AGE_SAID})\b"
    rf"|{_AGE_AFTER_NAME}"
    rf"|{_ES_AGE}"
    # A decade of life past 89: "she's in her late nineties".
    rf"|in[ ]+(?:his|her|their|my|your)[ ]+((?:(?:early|mid|late)[ \-]+)?(?:nineties|90'?s))\b)"
)
#: Units after a number that make it a quantity, not an age.
_AGE_UNITS = (
    "dollar", "percent", "%", "mg", "milligram", "gram", "ml", "mcg", "degree", "minute",
    "second", "hour", "day", "week", "pound", "lb", "kg", "kilo", "cent", "bucks", "$", "ms",
    "mmhg", "tablet", "pill", "unit", "mile", "feet", "foot", "inch", "point", "page", "time",
    "step", "calorie", "rep", "dia", "peso", "dolar", "minuto", "hora", "semana", "mes",
    "por ciento", "libra",
)
#: Words after "the nineties" that make it the decade ("in their 90s style").
_DECADE_NOUNS = frozenset(
    ["style", "music", "songs", "era", "fashion", "decor", "playlist", "vibe", "look", "hits",
     "show", "shows", "movies", "tv", "band", "bands", "phase", "clothes"]
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


def _names_person(words: list[str]) -> bool:
    """Whether the two capitalised words before an age in brackets are a person's name: a
    listed first name first, or a surname (listed, or shaped like an unlisted name) last,
    and neither an ordinary word ("Customer Reviews (98)").
    """
    lex = lexicon()
    first = words[0].lower()
    last = words[1].lower().strip("(,")
    if lex.is_ordinary(first) or first in lex.blocked:
        return False
    parts = [p for p in last.replace("'", "").split("-") if p]
    if not parts or any(lex.is_ordinary(p) for p in parts):
        return False
    return first in lex.first or any(p in lex.last or lex.is_unlisted_name(p) for p in parts)


#: Words before "<number> years" that make it a span of time, not an age ("for ninety
#: years", "it's been a hundred years").
_SPAN_BEFORE = frozenset(
    ["for", "been", "past", "last", "next", "over", "within", "in", "than", "every", "the",
     "those", "these", "first", "after", "before", "about", "nearly", "almost", "some"]
)
#: Words after "<number> years" that make it a span of time ("ninety years ago").
_SPAN_AFTER = ("ago", "since", "later", "from", "before", "after", "earlier", "back")


def _time_span(text: str, start: int, end: int) -> bool:
    """Whether "<number> years" at ``start:end`` is a span of time, not an age."""
    before = text[max(0, start - 12) : start].lower().split()
    if before and before[-1] in _SPAN_BEFORE:
        return True
    return text[end : end + 10].lower().lstrip().startswith(_SPAN_AFTER)


def _bare_hundred_age(text: str, start: int, end: int) -> bool:
    """Whether "hundred ... years" with no "a" or "one" before it is an age: "years old"
    follows, and no number word stands before it ("two hundred years old" is no one's)."""
    if not text[end : end + 5].lower().startswith(" old"):
        return False
    before = text[max(0, start - 12) : start].lower().split()
    return not before or before[-1] not in _VALUE_HEADS


def _age(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    s, e = match[1]
    if s < 0:
        s, e = match[2]
        if s < 0:
            s, e = match[3]
        if s >= 0 and _time_span(text, s, end):
            return None
        if s >= 0 and text[s : s + 7].lower() == "hundred" and not _bare_hundred_age(text, s, end):
            return None
    if s < 0 and match[4][0] >= 0:  # a relative or a title, a name, and the age
        names = text[match[4][0] : match[4][1]].lower().replace(",", " ").split()
        if not _NOT_NAME.isdisjoint(names):
            return None
        if text[max(0, start - 2) : start].strip().isdigit():
            return None  # "200 ms budget is 95": milliseconds, not "Ms."
        s, e = match[5]
    elif s < 0 and match[8][0] >= 0:  # Spanish: "tiene noventa y cinco"
        s, e = match[8]
    elif s < 0 and match[9][0] >= 0:  # "in her late nineties"
        after = text[match[9][1] : match[9][1] + 12].lower().split()
        if after and after[0].strip(".,;!?") in _DECADE_NOUNS:
            return None  # "in their 90s style": the decade, not an age
        return match[9][0], match[9][1], "AGE_OVER_89"
    elif s < 0:  # a name, and the age in brackets or commas
        s, e = match[6] if match[6][0] >= 0 else match[7]
        if not _names_person(text[start:s].split()):
            return None
        return s, e, "AGE_OVER_89"
    elif text[start : start + 8].lower().startswith(_NOT_PERSON):
        return None
    tail = text[e : e + 14].lower().lstrip()
    if tail.startswith(_AGE_UNITS):
        return None
    if text[e - 4 : e].lower() == " and":  # "she's hundred and she ...": the "and" is no age
        e -= 4
    return s, e, "AGE_OVER_89"


#: An age said right after a name ("Dawn Church is ninety eight", "Our patient, Ada Moss,
#: is ninety two", "Bill, who is 97"): a verb of being, maybe an adverb, then the age.
_AGE_AFTER_FOUND_NAME = Regex(
    r"^,?[ ]+(?:who[ ]+(?:is|was|turned|turns)|is|was|turned|turns|just[ ]+turned"
    r"|will[ ]+be|has[ ]+turned)(?:[ ]+(?:now|just|almost|nearly|about|over|already))*"
    rf"[ ]+({_AGE_SAID})\b"
)


def age_after_name(text: str, spans: Sequence[Span]) -> list[Span]:
    """An age of 90 or more said right after a name found in ``spans`` ("Dawn Church is
    ninety eight and she lives with me", "Reza Patel is 94"): the ``expand`` step of
    ``age_over_89``. Not a quantity ("... is 95 pounds") nor an age said before a unit."""
    out: list[Span] = []
    for _, end, label, _ in spans:
        if label != "NAME":
            continue
        found = _AGE_AFTER_FOUND_NAME.search(text[end : end + 60])
        if found is None:
            continue
        s, e = end + found[1][0], end + found[1][1]
        if text[e : e + 14].lower().lstrip().startswith(_AGE_UNITS):
            continue
        if text[e - 4 : e].lower() == " and":
            e -= 4
        out.append((s, e, "AGE_OVER_89", "age_over_89"))
    return out


def spoken_detectors() -> list[PatternDetector]:
    """Return the detectors of spoken and cue-led identifiers."""
    return [
        builtin_detector("cue_number", "ACCOUNT", CUE_NUMBER_PATTERN, refine=_cue_number,
                         rescan=True, finder=CUE_NUMBER_FINDER, expand=cue_number_expand),
        builtin_detector("spoken_number", "ACCOUNT", SPOKEN_NUMBER_PATTERN,
                        refine=_spoken_number),
        builtin_detector("spoken_email", "EMAIL", SPOKEN_EMAIL_PATTERN, refine=_spoken_email),
        builtin_detector("spoken_url", "URL",
                         f"{SPOKEN_URL_PATTERN}|{SPOKEN_IP_PATTERN}|{SPOKEN_HEX_PATTERN}",
                         refine=_spoken_url, trigger=_URL_TRIGGER),
        builtin_detector("spoken_date", "DATE", SPOKEN_DATE_PATTERN, refine=_spoken_date,
                         finder=without_groups(SPOKEN_DATE_PATTERN), expand=dob_after_name),
        builtin_detector("age_over_89", "AGE_OVER_89", AGE_PATTERN, refine=_age,
                         expand=age_after_name),
    ]
