"""Detectors for identifiers written with digits and symbols (tool payloads, logs, forms).

Each is a pure RE2 pattern (its ``pattern`` attribute goes verbatim into the Collector
config) plus, for some, a cheap validator: the Luhn checksum for cards, SSN area/group rules,
the North American numbering plan for phones, :mod:`ipaddress` for IPv6.

A URL is a finding only when it identifies a person (see :func:`_url`): an identifier in
its path or query, a query that may carry a person's words, a personal site's page (a blog,
a profile, a fundraiser), a host or path slug that is a person's name. An organisation's
role address ("no-reply@", "it-ops@") is no email (:func:`role_address`), nor is a
toll-free number a phone ("the nurse line remains open at 1-800-...", "Fax from
1-888-..."; an organisation's line, see :func:`toll_free`) unless it is given as a callback
number, four
numbers inside a longer dotted run (an OID) an IP address, or the day a place is closed
("closed Friday 07/04 for the holiday") a date. Nor is a number in a phone's shape right
after a thing's number cue a phone ("The order number is 645-5188154").

A month, day and year written with spaces count after a day's word ("on 2 22 2024"); a
datetime with fractional seconds is a record's time, but under a booked visit's time key
near an appointment's key its day is a date (``"start":"2026-10-15T14:45:00.000Z"``). A
MAC address of digits alone counts after its name ("MAC 88-95-93-44-30-96").
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Regex,
    builtin_detector,
    line_start,
    without_groups,
)

if TYPE_CHECKING:
    from phiguard._engine.detectors.names import NameLexicon

_B = r"(?:^|[^0-9A-Za-z_])"  # a left boundary that also works before '+' and '('

EMAIL_PATTERN = (
    r"\b[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24}\b"
)

#: The words of an organisation's role address ("it-ops@", "no-reply@", "scheduling@",
#: "patient.services@"): an address made only of them names no person.
_ROLE_MAIL_WORDS = frozenset(
    [
        "it", "ops", "devops", "sre", "noc", "oncall", "on", "call", "security", "privacy",
        "compliance", "hipaa", "support", "help", "helpdesk", "desk", "info", "information",
        "contact", "contacts", "hello", "noreply", "no", "reply", "donotreply", "do", "not",
        "mailer", "daemon", "postmaster", "webmaster", "hostmaster", "abuse", "admin",
        "administrator", "root", "system", "alerts", "alert", "notifications", "notify",
        "bounce", "bounces", "reports", "updates", "news", "newsletter", "billing", "bills",
        "payments", "accounts", "payable", "receivable", "claims", "eligibility", "benefits",
        "enrollment", "member", "members", "patient", "patients", "services", "service",
        "customer", "customers", "care", "careteam", "team", "front", "frontdesk", "office",
        "scheduling", "schedule", "appointments", "appts", "records", "medical", "refills",
        "refill", "pharmacy", "rx", "intake", "referrals", "triage", "nurse", "nurses",
        "nursing", "clinic", "registration", "admissions", "lab", "labs", "radiology",
        "imaging", "release", "him", "roi", "portal", "ivr", "voice", "calls", "feedback",
        "careers", "jobs", "hr", "sales", "marketing", "press", "media", "legal", "finance",
        "dev", "qa", "test", "engineering", "platform", "infra", "data", "analytics",
    ]
)
# A masked SSN ("xxx-xx-1234", "***-**-1234") still shows its last four digits: they are
# the finding.
SSN_PATTERN = (
    r"(\b[0-9]{3}-[0-9]{2}-[0-9]{4}|\b[0-9]{3} [0-9]{2} [0-9]{4}"
    r"|\b[0-9]{3}\.[0-9]{2}\.[0-9]{4}|\bxxx-xx-[0-9]{4}|[*#]{3}-[*#]{2}-[0-9]{4}"
    # form-encoded, its spaces written "+": "ssn=211+62+0041"
    r"|\b[0-9]{3}\+[0-9]{2}\+[0-9]{4})\b"
)

# An extension said after a number: "x123", "ext. 12", "extension 4".
_PHONE_EXT = r"(?:[ ]?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ ]?[0-9]{1,6})?"
# North American numbers in their usual written shapes (with the 00 / 011 international
# access prefixes too), E.164, and spaced international numbers with an optional "(0)" trunk
# prefix and groups of up to eight digits (one group after a "+" and its country code);
# each may carry an extension. A form-encoded "+"
# ("From=%2B14155550123", as telephony webhooks post it) stands for the "+" it encodes, and
# a form-encoded space is a "+" ("%2B1+715+817+0334").
PHONE_PATTERN = (
    r"(?:^|[^0-9A-Za-z_+])("
    r"(?:(?:\+|%2b|00|011[ .\-]?)?1[ .\-]?|00[ .\-]?)?"
    r"(?:\([0-9]{3}\)[ .\-+]?|[0-9]{3}[ .\-]?)[0-9]{3}[ .\-]?[0-9]{4}" + _PHONE_EXT
    # A form-encoded number, its spaces written "+": "phone=%2B1+715+817+0334".
    + r"|(?:(?:%2b|\+)1\+)?[0-9]{3}\+[0-9]{3}\+[0-9]{4}"
    # ... and its area code's parentheses percent-encoded: "phone=%28304%29+555-0162" (as
    # the Collector sees it; the engine decodes it first, to "(304)+555-0162").
    + r"|%28[0-9]{3}%29(?:\+|%20)?[0-9]{3}(?:[.\-+]|%20|%2d)?[0-9]{4}"
    + r"|(?:\+|%2b)[2-9][0-9]{7,14}" + _PHONE_EXT
    + r"|(?:\+|00)[1-9][0-9]{0,2}"
    r"(?:[ .\-]?\(0\)[ .\-]?[0-9]{1,8}(?:[ .\-][0-9]{1,8}){1,4}|(?:[ .\-][0-9]{1,8}){2,5})"
    + _PHONE_EXT
    # A country code and one group of six to eight digits, as small countries write a
    # number ("+676 7734111").
    + r"|(?:\+|%2b)[2-9][0-9]{0,2}[ .\-][0-9]{6,8}"
    + r")(?:\b|$)"
)

CARD_PATTERN = (
    r"\b([0-9]{4}(?:[ \-][0-9]{4}){2}[ \-][0-9]{1,7}"
    r"|[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{4,5}"
    r"|[0-9]{13,19})\b"
)

IPV4_PATTERN = (
    r"\b((?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))\b"
)

IPV6_PATTERN = (
    r"(?:^|[^0-9a-z:.])((?:[0-9a-f]{0,4}:){2,7}"
    r"(?:[0-9a-f]{0,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3}))"
)

URL_PATTERN = (
    r"\b(?:(?:https?|ftps?|wss?|s3|gs|sftp)://|www\.)"
    r"[^\s<>\"'`{}|\\^]*[^\s<>\"'`{}|\\^.,;:!?)\]]"
    # A link written without its scheme: a host with a common top-level domain, then a
    # path ("mychart.example.org/patient/88231", "linkedin.com/in/maria-okafor"); a host
    # alone ("gmail.com") is no link.
    r"|\b(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:com|org|net|edu|gov|us|io|co|me|info"
    r"|health|care|app|dev|ca|uk|ly|gl|gd|to)/[^\s<>\"'`{}|\\^]*[^\s<>\"'`{}|\\^.,;:!?)\]]"
    # A link shortener's host under another top-level domain, with a path: what a text
    # message to a patient carries ("rb.gy/s/9c332c6", "shorturl.at/aBc12"; Guyana's ".gy"
    # serves link shorteners mostly).
    r"|\b(?:[a-z0-9\-]{1,20}\.gy|tiny\.cc|shorturl\.at|s\.id|lnkd\.in|qrco\.de|bl\.ink|v\.gd"
    r"|surl\.li|tiny\.one)/[^\s<>\"'`{}|\\^]*[^\s<>\"'`{}|\\^.,;:!?)\]]"
)

#: A URL path without its host (an access log's request line, a route in a span name) that
#: names a person's resource by its identifier: "/api/v2/patients/689673/appointments".
PATIENT_PATH_PATTERN = (
    r"(?:^|[^a-z0-9_.~%/:\-])(/(?:[a-z0-9_.~%\-]+/)*"
    r"(?:patients?|members?|recordings?|subscribers?|beneficiar(?:y|ies)|enrollees?"
    r"|callers?|residents?|persons?|people|charts?|encounters?)"
    r"/[a-z0-9_.~%\-]*[0-9](?:[^\s\"'<>`]*[^\s\"'<>`.,;:!?)\]])?)"
    # A FHIR reference to a patient by its logical id: "reference": "Patient/6315048".
    r"|[\"'](?-i:Patient|RelatedPerson|Person)/([A-Za-z0-9\-.]{1,64})[\"']"
    # A FHIR Patient resource's own logical id, beside its resourceType (either order):
    # {"resourceType": "Patient", "id": "333515", ...}.
    r"|\"resourceType\"[ ]*:[ ]*\"(?-i:Patient|RelatedPerson|Person)\"[ ]*,[ \t\r\n]*"
    r"\"id\"[ ]*:[ ]*\"([A-Za-z0-9\-.]{1,64})\""
    r"|\{[ \t\r\n]*\"id\"[ ]*:[ ]*\"([A-Za-z0-9\-.]{1,64})\"[ ]*,[ \t\r\n]*"
    r"\"resourceType\"[ ]*:[ ]*\"(?-i:Patient|RelatedPerson|Person)\""
    # A C-CDA document's patient identifier: <patientRole><id extension="4410983" .../>.
    r"|<(?-i:patientRole)[^>]{0,200}>[ \t\r\n]*(?:<id[ ][^>]{0,160}/>[ \t\r\n]*){0,3}"
    r"<id[ ][^>]{0,200}?extension=\"([^\"<>]{1,64})\""
    # A FHIR reference to a clinician by an NPI as its logical id: "Practitioner/1464176829"
    # (ten digits with the NPI's check digit, see _patient_path).
    r"|[\"'](?-i:Practitioner|PractitionerRole)/([12][0-9]{9})[\"']"
)


def _patient_path(
    text: str, start: int, end: int, match: Groups
) -> tuple[int, int, str] | None:
    if match[1][0] >= 0:
        s, e = match[1]
        return s, e, "URL"
    if match[6][0] >= 0:
        s, e = match[6]
        return (s, e, "LICENSE_OR_DEVICE_ID") if luhn_ok("80840" + text[s:e]) else None
    s, e = next(match[g] for g in (2, 3, 4, 5) if match[g][0] >= 0)
    value = text[s:e].lower()
    if not any(ch.isdigit() for ch in value):
        return None  # a resource's id with no digit ("example") is no record number
    tail = value.rsplit("-", 1)[-1]
    if any(ch.isalpha() for ch in tail) and any(ch.isdigit() for ch in tail) and not (
            tail.strip("0123456789abcdef")) and (not tail[:1].isalpha() or len(value) >= 12):
        # A server's opaque key (a hash, a UUID, "pt-7a39cb"), not the patient's number
        # (which is digits, maybe after a letter prefix: "HR573577", "P-50118").
        return None
    return s, e, "MRN"

#: A MAC address (a device identifier): six hex pairs split by ":" or "-", or Cisco's
#: three dotted quads.
MAC_PATTERN = (
    r"\b((?:[0-9a-f]{2}:){5}[0-9a-f]{2}|(?:[0-9a-f]{2}-){5}[0-9a-f]{2}"
    r"|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})\b"
)

#: Identifiers whose shape and check digit say what they are with no cue (case-sensitive):
#: a vehicle identification number (17 characters without I, O or Q, the ninth a check
#: digit, the last four digits) and a DEA registration number (a registrant letter, a
#: letter or 9, seven digits, the last a checksum of the other six).
#: Also an insurer's member id in its usual shape, two or three capitals and nine or ten
#: digits ("XL1895199001", "GVS691286751"; a device serial with "SN", an account with
#: "AC"/"ACCT"), and a record number glued to its "MRN" ("MRN37204744"): what an id card
#: prints, found with no cue.
CHECKED_ID_PATTERN = (
    r"\b([A-HJ-NPR-Z0-9]{13}[0-9]{4}|[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}"
    r"|[A-Z]{2,3}[0-9]{9,10}|MRN[0-9]{6,10})\b"
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?"
    r"|fri|sat|sun)\.?"
)
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"

#: What happens to a person on a day, before a date without a year.
_PERSON_DAY_CUE = (
    r"(?:admitted|readmitted|discharged|born|died|deceased|dod|dob|appt|appointment"
    r"|visit|surgery|procedure|scheduled|rescheduled|booked|seen|follow[ \-]?up"
    # a dental recall ("Next recall 8/25"; "delayed recall 2/3" is a score, see _date)
    r"|recall"
    # a follow-up written short, a referral sent ("Plan: f/u 10/12", "referral placed 3/1")
    r"|f/u|referral(?:[ ]+(?:placed|sent|faxed|made|submitted))?|referred)"
)

#: A preposition before a day ("on 10/22", "for 04/09", "do 3/12 instead").
_DAY_PREPOSITION = (
    r"(?:on|for|by|to|until|till|til|thru|through|before|after|from|do|make[ ]it|since"
    # a correction of a day said before ("on the 19th, no wait 11/6")
    r"|wait|mean|actually)"
)

#: The words before a month, day and year written with spaces ("on 2 22 2024", "born 7 4
#: 1951"): with no "/" the three numbers are a date only after one of them.
_SPACED_LEAD = r"(?:on|since|born|dob|dated)"

DATE_PATTERN = (
    r"\b("
    # 03/14/1984, 3-14-84, 14.03.1984 (day-first), 1984-03-14, 1984/03/14
    rf"{_MON_NUM}[/\-.]{_DAY}[/\-.](?:{_YEAR4}|[0-9]{{2}})"
    rf"|{_DAY}[/\-.]{_MON_NUM}[/\-.]{_YEAR4}"
    rf"|{_YEAR4}[/\-.]{_MON_NUM}[/\-.]{_DAY}(?:T[0-9:.]+(?:Z|[+\-][0-9]{{2}}:?[0-9]{{2}})?"
    # (a time of day after a space: the finding only where the date is a person's
    # appointment, see _date)
    r"|[ ][0-2][0-9]:[0-5][0-9](?::[0-5][0-9])?)?"
    # datetime.date(1984, 3, 14) as Python's repr writes it into a log
    rf"|date(?:time)?\({_YEAR4}, ?{_MON_NUM}, ?{_DAY}(?:, ?[0-9]{{1,2}}){{0,3}}"
    # March 14, 1984 / Mar. 14th 1984 / March 14 / Tue, Jan 28 (the weekday is the date's)
    rf"|(?:{_WEEKDAY},? )?{_MONTH}\.? {_DAY}(?:st|nd|rd|th)?(?:,? {_YEAR4})?"
    # 14 March 1984 / 14th of March, 1984
    rf"|{_DAY}(?:st|nd|rd|th)?(?: of)? {_MONTH}\.?(?:,? {_YEAR4})?"
    # 26-Sep-1931, 03-MAR-84 (a day, a month's abbreviation, a year, joined by hyphens)
    rf"|{_DAY}-{_MONTH}-(?:{_YEAR4}|[0-9]{{2}})"
    # March 1984
    rf"|{_MONTH}\.?,? {_YEAR4}"
    # 3/14 without a year, after what happens to a person on a day ("discharged 3/14"),
    # and with one: this alternative starts at the cue, before the date alone could, so it
    # must read the year too ("next visit 12/16/2026", "appointment on 7/12/25")
    # (a verb may join them: "his appointment was 9/15", "the visit is 2/5")
    rf"|{_PERSON_DAY_CUE}[ ]+(?:(?:was|is|will[ ]+be|got[ ]+moved[ ]+to|moved[ ]+to|due)[ ]+)?"
    rf"(?:on[ ]+)?{_MON_NUM}/{_DAY}(?:/(?:{_YEAR4}|[0-9]{{2}}))?"
    # 2/18 without a year after its weekday ("Wed 2/18", "Thu, 06/11"), before a time of
    # day ("04/09 at 8:15 AM", "2/18 10:15"), or after a preposition of a day ("on 10/22",
    # "can we do 3/12 instead?": what follows is judged in _yearless)
    rf"|{_WEEKDAY},?[ ]+{_MON_NUM}/{_DAY}(?:/(?:{_YEAR4}|[0-9]{{2}}))?"
    rf"|{_MON_NUM}/{_DAY}[ ]+(?:at[ ]+|@[ ]?)?(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9]|[ ]?[ap]\.?m)"
    rf"|{_DAY_PREPOSITION}[ ]+(?:the[ ]+)?{_MON_NUM}/{_DAY}(?:/(?:{_YEAR4}|[0-9]{{2}}))?"
    # Month, day and year with spaces, as speech-to-text writes digits it heard ("an
    # appointment on 2 22 2024 at two thirty"): only after a day's word.
    rf"|{_SPACED_LEAD}[ ]+{_MON_NUM}[ ]{_DAY}[ ]{_YEAR4}"
    r")\b"
)
#: A month, day and year written with spaces after their lead (see :data:`_SPACED_LEAD`).
_SPACED_DATE = re.compile(rf"^[a-z]+[ ]+({_MON_NUM}[ ]{_DAY}[ ]{_YEAR4})$", re.IGNORECASE)


#: The key of a value that bounds a range of dates ("date_range": {"from": ...},
#: "window_start=", "date_to"): a query's or a report's period, not a person's date.
_RANGE_BOUND = Regex(
    r"(?:(?:range|window|period|interval|between)[\"']?[ ]*[:=][ ]*[{\[][^{}\[\]]*"
    r"|(?:(?:range|window|period)[_\-.]?(?:start|end|from|to|begin)"
    r"|(?:start|end|from|to)[_\-.]?(?:range|window|period)|date[_\-.]?(?:from|to)"
    r"|(?:from|to)[_\-.]?date)[\"']?[ ]*[:=][ ]*)[\"']?$"
)
#: The key of the object or list that a value sits in: ``"pickup": {`` or
#: ``"identifier": [{``, just before the last unclosed brace (its quotes maybe escaped, in
#: JSON inside a string: ``{\\"member\\":{``).
_PARENT_KEY = Regex(r"[\"']?([a-z][a-z0-9_.\-]*)\\*[\"']?[ ]*[:=][ ]*\[?[ \n]*$")
#: How far back the object around a value is looked for.
_PARENT_CHARS = 240


def parent_key(text: str, start: int) -> str | None:
    """Return the (lowercase) key of the innermost JSON object or list open at ``start``.

    Looks back at most a few hundred characters, so a call costs a bounded amount of work.
    """
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


#: Keys of an object that holds one person's booked event ("pickup": {"window_start": ...},
#: "appointment": {"start": ...}): a window or range inside it is that event's time.
_PERSON_EVENT_KEYS = frozenset(
    ["pickup", "dropoff", "drop_off", "appointment", "appt", "visit", "ride", "trip",
     "booking", "reservation", "encounter", "admission", "procedure", "surgery", "slot"]
)


def _person_event(text: str, start: int) -> bool:
    """Whether the value at ``start`` sits in an object that holds a person's booked event."""
    key = parent_key(text, start)
    if key is None:
        return False
    return key.replace("-", "_").replace(".", "_").rsplit("_", 1)[-1] in _PERSON_EVENT_KEYS or (
        key in _PERSON_EVENT_KEYS)


