"""A detector for the cells of delimited tables whose header line says what each column holds.

``table_column`` reads CSV, TSV, pipe-separated and Markdown tables by their header, with the
key vocabulary that ``key_field`` reads in ``key=value`` text: a ``PatientID`` or
``patient_id`` column holds record numbers (MRN), ``zip`` ZIP codes, ``vehicle_plate``
licence plates, ``full_name`` or ``rider`` names, ``pickup_city`` places. The rules:

- **Header.** A line of two or more cells split by one delimiter (a tab if the line holds
  one, else ``|``, else ``,``, else ``;``; no space after a comma or semicolon, which prose
  puts there); every cell, without the spaces and quotes around it, is a key: a letter,
  then at most 39 letters, digits, spaces or ``_ . # / ( ) $ % -``.
  Only a Markdown table's outer ``|`` may leave an empty cell (first and last). At least
  one column must be personal (:func:`column_label`). A title line with no delimiter
  before it ("### Devices") is skipped.
- **Rows.** The lines right after the header that split, by the same delimiter and the
  csv module's quoting rules (a quoted cell may hold the delimiter, ``""`` is a quote), into
  as many cells as the header (an unquoted cell may hold ", ", as an unquoted "Family,
  Given" does: the header has no space after its commas); a Markdown separator
  (``|---|:---:|``) is skipped. The first
  other line (a blank line, prose, a row of another width) ends the table.
- **Cells.** A cell of a personal column is a finding when its value has the shape of its
  label: enough digits for an identifier (as ``key_field`` asks), five or nine digits for a
  ZIP, 90 to 119 for an age, an ``@`` for an email, a name's words for a name (a key that
  says "name" vouches for any such value; a bare ``name`` or a person key such as
  ``rider`` or ``patient`` needs a value the name lists recognise; an ``Owner`` or
  ``Assignee`` column, which may hold a team, needs two or more such words). Empty cells and
  placeholders (``N/A``, ``null``) are not.

A table of keys and values, one pair a row under a header such as ``| field | value |``
(``key``, ``attribute``, ``item``; ``value``, ``details``), is read row by row: each row's
key labels its value as a header labels a column (``| city | Elko |`` is a place, ``| name
| Oluwaseun Little |`` a name, also when its family name is a word, if its given name is
listed; a whole address in one cell gives its street line, the address detectors the rest).

Columns that name nothing personal (``order_id``, ``trip``, ``balance``, ``status``,
``latency_ms``) are never findings, whatever they hold.

``pipe_record`` reads records without a header line: an export's pipe-separated row that
names a person the HL7 way, a comma-separated roster row ("Family, Given" and a date, in
digits or with its month's name, or a phone, and the address after them; "Family,Given,
<date>,<street>"; a street, city, ZIP and identifier), and an SQL
``INSERT``'s values by its column list (see RECORD_PATTERN).

The RE2 ``pattern`` matches a header line with a personal-looking cell and the lines after
it that hold a delimiter (so the Collector, which cannot parse the table, redacts it whole);
``refine`` returns the first finding of the table, and ``expand`` every other (the engine
calls ``expand`` once per text with findings, on the whole text, so a table longer than the
piece a long text is scanned in is read whole). Both are linear in the table's length.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from phiguard._engine.detectors.address import _ADDRESS_KEY, _states
from phiguard._engine.detectors.fields import _CUE_WORDS, _camel_parts, _digit_count, _is_code
from phiguard._engine.detectors.names import _NAME_KEY_RE, _looks_like_name, _vouches, lexicon
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
from phiguard._engine.detectors.spoken import _MIN_DIGITS, _cue_label
from phiguard._engine.detectors.written import _digits, toll_free

#: The id of the detector (its ``expand`` picks its own findings by it).
TABLE_ID = "table_column"

#: Words of a personal column that key_field's cue words leave out: names, people, places,
#: email, age. The pattern looks for them (or a cue word) anywhere in a header cell; which
#: column is personal is decided by :func:`column_label`.
_COLUMN_WORDS = (
    r"name|first|last|given|family|surname|patient|rider|member|subscriber|insured|caller"
    r"|recipient|guarantor|client|customer|resident|beneficiary|contact|holder|spouse"
    r"|guardian|parent|addr|street|line|apt|apartment|unit|city|town|municipality|locality"
    r"|county|post|zip|mail|age|driver|provider|physician|doctor|clinician|prescriber|nurse"
    r"|caregiver|practitioner|pcp|owner|assignee"
)
_HEAD_CHARS = r"[a-z0-9_ .#/()$%\-]"
#: (A Markdown cell may be bold: "| **City** | Elko |".)
_CELL = rf"[ ]*\"?(?:\*\*)?[a-z]{_HEAD_CHARS}{{0,39}}(?:\*\*)?\"?[ ]*"
_CUE_CELL = (
    rf"[ ]*\"?(?:\*\*)?{_HEAD_CHARS}*(?:{_COLUMN_WORDS}|{_CUE_WORDS}){_HEAD_CHARS}*(?:\*\*)?\"?[ ]*"
)
_SEP = r"[,\t|;]"

TABLE_PATTERN = (
    # A header line with a cell that may name a personal column, then the lines after it
    # that hold a delimiter (the rows; refine and expand count their cells).
    rf"(?m:^)[ \t]*\|?(?:{_CELL}{_SEP})*{_CUE_CELL}(?:{_SEP}{_CELL})*\|?[ \t]*\r?\n"
    rf"(?:[^\n]*{_SEP}[^\n]*\n?)+"
)

#: Where TABLE_PATTERN can match: a line of two or more header-like cells, then a line with
#: a delimiter (the cue words are left to the pattern: the gate stays small, and a text of
#: one line never wakes the detector).
_TRIGGER_CELL = rf"\"?(?:\*\*)?[a-z]{_HEAD_CHARS}*(?:\*\*)?\"?"
TABLE_TRIGGER = (
    # (Cells of any length: a counted repetition costs the gate's automaton many states.)
    # Commas or semicolons with no space after them (prose puts one there), tabs, pipes.
    rf"(?m:^)[ \t]*(?:{_TRIGGER_CELL}(?:[,;]{_TRIGGER_CELL})+[ \t]*\r?\n[^\n]*[,;]"
    rf"|[ ]*{_TRIGGER_CELL}[ ]*(?:\t[ ]*{_TRIGGER_CELL}[ ]*)+\r?\n[^\n]*\t"
    rf"|\|?[ ]*{_TRIGGER_CELL}[ ]*(?:\|[ ]*{_TRIGGER_CELL}[ ]*)+\|?[ \t]*\r?\n[^\n]*\|)"
)

_FINDER = compile_re2(without_groups(TABLE_PATTERN))

#: A header cell without its spaces and quotes.
_HEADER_CELL = Regex(r"^[a-z][a-z0-9_ .#/()$%\-]{0,39}$")
#: A Markdown table's separator cell: "---", ":---:".
_RULE_CELL = Regex(r"^[ ]*:?-+:?[ ]*$")
_ADDRESS_KEY_RE = Regex(rf"^(?:{_ADDRESS_KEY})$")
#: Person keys whose value must look like a name (the key does not say "name").
_PERSON_KEYS = frozenset(
    ["name", "patient", "rider", "member", "subscriber", "insured", "caller", "recipient",
     "guarantor", "client", "customer", "resident", "beneficiary", "contact", "holder",
     "cardholder", "policyholder", "spouse", "guardian", "parent", "passenger", "driver",
     "provider", "physician", "doctor", "clinician", "prescriber", "nurse", "caregiver",
     "practitioner", "pcp"]
)
#: Values that stand for no value.
_PLACEHOLDERS = frozenset(
    ["n/a", "na", "null", "none", "nil", "unknown", "tbd", "-", "--", "redacted", "true",
     "false", "yes", "no", "self", "same", "0"]
)
#: Labels whose value is an identifier: enough digits (as key_field asks), few words.
_ID_LABELS = frozenset(["SSN", "CREDIT_CARD", "ACCOUNT", "MRN", "MEMBER_ID",
                        "LICENSE_OR_DEVICE_ID"])
#: A label for a column whose name key vouches for its value, and one whose value must
#: look like a name.
_NAME = "NAME"
_NAME_IF_LISTED = "NAME?"
#: A label for a column that holds a person or a team ("Owner"): a value of two or more
#: words that look like a name.
_FULL_NAME_IF_LISTED = "NAME+"
#: Keys of a column that holds a person or a team, a bot, a queue.
_OWNER_KEYS = frozenset(["owner", "assignee"])


@lru_cache(maxsize=1024)
def column_label(header: str) -> str | None:
    """Return what a table column holds, by its header cell, or ``None`` if nothing personal.

    The header's words (camelCase split, lowercase, joined by ``_``) are read as
    ``key_field`` reads a key: the whole key, then each tail of it, against the cue words
    (``patient_id`` and ``PatientID``: MRN; ``vehicle_plate``: LICENSE_OR_DEVICE_ID;
    ``order_id``: nothing personal). Then name keys (NAME), place keys (ADDRESS), email
    and age keys. Returns a label, or ``"NAME?"`` for a person key whose values must look
    like names.
    """
    cell = header.strip(" \"'#*")
    key = _camel_parts(cell) if any(ch.isupper() for ch in cell[1:]) else cell.lower()
    parts = [p for p in "".join(ch if ch.isalnum() else "_" for ch in key).split("_") if p]
    if not parts:
        return None
    key = "_".join(parts)
    if parts[-1] == "age" or parts[-2:] in (["age", "years"], ["age", "yrs"]):
        return "AGE_OVER_89"
    for i in range(len(parts)):
        known, label = _cue_label("_".join(parts[i:]))
        if known:
            return label
    if "email" in parts or "mail" in parts[-1:]:
        return "EMAIL"
    if parts[-1] in ("name", "first", "last", "surname", "fname", "lname") or (
            _NAME_KEY_RE.search(key) is not None):
        return _NAME if key != "name" and _vouches(key) else _NAME_IF_LISTED
    if key in _PERSON_KEYS or parts[-1] in _PERSON_KEYS:
        return _NAME_IF_LISTED
    if parts[-1] in _OWNER_KEYS:
        return _FULL_NAME_IF_LISTED
    for i in range(len(parts)):
        if _ADDRESS_KEY_RE.search("_".join(parts[i:])) is not None:
            return "ADDRESS"
    return None


def _cell_label(value: str, label: str) -> str | None:
    """Return the label of a cell's (stripped) value in a column of ``label``, or None."""
    if not value or value.lower() in _PLACEHOLDERS or len(value) > 80:
        return None
    if label == _FULL_NAME_IF_LISTED:
        if len(value.split()) < 2:
            return None
        label = _NAME_IF_LISTED
    if label in (_NAME, _NAME_IF_LISTED):
        words = value.replace(",", " ").split()
        if not 1 <= len(words) <= 5 or not all(
                w.replace("'", "").replace("-", "").replace(".", "").isalpha() for w in words):
            return None
        if label == _NAME_IF_LISTED and not _looks_like_name(value):
            return None
        return "NAME"
    digits = _digit_count(value)
    if label in _ID_LABELS:
        ok = digits >= _MIN_DIGITS[label] and len(value) <= 40 and len(value.split()) <= 4
        return label if ok or _is_code(value, label) else None
    if label == "ZIP":
        return label if digits in (5, 9) and digits + 1 >= len(value) else None
    if label == "PHONE":  # (a toll-free number is an organisation's line, no one's phone)
        return label if 7 <= digits <= 15 and not toll_free(_digits(value)) else None
    if label == "DATE":
        return label if digits >= 4 else None
    if label == "AGE_OVER_89":
        return label if value.isdigit() and 90 <= int(value) <= 119 else None
    if label == "EMAIL":
        return label if "@" in value else None
    if label == "ADDRESS":
        return label if any(ch.isalpha() for ch in value) else None
    return None


