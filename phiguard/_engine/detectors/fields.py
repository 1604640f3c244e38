"""Detectors for identifiers that structured text names by its keys (JSON, logfmt, YAML, HL7).

- ``key_field``: a value under a compound key whose last part is an identifier cue
  (``"patient_mrn": "MRN-7028"``, ``billing_zip=04498``, ``sim_iccid=...``), a spaced
  identifier under any cue (``acct_no=2055 6195 9221``, ``"plate": "970 DPY"``, "member
  KEK 1363 6988"), an age of 90 or more under an age key (``"age": 97``, ``age_years=103``),
  a camelCase key or XML element (``"patientMrn": "6971375"``,
  ``<PatientAccount>37-143-4988</PatientAccount>``), any cue key inside escaped JSON
  (``{\\"ssn\\": \\"389170194\\"}`` in a tool call's ``arguments`` string),
  and a generic ``"number"`` / ``"value"`` / ``"id"`` that the object around it names
  (``"drivers_license": {"state": "PA", "number": "57 073 681"}``, a FHIR
  ``"identifier": [{"system": ..., "value": "39-784184"}]``). The cue words are those of
  ``cue_number`` (:mod:`~phiguard._engine.detectors.spoken`), which finds a plain cue and
  an unbroken value (``"patient_id": "79934381"``) on its own.
  Also: a cue key with a generic tail (``"dl_number"``, ``mrn_b=``), quotes escaped twice
  or more, an identifier in capitals with few digits (``"subscriberId": "F7DN8EXDAS"``,
  see :func:`_is_code`), an XML element with a namespace prefix (``<ns2:Id>`` named by
  its parent ``<ns2:Member>``; ``<ns2:Last>`` a name), and a person's full name under a
  key that holds a person (``"holder": "Folasade W Young"``, ``enrolled_by``,
  ``holder=AUTUMN HUNT``, a FHIR ``"display"`` in a reference to a person), after a log
  line's person word ("matched patient Sunny Bush", "requested by Mark Winter", 'for
  caller "Chance Fox"', "matched to Story, Bobby") or after ``this+is+`` in a form-encoded
  body (see :func:`_name_words`: a middle initial vouches for ordinary words, "Sky F.
  Fox"; a family name may come first with its comma, "Van Buren, Pearl L"); a FHIR
  extension's ``valueInteger`` of 90 or more whose ``url`` names an age; an HTTP
  header's ``X-Patient-Ref: M59417673``; the id argument of a GraphQL field or a call named
  for a person (``updatePatient(id: "K083B1462", ...)``), or a GraphQL request's
  variable that the query passes to one (``"variables": {"id": "W269059987"}`` after
  ``member(id: $id)``); a bare ``record=``, ``chart=`` or
  a message's ``key=`` in a line that names a patient (an audit log, a Kafka record); a
  last-four key (``ssn4=3639``, ``card4``); a plate after a plate cue with two digits
  ("plate RGK 7J3"); a serial in capitals with two digits (``"serial": "76PVED"``). (A name's part
  under an unquoted key with a quoted value, protobuf's text format ``name { given:
  "Kalani" }``, is ``name_field``'s, in :mod:`~phiguard._engine.detectors.names`.)
- ``hl7_segment``: the fields of an HL7 v2 ``PID``, ``IN1``, ``NK1`` or ``GT1`` segment.
- ``segment_id``: identifiers and names that X12 and HL7 segments and vCards hold by
  position (X12 ``NM1`` names, member ids, NPIs; ``N3``/``N4`` after a person's ``NM1``;
  an ``N4``'s city and ZIP after an ``N3`` street line, whoever's),
  and an insurance card read by OCR ("MEMBER JANE Q DOE ID W123456789").
- ``key_list``: the identifiers in a JSON list under a cue key.

Patterns stay RE2 (they are rendered into the Collector config, where a generic key's
value is redacted wherever it holds an identifier: the collector cannot look at the object
around it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from phiguard._engine.detectors.address import _STREET_TYPE
from phiguard._engine.detectors.names import _looks_like_name, _vouches, lexicon
from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    Span,
    ascii_bytes,
    builtin_detector,
    compile_re2,
)
from phiguard._engine.detectors.spoken import _CUES, _MIN_DIGITS, _cue_label, _quantity_after
from phiguard._engine.detectors.written import parent_key

#: Cue words of every personal label (the ``None`` entry lists non-personal numbers).
_CUE_WORDS = "|".join(f"(?:{v})" for k, v in _CUES.items() if k is not None)

#: A key part before the cue: "patient_" in "patient_mrn", "billing." in "billing.zip".
_KEY_PREFIX = r"(?:[a-z0-9]+[_.\-])"
#: Keys that hold an age ("age", "age_years", "patient_age", "ageYrs").
_AGE_KEY = rf"{_KEY_PREFIX}*age(?:[_.\-]?(?:years?|yrs?|in[_.\-]years))?"
#: A generic part after a cue in a key ("dl_number", "member_ref", "dl_on_file"), or a
#: letter or digit that tells two such keys apart ("mrn_a", "mrn_b", "member_id_2").
_KEY_TAIL = (
    r"(?:[_.\-](?:number|num|no|id|ref|full|on[_.\-]?file|of[_.\-]?record|[a-z0-9])"
    # (or its last four digits, "4" run into the cue: "ssn4=3639", "card4")
    r"|4)"
)
#: Keys too generic to say what their value is: the object around them does.
_GENERIC_KEY = r"number|value|id|no|num"
#: An identifier, unbroken or in groups: "MRN-70282164", "K6798 83280 64353", "970 DPY",
#: "B 926 790 309 961". Letters before the first digits are attached ("mr-123") or
#: capitals ("EUW 7235"), and a later group of letters alone must be capitals: "is 4660",
#: "... 1234 and" are words around an identifier.
_GROUP = r"(?:[0-9][0-9a-z]*|(?-i:[A-Z]{1,4}))\b"
_VALUE = (
    rf"(?:[a-z]{{1,6}}-?|(?-i:[A-Z]{{1,4}})[ ])?[0-9][0-9a-z]*(?:[ \-./]{_GROUP})*"
    # An identifier in capitals that opens with more letters ("FJNUZQG2ME"): judged by
    # _is_code (it needs digits among its letters).
    r"|(?-i:[A-Z][A-Z0-9]{7,19})\b"
)
#: The same, in at least two groups split by spaces (what cue_number does not read whole).
_SPACED_VALUE = (
    rf"(?:[a-z]{{1,6}}-?|(?-i:[A-Z]{{1,4}})[ ])?[0-9][0-9a-z]*(?:[\-./]{_GROUP})*"
    rf"(?:[ ]{_GROUP}(?:[\-./]{_GROUP})*)+"
    r"|(?-i:[A-Z]{1,4})[ ][0-9][0-9a-z]*"
)
#: Capitalised words joined by underscores, as a log writes a name without spaces.
_UNDERSCORE_NAME = (
    r"(?-i:[A-Z][a-z'\-]+(?:_[A-Z][a-z'\-]*)*_[A-Z][a-z'\-]+"
    # (in capitals, family name first and a comma: "O_BRIAIN,AKOSUA", "DIAZ,ANA")
    r"|[A-Z][A-Z'\-]*(?:_[A-Z][A-Z'\-]+)*,[A-Z][A-Z'\-]+)"
)
#: A quote, maybe escaped, once or more (JSON inside a JSON string: ``{\"mrn\":\"M-1\"}``,
#: and inside that again: ``{\\\"mrn\\\":...}``).
_QUOTE = r"\\*[\"']"
#: An XML namespace prefix ("ns2:", "hl7:").
_XML_PREFIX = r"(?:[a-z][a-z0-9]*:)?"
#: XML elements that hold a name's part ("Last", "FirstName", "family").
_XML_NAME_PART = (
    r"(?:first|last|given|family|middle|full|sur)[_]?name|first|last|given|family|surname|middle"
)
#: A camelCase or PascalCase key ("patientMrn", "guarantorAccount", "PatientAccount").
_CAMEL_KEY = r"(?-i:[A-Za-z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+)"

#: Keys whose value is a person (their name, when it is no identifier).
_PERSON_KEY_LIST = (
    "patient", "caller", "member", "subscriber", "insured", "guarantor", "beneficiary",
    "rider", "resident", "recipient", "passenger", "client", "customer", "informant",
    "decedent", "contact", "holder", "policyholder", "cardholder", "spouse", "guardian",
    "parent", "caregiver", "requester", "applicant", "dependent", "user", "owner", "assignee",
)
_PERSON_KEY_WORDS = "|".join(_PERSON_KEY_LIST)
#: Words of a log line right before a person's name.
_LOG_PERSON_CUES = (
    r"patient|caller|member|subscriber|guarantor|beneficiary|(?:requested|transferred"
    r"|initiated|submitted|verified|authorized|called|booked|cancell?ed|escalated)[ ]by"
    r"|matched[ ]to"
)
#: A word in title case (or an initial with its period), as a name's part.
_TITLE_WORD = r"(?-i:[A-Z])(?:[a-z'\-?]*[a-z?]|\.)"

KEY_FIELD_PATTERN = (
    # A compound or age key, quoted or bare, then ":" or "=".
    rf"(?:^|[^a-z0-9_.\-])({_QUOTE}?(?:{_KEY_PREFIX}+(?:{_CUE_WORDS})|{_AGE_KEY}"
    rf"|{_KEY_PREFIX}*(?:{_CUE_WORDS}){_KEY_TAIL}){_QUOTE}?)"
    # (An OpenTelemetry attribute prints its value in its type: "member_id: Str(...)".)
    rf"[ ]*[:=][ ]*{_QUOTE}?({_VALUE}|(?-i:Str)\([0-9a-z][0-9a-z\-]{{3,40}}\))"
    # A generic quoted key, named by the object around it.
    rf"|{_QUOTE}({_GENERIC_KEY}){_QUOTE}[ ]*:[ ]*{_QUOTE}?({_VALUE})"
    # A plain cue and an identifier in spaced groups: "member KEK 1363 6988".
    rf"|\b({_CUE_WORDS})\b[\"':=# ]*({_SPACED_VALUE})"
    # A quoted camelCase key ("patientMrn": "6971375") or an XML element
    # (<PatientAccount>37-143-4988</PatientAccount>), whose words are read apart.
    rf"|{_QUOTE}({_CAMEL_KEY}){_QUOTE}[ ]*:[ ]*{_QUOTE}?({_VALUE})"
    rf"|<{_XML_PREFIX}({_CAMEL_KEY})>[ ]*({_VALUE})[ ]*<"
    # Any cue key inside escaped JSON, which cue_number does not read: {\"ssn\": \"...\"}.
    # (A member's id under "mem" too, a cache's short key: {\"mem\":\"U5524141101\"}.)
    rf"|\\+[\"']((?:{_KEY_PREFIX}*(?:{_CUE_WORDS}|mem)))\\+[\"'][ ]*:[ ]*{_QUOTE}?({_VALUE})"
    # An insurance cue, the payer's name, then "#" and the member's number: "Ins: Acme
    # Health #KX 4410 2291" (a note's shorthand; the payer's words may be any).
    rf"|\b(?:ins|insurance|insurer|payer|coverage)[ ]*:[ ]*(?:[a-z][a-z&.'\-]*[ ]+){{1,4}}#[ ]?"
    rf"({_VALUE})"
    # A colon-joined key (a cache key, a URN) whose part right before the value is a cue,
    # or "elig"/"eligibility" (a member's eligibility, kept by member id): "elig:GA58281714".
    rf"|(?:^|[\s=\"'/:])({_CUE_WORDS}|elig(?:ibility)?|mbr):({_VALUE})"
    # A bare "patient" key (or "patient_ref", "patient_key": logfmt, JSON, YAML) whose
    # value is an identifier (the patient's record number: "patient=8-894-8996",
    # "patient": "HR573577") or a name joined by underscores ("patient=Kinsley_Ferreira").
    # (An HTTP header's "X-" before it too: "X-Patient-Ref: M59417673".)
    rf"|(?:^|[^a-z0-9_.\-]){_QUOTE}?(?:x-)?patient(?:[_\-.]?(?:ref|key|reference))?{_QUOTE}?"
    rf"[ ]*[:=][ ]*{_QUOTE}?"
    rf"({_VALUE}|{_UNDERSCORE_NAME})"
    # A parking placard's number (a disability placard: "show placard P9038388").
    rf"|\bplacard(?:[ ]+(?:no\.?|number|id))?[ ]*[:#]?[ ]*((?:[a-z]{{1,3}}-?)?[0-9][0-9a-z\-]*)"
    # A person's name joined by underscores under a person or name key (judged in
    # _underscore_name): "caller=Kinsley_Ferreira", "patient_name=Ana_Small".
    rf"|(?:^|[^a-z0-9_.\-]){_QUOTE}?([a-z][a-z0-9_.\-]{{0,30}}){_QUOTE}?[ ]*[:=][ ]*{_QUOTE}?"
    rf"({_UNDERSCORE_NAME})\b"
    # An XML element too generic to say what it holds, named by the element around it:
    # <ns2:Member><ns2:Id>U0280123</ns2:Id> (see _xml_parent).
    rf"|<{_XML_PREFIX}({_GENERIC_KEY})>[ ]*({_VALUE})[ ]*<"
    # A name's part in an XML element with a namespace prefix: <ns2:Last>Eriksen</ns2:Last>
    # (name_field reads the element without one).
    rf"|<[a-z][a-z0-9]*:({_XML_NAME_PART})>[ ]*([^<\r\n]{{1,80}})</"
    # A person's name under a key that holds a person (judged in _person_value): JSON
    # ("holder": "Folasade W Young", "enrolled_by": "..."), logfmt (holder=AUTUMN HUNT), a
    # "key: value |" line; a FHIR "display" inside a reference to a person.
    rf"|(?:^|[^a-z0-9_.\-]){_QUOTE}?((?:[a-z0-9]+[_.\-])*(?:{_PERSON_KEY_WORDS})"
    rf"|[a-z]+(?:_[a-z]+)*[_\-]by|[a-z]+edby|assigned[_\-]?to|display){_QUOTE}?[ ]*[:=][ ]*"
    # (Quoted, or unquoted up to the end of a cell or line: it must not run into the
    # next key of a logfmt line, which another alternative may read.)
    r"(?:(\\*[\"'])([^\"'\\\r\n]{2,80})|([^\"'\\\r\n=&|<>{}\[\],;()]{2,80}?)[ ]*(?:$|[|,;)\r\n]))"
    # A name in title case after a person word with no separator, as a log line writes
    # one ("matched patient Sunny Bush dob=...", "transfer requested by Mark Winter"), or
    # after "this is" in a form-encoded body ("Body=this+is+Idris+Montenegro+running").
    # (Quoted too, or family name first: 'for caller "Chance Fox"', "matched to Story, Bobby".)
    rf"|\b(?:{_LOG_PERSON_CUES})[ ]+[\"']?({_TITLE_WORD}(?:,?[ ]{_TITLE_WORD}){{1,3}})"
    rf"|[=&+](?:this|my\+name)\+is\+({_TITLE_WORD}(?:\+{_TITLE_WORD}){{1,3}})"
    # The id argument of a GraphQL field or a call named for a person: 'updatePatient(id:
    # "K083B1462", ...)', "member(id: ...)", "getPatient(mrn: ...)", or its first argument
    # quoted ('fetchPatient("A8812345")', "load_patient('00412345')").
    rf"|\b[a-z_]*(patient|member|subscriber|beneficiary)s?[ ]*\([ ]*"
    rf"(?:(?:id|mrn|ref)[ ]*[:=][ ]*{_QUOTE}?|{_QUOTE})({_VALUE})"
    # A bare "record" or "chart" key (an audit log's "record=K256L8699"), or a message's
    # "key" (a Kafka record's: "key=312257728 value={...}"): judged by the line around it,
    # which must name a patient (see _record_key).
    rf"|(?:^|[^a-z0-9_.\-]){_QUOTE}?(record|chart|key)(?:[_\-.]?(?:ref|key))?{_QUOTE}?[ ]*[:=]"
    rf"[ ]*{_QUOTE}?({_VALUE})"
    # A device's serial number in capitals with fewer digits than other identifiers need
    # ('"serial": "76PVED": two digits or more, and a letter).
    rf"|(?:^|[^a-z0-9_.\-]){_QUOTE}?(?:serial(?:[_\-]?(?:number|no|num))?|sn|s/n){_QUOTE}?"
    rf"[ ]*[:=][ ]*{_QUOTE}?((?-i:[A-Z0-9]{{6,20}}))\b"
    # A GraphQL request's first variable, named by the field it feeds in the query before
    # it ('"variables":{"mid":"HX40021877"}' after "subscriber(memberId: $mid)"; see
    # _graphql_variable; a generic key, "id", is read above).
    rf"|\"variables\"[ ]*:[ ]*\{{[ ]*\"([a-z_][a-z0-9_]*)\"[ ]*:[ ]*\"({_VALUE})\""
)

#: Keys whose value is a person (their name, when it is no identifier).
_PERSON_KEYS = frozenset(_PERSON_KEY_LIST)


#: Words before a name that are no part of it, and particles inside one ("Ortiz y Pino").
_HONORIFICS = frozenset(["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx"])
_PARTICLES = frozenset(["y", "de", "da", "dos", "das", "del", "della", "di", "du", "van", "von",
                        "der", "den", "la", "le", "al", "el", "bin", "ibn", "ter", "ten", "st."])
#: The parent keys of a FHIR reference to a person, whose "display" is that person's name.
_PERSON_REFERENCES = frozenset(
    ["subject", "patient", "beneficiary", "subscriber", "policyholder", "actor", "individual",
     "requester", "member", "guarantor", "insured", "party", "who", "attester", "informant"])
#: Values of a person key that name a role, not a person.
_ROLE_WORDS = frozenset(["self", "same", "unknown", "none", "null", "other", "primary",
                         "secondary", "spouse", "child", "parent", "test", "user", "admin",
                         "system", "patient", "member", "guest", "anonymous", "default"])


def _name_words(words: list[str]) -> bool:
    """Whether words read as a person's full name: two to five, the last a full word, all
    in title case or all in capitals (initials before it, particles between), and
    every full word a listed given or family name or no ordinary word ("Front Desk",
    "Insulin Pump" are not names; "AUTUMN HUNT", "Pat P Rivers" are). A middle initial
    vouches for ordinary words around it ("Sky F. Fox"); a family name written first,
    with its comma, may end with an initial ("Van Buren, Pearl L")."""
    if not 2 <= len(words) <= 5:
        return False
    inverted = sum(word.endswith(",") for word in words[:-1]) == 1
    if inverted:  # (a comma elsewhere fails the letters' check below)
        words = [word.removesuffix(",") for word in words]
    lex = lexicon()
    caps = words[-1].isupper() and len(words[-1].rstrip(".")) > 1
    initial = any(len(w.rstrip(".")) == 1 and w[:1].isupper() for w in words[1:-1])
    last_initial = inverted and len(words[-1].rstrip(".")) == 1 and words[-1][:1].isupper()
    if last_initial:
        words = words[:-1]
        caps = words[-1].isupper() and len(words[-1]) > 1
        if len(words) < 2:
            return False
    for i, word in enumerate(words):
        bare = word.rstrip(".")
        low = bare.lower()
        if len(bare) == 1 and bare.isupper() and i < len(words) - 1:
            continue  # an initial ("M. dos Santos", "Pat P Rivers")
        if low in _PARTICLES and ((word.islower() and 0 < i < len(words) - 1) or (
                inverted and i == 0 and word[:1].isupper())):
            continue  # "Ortiz y Pino", "Van Buren, Pearl"
        letters = bare.replace("-", "").replace("'", "")
        if len(bare) < 2 or bare != word or not letters.isalpha() or low in _ROLE_WORDS:
            return False
        if (bare.isupper() != caps) or not bare[:1].isupper():
            return False
        if not caps and not any(ch.islower() for ch in bare):
            return False
        if not (low in lex.first or low in lex.last or (
                not lex.is_ordinary(low) and low not in lex.function) or (
                initial and low not in lex.function and low not in lex.blocked)):
            return False
    return True


def _person_value(text: str, match: Groups) -> tuple[int, int, str] | None:
    """A person's name under a person key (see KEY_FIELD_PATTERN): the whole value, quoted
    or up to the end of its cell or line."""
    (ks, ke), (vs, ve) = match[24], (match[26] if match[26][0] >= 0 else match[27])
    key = text[ks:ke].strip("\\\"'").lower()
    if key == "display":
        parent = parent_key(text, ks)
        if parent is None or _camel_parts(parent).rsplit("_", 1)[-1] not in _PERSON_REFERENCES:
            return None
    words: list[tuple[int, int]] = []
    pos = vs
    for word in text[vs:ve].split(" "):
        if word:
            words.append((pos, pos + len(word)))
        pos += len(word) + 1
    quoted = match[25][0] >= 0
    if quoted and text[ve : ve + 1] not in ("\"", "'", "\\"):
        return None  # a quoted value that holds more than a name
    if words and text[words[0][0] : words[0][1]].lower() in _HONORIFICS:
        words = words[1:]
    if not words or not _name_words([text[s:e] for s, e in words]):
        return None
    return words[0][0], words[-1][1], "NAME"


#: The url of a FHIR extension that holds an age, just before its value[x]:
#: {"url": "http://example.org/fhir/age-at-encounter", "valueInteger": 97}.
_FHIR_AGE_URL = Regex(
    r"[\"']url[\"'][ ]*:[ ]*[\"'][^\"'\s]*[/\-_.](?:patient[\-_]?)?age(?:[\-_][a-z\-_]*)?[\"']"
    r"[ ]*,[ ]*[\"']$")


def _cued_name(text: str, vs: int, ve: int) -> tuple[int, int, str] | None:
    """The longest run of title-case words after a log line's person cue that reads as a
    name ("matched patient Sunny Bush dob=..."): not a function word, as Title Case speech
    puts after its cue ("I'm The Patient Well My Full Name Is ...")."""
    words = text[vs:ve].replace("+", " ").split(" ")
    lex = lexicon()
    # (The second word counts where more title-case words follow or the first is a
    # function word too: a log line's name ends before its lowercase verb, "Caller
    # Meskerem Love requested a refill"; "patient Will Be seen" is no name.)
    second = len(words) > 2 or words[0].lower() in lex.function
    if any(w.lower() in lex.function and w.lower() in lex.blocked
           for w in words[: 2 if second else 1]):
        return None
    for n in range(len(words), 1, -1):
        if _name_words(words[:n]):
            return vs, vs + len(" ".join(words[:n])), "NAME"
    return None


def _fhir_age(text: str, ks: int, parts: list[str]) -> bool:
    """Whether a camelCase key's parts are a FHIR value[x] whose extension's url (just
    before it) names an age."""
    return parts[0] == "value" and len(parts) == 2 and _FHIR_AGE_URL.search(
        text[max(0, ks - 160) : ks]) is not None


def _underscore_name(key: str, value: str) -> bool:
    """Whether ``value`` ("Kinsley_Ferreira") is a person's name under ``key``: a name key
    vouches for it; a person key ("caller", "member") needs words that look like a name."""
    key = key.lower()
    if _vouches(key.replace("-", "_").replace(".", "_")):
        return True
    if key.replace("-", "_").replace(".", "_").rsplit("_", 1)[-1] not in _PERSON_KEYS:
        return False
    return _looks_like_name(value.replace("_", " ").replace(",", " "))

#: A name's value in an XML element: words of letters, maybe with hyphens, apostrophes,
#: periods (an initial) and spaces.
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'\-.]*(?:[ '\-.]+[^\W\d_]+)*\.?")
#: An XML tag: its slash if it closes, its name (without a namespace prefix), its slash if
#: it is empty.
_XML_TAG = re.compile(r"<(/?)(?:[A-Za-z][A-Za-z0-9]*:)?([A-Za-z][A-Za-z0-9_\-]*)[^<>]*?(/?)>")


def _xml_parent(text: str, pos: int) -> str | None:
    """The name of the innermost XML element open at ``pos`` (looking a few hundred
    characters back), or None."""
    depth = 0
    for tag in reversed(list(_XML_TAG.finditer(text, max(0, pos - 300), pos + 1))):
        if tag[3]:
            continue
        if tag[1]:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return tag[2]
    return None


@lru_cache(maxsize=1024)
def _short_member_key(value: str) -> str | None:
    """The label of a value under an escaped "mem" key: a member id when it reads as one (a
    letter, then seven digits or more: "U5524141101"), not a memory's size ("512Mi")."""
    if value[:1].isalpha() and value[1:].isdigit() and len(value) >= 8:
        return "MEMBER_ID"
    return None


