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
- ``hl7_segment``: the fields of an HL7 v2 ``PID``, ``IN1``, ``NK1`` or ``GT1`` segment.

Patterns stay RE2 (they are rendered into the Collector config, where a generic key's
value is redacted wherever it holds an identifier: the collector cannot look at the object
around it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    Span,
    builtin_detector,
)
from phiguard._engine.detectors.spoken import _CUES, _MIN_DIGITS, _cue_label, _quantity_after
from phiguard._engine.detectors.written import parent_key

#: Cue words of every personal label (the ``None`` entry lists non-personal numbers).
_CUE_WORDS = "|".join(f"(?:{v})" for k, v in _CUES.items() if k is not None)

#: A key part before the cue: "patient_" in "patient_mrn", "billing." in "billing.zip".
_KEY_PREFIX = r"(?:[a-z0-9]+[_.\-])"
#: Keys that hold an age ("age", "age_years", "patient_age", "ageYrs").
_AGE_KEY = rf"{_KEY_PREFIX}*age(?:[_.\-]?(?:years?|yrs?|in[_.\-]years))?"
#: Keys too generic to say what their value is: the object around them does.
_GENERIC_KEY = r"number|value|id|no|num"
#: An identifier, unbroken or in groups: "MRN-70282164", "K6798 83280 64353", "970 DPY",
#: "B 926 790 309 961". Letters before the first digits are attached ("mr-123") or
#: capitals ("EUW 7235"), and a later group of letters alone must be capitals: "is 4660",
#: "... 1234 and" are words around an identifier.
_GROUP = r"(?:[0-9][0-9a-z]*|(?-i:[A-Z]{1,4}))\b"
_VALUE = rf"(?:[a-z]{{1,6}}-?|(?-i:[A-Z]{{1,4}})[ ])?[0-9][0-9a-z]*(?:[ \-./]{_GROUP})*"
#: The same, in at least two groups split by spaces (what cue_number does not read whole).
_SPACED_VALUE = (
    rf"(?:[a-z]{{1,6}}-?|(?-i:[A-Z]{{1,4}})[ ])?[0-9][0-9a-z]*(?:[\-./]{_GROUP})*"
    rf"(?:[ ]{_GROUP}(?:[\-./]{_GROUP})*)+"
    r"|(?-i:[A-Z]{1,4})[ ][0-9][0-9a-z]*"
)
#: A quote, maybe escaped (JSON inside a JSON string: ``{\"mrn\":\"M-1\"}``).
_QUOTE = r"\\?[\"']"
#: A camelCase or PascalCase key ("patientMrn", "guarantorAccount", "PatientAccount").
_CAMEL_KEY = r"(?-i:[A-Za-z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+)"

KEY_FIELD_PATTERN = (
    # A compound or age key, quoted or bare, then ":" or "=".
    rf"(?:^|[^a-z0-9_.\-])({_QUOTE}?(?:{_KEY_PREFIX}+(?:{_CUE_WORDS})|{_AGE_KEY}){_QUOTE}?)"
    rf"[ ]*[:=][ ]*{_QUOTE}?({_VALUE})"
    # A generic quoted key, named by the object around it.
    rf"|{_QUOTE}({_GENERIC_KEY}){_QUOTE}[ ]*:[ ]*{_QUOTE}?({_VALUE})"
    # A plain cue and an identifier in spaced groups: "member KEK 1363 6988".
    rf"|\b({_CUE_WORDS})\b[\"':=# ]*({_SPACED_VALUE})"
    # A quoted camelCase key ("patientMrn": "6971375") or an XML element
    # (<PatientAccount>37-143-4988</PatientAccount>), whose words are read apart.
    rf"|{_QUOTE}({_CAMEL_KEY}){_QUOTE}[ ]*:[ ]*{_QUOTE}?({_VALUE})"
    rf"|<({_CAMEL_KEY})>[ ]*({_VALUE})[ ]*<"
    # Any cue key inside escaped JSON, which cue_number does not read: {\"ssn\": \"...\"}.
    rf"|\\[\"']((?:{_KEY_PREFIX}*(?:{_CUE_WORDS})))\\[\"'][ ]*:[ ]*{_QUOTE}?({_VALUE})"
    # An insurance cue, the payer's name, then "#" and the member's number: "Ins: Acme
    # Health #KX 4410 2291" (a note's shorthand; the payer's words may be any).
    rf"|\b(?:ins|insurance|insurer|payer|coverage)[ ]*:[ ]*(?:[a-z][a-z&.'\-]*[ ]+){{1,4}}#[ ]?"
    rf"({_VALUE})"
    # A colon-joined key (a cache key, a URN) whose part right before the value is a cue,
    # or "elig"/"eligibility" (a member's eligibility, kept by member id): "elig:GA58281714".
    rf"|(?:^|[\s=\"'/:])({_CUE_WORDS}|elig(?:ibility)?|mbr):({_VALUE})"
)

@lru_cache(maxsize=1024)
def _key_label(key: str) -> str | None:
    """Return the label a (lowercase) key names, trying its whole, then its tail parts."""
    known, label = _cue_label(key)
    if known:
        return label
    parts = key.replace(".", "_").replace("-", "_").split("_")
    for i in range(1, len(parts)):
        known, label = _cue_label("_".join(parts[i:]))
        if known:
            return label
    if key in ("identifier", "identifiers"):  # FHIR's Patient.identifier: a record number
        return "MRN"
    if parts[-1] in ("coverage", "coverages"):
        # A coverage (FHIR's Coverage, an eligibility reply's "coverages": [...]) is a
        # person's membership of a plan: the id it holds is a member id.
        return "MEMBER_ID"
    return None


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