def _split(line: str, delim: str) -> list[tuple[int, int]] | None:
    """Return the spans of the cells of ``line`` (a quoted cell's span is inside its
    quotes), by the csv module's rules, or None if a quote is left open or text follows
    a closing quote.
    """
    out: list[tuple[int, int]] = []
    n = len(line)
    i = 0
    while True:
        j = i
        while j < n and line[j] == " ":
            j += 1
        if j < n and line[j] == '"':
            k = j + 1
            while True:
                q = line.find('"', k)
                if q < 0:
                    return None
                if line.startswith('""', q):
                    k = q + 2
                    continue
                break
            out.append((j + 1, q))
            rest = q + 1
            while rest < n and line[rest] == " ":
                rest += 1
            if rest >= n:
                return out
            if line[rest] != delim:
                return None
            i = rest + 1
        else:
            k = line.find(delim, i)
            if k < 0:
                out.append((i, n))
                return out
            out.append((i, k))
            i = k + 1


def _delimiter(line: str) -> str | None:
    for delim in ("\t", "|", ",", ";"):
        if delim in line:
            return delim
    return None


def _header(line: str) -> tuple[str, list[str | None]] | None:
    """Return a header line's delimiter and each column's label, or None if it is no header
    with a personal column."""
    delim = _delimiter(line)
    if delim is None:
        return None
    cells = _split(line.rstrip("\r"), delim)
    if cells is None or len(cells) < 2:
        return None
    if delim in ",;" and any(line[s : s + 1] == " " for s, _ in cells[1:]):
        return None  # "Thanks, see you": prose puts a space after its commas
    labels: list[str | None] = []
    named = 0
    for i, (s, e) in enumerate(cells):
        cell = line[s:e].strip(" \"*")
        if not cell:
            if delim == "|" and i in (0, len(cells) - 1):
                labels.append(None)
                continue
            return None
        if _HEADER_CELL.search(cell) is None:
            return None
        named += 1
        labels.append(column_label(cell))
    _pair_name_columns(line, cells, labels)
    if named < 2 or not any(labels):
        return None
    return delim, labels


