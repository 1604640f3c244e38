"""Detectors for identifiers written with digits and symbols (tool payloads, logs, forms).

Each is a pure RE2 pattern (its ``pattern`` attribute goes verbatim into the Collector
config) plus, for some, a cheap validator: the Luhn checksum for cards, SSN area/group rules,
the North American numbering plan for phones, :mod:`ipaddress` for IPv6.
"""

from __future__ import annotations

import ipaddress
import re

from phiguard._engine.detectors.pattern import PatternDetector, builtin_detector

_B = r"(?:^|[^0-9A-Za-z_])"  # a left boundary that also works before '+' and '('

EMAIL_PATTERN = (
    r"\b[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24}\b"
)

SSN_PATTERN = (
    r"\b([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}"
    r"|[0-9]{3}\.[0-9]{2}\.[0-9]{4})\b"
)

# An extension said after a number: "x123", "ext. 12", "extension 4".
_PHONE_EXT = r"(?:[ ]?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ ]?[0-9]{1,6})?"
# North American numbers in their usual written shapes (with the 00 / 011 international
# access prefixes too), E.164, and spaced international numbers with an optional "(0)" trunk
# prefix and groups of up to eight digits; each may carry an extension.
PHONE_PATTERN = (
    r"(?:^|[^0-9A-Za-z_+])("
    r"(?:(?:\+|00|011[ .\-]?)?1[ .\-]?|00[ .\-]?)?"
    r"(?:\([0-9]{3}\)[ .\-]?|[0-9]{3}[ .\-]?)[0-9]{3}[ .\-]?[0-9]{4}" + _PHONE_EXT
    + r"|\+[2-9][0-9]{7,14}" + _PHONE_EXT
    + r"|(?:\+|00)[1-9][0-9]{0,2}"
    r"(?:[ .\-]?\(0\)[ .\-]?[0-9]{1,8}(?:[ .\-][0-9]{1,8}){1,4}|(?:[ .\-][0-9]{1,8}){2,5})"
    + _PHONE_EXT
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
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"

DATE_PATTERN = (
    r"\b("
    # 03/14/1984, 3-14-84, 14.03.1984 (day-first), 1984-03-14, 1984/03/14
    rf"{_MON_NUM}[/\-.]{_DAY}[/\-.](?:{_YEAR4}|[0-9]{{2}})"
    rf"|{_DAY}[/\-.]{_MON_NUM}[/\-.]{_YEAR4}"
    rf"|{_YEAR4}[/\-.]{_MON_NUM}[/\-.]{_DAY}(?:T[0-9:.]+Z?)?"
    # March 14, 1984 / Mar. 14th 1984 / March 14
    rf"|{_MONTH}\.? {_DAY}(?:st|nd|rd|th)?(?:,? {_YEAR4})?"
    # 14 March 1984 / 14th of March, 1984
    rf"|{_DAY}(?:st|nd|rd|th)?(?: of)? {_MONTH}\.?(?:,? {_YEAR4})?"
    # March 1984
    rf"|{_MONTH}\.?,? {_YEAR4}"
    r")\b"
)


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


def _ssn(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    d = _digits(text[start:end])
    if d[:3] in ("000", "666") or d[3:5] == "00" or d[5:] == "0000":
        return None
    return start, end, "SSN"


_EXTENSION = re.compile(r"[ ]?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ ]?[0-9]{1,6}$")


def _phone(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    s = text[start:end]
    ext = _EXTENSION.search(s)
    if ext is not None:  # the extension is part of the finding, not of the number's checks
        s = s[: ext.start()]
    d = _digits(s)
    international = s.startswith(("+", "00")) and not s.startswith(("+1", "001", "0011"))
    if s.startswith("011") or international:
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
    return start, end, "PHONE"


def _card(text: str, start: int, end: int, _m: object = None) -> tuple[int, int, str] | None:
    s = text[start:end]
    d = _digits(s)
    if not 13 <= len(d) <= 19:
        return None
    if luhn_ok(d):
        return start, end, "CREDIT_CARD"
    # Four groups of four written with separators is a card's shape even when the
    # checksum fails (a typo, or synthetic data): it is still a card number to protect.
    if len(d) == 16 and len(s) == 19 and s[4] == s[9] == s[14] and s[4] in " -":
        return start, end, "CREDIT_CARD"
    return None


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


def _whole(pattern: str) -> str:
    """Return a ``\\b(...)\\b`` pattern without its group (which is the whole match).

    RE2 finds a match without groups with its DFAs alone; the group would cost a second,
    slower pass over the match.
    """
    if not (pattern.startswith(r"\b(") and pattern.endswith(r")\b")):
        raise ValueError("not a \\b(...)\\b pattern")
    return r"\b(?:" + pattern[3:]


def written_detectors() -> list[PatternDetector]:
    """Return the detectors of written identifiers."""
    return [
        builtin_detector("email", "EMAIL", EMAIL_PATTERN),
        builtin_detector("ssn", "SSN", SSN_PATTERN, refine=_ssn, finder=_whole(SSN_PATTERN)),
        builtin_detector("phone", "PHONE", PHONE_PATTERN, group=1, refine=_phone),
        builtin_detector("credit_card", "CREDIT_CARD", CARD_PATTERN, refine=_card,
                         finder=_whole(CARD_PATTERN)),
        builtin_detector("ipv4", "IP", IPV4_PATTERN, finder=_whole(IPV4_PATTERN)),
        builtin_detector("ipv6", "IP", IPV6_PATTERN, group=1, refine=_ipv6),
        builtin_detector("url", "URL", URL_PATTERN),
        builtin_detector("date", "DATE", DATE_PATTERN, finder=_whole(DATE_PATTERN)),
    ]