def _key_field(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    group = next((g for g in (1, 7, 9, 11) if match[g][0] >= 0), 0)
    if group:
        (ks, ke), (vs, ve) = match[group], match[group + 1]
        key = text[ks:ke].strip("\\\"'")
        key = _camel_parts(key) if group in (7, 9) else key.lower()
        parts = key.replace(".", "_").replace("-", "_").split("_")
        if "age" in parts:
            value = text[vs:ve]
            if value.isdigit() and 90 <= int(value) <= 119:
                return vs, ve, "AGE_OVER_89"
            return None
        label = _key_label(key)
    elif match[13][0] >= 0:  # "Ins: <payer> #<number>"
        (vs, ve), label = match[13], "MEMBER_ID"
    elif match[14][0] >= 0:  # "elig:<number>"
        (ks, ke), (vs, ve) = match[14], match[15]
        cue = text[ks:ke].lower()
        label = "MEMBER_ID" if cue.startswith(("elig", "mbr")) else _cue_label(cue)[1]
    elif match[3][0] >= 0:
        (ks, _), (vs, ve) = match[3], match[4]
        parent = parent_key(text, ks - 1)
        label = _key_label(parent) if parent is not None else None
    else:
        (ks, ke), (vs, ve) = match[5], match[6]
        known, label = _cue_label(text[ks:ke])
        if not known:
            return None
    if label is None or label not in _MIN_DIGITS or _quantity_after(text, ve):
        return None
    digits = _digit_count(text[vs:ve])
    if digits < _MIN_DIGITS[label] or (label == "ZIP" and digits not in (5, 9)):
        return None
    if label == "PHONE":
        return None  # the phone detectors judge phone numbers by their shape
    return vs, ve, label


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


#: Identifiers that X12 and HL7 v2 segments name by position or qualifier, not by a key:
#:
#: - X12 ``NM1`` (a party's name) whose identification code qualifier (NM108) is ``MI``
#:   (member identification number), ``II`` (unique health identifier) or ``34`` (SSN):
#:   NM109 is that identifier (``NM1*IL*1*DOE*JO****MI*W123456789~``).
#: - X12 ``REF`` whose qualifier names a person's number: ``1W`` member, ``0F`` subscriber,
#:   ``IG`` insurance policy, ``1L`` group or policy, ``F6`` Medicare (HICN), ``SY`` SSN,
#:   ``EJ`` patient account, ``EA`` medical record.
#: - X12 ``CLM``: CLM01 is the patient control (account) number.
#: - HL7 ``PV1``: PV1-19 is the visit number (an account). PV1-18 is a short patient-type
#:   code in the standard; a value there with four or more digits is a visit number
#:   written one field early, and is taken too.
#:
#: Segment ids are capitals (case-sensitive) after the text's start or a character that is
#: not a capital or a digit (a segment terminator, a line break, an escaped "\\r").
SEGMENT_ID_PATTERN = (
    r"(?:^|[^A-Z0-9])(?:NM1(?:\*[^*~\r\n]*){7}\*(MI|II|34)"
    r"|REF\*(1W|0F|IG|1L|F6|SY|EJ|EA)|(CLM))\*([^*~\r\n]+)"
    r"|(?:^|[^A-Z0-9])PV1(?:\|[^|\r\n]*){17}\|([^|\r\n]*)\|([^|\r\n]*)"
)

#: Where SEGMENT_ID_PATTERN can match: the segment ids it reads.
SEGMENT_ID_TRIGGER = r"(?:NM1|REF|CLM)\*|PV1\|"

#: The label of each X12 qualifier of SEGMENT_ID_PATTERN.
_X12_LABELS = {
    "MI": "MEMBER_ID", "II": "MEMBER_ID", "34": "SSN", "1W": "MEMBER_ID", "0F": "MEMBER_ID",
    "IG": "MEMBER_ID", "1L": "MEMBER_ID", "F6": "MEMBER_ID", "SY": "SSN", "EJ": "ACCOUNT",
    "EA": "MRN", "CLM": "ACCOUNT",
}


def _segment_id(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    if match[4][0] >= 0:  # X12: the element after the qualifier (or CLM01)
        qualifier = next(match[g] for g in (1, 2, 3) if match[g][0] >= 0)
        label = _X12_LABELS[text[qualifier[0] : qualifier[1]]]
        candidates = [match[4]]
    else:  # HL7 PV1: field 19, else field 18 (see SEGMENT_ID_PATTERN)
        label = "ACCOUNT"
        candidates = [match[6], match[5]]
    for field_start, field_end in candidates:
        value = text[field_start:field_end].partition("^")[0]  # a CX field: its first part
        vs = field_start + len(value) - len(value.lstrip())
        ve = field_start + len(value.rstrip())
        if vs < ve and _digit_count(text[vs:ve]) >= _MIN_DIGITS[label]:
            return vs, ve, label
    return None


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
    if digits < _MIN_DIGITS[label] or (label == "ZIP" and digits not in (5, 9)):
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
        builtin_detector("segment_id", "MEMBER_ID", SEGMENT_ID_PATTERN, case_sensitive=True,
                         refine=_segment_id, trigger=SEGMENT_ID_TRIGGER),
        builtin_detector(KEY_LIST_ID, "LICENSE_OR_DEVICE_ID", KEY_LIST_PATTERN, refine=_key_list,
                         trigger=KEY_LIST_TRIGGER, expand=_list_elements),
    ]