#: The last word of a header cell that holds a given name, and of one that holds a family
#: name: a header with one of each holds a person's name in both ("last,first,mrn").
_GIVEN_HEADS = frozenset(["first", "given", "fname", "firstname", "forename", "givenname"])
_FAMILY_HEADS = frozenset(["last", "surname", "family", "lname", "lastname", "familyname"])


def _pair_name_columns(line: str, cells: list[tuple[int, int]], labels: list[str | None]) -> None:
    """Let a given-name column and a family-name column in one header vouch for their
    values (``NAME``, not ``NAME?``): each says what the other is."""
    heads = [
        "".join(ch for ch in line[s:e].lower() if ch.isalnum() or ch == "_").rsplit("_", 1)[-1]
        for s, e in cells
    ]
    if not (_GIVEN_HEADS.intersection(heads) and _FAMILY_HEADS.intersection(heads)):
        return
    for i, head in enumerate(heads):
        if labels[i] in (None, _NAME_IF_LISTED) and head in _GIVEN_HEADS | _FAMILY_HEADS:
            labels[i] = _NAME


def _inside_table(text: str, start: int, delim: str, width: int) -> bool:
    """Whether the line before ``start`` is a row of the same table (as many cells by the
    same delimiter): the line at ``start`` is then a row ("| patient | P. Nguyen |" under
    "| field | value |"), not a header."""
    if start < 2 or text[start - 1] != "\n":
        return False
    prev = text[text.rfind("\n", 0, start - 1) + 1 : start - 1].rstrip("\r")
    cells = _split(prev, delim) if delim in prev else None
    return cells is not None and len(cells) == width


