"""Fold look-alike characters to ASCII before detection, keeping a map back to the original.

Detector patterns are written for ASCII digits, spaces and hyphens. Text from tool payloads
and speech-to-text can hold fullwidth or Arabic-Indic digits, no-break and thin spaces,
typographic dashes and quotes, Latin letters with diacritics ("Jiménez", "Żukowski",
"Nguyễn"), and invisible characters (zero-width space, soft hyphen) inside a number.
:func:`fold` returns a text in which those have been mapped to their ASCII meaning
(invisible ones removed) and, when removals changed the length, an index map so findings on
the folded text can be moved back onto the original.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters with no visible meaning that can be slipped inside a number or a word.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Fullwidth ASCII (FF01..FF5E) and the ideographic space.
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFF01 + 0x21)
    table[0x3000] = " "
    # Decimal digits of other scripts that appear in the wild.
    for zero in (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0E50, 0x1040,
                 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6):
        for d in range(10):
            table[zero + d] = chr(0x30 + d)
    # Spaces.
    for cp in (0x00A0, 0x1680, 0x202F, 0x205F, *range(0x2000, 0x200B)):
        table[cp] = " "
    # Dashes and minus signs.
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63):
        table[cp] = "-"
    # Typographic quotes and apostrophes (U+2019 in "O\u2019Brien").
    for cp in (0x2018, 0x2019, 0x201B, 0x02BC, 0x2032):
        table[cp] = "'"
    for cp in (0x201C, 0x201D, 0x201F):
        table[cp] = '"'
    # Latin letters with diacritics fold to their base letter, one for one, so names and
    # street names match the ASCII patterns and lists ("Jiménez" is "Jimenez").
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFKD", chr(cp))[:1]
        if base.isascii() and base.isalpha():
            table[cp] = base
    for ch, base in zip("ßłŁøØđĐðÐħıæÆœŒþÞ", "slLoOdDdDhiaAoOtT", strict=True):
        table[ord(ch)] = base
    # Look-alike punctuation used in emails and URLs.
    table[0xFE6B] = "@"
    table[0x2024] = "."
    table[0xFF0E] = "."
    return table


_TABLE = _build_table()
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
#: URL-encoded punctuation that identifiers are written with ("%2F" in a date, "%40" in an
#: email, "%20" between words), and the "=" and "&" of a form body encoded inside another
#: ("payload=member_id%3DXK2234411%26zip%3D45402"); other escapes are left as they are.
_PERCENT = {"2F": "/", "40": "@", "2B": "+", "20": " ", "2C": ",", "3A": ":", "2D": "-",
            "2E": ".", "5F": "_", "23": "#", "27": "'", "28": "(", "29": ")", "3D": "=",
            "26": "&"}
_PERCENT_RE = re.compile("%(" + "|".join(_PERCENT) + ")", re.IGNORECASE)


def _decode_percent(text: str) -> tuple[str, list[int]] | None:
    """Decode the URL-encoded punctuation in ``text``, or None if it holds none.

    Returns the decoded text and, for each of its characters, the offset in ``text`` of the
    character it comes from, with one extra entry for the end.
    """
    out: list[str] = []
    index_map: list[int] = []
    pos = 0
    for match in _PERCENT_RE.finditer(text):
        out.append(text[pos : match.start()])
        index_map.extend(range(pos, match.start()))
        out.append(_PERCENT[match.group(1).upper()])
        index_map.append(match.start())
        pos = match.end()
    if not out:
        return None
    out.append(text[pos:])
    index_map.extend(range(pos, len(text) + 1))
    return "".join(out), index_map


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return ``(folded, index_map)``.

    ``index_map`` is ``None`` when ``folded`` has the same length as ``text`` (offsets carry
    over unchanged); otherwise ``index_map[i]`` is the offset in ``text`` of ``folded[i]``,
    with one extra entry for the end of the text.
    """
    if "%" in text:
        decoded = _decode_percent(text)
        if decoded is not None:
            inner, inner_map = fold(decoded[0])
            outer = decoded[1]
            if inner_map is None:
                return inner, outer
            return inner, [outer[i] for i in inner_map]
    if text.isascii():
        return text, None
    folded = text.translate(_TABLE)
    if _INVISIBLE_RE.search(folded) is None:
        return folded, None
    index_map: list[int] = []
    kept: list[str] = []
    for i, ch in enumerate(folded):
        if ch in _INVISIBLE:
            continue
        index_map.append(i)
        kept.append(ch)
    index_map.append(len(folded))
    return "".join(kept), index_map