#: The key of an API or firmware version ("ApiVersion=2010-04-01", "api_version": "2024-06-01",
#: "fw=6.13.46"): a version written like a date.
_VERSION_KEY = Regex(
    r"(?:version|build|release|ver|rev|revision|tag|sdk|app|v|fw|firmware)[\"']?[ ]*[:=@][ ]*"
    r"[\"']?v?$"
    r"|\bv$"
    # "app version 2024.11.3", "build 2024-06-01": the word, then the value.
    r"|\b(?:version|build|release|firmware)[ ]+v?$"
)
#: A word joined to a date that says it is a person's ("dob_1951-03-04", "born-...").
_NAMED_DATE_CUE = Regex(r"(?:dob|dod|birth|born|bday|death|admit|discharge|visit|appt)[_\-]$")
#: A time of day right after a date ("2025-03-04 10:22:31"), with fractional seconds in
#: group 1 if any.
_TIME_AFTER = Regex(r"^[ T][0-2][0-9]:[0-5][0-9](?::[0-5][0-9]([.,][0-9]+)?)?")


#: FHIR resources whose "period" is a person's care (a stay, an episode, a coverage, a
#: procedure): the dates in it are that person's.
_CARE_RESOURCE = Regex(
    r"\"resourceType\"[ ]*:[ ]*\"(?-i:Encounter|EpisodeOfCare|Coverage|Procedure|CarePlan"
    r"|CareTeam|Condition|MedicationRequest|MedicationStatement|MedicationAdministration"
    r"|ServiceRequest|Observation|DiagnosticReport|Claim|ExplanationOfBenefit|Appointment"
    r"|Communication|Consent|Flag|Goal|Immunization|AllergyIntolerance|Account)\""
)


