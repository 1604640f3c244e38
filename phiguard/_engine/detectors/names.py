"""Detectors for people's names: after a cue, as a first+last pair, in structured fields, spelled.

Name evidence comes from the US Census Bureau's 1990 name frequency lists (public domain,
shipped by the PyPI package ``names``; see ``data/README.md``): 5,163 first names and 88,799
last names. Census names that are also ordinary English words ("will", "grace", "mark",
"brown"; from textblob's lexicon) need a strong cue ("my name is", "Dr.") to count, so
"I will call you" or "by the grace of" flag nothing.

- ``person_name``: a cue ("my name is", "this is", "Dr.", "patient", "my father,", "thank
  you") followed by one to three name words, in any case ("this is frank holloway"). How
  much the words must prove depends on the cue: after one that says a name follows ("my
  name is", "Dr.", "Mrs.", "my father,", "Caller:") any name-like word counts, including
  capitalised words no list knows; after a conversational cue ("this is", "I'm") a
  lowercase run must start with a first name and not be made only of ordinary words
  ("this is model" is not a name); after a weak cue ("thanks", "for", "with") a
  lowercase word must be a first name that is not an ordinary word. A run followed by
  "Clinic", "Orchestra", "Hospital"... names an organisation, not a person.
- ``name_pair``: a capitalised first name followed by a capitalised last name ("Henry
  Leonard") with no cue.
- ``name_field``: the value of a name-like key in JSON or ``key=value`` text
  (``"first_name": "Juan"``), whatever it is.
- ``spelled_name``: a name spelled letter by letter ("S M I T H", "s as in sam, m as in
  mary").
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from phiguard._engine.detectors.pattern import Groups, PatternDetector, builtin_detector

#: Endings of drug and chemical names, which are unlisted words that are not names.
_DRUG_ENDINGS = (
    "pril", "statin", "olol", "mab", "ide", "zole", "cillin", "mycin", "cycline", "sartan",
    "formin", "pam", "lam", "done", "pine", "xetine", "triptan", "prazole", "vir", "tidine",
    "azepam", "afil", "ate", "ium", "ol", "one", "ine", "ase", "itis", "osis", "emia",
)


def _load(name: str) -> list[str]:
    path = resources.files("phiguard._engine.detectors") / "data" / name
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line and not line.startswith("#")]


class NameLexicon:
    """The word sets the name detectors consult (loaded once, read-only)."""

    __slots__ = ("blocked", "english", "first", "function", "last", "word_like")

    def __init__(self) -> None:
        first = _load("first_names.txt")
        self.first: frozenset[str] = frozenset(first)
        self.last: frozenset[str] = frozenset(_load("last_names.txt"))
        self.word_like: frozenset[str] = frozenset(_load("name_words.txt"))
        self.english: frozenset[str] = frozenset(_load("english_words.txt"))
        extra = {
            "hello", "hi", "hey", "thanks", "thank", "yes", "yeah", "no", "okay", "ok",
            "sure", "calling", "sorry", "fine", "good", "great", "here", "just", "not",
            "also", "still", "really", "very", "trying", "looking", "having", "going",
            "phone", "number", "email", "address", "date", "birth", "member", "account",
            "billing", "scheduling", "pharmacy", "nurse", "doctor", "office", "clinic",
            "patient", "caller", "insurance", "appointment", "today", "tomorrow",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "street", "road", "avenue",
            "drive", "lane", "court", "born", "age", "years", "old", "mom", "dad",
            "mother", "father", "son", "daughter", "wife", "husband", "sister", "brother",
            "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "hundred", "dr", "mr", "mrs", "ms", "miss", "speaking",
            "medical", "record", "id", "social", "security", "card", "license", "serial",
        }
        # Frequent words stay blocked unless they are also common first names ("will",
        # "may"): rare census first names such as "my" or "an" must not unblock them.
        funcs = set(_load("function_words.txt")) - set(first[:1500])
        self.function: frozenset[str] = frozenset(_load("function_words.txt")) | {
            "calling", "sorry", "fine", "good", "great", "here", "just", "not", "yes", "no"}
        self.blocked: frozenset[str] = frozenset(funcs | extra)

    def is_ordinary(self, word: str) -> bool:
        """Return whether ``word`` (lowercase) is an ordinary word: listed, blocked, or short."""
        return (len(word) < 3 or word in self.english or word in self.word_like
                or word in self.blocked or word in self.function or word in _ORG_WORDS)

    def is_unlisted_name(self, word: str) -> bool:
        """Whether ``word`` (lowercase) is shaped like a name no list knows ("adeyemi").

        Letters (with inner hyphens or apostrophes), three or more, in no census list and
        in no list of ordinary words, and without a drug name's ending ("lisinopril").
        """
        core = word.replace("'", "").replace("-", "")
        if not core.isalpha() or not core.isascii() or self.is_ordinary(core):
            return False
        if word in self.first or word in self.last:
            return False
        return not core.endswith(_DRUG_ENDINGS)

    def is_name_word(self, word: str, *, strong: bool) -> bool:
        """Return whether ``word`` (lowercase) can be part of a name after a cue."""
        if "'" in word:
            word = word.replace("'", "")
        if word in self.blocked or len(word) < 2:
            return False
        if word not in self.first and word not in self.last:
            return False
        return strong or word not in self.word_like


@cache
def lexicon() -> NameLexicon:
    """Return the shared, immutable name lexicon."""
    return NameLexicon()


# --- person_name: a cue, then name words ---------------------------------------------------

_KIN = (
    r"(?:father|mother|dad|mom|mum|son|daughter|wife|husband|brother|sister|grandmother"
    r"|grandfather|grandma|grandpa|aunt|uncle|niece|nephew|cousin|partner|spouse|friend"
    r"|neighbor|neighbour|caregiver|guardian|child|kid|boyfriend|girlfriend|fiance|fiancee"
    r"|stepfather|stepmother|grandson|granddaughter|patient|client|colleague|boss)"
)
_STRONG_CUES = (
    r"(?:(?:my|his|her|their|the|patient'?s?|caller'?s?|your|first|last|full|legal|maiden"
    r"|middle|given|family|sur)[ ]+)?(?:name|names|surname)(?:[ ]+is|[ ]+was|'s|[ ]*:)"
    r"|this[ ]+is|it'?s|i[ ]+am|i'?m|im|speaking[ ]+with|talking[ ]+(?:to|with)"
    r"|speak[ ]+(?:to|with)|dr\.?|doctor|mr\.?|mrs\.?|ms\.?|miss|mx\.?|prof\.?|nurse"
    r"|patient|caller|named|called|calling[ ]+(?:for|about|on[ ]+behalf[ ]+of)"
    r"|on[ ]+behalf[ ]+of|appointment[ ]+for|signed|regards|sincerely|attn:?|attention"
    r"|contact[ ]+person"
    r"|(?:my|his|her|our|their|the)[ ]+" + _KIN + r"(?:'s[ ]+name[ ]+is|[ ]+is|[ ]+named|,)?"
)
_WEAK_CUES = r"thank[ ]+you|thanks|hi|hello|hey|dear|bye|goodbye|for|with|and|see|ask|tell"
_NAME_WORD = r"[a-z][a-z'\-]*[a-z]"
_KIN_TAIL = (
    rf"(?:[ ,]+(?:my|his|her|our|their|the|a)[ ]+{_KIN}(?:'s[ ]+name[ ]+is|[ ]+is|[ ]+named|,)?)?"
)
PERSON_NAME_PATTERN = (
    rf"\b((?:{_STRONG_CUES}|{_WEAK_CUES}){_KIN_TAIL})[ ,:]+(?:is[ ]+)?"
    rf"({_NAME_WORD}(?:[ ]+(?:[a-z]\.[ ]+)?{_NAME_WORD}){{0,2}})"
)

_STRONG_START = frozenset(
    ["name", "names", "surname", "this", "it", "i", "im", "speak", "talk", "dr", "doctor", "mr",
     "mrs", "ms", "miss", "mx", "prof", "nurse", "patient", "caller", "named", "called",
     "calling", "on", "appointment", "signed", "regards", "sincerely", "attn", "attention",
     "my", "his", "her", "our", "their", "the", "your", "first", "last", "full", "legal",
     "maiden", "middle", "given", "family", "sur", "contact"]
)


_MEDIUM_START = frozenset({"patient", "caller", "nurse", "doctor"})

#: Cue words that say outright that a name follows ("my name is", "Dr.", "Mrs.", and "my
#: father," before a name): after them an ordinary word that is also a name ("will",
#: "grace") or a first name missing from the census lists counts even in lowercase.
_EXPLICIT = frozenset({"name", "names", "surname", "named", "dr", "mr", "mrs", "ms", "miss",
                       "mx", "prof", "attn", "signed", "regards", "sincerely"})


_KIN_WORDS = frozenset(_KIN[3:-1].split("|"))

#: Nouns that make the capitalised words before them the name of a place or an
#: organisation ("Davis Orchestra", "Mary Washington Hospital"), not of a person.
_ORG_WORDS = frozenset(
    [
        "orchestra", "band", "choir", "clinic", "clinics", "hospital", "hospitals", "center",
        "centre", "centers", "pharmacy", "medical", "health", "healthcare", "group", "associates",
        "inc", "llc", "ltd", "corp", "corporation", "company", "co", "university", "college",
        "school", "academy", "institute", "foundation", "bank", "church", "temple", "library",
        "museum", "street", "avenue", "road", "drive", "lane", "boulevard", "park", "county",
        "city", "township", "labs", "lab", "laboratory", "laboratories", "services", "partners",
        "practice", "dental", "surgery", "care", "memorial", "regional", "general", "community",
        "hall", "house", "hotel", "inn", "restaurant", "cafe", "store", "market", "mall", "airport",
        "station", "bridge", "center's", "llp", "pllc", "pc"
    ]
)


def _names_an_organisation(text: str, run: list[str], end: int) -> bool:
    """Whether a run of name words is part of an organisation's or a place's name."""
    last = lexicon().last
    for word in run[1:]:
        low = word.lower().strip(",.;:")
        if word[:1].isupper() and low in _ORG_WORDS and low not in last:
            return True
    following = text[end : end + 24].split(None, 1)
    return bool(following) and following[0][:1].isupper() and (
        following[0].lower().strip(",.;:!?") in _ORG_WORDS)
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})


def _is_title(cue: str) -> bool:
    words = cue.replace(".", " ").split()
    return bool(words) and words[-1] in _TITLES


def _is_explicit(cue: str) -> bool:
    words = cue.replace("'", " ").replace(".", " ").replace(":", " ").replace(",", " , ").split()
    if not _EXPLICIT.isdisjoint(words) or words[-2:] == ["contact", "person"]:
        return True
    # An apposition after a relative ("my father, ...") introduces a name.
    return len(words) > 2 and words[-1] == "," and words[-2] in _KIN_WORDS


def _plausible(lex: NameLexicon, run: list[str], *, explicit: bool) -> bool:
    """Whether a run of name words after a conversational cue reads as a name.

    "this is frank holloway" and "this is Model" do; "this is model", "appointment for
    session response" (lowercase ordinary words that happen to be census surnames) do not.
    A run passes when a word is capitalised (in text that is not all capitals), when a
    word is a census name that is not an ordinary word, or when a first name is followed
    by a surname ("destiny park") or by a word no list knows (a rare surname: "frank
    okonkwo").
    """
    if explicit:
        return True
    if any(w[:1].isupper() and not w.isupper() for w in run):
        return True
    lowered = [w.lower().strip("'-") for w in run]
    for w in lowered:
        if (w in lex.first or w in lex.last) and w not in lex.word_like:
            return True
    if len(lowered) < 2 or lowered[0] not in lex.first or lowered[1] in lex.function:
        return False
    second = lowered[1]
    return second in lex.last or second not in lex.first


def _unlisted_run(lex: NameLexicon, words: list[str]) -> int:
    """How many words open a full name that the census lists need not know, or 0.

    After a cue such as "this is" or "I'm", two or three words in one case (all
    capitalised, or all lowercase) that are names or name-shaped words no list of ordinary
    words knows, at least one of them unlisted ("priyanka raghunathan", "Oluwaseun
    Adeyemi"). A single such word is not enough: it may be a brand or a misheard word.
    """
    run = 0
    unknown = False
    case = words[0][:1].isupper()
    for word in words[:3]:
        if word.isupper() or word[:1].isupper() != case:
            break
        low = word.lower().strip("'-")
        if lex.is_unlisted_name(low):
            unknown = True
        elif low in lex.blocked or low in lex.word_like or (
                low not in lex.first and low not in lex.last):
            break
        run += 1
    return run if run >= 2 and unknown else 0


def _person_name(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    lex = lexicon()
    cue_s, cue_e = match[1]
    cue = text[cue_s:cue_e].lower()
    first_word = cue.replace("'", " ").replace(".", " ").replace(":", " ").split()[0]
    strong = first_word in _STRONG_START
    # Middle initials ("Maria T. Gonzalez") are not words to judge; re-anchoring below
    # keeps them inside the span when a word after them is taken.
    words = [w for w in text[start:end].split() if not (len(w) == 2 and w[1] == ".")]
    explicit = _is_explicit(cue)
    unlisted = 0
    if strong and not explicit and first_word not in _MEDIUM_START:
        unlisted = _unlisted_run(lex, words)
    if unlisted:
        words = words[:unlisted]
    elif not explicit and not words[0][:1].isupper() and words[0].lower() not in lex.first:
        # Without a cue that says a name follows ("my name is", "Dr."), a lowercase run
        # must start with a first name: "this is frank holloway", not "this is model".
        return None
    if first_word in _MEDIUM_START and cue.split()[-1].strip(",:") in _MEDIUM_START:
        # "patient portal", "nurse line": a role word then a lowercase surname-only word
        # is a noun phrase, not a name; a first name or a capitalised word is a name.
        w0 = words[0]
        if w0.lower() not in lexicon().first and not (w0[0].isupper() and not w0.isupper()):
            return None
        # "Patient Portal", "Nurse Line": a capitalised ordinary word with no label colon
        # and no name after it is a product or a service, not a person.
        low0 = w0.lower().strip("'-")
        if ":" not in cue and low0 not in lex.first and lex.is_ordinary(low0) and (
                len(words) < 2 or lex.is_ordinary(words[1].lower().strip("'-"))):
            return None
    taken = unlisted
    for i, word in enumerate(words[taken:]):
        w = word.lower().strip("'-")
        if not lex.is_name_word(w, strong=strong or i > 0):
            break
        taken += 1
    if taken == 0 and strong and len(words) > 1:
        # A first name missing from the 1990 lists ("Cristian") or one that is also a word
        # ("April") still counts after a strong cue when a known surname follows.
        w0 = words[0].lower().strip("'-")
        w1 = words[1].lower().strip("'-")
        if w0 not in lex.function and w1 in lex.last and w1 not in lex.blocked:
            taken = 2
    if taken == 0 and (explicit or ":" in text[cue_e:start]):
        # After a title or a label ("Mrs. Haverford", "Caller: Oluwaseun Adeyemi") a name
        # missing from the census lists still counts: capitalised words, or one word
        # after a title, that are not ordinary words.
        for word in words:
            low = word.lower().strip("'-")
            if low in lex.blocked or low in lex.function or low in lex.word_like:
                break
            if not (word[:1].isupper() and not word.isupper()) and not (
                    taken == 0 and _is_title(cue)) and not (
                    explicit and (lex.is_unlisted_name(low) or low in lex.first
                                  or low in lex.last)):
                break
            taken += 1
    if 0 < taken < len(words) and taken < 3 and (
            strong or explicit or words[0][0].isupper()):
        # A surname missing from the census lists ("Okonkwo") after a known first name.
        nxt = words[taken].strip("'-")
        low = nxt.lower()
        if (nxt[:1].isupper() or words[0][:1].islower()) and low not in lex.blocked and (
            low not in _ORG_WORDS) and (
            low not in lex.function and low not in lex.word_like
        ):
            taken += 1
    if taken == 0:
        return None
    if not strong and words[0][0].islower() and words[0].lower() not in lex.first:
        # After a weak cue ("thanks", "for", "with") a lowercase word is a name only if it
        # is a first name: "for billing", "with lopez" are not enough.
        return None
    if not unlisted and not _plausible(lex, words[:taken], explicit=explicit):
        return None
    # Re-anchor on the original spacing (the words may be separated by several spaces).
    pos = start
    for word in words[:taken]:
        pos = text.index(word, pos) + len(word)
    name_end = pos
    if not explicit and _names_an_organisation(text, words[:taken], name_end):
        return None
    return start, name_end, "NAME"


# --- name_pair: "Henry Leonard" with no cue --------------------------------------------------

_SURNAME = r"[A-Z](?:[a-z]{0,2}'?[A-Z])?[a-z]+(?:-[A-Z](?:[a-z]{0,2}'?[A-Z])?[a-z]+)?"
_GIVEN = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
#: "First [M.] Last" (groups 1, 2), or "Last, First [M.|Middle]" (groups 3, 4, 5).
NAME_PAIR_PATTERN = (
    rf"\b({_GIVEN})[ ]+(?:[A-Z]\.[ ]+)?({_SURNAME})\b"
    rf"|\b({_SURNAME})[ ]*,[ ]+({_GIVEN})\b(?:[ ]+([A-Z]\.|{_GIVEN}\b))?"
)


def _is_surname(lex: NameLexicon, word: str) -> bool:
    """Whether ``word`` (lowercase, maybe hyphenated: "smith-jones") is a census surname."""
    parts = word.replace("'", "").split("-")
    return any(p in lex.last for p in parts) and not any(p in lex.blocked for p in parts)


def _is_given(lex: NameLexicon, word: str) -> bool:
    """Whether ``word`` (lowercase, maybe hyphenated: "mary-kate") is a census first name."""
    parts = word.split("-")
    return all(p in lex.first and p not in lex.blocked for p in parts)


def _name_pair(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    lex = lexicon()
    if match[1][0] < 0:
        return _last_first(lex, text, start, end, match)
    s1, e1 = match[1]
    s2, e2 = match[2]
    first = text[s1:e1].lower()
    last = text[s2:e2].lower()
    if not _is_given(lex, first) or not _is_surname(lex, last):
        return None
    if first in lex.word_like and last.replace("'", "") in lex.word_like:
        return None
    if _names_an_organisation(text, [], end):
        return None
    return start, end, "NAME"


_STATES = frozenset(
    line.split("\t")[1].lower() for line in _load("us_states.txt") if "\t" in line)


def _last_first(
    lex: NameLexicon, text: str, start: int, end: int, match: Groups
) -> tuple[int, int, str] | None:
    """"Okafor, Chidi", "Henderson, Laura T.": a census surname, a comma, a given name.

    The surname must not be an ordinary word ("Thanks, Laura", "Portal, Mark"); the given
    name must be a census first name, or a capitalised word no list knows. A US state
    after the comma ("Springfield, Virginia") makes it a place.
    """
    s3, e3 = match[3]
    s4, e4 = match[4]
    last = text[s3:e3].lower()
    given = text[s4:e4].lower()
    if not _is_surname(lex, last) or last.replace("'", "") in lex.word_like:
        return None
    if any(lex.is_ordinary(p) for p in last.replace("'", "").split("-")):
        return None
    if given in _STATES or given in lex.word_like or given in lex.blocked:
        return None
    if not (_is_given(lex, given) or lex.is_unlisted_name(given)):
        return None
    s5, e5 = match[5]
    name_end = e4
    if s5 >= 0:
        middle = text[s5:e5].lower().rstrip(".")
        if len(middle) == 1 or (_is_given(lex, middle) and middle not in lex.word_like) or (
                lex.is_unlisted_name(middle)):
            name_end = e5
    if _names_an_organisation(text, [], name_end):
        return None
    return start, name_end, "NAME"


# --- name_field: structured values -----------------------------------------------------------

_NAME_KEYS = (
    r"(?:first|last|middle|full|given|family|maiden|preferred|legal|display|patient|caller"
    r"|contact|member|subscriber|guarantor|emergency[_ \-]?contact|provider|physician"
    r"|doctor|referring[_ \-]?physician|pcp|guardian|parent|spouse|user|customer)[_ \-]?"
    r"name|(?:first|last|sur|given|family)name|fname|lname|surname|name"
)
NAME_FIELD_PATTERN = (
    rf"(?:[\"']({_NAME_KEYS})[\"'][ ]*:[ ]*[\"']([^\"'\n]{{1,80}})[\"']"
    rf"|\b(?:{_NAME_KEYS})[ ]*=[ ]*\"?([a-z][a-z'\-]*(?:,?[ ][a-z][a-z'\-]*){{0,3}}))"
)


def _name_field(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    s, e = match[2]
    if s < 0:
        s, e = match[3]
    if s < 0 or s == e:
        return None
    value = text[s:e]
    if not any(ch.isalpha() for ch in value):
        return None
    return s, e, "NAME"


# --- spelled_name: "S M I T H", "s as in sam" ---------------------------------------------

SPELLED_NAME_PATTERN = (
    r"\b[a-z](?:(?:[ ]*[,.\-][ ]*|[ ]+)[a-z]\b){2,}"
    r"|\b[a-z][ ]+(?:as[ ]+in|like|for)[ ]+[a-z]+"
    r"(?:(?:[ ]*,[ ]*|[ ]+)(?:and[ ]+)?[a-z][ ]+(?:as[ ]+in|like|for)[ ]+[a-z]+)*"
)


def _spelled(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    if start > 0 and text[start - 1] in "'\u2019":
        # The tail of a contraction ("don't like this", "it's a b"), not a spelled letter.
        return None
    if " as in " in value or " like " in value or " for " in value:
        head = value.split()[0].lower()
        # "a for ..." and "i like ..." are ordinary speech unless more letters follow.
        if head in ("a", "i") and value.count(",") == 0 and len(value.split()) <= 4:
            return None
        return start, end, "NAME"
    letters = [ch for ch in value if ch.isalpha()]
    if len(letters) > 24 or all(ch.lower() in "ai" for ch in letters):
        return None
    return start, end, "NAME"


def _alternation(words: set[str]) -> str:
    escaped = ("".join(ch if ch.isalnum() else "\\" + ch for ch in w) for w in words)
    return "|".join(sorted(escaped, key=lambda w: (-len(w), w)))


def person_name_trigger() -> str:
    """The gate trigger of ``person_name``: a superset of where it can find a name.

    After a cue that says a name follows ("my name is", "Dr.", "signed") any word may be
    the name; after any other cue ("this is", "thanks", "for") ``refine`` wants a
    capitalised word or a first name.
    """
    lex = lexicon()
    firsts = {w for w in lex.first if len(w) > 1} - lex.blocked
    sep = r"[ ,:]+(?:is[ ]+)?"
    explicit = (
        r"(?:\b(?:name|names|surname)(?:[ ]+is|[ ]+was|'s|[ ]*:)|\b(?:dr|mr|mrs|ms|mx|prof)\.?"
        r"|\b(?:miss|named|signed|regards|sincerely|attn:?|contact[ ]+person)"
        rf"|\b(?:my|his|her|our|their|the|a)[ ]+{_KIN},)"
    )
    return (
        rf"{explicit}{sep}{_NAME_WORD}"
        rf"|\b(?:{_STRONG_CUES}|{_WEAK_CUES}){_KIN_TAIL}{sep}"
        rf"(?:(?-i:[A-Z])|(?:{_alternation(firsts)})\b)"
        # A lowercase full name no list knows, after a cue ("this is priyanka raghunathan").
        rf"|\b(?:this[ ]+is|i[ ]+am|i'?m|it'?s)[ ,]+[a-z]{{3,}}[ ]+[a-z]{{3,}}\b"
    )


def _capitalised(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


def name_pair_trigger() -> str:
    """The gate trigger of ``name_pair``: a capitalised census first name, then a capital."""
    lex = lexicon()
    firsts = {_capitalised(w) for w in lex.first - lex.blocked if len(w) > 1}
    return (rf"\b(?:{_alternation(firsts)})[ ]+[A-Z]"
            rf"|\b{_SURNAME}[ ]*,[ ]+[A-Z][a-z]+")


def name_detectors() -> list[PatternDetector]:
    """Return the name detectors."""
    return [
        builtin_detector("person_name", "NAME", PERSON_NAME_PATTERN, group=2,
                         refine=_person_name, rescan=True, trigger=person_name_trigger(),
                         seek=True),
        builtin_detector("name_pair", "NAME", NAME_PAIR_PATTERN, case_sensitive=True,
                         refine=_name_pair, trigger=name_pair_trigger(), seek=True),
        builtin_detector("name_field", "NAME", NAME_FIELD_PATTERN, refine=_name_field),
        builtin_detector("spelled_name", "NAME", SPELLED_NAME_PATTERN, refine=_spelled),
    ]