def _key_label(key: str) -> str | None:
    """Return the label a (lowercase) key names, trying its whole, then its tail parts."""
    known, label = _cue_label(key)
    if known:
        return label
    parts = key.replace(".", "_").replace("-", "_").split("_")
    for i in range(1, len(parts)):
        known, label = _cue_label("_".join(parts[i:]))
        if known:
            if label == "SSN" and not _CARD_PARTS.isdisjoint(parts[:i]):
                return "CREDIT_CARD"  # "card_last4": a card's last four digits
            return label
    if key in ("identifier", "identifiers"):  # FHIR's Patient.identifier: a record number
        return "MRN"
    if parts[-1] == "patient":  # "patient": {"id": "5502918"}: the patient's record number
        return "MRN"
    if parts[-1] in ("coverage", "coverages"):
        # A coverage (FHIR's Coverage, an eligibility reply's "coverages": [...]) is a
        # person's membership of a plan: the id it holds is a member id.
        return "MEMBER_ID"
    if key.endswith("4") and key[-2:-1].isalpha():
        # "ssn4", "card4": the last four digits of the number the cue names
        label = _key_label(key[:-1])
        return label if label in ("SSN", "CREDIT_CARD") else None
    if len(parts) > 2 and parts[-2:] in (["on", "file"], ["of", "record"]):
        return _key_label("_".join(parts[:-2]))  # "dl_on_file": the cue before
    if len(parts) > 1 and (parts[-1] in _TAIL_WORDS or len(parts[-1]) == 1):
        return _key_label("_".join(parts[:-1]))  # "dl_number", "mrn_b": the cue before
    return None