def _care_resource(text: str, start: int) -> bool:
    """Whether the value at ``start`` sits in a FHIR resource about a person's care (its
    resourceType is named in the few hundred characters before it)."""
    return _CARE_RESOURCE.search(text[max(0, start - _PARENT_CHARS) : start]) is not None


#: What comes before a record's own time, not a person's: a log key that holds the event's
#: timestamp ("ts": "2025-05-03T09:09:38+00:00", "@timestamp", created_at=), or the line of
#: an exception's message ("TimeoutError: ... at 2025-10-18T22:37:10+00:00"), which is
#: searched from the line break before its line.
_RECORD_TIME = Regex(
    r"(?:^|[^a-z0-9_])(?:@?timestamp|ts|logged[_\-]?at|created[_\-]?at|updated[_\-]?at"
    r"|received[_\-]?at|sent[_\-]?at|emitted[_\-]?at|event[_\-]?(?:time|ts)|log[_\-]?time"
    r"|time[_\-]?stamp)[\"']?[ ]*[:=][ ]*[\"']?$"
    r"|^[\r\n]?[ \t]*(?:[a-z_][a-z0-9_]*\.)*[a-z_][a-z0-9_]*(?-i:Error|Exception|Timeout)[:,]"
    r"[^\r\n]*$"
)


_DAY_PREPOSITIONS = frozenset(
    word.split("[")[0] for word in _DAY_PREPOSITION.strip()[3:-1].split("|"))
#: What may follow a day written without its year after a preposition ("on 10/22.",
#: "do 3/12 instead?", "for 04/09 at 8:15"): the end, punctuation, a time, a joining word.
_AFTER_YEARLESS = re.compile(
    r"(?:$|[\r\n.,;:!?)\"'\]]|[ ]+(?:instead|at|and|or|to|through|thru|then|please|works?|ok|can"
    r"|okay|is|if|@|-|[0-9]|[ap]\.?m\b|with|i\b|i'm|for[ ]+(?:the|her|his|a|an)\b|when|but|so"
    r"|because|we|she|he|they)|[ ]*-)", re.IGNORECASE)
#: Words before a visual acuity ("acuity OD improved to 6/9").
_ACUITY_BEFORE = Regex(r"\b(?:acuity|vision|visual|va|eyes?|od|os|ou)\b")
#: Another score out of 10 or 5 near a yearless m/d: "from 4/10 to 2/10".
_SCORE_NEAR = Regex(r"[0-9]/(?:10|5)\b")
#: Words before a fraction of a dose ("take 1/2 at 8 pm", "cut 1/4").
_DOSE_BEFORE = Regex(
    r"\b(?:take|takes|taking|took|give|gives|giving|cut|split|use|chew|inhale|apply|about"
    r"|approximately|only|tab|tabs|tablet|tablets|pill|pills|dose)[ ]+$"
)


#: The verb that joins a cue to its day ("appointment was 9/15").
_VERB_BEFORE = Regex(r"\b(?:was|is|be|to)[ ]+$")
#: A day's own preposition right before a small m/d ("saw her on 3/5", "since 2/4", "no
#: wait 1/6"): a fraction rarely follows these ("to 3/4", "for 1/2" stay fractions).
_ON_DAY_BEFORE = Regex(r"\b(?:on|since|wait)[ ]+$")


def _yearless(text: str, start: int, end: int, value: str) -> bool:
    """Whether ``value`` (``m/d``, after a preposition) reads as a day: not a proper
    fraction with a small denominator ("for 1/2", "to 3/4"), a visual acuity or a score
    beside another ("from 4/10 to 2/10"), and followed by the end, a punctuation mark, a
    time or a joining word (not a noun: "on 1/2 tablet", "to 3/10 pain").
    """
    month, _, day = value.partition("/")
    if int(month) < int(day) <= 8 and not _ON_DAY_BEFORE.search(
            text[max(0, start - 24) : start]):
        return False
    if _ACUITY_BEFORE.search(text[max(0, start - 40) : start]) is not None:
        return False  # "vision improved to 6/9": a visual acuity
    if day in ("5", "10") and _SCORE_NEAR.search(
            text[max(0, start - 14) : start] + " " + text[end : end + 14]) is not None:
        return False  # "pain went from 4/10 to 2/10": scores out of 10 (or 5)
    return _AFTER_YEARLESS.match(text, end) is not None


#: A cue of a person's day just before a date ("dob 3.4.51", "born: 12.01.47").
_PERSON_DAY_BEFORE = Regex(rf"\b(?:{_PERSON_DAY_CUE}|birth|d\.o\.b\.?)[\"']?[ ]*[:=]?[ ]*[\"']?$")
#: The key of a resource's own date (when it was published, last changed).
_META_DATE_KEY = Regex(
    r"[\"'](?:date|lastUpdated|published|approvalDate|lastReviewDate)[\"'][ ]*:[ ]*[\"']$")