def table_findings(
    text: str, start: int, stop: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """Yield the findings of the table whose header line starts at ``start``, in order (up
    to ``stop``, or the end of the text).
    """
    n = len(text) if stop is None else stop
    line_end = text.find("\n", start, n)
    if line_end >= 0 and _delimiter(text[start:line_end]) is None:
        # A title line with no delimiter ("### Devices") before the header: the header is
        # the next line.
        start = line_end + 1
        line_end = text.find("\n", start, n)
    if line_end < 0:
        return
    head = _header(text[start:line_end])
    if head is None:
        return
    delim, labels = head
    width = len(labels)
    if _inside_table(text, start, delim, width):
        # A row of a key/value table ("| field | value |", then "| city | Elko |"): each
        # row's key says what its value is.
        header = _key_value_header(text, start, delim, width)
        if header is not None:
            yield from _key_value_rows(text, header, n, delim, width)
        return
    pos = line_end + 1
    while pos < n:
        end = text.find("\n", pos, n)
        end = n if end < 0 else end
        line = text[pos:end].rstrip("\r")
        cells = _split(line, delim) if line.strip() else None
        if cells is not None and len(cells) > width and delim == ",":
            cells = _rejoin(line, cells, width)
        if cells is None or len(cells) != width:
            return
        if delim == "|" and all(_RULE_CELL.search(line[s:e]) or s == e for s, e in cells):
            pos = end + 1
            continue
        for (s, e), label in zip(cells, labels, strict=True):
            if label is None:
                continue
            value = line[s:e]
            lead = len(value) - len(value.lstrip())
            value = value.strip()
            got = _cell_label(value, label)
            if got is not None:
                yield pos + s + lead, pos + s + lead + len(value), got
        pos = end + 1


#: The header cells of a table of keys and values, one pair a row ("| field | value |",
#: "key,value", "Attribute | Details").
_KV_KEY_HEADS = frozenset(
    ["field", "key", "attribute", "item", "property", "parameter", "element", "name"])
_KV_VALUE_HEADS = frozenset(["value", "values", "detail", "details", "info", "data", "entry"])
#: How many rows above a row its key/value table's header is looked for.
_KV_ROWS = 60


def _key_value_header(text: str, start: int, delim: str, width: int) -> int | None:
    """The start of the header line of a key/value table ("| field | value |") whose row
    starts at ``start``: the lines above it are rows of as many cells (or the Markdown
    separator) up to that header. None if there is none within :data:`_KV_ROWS` lines."""
    pos = start
    for _ in range(_KV_ROWS):
        if pos < 2 or text[pos - 1] != "\n":
            return None
        above = text.rfind("\n", 0, pos - 1) + 1
        line = text[above : pos - 1].rstrip("\r")
        cells = _split(line, delim) if delim in line else None
        if cells is None or len(cells) != width:
            return None
        heads = [line[s:e].strip(" \"*").lower() for s, e in cells if line[s:e].strip()]
        if len(heads) == 2 and heads[0] in _KV_KEY_HEADS and heads[1] in _KV_VALUE_HEADS:
            return above
        pos = above
    return None


def _key_value_rows(
    text: str, header: int, stop: int, delim: str, width: int
) -> Iterator[tuple[int, int, str]]:
    """Yield the findings of the key/value table whose header line starts at ``header``:
    each row's value, labelled by its key as a column's cells are by their header
    (:func:`column_label`: "city" holds a place, a bare "name" a name the lists know)."""
    pos = text.find("\n", header, stop) + 1
    while 0 < pos < stop:
        end = text.find("\n", pos, stop)
        end = stop if end < 0 else end
        line = text[pos:end].rstrip("\r")
        cells = _split(line, delim) if line.strip() else None
        if cells is None or len(cells) != width:
            return
        filled = [(s, e) for s, e in cells if line[s:e].strip()]
        if len(filled) == 2 and (label := column_label(line[filled[0][0] : filled[0][1]])):
            s, e = filled[1]
            value = line[s:e].strip()
            if label == "ADDRESS" and ", " in value:
                # A whole address in one cell: its street line (the address detectors
                # find the town and ZIP after it, and leave the state).
                value = value[: value.index(", ")]
            lead = len(line[s:e]) - len(line[s:e].lstrip())
            got = _cell_label(value, label)
            if got is None and label == _NAME_IF_LISTED and _given_then_family(value):
                got = "NAME"
            if got is not None:
                yield pos + s + lead, pos + s + lead + len(value), got
        pos = end + 1


def _given_then_family(value: str) -> bool:
    """Whether a key/value table's bare "name" holds a person's name that the lists do not
    vouch for word by word ("Oluwaseun Little": a family name that is also a word): two to
    four capitalised words, the first a listed given name that is no word."""
    words = value.split()
    if not 2 <= len(words) <= 4 or not all(
            w[:1].isupper() and w.replace("-", "").replace("'", "").replace(".", "").isalpha()
            for w in words):
        return False
    lex = lexicon()
    first = words[0].lower()
    return first in lex.first and first not in lex.word_like and first not in lex.blocked


def _rejoin(line: str, cells: list[tuple[int, int]], width: int) -> list[tuple[int, int]] | None:
    """The cells of a comma-separated row with more cells than its header, where an unquoted
    cell holds ", " (a "Family, Given" name: ``PA4858277,Kealoha, Nguyet,...``): a cell
    that opens with a space goes with the one before it, as the header (which has no space
    after its commas) says no cell opens so. None if that does not give ``width`` cells."""
    out: list[tuple[int, int]] = []
    for s, e in cells:
        if out and line[s : s + 1] == " " and line[s - 1 : s] == "," and (
                line[out[-1][0] - 1 : out[-1][0]] != '"'):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out if len(out) == width else None


def _line_start(text: str, pos: int) -> int:
    """The start of the header line in a match that starts at ``pos`` (after its indent)."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _first_cell(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    for found in table_findings(text, _line_start(text, start), end):
        if found[0] >= start:  # (a key/value table's rows above the match are expand's)
            return found
    return None


def _every_cell(text: str, spans: Sequence[Span]) -> list[Span]:
    """Every finding of every table in ``text``, if the detector found one of them."""
    if not any(span[3] == TABLE_ID for span in spans):
        return []
    out: list[Span] = []
    for match in _FINDER.finditer(ascii_bytes(text)):
        start = _line_start(text, match.start())
        out.extend((s, e, label, TABLE_ID) for s, e, label in table_findings(text, start))
    return out


#: A record without a header line (an export's row) that names a person:
#:
#: - pipe-separated, its first field a record type (a word), its second an identifier with
#:   six or more digits, and a later field a person's name written ``FAMILY^GIVEN`` in
#:   capitals, as HL7 writes one (``export|60-693137|OKAFOR^NNEKA|...``). The name makes it
#:   a person's record, and the identifier that leads it is that person's record number
#:   (MRN). HL7 segments (a three-character id in capitals and digits: ``PID|...``) are
#:   read by ``hl7_segment``.
#: - comma-separated, a quoted "Family, Given" name in its first cells and a later cell a
#:   date or a phone number (``"Sharp, Kwame",03/14/2010,+1 801 880 8576,no-show``; split by
#:   tabs or pipes, the name quoted or not): the name (NAME), if its given name is one (see
#:   :func:`_given_name`).
#: - comma-separated, "Family,Given" in its first two cells, then a date and a house number
#:   and street (``Cartwright,Sky,1987-02-16,3669 Sandpiper Blvd,...``): the name.
#: - comma-separated, a cell before a house number and street (quoted, it may hold a
#:   comma), a city, maybe a state's two letters and a ZIP code, maybe an identifier after
#:   it: the city (ADDRESS), the ZIP and the identifier (MEMBER_ID) too.
#: - an SQL ``INSERT INTO table (columns) VALUES (...), (...)``: each value read by its
#:   column, as a table's cell by its header (``mrn``, ``first_name``, ``ssn``, ``serial``);
#:   a place column (city, ZIP) only in a row with another finding (a clinic's city is no
#:   one's).
_PHONE_CELL = r"\+?(?:1[ .\-]?)?\(?[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}"
_DATE_CELL = (
    r"[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})|(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}"
    # a month's name or its abbreviation: "6 Aug 1947", "Aug 6 1947" (quoted, "Aug 6, 1947")
    r"|[0-9]{1,2}[ ][A-Z][a-z]{2,8}\.?[ ](?:19|20)[0-9]{2}"
    r"|[A-Z][a-z]{2,8}\.?[ ][0-9]{1,2},?[ ](?:19|20)[0-9]{2}"
)
_NAME_WORD = r"[A-Z][A-Za-z'\-]+"
_FAMILY_GIVEN = (
    rf"({_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,2}},[ ]?{_NAME_WORD}"
    rf"(?:[ ](?:[A-Z]\.?|{_NAME_WORD})){{0,2}})"
)


def _named_row(delim: str, quote: str) -> str:
    """A row split by ``delim`` (a character as a class would hold it) whose first cells
    hold a "Family, Given" name (in quotes ``quote``) and a later cell a date or a phone."""
    d = f"[{delim}]"
    return (
        rf"(?m:^)[ \t]*(?:[A-Za-z0-9_.#\-]{{1,40}}{d}){{0,3}}{quote}{_FAMILY_GIVEN}{quote}"
        rf"[ ]*(?:{d}[^{delim}\r\n]*)*?{d}[ ]*\"?(?:{_PHONE_CELL}|{_DATE_CELL})\"?[ ]*"
        rf"(?:{d}|\r?(?m:$))"
    )


_WS = r"[ \t\r\n]"
#: One parenthesised row of values: quoted strings, and calls with one level of parentheses.
_SQL_TUPLE = r"\((?:[^()'\"]|'[^'\r\n]*'|\"[^\"\r\n]*\"|\([^()]*\))*\)"
#: An SQL ``INSERT INTO table (columns) VALUES (...), (...)``: each value is read by the
#: column it goes into, with the vocabulary of a table's header (``mrn``, ``first_name``,
#: ``ssn``, ``serial``, ``name``): see :func:`column_label`.
SQL_INSERT_PATTERN = (
    rf"\b(?i:insert){_WS}+(?i:into){_WS}+[^ \t\r\n(]{{1,80}}{_WS}*\(([^()]{{1,1000}})\)"
    rf"{_WS}*(?i:values){_WS}*({_SQL_TUPLE}(?:{_WS}*,{_WS}*{_SQL_TUPLE})*)"
)
SQL_INSERT_TRIGGER = rf"\b(?i:insert){_WS}+(?i:into){_WS}"


#: A headerless comma-separated row that opens "Family,Given,<date>,<house number and
#: street>" (a roster's export: "Cartwright,Sky,1987-02-16,3669 Sandpiper Blvd,...").
_FAMILY_GIVEN_ROW = (
    rf"(?m:^)[ \t]*\"?({_NAME_WORD})\"?,\"?({_NAME_WORD}(?:[ ][A-Z]\.?)?)\"?,"
    rf"\"?(?:{_DATE_CELL})\"?,\"?[0-9]{{1,6}}[ ][A-Za-z]"
)
#: The cells of an address in a headerless comma-separated row, after a cell before them:
#: a house number and street (quoted, it may hold a comma), a city, maybe a state's two
#: letters, a ZIP code, maybe an identifier after it
#: (``"Kuznetsov, Rhys","23872 Pecan Grove Road, Apt. 400","Cheyenne","20173","661LS22270"``).
_CITY_CELL = r"[A-Z][A-Za-z.'\-]*(?:[ ][A-Z][A-Za-z.'\-]*){0,3}"
_ZIP_CELL = r"[0-9]{5}(?:-[0-9]{4})?"
_ADDRESS_ROW = (
    r",[ ]?(\"[0-9]{1,6}[ ][A-Za-z][^\"\r\n]{1,80}\"|[0-9]{1,6}[ ][A-Za-z][^,\"\r\n]{1,60}),"
    rf"[ ]?\"?({_CITY_CELL})\"?,[ ]?(?:\"?[A-Z]{{2}}\"?,[ ]?)?\"?({_ZIP_CELL})\"?"
    r"(?:,[ ]?\"?([A-Z0-9][A-Z0-9\-]{5,24})\"?)?[ ]*(?:,|\r?(?m:$))"
)

RECORD_PATTERN = (
    r"(?m:^)[ \t]*((?i:[a-z][a-z_]{1,19}))\|((?i:[a-z]{0,3})-?[0-9][0-9\-]{4,18}[0-9])"
    r"(?:\|[^|\r\n]*)*?\|[A-Z][A-Z'\-]*\^[A-Z]"
    # (CSV quotes a cell that holds a comma; a tab or a pipe needs no quotes.)
    + "|" + _named_row(",", '"') + "|" + _named_row(r"\t", '"?') + "|" + _named_row("|", '"?')
    + "|" + _FAMILY_GIVEN_ROW + "|" + _ADDRESS_ROW + "|" + SQL_INSERT_PATTERN
)


#: Where RECORD_PATTERN can match: a field that holds a name written the HL7 way, a
#: "Family, Given" cell in a line's first cells.
RECORD_TRIGGER = (
    rf"\|[A-Z][A-Z'\-]*\^[A-Z]"
    rf"|(?m:^)[ \t]*(?:[A-Za-z0-9_.#\-]*[,\t|])*\"?{_NAME_WORD}(?:[ ]{_NAME_WORD})*,[ ]?[A-Z]"
    rf"|[A-Za-z.'\-]\"?,[ ]?(?:\"?[A-Z]{{2}}\"?,[ ]?)?\"?{_ZIP_CELL}\"?[ ]*(?:,|\r?(?m:$))"
    rf"|{SQL_INSERT_TRIGGER}"
)


def _given_name(value: str) -> bool:
    """Whether "Family, Given" has a given name that the name lists know or that is shaped
    like an unlisted name, or a listed family name, and no state's name ("Austin, Texas" is
    a place)."""
    family, _, given = value.partition(",")
    lex = lexicon()
    first = given.split()[0].lower()
    states = _states()
    if first in states[1] or first in states[0] or first in lex.blocked:
        return False
    if any(w.lower() in lex.blocked or w.lower() in lex.function for w in family.split()):
        return False
    if first in lex.first or lex.is_unlisted_name(first):
        return True
    # A listed family name vouches for a given name the lists lack ("Marsh, Temperance").
    last = family.split()[-1].lower()
    return last in lex.last and last not in lex.word_like


def _record_spans(text: str, match: Groups) -> list[tuple[int, int, str]]:
    """Every finding of one match of RECORD_PATTERN."""
    if match[6][0] >= 0:  # Family,Given,<date>,<street>
        (fs, _), (_, ge) = match[6], match[7]
        given = text[match[7][0] : ge].split(maxsplit=1)[0].lower()
        states = _states()
        if given in states[0] or given in states[1]:
            return []
        return [(fs, ge, "NAME")]
    if match[12][0] >= 0:  # INSERT INTO t (columns) VALUES (...)
        return list(sql_insert_findings(text, match[12], match[13]))
    if match[8][0] >= 0:  # ,<street>,<city>,[<state>,]<zip>[,<id>]
        return _address_cells(text, match[8:12])
    found = _record(text, match[0][0], match[0][1], match)
    out = [found] if found is not None else []
    if found is not None and match[3][0] >= 0:
        # The rest of a "Family, Given" row may hold its address (the match took the
        # comma before it).
        end = match[0][1]
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        rest = _ADDRESS_ROW_RE.search(text[end - 1 : line_end])
        if rest is not None:
            out.extend(_address_cells(
                text, [(s + end - 1, e + end - 1) if s >= 0 else (s, e) for s, e in rest[1:5]]))
    return out


def _address_cells(text: str, groups: Groups) -> list[tuple[int, int, str]]:
    """The findings of an address in a row (the groups of _ADDRESS_ROW: street, city, ZIP,
    maybe an identifier)."""
    out = [(*groups[0], "ADDRESS"), (*groups[1], "ADDRESS"), (*groups[2], "ZIP")]
    ss, se = groups[0]
    if text[ss] == '"':
        out[0] = (ss + 1, se - 1, "ADDRESS")
    if groups[3][0] >= 0:
        value = text[groups[3][0] : groups[3][1]]
        if _digit_count(value) >= 4 or _is_code(value, "MEMBER_ID"):
            out.append((*groups[3], "MEMBER_ID"))
    return out


_ADDRESS_ROW_RE = Regex(_ADDRESS_ROW, case_sensitive=True)


def _record_first(
    text: str, start: int, end: int, match: Groups
) -> tuple[int, int, str] | None:
    found = _record_spans(text, match)
    return found[0] if found else None


_RECORD_FINDER = compile_re2(RECORD_PATTERN, case_sensitive=True)


def _record_more(text: str, spans: Sequence[Span]) -> list[Span]:
    """Every finding of every record in ``text``, if the detector found one (a record of
    an address holds several)."""
    if not any(span[3] == "pipe_record" for span in spans):
        return []
    out: list[Span] = []
    for match in _RECORD_FINDER.finditer(ascii_bytes(text)):
        groups = [match.span(g) for g in range(_RECORD_FINDER.groups + 1)]
        out.extend((s, e, label, "pipe_record") for s, e, label in _record_spans(text, groups))
    return out


def _record(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    name = next((match[g] for g in (3, 4, 5) if match[g][0] >= 0), None)
    if name is not None:  # "Family, Given",<date or phone>
        ns, ne = name
        return (ns, ne, "NAME") if _given_name(text[ns:ne]) else None
    (ts, te), (vs, ve) = match[1], match[2]
    kind = text[ts:te]
    if len(kind) == 3 and kind.isupper():  # an HL7 segment id ("MRG", "OBX")
        return None
    if _digit_count(text[vs:ve]) < 6:
        return None
    return vs, ve, "MRN"




def _sql_cells(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The spans of the values of one parenthesised row ``text[start:end]`` (without its
    parentheses), a quoted value's span inside its quotes."""
    pos = start
    while pos <= end:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        quote = text[pos] if pos < end and text[pos] in "'\"" else ""
        if quote:
            close = text.find(quote, pos + 1, end)
            while close >= 0 and text.startswith(quote * 2, close):  # "O''Neil"
                close = text.find(quote, close + 2, end)
            if close < 0:
                return
            yield pos + 1, close
            cut = text.find(",", close, end)
        else:
            depth, cut = 0, -1
            for i in range(pos, end):
                ch = text[i]
                depth += ch == "("
                depth -= ch == ")"
                if ch == "," and depth <= 0:
                    cut = i
                    break
            stop = end if cut < 0 else cut
            yield pos, pos + len(text[pos:stop].rstrip())
        if cut < 0:
            return
        pos = cut + 1