#: Parts of a key before "last4" that make it a card's last four digits, not an SSN's.
_CARD_PARTS = frozenset(["card", "cc", "pan", "payment", "visa", "amex", "mastercard", "debit",
                         "credit"])
#: The generic last parts of a key that _KEY_TAIL reads (a letter or digit too).
_TAIL_WORDS = frozenset(["number", "num", "no", "id", "ref", "full"])
#: Labels whose identifier may be written in capitals with few digits ("FJNUZQG2ME").
_CODE_LABELS = frozenset(["MEMBER_ID", "LICENSE_OR_DEVICE_ID", "MRN", "ACCOUNT"])


def _is_code(value: str, label: str) -> bool:
    """Whether ``value`` is an identifier of ``label`` written as one token of 8 to 20
    capitals and digits with at least one of each ("FJNUZQG2ME", "6BT6PAQB3K"): what a
    member id or a serial number looks like under a key (or a qualifier) that names it."""
    return (
        label in _CODE_LABELS and 8 <= len(value) <= 20 and value.isascii()
        and value.isalnum() and value.upper() == value
        and any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value)
    )


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _camel_parts(key: str) -> str:
    """Return a camelCase key as lowercase words joined by "_" ("patientMRNNumber" ->
    "patient_mrn_number")."""
    words: list[str] = []
    for i, ch in enumerate(key):
        boundary = ch.isupper() and i > 0 and (
            not key[i - 1].isupper() or (i + 1 < len(key) and key[i + 1].islower()))
        if boundary or not words:
            words.append(ch)
        else:
            words[-1] += ch
    return "_".join(words).lower()