#: A FHIR resource's type.
_META_RESOURCE = re.compile(r"\"resourceType\"[ ]*:[ ]*\"([A-Za-z]+)\"")
#: FHIR resources that define or describe a system or a thing, not a person: their dates
#: are their own.
_META_RESOURCES = frozenset(
    ["CapabilityStatement", "TerminologyCapabilities", "StructureDefinition", "StructureMap",
     "ValueSet", "CodeSystem", "ConceptMap", "NamingSystem", "OperationDefinition",
     "SearchParameter", "ImplementationGuide", "CompartmentDefinition", "MessageDefinition",
     "GraphDefinition", "Questionnaire", "Library", "Measure", "PlanDefinition",
     "ActivityDefinition", "SubscriptionTopic", "Organization", "Location",
     "HealthcareService", "Endpoint", "Medication", "Substance"])


def _meta_resource(text: str, start: int) -> bool:
    """Whether the nearest FHIR resourceType before ``start`` (in a few hundred characters)
    names a definition or a thing, not a person's record."""
    types = _META_RESOURCE.findall(text, max(0, start - _PARENT_CHARS), start)
    return bool(types) and types[-1] in _META_RESOURCES


#: What says a day is a place's closure or a holiday, just before or after it ("Clinic
#: closed 07/04", "closed Friday 07/04 for the holiday"): the organisation's day.
_CLOSED_BEFORE = Regex(
    rf"\b(?:closed|closure|closing|closes|holiday)(?:[ ]+(?:on|from|through|until|all[ ]+day))?"
    rf"(?:[ ]+{_WEEKDAY},?)?[ ]+$")
_HOLIDAY_AFTER = Regex(
    r"^[ ]+(?:for|in[ ]+observance[ ]+of)[ ]+(?:the[ ]+)?(?:[a-z'.]+[ ]+){0,2}holidays?\b")

#: A place's closure, a holiday or its hours said before a day in the same sentence or
#: object ("we are closed December 25th and January 1st", "clinics will be closed Thursday
#: 11/26 and Friday 11/27", ``"closed":["2026-12-25",``): group 1 is the closure word.
_CLOSURE_BEFORE = Regex(
    r"\b(closed|closure|closing|closes|holidays?|observed|reopens?|reopening)\b"
    r"[^.!?\n;]{0,64}$")
#: What makes that closure a place's (an office, "we", its hours) or a holiday's.
_CLOSURE_PLACE = Regex(
    r"\b(?:office|offices|clinic|clinics|practice|pharmacy|lab|labs|center|centre|location"
    r"|locations|hospital|building|branch|we|we're|we'll|our|hours|holidays?|observed"
    r"|thanksgiving|christmas|xmas|easter|independence|memorial|labor|labour|new[ ]year'?s?)\b")
#: What ties a day near a closure to a person: a visit, a booking, a birth, a wound's
#: closure, or someone speaking of themselves.
_CLOSURE_PERSON = Regex(
    r"\b(?:patient|pt|appointment|appt|appts|booked|booking|rebook|reschedul\w*|visit|seen"
    r"|born|birth|birthday|dob|surgery|surgical|procedure|wound|incision|suture|sutures"
    r"|admitted|admission|discharged?|my|me|i|i'm|i've|i'll)\b")


def closure_day(text: str, start: int, end: int) -> bool:
    """Whether the day at ``start:end`` is a place's closure or a holiday (an office closed
    on it, its hours), with nothing tying it to a person near it: no one's date."""
    before = text[max(0, start - 80) : start]
    found = _CLOSURE_BEFORE.search(before)
    if found is None:
        return False
    window = text[max(0, start - 120) : end + 60]
    return (_CLOSURE_PLACE.search(window) is not None
            and _CLOSURE_PERSON.search(window) is None)


#: The name just before a value: an XML element (group 1), or a key or a word (group 2)
#: with its ":" or "=", quotes (maybe escaped) and a preposition ("due on 04/15/2025",
#: "completed at"), and the word before a word (group 3: "Maintenance window").
_NAME_BEFORE = re.compile(
    r"(?:<(?:[A-Za-z]+:)?([A-Za-z][\w.\-]*)>"
    r"|(?:([A-Za-z]+)[ ])?([A-Za-z][\w.\-]*)\\*[\"']?[ \t]*[:=]?[ \t]*\\*[\"']?"
    r"(?:(?:on|at|until|till|through|thru|from|of|in)[ \t]+)?)$", re.IGNORECASE)
#: The words of a key ("createdAt", "ship_date", "ETA", "lastModified").
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
#: Words that end a key without saying whose date it is ("created_at", "dueDate").
_DATE_TAILS = frozenset(["at", "on", "date", "time", "ts", "dt", "datetime", "timestamp",
                         "utc", "day", "iso", "local"])
#: What happens to a thing or a record on a day (a shipment's ETA, a ticket opened, an
#: invoice due, a firmware released, a card or a link that expires): its own date.
_THING_EVENTS = frozenset(
    ["eta", "etd", "shipped", "ship", "shipping", "opened", "created", "updated", "modified",
     "changed", "edited", "released", "release", "published", "posted", "resolved",
     "closed", "expires", "expiry", "expiration", "expired", "exp", "due", "invoice",
     "invoiced", "synced", "sync", "fetched", "generated", "deployed", "built", "merged",
     "committed", "uploaded", "downloaded", "processed", "queued", "sent", "run", "build",
     "maintenance", "outage", "downtime", "freeze", "backup", "webinar", "newsletter",
     "edition", "live", "job", "task", "batch", "export", "migration", "cron"])
#: What happens to a message on a day: its own time when a time of day follows the date
#: ("received 03/14/2025 09:12"), not a person's day.
_MESSAGE_EVENTS = frozenset(
    ["received", "sent", "faxed", "delivered", "logged", "printed", "scanned", "uploaded",
     "login", "logon"])
#: Keys of a URL query's date that say nothing of whose it is ("slots?date=2025-03-20").
_QUERY_DATE_KEYS = frozenset(
    ["date", "day", "from", "to", "start", "end", "after", "before", "since", "until"])
#: Words near a date that tie it to a person: a patient, a member, a caller, a relative,
#: a pronoun, a person's own day (birth, a visit, an admission), a booking, a name.
_PERSON_NEAR = Regex(
    r"(?:^|[^a-z])(?:patients?|pt|members?|subscriber|insured|caller|client|user|customer"
    r"|guarantor|dob|d\.o\.b|birth[a-z]*|born|baby|pregnan[a-z]*|expecting|she|he|her|him"
    r"|his|i'?m|i[ ]am|mom|mother|father|dad|wife|husband|son|daughter|spouse"
    rf"|{_PERSON_DAY_CUE}|admit[a-z]*|admission|discharg[a-z]*|appointments?|encounter"
    r"|book(?:s|ed|ing)?|schedul(?:e|es|ed|ing)|reserv(?:e|ed|ation)|mrn|name|given|family"
    r"|ssn|phone|email"
    r"|address|zip)(?:[^a-z]|$)")
#: How far around a date the words that tie it to a person are looked for.
_PERSON_NEAR_CHARS = 200


def _thing_date(text: str, start: int, end: int, match_end: int) -> bool:
    """Whether the date at ``text[start:end]`` is a thing's or a record's, not a person's.

    The key or word before it names what happened on that day to a thing (``"eta":``,
    ``"opened":``, "released", "due", ``expires=``, "Maintenance window"), or to a message
    or a job with a time of day after the date ("received 03/14/2025 09:12", "completed at
    2025-03-14T02:00:00Z"), or the date is a URL query's generic ``date=`` ("GET
    /slots?date=2025-03-20"); and nothing near it ties it to a person (a patient or a name,
    a pronoun, a birth, a visit, a booking: see ``_PERSON_NEAR``), nor does it sit in an
    object that holds a person's booked event (``"pickup": {"eta": ...``).
    """
    found = _NAME_BEFORE.search(text, max(0, start - 48), start)
    if found is None:
        return False
    key = found[1] or found[3]
    words = [w.lower() for w in _KEY_WORDS.findall(key)]
    while words and words[-1] in _DATE_TAILS and len(words) > 1:
        words.pop()
    if not words:
        return False
    word = words[-1]
    prose = found[1] is None and not any(ch in found[0] for ch in ":=\"'")
    if prose and found[2] is not None and word not in _THING_EVENTS and (
            found[2].lower() in _THING_EVENTS):
        word = found[2].lower()  # "Maintenance window 2025-03-15 02:00", "Backup completed at"
    if word in _THING_EVENTS:
        pass
    elif word in _MESSAGE_EVENTS:
        if "T" not in text[start:end] and match_end == end and _TIME_AFTER.search(
                text[end : end + 16]) is None:
            return False
    elif word in _QUERY_DATE_KEYS:
        at = found.start(3)
        if found[3] is None or at == 0 or text[at - 1] not in "?&" or "=" not in found[0]:
            return False
    else:
        return False
    line_end = text.find("\n", end, end + 80)
    near = text[max(0, start - _PERSON_NEAR_CHARS) : end + 80 if line_end < 0 else line_end]
    if _PERSON_NEAR.search(near) is not None or _person_event(text, start):
        return False
    from phiguard._engine.detectors.names import _looks_like_name  # (names imports this module)

    return not any(_looks_like_name(m[0]) for m in _CAPITALISED_PAIR.finditer(near))