def _sql_rows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The spans inside the parentheses of each row of ``VALUES (...), (...)``."""
    pos = text.find("(", start, end)
    while pos >= 0:
        depth, quote, close = 0, "", -1
        for i in range(pos, end):
            ch = text[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    close = i
                    break
        if close < 0:
            return
        yield pos + 1, close
        pos = text.find("(", close, end)


def sql_insert_findings(
    text: str, columns_span: tuple[int, int], values_span: tuple[int, int]
) -> Iterator[tuple[int, int, str]]:
    """Yield the findings of an INSERT's rows of values, in order, by its column list."""
    (cs, ce), (vs, ve) = columns_span, values_span
    columns = [c.strip(" \t\r\n`\"[]") for c in text[cs:ce].split(",")]
    labels: list[str | None] = [
        column_label(c) if _HEADER_CELL.search(c) is not None else None for c in columns]
    line = ",".join(columns)
    spans, pos = [], 0
    for c in columns:
        spans.append((pos, pos + len(c)))
        pos += len(c) + 1
    _pair_name_columns(line, spans, labels)
    if not any(labels):
        return
    for rs, re_ in _sql_rows(text, vs, ve):
        cells = list(_sql_cells(text, rs, re_))
        if len(cells) != len(labels):
            continue
        found = []
        for (s, e), label in zip(cells, labels, strict=True):
            if label is not None:
                got = _cell_label(text[s:e].strip(), label)
                if got is not None:
                    found.append((s, e, got))
        # A place is a person's only in a row that names one (a clinic's city is no one's).
        if any(label not in ("ADDRESS", "ZIP") for _, _, label in found):
            yield from found


def table_detectors() -> list[PatternDetector]:
    """Return the detectors of personal cells in delimited tables and records (see the
    module docs and RECORD_PATTERN)."""
    return [
        builtin_detector(TABLE_ID, "MRN", TABLE_PATTERN, refine=_first_cell,
                         finder=without_groups(TABLE_PATTERN), trigger=TABLE_TRIGGER,
                         expand=_every_cell),
        builtin_detector("pipe_record", "MRN", RECORD_PATTERN, case_sensitive=True,
                         refine=_record_first, trigger=RECORD_TRIGGER, expand=_record_more),
    ]