#: A patient named in a line by a log's key ('patient="Sharp, Mark"', '"pt": "Nour Choi"',
#: "pt_name=", "dob="): what makes a bare "record=" key's value a record number.
_PATIENT_IN_LINE = Regex(
    r"\b(?:patient|pt|mrn|dob)(?:[_\-](?:name|id|ref|mrn|dob))?[\"']?[ ]*[:=]"
    # A message stream's topic that is about patients ("topic=patient.updated key=...").
    r"|\btopic[\"']?[ ]*[:=][ ]*[\"']?(?:[a-z0-9_\-]+[._])*patients?\b")
#: How far around a "record=" value its line is read.
_LINE_CHARS = 200


def _record_key(text: str, vs: int, ve: int) -> bool:
    """Whether a bare "record"/"chart" key's value (``text[vs:ve]``) is a patient's record
    number: an identifier with letters and digits, or six or more digits, in a line that
    names a patient (an audit log's ``record=K256L8699 patient="Sharp, Mark"``)."""
    value = text[vs:ve]
    if _digit_count(value) < 6 and not (_digit_count(value) >= 4 and any(
            ch.isalpha() for ch in value)):
        return False
    lo = max(0, vs - _LINE_CHARS)
    hi = min(len(text), ve + _LINE_CHARS)
    cut = text.rfind("\n", lo, vs)
    lo = lo if cut < 0 else cut + 1
    cut = text.find("\n", ve, hi)
    hi = hi if cut < 0 else cut
    return _PATIENT_IN_LINE.search(text[lo:hi]) is not None


#: A GraphQL field named for a person that takes a variable as an argument: "member(id:
#: $id)", "patient(mrn: $ref)" (the variable's name in group 1).
_PERSON_FIELD_VARIABLE = re.compile(
    r"\b[a-z_]*(?:patient|member|subscriber|beneficiary)s?[ ]*\([^()]{0,80}?:[ ]*\$([a-z_]\w*)",
    re.IGNORECASE)
#: How far before a GraphQL request's variables its query is looked for.
_QUERY_CHARS = 400


def _generic_label(text: str, ks: int, ke: int) -> str | None:
    """The label of a generic key's value (its key at ``ks:ke``), named by the object
    around it; a GraphQL variable's by the field it feeds (:func:`_graphql_variable`)."""
    parent = parent_key(text, ks - 1)
    if parent == "variables":
        return _graphql_variable(text, ks, text[ks:ke])
    return _key_label(parent) if parent is not None else None


def _graphql_variable(text: str, ks: int, name: str) -> str | None:
    """The label of a GraphQL request's variable ``name`` (its key at ``ks``, inside
    ``"variables": {...}``): MEMBER_ID (MRN for a patient) when the query before it passes
    the variable to a field named for a person (``member(id: $id)``), else None."""
    for found in _PERSON_FIELD_VARIABLE.finditer(text[max(0, ks - _QUERY_CHARS) : ks]):
        if found[1] == name:
            return "MRN" if "patient" in found[0].lower() else "MEMBER_ID"
    return None