#: Two or three capitalised words in a row, which may be a person's name ("Lena Ruiz").
_CAPITALISED_PAIR = re.compile(r"\b[A-Z][a-z'\-]+(?: [A-Z]\.?)? [A-Z][a-z'\-]+\b")


#: The key of a booked event's time ("start", "startTime", "end", "scheduled_at").
_EVENT_TIME_KEY = Regex(
    r"[\"'](?:start|end|begin|starts?_?at|ends?_?at|start_?time|end_?time|scheduled(?:_?(?:at|for"
    r"|time))?|slot_?(?:start|time)|appointment_?(?:time|start|date))[\"'][ ]*:[ ]*[\"']$")
#: Words that make an object a booked visit ("appointment_id", "visit", "booking").
_BOOKED = Regex(r"appointment|appt|visit|booking|booked|reservation|encounter")


def _booked_start(text: str, start: int) -> bool:
    """Whether the datetime at ``start`` is a JSON value of a booked visit's time key
    (``"start": "2026-10-15T14:45:00.000Z"`` in an appointment's result), not a record's
    own time."""
    if _EVENT_TIME_KEY.search(text[max(0, start - 24) : start]) is None:
        return False
    return _BOOKED.search(text[max(0, start - _PARENT_CHARS) : start].lower()) is not None


def _date(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    value = text[start:end]
    match_end = end
    if value[:1].isdigit() and " " in value and any(
            ch in value[: value.index(" ")] for ch in "/-."):
        # "2024-10-29 11:00": the date, then its time (not "30 July": a day, then its month)
        end = start + value.index(" ")
        value = text[start:end]
    spaced = _SPACED_DATE.match(value) if value[:1].isalpha() and "/" not in value else None
    if spaced is not None:  # "on 2 22 2024": the date after its lead
        return start + spaced.start(1), end, "DATE"
    paren = value.find("(")
    if paren > 0:  # datetime.date(1984, 3, 14): the numbers are the date
        return start + paren + 1, end, "DATE"
    if value[:1].isalpha() and "/" in value:  # "discharged 3/14": the date after its cue
        first = value[: value.find(" ")].rstrip(",.").lower()
        start += next(i for i, ch in enumerate(value) if ch.isdigit())
        value = text[start:end]
        if value.count("/") == 1 and text[end : end + 4].lower() == " of ":
            return None  # "seen 3/4 of the chapters": a fraction
        if first == "recall" and value.count("/") == 1 and (
                int(value.partition("/")[0]) <= int(value.partition("/")[2]) <= 10):
            return None  # "delayed recall 2/3": a memory test's score
        if value.count("/") == 1 and first in _DAY_PREPOSITIONS and not _yearless(
                text, start, end, value):
            return None
        if value.count("/") == 1 and first not in _DAY_PREPOSITIONS and _VERB_BEFORE.search(
                text[max(0, start - 16) : start]) and _AFTER_YEARLESS.match(text, end) is None:
            return None  # "the procedure was 3/4 done": a fraction after the verb
    elif end < match_end and value.count("/") == 1 and _DOSE_BEFORE.search(
            text[max(0, start - 24) : start]) is not None:
        return None  # "take 1/2 at 8 pm": half a tablet at a time of day
    after = text[end : end + 16]
    time = _TIME_AFTER.search(after) if "T" not in value else None
    # A timestamp with fractional seconds is a machine's event time (a log line, a span),
    # unless it is midnight: a date alone serialised as a datetime ("1950-03-04T00:00:00.000Z").
    fraction = (time is not None and time[1][0] >= 0) or ("T" in value and "." in value)
    if fraction and "T00:00:00" not in value and not after.startswith((" 00:00:00", "T00:00:00")):
        if "T" in value and _booked_start(text, start):
            return start, start + 10, "DATE"  # a booked visit's time: its day is the finding
        return None
    if value.count(".") == 2 and value[-3] == "." and _PERSON_DAY_BEFORE.search(
            text[max(0, start - 24) : start]) is None:
        return None  # "Fixed in 1.6.17": a version (no one writes a date so without a cue)
    if _META_DATE_KEY.search(text[max(0, start - 16) : start]) is not None and _meta_resource(
            text, start):
        return None  # a FHIR definition's own date ("CapabilityStatement", "ValueSet")
    opens = line_start(text, start)
    if not text[opens:start].strip(" \t["):
        # A date that opens a line is the record's own time: a log line's timestamp, or the
        # key of a row of daily figures ("2025-03-04,612,0.05"), not a person's date.
        if "T" in value or time is not None:
            return None
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end]
        if rest[:1] in (",", ";", "\t", "|") and not any(ch.isalpha() for ch in rest):
            return None
    if _CLOSED_BEFORE.search(text[max(0, start - 40) : start]) is not None or (
            _HOLIDAY_AFTER.search(text[end : end + 40]) is not None):
        return None  # a day a place is closed ("closed Friday 07/04 for the holiday")
    if closure_day(text, start, end):
        return None  # "clinics will be closed Thursday 11/26 and Friday 11/27"
    if _RANGE_BOUND.search(text[max(0, start - 80) : start]) is not None:
        # A query's period, unless the object around it is a person's booked event
        # ("pickup": {"window_start": "2024-10-29 11:00"}) or a FHIR resource about a
        # person's care ({"resourceType": "Encounter", ..., "period": {"start": ...}}):
        # then the time is part of it.
        if not _person_event(text, start) and not _care_resource(text, start):
            return None
        return start, match_end, "DATE"
    if (time is not None or (value[:1].isdigit() and "T" in value)) and (
            "T00:00:00" not in value) and _RECORD_TIME.search(
            text[max(0, opens - 1, start - 200) : start]) is not None:
        return None  # the time of the record (a log key's, an exception's), no one's date
    # An API's version is written as its release date: a key that says so, or a segment of
    # a URL path ("/2010-04-01/Accounts/...").
    if (start > 0 and text[start - 1] == "/" and text[end : end + 1] == "/") or (
        _VERSION_KEY.search(text[max(0, start - 16) : start]) is not None
    ):
        return None
    if start > 1 and text[start - 1] in "-_" and text[start - 2].isalnum() and (
            _NAMED_DATE_CUE.search(text[max(0, start - 12) : start]) is None):
        return None  # the tail of a model's or a build's name ("voice-llm-2024-07-18")
    if _thing_date(text, start, end, match_end):
        return None  # a shipment's ETA, a ticket opened, an invoice due, a slot search's day
    return start, end, "DATE"


#: A path segment that names a resource or a version, never a person or a recording:
#: "v1", "api", "summary.json" (audio files and anything with a number run are identifiers).
_SERVICE_SEGMENT = Regex(
    r"^(?:[a-z][a-z_\-]*[0-9]?(?:\.(?:json|xml|html?|txt|yaml|yml|js|css|php))?"
    r"(?::[a-z][a-z_\-]*)?|v[0-9]{1,2}(?:\.[0-9]{1,2})?)$"
)
#: A query's parameter that names no one: a word key, and a word or a small number
#: ("specialty=cardiology", "limit=20", "_count=50").
_PLAIN_PARAM = Regex(r"^[a-z_][a-z_\-]{0,30}=(?:[a-z][a-z_\-]{0,40}|[0-9]{1,3})?$")
#: Parameter keys whose (word) value may be a person's: a name, a search term.
_PERSONAL_PARAM = Regex(
    r"name|given|family|first|last|user|patient|member|caller|q$|query|search|term|email")
#: Sites whose pages belong to a person (a blog, a profile, a fundraiser, a care journal, an
#: obituary): a page there (a path, or a subdomain of its own) is that person's.
_PERSONAL_SITES = frozenset(
    [
        "blogspot.com", "wordpress.com", "tumblr.com", "substack.com", "medium.com",
        "wixsite.com", "weebly.com", "squarespace.com", "github.io", "about.me", "linktr.ee",
        "facebook.com", "fb.com", "instagram.com", "linkedin.com", "twitter.com", "x.com",
        "tiktok.com", "youtube.com", "threads.net", "pinterest.com", "flickr.com",
        "caringbridge.org", "gofundme.com", "gf.me", "mealtrain.com", "givesendgo.com",
        "lotsahelpinghands.com", "fundly.com", "spot.fund", "legacy.com", "findagrave.com",
        "paypal.me", "venmo.com", "cash.app", "patreon.com",
    ]
)


def _plain_query(query: str) -> bool:
    """Whether every parameter of a URL's query is a word key with a word or a small
    number, none of whose keys could hold a person's name."""
    for param in query.split("&"):
        if _PLAIN_PARAM.search(param) is None or _PERSONAL_PARAM.search(
                param.partition("=")[0]) is not None:
            return False
    return True


