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

from functools import lru_cache

from phiguard._engine.detectors.pattern import Groups, PatternDetector, Regex, builtin_detector
from phiguard._engine.detectors.spoken import _CUES, _MIN_DIGITS, _cue_label, _quantity_after

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
)

#: The key of the object or list that a generic key sits in: ``"drivers_license": {`` or
#: ``"identifier": [{``, just before the last unclosed brace.
_PARENT_KEY = Regex(r"[\"']?([a-z][a-z0-9_.\-]*)[\"']?[ ]*[:=][ ]*\[?[ \n]*$")
#: How far back the object around a generic key is looked for.
_PARENT_CHARS = 240


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
    return None


def _parent_key(text: str, start: int) -> str | None:
    """Return the key of the innermost object (or list of objects) open at ``start``."""
    lo = max(0, start - _PARENT_CHARS)
    depth = 0
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch in "}]":
            depth += 1
        elif ch in "{[":
            if depth == 0:
                found = _PARENT_KEY.search(text[max(lo, i - 48) : i])
                if found is None:
                    if ch == "[":
                        return None
                    continue  # "[{": the list's key is before the "["
                s, e = found[1]
                return text[max(lo, i - 48) + s : max(lo, i - 48) + e].lower()
            depth -= 1
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
    elif match[3][0] >= 0:
        (ks, _), (vs, ve) = match[3], match[4]
        parent = _parent_key(text, ks - 1)
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


def field_detectors() -> list[PatternDetector]:
    """Return the detectors of identifiers named by the keys of structured text."""
    return [
        builtin_detector("key_field", "MRN", KEY_FIELD_PATTERN, refine=_key_field),
        builtin_detector("hl7_segment", "MRN", HL7_PATTERN, group=1, refine=_hl7_segment),
    ]