def _call_or_record(text: str, match: Groups) -> tuple[int, int, str] | None:
    """The id argument of a call named for a person ('updatePatient(id: "K083B1462")'), a
    bare "record" key's value in a line that names a patient (see _record_key), or a
    serial in capitals with two or more digits and a letter ('"serial": "76PVED"')."""
    if match[34][0] >= 0:
        vs, ve = match[34]
        digits = _digit_count(text[vs:ve])
        return (vs, ve, "LICENSE_OR_DEVICE_ID") if 2 <= digits < ve - vs else None
    if match[30][0] >= 0:
        (vs, ve), label = match[31], (
            "MRN" if text[match[30][0] : match[30][1]].lower() == "patient" else "MEMBER_ID")
    else:
        vs, ve = match[33]
        if not _record_key(text, vs, ve):
            return None
        label = "MRN"
    if _digit_count(text[vs:ve]) < _MIN_DIGITS[label] and not _is_code(text[vs:ve], label):
        return None
    return vs, ve, label


def _key_field(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    group = next((g for g in (1, 7, 9, 11) if match[g][0] >= 0), 0)
    if group:
        (ks, ke), (vs, ve) = match[group], match[group + 1]
        if text[vs : vs + 4] == "Str(":  # an OpenTelemetry attribute's value in its type
            vs, ve = vs + 4, ve - 1
        key = text[ks:ke].strip("\\\"'")
        key = _camel_parts(key) if group in (7, 9) else key.lower()
        parts = key.replace(".", "_").replace("-", "_").split("_")
        if "age" in parts or (group == 7 and _fhir_age(text, ks, parts)):
            value = text[vs:ve]
            return (vs, ve, "AGE_OVER_89") if value.isdigit() and 90 <= int(value) <= 119 else None
        label = _key_label(key) if key != "mem" else _short_member_key(text[vs:ve])
    elif match[13][0] >= 0:  # "Ins: <payer> #<number>"
        (vs, ve), label = match[13], "MEMBER_ID"
    elif match[14][0] >= 0:  # "elig:<number>"
        (ks, ke), (vs, ve) = match[14], match[15]
        cue = text[ks:ke].lower()
        label = "MEMBER_ID" if cue.startswith(("elig", "mbr")) else _cue_label(cue)[1]
    elif match[16][0] >= 0:  # "patient=<record number>" or "patient=First_Last"
        vs, ve = match[16]
        if "_" in text[vs:ve] and not any(ch.isdigit() for ch in text[vs:ve]):
            return vs, ve, "NAME"
        label = "MRN"
    elif match[17][0] >= 0:  # "placard <number>"
        (vs, ve), label = match[17], "LICENSE_OR_DEVICE_ID"
    elif match[20][0] >= 0:  # <Id> inside <Member>
        (ks, _), (vs, ve) = match[20], match[21]
        parent = _xml_parent(text, ks - 1)
        label = _key_label(_camel_parts(parent)) if parent is not None else None
    elif match[22][0] >= 0:  # <ns2:Last>Eriksen</ns2:Last>
        vs, ve = match[23]
        value = text[vs:ve].strip()
        vs += len(text[vs:ve]) - len(text[vs:ve].lstrip())
        if not 2 <= len(value) <= 60 or _NAME_VALUE.fullmatch(value) is None:
            return None
        return vs, vs + len(value), "NAME"
    elif match[24][0] >= 0:  # a person key's name
        return _person_value(text, match)
    elif match[28][0] >= 0 or match[29][0] >= 0:  # "patient Sunny Bush", "this+is+Idris+..."
        return _cued_name(text, *(match[28] if match[28][0] >= 0 else match[29]))
    elif match[30][0] >= 0 or match[32][0] >= 0 or match[34][0] >= 0:
        return _call_or_record(text, match)
    elif match[18][0] >= 0:  # "<person key>=First_Last"
        (ks, ke), (vs, ve) = match[18], match[19]
        return (vs, ve, "NAME") if _underscore_name(text[ks:ke], text[vs:ve]) else None
    elif match[3][0] >= 0 or match[35][0] >= 0:  # a generic key, or a GraphQL variable
        (ks, ke), (vs, ve) = (match[3], match[4]) if match[3][0] >= 0 else (match[35], match[36])
        label = _generic_label(text, ks, ke)
    else:
        (ks, ke), (vs, ve) = match[5], match[6]
        known, label = _cue_label(text[ks:ke])
        if not known:
            return None
    if label is None or label not in _MIN_DIGITS or _quantity_after(text, ve):
        return None
    ve = _value_end(text, vs, ve, label)
    digits = _digit_count(text[vs:ve])
    if (digits < _MIN_DIGITS[label] and not _is_code(text[vs:ve], label) and not (
            label == "LICENSE_OR_DEVICE_ID" and _plate(text, vs, ve))) or (
            label == "ZIP" and digits not in (5, 9)):
        return None
    if label == "PHONE":
        return None  # the phone detectors judge phone numbers by their shape
    return vs, ve, label


def _value_end(text: str, vs: int, ve: int, label: str) -> int:
    """Where a spaced value ends: at its first space after a whole date ("dob=1968-10-23
    HTTP/1.1") or in a URL query, whose values hold no space ("?mrn=77120 200 12ms")."""
    if " " not in text[vs:ve]:
        return ve
    space = text.index(" ", vs)
    if (label == "DATE" and _digit_count(text[vs:space]) >= 6) or _query_value(text, vs):
        return space
    return ve


def _query_value(text: str, vs: int) -> bool:
    """Whether ``vs`` starts the value of a URL query's parameter ("?mrn=", "&patient_id="),
    which holds no space (a request line goes on after it: "... 200 12ms")."""
    if text[vs - 1 : vs] != "=":
        return False
    ks = vs - 1
    while ks > max(0, vs - 48) and (text[ks - 1].isalnum() or text[ks - 1] in "_.-"):
        ks -= 1
    return text[ks - 1 : ks] in ("?", "&") and "/" in text[max(0, ks - 200) : ks]


def _plate(text: str, vs: int, ve: int) -> bool:
    """Whether ``text[vs:ve]``, after a plate cue, has a licence plate's shape with fewer
    digits than other identifiers need: five to eight letters and digits, one or two
    groups, both kinds ("RGK 7J3", "BX7 2KD")."""
    value = text[vs:ve]
    chars = value.replace(" ", "").replace("-", "")
    return (
        "plate" in text[max(0, vs - 24) : vs].lower() and 5 <= len(chars) <= 8
        and chars.isalnum() and value.count(" ") + value.count("-") <= 1
        and any(ch.isdigit() for ch in chars) and any(ch.isalpha() for ch in chars))


#: An HL7 v2 segment about the patient, from its second field to its end: PID (patient
#: identification: identifiers, name, birth date, address, phones, account, SSN, licence),
#: IN1 (insurance: policy and group numbers, the insured's name and address), NK1 (next of
#: kin: name, address, phones) and GT1 (guarantor: the same, and an SSN). The
#: segment id in capitals opens the text or a line, or follows the carriage return (HL7's
#: own separator) written as is or escaped ("\\r", as a JSON log line holds a message), or
#: any character that is not a letter or digit (a quote, a space where a log joined the
#: segments): "PIDX|" or "rapid|" are not segments.
HL7_PATTERN = (
    r"(?:^|[^a-z0-9]|\\[rn])(?-i:PID|IN1|NK1|GT1)\|[^|\r\n\\]*\|"
    r"([^\r\n\\]*[^|^~\r\n\\][^\r\n\\]*)"
)


#: The label of each segment's finding: what identifies the person in it first.
_SEGMENT_LABELS = {"PID": "MRN", "IN1": "MEMBER_ID", "NK1": "NAME", "GT1": "NAME"}


def _hl7_segment(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    # Nearly every field of these segments identifies the patient, and the components of
    # one field (an address's street, city, state and ZIP) are split by "^" only: the
    # segment's fields are one finding, not a parse that a malformed message could evade.
    # The segment id ends at the first "|" after the match's first character (which may
    # be the "|" of a segment before).
    segment = text.index("|", match[0][0] + 1) - 3
    label = _SEGMENT_LABELS.get(text[segment : segment + 3], "MRN")
    value = text[start:end]
    quote = text[match[0][0]]
    if quote in "\"'" and quote in value:  # a quoted segment ends at its closing quote
        value = value[: value.index(quote)]
    lead = len(value) - len(value.lstrip("|^~ "))
    return start + lead, start + len(value.rstrip("|^~ ")), label


#: Identifiers that X12 and HL7 v2 segments, and vCard properties, name by position or
#: qualifier, not by a key:
#:
#: - X12 ``NM1`` (a party's name) whose identification code qualifier (NM108) is ``MI``
#:   (member identification number), ``II`` (unique health identifier) or ``34`` (SSN):
#:   NM109 is that identifier (``NM1*IL*1*DOE*JO****MI*W123456789~``).
#: - X12 ``REF`` whose qualifier names a person's number: ``1W`` member, ``0F`` subscriber,
#:   ``IG`` insurance policy, ``1L`` group or policy, ``F6`` Medicare (HICN), ``SY`` SSN,
#:   ``EJ`` patient account, ``EA`` medical record.
#: - X12 ``CLM``: CLM01 is the patient control (account) number.
#: - HL7 v2 segments with fields that name a person (see ``_HL7_PERSON_FIELDS``): a
#:   clinician's XCN (``|2698827252^AZIZ^TRAVIS^^^DR|``: the id, an NPI or a local provider
#:   number, is LICENSE_OR_DEVICE_ID; family, given and middle names are NAME, whatever the
#:   words: ``GREEN``, ``SMALL``), a contact's XPN name, MRG's prior patient name.
#:   PV1-19 is the visit number (an account). PV1-18 is a short patient-type code in the
#:   standard; a value there with four or more digits is a visit number written one field
#:   early, and is taken too.
#: - vCard properties after a ``BEGIN:VCARD``: ``FN``, ``N`` and ``NICKNAME`` (NAME), ``ADR``
#:   (post box, extended address, street and city: ADDRESS; postal code: ZIP; the region
#:   and country are not findings); an iCalendar ``ATTENDEE`` or ``ORGANIZER``'s ``CN``
#:   parameter (NAME).
#:
#: Segment ids are capitals (case-sensitive) after the text's start or a character that is
#: not a capital or a digit (a segment terminator, a line break, an escaped "\\r"). One
#: match may hold several findings: ``refine`` returns the first, ``expand`` the others.
SEGMENT_ID_PATTERN = (
    r"(?:^|[^A-Z0-9])(?:NM1(\*[^~\r\n]{1,400})"
    r"|(?:REF\*(1W|0F|IG|1L|F6|SY|EJ|EA)|(CLM|CLP))\*([^*~\r\n]+))"
    r"|(?:^|[^A-Z0-9])(PV1|PV2|ORC|OBR|OBX|PD1|EVN|ROL|AIP|RXO|RXE|RXD|RXA|DG1|PR1|FT1|TXA"
    r"|SCH|PRT|PRD|CTD|MRG)\|([^\r\n]*)"
    r"|(?:(?m:^)|\r|\\n)(?:item[0-9]{1,3}\.)?(FN|N|NICKNAME|ADR)(?:;[^:\r\n]{0,120})?:"
    r"((?:[^\r\n\\]|\\[^rn])*)"
    r"|(?:(?m:^)|\r|\\n)(?:ATTENDEE|ORGANIZER)[^:\r\n]{0,200}?;CN=\"?([^;:\"\r\n\\]{1,80})"
    # X12 N3 (a party's street address) and N4 (its city, state and postal code).
    r"|(?:^|[~\r\n])(N3|N4)\*([^~\r\n]{1,200})"
    # The front of an insurance card read by OCR, in capitals: "MEMBER JANE Q. DOE ID
    # W123456789" (the name between the member cue and the id cue, the id after it).
    r"|\b(?:MEMBER|SUBSCRIBER|INSURED|ENROLLEE)(?:[ ]NAME)?[ ]*:?[ ]+"
    r"([A-Z][A-Z'\-]*\.?(?:[ ][A-Z][A-Z'\-]*\.?){1,4})[ ]+(?:MEMBER[ ])?ID(?:[ ]?#|[ ]NO\.?)?"
    r"[ ]*:?[ ]*([A-Z0-9][A-Z0-9\-]{4,24})\b"
)

#: Where SEGMENT_ID_PATTERN can match: the segment ids it reads, a vCard.
SEGMENT_ID_TRIGGER = (
    r"(?:NM1|REF|CLM|CLP|N3|N4)\*|(?:MEMBER|SUBSCRIBER|INSURED|ENROLLEE)[ :]"
    r"|(?:PV1|PV2|ORC|OBR|OBX|PD1|EVN|ROL|AIP|RXO|RXE|RXD|RXA|DG1|PR1|FT1"
    r"|TXA|SCH|PRT|PRD|CTD|MRG)\||BEGIN:VCARD|(?:ATTENDEE|ORGANIZER)[^:\r\n]*;CN="
)
SEGMENT_ID = "segment_id"

#: The label of each X12 qualifier of SEGMENT_ID_PATTERN.
_X12_LABELS = {
    "MI": "MEMBER_ID", "II": "MEMBER_ID", "34": "SSN", "1W": "MEMBER_ID", "0F": "MEMBER_ID",
    "IG": "MEMBER_ID", "1L": "MEMBER_ID", "F6": "MEMBER_ID", "SY": "SSN", "EJ": "ACCOUNT",
    "EA": "MRN", "CLM": "ACCOUNT",
    # An 835 remittance's claim payment (CLP01 is the patient's control number, as CLM01).
    "CLP": "ACCOUNT", "XX": "LICENSE_OR_DEVICE_ID",
}

#: The fields of HL7 v2 segments that name a person, by (1-based) field number: "XCN" a
#: clinician or operator (id, family, given, middle, ...), "XPN" a name (family, given,
#: middle), "NDL" a clinician as subcomponents (``id&FAMILY&GIVEN``).
_HL7_PERSON_FIELDS: dict[str, dict[int, str]] = {
    "PV1": {7: "XCN", 8: "XCN", 9: "XCN", 17: "XCN", 52: "XCN"},
    "PV2": {13: "XCN"},
    "ORC": {10: "XCN", 11: "XCN", 12: "XCN", 19: "XCN"},
    "OBR": {10: "XCN", 16: "XCN", 28: "XCN", 32: "NDL", 33: "NDL", 34: "NDL", 35: "NDL"},
    "OBX": {16: "XCN"},
    "PD1": {4: "XCN"},
    "EVN": {5: "XCN"},
    "ROL": {4: "XCN"},
    "AIP": {3: "XCN"},
    "RXO": {14: "XCN"},
    "RXE": {13: "XCN"},
    "RXD": {10: "XCN"},
    "RXA": {10: "XCN"},
    "DG1": {16: "XCN"},
    "PR1": {11: "XCN", 12: "XCN"},
    "FT1": {20: "XCN", 21: "XCN"},
    "TXA": {5: "XCN", 9: "XCN", 10: "XCN", 11: "XCN", 22: "XCN", 23: "XCN"},
    "SCH": {12: "XCN", 13: "XCN", 16: "XCN", 17: "XCN", 20: "XCN"},
    "PRT": {5: "XCN"},
    "PRD": {2: "XPN"},
    "CTD": {2: "XPN"},
    "MRG": {7: "XPN"},
}
#: A name component: letters, maybe joined by spaces, hyphens, apostrophes or periods.
_NAME_PART = re.compile(r"[A-Za-z][A-Za-z'\- .]*")
#: A family or given name in full: a word of two or more letters (maybe three, joined).
_FULL_NAME_PART = re.compile(r"[A-Za-z][A-Za-z'\-]+(?: [A-Za-z][A-Za-z'\-]+){0,2}")
#: A segment ends at an escaped line break too, or at a closing quote (a message inside a
#: JSON string).
_SEGMENT_END = re.compile(r"\\[rn]|\"(?=[\s,}\]]|$)")


def _x12_span(text: str, match: Groups) -> tuple[int, int, str] | None:
    qualifier = next(match[g] for g in (2, 3) if match[g][0] >= 0)
    label = _X12_LABELS[text[qualifier[0] : qualifier[1]]]
    return _leading_value(text, match[4], label)


def _elements(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the ``*``-separated elements of ``text[start:end]`` (which opens with
    the first separator)."""
    out: list[tuple[int, int]] = []
    pos = start + 1
    while pos <= end:
        cut = text.find("*", pos, end)
        out.append((pos, end if cut < 0 else cut))
        if cut < 0:
            break
        pos = cut + 1
    return out


#: An X12 name element: a word of capitals or letters (a family, given or middle name).
_X12_NAME = re.compile(r"[A-Za-z][A-Za-z' .\-]*")


def _nm1(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The findings of an X12 NM1 segment's elements: a person's (NM102 ``1``) family,
    given and middle names (NM103-NM105), and the identifier NM109 whose qualifier NM108
    names it (``MI`` member id, ``34`` SSN, ``XX`` a provider's NPI)."""
    parts = _elements(text, start, end)
    out: list[tuple[int, int, str]] = []
    if len(parts) >= 3 and text[parts[1][0] : parts[1][1]] == "1":
        for s, e in parts[2:5]:
            if e - s >= 1 and _X12_NAME.fullmatch(text[s:e]) is not None:
                out.append((s, e, "NAME"))
    if len(parts) >= 9:
        label = _X12_LABELS.get(text[parts[7][0] : parts[7][1]])
        if label is not None:
            found = _leading_value(text, parts[8], label)
            if found is None and _is_code(text[parts[8][0] : parts[8][1]], label):
                found = (*parts[8], label)
            if found is not None:
                out.append(found)
    return out


def _n3_n4(text: str, kind: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The findings of an X12 N3 segment (street address lines: ADDRESS) or N4 (city:
    ADDRESS; postal code: ZIP), when the NM1 segment before it names a person (a payer's
    or a clinic's address is no one's)."""
    nm1 = text.rfind("NM1*", max(0, start - 600), start)
    if (nm1 < 0 or not text.startswith("1*", text.find("*", nm1 + 4) + 1)) and not (
            kind == "N4" and _after_street(text, start - 3)):
        return []
    parts = _elements(text, start - 1, end)
    out: list[tuple[int, int, str]] = []
    if kind == "N3":
        for s, e in parts[:2]:
            if any(ch.isalpha() for ch in text[s:e]):
                out.append((s, e, "ADDRESS"))
        return out
    if parts and _X12_NAME.fullmatch(text[parts[0][0] : parts[0][1]]) is not None:
        out.append((*parts[0], "ADDRESS"))
    if len(parts) >= 3:
        s, e = parts[2]
        if _digit_count(text[s:e]) in (5, 9) and e - s <= 10:
            out.append((s, e, "ZIP"))
    return out


#: An X12 N3 segment whose first element is a house number and a street with its type
#: ("N3*3960 CEDAR BLUFF TER"), up to the end of the segment.
_X12_STREET = Regex(
    rf"N3\*[0-9]{{1,6}}[a-z]?[ ](?:[a-z0-9'.\-]+[ ]){{0,4}}{_STREET_TYPE}\b[^~\r\n]*[~\r\n]*$")


def _after_street(text: str, segment: int) -> bool:
    """Whether the X12 segment before the one at ``segment`` is an N3 holding a street
    address (a street the address detectors find whoever's it is: its N4's city and ZIP
    go with it)."""
    return _X12_STREET.search(text[max(0, segment - 120) : segment]) is not None


def _leading_value(text: str, field: tuple[int, int], label: str) -> tuple[int, int, str] | None:
    """The first component of a field, if it has the digits an identifier of ``label`` needs."""
    field_start, field_end = field
    value = text[field_start:field_end].partition("^")[0]  # a CX field: its first part
    vs = field_start + len(value) - len(value.lstrip())
    ve = field_start + len(value.rstrip())
    if vs < ve and _digit_count(text[vs:ve]) >= _MIN_DIGITS[label]:
        return vs, ve, label
    return None


def _person_components(
    text: str, start: int, end: int, kind: str
) -> list[tuple[int, int, str]]:
    """The findings in one repetition of an XCN, XPN or NDL value at ``text[start:end]``."""
    sep = "&" if kind == "NDL" else "^"
    bounds: list[tuple[int, int]] = []
    pos = start
    while len(bounds) < 4:
        cut = text.find(sep, pos, end)
        bounds.append((pos, end if cut < 0 else cut))
        if cut < 0:
            break
        pos = cut + 1
    out: list[tuple[int, int, str]] = []
    if kind != "XPN":
        ids, bounds = bounds[0], bounds[1:]
        if _digit_count(text[ids[0] : ids[1]]) >= 3 and ids[1] - ids[0] <= 20:
            out.append((ids[0], ids[1], "LICENSE_OR_DEVICE_ID"))
    names = bounds[:3]
    if not names or _NAME_PART.fullmatch(text[names[0][0] : names[0][1]]) is None:
        return []  # no family name: a code (a location, an order), not a person
    if kind == "XCN!" and not (out and len(names) >= 2 and _FULL_NAME_PART.fullmatch(
            text[names[0][0] : names[0][1]]) and _FULL_NAME_PART.fullmatch(
            text[names[1][0] : names[1][1]])):
        return []  # a field one place early must show id^FAMILY^GIVEN in full
    last = names[0]
    for part in names[1:]:
        value = text[part[0] : part[1]]
        if value and _NAME_PART.fullmatch(value) is None:
            break
        if value:
            last = part
    if len(text[names[0][0] : last[1]].replace("^", "").replace("&", "")) >= 2:
        out.append((names[0][0], last[1], "NAME"))
    return out


def _hl7_persons(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The findings in the HL7 segments of ``text[start:end]`` (one segment, or several
    where escaped line breaks join them)."""
    out: list[tuple[int, int, str]] = []
    pos = start
    while pos < end:
        cut = _SEGMENT_END.search(text, pos, end)
        seg_end = end if cut is None else cut.start()
        out.extend(_segment_persons(text, pos, seg_end))
        pos = end if cut is None else cut.end()
    return out


def _segment_persons(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    fields = _HL7_PERSON_FIELDS.get(text[start : start + 3])
    if fields is None or text[start + 3 : start + 4] != "|":
        return []
    out: list[tuple[int, int, str]] = []
    visit: list[tuple[int, int]] = []
    number = 0
    pos = start + 3
    last = max(fields)
    while pos < end and number < max(last, 19):
        number += 1
        field_start = pos + 1
        cut = text.find("|", field_start, end)
        field_end = end if cut < 0 else cut
        # A field one place early holds a person only in its full shape (id, family and
        # given names): a message that left out a field before it (see _person_components).
        kind = fields.get(number) or (fields.get(number + 1) and "XCN!")
        if kind is not None and field_start < field_end:
            rep = field_start
            while rep <= field_end:
                tilde = text.find("~", rep, field_end)
                rep_end = field_end if tilde < 0 else tilde
                out.extend(_person_components(text, rep, rep_end, kind))
                rep = rep_end + 1
        if text.startswith("PV1", start) and number in (18, 19):
            visit.append((field_start, field_end))
        pos = field_end
    for field in reversed(visit):  # PV1-19, else PV1-18 (see SEGMENT_ID_PATTERN)
        found = _leading_value(text, field, "ACCOUNT")
        if found is not None:
            out.append(found)
            break
    return out


def _vcard_property(text: str, match: Groups) -> list[tuple[int, int, str]]:
    """The findings of one vCard property (FN, N, NICKNAME, ADR) after a ``BEGIN:VCARD``."""
    (ps, pe), (vs, ve) = match[7], match[8]
    if text.rfind("BEGIN:VCARD", max(0, ps - 2000), ps) < 0:
        return []
    cut = _SEGMENT_END.search(text, vs, ve)  # a vCard in a JSON string: "\\n" ends a line
    if cut is not None:
        ve = cut.start()
    name = text[ps:pe]
    parts: list[tuple[int, int]] = []
    pos = vs
    while True:
        semi = text.find(";", pos, ve)
        parts.append((pos, ve if semi < 0 else semi))
        if semi < 0:
            break
        pos = semi + 1
    out: list[tuple[int, int, str]] = []
    if name == "ADR":  # post box, extended address, street, city, region, postal code
        labels = ("ADDRESS", "ADDRESS", "ADDRESS", "ADDRESS", None, "ZIP")
        for (s, e), label in zip(parts, labels, strict=False):
            value = text[s:e].strip()
            if label is not None and any(ch.isalnum() for ch in value):
                lead = s + len(text[s:e]) - len(text[s:e].lstrip())
                out.append((lead, lead + len(value), label))
        return out
    if name == "N":  # family; given; additional names (prefixes and suffixes are not)
        parts = [(s, e) for s, e in parts[:3] if text[s:e].strip()]
        if parts and all(_NAME_PART.fullmatch(text[s:e].strip()) for s, e in parts):
            out.append((parts[0][0], parts[-1][1], "NAME"))
        return out
    value = text[vs:ve].strip()
    if 2 <= len(value) <= 80 and _NAME_PART.fullmatch(value.replace(",", "")) is not None:
        s = vs + len(text[vs:ve]) - len(text[vs:ve].lstrip())
        out.append((s, s + len(value), "NAME"))
    return out


def _match_spans(text: str, match: Groups) -> list[tuple[int, int, str]]:
    """Every finding in one match of SEGMENT_ID_PATTERN."""
    if match[1][0] >= 0:  # X12 NM1: a party's name and identifier
        return _nm1(text, *match[1])
    if match[4][0] >= 0:  # X12: the element after the qualifier (or CLM01)
        found = _x12_span(text, match)
        return [found] if found is not None else []
    if match[10][0] >= 0:  # X12 N3, N4
        return _n3_n4(text, text[match[10][0] : match[10][1]], *match[11])
    if match[12][0] >= 0:  # an insurance card's member name and id
        out = []
        ns, ne = match[12]
        if not any(w in _CARD_WORDS for w in text[ns:ne].split()):
            out.append((ns, ne, "NAME"))
        vs, ve = match[13]
        if _digit_count(text[vs:ve]) >= 4:
            out.append((vs, ve, "MEMBER_ID"))
        return out
    if match[5][0] >= 0:
        return _hl7_persons(text, match[5][0], match[6][1])
    if match[9][0] >= 0:  # an iCalendar attendee's or organizer's common name
        vs, ve = match[9]
        value = text[vs:ve].strip()
        if _NAME_PART.fullmatch(value) is None or len(value) < 2:
            return []
        vs += len(text[vs:ve]) - len(text[vs:ve].lstrip())
        return [(vs, vs + len(value), "NAME")]
    return _vcard_property(text, match)


#: Words an insurance card prints in capitals that are no part of a member's name.
_CARD_WORDS = frozenset(
    ["NAME", "NUMBER", "GROUP", "PLAN", "PCP", "COPAY", "RX", "EFFECTIVE", "DATE", "DOB",
     "CARD", "HEALTH", "INSURANCE", "PPO", "HMO", "EPO", "SERVICES", "SERVICE", "SUPPORT",
     "PORTAL", "CENTER"])


def _segment_id(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    found = _match_spans(text, match)
    return found[0] if found else None


_SEGMENT_FINDER = compile_re2(SEGMENT_ID_PATTERN, case_sensitive=True)


def _segment_more(text: str, spans: Sequence[Span]) -> list[Span]:
    """Every finding of every match in ``text``, if the detector found one (``refine``
    returns a match's first finding only)."""
    if not any(span[3] == SEGMENT_ID for span in spans):
        return []
    out: list[Span] = []
    for match in _SEGMENT_FINDER.finditer(ascii_bytes(text)):
        groups = [match.span(g) for g in range(_SEGMENT_FINDER.groups + 1)]
        out.extend((s, e, label, SEGMENT_ID) for s, e, label in _match_spans(text, groups))
    return out


#: A JSON list of strings under a cue key, to its first element: ``"serials": ["PJN80542",``
#: (a plural key too). ``expand`` reads the elements after it (see :func:`_list_elements`).
KEY_LIST_PATTERN = (
    rf"{_QUOTE}({_KEY_PREFIX}*(?:{_CUE_WORDS})s?){_QUOTE}[ ]*:[ ]*\[[ \r\n\t]*{_QUOTE}"
    rf"({_VALUE}){_QUOTE}"
)
#: Where KEY_LIST_PATTERN can match: a list whose first string starts as an identifier
#: does (the cue words are left to the pattern: the gate stays small).
KEY_LIST_TRIGGER = r"\\?[\"'][ ]*:[ ]*\[[ \r\n\t]*\\?[\"'][a-z]{0,6}[\- ]?[0-9]"
KEY_LIST_ID = "key_list"
#: The next string element of a list, after the closing quote of the one before.
_NEXT_ELEMENT = re.compile(r"\\?[\"'][ \t\r\n]*,[ \t\r\n]*\\?[\"']([^\"'\\\n]{1,64})")
_WHOLE_VALUE = Regex(rf"^(?:{_VALUE})$")


def _value_label(text: str, vs: int, ve: int, label: str | None) -> str | None:
    """The label of an identifier under a key of ``label``, if it has the digits one needs."""
    if label is None or label not in _MIN_DIGITS or label == "PHONE":
        return None  # (the phone detectors judge phone numbers by their shape)
    digits = _digit_count(text[vs:ve])
    if (digits < _MIN_DIGITS[label] and not _is_code(text[vs:ve], label)) or (
            label == "ZIP" and digits not in (5, 9)):
        return None
    return label


def _key_list(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    (ks, ke), (vs, ve) = match[1], match[2]
    key = text[ks:ke].strip("\\\"'").lower()
    label = _key_label(key)
    if label is None and key.endswith("s"):
        label = _key_label(key[:-1])
    label = _value_label(text, vs, ve, label)
    return (vs, ve, label) if label is not None else None


def _list_elements(text: str, spans: Sequence[Span]) -> list[Span]:
    """The elements after the first of each list that ``key_list`` found, with its label:
    every element of ``"serials": ["PJN80542", "OC5-6290-4621"]`` that has an identifier's
    shape (the list ends at its first element that is not a string)."""
    out: list[Span] = []
    for _, end, label, ident in spans:
        if ident != KEY_LIST_ID:
            continue
        pos = end
        while (element := _NEXT_ELEMENT.match(text, pos)) is not None:
            vs, ve = element.span(1)
            if _WHOLE_VALUE.search(text[vs:ve]) is not None and _value_label(
                    text, vs, ve, label) is not None:
                out.append((vs, ve, label, KEY_LIST_ID))
            pos = ve
    return out


def field_detectors() -> list[PatternDetector]:
    """Return the detectors of identifiers named by the keys of structured text."""
    return [
        builtin_detector("key_field", "MRN", KEY_FIELD_PATTERN, refine=_key_field),
        builtin_detector("hl7_segment", "MRN", HL7_PATTERN, group=1, refine=_hl7_segment),
        builtin_detector(SEGMENT_ID, "MEMBER_ID", SEGMENT_ID_PATTERN, case_sensitive=True,
                         refine=_segment_id, trigger=SEGMENT_ID_TRIGGER, expand=_segment_more),
        builtin_detector(KEY_LIST_ID, "LICENSE_OR_DEVICE_ID", KEY_LIST_PATTERN, refine=_key_list,
                         trigger=KEY_LIST_TRIGGER, expand=_list_elements),
    ]