def _given_family(lex: NameLexicon, given: str, family: str) -> bool:
    """Whether two lowercase words are a given name and a family name: the family name no
    ordinary word, the given name no English word ("louis" and "russell", not "new" and
    "york")."""
    return (
        given in lex.first and family in lex.last and not lex.is_ordinary(family)
        and given not in lex.english and given not in lex.blocked and len(family) >= 3)


def _name_label(label: str) -> bool:
    """Whether a host label or a path segment is a person's name: its words split by
    hyphens or underscores hold a given name and a family name in a row ("marie-yoder",
    "help-jaewon-fairbanks-with-dialysis"), or it is a given name run into a family name
    ("charlenetorres", "eugeneharjo"), maybe with a word a person's site adds
    ("rivkacartwrightstudio"), or a family's ("choifamily", "nguyen-family", "thenguyens")."""
    from phiguard._engine.detectors.names import lexicon  # (names imports this module)

    lex = lexicon()
    label = label.lower().rsplit(".", 1)[0] if "." in label else label.lower()
    words = [w for w in re.split(r"[\-_+]+", label) if w]
    if len(words) > 1:
        return any(_given_family(lex, a, b) or (b in _FAMILY_TAILS and _family_name(lex, a))
                   for a, b in itertools.pairwise(words))
    if not label.isalpha() or not 7 <= len(label) <= 40:
        return False
    if label.startswith("the") and label.endswith("s") and len(label) >= 9 and _family_name(
            lex, label[3:-1]):
        return True  # "thenguyens": a family's own site
    for tail in _SITE_TAILS:
        if label.endswith(tail) and len(label) > len(tail) + 2:
            head = label[: -len(tail)]
            if tail in _FAMILY_TAILS and _family_name(lex, head.removeprefix("the")):
                return True  # "choifamily": a family's own site
            if _run_together(lex, head):
                return True  # "rivkacartwrightstudio": a person's studio, blog, page
    return _run_together(lex, label)


#: Words a person's own site puts after their name in its host ("choifamily",
#: "rivkacartwrightstudio", "danaleephotography"); the first three after a family name alone.
_FAMILY_TAILS = ("family", "fam", "clan")
_SITE_TAILS = (
    *_FAMILY_TAILS, "studio", "studios", "photography", "photo", "photos", "art", "arts",
    "designs", "design", "music", "writes", "writing", "books", "blog", "online", "official",
    "home", "page", "site", "web",
)


def _family_name(lex: NameLexicon, word: str) -> bool:
    """Whether a lowercase word is a listed family name and no ordinary word."""
    return len(word) >= 3 and word in lex.last and not lex.is_ordinary(word)


def _run_together(lex: NameLexicon, label: str) -> bool:
    """Whether a host label is a given name run into a family name ("charlenetorres")."""
    if not 7 <= len(label) <= 30:
        return False
    return any(_given_family(lex, label[:cut], label[cut:]) for cut in range(4, len(label) - 3))


#: A document's or an image's file name: words and a common extension ("report.pdf",
#: "new-patient-intake.pdf", "logo.png").
_DOCUMENT = re.compile(
    r"[a-z]+(?:[\-_][a-z]+){0,5}\.(?:pdf|csv|png|svg|ico|jpe?g|gif|webp|docx?|xlsx?)")


def _plain_document(segment: str) -> bool:
    """Whether a URL path segment is a document or an image named by ordinary words alone
    ("report.pdf", "new-patient-intake.pdf"), not by a person ("kahananui_dewi_intake.pdf")."""
    if _DOCUMENT.fullmatch(segment) is None:
        return False
    from phiguard._engine.detectors.names import lexicon  # (names imports this module)

    lex = lexicon()
    words = re.split(r"[\-_]", segment.rsplit(".", 1)[0])
    return all(lex.is_ordinary(w) and w not in lex.first for w in words)


