"""Detectors for people's names: after a cue, as a first+last pair, in structured fields, spelled.

Name evidence comes from the US Census Bureau's 1990 name frequency lists (public domain,
shipped by the PyPI package ``names``; see ``data/README.md``): 5,163 first names and 88,799
last names; Faker's first and last names of 86 locales; and 16.5k given names from the
Social Security Administration's baby names of 1880-2017 that those lists lack. Census
names that are also ordinary English words ("will", "grace", "mark", "brown"; from
textblob's lexicon) need a strong cue ("my name is", "Dr.") to count, so "I will call you"
or "by the grace of" flag nothing.

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
- ``name_caps``: two words in capitals that are a first name and a surname ("VILLANUEVA
  ROSARIO"), or the name components of an HL7 or X12 person segment (``|LOVE^NAVID^T|``).
- ``name_before``: name words right before what only a person is or has ("... got
  discharged", "..., my son", "... (sister)", "..., MD", "...'s appointment").
- ``name_verb``: a first name (and maybe a surname) before what people do ("Dustin could",
  "... is on line 2").
- ``name_field``: the value of a name-like key in JSON, ``key=value``, YAML, XML, form or SQL
  text (``"first_name": "Juan"``); under a key that only holds a person (``payer``,
  ``"first"``), a value that looks like a name.
- ``spelled_name``: a name spelled letter by letter ("S M I T H", "s as in sam, m as in
  mary").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Literal

from phiguard._engine.detectors.normalize import fold
from phiguard._engine.detectors.numwords import NUM_WORD
from phiguard._engine.detectors.pattern import (
    Groups,
    PatternDetector,
    Refine,
    Regex,
    Span,
    builtin_detector,
    line_start,
)
from phiguard._engine.detectors.written import _MONTH

#: Endings of drug and chemical names, which are unlisted words that are not names.
_DRUG_ENDINGS = (
    "pril", "statin", "olol", "mab", "ide", "zole", "cillin", "mycin", "cycline", "sartan",
    "formin", "pam", "lam", "done", "pine", "xetine", "triptan", "prazole", "vir", "tidine",
    "azepam", "afil", "ate", "ium", "ol", "one", "ine", "ase", "itis", "osis", "emia",
)


#: Common first names that the tagger lexicon (name_words.txt) also holds as lowercase words
#: whose ordinary sense is rare in speech and in logs ("john", "maria" (lunar seas),
#: "victor", "charlotte" (a dessert)): read as names, not as words. (A name whose ordinary
#: sense is common stays a word: "will", "grace", "mark", "sue", "miles", "rob".)
_RARE_SENSES = frozenset({
    "john", "william", "maria", "donna", "peter", "louis", "bobby", "victor", "charlotte",
    "tony", "harry", "sherry", "eva", "sally", "dustin", "alma", "lucy", "hugh", "patsy",
    "blanche", "angelica", "darin", "lana", "santos", "teddy", "myrtle", "derrick", "dean",
    "hazel", "jasmine", "marina", "flora", "homer", "heath", "curt", "earnest", "ken",
})


def _load(name: str) -> list[str]:
    path = resources.files("phiguard._engine.detectors") / "data" / name
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line and not line.startswith("#")]


#: Two-letter surnames (Vietnamese, Chinese, Korean) that are no English word or common
#: abbreviation ("my aunt wei vo is", "Kevin Ng"); other two-letter words are ordinary.
_SHORT_SURNAMES = frozenset({"vo", "xu", "wu", "ng", "ly", "hu", "lu", "fu", "gu", "yi", "ji"})


class NameLexicon:
    """The word sets the name detectors consult (loaded once, read-only)."""

    __slots__ = ("blocked", "english", "first", "function", "last", "rare", "word_like")

    def __init__(self) -> None:
        first = _load("first_names.txt")
        # The census lists are American names of 1990; Faker's lists of 86 locales add the
        # names of people from everywhere else ("nnamdi", "zbigniew", "haruka"), and the
        # Social Security Administration's baby names of 1880-2017 the names Americans are
        # given ("harpreet", "oksana", "keoni", "fatoumata").
        # (Those rare names stay "unlisted" for the rules that read a surname: "Keita".)
        self.rare: frozenset[str] = frozenset(_load("ssa_first_names.txt"))
        self.first: frozenset[str] = frozenset(first) | frozenset(
            _load("intl_first_names.txt")) | self.rare
        self.last: frozenset[str] = frozenset(_load("last_names.txt")) | frozenset(
            _load("intl_last_names.txt"))
        self.word_like: frozenset[str] = frozenset(_load("name_words.txt")) - _RARE_SENSES
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
            "hmm", "hmmm", "uhh", "umm", "uhm", "erm", "mhm", "spelled", "spell", "spelling",
            "pt", "rn", "lpn", "cna", "np", "dpt", "slp", "lcsw", "msw", "hyphen", "dash",
            "mrn", "eval", "evals", "reeval", "mm-hmm", "uh-huh", "hx", "dx", "tx", "sx",
            "fx", "pmh", "hpi",
        }
        # Words of software and telemetry that the 1990s lexicons lack, which would read as
        # names no list knows ("appointment for config debug"): never names in a log line.
        extra |= set(_load("tech_words.txt"))
        # Frequent words stay blocked unless they are also common first names ("will",
        # "may"): rare census first names such as "my" or "an" must not unblock them.
        funcs = set(_load("function_words.txt")) - set(first[:1500])
        self.function: frozenset[str] = frozenset(_load("function_words.txt")) | {
            "calling", "sorry", "fine", "good", "great", "here", "just", "not", "yes", "no"}
        self.blocked: frozenset[str] = frozenset(funcs | extra)

    def is_ordinary(self, word: str) -> bool:
        """Return whether ``word`` (lowercase) is an ordinary word: listed, blocked, or short
        (but for the two-letter surnames that are no abbreviation: "vo", "xu", "ng").
        """
        if word in _SHORT_SURNAMES:
            return False
        return (len(word) < 3 or word in self.english or word in self.word_like
                or word in self.blocked or word in self.function or word in _ORG_WORDS)

    def is_unlisted_name(self, word: str, *, drugs: bool = True) -> bool:
        """Whether ``word`` (lowercase) is shaped like a name no list knows ("adeyemi").

        Letters (with inner hyphens or apostrophes), three or more, in no census list (or
        only in the list of rare given names, which are surnames too: "keita") and in no
        list of ordinary words, and (unless ``drugs`` is false, where the context
        rules drugs out) without a drug name's ending ("lisinopril").
        """
        word = fold(word)[0]  # "cárdenas" reads as "cardenas" for the lists
        core = word.replace("'", "").replace("-", "")
        if not core.isalpha() or not core.isascii() or self.is_ordinary(core):
            return False
        if (word in self.first or word in self.last) and word not in self.rare:
            return False
        return not (drugs and core.endswith(_DRUG_ENDINGS))

    def is_name_word(self, word: str, *, strong: bool) -> bool:
        """Return whether ``word`` (lowercase) can be part of a name after a cue."""
        if "'" in word:
            if _is_contraction(word):  # "i'm", "we're"
                return False
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

_KIN_ALT = (
    r"father|mother|dad|mom|mum|son|daughter|wife|husband|brother|sister|grandmother"
    r"|grandfather|grandma|grandpa|aunt|uncle|niece|nephew|cousin|partner|spouse|friend"
    r"|neighbor|neighbour|caregiver|guardian|child|kid|boyfriend|girlfriend|fiance|fiancee"
    r"|stepfather|stepmother|grandson|granddaughter|patient|client|colleague|boss"
    r"|caseworker|interpreter|scribe|pastor|auntie|granny|nana|roommate|landlord|coworker"
    r"|senora|senor|sponsor|aide|chaplain|stepdad|stepmom|stepson|stepdaughter|stepbrother"
    r"|stepsister|twin|sibling|godmother|godfather|driver"
)
#: A relative or a role ("my father in law", "my mother-in-law").
_KIN = rf"(?:(?:great[ \-](?:great[ \-])?)?(?:{_KIN_ALT})(?:[ \-]in[ \-]law)?)"
#: What links a relative to their name ("my son is", "your driver will be", "my wife,").
_KIN_LINK = r"(?:'s[ ]+name[ ]+is|[ ]+is|[ ]+was|[ ]+will[ ]+be|[ ]+named|,)?"
#: Hesitations speech-to-text writes between a cue and a name ("this is uh frank").
_HESITATION = r"(?:(?:uhh?|umm?|uhm|er|erm|ah|hmm|sorry|like|so|oh)[ ,]+)*"
#: Clinicians named by their field ("her pediatrician is K.C. Rahman").
_SPECIALISTS = ("pediatrician", "cardiologist", "oncologist", "neurologist", "dermatologist",
                "psychiatrist", "psychologist", "dentist", "podiatrist", "optometrist",
                "chiropractor", "counselor", "counsellor", "specialist")
#: Health-care roles before a name ("nurse practitioner Gill", "physician assistant ...").
_ROLES = (
    r"(?:nurse[ ]+practitioner|physician(?:[ ]+assistant)?|practitioner|therapist|surgeon"
    r"|pharmacist|provider|prescriber|midwife|dietitian|social[ ]+worker|case[ ]+manager"
    r"|case[ ]+worker|"
    + "|".join(_SPECIALISTS) + r")"
)
#: A question for a name and the next speaker's label: "what's his name?\nCaller:",
#: "your full legal name [caller]", "and his name spk_1:".
_QA_NAME_CUE = (
    r"(?:your|his|her|their|the[ ]+patient'?s|patient'?s)[ ]+(?:(?:full|legal|first|last"
    r"|middle)[ ]+)*name(?:[ ]+(?:and|&)[ ]+(?:(?:your|his|her|their)[ ]+)?(?:date[ ]+of[ ]+birth"
    r"|dob|birthday|birth[ ]?date))?(?:[ ]+please)?[?.!]?[ ]*(?:\r?\n|[|])?[ ]*"
    r"(?:\[(?:caller|user|patient|customer|member|human)\]|(?:caller|user|patient|customer"
    r"|member|human|spk_[0-9]|c|p)[ ]*(?::|>|-))"  # an em dash is folded to "-"
)
#: Roles that label a person in a record ("Agent: Nikhil Love | Duration 4:12").
_LABEL_ROLES = ("agent", "rep", "representative", "coordinator", "scheduler", "driver",
                "interpreter", "technician", "clinician", "provider", "guarantor", "subscriber",
                "insured", "member", "guardian", "spouse", "pcp", "prescriber", "author",
                "assignee", "owner", "customer", "client")
#: Staff roles that are cues without a colon too, before a capitalised name only.
_BARE_ROLES = frozenset({"agent", "rep", "representative", "technician", "coordinator",
                         "scheduler", "clinician", "customer", "client"})
#: Words before "doctor" that make it a title ("with doctor pettigrew"), not a noun.
_BEFORE_DOCTOR = ("with", "see", "sees", "saw", "seeing", "to", "from", "by", "call", "is", "was",
                  "for", "ask", "tell", "paging", "page")
_STRONG_CUES = (
    _QA_NAME_CUE + r"|"
    # "with doctor pettigrew": "doctor" as a title (refine wants a surname after it).
    r"(?:" + "|".join(_BEFORE_DOCTOR) + r")[ ]+doctor|"
    # "first name Joy", "patient name ...": a field said aloud, with no verb (first, so
    # that "patient name X" is not read as the cue "patient" before the word "name").
    r"(?:first|last|given|family|middle|maiden|full|legal|patient'?s?|caller'?s?)[ ]+name"
    r"(?:[ ]+is|[ ]+was|'s|[ ]*:)?|named[ ]+(?:him|her|them)|"
    # "the caregiver for grace park", "son of Wendell Kamau": whose relative one is.
    r"(?:" + _KIN_ALT + r")[ ]+(?:(?:uh|um)[ ]+)?(?:for|of)|"
    # "Daughter Eun-ji Crowley is HCP": a capitalised relative, no possessive.
    # "son Zawadi Bautista", "neighbor Fatima", "Auntie Fatoumata": a bare relative.
    r"(?:" + _KIN_ALT + r")|"
    r"(?:(?:my|his|her|their|the|patient'?s?|caller'?s?|your|first|last|full|legal|maiden"
    r"|middle|given|family|sur)[ ]+)?(?:name|names|surname)(?:[ ]+is|[ ]+was|'s|[ ]*:)"
    r"|this[ ]+(?:(?:uh|um|er)[ ]+)?is|it'?s[ ]+(?:just[ ]+)?me|it'?s|i[ ]+am|i'?m|im"
    r"|speaking[ ]+with"
    r"|talking[ ]+(?:to|with)"
    r"|speak[ ]+(?:to|with)|dr\.?|doctor|mr\.?|mrs\.?|ms\.?|miss|mx\.?|prof\.?|nurse"
    r"|patient|pt|caller|named|called|calling[ ]+(?:for|about|on[ ]+behalf[ ]+of)"
    # A voicemail greeting: "you've reached tomasz wierzbicki".
    r"|you'?ve[ ]+reached|you[ ]+have[ ]+reached"
    r"|on[ ]+behalf[ ]+of|appointment[ ]+for|signed|regards|sincerely|attn:?|attention"
    r"|contact[ ]+person"
    r"|(?:my|his|her|our|their|the|your)[ ]+" + _KIN + _KIN_LINK +
    r"|name[ ]+on[ ]+(?:the|my|his|her|your|their)[ ]+(?:[a-z]+[ ]+)?(?:card|account|file"
    r"|policy|insurance|prescription|reservation|order|booking)[ ]+is"
    r"|name[ ]+on[ ]+(?:it|there|that|file)[ ]+(?:is|reads|says)"
    # "it's under my husband's name pua wang": whose name a record is under.
    r"|under[ ]+(?:the|my|his|her|their|our)[ ]+(?:(?:" + _KIN_ALT + r")'s[ ]+)?name"
    r"|mister|missus|misses"
    r"|(?:this[ ]+)?message[ ]+is[ ]+for|(?:am[ ]+i[ ]+)?speaking[ ]+(?:with|to)"
    # The answer to who is speaking: "who am i speaking with? Anneliese."
    r"|(?:(?:am[ ]+i[ ]+)?speaking[ ]+(?:with|to)|who(?:'s|[ ]+is)[ ]+(?:this|calling))[ ]*\?"
    # What someone is called: "everybody calls me Nacho", "goes by Rocky", "identified
    # herself as Heriberto".
    r"|calls?[ ]+me|goes[ ]+by|identified[ ]+(?:herself|himself|themselves|themself)[ ]+as"
    # "we have you down as kalani": the name a record holds.
    r"|down[ ]+as"
    # Whose account or policy it is: "the account holder is major hossain".
    r"|(?:account|policy|card)[ ]?holder(?:[ ]+is|[ ]*:)|(?:subscriber|insured|guarantor)"
    r"(?:[ ]+is)?"
    # Spanish: "mi nombre es Hao Dlamini", "me llamo ...".
    r"|mi[ ]+nombre[ ]+es|me[ ]+llamo"
    r"|known[ ]+as"
    # A role as a label: "Agent: Nikhil Love", "Interpreter: ...".
    r"|(?:" + "|".join(_LABEL_ROLES) + r")[ ]*:"
    # ... and a staff role without its colon, before a capitalised name (see
    # _BARE_ROLES): "QA: Agent Hiroshi verified the caller".
    r"|agent|rep|representative|technician|coordinator|scheduler|clinician|customer|client"
    r"|" + _ROLES +
    # A bare field said aloud, last (the forms with "is" or a colon come first): "zip four
    # three ... name winona tehrani" (refine wants a full name: see _bare_name).
    r"|name"
)
#: Weak cues that address someone ("thanks will", "hi grace"): after them a lowercase
#: first name that is also a word may be the one addressed (see ``_vocative``).
_GREETING_CUES = (
    r"thank[ ]+you|thanks|hi|hello|hey|dear|bye|goodbye|okay|ok|alright|all[ ]+right"
    r"|perfect|wonderful|excellent|good[ ]+(?:morning|afternoon|evening)"
)
#: The other weak cues: after them a lowercase name is a first name that is no word.
_OTHER_WEAK_CUES = (
    r"for|with|and|see|ask|tell|under"
    # Verbs whose object is a person ("I spoke to Arjun", "transfer me to irina").
    r"|(?:spoke|speak|talked|talk)[ ]+(?:to|with)|transfer(?:red)?[ ]+(?:me|you)[ ]+to"
    r"|connect(?:ed)?[ ]+(?:me|you)[ ]+(?:to|with)|ask[ ]+for|(?:written|prescribed"
    r"|referred|seen|signed|requested|approved|verified|reviewed|ordered|entered|submitted"
    r"|authori[sz]ed)[ ]+by|referral[ ]+from|escalated[ ]+to|assigned[ ]+to|per|is[ ]+this"
    r"|ride[ ]+with|call[ ]+from(?:[ ]+a)?|re:|about|(?:i|we|she|he|they)[ ]+saw"
    r"|(?:message|voicemail|text|email|note|update)[ ]+from|regarding"
    r"|identifies[ ]+as|identified[ ]+as|check(?:ing)?[ ]+(?:in[ ]+)?on"
    # "i take care of araceli andersen", "calling to remind dustin of", "the last name is
    # ... and first is lakshmi", "Dr. Fairbanks saw Agnieszka on ...".
    r"|(?:take|takes|taking|took)[ ]+care[ ]+of|caring[ ]+for|remind(?:ing)?|first[ ]+is"
    r"|saw"
)
_WEAK_CUES = _GREETING_CUES + "|" + _OTHER_WEAK_CUES
_NAME_WORD = r"[a-z][a-z'\-]*[a-z]"
#: One to three name words, maybe with a middle initial ("maria t. gonzalez", "priya k raman").
_NAME_RUN = (
    # Leading initials: "A.J.", "d j" (never "a" or "i", which are words).
    rf"(?:(?:[a-z]\.[ ]*){{1,2}}|[b-hj-z][ ](?:[b-hj-z][ ])?)?"
    rf"{_NAME_WORD}(?:[ ]+(?:[a-z]\.?[ ]+)?{_NAME_WORD}){{0,3}}"
)
_KIN_TAIL = (
    rf"(?:[ ,]+(?:my|his|her|our|their|the|a)[ ]+{_KIN}{_KIN_LINK})?"
)
PERSON_NAME_PATTERN = (
    rf"\b((?:{_STRONG_CUES}|{_WEAK_CUES}){_KIN_TAIL})(?:[ ,:(]+|,\r?\n)(?:is[ ,]+)?{_HESITATION}"
    # A name said again after a pause ("Amadou, Amadou Diallo") stays inside the match.
    rf"({_NAME_RUN}(?:,[ ]+{_NAME_RUN})?)"
)

_STRONG_START = frozenset(
    ["name", "names", "surname", "this", "it", "i", "im", "speak", "talk", "dr", "doctor", "mr",
     "mrs", "ms", "miss", "mx", "prof", "nurse", "patient", "pt", "caller", "named", "called",
     "calling", "on", "appointment", "signed", "regards", "sincerely", "attn", "attention",
     "my", "his", "her", "our", "their", "the", "your", "first", "last", "full", "legal",
     "maiden", "middle", "given", "family", "sur", "contact", "mister", "missus", "misses",
     "message", "am", "speaking", "physician", "practitioner", "therapist", "surgeon",
     "pharmacist", "provider", "midwife", "dietitian", "social", "case", "patients",
     "callers", "call", "calls", "goes", "identified", "known", "its", "down", "account",
     "policy", "card", "accountholder", "policyholder", "cardholder", "subscriber", "insured",
     "guarantor", "mi", "me", "who",
     *_LABEL_ROLES, *_SPECIALISTS]
)


#: Roles before a name: a lowercase word after them must be a first name (or capitalised).
_MEDIUM_START = frozenset({"patient", "pt", "caller", "nurse", "doctor", "physician",
                           "practitioner",
                           "therapist", "surgeon", "pharmacist", "provider", "midwife",
                           "dietitian", "social", "case", "patients", "callers", "assistant",
                           "worker", "manager", "daughter", "son", "wife", "husband",
                           "mother", "father", "brother", "sister", "caregiver", "guardian",
                           "spouse", "niece", "nephew", "grandson", "granddaughter",
                           "partner", *_SPECIALISTS}) | frozenset(_KIN_ALT.split("|")) | (
                               frozenset(_LABEL_ROLES))
#: Roles whose next word, even in lowercase, is a surname when no list calls it an
#: ordinary word ("nurse practitioner gill"; not "doctor", which prose uses before verbs).
_CLINICIANS = frozenset({"practitioner", "physician", "assistant", "therapist", "surgeon",
                         "pharmacist", "midwife", "dietitian", "nurse"})

#: Cue words that say outright that a name follows ("my name is", "Dr.", "Mrs.", and "my
#: father," before a name): after them an ordinary word that is also a name ("will",
#: "grace") or a first name missing from the census lists counts even in lowercase.
_EXPLICIT = frozenset({"name", "names", "surname", "named", "down", "dr", "mr", "mrs", "ms", "miss",
                       "holder", "accountholder", "policyholder", "cardholder", "nombre", "llamo",
                       "mx", "prof", "attn", "signed", "regards", "sincerely", "mister",
                       "missus", "misses", "behalf"})


_KIN_WORDS = frozenset(_KIN_ALT.split("|")) | {"law"}

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
        "location", "office", "branch", "campus", "site", "pediatrics", "urgent", "dialysis",
        "imaging", "radiology", "oncology", "cardiology", "orthopedics", "rehab", "hospice",
        "station", "bridge", "center's", "llp", "pllc", "pc", "medicine", "physicians"
    ]
)


def _names_an_organisation(text: str, run: list[str], end: int) -> bool:
    """Whether a run of name words is part of an organisation's or a place's name."""
    last = lexicon().last
    for word in run[1:]:
        low = word.lower().strip(",.;:")
        if word[:1].isupper() and low in _ORG_WORDS and low not in last:
            return True
    if "\n" in text[end : end + 3]:
        return False  # the next line ("Thanks,\nOtieno Quispe\nCare Coordinator") is apart
    # "Davis Orchestra", and in lowercase a place noun: "our Lincoln Park location"; also
    # after more of the organisation's name: "Lincoln Park Family Practice", "Baylor Scott
    # and White clinic", "Martin Luther King Jr. Boulevard".
    lex = lexicon()
    # (In Title Case speech every word is capitalised: only the next one is read there.)
    reach = 1 if _title_case_speech(text[max(0, end - 80) : end + 80]) else 4
    for word in text[end : end + 60].split()[:reach]:
        noun = word.lower().strip(",.;:!?")
        if noun in _ORG_WORDS:
            return word[:1].isupper() or noun in _PLACE_NOUNS
        if word[:1].isupper() and word[-1:] not in ",;:!?" and (
                noun not in lex.function or noun in lex.last):
            continue  # more capitalised words of a name ("Family", "Jr.", "White"; not "At")
        if word not in ("and", "&", "of"):  # (in Title Case speech "And" ends a name)
            return False
    return False


#: Nouns that make the words before them a place even in lowercase ("... location").
_PLACE_NOUNS = frozenset({"location", "office", "branch", "campus", "site", "clinic", "hospital",
                          "pharmacy", "center", "centre"})
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "mister", "missus", "misses"})


def _is_title(cue: str) -> bool:
    words = cue.replace(".", " ").split()
    return bool(words) and words[-1] in _TITLES


def _is_explicit(cue: str) -> bool:
    words = [w for w in cue.replace("'", " ").replace(".", " ").replace(":", " ").replace(
        ",", " , ").split() if w not in ("uh", "um")]
    if not _EXPLICIT.isdisjoint(words) or words[-2:] == ["contact", "person"]:
        return True
    # An apposition after a relative ("my father, ...") introduces a name, and so does
    # "the caregiver for", "the son of".
    return len(words) > 1 and words[-2] in _KIN_WORDS and (
        words[-1] in ("for", "of") or (len(words) > 2 and words[-1] == ","))


#: Cues of a speaker introducing themself ("this is destiny park", "i'm will grant").
_SELF_CUES = frozenset({"this", "it", "i", "im", "speaking", "am"})


def _plausible(
    lex: NameLexicon, run: list[str], *, explicit: bool, cue: str = "", title_case: bool = False
) -> bool:
    """Whether a run of name words after a conversational cue reads as a name.

    "this is frank holloway" and "this is Model" do; "this is model", "appointment for
    session response" (lowercase ordinary words that happen to be census surnames) do not.
    A run passes when a word is capitalised (in text that is not all capitals; but in
    Title Case speech-to-text "It's" before ordinary words is the weather: "It's Sunny I
    Hope The Drive's Okay"), when a
    word is a census name that is not an ordinary word, or when a first name is followed
    by a surname ("destiny park") or by a word no list knows (a rare surname: "frank
    okonkwo").
    """
    if explicit:
        return True
    lowered = [w.lower().strip("'-") for w in run]
    if cue in ("attention", "contact") and not title_case and len(run) == 2 and all(
            w.istitle() for w in run) and lowered[0] in lex.first and lowered[1] in lex.last and (
            lowered[1] not in lex.blocked and lowered[0] not in lex.blocked) and not any(
            w in lex.function or w in _MODALS or w in _ORG_WORDS for w in lowered) and (
            lowered[1] not in lex.english):
        return True  # "attention Grace Fox": capitals in cased prose, after an addressee cue
    if (cue not in _SELF_CUES or (title_case and cue == "it")) and len(lowered) > 1 and all(
            lex.is_ordinary(w) for w in lowered):
        # "my son will call", "Grace Period": ordinary words that are also names ("It's
        # Sunny I Hope": the weather, in Title Case speech).
        return False
    if not title_case and any(w[:1].isupper() and not w.isupper() for w in run):
        return True  # (Title Case speech capitalises every word: "It's Sunny Out")
    for w in lowered:
        if (w in lex.first or w in lex.last) and w not in lex.word_like:
            return True
    if len(lowered) < 2 or lowered[0] not in lex.first or lowered[1] in lex.function:
        return False
    second = lowered[1]
    return second in lex.last or second not in lex.first


#: Verbs that follow a subject, which Title Case speech capitalises ("Kiele Will Pick").
_MODALS = frozenset({"will", "can", "may", "might", "shall", "would", "could", "should", "must"})


#: Words that open the clause after a name ("It's Summer We Met At ...", "I'm Art From").
_CLAUSE_OPENERS = frozenset({"we", "i", "i'm", "and", "from", "with", "calling", "here",
                             "again", "my", "your", "how", "can", "could", "please"})


def _clause_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` ends its clause: the text ends, punctuation
    follows, or a word that opens the next clause ("It's Summer We Met"; not "It's Sunny
    Out So I Might").
    """
    rest = text[end : end + 16]
    if not rest.strip() or rest[:1] in ",.;:!?":
        return True
    nxt = rest.split(None, 1)[0].lower().strip(",.;:!?")
    return nxt in _CLAUSE_OPENERS


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
        if _is_contraction(low) or (run and low in _MODALS):
            break  # "nnamdi achebe he's ninety-six", "My Daughter Kiele Will Pick It Up"
        if lex.is_unlisted_name(low):
            unknown = True
        elif low in lex.blocked or low in lex.word_like or (
                low not in lex.first and low not in lex.last):
            break
        run += 1
    return run if run >= 2 and unknown else 0


#: Particles inside surnames ("De La Cruz", "van der Berg", "bin Rashid", "Al Sayed").
_PARTICLES = frozenset({"de", "la", "del", "della", "van", "der", "den", "von", "bin", "binti",
                        "al", "el", "da", "di", "du", "dos", "das", "le", "st", "ter", "ten"})


def _is_initial(word: str) -> bool:
    """Whether ``word`` is an initial: a lone letter, "T.", "A.J."."""
    if len(word) == 1:
        return word.isalpha()
    letters = word.replace(".", "")
    return "." in word and len(letters) <= 2 and letters.isalpha() and word[-1] == "."


def _repeated(text: str, end: int, words: list[str], limit: int) -> list[str]:
    """``words`` (one word) and the words after it if the text says it again before
    ``limit`` ("Amadou, Amadou Diallo"); else ``words`` unchanged.
    """
    tail = text[end : min(end + 64, limit)].lstrip(" ,")
    if not tail.lower().startswith(words[0].lower()):
        return words
    again = tail.split()
    if len(again) < 2 or again[0].lower() != words[0].lower():
        return words
    rest = []
    for word in again[1:3]:
        core = word.rstrip(",.;:!?")
        if not core or not core.replace("'", "").replace("-", "").isalpha():
            break
        rest.append(core)
        if core != word:
            break
    return words + rest if rest else words


#: Words after which a lone word that no list knows is the caller introducing themself:
#: "this is Dagny from the clinic", "this is obinna with northside imaging".
_SELF_TAIL = frozenset({"from", "with", "at", "calling", "here", "again"})


#: Months that are given names too.
_MONTH_NAMES = frozenset({"april", "may", "june", "august"})


def _introduces_self(text: str, start: int, words: list[str], cue_s: int) -> bool:
    """Whether ``words[0]`` is one name-shaped word followed by "from", "with", "calling"...;
    at the start of a turn ("this is ivy i'm the caregiver", "hi it's hope calling") also
    a first name that is a word too, and "I'm" after it.
    """
    lex = lexicon()
    low = words[0].lower().strip("'-")
    after = text[start + len(words[0]) : start + len(words[0]) + 12].split(None, 1)
    tail = after[0].lower().strip(",") if after else ""
    if tail == "the":
        # "this is losa the nurse at ...": a role after the name.
        role = text[start + len(words[0]) : start + len(words[0]) + 32].lower().split()[1:2]
        tail = "from" if role and role[0].strip(",.") in _MEDIUM_START else tail
    if lex.is_unlisted_name(low) or (low in lex.last and low not in lex.first and not (
            lex.is_ordinary(low))):
        # "this is venkatesh i'm ninety one": a word no list knows, then who they are.
        return tail in _SELF_TAIL or tail in ("i'm", "im")
    if low in _MONTH_NAMES and tail in ("from", "with", "calling"):
        pass  # "this is june from doctor patel's office": a month that is a given name
    elif low not in lex.first or low in lex.blocked:
        return False
    if tail in ("i'm", "im"):
        # "this is ivy i'm the caregiver", not "this is major i'm telling you": who they are.
        role = text[start + len(words[0]) : start + len(words[0]) + 40].lower().split()[1:4]
        if not (len(role) > 1 and role[0] in _POSSESSIVES | {"a", "an"} and (
                role[1] in _KIN_WORDS or role[1] in _MEDIUM_START)):
            return False
    elif tail not in _SELF_TAIL:
        return False
    opening = text[max(0, cue_s - 24) : cue_s].lower().replace(",", " ").split()
    while opening and opening[-1] in _ANSWER_OPENERS:
        opening.pop()
    return not opening or opening[-1].endswith((":", ".", "?", "!", '"'))


#: Endings of the adjectives and nouns that follow "I'm" ("Hispanic", "Vegetarian",
#: "Jewish", "Congolese", "Pescatarian", "Positive").
_ADJECTIVE_ENDINGS = ("ic", "ish", "ese", "ian", "ean", "ist", "ive", "ant", "ent", "ed", "ing",
                      "al", "ous", "ful", "less")


#: Cues that open an address to someone ("Hi Sunita,", "Okay Mohinder,").
_GREETINGS = frozenset({"hi", "hello", "hey", "dear", "okay", "ok", "alright", "all", "thanks",
                        "thank", "bye", "goodbye", "good"})


#: First words of cues whose object is a person ("spoke to", "transfer me to", "per").
_PERSON_VERBS = frozenset({"spoke", "speak", "talked", "talk", "transfer", "transferred",
                           "connect", "connected", "ask", "written", "prescribed", "referred",
                           "seen", "referral", "escalated", "assigned", "per", "ride",
                           "call"})


#: First words of the cues that say what someone is called ("calls me", "goes by").
_NAMING_VERBS = frozenset({"call", "calls", "goes", "known", "identified"})
#: Person verbs after which a lowercase word is a name when it is a first name ("transfer
#: me to arash", "a call from a mitra"). (``person_name_trigger`` lets only first names
#: through after them: any word would wake the detector on every "transfer you to the".)
_LOWER_NAME_VERBS = frozenset({"spoke", "speak", "talked", "talk", "transfer", "transferred",
                               "connect", "connected", "call"})


#: Thanks, right before a lowercase word, and what ends the thanks after it.
_THANKED = re.compile(r".*\b(?:thank you|thanks)[ ,]+$")
_THANKED_TAIL = re.compile(r"[ ]*(?:[,.!?]|$)|[ ]+(?:i|we|so|and|for|i'll|i'm)\b")


def _vocative(lex: NameLexicon, word: str, text: str, start: int) -> bool:
    """Whether ``word`` is someone being addressed: capitalised, then a comma or "!"/"?",
    and a name no list knows or a first name ("Thanks Jade!"), not a blocked word; or in
    lowercase, before the speaker's "this is" ("hi kourosh this is the nurse line").
    """
    low = word.lower()
    after = text[start + len(word) : start + len(word) + 10]
    if word.islower() and _THANKED.match(text, max(0, start - 12), start) is not None and (
            _THANKED_TAIL.match(after) is not None):
        # "thank you marites i see the card": thanked by a name no list knows.
        return lex.is_unlisted_name(low)
    if (word.islower() or word.istitle()) and after.lower().startswith((
            " this is ", " it's ", " its ")):
        # "hi kourosh this is the nurse line": someone addressed in lowercase speech (or in
        # Title Case: "Good Afternoon Jerome This Is Ginny").
        return lex.is_unlisted_name(low, drugs=False) or (
            low in lex.first and low not in lex.blocked and low not in lex.word_like)
    if not word[:1].isupper() or word.isupper():
        return False
    if text[start + len(word) : start + len(word) + 1] not in (",", "!", "?") and not (
            # "Agent: Thank you, Eun-ji.": thanked by name, at the end of a sentence
            text[start + len(word) : start + len(word) + 1] in (".", "")
            and _THANKED.match(text[max(0, start - 12) : start].lower()) is not None):
        return False
    # Nobody greets a drug: a name ending like one ("Babajide") counts here.
    return lex.is_unlisted_name(low, drugs=False) or (low in lex.first and low not in lex.blocked)


#: Roles before a first name that is also a word, as relatives are ("nurse rose, she ...").
_NURSES = frozenset({"nurse", "aide", "therapist", "pharmacist", "midwife", "dietitian",
                     "interpreter", "chaplain", "coordinator", "scheduler"})


def _after_kin(cue: str) -> bool:
    """Whether ``cue`` ends with a relative ("my sister", "my father in law")."""
    words = cue.replace("-", " ").split()
    return bool(words) and words[-1] in _KIN_WORDS


#: Words that follow a name that is the subject of a clause ("my sister hope is ...").
_SUBJECT_TAIL = frozenset({"is", "was", "she", "he", "has", "had", "got", "who", "and", "just",
                           "lives", "says", "said", "needs", "wants", "passed", "died", "she's",
                           "he's", "they're", "keeps"})


#: Verbs after a name that is the subject ("maria gonzalez needs a refill"): never a surname
#: there, though the census lists a few ("Needs", "Wants").
_SUBJECT_VERBS = frozenset({"says", "said", "calls", "called", "needs", "wants", "has", "had",
                            "is", "was", "lives", "told", "asked", "answered", "drove"})


def _names_a_subject(lex: NameLexicon, word: str, text: str, start: int) -> bool:
    """Whether ``word`` after a relative is a first name that is the subject of what
    follows: "my sister hope is ninety one", "my daughter joy, she", not "my son will call".
    """
    low = word.lower()
    if (low not in lex.first or low in lex.blocked) and not lex.is_unlisted_name(low):
        return False
    rest = text[start + len(word) :]
    head = rest[:1]
    if not head or head in ",.;:!?)":
        return True
    after = rest[:16].split(None, 1)
    return bool(after) and after[0].lower().strip(",.;:!?") in _SUBJECT_TAIL


def _end_of(text: str, start: int, words: list[str]) -> int:
    """Where ``words`` end in ``text`` from ``start`` (on the original spacing, which may
    hold several spaces, initials, or a repeated name between them).
    """
    pos = start
    for word in words:
        pos = text.index(word, pos) + len(word)
    return pos


#: Possessives before a relative ("my mom", "their son").
_POSSESSIVES = frozenset({"my", "his", "her", "our", "their", "the", "your"})


def _one_word_name(
    lex: NameLexicon, cue: str, first_word: str, words: list[str], *, text: str, start: int
) -> bool:
    """Whether ``words[0]`` alone is a name by what surrounds it.

    "my mom harpreet is 94", "for my son Deepak, his birthday": a relative, then one word
    that is a first name or no ordinary word, then what a subject does. "Okay Mohinder, I
    can move you", "Hi Sunita, this is ...": someone addressed by a name no list knows.
    """
    if first_word in _POSSESSIVES and _after_kin(cue) and (
            len(words) == 1 or lex.is_ordinary(words[1].lower())) and (
            _names_a_subject(lex, words[0], text, start)):
        return True
    if first_word in _NAMING_VERBS and cue.endswith((" me", " by", " as")) and (
            words[0][:1].isupper() and words[0][1:].islower()) and (
            text[max(0, start - 16) : start].rstrip(" ,:(")[-1:].islower()) and (
            words[0].lower() not in lex.blocked):
        return True  # "everybody calls me Pip": what someone is called, in cased prose
    if first_word in _PERSON_VERBS and not words[0].isupper() and (
            len(words) == 1 or not words[1][:1].isupper() or (
                # "I Was Seen By Mutasa On June ...": Title Case speech capitalises "On"
                words[1].lower() in lex.function and _title_case_speech(text))):
        # "I spoke to Arjun yesterday", "Per Pooja at the front desk", and in lowercase
        # "transfer me to arash in billing" (not "per day": a first name, never an
        # ordinary word).
        low = words[0].lower().strip("'-")
        if low in _SERVICES:
            return False  # "a call from walgreens": a business, not a person
        if words[0][:1].islower() and first_word in _LOWER_NAME_VERBS and (
                lex.is_unlisted_name(low)) and _clause_ends(text, start + len(words[0])):
            return True  # "transfer me to arash in billing", "a call from rajesh."
        if words[0][:1].islower() and (first_word not in _LOWER_NAME_VERBS or lex.is_ordinary(
                low) or low not in lex.first):
            return False
        return lex.is_unlisted_name(low) or (
            low in lex.first and low not in lex.blocked and low not in lex.word_like)
    if _spelled_out(text, start + len(words[0]), words[0]):
        return True  # "it's dawn, d a w n": a word spelled right after it is a name
    if first_word in ("i", "it", "its") and words[0][:1].isupper() and words[0][1:].islower() and (
            text[start + len(words[0]) : start + len(words[0]) + 1] in ("", ",", ".", "!", ";")
            or text[start + len(words[0]) : start + len(words[0]) + 4] == " my "):
        # "i'm Nizhoni, i'm on the hipaa form", "hey it's Aminata, call me back", "its
        # Folake my bday is": a capitalised word no list knows, alone, and not what people
        # say they are ("I'm Hispanic", "I am Vegetarian").
        low = words[0].lower()
        # ("It's Lisinopril": after "it's" a drug is likelier than a name.)
        return lex.is_unlisted_name(low, drugs=first_word == "it") and not low.endswith(
            _ADJECTIVE_ENDINGS)
    return first_word in _GREETINGS and _vocative(lex, words[0], text, start)


#: Languages, which a phone menu offers after a weak cue ("press one for english"); some are
#: surnames or given names too.
_LANGUAGES = frozenset({
    "english", "spanish", "french", "german", "italian", "portuguese", "russian", "chinese",
    "mandarin", "cantonese", "vietnamese", "korean", "japanese", "arabic", "hindi", "urdu",
    "tagalog", "polish", "creole", "haitian", "somali", "amharic", "farsi", "persian",
    "punjabi", "bengali", "hmong", "navajo", "swahili", "ukrainian", "greek", "hebrew",
    "turkish", "armenian", "dari", "pashto", "nepali", "burmese", "tigrinya",
    "oromo", "yoruba", "igbo", "khmer", "lao", "thai", "gujarati", "tamil", "telugu"})
#: Businesses that call patients and that people ask for by name: pharmacies, payers,
#: labs, transport. After "a call from" or "transfer me to" they are no person.
_SERVICES = frozenset({
    "walgreens", "cvs", "walmart", "costco", "kroger", "publix", "safeway", "riteaid",
    "medicare", "medicaid", "aetna", "cigna", "humana", "anthem", "kaiser", "optum", "tricare",
    "ambetter", "molina", "centene", "wellcare", "bcbs", "uhc", "amerigroup", "caresource",
    "highmark", "quest", "labcorp", "uber", "lyft", "modivcare", "logisticare", "fedex", "ups",
    "usps", "amazon", "epic", "mychart", "zocdoc", "goodrx", "teladoc", "billing", "pharmacy",
    "scheduling", "radiology", "cardiology", "oncology", "triage", "reception", "someone",
    "somebody", "anyone", "anybody", "everyone"})
#: Words that may follow a name that ends a clause ("transfer me to arash in billing").
_AFTER_CLAUSE = frozenset({"in", "from", "at", "yesterday", "today", "and", "about", "last",
                           "on", "please", "again", "earlier", "who", "she", "he", "but", "so",
                           "when", "this", "the", "for", "before", "after", "already"})


def _clause_ends(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` ends its clause: punctuation, the end of the text,
    or a word that starts what comes after a name ("in billing", "yesterday", "and").
    """
    rest = text[end : end + 16]
    if not rest.strip() or rest[:1] in ".,?!;:":
        return True
    nxt = rest.split(None, 1)
    return rest[:1] == " " and bool(nxt) and nxt[0].lower().strip(".,?!") in _AFTER_CLAUSE


def _spelled_out(text: str, end: int, word: str) -> bool:
    """Whether ``word``, which ends at ``end``, is spelled letter by letter right after it
    ("dawn, d a w n", "Sunny: S-U-N-N-Y").
    """
    if len(word) < 3 or not word.isalpha():
        return False
    after = text[end : end + 4 * len(word) + 4].lstrip(" ,.:;").lower()
    letters: list[str] = []
    for token in after.replace(",", " ").replace("-", " ").replace(".", " ").split():
        if len(token) != 1 or len(letters) == len(word):
            break
        letters.append(token)
    return "".join(letters) == word.lower()


def _is_contraction(word: str) -> bool:
    """Whether ``word`` (lowercase) is a contraction ("i'm", "we're"), not "o'brien"."""
    head, sep, tail = word.partition("'")
    return bool(sep) and tail in ("m", "s", "re", "ve", "ll", "d", "t") and len(head) <= 5


def _labelled_run(lex: NameLexicon, cue: str, words: list[str], *, explicit: bool) -> int:
    """How many words make a name after a title or a label, when no list knows them.

    After "Mrs. Haverford" or "Caller: Oluwaseun Adeyemi" capitalised words count, or one
    word after a title, or (after a cue that says a name follows) name-shaped words.
    """
    taken = 0
    for word in words:
        low = word.lower().strip("'-")
        if low in lex.blocked or low in lex.function or low in lex.word_like or (
                _is_contraction(low)):
            break
        if not (word[:1].isupper() and not word.isupper()) and not (
                taken == 0 and _is_title(cue) and not (
                    # "is dr available": a lowercase word no name list holds
                    lex.is_ordinary(low) and low not in lex.last and low not in lex.first)
        ) and not (
                explicit and (lex.is_unlisted_name(low) or low in lex.first
                              or low in lex.last)):
            break
        taken += 1
    if taken == 0 and explicit and cue.rstrip(" :").endswith(("name", "name is")) and (
            words[0].lower() in lex.first):
        if len(words) > 1 and _name_shaped(lex, words[1].lower().strip("'-,.")) and not (
                lex.is_ordinary(words[1].lower().strip("'-,."))):
            taken = 2  # "my name is may chikwanha": a first name that is a word, a surname
        elif words[0].lower() not in lex.function:
            taken = 1  # "first name June": a first name that is a month too, said as the name
    return taken


def _after_role(
    lex: NameLexicon, cue: str, words: list[str], text: str, start: int, *, before: str
) -> tuple[int, int, str] | bool:
    """Judge the words after a role ("patient", "caller", "nurse practitioner"): a finding,
    False (not a name), or True (go on judging them as after any strong cue).

    "patient portal", "nurse line": a role word then a lowercase surname-only word is a noun
    phrase, not a name; a first name or a capitalised word is a name. ``before`` is the
    text before the cue: after "with" or "see", "doctor" is a title ("an appointment with
    doctor pettigrew"), and a lowercase surname after it is a name.
    """
    w0 = words[0]
    low0 = w0.lower().strip("'-")
    role = cue.replace(".", " ").split()[-1]
    clinician = (role in _CLINICIANS or (role == "doctor" and before in _BEFORE_DOCTOR)) and (
        (_is_surname(lex, low0) and low0 not in lex.word_like) or lex.is_unlisted_name(low0))
    patient = role in ("patient", "pt") and w0.islower() and not lex.is_ordinary(low0) and (
        lex.is_unlisted_name(low0) or (_is_surname(lex, low0) and low0 not in lex.first))
    if role == "pt" and w0.islower() and not patient:
        return False  # "pt ed on meds": patient education, not a name
    if (clinician and low0 not in lex.first and not w0[0].isupper()) or patient:
        # "the therapist is folake adeyemi", "pt okeke reports pain": a name no list knows
        # (or a surname, after a clinician), maybe with a surname after it.
        if w0.lower().endswith("'s"):
            return start, start + len(w0) - 2, "NAME"  # "doctor patel's office"
        more = len(words) > 1 and not lex.is_ordinary(words[1].lower()) and (
            _is_surname(lex, words[1].lower()) or lex.is_unlisted_name(words[1].lower()))
        return start, _end_of(text, start, words[: 1 + more]), "NAME"
    if role in ("doctor", "dr") and w0.istitle() and low0 in lex.last and (
            low0 not in _MODALS) and (
            text[max(0, start - len(cue) - 1) : start].lstrip()[:1].islower()):
        # "send a copy to doctor Moody": a capitalised surname after a lowercase title.
        return start, start + len(w0), "NAME"
    if w0[0].isupper() and not w0.isupper() and lex.is_unlisted_name(low0):
        # "Patient L. Gebremedhin", "Caller: Oluwaseun Adeyemi": capitalised names no
        # list knows (with the capitalised name words after the first).
        run = 1
        while run < min(len(words), 3) and words[run][:1].isupper() and not (
                lex.is_ordinary(words[run].lower().strip("'-"))):
            run += 1
        return start, _end_of(text, start, words[:run]), "NAME"
    if low0 not in lex.first and not (w0[0].isupper() and not w0.isupper()):
        # "pastor e j mayfield": initials make the lowercase surname after them a name.
        return _after_initials(lex, text, start, words) > 0
    # "Patient Portal", "Nurse Line": a capitalised ordinary word with no label colon
    # and no name after it is a product or a service, not a person.
    return not (":" not in cue and low0 not in lex.first and lex.is_ordinary(low0) and (
        len(words) < 2 or lex.is_ordinary(words[1].lower().strip("'-"))))


def _read_cue(cue: str) -> tuple[str, str, str]:
    """Split a (lowercase) cue into the word before a title, the cue, and its first word:
    "with doctor" is the title "doctor" after "with".
    """
    first_word = cue.replace("'", " ").replace(".", " ").replace(":", " ").split()[0]
    if first_word in _BEFORE_DOCTOR and cue.endswith("doctor"):
        before, cue = cue.split(None, 1)
        return before, cue, "doctor"
    if cue.endswith(":") and first_word in _LABEL_ROLES:
        cue = cue[:-1].rstrip()  # "Agent:" is the role, as "Caller" before its colon
    return "", cue, first_word


def _strong_after_kin(text: str, cue_s: int, cue: str, word: str, *, explicit: bool) -> bool:
    """Whether a relative makes a strong cue: "the caregiver for grace park" (whose
    relative), or "daughter Faith called" (a capitalised word after a relative in lowercase
    prose is a name, even a word that is one too).
    """
    words = cue.split()
    if words[0] not in _KIN_WORDS:
        return False
    return explicit or (len(words) == 1 and text[cue_s].islower() and word[:1].isupper()
                        and word[1:].islower())


def _unlisted_surname(lex: NameLexicon, words: list[str], taken: int) -> int:
    """1 if ``words[taken]`` can be a surname no list knows after the name words before it
    (capitalised, or in lowercase after a lowercase name; no ordinary word), else 0.
    """
    nxt = words[taken].strip("'-")
    low = nxt.lower()
    return int((nxt[:1].isupper() or words[0][:1].islower()) and low not in lex.blocked and (
        low not in _ORG_WORDS) and low not in lex.function and low not in lex.word_like and (
        low not in lex.english) and not _is_contraction(low))


def _surname_tail(lex: NameLexicon, words: list[str], taken: int) -> int:
    """How many words after the ``taken`` name words finish the name: a surname missing
    from the census lists ("frank okonkwo"), or a middle name no list knows and then a
    listed surname ("leila parisa cardenas"); 0 if none.
    """
    more = _unlisted_surname(lex, words, taken)
    if more and taken + 1 < min(len(words), 3) and (
            words[taken + 1][:1].isupper() == words[0][:1].isupper()) and (
            lex.is_name_word(fold(words[taken + 1].lower())[0].strip("'-"), strong=False)):
        return 2
    return more


def _after_initials(lex: NameLexicon, text: str, start: int, words: list[str]) -> int:
    """How many words (one or two) make a name after initials at ``start`` ("e j mayfield",
    "S. de Vries", "K.C. Rahman"): surnames that are no ordinary words, or words no list
    knows, in the case of the initials; 0 if the text at ``start`` is no initial.
    """
    head = text[start : start + 4].split(None, 1)
    if not head or not _is_initial(head[0]) or head[0].lower() in ("a", "i"):
        return 0
    taken = 0
    for word in words[:3]:
        low = word.lower().strip("'-")
        if word[:1].isupper() != head[0][:1].isupper() and low not in _PARTICLES:
            break
        if not (low in _PARTICLES and taken + 1 < len(words)) and not (
                (_is_surname(lex, low) and not lex.is_ordinary(low)) or lex.is_unlisted_name(low)):
            break
        taken += 1
    while taken and words[taken - 1].lower() in _PARTICLES:
        taken -= 1
    return taken


#: Two initials ("F. V.", "m e"; not "a" or "i" without a period, which are words): after
#: them even a weak cue's run is a name ("the Rx for F. V. Tuilagi", "under m e mahe").
_TWO_INITIALS = r"(?:[a-z]\.[ ]*[a-z]\.[ ]*|[b-hj-z][ ]+[a-z][ ]+)"
_TWO_INITIALS_RE = Regex("^" + _TWO_INITIALS)


def _name_words(lex: NameLexicon, text: str, start: int, words: list[str], *, strong: bool
                ) -> int:
    """How many of ``words`` (the run at ``start``) are name words: listed names (words
    too after a strong cue), particles inside a surname, the surname after a middle
    initial.
    """
    taken = 0
    for i, word in enumerate(words):
        w = word.lower().strip("'-")
        if i > 0 and w in _PARTICLES and taken + 1 < len(words):
            taken += 1  # "Ingrid De La Cruz", "a j van der berg": part of the surname
            continue
        if i == 1 and taken == 1 and _after_middle_initial(lex, text, start, word):
            return 2  # "my mom dariush d street": after a middle initial, the surname
        if i == 1 and taken == 1 and _word_surname(lex, words):
            return 2  # "ingrid young born ...", "Ciaran Small, I'm": a surname that is a word
        if not lex.is_name_word(w, strong=strong or i > 0) or (i > 0 and w in _MODALS) or (
                i > 0 and w in _SUBJECT_VERBS) or (
                i > 0 and word[:1].islower() and words[0][:1].isupper()):
            break  # "daughter Dalisay will drive", "son Josefina re: transport"
        taken += 1
    return taken


#: Frequent words (blocked as names elsewhere) that are common surnames too.
_BLOCKED_SURNAMES = frozenset({"young", "small", "little", "white", "street", "lane", "court",
                               "love", "house", "battle", "long", "hand", "day", "may", "well",
                               "good"})
#: Of those, the ones that are a surname only where a pause follows: "Mehmet Day, phone".
_PAUSED_SURNAMES = frozenset({"day", "may", "well", "good"})
#: Words after which one of those is an adjective or a noun, not a surname ("little bit").
_NOT_AFTER_SURNAME = frozenset({"bit", "time", "while", "more", "less", "ago", "enough",
                                "way", "one", "ones", "girl", "boy", "kid", "kids", "baby",
                                "guy", "man", "lady", "brother", "sister", "son", "daughter"})


def _word_surname(lex: NameLexicon, words: list[str]) -> bool:
    """Whether ``words[1]`` is a surname that is also a frequent word, after a given name:
    "ingrid young born ...", "Ciaran Small, I'm", "my father Santiago Little, who" (both in
    one case; not "maria little bit", "anna small one").
    """
    given, word = words[0], words[1].rstrip(",.;:")
    low = word.lower()
    if low not in _BLOCKED_SURNAMES or word[:1].isupper() != given[:1].isupper() or (
            word.isupper() and not given.isupper()):
        return False
    g = given.lower().strip("'-")
    if not ((g in lex.first and g not in lex.word_like and g not in lex.blocked)
            or lex.is_unlisted_name(g)):
        return False
    if low in _PAUSED_SURNAMES and words[1] == word and len(words) > 2:
        return False  # "her son Mehmet Day, phone ...", not "ana day two"
    nxt = words[2].lower().strip(",.;:") if len(words) > 2 and words[1] == word else ""
    return nxt not in _NOT_AFTER_SURNAME


def _after_middle_initial(lex: NameLexicon, text: str, start: int, word: str) -> bool:
    """Whether ``word`` is the second word of the run at ``start`` and a middle initial
    (not "a" or "i") stands right before it: then it is the surname, even a word ("dariush
    d street"), unless it is a function word or a contraction.
    """
    tokens = text[start : start + 80].split()[:3]
    if len(tokens) < 3 or tokens[2] != word or not _is_initial(tokens[1]) or (
            tokens[1].lower() in ("a", "i")):
        return False
    low = word.lower()
    # (Blocked words are conversation, "okay", "sorry"; but a street's word is a surname
    # too: "Street", "Lane".)
    return low.isalpha() and len(low) > 2 and low not in lex.function and (
        low not in lex.blocked or low in _ORG_WORDS)


def _surname_follows(lex: NameLexicon, words: list[str]) -> bool:
    """Whether a known surname follows the first word, which the lists need not know as a
    first name: after a strong cue "Cristian" (missing from the 1990 lists) or "April" (a
    word too) then a surname is a name ("Agent: Hi Abdullah" is not: a greeting).
    """
    if len(words) < 2:
        return False
    w0 = words[0].lower().strip("'-")
    w1 = words[1].lower().strip("'-")
    return w0 not in lex.function and w0 not in _GREETINGS and w1 in lex.last and (
        w1 not in lex.blocked) and not (words[0][:1].isupper() and w1 == words[1])


def _titled_possessive(lex: NameLexicon, text: str, start: int, word: str) -> bool:
    """Whether ``word`` (at ``start``, after a title) is a surname's possessive, even of a
    surname that is a word: "dr love's nurse", "dr young's office" (not "love is").
    """
    head = word[:-2].lower()
    return word.lower().endswith("'s") and text.startswith(word, start) and (
        head in lex.last or lex.is_unlisted_name(head))


def _titled_particles(lex: NameLexicon, text: str, start: int, words: list[str]) -> int:
    """Where a surname's possessive after a title ends, before its "'s" (see
    :func:`_titled_possessive`), past the particles of the surname ("doctor de la cruz's
    office"); 0 if there is none.
    """
    k = 0
    while k < min(len(words) - 1, 3) and words[k].lower() in _PARTICLES:
        k += 1
    at = _end_of(text, start, words[: k + 1]) - len(words[k])
    if not _titled_possessive(lex, text, at, words[k]):
        return 0
    return at + len(words[k]) - 2


def _miss_as_title(lex: NameLexicon, text: str, cue_s: int, word: str) -> bool:
    """Whether a lowercase "miss" at ``cue_s`` is a title: it opens the text or follows a
    relative or "for" ("my grandmother miss oksana rahman"), and a name comes after it.
    """
    before = text[max(0, cue_s - 40) : cue_s].split()
    if before and before[-1].lower().strip(",") not in _KIN_WORDS | {"for", "and"}:
        return False
    low = word.lower().strip("'-")
    return not lex.is_ordinary(low) and _name_shaped(lex, low)


#: Words that tell speech from a record in capitals ("HI BILL IT'S AYESHA FROM ...").
_CAPS_SPEECH_TELLS = frozenset({"IS", "THE", "MY", "AND", "TO", "FOR", "THIS", "IT'S", "I'M",
                                "FROM", "YOUR", "WITH", "ME", "HI", "HELLO", "CALLING", "CALL",
                                "OF", "AT", "ON", "NOT", "WAS", "YES", "PLEASE", "BACK"})
#: The last text read as speech in capitals, and what the name rules read instead.
_CAPS_SPEECH: list[tuple[str, str]] = [("", "")]


def _as_speech(text: str) -> str:
    """``text`` as the name rules read it: speech-to-text in capitals ("THIS IS CASH
    KAHANANUI MY DATE OF BIRTH ...") reads as the lowercase speech it is, where capitals
    are no evidence of a name; any other text as it is. Offsets are kept (only letters
    whose lowercase is one character change).
    """
    if not text[:80].isupper():  # (fast: any lowercase letter near the start)
        return text
    last = _CAPS_SPEECH[0]
    if last[0] is text:
        return last[1]
    read = text
    # (Not a record in capitals: HL7, X12, a table, a caller-ID line.)
    if text.isupper() and not any(ch in text for ch in "|^*=<>{}[]_~") and sum(
            1 for word in text[:400].split() if word.strip(",.?!") in _CAPS_SPEECH_TELLS) > 1:
        read = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    # (Remembered either way: a refine runs once per match, and the text is long at times.)
    _CAPS_SPEECH[0] = (text, read)
    return read


def _spoken(refine: Refine) -> Refine:
    """``refine`` reading speech in capitals as lowercase speech (see :func:`_as_speech`)."""
    def read(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
        return refine(_as_speech(text), start, end, match)
    return read


def _cued_name(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    """Refine a match of ``person_name``: after a bare "name" said as a field, a full name
    (:func:`_bare_name`); after any other cue, see :func:`_person_name`.
    """
    cue_s, cue_e = match[1]
    words = text[start:end].split()
    if cue_e - cue_s == 4 and text[cue_s:cue_e].lower() == "name":
        return _bare_name(lexicon(), text, start, words)
    if words and text[start + len(words[0]) : start + len(words[0]) + 1] == "(":
        return None  # "subscriber: Str(Phoebe Adeyemi)": a type or a call, not a name
    return _person_name(text, start, end, match)


def _person_name(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    lex = lexicon()
    cue_s, cue_e = match[1]
    before, cue, first_word = _read_cue(text[cue_s:cue_e].lower())
    strong = first_word in _STRONG_START
    # Middle initials ("Maria T. Gonzalez", "priya k raman") are not words to judge;
    # re-anchoring below keeps them inside the span when a word after them is taken.
    # ("me llamo rosa quispe y necesito una cita": the name ends at "y".)
    end = _spanish_name_end(text, start, end) if first_word in ("mi", "me") else end
    comma = text.find(",", start, end)
    words = [w for w in text[start : end if comma < 0 else comma].split() if not _is_initial(w)]
    # "it's mamadou er young": a hesitation inside the name is no word of it.
    words = words[:1] + [w for w in words[1:] if w.lower() not in _FILLERS]
    if not words:
        return None
    if comma >= 0 and all(w.lower() in _PARTICLES for w in words[:-1]):
        words, given_end = _at_comma(lex, text, cue if ":" not in text[cue_e:start] else "name:",
                                     words, comma=comma, end=end)
        if given_end:
            return start, given_end, "NAME"
    if (_is_title(cue) or (cue == "doctor" and before)) and (
            possessed := _titled_particles(lex, text, start, words)):
        return start, possessed, "NAME"  # "dr love's nurse", "doctor de la cruz's office"
    if cue.split()[-1] == "miss" and text[cue_s:cue_s + 1] == "m" and not words[0][:1].isupper(
            ) and not _miss_as_title(lex, text, cue_s, words[0]):
        return None  # "if you miss a dose": the verb, not the title
    if (cue in ("ms", "mx") and text[max(0, cue_s - 2) : cue_s].strip()[-1:].isdigit()) or (
            cue.startswith("name") and _yaml_thing(text, cue_s)):
        # "5000 ms (attempt 2 of 3)": milliseconds, not the title; "agent:\n  name:
        # riverbend-scheduler": a thing's name
        return None
    if not strong and words[0].lower() in _SERVICES:
        return None  # "you've reached kaiser", "with humana": a business
    if cue in _BARE_ROLES and ":" not in text[cue_s:start] and not words[0][:1].isupper():
        return None  # "the agent will call": a staff role with no colon wants a capital
    explicit = _is_explicit(cue)
    if explicit and cue in ("down as", "known as") and _title_case_speech(text) and not (
            _name_shaped(lex, words[0].lower().strip("'-"))):
        return None  # "Mark It Down As Urgent Please": Title Case speech, an ordinary word
    strong = strong or _strong_after_kin(text, cue_s, cue, words[0], explicit=explicit)
    unlisted = 0
    if not explicit and (
            (strong and first_word not in _MEDIUM_START) or words[0][:1].isupper()):
        unlisted = _unlisted_run(lex, words)
    if not unlisted and _one_word_name(lex, cue, first_word, words, text=text, start=start):
        return start, start + len(words[0]), "NAME"
    words = words[:unlisted] if unlisted else words
    if first_word in _MEDIUM_START and cue.split()[-1].strip(",:") in _MEDIUM_START:
        after_role = _after_role(lex, cue, words, text, start, before=before)
        if after_role is not True:
            return after_role or None
    # "pastor e j mayfield", "it's t j esposito macleod": initials, then surnames.
    initials = _after_initials(lex, text, start, words) if strong or (
        first_word in _MEDIUM_START) or _TWO_INITIALS_RE.search(text[start : start + 8]) else 0
    if not unlisted and not explicit and not words[0][:1].isupper() and (
            words[0].lower() not in lex.first) and not initials:
        # Without a cue that says a name follows ("my name is", "Dr."), a lowercase run
        # must start with a first name: "this is frank holloway", not "this is model";
        # or be a word no list knows that says where the speaker is ("this is losa the
        # nurse at", "this is dagny from").
        if strong and first_word in _SELF_CUES and _introduces_self(text, start, words, cue_s):
            return start, start + len(words[0]), "NAME"
        return None
    taken = unlisted or initials or _name_words(lex, text, start, words, strong=strong)
    if taken == 0 and strong and _surname_follows(lex, words):
        taken = 2
    if taken == 0 and (explicit or ":" in text[cue_e:start]):
        taken = _labelled_run(lex, cue, words, explicit=explicit)
    if taken == 0 and strong and not explicit and _introduces_self(text, start, words, cue_s):
        # "this is Dagny from the cardiology office": one word no list knows, then the
        # place the speaker calls from.
        taken = 1
    if 0 < taken < len(words) and taken < 3 and (
            strong or explicit or words[0][0].isupper() or (
                words[0].lower() in lex.first and words[0].lower() not in lex.word_like)):
        taken += _surname_tail(lex, words, taken)
    if taken == 0:
        return None
    if not strong and not explicit and not initials and words[0][0].islower() and (
            words[0].lower() not in lex.first or words[0].lower() in _LANGUAGES):
        # After a weak cue ("thanks", "for", "with") a lowercase word is a name only if it
        # is a first name: "for billing", "with lopez" are not enough.
        return None
    if not unlisted and not initials and not _plausible(
            lex, words[:taken], explicit=explicit, cue=first_word,
            title_case=_title_case_speech(text[max(0, cue_s - 80) : cue_e + 80]) and not (
                _clause_after(text, _end_of(text, start, words[:taken])))):
        if taken == 2 and _after_kin(cue) and _kin_full_name(lex, text, start, words):
            return start, _end_of(text, start, words[:2]), "NAME"  # "my husband frank fox"
        if not ((_after_kin(cue) or cue.split()[-1] in _NURSES) and _names_a_subject(
                lex, words[0], text, start)) and not (
                first_word in _SELF_CUES and _introduces_self(text, start, words, cue_s)):
            return None
        taken = 1
    name_end = _end_of(text, start, words[:taken])
    behalf = cue.endswith("behalf of")  # explicit, but firms act for callers too
    if (not explicit or behalf) and _names_an_organisation(text, words[:taken], name_end):
        return None
    if behalf and taken == 1 and words[0].islower() and lex.is_ordinary(words[0].lower()):
        return None  # "on behalf of grace community church"
    return _after_lead(text, start, words[:taken]), name_end, "NAME"


def _at_comma(
    lex: NameLexicon, text: str, cue: str, words: list[str], *, comma: int, end: int
) -> tuple[list[str], int]:
    """Read the words of a name up to a comma: the name said again, in full, after the
    pause ("it's Amadou, Amadou Diallo"; the words grow), or a surname first, a comma and
    the given name ("my name is lee-park, dominique", "PATIENT: VAN DIJK, MARICEL": where
    the name ends). ``cue`` is "name:" after a label's colon.
    """
    said_again = _repeated(text, comma, words, end) if len(words) == 1 else words
    if said_again is not words:
        return said_again, 0
    if cue == "name:" and not words[0][:1].isupper():
        return words, 0  # (a label's lowercase words wait for the rules after it)
    return words, _given_after_comma(lex, text, cue, words[-1], comma=comma, end=end)


def _given_after_comma(
    lex: NameLexicon, text: str, cue: str, word: str, *, comma: int, end: int
) -> int:
    """Where a name said surname first ends ("my name is lee-park, dominique", "Caller: Bird,
    Phoebe."): after a cue that says a name follows (or a label's colon), a surname (or a
    word no list knows), a comma and a first name (or a word no list knows) that is no
    ordinary word; 0 if it is not one.
    """
    if not cue.endswith(("name is", "name's", "name", "name:")):
        return 0
    low = word.lower().strip("'-")
    if not (_is_surname(lex, low) or lex.is_unlisted_name(low)):
        return 0
    rest = text[comma + 1 : end].split()
    if not rest:
        return 0
    given = rest[0].lower().strip("'-")
    if not (given in lex.first or lex.is_unlisted_name(given)) or lex.is_ordinary(given) or (
            given in _MONTH_NAMES):
        return 0
    return text.index(rest[0], comma) + len(rest[0])


def _kin_full_name(lex: NameLexicon, text: str, start: int, words: list[str]) -> bool:
    """Whether the two ``words`` after a relative ("try my husband frank fox") are a first
    name and a surname, words both, that end the clause: no verb, modal or function word.
    """
    first, last = (w.lower().strip("'-,.") for w in words[:2])
    if first not in lex.first or last not in lex.last or any(
            w in lex.blocked or w in lex.function or w in _MODALS for w in (first, last)):
        return False
    return _clause_after(text, _end_of(text, start, words[:2]))


_YAML_PARENT = re.compile(r"[ ]*([A-Za-z_]+):[ ]*$")


def _yaml_thing(text: str, at: int) -> bool:
    """Whether the indented YAML key at ``at`` sits in a thing's block ("agent:\n  name:
    riverbend-scheduler", "service:", "model:"): its parent, the nearest line above with
    less indentation, is a thing's key.
    """
    # (Windows only: a long line is no YAML, and a search back to its start per cue would
    # make a long text quadratic.)
    line_start = text.rfind("\n", max(0, at - 80), at) + 1
    indent = at - line_start
    if indent == 0 or (line_start == 0 and at >= 80) or text[line_start:at].strip(" -"):
        return False
    end = line_start - 1
    for _ in range(12):  # a few lines up at most
        if end <= 0:
            return False
        start = text.rfind("\n", max(0, end - 200), end) + 1
        if start == 0 and end > 200:
            return False
        line = text[start:end]
        depth = len(line) - len(line.lstrip(" "))
        if line.strip() and depth < indent:
            parent = _YAML_PARENT.fullmatch(line)
            key = parent.group(1).lower() if parent else ""
            return key in _THING_KEYS or key in _THING_PARENTS
        end = start - 1
    return False


def _bare_name(lex: NameLexicon, text: str, start: int, words: list[str]
               ) -> tuple[int, int, str] | None:
    """The name after a bare "name" said as a field ("... name winona tehrani", "Dob
    November 4th 1995 Name April Rosenblum"): a first name (or a name no list knows) and a
    surname (or one no list knows), no ordinary words ("name brand", "name change").
    """
    if len(words) < 2:
        return None
    first, last = (w.lower().strip("'-,.") for w in words[:2])
    if (first in lex.blocked and not (words[0].istitle() and first in lex.first)) or (
            first in lex.function) or last in lex.blocked or (
            last in lex.function) or last in _ORG_WORDS:
        return None
    # (The surname vouches for a first name that is a word too: "Name April Rosenblum".)
    if not (first in lex.first or lex.is_unlisted_name(first)):
        return None
    if not ((last in lex.last and not lex.is_ordinary(last)) or lex.is_unlisted_name(last)):
        return None
    return start, _end_of(text, start, words[:2]), "NAME"


def _name_shaped(lex: NameLexicon, low: str) -> bool:
    """Whether ``low`` (lowercase) is a listed name or shaped like one no list knows."""
    return low in lex.first or low in lex.last or lex.is_unlisted_name(low)


def _after_lead(text: str, start: int, words: list[str]) -> int:
    """Where a name of ``words`` (at ``start``) starts past a title or a relation at its
    head: "my aunt miss esperanza villalobos" names "esperanza villalobos".
    """
    lead = words[0].lower().rstrip(".")
    if len(words) > 1 and (lead in _TITLES or lead.split("-")[0] in _KIN_WORDS) and (
            text.startswith(words[0], start)):
        return text.index(words[1], start + len(words[0]))
    return start


# --- name_pair: "Henry Leonard" with no cue --------------------------------------------------

_SURNAME = r"[A-Z](?:[a-z]{0,2}'?[A-Z])?[a-z]+(?:-[A-Z](?:[a-z]{0,2}'?[A-Z])?[a-z]+)?"
_GIVEN = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"  # "Mary-Kate", "Ji-woo"
#: Particles written inside a surname, in the case they are written in ("Sione dos
#: Santos", "June Van der Berg", "Kwabena St. Pierre").
_PARTICLE_WORDS = (r"(?:[Dd]e|[Dd]el|[Dd]ella|[Ll]a|[Vv]an|[Dd]er|[Dd]en|[Vv]on|[Dd]os|[Dd]as"
                   r"|[Dd]a|[Dd]i|[Dd]u|[Ll]e|bin|binti|al|el|ter|ten|St\.?)")
#: "First [M.] [particles] Last" (groups 1, 2), "Last, First [M.|Middle]" (groups 3, 4, 5),
#: or "C. Boateng", an initial and a surname (group 6).
NAME_PAIR_PATTERN = (
    rf"\b({_GIVEN})[ ]+(?:[A-Z]\.[ ]+)?(?:{_PARTICLE_WORDS}[ ]+){{0,2}}({_SURNAME})\b"
    rf"|\b({_SURNAME})[ ]*,[ ]*({_GIVEN})\b(?:[ ]+([A-Z]\.|{_GIVEN}\b))?"
    rf"|\b[A-Z]\.[ ]?({_SURNAME})\b"
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
    if match[6][0] >= 0:
        return _initial_surname(lex, text, start, end)
    if match[1][0] < 0:
        return _last_first(lex, text, start, end, match)
    s1, e1 = match[1]
    s2, e2 = match[2]
    first = text[s1:e1].lower()
    last = text[s2:e2].lower()
    if _particles_between(text[e1:s2]):
        return _particle_pair(lex, text, (start, end), first, last)
    # A middle initial vouches for the first name ("Joy M. Keita"), and for one no list
    # knows before a listed surname ("Xiaoming S. Zhang").
    initial = e1 + 1 < s2
    if initial and lex.is_unlisted_name(first) and _is_surname(lex, last) and (
            last not in lex.word_like and not lex.is_ordinary(last)) and not (
            _names_an_organisation(text, [], end)):
        return start, end, "NAME"
    if not _is_given(lex, first) or first in _SERVICES:
        return None  # ("Kaiser Permanente": a payer)
    if not initial and _is_given(lex, last) and last not in lex.word_like:
        # Two given names, then a surname: "Leilani Siti Fitzgerald" (surname_tails takes
        # the surname).
        third = _TAIL_WORD.match(text, end)
        if third is not None and _is_surname(lex, third.group(1).lower()) and not (
                lex.is_ordinary(third.group(1).lower())):
            return start, end, "NAME"
        if first not in lex.word_like and not lex.is_ordinary(last) and (
                last not in _STATES) and not _names_an_organisation(text, [], end):
            return start, end, "NAME"  # "Layla Yilmaz": a surname the lists hold as a given name
    if not _is_surname(lex, last) and not (
            (first not in lex.word_like or initial) and len(first) > 2
            and lex.is_unlisted_name(last)):
        # A surname no list knows counts after a first name that is no ordinary word
        # ("Saanvi Tembo"; not "Will Xyz", nor "Mi Abuela" in Spanish).
        return None
    if first in lex.word_like and last.replace("'", "") in lex.word_like:
        return None
    if _names_an_organisation(text, [], end):
        return None
    return start, end, "NAME"


#: Words a letter follows that are no first name ("Vitamin D. Long", "Plan B. Young").
_LETTERED = frozenset({"vitamin", "hepatitis", "hep", "type", "plan", "part", "option",
                       "section", "appendix", "figure", "fig", "grade", "stage", "class",
                       "level", "phase", "schedule", "tier", "group", "unit", "suite", "apt",
                       "building", "bldg", "lot", "block", "ward", "wing", "bed", "room",
                       "step", "item", "exhibit", "form", "line", "box", "medicare", "hmo",
                       "ppo", "po", "and", "or"})
#: What may stand before an initial written with a surname, where the surname is also an
#: ordinary word ("for K. King", "| P. Young |"); after a full stop or a letter it is prose.
_INITIAL_LEADS = frozenset("|\t\"'(<[-:=,;*/>")


def _initial_surname(
    lex: NameLexicon, text: str, start: int, end: int
) -> tuple[int, int, str] | None:
    """"C. Boateng", "| P. Nguyen |", "for K. King": an initial and a listed surname.

    A surname that is no ordinary word needs nothing more; one that is ("King", "Young")
    needs a field's edge or a person cue before the initial. A letter that follows a
    word such as "vitamin", "plan" or "part", or another initial ("P.O. Box"), is no name.
    """
    last = text[start + 2 : end].strip().lower()
    if not _is_surname(lex, last) or last in lex.blocked or last in _ORG_WORDS or (
            last in _STREET_WORDS or last in _STATES):
        return None
    before = text[max(0, start - 24) : start]
    if before.endswith(".") or before[-2:-1] == ".":
        return None  # "P.O. Box", "U.S. Bank"
    word = _WORD_BEFORE.search(before)
    prev = word.group(1).lower() if word is not None else ""
    if prev in _LETTERED:
        return None
    # "Sky F. Fox": a capitalised given name before the initial (which the pattern's first
    # alternative did not take).
    given = word is not None and word.group(1)[0].isupper() and word.end() == len(before) and (
        prev not in lex.blocked and not _is_title(prev)) and (
        prev in lex.first or lex.is_unlisted_name(prev))
    if lex.is_ordinary(last) or last.replace("'", "") in lex.word_like:
        lead = before.rstrip(" ")[-1:]
        if not (given or lead == "" or lead in _INITIAL_LEADS or prev in _WEAK_NAME_LEADS):
            return None
    if _names_an_organisation(text, [], end):
        return None
    return start, end, "NAME"


_WORD_BEFORE = re.compile(r"([A-Za-z][a-z'\-]*)[ ]*$")


#: Words after which an initial and a surname that is also a word are a person's
#: ("for K. King", "with J. Young").
_WEAK_NAME_LEADS = frozenset({"for", "with", "to", "by", "from", "patient", "pt", "dr",
                              "owner", "caller", "member", "subscriber", "nurse", "agent",
                              "rider", "driver", "mr", "mrs", "ms", "dear", "cc", "attn"})


def _particles_between(gap: str) -> bool:
    """Whether the words between a given name and a surname hold a particle ("dos")."""
    return any(w.lower().rstrip(".") in _PARTICLES for w in gap.split())


def _particle_pair(
    lex: NameLexicon, text: str, span: tuple[int, int], first: str, last: str
) -> tuple[int, int, str] | None:
    """"Sione dos Santos", "Autumn van Houten": a first name, particles, a capitalised
    surname. The particles vouch for the name, so a first name that is also a word counts;
    a surname that is an organisation's or a street's word does not ("Grace St. Hospital",
    "12 Grace St. Apt 4").
    """
    start, end = span
    if first in lex.blocked or first not in lex.first:
        return None
    if last in lex.blocked or last in lex.function or last in _ORG_WORDS or last in _STREET_WORDS:
        return None
    if text[max(0, start - 16) : start].rstrip()[-1:].isdigit():
        return None  # "1200 Grace St. Paul": a street, then a city
    gap = text[start:end].split()[1:-1]
    if any(w[0].isupper() for w in gap if w.lower().rstrip(".") in _PARTICLES) and (
            _title_case_speech(text)):
        return None  # Title Case speech: "Fecha De Nacimiento"
    if _names_an_organisation(text, [], end):
        return None
    return start, end, "NAME"


#: Function words that Title Case speech-to-text capitalises mid-sentence ("My Name Is",
#: "Mi Fecha De Nacimiento Es El ..."), and prose does not.
_TITLE_CASE_TELLS = frozenset({
    "my", "is", "the", "and", "of", "to", "for", "your", "you", "in", "on", "at", "with",
    "this", "that", "was", "but", "me", "we", "it", "it's", "i'm", "am", "are", "be", "can",
    "es", "mi", "su", "tu", "el", "los", "las", "y", "que", "con", "por", "para", "un",
    "una", "soy", "llamo"})


#: Spanish words that end a name said after "me llamo" / "mi nombre es".
_SPANISH_STOPS = frozenset({"y", "e", "que", "con", "por", "para", "es", "mi", "su", "soy",
                            "tengo", "necesito", "quiero", "pero", "porque", "llamo"})


def _spanish_name_end(text: str, start: int, end: int) -> int:
    """Where a name said after "me llamo" / "mi nombre es" ends: before the first Spanish
    word that no name holds ("rosa quispe y necesito una cita").
    """
    said = text[start:end].split()
    cut = next((i for i, w in enumerate(said) if w.lower().strip(",.") in _SPANISH_STOPS), None)
    if cut is None:
        return end
    return _end_of(text, start, [w.rstrip(",.") for w in said[:cut]])


def _title_case_speech(text: str) -> bool:
    """Whether ``text`` is speech-to-text in Title Case ("My Name Is ...", "Mi Fecha De
    ..."): two or more function words capitalised inside a sentence (a record's
    "Guarantor: Thomas R. St. Laurent" capitalises names and a sentence's first word).
    """
    count = 0
    previous = "."
    for token in text[:400].split():
        word = token.strip(",;!?\"'()")
        if word[:1].isupper() and word[1:].islower() and previous[-1:] not in ".?!:\"" and (
                word.lower() in _TITLE_CASE_TELLS):
            count += 1
            if count > 1:
                return True
        previous = token
    return False


#: Words of street addresses, which follow "St." in "Grace St. Apt 4" (never a surname there).
_STREET_WORDS = frozenset({"apt", "apartment", "unit", "suite", "ste", "floor", "fl", "bldg",
                           "building", "room", "rm", "lot", "po", "box"})


def _csv_fields(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is whole comma-separated fields of a row of four or more
    commas (a CSV export line, not prose).
    """
    if text[start - 1 : start] not in ("", ",") or text[end : end + 1] not in ("", ",", "\n"):
        return False
    opens = text.rfind("\n", 0, start) + 1
    closes = text.find("\n", end)
    line = text[opens : len(text) if closes < 0 else closes]
    return line.count(",") >= 4 and ", " not in line


def _csv_name(lex: NameLexicon, last: str, given: str) -> bool:
    """Whether two fields of a data row (",Lefevre,Dawn,") are a surname and a given name.

    The place vouches for the name even when a part of it is a word ("Tan,Rupert"): a
    first name and a surname or a name no list knows, a surname and a name no list knows,
    or two listed surnames that are not both words ("Dlamini,Venkatesh").
    """
    if given in _STATES or last in lex.blocked or given in lex.blocked:
        return False
    if given in lex.first and (last in lex.last or lex.is_unlisted_name(last)):
        return True
    if _is_surname(lex, last) and lex.is_unlisted_name(given):
        return True
    return last in lex.last and given in lex.last and not (
        last in lex.word_like and given in lex.word_like)


_STATES = frozenset(
    line.split("\t")[1].lower() for line in _load("us_states.txt") if "\t" in line)


#: Abbreviated days and months, which read as given names after "Surname, ".
_DATE_ABBREVIATIONS = frozenset({
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})


#: A person's quoted value opening right before a name ("for patient 'Small, Ana'").
_QUOTED_PERSON = Regex(r"\b(?:patient|member|caller|subscriber|guarantor|name)[ ]*[:=]?[ ]*['\"]$")


#: A given name romanised in two syllables, the second in lowercase ("Ji-woo", "Min-jun").
_ROMANISED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")


#: What follows a patient's name in a record: "(MRN ...", ", DOB ...", " (aged 91", "(M, 82)".
_RECORD_AFTER = Regex(r"^[ ,]*[(\[]?[ ]*(?:mrn\b|dob\b|d\.o\.b|born\b|aged?\b|[mf][ ]*,[ ]*[0-9]"
                      r"|[0-9]{1,3}[ ]*(?:y|yo|y/o|yrs|years)\b)")


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
    if e3 + 1 == s4 and _csv_fields(text, s3, e4) and _csv_name(lex, last, given):
        return start, e4, "NAME"
    quoted = text[start - 1 : start] if start else ""
    if quoted in ('"', "'") and text[e4 : e4 + 1] == quoted and text[s3:e3].istitle() and (
            text[s4:e4].istitle()) and given in lex.first and given not in lex.blocked and (
            last in lex.last) and last not in lex.blocked and last not in _ORG_WORDS and (
            given not in _STATES and given not in _DATE_ABBREVIATIONS):
        # "candidates": ["Patel, Bjorn", "Wolf, Amber"]: a whole quoted value "Last, First"
        # is a person's, even where both are words.
        return start, e4, "NAME"
    if _QUOTED_PERSON.search(text[max(0, start - 24) : start]) is not None and (
            given in lex.first and given not in lex.blocked) and (
            last in lex.last or lex.is_unlisted_name(last)):
        # "for patient 'Small, Ana'": the quoted value of a person, whose surname may be a
        # word.
        return start, e4, "NAME"
    if last in lex.last and len(last) > 2 and given in lex.first and (
            given not in lex.blocked) and (
            _RECORD_AFTER.search(text[e4 : e4 + 16]) is not None):
        # "refill for Brown, Inés (MRN ...": a record's identifier after it vouches for a
        # surname that is a word too.
        return start, e4, "NAME"
    if not _is_surname(lex, last) and not (
            lex.is_unlisted_name(last) and (_is_given(lex, given) or _ROMANISED_GIVEN.fullmatch(
                text[s4:e4]) is not None) and given not in lex.word_like):
        return None
    if last.replace("'", "") in lex.word_like:
        return None
    if any(lex.is_ordinary(p) for p in last.replace("'", "").split("-")):
        return None
    if given in _STATES or given in lex.word_like or given in lex.blocked or (
            given in _DATE_ABBREVIATIONS) or given in _TITLE_CASE_TELLS:
        return None  # "Leilani Fitzgerald, Tue 3:30 PM": a day, not a given name
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


# --- name_caps: "VILLANUEVA ROSARIO", "KOWALCZYK^TERESA^M" -----------------------------------

#: Two words in capitals, separated by a space or an HL7 component separator (PID-5 is
#: ``LAST^FIRST^MIDDLE``): caller-ID names, insurance cards read back, HL7 segments.
NAME_CAPS_PATTERN = (
    r"\b([A-Z][A-Z'\-]+)(?:[ ]+|(\^|\*)|,[ ]?)([A-Z][A-Z'\-]+)\b(?:(?:\^|\*|[ ])[A-Z]\b)?"
)


#: HL7 v2 and X12 segments whose name fields hold people (patient, next of kin,
#: guarantor, insured; X12 NM1 names an entity, often a person).
_PERSON_SEGMENTS = ("PID", "NK1", "GT1", "IN1", "IN2", "PV1", "NM1")


def _person_segment(text: str, start: int) -> bool:
    """Whether ``start`` lies in an HL7 or X12 segment that names people."""
    seg_start = line_start(text, start, x12=True)
    return text[seg_start : seg_start + 3] in _PERSON_SEGMENTS


def _name_caps(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    """Two capitalised words, one a first name and the other a surname or a name-shaped word
    no list knows, neither an ordinary word ("MAIL MERGE", "HOSP^MR" are not names).
    """
    lex = lexicon()
    a = text[match[1][0] : match[1][1]].lower()
    b = text[match[3][0] : match[3][1]].lower()
    # An HL7 name field (``|LOVE^NAVID^T|``) is a name by its place: a surname that is a
    # word ("love", "king") does not make it ordinary text.
    # (An X12 NM1 segment is the same with "*": ``*GARCIA-LORCA*FEMI*``.)
    hl7 = match[2][0] >= 0 and text[start - 1 : start] in ("|", "*") and _person_segment(
        text, start)
    if not hl7 and text[match[2][0] : match[2][1]] == "*":
        return None  # "GS*HS*SENDER*RECV": X12 fields outside a segment that names a person
    for word in (a, b):
        core = word.replace("'", "").replace("-", "")
        if len(core) > 2 and not any(ch in "aeiouy" for ch in core):
            return None  # "MSG^ACK": an abbreviation, not a name
        if word in _STATES or len(core) < 2 or (
                lex.is_ordinary(core) and not (hl7 and (core in lex.first or core in lex.last))):
            return None

    def given(w: str) -> bool:
        return _is_given(lex, w) and w not in lex.word_like

    def family(w: str) -> bool:
        return _is_surname(lex, w) or lex.is_unlisted_name(w)

    if hl7:
        # The place vouches for a name: one part listed, the other a name of any kind.
        listed = [w in lex.first or _is_surname(lex, w) for w in (a, b)]
        if any(listed) and all(ok or family(w) for ok, w in zip(listed, (a, b), strict=True)):
            return start, end, "NAME"
    if not ((given(a) and family(b)) or (given(b) and family(a))):
        return None
    return start, end, "NAME"


# --- name_before: "ignatius moreno got admitted", "nikolai brandt, my son" -------------------

#: The first word of a day of the month said aloud.
_DAY_WORDS = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleven|twelf"
              r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twent|thirt"
              r"|one|two|three|four|five|six|seven|eight|nine|ten")
#: A clinician's credential after a name (in capitals: ", do you" is not ", DO").
_CREDENTIALS = (
    r"(?-i:MD|DO|RN|NP|PA|PA-C|LPN|DNP|PhD|PharmD|LCSW|CNM|CRNA|DDS|OD|M\.D\.|D\.O\.)"
)
#: What a person has, after "'s": "Kele's caregiver", "Mustafa's appointment".
_POSSESSED = frozenset(_KIN_ALT.split("|")) | {
    "appointment", "appt", "prescription", "refill", "medication", "meds", "shot", "shots",
    "chart", "visit", "copay", "results", "labs", "birthday", "caregiver", "insurance",
    "account", "surgery", "case", "file", "records", "mom", "dad"}
#: Words between a possessive and what it owns: "Miroslav's video visit".
_POSSESSED_BEFORE = ("video", "telehealth", "virtual", "next", "upcoming", "annual", "new",
                     "follow-up", "followup", "lab", "test", "physical", "therapy")
_AFTER_NAME = (
    r"(?:,?[ ]+(?:got|was|were|has[ ]+been|had[ ]+been|is[ ]+being|just[ ]+got)[ ]+"
    r"(?:admitted|readmitted|discharged|transferred|diagnosed|born|released|hospitalized"
    r"|hospitalised)"
    r"|,?[ ]+(?:passed[ ]+away|died)"
    # A note's subject: "Jin-woo Khoury admitted 6/26", "Tendai Banerjee (aged 97)".
    r"|[ ]+(?:admitted|readmitted|discharged)\b"
    r"|[ ]*\([ ]*(?:aged?[ ]+)?(?:[0-9]{2}|1[01][0-9])[ ]*\)"  # an age, not "(888)"
    # Who a birth date belongs to: "keoni ochoa, date of birth ...", "omar dela cruz march
    # twenty two nineteen seventy seven" (a month and a day right after the name).
    r"|,?[ ]+(?:(?:uh|um|er)[ ,]+)?(?:date[ ]+of[ ]+birth|dob\b|d\.o\.b\.?|birth[ ]?date\b"
    r"|born[ ]+on\b|dod\b|date[ ]+of[ ]+death|mrn\b|medical[ ]+record[ ]+(?:number|no)\b)"
    # "sunniva makarova born oh eight two two", "... born March 3rd".
    rf"|,?[ ]+born[ ]+(?:in[ ]+)?(?:[0-9]|{_MONTH}\b|oh\b|zero\b|(?:{_DAY_WORDS}))"
    r"|,?[ ]+that'?s[ ]+(?:my|his|her|their|the)[ ]+(?:(?:full|legal|first|last)[ ]+)?name\b"
    rf"|,?[ ]+{_MONTH}[ ]+(?:the[ ]+)?(?:[0-9]|{_DAY_WORDS})"
    rf"|,?[ ]+(?:my|his|her|our|their)[ ]+{_KIN}\b"
    # "leilani papadopoulos the physical therapist": a clinician's role after the name.
    rf"|,?[ ]+(?:the|my|his|her|our|their)[ ]+(?:[a-z]+[ ]+)?{_ROLES}\b"
    # Group 2: cues after which one word is enough.
    rf"|([ ]*\([ ]*(?:{_KIN}|(?:step|half|ex)[ \-]?{_KIN}|self|caregiver|proxy"
    r"|maiden(?:[ ]+name)?|nee|alias|aka|preferred(?:[ ]+name)?|legal(?:[ ]+name)?)[ ]*\)"
    rf"|,[ ]*{_CREDENTIALS}\b"
    # "Called result to Rusty Street RN": a credential with no comma (not "PA", "DO":
    # states and verbs).
    r"|[ ]+(?-i:MD|RN|NP|LPN|DNP|PhD|PharmD|LCSW|CNM|CRNA|DDS|PA-C)(?:[^-A-Za-z0-9]|$)"
    # Someone addressed: "Reminder: Ekaterina, you have an appointment".
    r"|,[ ]*(?:you|your)\b"
    # "Ó Súilleabháin, first name Eamon": the surname said before the given name.
    r"|,[ ]*(?:and[ ]+)?(?:the[ ]+|her[ ]+|his[ ]+)?first[ ]+name\b"
    r"|'s[ ]+(?:(?:" + "|".join(_POSSESSED_BEFORE) + r")[ ]+)?(?:"
    + "|".join(sorted(_POSSESSED)) + r")\b"
    # "Abebe's the one who needs the shot".
    r"|'s[ ]+the[ ]+one[ ]+(?:who|that)\b"
    # The apostrophe an SMS leaves out: "Ivys daughter" (capitalised: see _name_before).
    rf"|(?-i:s)[ ]+{_KIN}\b))"
)
#: What people do, after a name that starts with a first name ("Dustin could", "Seo-yeon
#: Holloway is on line 2"); detector ``name_verb``.
_PERSON_DOES = (
    r"(?:[ ]+(?:(?:said|says|called|calls|answered|told|drove|asked|wants|needs|could|can|will"
    r"|would|should|has|had|is[ ]+on[ ]+(?:line|the[ ]+phone)|(?:was|is)[ ]+supposed"
    r"|and[ ]+(?:i|me)|in[ ]+today|is[ ]+(?:allowed|authorized|authorised|permitted)"
    # "Could Bogdan call me back", "can ji ho pick it up": asking a person to.
    r"|call[ ]+(?:me|us)[ ]+back|pick[ ]+(?:it|them|those|that|this)[ ]+up"
    # "is yael still working there", "Harpreet at the front desk told me".
    r"|still[ ]+(?:working|there|employed|with[ ]+(?:you|the))"
    r"|(?:at|from)[ ]+(?:the[ ]+)?(?:front[ ]+desk|reception|nurses'?[ ]+station))\b"
    r"|here[ ,.])"
    # Answering the phone: "yes, minjun speaking".
    r"|[ ,]+speaking\b)"
)
NAME_VERB_PATTERN = rf"\b({_NAME_WORD}(?:[ ]+(?:[a-z]\.?[ ]+)?{_NAME_WORD})?){_PERSON_DOES}"
#: One to three words (maybe with initials) right before what only a person does ("...
#: got discharged", "... passed away"), a relation ("..., my son", "... (spouse)"), a
#: credential (", MD", ", RN") or a possessive of a person's things ("...'s appointment").
NAME_BEFORE_PATTERN = (
    rf"\b({_NAME_WORD}(?:[ ]+(?:[a-z]\.?[ ]+)?{_NAME_WORD}){{0,2}}){_AFTER_NAME}"
    # Group 3: a caller's name opening a turn (or after "hi", "yes"), then a number said
    # in the same breath, a birth date or a phone: "yeah hi grace gardner twelve thirteen
    # seventy five", "ishaan de la cruz six six oh ..." (see _SAID_NUMBER).
    r"|(?:(?m:^)|[.!?:][ ]|\b(?:hi|hello|hey|yes|yeah|yep|um|uh|okay|ok|so)[ ,])[ ,]*"
    rf"({_NAME_WORD}(?:[ ]+{_NAME_WORD}){{1,3}}),?[ ]+{NUM_WORD}[ ]+{NUM_WORD}[ ]+{NUM_WORD}\b"
    # Group 4: a name said alone, the whole turn or the whole of a transcript's text ("lorcan
    # banks", stt.text="tariq bird"; see _name_alone).
    r"|(?:^|\b(?:text|transcript|utterance)[\"']?[ ]*[:=][ ]*\\?[\"'])[ ]*"
    rf"({_NAME_WORD}(?:[ ]+{_NAME_WORD}){{1,2}})[ .!?]*(?:$|\\?[\"'])"
)


#: The last word of a street line, before a city ("... court eau claire one four ...").
_STREET_TYPES = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "ln", "court", "ct",
    "circle", "cir", "way", "boulevard", "blvd", "place", "pl", "terrace", "parkway", "pkwy",
    "highway", "hwy", "loop", "trail", "trl", "pike", "row", "square", "run", "path"})
#: A birth right after a name: "..., DOB", "... born", "... date of birth".
_BIRTH_AFTER = Regex(r"^,?[ ]+(?:dob\b|d\.o\.b|date[ ]+of[ ]+birth|birth[ ]?date|born\b"
                     r"|mrn\b|medical[ ]+record[ ]+(?:number|no)\b)")
#: A number said right after a name ("grace gardner twelve thirteen seventy five").
_SAID_NUMBER = Regex(rf"^,?[ ]+{NUM_WORD}[ ]+{NUM_WORD}[ ]+{NUM_WORD}\b")
_NUMBER_WORD = Regex(rf"^{NUM_WORD}$")
#: Words before a number that are no name: the cues that own it ("born", a month).
_NUMBER_LEADS = frozenset({
    "born", "on", "is", "was", "dob", "at", "the", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december"})


def _before_said_number(text: str, start: int, words: list[str]) -> list[str]:
    """The words at ``start`` that may name who says the number after them: none after a
    street line (a city: "apt one c stamford connecticut eight nine"), and not "born" or a
    month at their end (cues of their own, which the greedy run of words swallowed).
    """
    around = text[max(0, start - 40) : start].lower().split()[-5:] + [w.lower() for w in words]
    if not _STREET_WORDS.isdisjoint(around) or not _STREET_TYPES.isdisjoint(around):
        return []
    words = list(words)
    while len(words) > 1 and (words[-1].lower() in _NUMBER_LEADS or _NUMBER_WORD.search(
            words[-1].lower()) is not None):
        words.pop()
    return words


def _without_links(words: list[str]) -> list[str]:
    """The name words before a cue, without the words that tie them to it."""
    while len(words) > 1 and (words[-1].lower() in _LINKS or _is_contraction(words[-1].lower())):
        # "Cosmo Kealoha on August nineteen": the word that links the name to the date;
        # "quang mcallister i'm her daughter": the speaker's "I'm".
        words = words[:-1]
    if len(words) > 1 and words[-1].lower() in _AUXILIARIES:
        # "ignatius moreno got admitted": the bare "admitted" matched after the auxiliary;
        # "... admitted Jun 12": the month and day matched after the event.
        words = words[:-1]
    return words


def _unmarked_possessive(
    lex: NameLexicon, text: str, start: int, end: int
) -> tuple[int, int, str] | None:
    """"Ivys daughter" (an SMS without its apostrophe): one capitalised first name (or
    a name no list knows) right before the "s"; not "Thomas daughter" (a name of its own).
    """
    words = text[start:end].split()
    word = words[-1] if words else ""
    low = word.lower()
    if not (word[:1].isupper() and word[1:].islower()) or low + "s" in lex.first or (
            low in lex.blocked) or not (low in lex.first or lex.is_unlisted_name(low)):
        return None
    return end - len(word), end, "NAME"


#: What links a relative to their name ("my son is", "your driver will be", "my wife,").
_KIN_LINK = r"(?:'s[ ]+name[ ]+is|[ ]+is|[ ]+was|[ ]+will[ ]+be|[ ]+named|,)?"
#: Hesitations speech-to-text writes inside a name ("frank uh shevchenko").
_FILLERS = frozenset({"uh", "um", "er", "erm", "ah"})
#: Words between a name and "admitted" / "discharged" ("got", "was").
#: Words between a name and what follows it: never part of the name.
_LINKS = frozenset({"on", "at", "in", "from", "with", "for", "to", "by", "of", "and", "or"})
_AUXILIARIES = frozenset({"got", "was", "were", "been", "being", "is", "just", "has", "had",
                          # "Xiaoling Thornton admitted Jun 12": the event before the date.
                          "admitted", "readmitted", "discharged", "born", "died"})


#: Verbs only a person is the subject of: a capitalised word no list knows before one is
#: a name ("Can you tell Abena that Vannak called").
_SPEAKER_VERBS = ("said", "says", "told", "asked", "drove", "answered", "called")
_SPEAKER_AFTER = Regex(
    r"^[ ]+(?:" + "|".join(_SPEAKER_VERBS) + r"|is[ ]+on[ ]+(?:line|the[ ]+phone))\b")
#: "Twilio called the webhook": a service calls a thing, a person calls (someone).
_CALLED_A_THING = Regex(r"^[ ]+called[ ]+(?:the|a|an|our|your|their|its|this|that)\b")


def _unlisted_speaker(text: str, names: list[str], end: int) -> bool:
    """Whether ``names`` (ending at ``end``; the first no list knows) make a name by what
    follows them: each word capitalised, then a verb only a person does, in prose that is
    not Title Case speech-to-text. The gate trigger of ``name_verb`` says the same.
    """
    if not all(w[:1].isupper() and all(p[1:].islower() for p in w.split("-")) for w in names):
        return False  # ("Seo-yeon Holloway": the part after a hyphen in either case)
    after = text[end : end + 24]
    if _SPEAKER_AFTER.search(after) is None or _CALLED_A_THING.search(after) is not None:
        return False
    return _cased(text)


#: What may stand before a name that answers the phone ("yes, summer speaking").
_ANSWER_OPENERS = frozenset({"yes", "yeah", "yep", "hi", "hello", "hey", "uh", "um", "oh",
                             "this", "is", "it's", "its"})


def _answers_phone(text: str, start: int) -> bool:
    """Whether the words at ``start``, before "speaking", are someone answering the phone
    with their name: nothing before them but "yes", "hello", a speaker label.
    """
    before = text[max(0, start - 40) : start].lower().replace(",", " ").replace(":", ": ")
    words = before.split()
    while words and words[-1] in _ANSWER_OPENERS:
        words.pop()
    return not words or words[-1].endswith((":", ".", "?", "!", '"'))


def _answering_name(
    lex: NameLexicon, text: str, start: int, end: int
) -> tuple[int, int, str] | None:
    """The name of someone answering the phone ("yes, summer speaking", "Okafor speaking"),
    in the words at ``start:end`` before "speaking": one or two words that are names (a
    first name even if it is a word too) or that no list knows.
    """
    if text[end : end + 24].lower().split()[1:2] in (["with"], ["to"]):
        return None  # "you're speaking with ...": the name comes after
    words = text[start:end].split()
    while len(words) > 1 and words[0].lower().strip(",") in _ANSWER_OPENERS:
        start = text.index(words[1], start + len(words[0]))  # "yes minjun speaking"
        words = words[1:]
    if not 1 <= len(words) <= 2 or not _answers_phone(text, start):
        return None
    for word in words:
        low = word.lower().strip("'-")
        if _is_contraction(low) or low in lex.blocked or low in lex.function or (
                low in _ORG_WORDS) or not _name_shaped(lex, low):
            return None
    if len(words) == 1 and words[0].lower() not in lex.first and lex.is_ordinary(
            words[0].lower()):
        return None
    return start, _end_of(text, start, words), "NAME"


def _opening(
    lex: NameLexicon, text: str, span: tuple[int, int], words: list[str]
) -> tuple[int, int, str] | Literal[False] | None:
    """Judge the words before "speaking", "here" or a speaker's verb: a finding, False (not
    a name), or None (judge them as any words before what a person does).
    """
    start, end = span
    said = text[end : end + 12].lstrip(" ,").lower()
    if said.startswith("speaking"):
        return _answering_name(lex, text, start, end) or False
    if said.startswith("here") and (answer := _answering_name(lex, text, start, end)):
        return answer  # "bill yamamoto here, i got a bill": a caller's opening
    if _cased_speaker(lex, text, words, end):
        return start, end, "NAME"
    return None


def _cased_speaker(lex: NameLexicon, text: str, names: list[str], end: int) -> bool:
    """Whether ``names`` are a capitalised first name and surname, even words too, before
    a verb only a person does, in cased prose: "Ray Little called to reschedule".
    """
    if len(names) != 2 or not all(w[:1].isupper() and w[1:].islower() for w in names):
        return False
    first, last = (w.lower() for w in names)
    if first not in lex.first or first in lex.blocked or last not in lex.last or (
            last in _ORG_WORDS):
        return False
    after = text[end : end + 24]
    return _SPEAKER_AFTER.search(after) is not None and _CALLED_A_THING.search(
        after) is None and _cased(text)


def _cased(text: str) -> bool:
    """Whether ``text`` is prose with capitals (fewer than half its words capitalised),
    where a capital says something; not Title Case speech-to-text.
    """
    words = text.split()
    return sum(1 for w in words if w[:1].isupper()) * 2 < len(words)


def _name_before(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    """The name-shaped words before a person cue: leading ordinary words are dropped, and
    what is left must be a first name and a surname (or a name no list knows).
    """
    lex = lexicon()
    # (Group 3: a name opening a turn, then a number; judged as a name before its cue.)
    match = (match[0], match[3], (-1, -1)) if len(match) > 3 and match[3][0] >= 0 else match
    s, e = match[1]
    # "frank uh shevchenko date of birth": a hesitation inside the name is no name word.
    words = [w for w in text[s:e].split() if w.lower() not in _FILLERS]
    if not words:
        return None
    words = _without_links(words)
    e = _end_of(text, s, words)
    if not words[0].isupper():
        for i, word in enumerate(words[1:], 1):
            if word.isupper() and len(word) > 1:  # "Amber DOD Mar 23": an abbreviation
                words = words[:i]
                e = _end_of(text, s, words)
                break
    if not words:
        return None
    verb = len(match) <= 2  # name_verb's match: one group
    if not verb and _SAID_NUMBER.search(text[e : e + 60]) is not None:
        words = _before_said_number(text, s, words)
        if not words:
            return None
        e = _end_of(text, s, words)
    if verb and (opening := _opening(lex, text, (s, e), words)) is not None:
        return opening if isinstance(opening, tuple) else None
    # Group 2 (a relation in parentheses, a credential, a possessive): one word is enough.
    one_word_ok = not verb and match[2][0] >= 0
    if one_word_ok and text[match[2][0] : match[2][0] + 1] == "s":
        return _unmarked_possessive(lex, text, s, e)
    if verb and any(w.endswith("'s") for w in words):
        return None  # "Okoro's mother called": name_before's possessive, not a verb's subject
    for i, word in enumerate(words[:-1]):
        if word.endswith("'s") and words[i + 1].lower() in _POSSESSED and (
                i == 0 or words[i - 1].lower().rstrip(".") not in ("saint", "st")):
            # "Summer Kariuki's mother called": the name ends at the possessive, which is
            # as strong a cue as the verb after it.
            words = [*words[:i], word[:-2]]
            e = _end_of(text, s, words)
            one_word_ok = True
            break
    while words and (_is_initial(words[0]) or _is_contraction(words[0].lower()) or (
            words[0].lower() in _KIN_WORDS) or (
            lex.is_ordinary(words[0].lower().strip("'-")) and words[0].lower() not in lex.first)):
        dropped = words.pop(0)
        if verb and dropped[:1].isupper() and words and words[0][:1].isupper() and (
                text[max(0, s - 16) : s].rstrip()[-1:] not in ("", ".", "!", "?", ":", ",", '"')
                ) and (
                dropped.lower() not in _KIN_WORDS and dropped.lower() not in _TITLES):
            return None  # "... New York called": a place's name, mid-sentence
    names = [w for w in words if not _is_initial(w)]
    if len(names) == 1 and not verb and not one_word_ok and _born_first_name(
            lex, text, e, names[0]):
        return e - len(names[0]), e, "NAME"
    if not names or (len(names) < 2 and not one_word_ok and not verb):
        return None
    if len(names) == 1 and not one_word_ok:
        low = names[0].lower().strip("'-")
        if verb and lex.is_unlisted_name(low) and _unlisted_speaker(text, names, e):
            return e - len(names[0]), e, "NAME"
        if low not in lex.first or low in lex.word_like or low in lex.blocked:
            return None
    if len(names) == 1 and text[max(0, s - 7) : s].lower().rstrip().endswith(("saint", "st.")):
        return None  # "Saint Luke's", "St. Joseph's": a hospital
    if len(names) == 1:
        # One word before "(son)", ", MD", "'s appointment": a name if it is a first name
        # (even one that is a word: "Summer's appointment") or shaped like a name.
        low = names[0].lower().strip("'-")
        if low in lex.blocked or low in lex.function or low in _KIN_WORDS or not (
                _name_shaped(lex, low)):
            return None
        if names[0][:1].islower() and lex.is_ordinary(low) and low not in lex.first:
            return None
        return e - len(names[0]), e, "NAME"
    first = names[0].lower()
    # Two or more name words before what only a person is or has: a first word that ends
    # like a drug ("Babajide Cruz-Ortega (98)") is a name.
    if (first not in lex.first or first in lex.blocked) and not lex.is_unlisted_name(
            first, drugs=verb) and (not one_word_ok or first not in lex.last):
        # After a strong cue ("(sister)", ", MD", "'s mother") a surname may come first.
        return None
    if verb and first not in lex.first and not _unlisted_speaker(text, names, e):
        return None
    # A credential ("Rusty Street RN") or a birth ("Bashir Street born ...", "Re: Hope
    # Sharp  DOB:") after capitalised words says they are a person's, even ordinary words.
    personal = (one_word_ok and text[match[2][0] : match[2][1]].strip(" ,").isupper()) or (
        not verb and _BIRTH_AFTER.search(text[e : e + 24]) is not None)
    if not _rest_of_name(lex, names, verb=verb, one_word_ok=one_word_ok or personal,
                         credential=personal):
        return None
    if all(lex.is_ordinary(w.lower()) for w in names) and len(words) == len(names) and not (
            (one_word_ok or personal) and first in lex.first and first not in _MODALS and all(
                w.istitle() for w in names)):
        # ("dawn e banks born ...": a middle initial makes words a name; so do a
        # credential or a birth after capitalised ones: "Hope Sharp MD")
        return None
    name_start = e - len(" ".join(words)) if text[s:e].endswith(" ".join(words)) else s
    return name_start, e, "NAME"


def _before_or_alone(
    text: str, start: int, end: int, match: Groups
) -> tuple[int, int, str] | None:
    """Refine a match of ``name_before``: a name said alone (group 4), or one before a cue."""
    if len(match) > 4 and match[4][0] >= 0:
        return _name_alone(lexicon(), text, *match[4])
    return _name_before(text, start, end, match)


def _name_alone(lex: NameLexicon, text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Two or three words said alone that are a name: a first name that is no word (or a
    name no list knows), then a surname or a name no list knows ("lorcan banks"; not "grace
    period", "sounds good", "thank you").
    """
    words = text[start:end].split()
    lowered = [w.lower().strip("'-") for w in words]
    first, last = lowered[0], lowered[-1]
    listed_last = last in lex.last and last not in _ORG_WORDS
    # (A first name no list knows may end like a drug, "Wendeline", before a listed surname.)
    if not ((first in lex.first and first not in lex.word_like and first not in lex.blocked)
            or lex.is_unlisted_name(first, drugs=not listed_last)):
        return None
    if any(w in lex.function or w in lex.blocked or w in _MODALS for w in lowered[1:]):
        return None
    if not (listed_last or lex.is_unlisted_name(last)):
        return None
    if all(lex.is_ordinary(w) for w in lowered) or lowered[-1] in _STREET_TYPES:
        return None
    return start, end, "NAME"


def _rest_of_name(
    lex: NameLexicon, names: list[str], *, verb: bool, one_word_ok: bool, credential: bool
) -> bool:
    """Whether the words after the first of ``names`` (before a person cue) finish a name:
    surnames, first names or names no list knows, not an organisation's word.
    """
    first = names[0].lower()
    for i, word in enumerate(names[1:], 2):
        low = word.lower().strip("'-")
        if low in _PARTICLES and i < len(names):
            continue  # "ishaan de la cruz"
        if one_word_ok and word[:1].isupper() and word[1:].islower() and low in lex.last and (
                names[0][:1].isupper()) and (low not in _ORG_WORDS or credential):
            # "Seen by Kwabena Long, DO", "Rusty Street RN": a surname that is a word (a
            # street's too, before a credential)
            continue
        if low in _ORG_WORDS:
            return False  # "Acme Corp said": an organisation
        if not verb and low in lex.last and first in lex.first and first not in lex.word_like:
            continue  # "fernando young, date of birth": a surname that is also a word
        if low in lex.blocked or low in lex.function or not (
                _is_surname(lex, low) or low in lex.first or lex.is_unlisted_name(low)):
            return False
    return True


def _born_first_name(lex: NameLexicon, text: str, end: int, name: str) -> bool:
    """Whether one word before "born" (at ``end``) is a first name that is no word and no
    state: "for both kids, Takeshi born zero two ..." (not "Texas born 1990").
    """
    low = name.lower().strip("'-")
    return text[end : end + 7].lstrip(", ").lower().startswith("born") and (
        low in lex.first and low not in lex.word_like and low not in lex.blocked
        and low not in _STATES)


# --- name_field: structured values -----------------------------------------------------------

_NAME_KEYS = (
    r"(?:first|last|middle|full|given|family|maiden|preferred|legal|display|patient|caller"
    r"|contact|member|subscriber|guarantor|emergency[_ \-]?contact|provider|physician"
    r"|doctor|referring[_ \-]?physician|pcp|guardian|parent|spouse|user|customer)[_ \-]?"
    r"name|(?:first|last|sur|given|family)name|fname|lname|surname|name"
)
#: Any compound key that ends in a name part ("tool_name", "patient_last_name").
_ANY_NAME_KEY = r"[a-z]+(?:[_\-][a-z]+)*[_\-](?:name|first|last)"
#: A dotted or compound key that ends in a name part ("caller.name", "patient.first_name").
_DOTTED_NAME_KEY = r"[a-z]+(?:[._\-][a-z]+)*[._\-](?:name|first|last)"
#: Keys that hold a person without saying "name": their value must look like a name.
_PERSON_KEYS = (
    r"(?:patient|payer|guarantor|rider|recipient|contact|caller|subscriber|insured"
    r"|beneficiary|card[_ \-]?holder|policy[_ \-]?holder|family|cnam|caller[_ \-]?id[_ \-]?name"
    r"|addressee|attendee|requester|requestor|responsible[_ \-]?party|next[_ \-]?of[_ \-]?kin"
    r"|emergency[_ \-]?contact|member|client|customer|resident|parent|guardian|spouse"
    r"|display|(?:[a-z]+_)?(?:agent|author|assignee|owner|rep|representative|interpreter"
    r"|driver|scribe|clinician|nurse|doctor|physician|provider|practitioner|prescriber"
    r"|pcp|caregiver|proxy|poa|informant|decedent|deceased|witness|applicant|dependent"
    r"|signer|signatory))"
)
#: A name word in a key=value field, maybe percent-encoded ("Mar%C3%ADa").
_FIELD_WORD = r"(?:[a-z]|%[0-9a-f]{2})(?:[a-z'\-]|%[0-9a-f]{2})*\.?"
#: Up to four name words, apart by spaces, commas, or a query string's "+" or "%20".
_FIELD_VALUE = rf"{_FIELD_WORD}(?:(?:,(?:[ ]|\+)?|[ ]|\+|%20|%2c%20){_FIELD_WORD}){{0,3}}"
#: Bare keys of a name's parts inside a name or patient object ("first", "last", "given"):
#: their value must look like a name.
_PART_KEYS = r"first|last|given|family|middle"
NAME_FIELD_PATTERN = (
    # A quoted key, also inside escaped JSON (\"patient_name\":\"Hiroshi De La Cruz\").
    rf"(?:[\"']({_NAME_KEYS}|{_DOTTED_NAME_KEY}|{_PERSON_KEYS}|{_PART_KEYS})\\?[\"'][ ]*:[ ]*"
    rf"(?:\\?\"((?:[^\"\n\\]|\\u[0-9a-f]{{4}}){{1,80}})\\?\"|'([^'\n]{{1,80}})')"
    # key=value (logfmt, form bodies "first=Bernice&last=...", SQL "last_name = 'X'").
    rf"|\b({_NAME_KEYS}|{_ANY_NAME_KEY}|{_PERSON_KEYS}|{_PART_KEYS})(?:[ ]*=[ ]*[\"']?"
    r"|[ ]+i?like[ ]+')"  # SQL: last_name ILIKE 'Tsosie'"
    rf"({_FIELD_VALUE})"
    # YAML and "Name: Jane Doe" lines.
    rf"|(?m:^)[ \t\-]*({_NAME_KEYS}|{_ANY_NAME_KEY}|given|family|display)[ ]*:[ ]+"
    rf"({_FIELD_VALUE})[ ]*(?m:$)"
    # An XML element: <FullName>Cosmin Dabrowski</FullName>, <Holder>...</Holder>.
    rf"|<({_NAME_KEYS}|{_ANY_NAME_KEY}|{_PERSON_KEYS}|{_PART_KEYS}|holder|card[_\-]?holder)"
    # (with attributes: <Provider npi="1234567893">Haruto Arreola</Provider>)
    r"(?:[ ]+[a-z_:\-]+=\"[^\"<>\n]{0,40}\")*>"
    rf"([^<\n]{{1,80}})</"
    # FHIR HumanName: "given": ["Chinua", "Albert"].
    rf"|[\"']given[\"'][ ]*:[ ]*\[\s*[\"']([^\]\n]{{1,120}})[\"']\s*\]"
    # A display name before an address: From: "SIOSAIA SITHOLE" <sip:+1509...>,
    # "Jane Doe" <jane@example.com>.
    r"|\\?\"([^\"\n\\]{1,60})\\?\"[ ]*<(?:sips?:|tel:|mailto:|[a-z0-9._%+\-]+@)"
    # A middle initial said or written alone: "middle initial r", "Middle initial: M.".
    r"|\bmiddle[ ]+initial(?:[ ]+is)?[ ]*[:,]?[ ]*([a-z])\b"
    # An unquoted key and a quoted value: a JavaScript object ({ firstName: 'Anahi' }), a
    # Ruby hash ({:last_name=>"Tupou"}), protobuf text (given: "Kalani").
    rf"|(?:^|[{{,(\s]):?({_NAME_KEYS}|{_ANY_NAME_KEY}|{_PERSON_KEYS}|{_PART_KEYS})[ ]*(?::|=>)"
    r"[ ]*(?:\"([^\"\n\\]{1,80})\"|'([^'\n]{1,80})')"
    # A key-value object, as OpenTelemetry's JSON writes attributes ({"key": "caller.name",
    # "value": {"stringValue": "Joy Sharp"}}) and audit logs do ("field": "caller_name",
    # "value": "Joy Sharp").
    rf"|[\"'](?:key|field|attribute|attr|name)[\"'][ ]*:[ ]*[\"']({_NAME_KEYS}|{_DOTTED_NAME_KEY}"
    rf"|{_PERSON_KEYS})[\"'][ ]*,[ ]*[\"']value[\"'][ ]*:[ ]*"
    r"(?:\{[ ]*[\"']string_?value[\"'][ ]*:[ ]*)?\"([^\"\n\\]{1,80})\""
    # A FHIR HumanName's text: "name": [{"use": "official", "text": "Everton R. Yilmaz"}].
    r"|\"name\"[ ]*:[ ]*\[[ ]*\{[^{}\[\]]{0,80}\"text\"[ ]*:[ ]*\"([^\"\n\\]{1,80})\")"
)
#: The name keys that vouch for their value (see :func:`_vouches`).
_NAME_KEY_RE = Regex(rf"^(?:{_NAME_KEYS})$")


def _looks_like_name(value: str) -> bool:
    """Whether a field value is shaped like a person's name (not "self", "unknown", "N/A")."""
    lex = lexicon()
    words = value.replace(",", " ").replace(".", " ").split()
    if not 1 <= len(words) <= 4:
        return False
    evidence = False
    for word in words:
        low = word.lower().strip("'-")
        if not low.replace("'", "").replace("-", "").isalpha():
            return False
        if len(low) == 1:
            continue
        if low in lex.blocked or low in lex.function:
            return False
        if ((low in lex.first or low in lex.last) and low not in lex.word_like) or (
                word[:1].isupper() and lex.is_unlisted_name(low)):
            evidence = True
    return evidence and not all(lex.is_ordinary(w.lower()) for w in words)


def _name_field(text: str, start: int, end: int, match: Groups) -> tuple[int, int, str] | None:
    # (key group, value group) of each alternative; 0: no key (FHIR "given" lists).
    # (-1: a display name, which must look like a name.)
    alternatives: tuple[tuple[int, int], ...] = (
        (1, 2), (1, 3), (4, 5), (6, 7), (8, 9), (0, 10), (-1, 11), (0, 12), (13, 14), (13, 15),
        (16, 17), (0, 18))
    for groups in alternatives:
        s, e = match[groups[1]]
        if s >= 0:
            key_group = groups[0]
            break
    else:
        return None
    if s == e or (groups[1] == 12 and (
            text[e : e + 1] in ("/", "'") or text[max(0, start - 3) : start].lower() == "no "
            or (text[s:e] in ("a", "i") and text[e : e + 2].strip().isalpha()))):
        return None  # "middle initial n/a", "no middle initial", "middle initial i think"
    value = _decoded(text[s:e])
    quote = text[s - 1 : s]
    if key_group == 4 and quote in ("'", '"') and quote in value:
        # last_name = 'Montenegro' AND ...: the value ends at its closing quote (the one
        # not followed by a letter: "O'Donovan" holds one).
        cut = next((i for i, ch in enumerate(value)
                    if ch == quote and not value[i + 1 : i + 2].isalpha()), len(value))
        e = s + cut
        value = text[s:e]
    nxt = text[e : e + 1]
    if key_group == 4 and " " not in text[s:e] and nxt == "_":
        return None  # name=lookup_patient: an identifier, not a person
    if key_group == 4 and " " in text[s:e] and (nxt.isalnum() or nxt in ("_", "=", ":", ".")):
        # key=First Last next_key=...: the last word read is the start of the next key.
        e = s + text[s:e].rindex(" ")
        value = _decoded(text[s:e])
    if not any(ch.isalpha() for ch in value) or any(ch in value for ch in "_/@:=0123456789") or (
            _DOTTED.search(value)):
        return None  # "search_pharmacies", "gpt-4o", "llm.call": an identifier, not a person
    if value.lower().strip(" .") in _CALENDAR_WORDS:
        return None  # <day name="Saturday" open="09:00"/>: a day, not a person
    if key_group < 0 and not _looks_like_name(value):
        return None
    if key_group > 0:
        ks, ke = match[key_group]
        # A key that says "name" vouches for its quoted value; a bare person key
        # ("payer", "contact") or a line of prose ("Name: not provided") does not.
        key = text[ks:ke].lower()
        part = key in ("first", "last", "given", "family", "middle")
        # ("name": "Insulin pump": a sentence-case value names a thing; a name key vouches
        # for a name in one case.)
        vouched = key_group != 6 and not part and _vouches(key) and not (
            key == "name" and value[:1].isupper() and any(
                w[:1].islower() and len(w) > 2 and w not in _PARTICLES for w in value.split())
        ) and not (key in ("name", "display_name", "displayname") and _a_thing(value))
        if _vouches(key) and not part and (_thing_object(text, ks) or _yaml_thing(text, ks)):
            return None  # "software": {"name": "rbh-fhir"}, "agent:\n  name: ...": a thing's
        if not vouched and not _looks_like_name(value) and not (
                (part or key_group != 6) and _listed_title_name(value, pair=not part)) and not (
                part and value[:1].isupper() and value[1:].islower()
                and lexicon().is_unlisted_name(value.lower(), drugs=False)) and not (
                part and value.istitle() and _listed_part(key, value.lower())):
            # (Under "given" a name that ends like a drug, "Babajide", is a name; under
            # "family" a surname that is a word too, "Street".)
            return None
    return s, e, "NAME"


def _listed_part(key: str, value: str) -> bool:
    """Whether ``value`` (lowercase, one word) is listed as the part of a FHIR HumanName
    ``key`` holds: a surname under "family", a first name under "given" (not under "first"
    or "last", which page through lists too).
    """
    if value in _LITERALS or not value.isalpha() or key not in ("family", "given"):
        return False
    lex = lexicon()
    return value in (lex.last if key == "family" else lex.first)


_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2}(?:%[0-9a-fA-F]{2})*)|\+")


def _decoded(value: str) -> str:
    """A field value as it reads: JSON's ``\\u1ec5`` and a query string's ``%C3%A9`` and
    ``+`` decoded ("Thanh Nguy\\u1ec5n", "In%C3%A9s+Echeverr%C3%ADa"); undecodable bytes
    become letters, which is what they stood for.
    """
    if "\\" not in value and "%" not in value and "+" not in value:
        return value

    def one(found: re.Match[str]) -> str:
        if found.group(1):
            return chr(int(found.group(1), 16))
        if found.group(2):
            raw = bytes.fromhex(found.group(2).replace("%", ""))
            return raw.decode("utf-8", errors="replace").replace("\ufffd", "x")
        return " "

    return _ESCAPED.sub(one, value)


#: What a compound name key ("tool_name", "payer_name") may name other than a person.
_THING_KEYS = frozenset(
    ["tool", "function", "fn", "file", "host", "service", "model", "event", "queue", "table",
     "column", "field", "app", "bucket", "span", "metric", "step", "node", "voice", "product",
     "plan", "drug", "medication", "med", "pharmacy", "clinic", "facility", "location", "org",
     "organization", "company", "device", "brand", "project", "repo", "branch", "job", "task",
     "workflow", "template", "db", "database", "schema", "index", "key", "param", "attr",
     "attribute", "class", "module", "method", "operation", "route", "endpoint", "resource",
     "namespace", "pod", "container", "image", "region", "zone", "cluster", "topic", "stream",
     "channel", "room", "team", "group", "role", "department", "dept", "insurance", "payer",
     "insurer", "carrier", "specialty", "test", "lab", "procedure", "visit", "type", "reason",
     "status", "state", "city", "street", "country", "county", "network", "practice", "site",
     "hospital", "office", "vendor", "bot", "agent", "assistant", "tenant", "workspace",
     "trace", "logger", "browser", "os", "package", "feature", "flag", "env",
     "environment", "domain", "tag", "label", "category", "item", "sku", "order", "campaign"])


def _vouches(key: str) -> bool:
    """Whether a (lowercase) key says its value is a person's name: a name key
    ("first_name", "patientname"), or a compound key ending in a name part whose word
    before it is no thing ("heard_name", "patient_last_name"; not "tool_name").
    """
    parts = key.replace("-", "_").replace(".", "_").split("_")
    if len(parts) < 2 or parts[-1] not in ("name", "first", "last"):
        return _NAME_KEY_RE.search(key) is not None
    before = parts[-2] if parts[-2] not in ("first", "last", "full", "given", "family") else ""
    return before not in _THING_KEYS


#: The key of the JSON object a key sits in: ``"software": {"name": ...``.
_PARENT_KEY = re.compile(r"""["']?([A-Za-z_]+)["']?[ ]*:?[ ]*\{[^{}]*$""")
#: Objects whose ``name`` is a thing's, beside the thing keys.
_THING_PARENTS = frozenset({"software", "implementation", "system", "publisher",
                            "manufacturer", "vendor", "sdk", "library", "client", "server",
                            "app", "application", "component", "instrument", "coding"})


def _a_thing(value: str) -> bool:
    """Whether a bare ``name`` key's value is one word that is no first name and, in
    lowercase, in no list of names (``"name": "scheduler"``: a span's or a job's name;
    not ``"name": "okafor"``).
    """
    lex = lexicon()
    word = value.strip()
    low = word.lower()
    if " " in low or low in lex.first:
        return False
    return lex.is_ordinary(low) or (word.islower() and low not in lex.last)


def _thing_object(text: str, key_start: int) -> bool:
    """Whether the key at ``key_start`` is inside an object held by a thing's key
    (``"software": {"name": "rbh-fhir"}``, ``"device": {"name": ...}``, protobuf text
    ``bot { display_name: "Scheduler" }``).
    """
    resource = _RESOURCE_TYPE.search(text, max(0, key_start - 160), key_start)
    if resource is not None and "{" not in text[resource.end() : key_start]:
        # {"resourceType": "Organization", "name": "Riverbend Family Medicine"}: a FHIR
        # resource that is no person.
        return resource.group(1) not in _PERSON_RESOURCES
    parent = _PARENT_KEY.search(text, max(0, key_start - 120), key_start)
    if parent is None:
        return False
    key = parent.group(1).lower()
    return key in _THING_KEYS or key in _THING_PARENTS


#: The type of the FHIR resource a key sits in (its last "resourceType" before the key).
_RESOURCE_TYPE = re.compile(r""""resourceType"[ ]*:[ ]*"([A-Za-z]+)"(?!.*"resourceType")""")
#: FHIR resources whose "name" is a person's.
_PERSON_RESOURCES = frozenset({"Patient", "Practitioner", "RelatedPerson", "Person"})


#: A dotted identifier ("llm.call", "svc.scheduler"; not the initials of "J.R. Smith").
_DOTTED = re.compile(r"[A-Za-z]{2}\.[A-Za-z]")
#: Days, which a ``name`` attribute of a calendar or an hours table holds.
#: (Not months: "April", "June" are given names too.)
_CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekday",
    "weekend", "weekdays", "weekends", "today", "tomorrow", "holiday", "holidays"})
#: Values that stand for no value ("True", "Null", "Unknown").
_LITERALS = frozenset({"true", "false", "null", "none", "nil", "unknown", "yes", "no", "na",
                       "empty", "blank", "default", "test", "same", "self"})


def _listed_title_name(value: str, *, pair: bool = False) -> bool:
    """Whether a value is one or two capitalised words that the name lists know, even words
    that are also ordinary ("Hazel", "Park"): what a name part's key (``"given"``,
    ``last=``) holds, where the key, not the word, says it is a name. With ``pair`` (under
    a key that holds a person: ``informant=Bill Young``) it must be a first name and a
    surname.
    """
    lex = lexicon()
    words = value.split()
    if not 1 <= len(words) <= 2:
        return False
    if pair:
        # ("Young" is too common a word for the lists to vouch for alone, not here.)
        return len(words) == 2 and all(w[:1].isupper() and w[1:].islower() for w in words) and (
            words[0].lower() in lex.first and words[0].lower() not in lex.blocked) and (
            words[1].lower() in lex.last and words[1].lower() not in _LITERALS)
    for word in words:
        low = fold(word.lower())[0]
        if not (word[:1].isupper() and word[1:].islower()) or low in lex.blocked or (
                low in _LITERALS or (low not in lex.first and low not in lex.last)):
            return False
    return True


# --- spelled_name: "S M I T H", "s as in sam" ---------------------------------------------

#: The NATO spelling alphabet, as speech-to-text writes its words.
NATO_WORDS = (
    "alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
    "juliet", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
    "sierra", "tango", "uniform", "victor", "whiskey", "whisky", "x-ray", "xray", "yankee",
    "zulu",
)
_NATO_SET = frozenset(NATO_WORDS)
#: One letter of a spelling: a letter, or its NATO word ("m U kilo h e r J e echo").
_SPELLED_LETTER = r"(?:[a-z]|" + "|".join(w.replace("-", "\\-") for w in NATO_WORDS) + r")"
#: What is said between the letters of a spelling: a pause, or a mark said aloud ("O
#: apostrophe K E E F E").
_SPELLED_GAP = (r"(?:[ ]*[,.\-][ ]*|[ ]+)"
                r"(?:(?:apostrophe|hyphen|dash|space)(?:[ ]*[,.][ ]*|[ ]+))?")
#: A letter of a spelling, maybe said to be a capital ("capital l i m") or lowercase, or
#: told by a word ("A as in alpha").
_SPELLED_UNIT = (rf"(?:(?:capital[ ]+|lower[ ]?case[ ]+)?{_SPELLED_LETTER}"
                 r"(?:[ ]+as[ ]+in[ ]+[a-z]+)?)")
#: The words of a spelling that are no letter.
_SPELLING_MARKS = frozenset({"apostrophe", "hyphen", "dash", "space", "capital", "lowercase",
                             "lower", "case"})
SPELLED_NAME_PATTERN = (
    # Letters, NATO words, and letters told by a word, mixed ("O Y E L A as in alpha, R as
    # in romeo, A N as in nora").
    rf"\b{_SPELLED_UNIT}(?:{_SPELLED_GAP}{_SPELLED_UNIT}\b){{2,}}"
    # Letters said with words ("s as in sam"), maybe with plain letters between them ("f as
    # in frank e r r as in robert").
    r"|\b[a-z][ ]+(?:as[ ]+in|like|for)[ ]+[a-z]+"
    r"(?:(?:[ ]*,[ ]*|[ ]+)(?:and[ ]+)?(?:[a-z](?:[ ]*,[ ]*|[ ]+))*"
    r"[a-z][ ]+(?:as[ ]+in|like|for)[ ]+[a-z]+)*"
)


#: A non-personal code said just before the letters: "the confirmation code is s as in sam".
_CODE_BEFORE = Regex(
    r"\b(?:order|confirmation|reference|tracking|ticket|booking|promo|coupon|discount|case)"
    r"[ _\-]?(?:number|num|no|id|code|#)?\b[^.!?\n]{0,40}$"
)


#: A full stop, then a capital, after lowercase letters.
_SENTENCE_AFTER_LOWER = re.compile(r"(?<=[a-z])\.[ ]+(?=[A-Z])")


#: Abbreviations people spell out that are not names.
_SPELLED_ACRONYMS = frozenset(
    ["dob", "ssn", "mrn", "po", "pob", "am", "pm", "usa", "eta", "ok", "asap", "er", "icu", "ent",
     "gp", "pcp", "ob", "obgyn", "id", "dmv", "irs", "ssi", "va", "hmo", "ppo", "epo", "hsa",
     "fsa", "abc", "xyz", "atm", "tv", "ekg", "ecg", "mri", "ct", "ems", "cpr", "adhd", "copd",
     "hiv", "std", "uti", "bp", "rx", "otc", "cvs", "llc", "dc", "nyc", "la", "us", "uk",
     "www"]
)


def _spelled(text: str, start: int, end: int, _m: Groups) -> tuple[int, int, str] | None:
    value = text[start:end]
    if start > 0 and text[start - 1] in "'\u2019":
        # The tail of a contraction: "that's for the ..." is no spelling, but in "that's
        # N O V A K" and "that's c as in charlie h o i" the spelling starts after it.
        start += 1
        while start < end and not text[start].isalpha():
            start += 1
        value = text[start:end]
        first = value.replace(",", " ").replace("-", " ").replace(".", " ").split()[:1]
        if sum(ch.isalpha() for ch in value) < 3 or not first or (
                len(first[0]) > 1 and first[0].lower() not in _NATO_SET | _SPELLING_MARKS):
            return None
    if _CODE_BEFORE.search(text[max(0, start - 60) : start]) is not None:
        return None
    stop = _SENTENCE_AFTER_LOWER.search(value)
    if stop is not None:
        # "o space s u i l l e a b h a i n. Ó Súilleabháin.": a lowercase spelling ends
        # where a sentence starts with a capital.
        end = start + stop.start()
        value = text[start:end]
    lower = value.lower()
    if " as in " in lower or " like " in lower or " for " in lower:
        if lower.startswith("a ") and lower[2:3].isalpha() and lower[3:4] in (" ", ","):
            # "church with a c as in cat h ...": the article, then the spelling.
            start += 2
            value, lower = value[2:], lower[2:]
        head = value.split()[0].lower()
        # "a for ..." and "i like ..." are ordinary speech unless more letters follow.
        if head in ("a", "i") and value.count(",") == 0 and len(value.split()) <= 4:
            return None
        return start, end, "NAME"
    words = [w for w in lower.replace(",", " ").replace(".", " ").split()
             if w not in _SPELLING_MARKS]
    if any(w in _NATO_SET for w in words):
        # NATO words among plain letters: "alpha c h tango e r": at least two plain letters
        # ("a hotel in lima" is prose), and every NATO word is one letter.
        if sum(len(w) == 1 for w in words) < 2 and not (
                len(words) >= 4 and all(w in _NATO_SET for w in words)):
            return None  # (four NATO words and nothing else: "november whiskey oscar ...")
        letters = [w[0] for w in words]
    else:
        letters = [ch for w in words for ch in w if ch.isalpha()]
    if len(letters) > 24 or all(ch.lower() in "ai" for ch in letters):
        return None
    if "".join(letters).lower() in _SPELLED_ACRONYMS:
        return None  # "my D O B is", "the P O box": an abbreviation said letter by letter
    return start, end, "NAME"


def _alternation(words: set[str]) -> str:
    """``words`` as an RE2 alternation, longest first (most are plain letters: escaping
    them one character at a time is most of the time it takes to build the detectors).
    """
    escaped = [w if w.isalnum() else "".join(ch if ch.isalnum() else "\\" + ch for ch in w)
               for w in words]
    escaped.sort()
    escaped.sort(key=len, reverse=True)  # (stable: alphabetical within a length)
    return "|".join(escaped)


#: The strong cues after which ``_person_name`` reads a run of lowercase words no list
#: knows (``_unlisted_run``): not a role ("doctor", "patient"), after which it wants a name
#: a list knows.
_UNLISTED_RUN_CUES = (
    r"this[ ]+(?:(?:uh|um|er)[ ]+)?is|i[ ]+am|i'?m|it'?s|speaking[ ]+(?:with|to)"
    r"|(?:this[ ]+)?message[ ]+is[ ]+for"
    r"|calling[ ]+(?:for|about|on[ ]+behalf[ ]+of)|on[ ]+behalf[ ]+of|appointment[ ]+for"
    r"|(?:account|policy|card)[ ]?holder[ ]+is|(?:subscriber|insured|guarantor)[ ]+is"
    r"|(?:calls?[ ]+me|goes[ ]+by|known[ ]+as|down[ ]+as)|(?:i|we|she|he|they)[ ]+saw"
    rf"|(?:my|his|her|our|their|the|your)[ ]+{_KIN}{_KIN_LINK}"
)


def person_name_trigger() -> str:
    """The gate trigger of ``person_name``: a superset of where it can find a name.

    After a cue that says a name follows ("my name is", "Dr.", "signed") any word may be
    the name; after any other cue ("this is", "thanks", "for") ``refine`` wants a
    capitalised word or a first name.
    """
    lex = lexicon()
    firsts = {w for w in lex.first if len(w) > 1} - lex.blocked
    sep = rf"(?:[ ,:(]+|,\r?\n)(?:is[ ,]+)?{_HESITATION}"
    any_cue = (rf"(?:{_STRONG_CUES}|{_GREETING_CUES}){_KIN_TAIL}"
               rf"|(?:{_OTHER_WEAK_CUES}){_KIN_TAIL.removesuffix('?')}")
    explicit = (
        r"(?:\b(?:name|names|surname)(?:[ ]+is|[ ]+was|'s|[ ]*:)|\b(?:dr|mr|mrs|ms|mx|prof)\.?"
        r"|\b(?:miss|named|down[ ]+as|signed|regards|sincerely|attn:?|contact[ ]+person"
        r"|mister|missus|misses|(?:account|policy|card)[ ]?holder(?:[ ]+is|[ ]*:)"
        r"|mi[ ]+nombre[ ]+es|me[ ]+llamo)"
        r"|\b(?:first|last|given|family|middle|maiden|full|legal|patient'?s?|caller'?s?)[ ]+name"
        r"|\bname[ ]+on[ ]+(?:[a-z]+[ ]+){1,2}(?:card|account|file|policy|insurance"
        r"|prescription|reservation|order|booking)[ ]+is"
        r"|\bname[ ]+on[ ]+(?:it|there|that|file)[ ]+(?:is|reads|says)"
        r"|\bunder[ ]+(?:the|my|his|her|their|our)[ ]+(?:[a-z\-]+'s[ ]+)?name"
        rf"|\b(?:my|his|her|our|their|the|a)[ ]+{_KIN},|\b{_QA_NAME_CUE}"
        # A relative or a clinician, then any word: "my mom harpreet is", "nurse
        # practitioner gill" (refine wants a subject or a surname there).
        rf"|\b(?:my|his|her|our|their|the|your)[ ]+{_KIN}"
        # ("doctor" and "dr" are left to the capitalised branch: "the doctor can" is prose,
        # but "with doctor pettigrew" is not.)
        r"|\b(?:practitioner|physician|assistant|therapist|surgeon|pharmacist"
        r"|midwife|dietitian|nurse|patient|pt)"
        r"|\b(?:" + "|".join(_BEFORE_DOCTOR) + r")[ ]+doctor)"
    )
    return (
        rf"{explicit}{sep}[a-z]"
        # After a strong cue, a greeting or a relative: a first name, even one that is a
        # word ("thanks will", "my son, grace") ...
        rf"|\b(?:{any_cue}){sep}(?:{_alternation(firsts & lex.word_like)})\b"
        # ... and after any cue a capitalised word or a first name that is no word ("and
        # will be" is prose). The long list of first names stands once in the trigger:
        # twice, RE2's DFA for it outgrows its memory and searches slowly.
        rf"|\b(?:{any_cue}|{_OTHER_WEAK_CUES}){sep}"
        rf"(?:(?-i:[A-Z])|(?:{_alternation(firsts - lex.word_like)})\b)"
        # A lowercase full name no list knows, after a cue ("this is priyanka raghunathan").
        rf"|\b(?:{_UNLISTED_RUN_CUES}){_KIN_TAIL}[ ,]+{_HESITATION}"
        r"[a-z]{3,},?[ ]+(?:(?:[a-z]\.?[ ]+)?[a-z]{3,}\b|i'?m\b)"
        # After a person verb, a lowercase word that ends its clause ("transfer me to arash
        # in billing", "a call from rajesh."): see _clause_ends.
        r"|\b(?:(?:spoke|speak|talked|talk)[ ]+(?:to|with)|transfer(?:red)?[ ]+(?:me|you)[ ]+to"
        r"|connect(?:ed)?[ ]+(?:me|you)[ ]+(?:to|with)|call[ ]+from(?:[ ]+a)?)[ ]+[a-z]{3,}"
        r"(?:[ ]*[.,?!;:]|[ ]*$|[ ]+(?:" + "|".join(sorted(_AFTER_CLAUSE)) + r")\b)"
        # A word spelled right after it ("it's quiroga q u i r o g a"; see _spelled_out).
        rf"|\b(?:{_UNLISTED_RUN_CUES})[ ,]+[a-z]{{2,}}[ ,]+[a-z][ ,]+[a-z][ ,]+[a-z]\b"
        # Someone addressed in lowercase before "this is" ("hi kourosh this is ..."), or
        # thanked ("thank you marites i see").
        r"|\b(?:hi|hello|hey|dear)[ ,]+[a-z]{3,}[ ]+(?:this[ ]+is|it'?s)[ ]"
        r"|\b(?:thank[ ]+you|thanks)[ ,]+[a-z]{3,}(?:[ ]*(?:[,.!?]|$)"
        r"|[ ]+(?:i|we|so|and|for|i'll|i'm)\b)"
        # Initials, then a surname ("pastor e j mayfield"; "under m e mahe" after a weak
        # cue: two initials).
        rf"|\b(?:{_STRONG_CUES}){_KIN_TAIL}{sep}(?:[a-z](?:\.[ ]*|[ ]+)){{1,2}}[a-z]{{2,}}"
        rf"|\b(?:{_OTHER_WEAK_CUES}){sep}{_TWO_INITIALS}[a-z]{{2,}}"
    )


def _capitalised(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


def name_pair_trigger() -> str:
    """The gate trigger of ``name_pair``: a capitalised census first name, then a capital;
    a capitalised word and a comma; or an initial and a capitalised word (with the word
    before it, where a given name no list knows may stand: "Xiaoming S. Zhang").
    """
    lex = lexicon()
    firsts = {_capitalised(w) for w in lex.first - lex.blocked if len(w) > 1}
    return (rf"\b(?:{_alternation(firsts)})(?:-[a-z]+)?[ ]+(?:[A-Z]|{_PARTICLE_WORDS}[ ])"
            rf"|\b{_SURNAME}[ ]*,[ ]*[A-Z][a-z]+|\b(?:[A-Z][a-z]+[ ]+)?[A-Z]\.[ ]?[A-Z][a-z]")


def name_verb_trigger() -> str:
    """The gate trigger of ``name_verb``: a first name that is no ordinary word, at most one
    more word, then what people do (a capitalised word alone would fire on most prose).
    """
    lex = lexicon()
    firsts = {w for w in lex.first if len(w) > 1} - lex.blocked - lex.word_like
    return (rf"\b(?:{_alternation(firsts)})"
            rf"(?:[ ]+(?:[a-z]\.?[ ]+)?{_NAME_WORD})?{_PERSON_DOES}"
            # Capitalised words no list knows, before what only a person does ("Vannak
            # called", "Golnar Yamamoto-Whitfield is on line 2"; see _unlisted_speaker).
            r"|\b(?-i:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
            r"(?:[ ]+[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)?)[ ]+(?:"
            + "|".join(_SPEAKER_VERBS) + r"|is[ ]+on[ ]+(?:line|the[ ]+phone))\b"
            # Any one or two words before "speaking" (see _answers_phone).
            rf"|\b{_NAME_WORD}(?:[ ]+{_NAME_WORD})?[ ,]+(?:speaking|here)\b")


# --- expand: names that follow from the names found ------------------------------------------


def expand_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Return the names that follow from the names in ``spans``: the particles and surname
    after one (:func:`particle_surnames`), the word a spelling spells
    (:func:`spelled_echoes`), names joined to one by "and", "or" or a correction
    (:func:`coordinated_names`), then every name found again wherever the text repeats it
    (:func:`echo_names`).
    """
    for span in spans:
        if span[2] == "NAME":
            break
    else:
        return []  # most texts with findings hold no name
    joined = (particle_surnames(text, spans) + surname_tails(text, spans)
              + spelled_echoes(text, spans) + coordinated_names(text, spans))
    # (A spelled name's word, "it's rojas r o j a s", is found by spelled_echoes above.)
    joined += corrected_names(text, [*spans, *joined])
    return joined + echo_names(text, [*spans, *joined]) if joined else echo_names(text, spans)


#: A capitalised word right after a name, and a generational suffix after it ("Huynh III").
_TAIL_WORD = re.compile(r" ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?:,? (?:Jr|Sr|II|III|IV)\b\.?)?")
_SUFFIX = re.compile(r",? (?:Jr|Sr|II|III|IV)\b\.?")


def surname_tails(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find the surname and suffix after a capitalised name in cased text: "Leilani Siti"
    in "Leilani Siti Fitzgerald, Tue", "Penny Huynh" in "Penny Huynh III", "Nikhil" in
    "Agent: Nikhil Love |" (after a label a surname that is a word too); and in any case
    the surname joined by a hyphen said aloud ("Ruiz hyphen Tagle", "Al dash Sayed").

    The word must be a census surname that is no ordinary word or a word no list knows;
    after a label ("Agent:") any listed surname.
    """
    lex = lexicon()
    out: list[Span] = []
    for start, end, label, _ in spans:
        said = _SAID_HYPHEN.match(text, end) if label == "NAME" else None
        if said is not None and said.group(1).lower() not in lex.blocked and (
                said.group(1).lower() not in lex.function):
            # "my last name is Ruiz hyphen Tagle": a hyphen said aloud joins two surnames.
            out.append((start, said.end(), "NAME", "person_name"))
            continue
        if label != "NAME" or not text[start:start + 1].isupper() or text[start:end].isupper():
            continue
        found = _TAIL_WORD.match(text, end)
        low = found.group(1).lower() if found is not None else ""
        labelled = text[max(0, start - 16) : start].rstrip().endswith(":")
        if found is None or low in _ORG_WORDS or low in _STREET_WORDS or (
                low in _TITLE_CASE_TELLS) or not (
                (low in lex.last and labelled) or lex.is_unlisted_name(low)
                or (_is_surname(lex, low) and not lex.is_ordinary(low))):
            suffix = _SUFFIX.match(text, end)
            if suffix is not None:
                out.append((start, suffix.end(), "NAME", "person_name"))
            continue
        if _title_case_speech(text) or _names_an_organisation(text, [], found.end(1)):
            continue
        out.append((start, found.end(), "NAME", "person_name"))
    return out


#: A hyphen said aloud, then the word it joins to a name (" hyphen Tagle", " dash Sayed").
_SAID_HYPHEN = re.compile(r",? (?:hyphen|dash) ([A-Za-z][a-z'\-]+)\b")
#: The words of a spelling that are no letters of it: "as in sam", "apostrophe".
_SPELLING_WORDS = re.compile(r"\b(?:as in|like|for) [a-z]+|\b(?:apostrophe|hyphen|dash)\b",
                             re.IGNORECASE)
#: How far from a spelling the word it spells is looked for.
_SPELLED_REACH = 160


def _spelled_word(value: str) -> str:
    """The word a spelling spells: "k h o u r y" is "khoury", "O Y E L A as in alpha" is
    "oyela", "m U kilo h" is "mukh".
    """
    tokens = _SPELLING_WORDS.sub(" ", value).replace(",", " ").replace(".", " ").replace(
        "-", " ").split()
    return "".join(t[0] for t in tokens if len(t) == 1 or t.lower() in _NATO_SET).lower()


def _given_before(lex: NameLexicon, text: str, at: int) -> int:
    """Where a name starts whose surname starts at ``at``: at the word before it if that is
    a first name no ordinary word ("yonas church with a c as in cat"), else at ``at``.
    """
    head = text[max(0, at - 30) : at]
    found = _WORD_BEFORE.search(head)
    if found is None or not head.endswith(found.group(1) + " "):
        return at
    low = found.group(1).lower()
    if (low in lex.first and not lex.is_ordinary(low)) or lex.is_unlisted_name(low):
        return at - len(found.group(1)) - 1
    return at


def spelled_echoes(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find the word a found spelling spells, said near it ("Nomvula Small, last name
    spelled S M A L L": "Small"; "it's khoury k h o u r y"), and a name spelled right after
    it when the spelling is too short to stand alone ("it's Xu, X U").
    """
    out: list[Span] = []
    for start, end, label, ident in spans:
        if label != "NAME":
            continue
        if ident == "spelled_name":
            word = _spelled_word(text[start:end])
            if len(word) < 2:
                continue
            lo = max(0, start - _SPELLED_REACH)
            window = text[lo : end + _SPELLED_REACH].lower()
            # The word, or its letters parted by a space or a hyphen where the spelling
            # said so ("o w u s u hyphen a n s a h": "owusu ansah"; "Ó Súilleabháin").
            echo = re.compile("[ \\-]?".join(word))
            for found in echo.finditer(window):
                at = lo + found.start()
                stop = lo + found.end()
                if not (at and _in_word(text[at - 1])) and not (
                        stop < len(text) and _in_word(text[stop])) and not (
                        start <= at < end) and (stop - at == len(word) or " " not in text[
                            at:stop] or len(word) > 5):
                    out.append((_given_before(lexicon(), text, at),
                                _surname_after(lexicon(), text, at, stop),
                                "NAME", "spelled_name"))
        elif end - start == 2 and text[start:end].isalpha():
            # "Xu, X U": a short name, then its letters.
            after = text[end : end + 8]
            lead = len(after) - len(after.lstrip(" ,:"))
            spelled = after[lead:].split(None, 2)
            if len(spelled) >= 2 and [w.strip(",.").lower() for w in spelled[:2]] == list(
                    text[start:end].lower()):
                tail = after.index(spelled[1], lead) + len(spelled[1].rstrip(",."))
                out.append((end + lead, end + tail, "NAME", "spelled_name"))
    return out


#: Particles, then the surname word they open (what follows a name: " de la Cruz").
_PARTICLE_TAIL = Regex(
    r"^[ ]+(?:[a-z]\.?[ ]+)?((?:(?:de|la|del|della|van|der|den|von|dos|das|da|di|du|le|bin"
    r"|binti|al|el|ter|ten|st\.?)[ ]+){1,3})([a-z][a-z'\-]+)")


def particle_surnames(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find the particles and the surname after a found name: "Chiara" in "Chiara de la
    Cruz", "Brayden" in "Brayden W. St. Pierre", "June Van" (a particle taken for a
    surname) in "June Van der Berg".

    The surname after the particles is capitalised where the name is, and is no
    organisation's or street's word; in lowercase text it must be a census surname or a
    word no list knows. In Title Case speech-to-text a capitalised particle says nothing
    ("Mi Fecha De Nacimiento").
    """
    lex = lexicon()
    out: list[Span] = []
    for start, end, label, _ in spans:
        if label != "NAME":
            continue
        head = text[start:end]
        last_word = head.rsplit(None, 1)[-1] if head.strip() else ""
        tail_from = end
        if last_word.lower().rstrip(".") in _PARTICLES and len(head.split()) > 1:
            tail_from = end - len(last_word) - 1  # "June Van" then "der Berg"
        found = _PARTICLE_TAIL.search(text[tail_from : tail_from + 48])
        if not found:
            continue
        s1, e1 = found[1]
        if any(w[0].isupper() for w in text[tail_from + s1 : tail_from + e1].split()) and (
                _title_case_speech(text)):
            continue  # Title Case speech: "Mi Fecha De Nacimiento" is no name
        s2, e2 = found[2]
        word = text[tail_from + s2 : tail_from + e2]
        low = word.lower().strip("'-")
        if low in lex.blocked or low in _ORG_WORDS or low in _STREET_WORDS:
            continue
        if text[start].isupper() != word[0].isupper():
            continue
        if word[0].islower() and (low in lex.function or not (
                low in lex.last or lex.is_unlisted_name(low))):
            continue
        out.append((start, tail_from + e2, "NAME", "person_name"))
    return out


#: What joins two names: "and", "or", "&", "nor", a comma said aloud ("salazar comma
#: deepika"), or a correction ("no", "no wait", "sorry", "I mean": group 1), maybe after
#: a question mark or a comma and before a hesitation ("Thanh? Or, uh, Tunde").
_JOINED_AFTER = Regex(
    r"^(?:'s)?[?!,]?[ ]+(?:and|or|nor|&|comma|(no(?:[ ,]+wait)?|sorry|i[ ]+mean))[ ]*,?[ ]+"
    r"(?:(?:uh|um|er|erm)[ ,]+)*")
_JOINED_BEFORE = Regex(r"[ ]+(?:and|or|&)[ ]+$")
#: The words that may open _JOINED_AFTER's joiner, and how _JOINED_BEFORE's may end.
_JOINERS = frozenset({"and", "or", "nor", "&", "comma", "no", "sorry", "i"})
_JOINER_ENDS = (" and", " or", "&")
#: Name words and initials a joined name may hold: "C J Taufa", "Shirin Le Blanc".
_MAX_JOINED_WORDS = 4


def coordinated_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find the names joined to a found name: "yelena and yesenia kobayashi", "Malia And
    Shirin Le Blanc", "my husband kenji amira no abdullah gupta" (a correction).

    The words on the other side of the joiner count when they look like a name: a census
    name that is no ordinary word, or a word no list knows; in cased prose (not Title Case
    speech-to-text) also a capitalised name that is a word too ("Summer"). Single letters
    may stand before such a word ("C J Taufa"). Names found this way are joined in turn (a
    list of three), a few rounds at most.
    """
    names = [(s, e) for s, e, label, _ in spans if label == "NAME"]
    if not names:
        return []
    lex = lexicon()
    cased: bool | None = None  # prose with capitals, not Title Case speech-to-text
    seen = set(names)
    out: list[Span] = []
    for _ in range(3):
        more: list[tuple[int, int]] = []
        for start, end in names:
            # (The word after or before a name is seldom a joiner: look before searching.)
            after = _JOINED_AFTER.search(text[end : end + 24]) if _JOINERS.intersection(
                text[end : end + 16].lower().replace(",", " ").split()[:2]) else None
            if after is not None:
                cased = _cased(text) if cased is None else cased
                found = _joined_run(lex, text, end + after[0][1], cased=cased,
                                    correction=after[1][0] >= 0)
                if found is not None and found not in seen:
                    more.append(found)
            before = _JOINED_BEFORE.search(text[max(0, start - 8) : start]) if (
                text[max(0, start - 8) : start].rstrip().lower().endswith(_JOINER_ENDS)
            ) else None
            if before is not None:
                cased = _cased(text) if cased is None else cased
                found = _joined_run_before(
                    lex, text, max(0, start - 8) + before[0][0], cased=cased)
                if found is not None and found not in seen:
                    more.append(found)
        if not more:
            break
        seen.update(more)
        out.extend((s, e, "NAME", "person_name") for s, e in more)
        names = more
    return out


def _joined_word(lex: NameLexicon, word: str, *, cased: bool) -> bool | None:
    """Whether ``word`` can be part of a joined name: True for a name word, None for an
    initial (which needs a name word with it), False otherwise.
    """
    core = word.removesuffix("'s").strip("'-")
    if len(core) == 1:
        return None if core.isalpha() else False
    low = core.lower()
    if not core.replace("-", "").replace("'", "").isalpha() or low in _TITLES:
        return False
    if lex.is_name_word(low, strong=False) or lex.is_unlisted_name(low):
        return True
    return (cased and core[0].isupper() and core[1:].islower()
            and (low in lex.first or low in lex.last) and low not in lex.blocked)


def _joined_run(
    lex: NameLexicon, text: str, pos: int, *, cased: bool, correction: bool = False
) -> tuple[int, int] | None:
    """The name words from ``pos`` on (initials first, then name words), or None. After a
    correction ("kenji amira no abdullah gupta") the first name word must be a census or
    international first name ("no puede venir" is Spanish, not a name).
    """
    end = named = 0
    at = pos
    for word in text[pos : pos + 80].split(None, _MAX_JOINED_WORDS)[:_MAX_JOINED_WORDS]:
        bare = word.rstrip(",.;:?!")
        kind = _joined_word(lex, bare, cased=cased)
        if kind and correction and not named and bare.lower().strip("'-") not in lex.first:
            break
        at = text.index(word, at)
        if kind is False or (kind is None and named):
            break
        at_end = at + len(bare.removesuffix("'s"))
        if kind:
            named, end = named + 1, at_end
        at = at_end
        if bare != word:
            break  # punctuation ends the name
    return (pos, end) if named else None


def _joined_run_before(
    lex: NameLexicon, text: str, pos: int, *, cased: bool
) -> tuple[int, int] | None:
    """The name words that end at ``pos`` (initials may come first), or None."""
    head = text[max(0, pos - 80) : pos]
    parts = head.split()
    if not parts or head.endswith((",", ".", "?", "!")):
        return None
    start = pos
    named = 0
    for word in reversed(parts[-_MAX_JOINED_WORDS:]):
        kind = _joined_word(lex, word, cased=cased)
        if kind is False or (kind is True and word.endswith("'s")) or (
                kind is None and not named):
            break
        if kind:
            named += 1
        start = text.rindex(word, 0, start)
        if start and text[start - 1] not in " \t":
            break
    return (start, pos) if named else None


#: A name taken back right after a found one ("it's rojas not barros", "wise not weese")...
_NOT_AFTER = re.compile(r"[ ,]+not[ ]+([A-Za-z][A-Za-z'\-]+)\b", re.IGNORECASE)
#: ... or right before it ("no not barros it's rojas", "NOT KOVAC IT'S OYELARAN").
_NOT_BEFORE = re.compile(r"\bnot[ ]+([A-Za-z][A-Za-z'\-]+)[ ,]+(?:it'?s|it[ ]+is)[ ]+$",
                         re.IGNORECASE)


def corrected_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find the name a speaker takes back beside a found name: "no not barros it's rojas",
    "it's wise not weese" (the conventions label an abandoned value too). The word must be a
    listed name or no ordinary word ("it's maria not today" is not one).
    """
    lex = lexicon()
    out: list[Span] = []
    for start, end, label, ident in spans:
        if label != "NAME":
            continue
        after = _NOT_AFTER.match(text, end, min(len(text), end + 40))
        before = _NOT_BEFORE.search(text, max(0, start - 40), start)
        for found in (after, before):
            if found is None:
                continue
            word = found.group(1)
            low = word.lower().strip("'-")
            if len(low) > 1 and low not in lex.function and (
                    low in lex.last or low in lex.first or not lex.is_ordinary(low)):
                out.append((found.start(1), found.end(1), "NAME", ident))
    return out


# --- echo: a name found once is a name wherever the text repeats it --------------------------


def echo_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Find again, wherever ``text`` repeats them, the words of the names in ``spans``.

    "my neighbor kian drove me ... can kian pick it up": the second "kian" has no cue of
    its own. A word that is also an ordinary word ("Summer", "Bill") counts again only
    capitalised as it was found; words of two letters or less, and blocked words, never.
    """
    lex = lexicon()
    any_case: set[str] = set()
    exact: set[str] = set()
    for start, end, label, _ in spans:
        if label != "NAME":
            continue
        for token in "".join(ch if ch.isalpha() or ch in "'-" else " "
                             for ch in text[start:end]).split():
            word = token.strip("'-")
            low = word.lower()
            if len(low) < 3 or low in lex.blocked or low in lex.function or low in _TITLES:
                continue
            if not lex.is_ordinary(low):
                any_case.add(low)
            elif word[:1].isupper() and word[1:].islower():
                exact.add(word)
    if not any_case and not exact:
        return []
    # Where the findings are, to skip occurrences inside one in O(log n) (a long text may
    # hold thousands of findings and occurrences).
    ordered = sorted((s, e) for s, e, _, _ in spans)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))
    out: list[Span] = []
    for word, pos in _occurrences(text, any_case, exact):
        end = pos + len(word)
        before = bisect_right(starts, pos) - 1
        inside = before >= 0 and reach[before] > pos
        if not inside and not (pos and _in_word(text[pos - 1])) and not (
                end < len(text) and _in_word(text[end])):
            out.append((pos, _surname_after(lex, text, pos, end), "NAME", "person_name"))
    return out


#: Above this many (name words x characters), echo_names reads the text's words once
#: instead of searching it once per name word (which grows with names x length).
_ECHO_SEARCH_BUDGET = 1 << 20
#: A word as _in_word bounds it.
_WORD_RE = re.compile(r"[A-Za-z0-9'\-_]+")


def _occurrences(
    text: str, any_case: set[str], exact: set[str]
) -> list[tuple[str, int]]:
    """Where the name words occur in ``text`` (``any_case`` in any case, ``exact`` as
    written): every occurrence for a short text; for a long text with many names, the
    occurrences that are whole words (the only ones echo_names keeps), read in one pass.
    """
    found: list[tuple[str, int]] = []
    if (len(any_case) + len(exact)) * len(text) <= _ECHO_SEARCH_BUDGET:
        lowered = text.lower()
        for word, haystack in [(w, lowered) for w in any_case] + [(w, text) for w in exact]:
            pos = haystack.find(word)
            while pos >= 0:
                found.append((word, pos))
                pos = haystack.find(word, pos + len(word))
        return found
    for match in _WORD_RE.finditer(text):
        token = match.group()
        if token in exact:
            found.append((token, match.start()))
        elif (low := token.lower()) in any_case:
            found.append((low, match.start()))
    return found


def _surname_after(lex: NameLexicon, text: str, start: int, end: int) -> int:
    """Where a name found again at ``start:end`` ends: past the surname after it, if one
    follows ("I'm Kele's caregiver. Kele Boateng."): a census surname that is no ordinary
    word, or a word no list knows, capitalised as the name before it is.
    """
    if text[end : end + 1] != " ":
        return end
    nxt = text[end + 1 : end + 40].split(None, 1)
    word = nxt[0].rstrip(",.;:?!") if nxt else ""
    if not word[:1].isalpha() or word[:1].isupper() != text[start].isupper():
        return end
    low = word.lower()
    if (low in lex.last and not lex.is_ordinary(low)) or lex.is_unlisted_name(low):
        return end + 1 + len(word)
    return end


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'-_"


def name_detectors() -> list[PatternDetector]:
    """Return the name detectors."""
    return [
        builtin_detector("person_name", "NAME", PERSON_NAME_PATTERN, group=2,
                         refine=_spoken(_cued_name), rescan=True,
                         trigger=person_name_trigger(),
                         seek=True, expand=expand_names),
        builtin_detector("name_pair", "NAME", NAME_PAIR_PATTERN, case_sensitive=True,
                         refine=_name_pair, trigger=name_pair_trigger(), seek=True,
                         rescan=True),
        builtin_detector("name_caps", "NAME", NAME_CAPS_PATTERN, case_sensitive=True,
                         refine=_name_caps, rescan=True),
        builtin_detector("name_before", "NAME", NAME_BEFORE_PATTERN,
                         refine=_spoken(_before_or_alone)),
        builtin_detector("name_verb", "NAME", NAME_VERB_PATTERN, refine=_spoken(_name_before),
                         trigger=name_verb_trigger(), seek=True),
        builtin_detector("name_field", "NAME", NAME_FIELD_PATTERN, refine=_name_field,
                         rescan=True),
        builtin_detector("spelled_name", "NAME", SPELLED_NAME_PATTERN, refine=_spelled),
    ]