def _url(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    """A URL that identifies a person: a path or query segment that is an identifier
    (digits, letters mixed with digits: "/patients/491711", "?pid=Z7861758",
    "/join/ouyang-84079"), a query that may carry a person's words ("?name=...",
    "?q=..."), a person's page on a blog, profile or fundraiser site
    ("marie-yoder.blogspot.com", "gofundme.com/f/help-jaewon-fairbanks"), a host or a path
    segment that is a person's name ("www.charlenetorres.com", "/in/maria-okafor"). A
    service's endpoint or an organisation's page ("https://asr.example.org/v1/stream",
    "https://clinic.example.org/locations", a code system's URI) identifies no one.
    """
    value = text[start:end]
    scheme_end = value.find("://")
    if any(ch in value for ch in "#@"):
        return start, end, "URL"
    if scheme_end < 0 and start and text[start - 1] in "@./":
        return None  # the tail of an email address or of a longer path, not a link's host
    value, _, query = value.partition("?")
    host, _, path = (value[scheme_end + 3 :] if scheme_end >= 0 else value).partition("/")
    segments = [seg for seg in path.split("/") if seg]
    if any(_SERVICE_SEGMENT.search(seg) is None and not _plain_document(seg)
           for seg in segments) or any(len(seg) == 1 for seg in segments[:-1]):
        # (A segment after a one-letter one is a short link's token: "/p/KEJUAMKi".)
        return start, end, "URL"
    if query and not _plain_query(query):
        return start, end, "URL"
    labels = host.lower().partition(":")[0].split(".")
    site = ".".join(labels[-2:])
    if site in _PERSONAL_SITES and (segments or labels[0] not in ("www", labels[-2])):
        return start, end, "URL"
    if any(_name_label(label) for label in labels[:-1] if label != "www") or any(
            _name_label(seg) for seg in segments):
        return start, end, "URL"
    if _named_nearby(text, start, end, labels[-2] if len(labels) >= 2 else ""):
        return start, end, "URL"
    return (start, end, "URL") if personal_link(text, start) else None


#: A name in title case of two words, as a record writes the person it is about.
_TITLE_NAME = re.compile(r"\b([A-Z][a-z]+)[ ]+(?:[A-Z]\.?[ ]+)?([A-Z][a-z'\-]+)\b")
#: A person's key or word right before their name ("patient": "Grace Love", "Pt: ...").
_PERSON_BEFORE_NAME = re.compile(
    r"\b(?:patient|pt|member|subscriber|caller|client|resident|name|user|owner|customer)"
    r"[\"']?[ ]*[:=]?[ ]*[\"']?$", re.IGNORECASE)
#: How far around a link a name written in the same record is read.
_NAME_NEAR_CHARS = 200


def _named_nearby(text: str, start: int, end: int, label: str) -> bool:
    """Whether a host's label is the name of a person the text names near it, run
    together, maybe with a word a person's site adds ("www.gracelovephoto.com" beside
    "patient": "Grace Love"): that person's own site."""
    label = label.lower()
    if not 6 <= len(label) <= 40 or not label.isalpha():
        return False
    heads = {label}
    heads.update(label[: -len(tail)] for tail in _SITE_TAILS if label.endswith(tail))
    near = text[max(0, start - _NAME_NEAR_CHARS) : start] + " " + text[
        end : end + _NAME_NEAR_CHARS]
    from phiguard._engine.detectors.names import lexicon  # (names imports this module)

    lex = lexicon()
    return any((m[1] + m[2]).lower().replace("'", "").replace("-", "") in heads
               and m[1].lower() in lex.first
               and _PERSON_BEFORE_NAME.search(near[max(0, m.start() - 24) : m.start()])
               for m in _TITLE_NAME.finditer(near))


#: What says a link is a person's own: "my website is", "pictures on my page", "we made a
#: page for his recovery" (not "our website", an organisation's).
_PERSONAL_LINK_CUE = re.compile(
    r"\b(?:(?:my|his|her|their|our[ ]+family'?s?|(?:the[ ]+)?family)[ ]+(?:own[ ]+|personal[ ]+)?"
    r"(?:web[ ]?site|site|blog|page|home[ ]?page|profile|channel|portfolio|fundraiser"
    r"|go[ ]?fund[ ]?me|caring[ ]?bridge|meal[ ]?train)"
    r"|(?:made|started|set[ ]+up|created|put[ ]+up)[ ]+a[ ]+(?:page|site|fundraiser|blog))\b"
    r"[^.!?\n]{0,32}$",
    re.IGNORECASE,
)


def personal_link(text: str, start: int) -> bool:
    """Whether the words before a link at ``start`` say it is a person's own page ("my
    website is ...", "a page for his surgery: ..."), whatever its host."""
    return _PERSONAL_LINK_CUE.search(text, max(0, start - 96), start) is not None


def luhn_ok(digits: str) -> bool:
    """Return whether a string of digits passes the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _digits(s: str) -> str:
    return "".join(ch for ch in s if "0" <= ch <= "9")


def role_address(address: str) -> bool:
    """Whether an email address is an organisation's role address, no person's: its local
    part is made only of role words ("it-ops@", "no-reply@", "patient.services@")."""
    local = address.partition("@")[0].lower()
    return all(word in _ROLE_MAIL_WORDS for word in re.split(r"[._+\-]+", local))


#: A mail header whose value is a message's id, not a mailbox ("Message-ID: <x@host>").
_MESSAGE_ID_HEADER = Regex(
    r"(?:^|[\r\n])(?:message-id|in-reply-to|references|content-id)[ ]*:[^\r\n]*$")


def _email(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    """An email address, but not an organisation's role address nor a message's id; a
    SIP or tel URI's number ("sip:+18454160326@carrier.example") is the phone alone."""
    local = text[start:end].partition("@")[0]
    if local.isdigit() and 7 <= len(local) <= 15:
        if toll_free(local):
            return None  # an organisation's toll-free line ("sip:18005550199@...")
        return start, start + len(local), "PHONE"
    if role_address(text[start:end]) or _MESSAGE_ID_HEADER.search(
            text[max(0, start - 200) : start]) is not None:
        return None
    return start, end, "EMAIL"


def _ssn(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    if text[start] in "xX*#":  # masked: the mask goes with the last four digits it leaves
        return (start, end, "SSN") if _digits(text[end - 4 : end]) != "0000" else None
    if "+" in text[start:end] and text[start - 1 : start] != "=" and not (
            text[start - 1 : start] == "+" and text[start - 2 : start - 1].isalpha()):
        # "+" for spaces only in a form's value ("ssn=211+62+0041", "Body=my+ssn+is+211+62+
        # 0041"), not in a sum
        return None
    d = _digits(text[start:end])
    if d[:3] in ("000", "666") or d[3:5] == "00" or d[5:] == "0000":
        return None
    return start, end, "SSN"


#: A National Drug Code in its ten-digit hyphenated shapes (4-4-2, 5-3-2, 5-4-1), whose
#: labeler code may open with "00" like an international call ("0093-7146-56").
_NDC = re.compile(r"[0-9]{4}-[0-9]{4}-[0-9]{2}|[0-9]{5}-[0-9]{3}-[0-9]{2}|[0-9]{5}-[0-9]{4}-[0-9]")
_EXTENSION = re.compile(r"[ ]?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ ]?[0-9]{1,6}$")


#: The area codes of North American toll-free numbers (no person's own line).
_TOLL_FREE = frozenset(["800", "833", "844", "855", "866", "877", "888"])
#: A cue just before a number that says it is where someone asked to be called back
#: ("Callback: 1-800-..."): such a number is theirs, whatever its area code.
_CALLBACK_BEFORE = Regex(r"\bcall[ \-]?back(?:[ ]+(?:number|no\.?|#))?[ ]*[:=#]?[ ]*$")


def toll_free(digits: str) -> bool:
    """Whether ``digits`` (a number's digits alone) are a North American toll-free number
    (800, 833, 844, 855, 866, 877 or 888, with or without the leading 1): an
    organisation's line, never a person's phone."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[:3] in _TOLL_FREE


def organisation_line(text: str, start: int, digits: str) -> bool:
    """Whether a number at ``start`` with ``digits`` is an organisation's toll-free line
    and not given as where someone asked to be called back ("Callback: 1-800-...")."""
    return toll_free(digits) and _CALLBACK_BEFORE.search(text[max(0, start - 24) : start]) is None


def _phone(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    s = text[start:end]
    if "%" in s:  # percent-encoded (the engine decodes a text first; a caller may not)
        s = unquote(s)
    ext = _EXTENSION.search(s)
    if ext is not None:  # the extension is part of the finding, not of the number's checks
        s = s[: ext.start()]
    d = _digits(s)
    international = s.startswith(("+", "00")) and not s.startswith(("+1", "001", "0011"))
    if s.startswith("011") or international:
        if _NDC.fullmatch(s) is not None:
            return None  # a drug's National Drug Code ("0093-7146-56"), not "00" and a number
        if s.startswith("011"):
            d = d[3:]
        elif s.startswith("00"):
            d = d[2:]
        return (start, end, "PHONE") if 8 <= len(d) <= 15 else None
    if s.startswith("001"):
        d = d[2:]
    if len(d) == 11:
        if d[0] != "1":
            return None
        d = d[1:]
    if len(d) != 10 or d[0] in "01":
        return None
    if _in_hl7_header(text, start, end):
        return None  # a message control id in MSH or MSA, not a phone number
    if _X12_TRACE.search(text[max(0, start - 40) : start]) is not None:
        return None  # an X12 trace number (TRN), not a phone number
    if text[max(0, start - 4) : start] == "*XX*":
        return None  # an X12 NPI (qualifier XX): segment_id finds it as an identifier
    if organisation_line(text, start, d):
        return None  # an organisation's toll-free line ("the nurse line ... at 1-800-...")
    if _NUMBER_OF_THING.search(text[max(0, start - 32) : start]) is not None:
        return None  # "The order number is 645-5188154": an order's number, no one's phone
    return start, end, "PHONE"


#: A thing's number named right before a value ("order number is", "claim #", "tracking
#: no."): a number in a phone's shape there is that thing's, not a phone.
_NUMBER_OF_THING = Regex(
    r"\b(?:order|confirmation|reference|tracking|invoice|ticket|claim|booking|transaction"
    r"|shipment|case)[ _\-]?(?:number|num|no\.?|#|id)[ ]*(?:is|was|:|#|=)?[ ]*$")


#: The start of an X12 trace segment up to the element at hand ("TRN*1*975736286*").
_X12_TRACE = Regex(r"(?:^|[~\r\n])TRN\*[^~\r\n]*$")


def _in_hl7_header(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole field of an HL7 MSH or MSA segment."""
    if text[start - 1 : start] != "|" or text[end : end + 1] not in ("|", "", "\r", "\n"):
        return False
    return text.startswith(("MSH|", "MSA|"), line_start(text, start))


def _card(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    s = text[start:end]
    d = _digits(s)
    if not 13 <= len(d) <= 19:
        return None
    if len(d) == len(s):
        # An unbroken run starting "89" (the telecom prefix, which no card network uses)
        # and long enough is a SIM card's ICCID: a device identifier, checksum or not.
        if d.startswith("89") and len(d) >= 18:
            return start, end, "LICENSE_OR_DEVICE_ID"
        # yyyymmddhhmmss is a timestamp (an HL7 message time, a build stamp), not a card.
        if len(d) == 14 and _compact_timestamp(d):
            return None
    if luhn_ok(d):
        return start, end, "CREDIT_CARD"
    # Four groups of four written with separators is a card's shape even when the
    # checksum fails (a typo, or synthetic data): it is still a card number to protect.
    if len(d) == 16 and len(s) == 19 and s[4] == s[9] == s[14] and s[4] in " -":
        return start, end, "CREDIT_CARD"
    return None


def _compact_timestamp(d: str) -> bool:
    """Whether 14 digits read as ``yyyymmddhhmmss`` (a year 1900-2099, valid fields)."""
    return (
        d[:2] in ("19", "20") and "01" <= d[4:6] <= "12" and "01" <= d[6:8] <= "31"
        and d[8:10] <= "23" and d[10:12] <= "59" and d[12:14] <= "59"
    )


def _ipv6(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    s = text[start:end]
    if s.count(":") < 2 or (s.count(":") < 7 and "::" not in s):
        return None
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return None
    if s == "::":
        return None
    return start, end, "IP"


def _ipv4(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    """An IPv4 address, not four numbers inside a longer dotted run (an OID,
    "2.16.840.1.113883.10.20.22.1.1", a C-CDA template or code system) nor a version."""
    if (start > 1 and text[start - 1] == "." and text[start - 2].isdigit()) or (
            text[end : end + 1] == "." and text[end + 1 : end + 2].isdigit()):
        return None
    if _VERSION_KEY.search(text[max(0, start - 16) : start]) is not None:
        return None  # "build 10.4.12.201", "fw=2.1.0.14": a version in four parts
    return start, end, "IP"


#: The name of a MAC address right before one ("MAC 88-95-...", "mac_address=", "BSSID:").
_MAC_CUE = Regex(
    r"\b(?:mac|mac[ _\-]?addr(?:ess)?|hw[ _\-]?addr(?:ess)?|bssid|ether)[\"']?[ ]*[:=#]?[ ]*"
    r"[\"']?$")


def _mac(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    # A MAC address has a letter digit somewhere or it is a number with separators (a
    # "12-34-56-78-90-12" reference); the all-zero and broadcast addresses name no device.
    value = text[start:end].lower()
    if value.strip("0:-.") == "" or not (any("a" <= ch <= "f" for ch in value) or (
            _MAC_CUE.search(text[max(0, start - 16) : start]) is not None)):
        return None  # (digits alone are a MAC only after its name: "MAC 88-95-93-44-30-96")
    if value.replace(":", "").replace("-", "").replace(".", "") == "f" * 12:
        return None
    return start, end, "LICENSE_OR_DEVICE_ID"


#: The values of a VIN's letters and the weights of its positions (ISO 3779, 49 CFR 565).
_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip(
    "ABCDEFGHJKLMNPRSTUVWXYZ",
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9], strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
#: A code said to be no person's just before a value ("order AB1234563").
_CODE_WORD_BEFORE = Regex(
    r"\b(?:order|confirmation|conf|reference|ref|tracking|ticket|booking|promo|coupon|invoice"
    r"|case|sku|part|model|build|version|claim|group|grp|payer|ndc|trace|span|request|req"
    r"|transaction|txn|incident|shipment|purchase|po|batch|lot|job|run|session|message|msg"
    r"|error|event)[ _\-]?(?:number|num|no|id|code|#)?[ :#=\"']*$")
#: Prefixes of a system's own ids in the member id's shape (a ticket, an order, a claim,
#: a change, a transaction).
_CODE_PREFIXES = frozenset(
    ["INC", "CHG", "REQ", "TKT", "ORD", "INV", "CLM", "GRP", "TXN", "REF", "CNF", "PO", "SO",
     "TRK", "CS", "CAS", "ERR", "PRB", "TSK", "JOB", "BAT", "LOT", "NDC", "VER", "PR", "ID"])
#: The label of a member id's shape by its prefix (others are members').
_SHAPE_LABELS = {"SN": "LICENSE_OR_DEVICE_ID", "SER": "LICENSE_OR_DEVICE_ID",
                 "AC": "ACCOUNT", "ACC": "ACCOUNT", "MRN": "MRN", "MR": "MRN"}


def _vin_ok(value: str) -> bool:
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(value, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return value[8] == check and sum(ch.isalpha() for ch in value) >= 2


def _dea_ok(value: str) -> bool:
    d = [int(ch) for ch in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def _checked_id(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    value = text[start:end]
    letters = len(value) - len(value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    shaped = len(value) != 17 and (letters == 3 or len(value) >= 11)
    if shaped:  # a member id's shape (or MRN and its digits)
        if value[:letters] in _CODE_PREFIXES:
            return None
    elif not (_vin_ok(value) if len(value) == 17 else _dea_ok(value)):
        return None
    if _CODE_WORD_BEFORE.search(text[max(0, start - 40) : start].lower()) is not None:
        return None
    if shaped:
        return start, end, _SHAPE_LABELS.get(value[:letters], "MEMBER_ID")
    return start, end, "LICENSE_OR_DEVICE_ID"


_COMPACT_DAY = r"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"

#: A compact date (``YYYYMMDD``, maybe with ``hhmm[ss]``) as a whole field of an HL7 v2 or
#: X12 segment: ``|19460609|``, ``DMG*D8*19310321*``; the start, end or due time of an
#: iCalendar event and a vCard's birthday (``DTSTART:20231130T160000``,
#: ``DTSTART;TZID=America/Chicago:20250606T093000``, ``BDAY:19650412``: a property opens a
#: line, maybe after an escaped line break; of ``DTSTART:20250420111000``, a time run into
#: the date with no "T", the date alone); and one after a cue that names a person's date
#: ("Date of service: 20250514", ``admit_date=20240105``; ``MMDDYYYY`` too: "DOS 05142025");
#: a C-CDA ``<birthTime value="19710502"/>`` (``<BirthTime value=...>`` too).
COMPACT_DATE_PATTERN = (
    rf"[|*^]({_COMPACT_DAY}"
    # (A word boundary, not the next separator, ends it: two dates in adjacent fields
    # share the "|" between them.)
    r"(?:[0-2][0-9][0-5][0-9](?:[0-5][0-9])?)?)\b"
    r"|(?:(?m:^)|\r|\\n)(?-i:DTSTART|DTEND|DUE|RECURRENCE-ID|BDAY|ANNIVERSARY|DEATHDATE)"
    rf"(?:;[^:\r\n]{{0,80}})?:({_COMPACT_DAY}(?:T[0-2][0-9][0-5][0-9](?:[0-5][0-9])?Z?)?)"
    # (a time run into the date with no "T", "DTSTART:20250420111000": the date alone)
    r"(?:[0-2][0-9][0-5][0-9](?:[0-5][0-9])?Z?)?\b"
    # A C-CDA birth or death time, or an XML export's in any case and with a namespace:
    # <birthTime value="19710502"/>, <BirthTime value="19631225"/>, <hl7:birth_date value=...
    r"|<(?:[a-z][a-z0-9]*:)?(?:birth|deceased|death)[_\-]?(?:time|date)[ ]+value="
    rf"\"({_COMPACT_DAY})"
    r"|\b(?:date[ _\-]of[ _\-](?:birth|service|death|visit|admission|discharge|injury)|dob|dos"
    r"|dod|birth[ _\-]?date|(?:service|visit|admit|admission|discharge|appointment|appt|death)"
    rf"[ _\-]?date)[\"']?[ ]*[:=#]?[ ]*[\"']?({_COMPACT_DAY}"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:19|20)[0-9]{2})\b"
)

#: The components of an iCalendar object whose times are no one's (a time zone's rules).
_ZONE_RULES = ("BEGIN:VTIMEZONE", "BEGIN:STANDARD", "BEGIN:DAYLIGHT")


#: An event's summary that says a place is closed or a day is a holiday ("Clinic closed -
#: staff training", "Office closure", "Thanksgiving (observed)").
_CLOSURE_SUMMARY = re.compile(
    r"(?:^|[\r\n])SUMMARY[^:\r\n]*:[^\r\n]*\b(?:closed|closure|closing|holiday|observed"
    r"|staff[ ](?:training|meeting)|all[ ]staff|maintenance|outage)\b", re.IGNORECASE)


def _no_ones_event(text: str, opened: int) -> bool:
    """Whether the iCalendar component opened at ``opened`` is no one's: a closure or a
    holiday, with no attendee (its dates are the organisation's)."""
    closed = text.find("END:", opened, opened + 2000)
    block = text[opened : len(text) if closed < 0 else closed]
    return "ATTENDEE" not in block and _CLOSURE_SUMMARY.search(block) is not None


def _compact_date(
    text: str, start: int, end: int, match: Groups
) -> tuple[int, int, str] | None:
    """A compact date in a segment other than a message header (MSH-7 is the message's
    own time) and a transaction set header (ISA, GS, ST, BHT carry the file's date); an
    event's time outside a time zone's rules (``DTSTART:19701025T030000`` in VTIMEZONE).
    """
    group = next(g for g in (1, 2, 3, 4) if match[g][0] >= 0)
    start, end = match[group]
    if group == 2:
        opened = text.rfind("BEGIN:", max(0, start - 400), start)
        if opened >= 0 and text.startswith(_ZONE_RULES, opened):
            return None
        if opened >= 0 and _no_ones_event(text, opened):
            return None
        return start, end, "DATE"
    if group in (3, 4):
        return start, end, "DATE"
    if text.startswith(("MSH|", "BHS|", "FHS|"), line_start(text, start)):
        return None
    if text.startswith(("ISA*", "GS*", "ST*", "BHT*"), line_start(text, start, x12=True)):
        return None
    return start, end, "DATE"


def written_detectors() -> list[PatternDetector]:
    """Return the detectors of written identifiers."""
    return [
        builtin_detector("email", "EMAIL", EMAIL_PATTERN, refine=_email),
        builtin_detector("ssn", "SSN", SSN_PATTERN, refine=_ssn,
                         finder=without_groups(SSN_PATTERN)),
        builtin_detector("phone", "PHONE", PHONE_PATTERN, group=1, refine=_phone),
        builtin_detector("credit_card", "CREDIT_CARD", CARD_PATTERN, refine=_card,
                         finder=without_groups(CARD_PATTERN)),
        builtin_detector("ipv4", "IP", IPV4_PATTERN, refine=_ipv4,
                         finder=without_groups(IPV4_PATTERN)),
        builtin_detector("ipv6", "IP", IPV6_PATTERN, group=1, refine=_ipv6),
        builtin_detector("url", "URL", URL_PATTERN, refine=_url),
        builtin_detector("date", "DATE", DATE_PATTERN, refine=_date,
                         finder=without_groups(DATE_PATTERN)),
        builtin_detector("patient_path", "URL", PATIENT_PATH_PATTERN, refine=_patient_path),
        builtin_detector("compact_date", "DATE", COMPACT_DATE_PATTERN, refine=_compact_date),
        builtin_detector("mac_address", "LICENSE_OR_DEVICE_ID", MAC_PATTERN, refine=_mac,
                         finder=without_groups(MAC_PATTERN)),
        builtin_detector("checked_id", "LICENSE_OR_DEVICE_ID", CHECKED_ID_PATTERN,
                         case_sensitive=True, refine=_checked_id,
                         finder=without_groups(CHECKED_ID_PATTERN)),
    ]
