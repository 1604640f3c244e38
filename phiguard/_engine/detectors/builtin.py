"""The built-in detector set.

Every detector has a stable id: policies turn detectors off by id
(``detectors.disable = ["person_name"]``) and summaries count findings by id. Each is an RE2
pattern (its ``pattern`` attribute, Go-regexp compatible, rendered into the Collector
config) with, for most, a cheap Python refinement of each match (a checksum, a name-list
check, a spoken-number parse, a look at the words before it).

Written identifiers (:mod:`~phiguard._engine.detectors.written`):

==================  ===================  ==========================================================
id                  label                finds
==================  ===================  ==========================================================
``email``           EMAIL                ``jane.doe@example.com`` (not a role address such as
                                         ``it-ops@``, nor a Message-ID)
``ssn``             SSN                  ``123-45-6789``, ``123 45 6789`` (invalid areas rejected);
                                         masked ``xxx-xx-1234``, ``***-**-1234``; form-encoded
                                         ``211+62+0041``
``phone``           PHONE                ``(404) 683-9247``, ``617.708.5085``, ``+14155550123``,
                                         ``+44 20 7946 0958`` (NANP area code checked),
                                         ``%2B1+715+817+0334``, ``%28304%29+555-0162``; not
                                         an NDC code, an X12 NPI after ``XX*``, nor a toll-free
                                         number (800, 833, 844, 855, 866, 877, 888; also in a
                                         table's phone column or a SIP URI) unless given as a
                                         callback number; not right after "order/claim/tracking
                                         ... number is"
``credit_card``     CREDIT_CARD          13-19 digits passing Luhn; any ``dddd dddd dddd dddd``
``ipv4``            IP                   ``73.34.61.187``; not four numbers inside an OID,
                                         nor a version after "build" or ``fw=``
``ipv6``            IP                   ``2001:db8::1`` (validated with :mod:`ipaddress`)
``url``             URL                  ``https://...``, ``www....``, ``s3://...``; short links
                                         (``rb.gy/...``, ``shorturl.at/...``); only a URL that
                                         identifies a person: an id in its path or query, a
                                         personal page's site (blogspot, gofundme), a host or
                                         slug that is a name (``charlenetorres.com``), a
                                         family's host (``choifamily.net``,
                                         ``thekowalczyks.net``); not a document or an image
                                         named by ordinary words (``/report.pdf``); a host that
                                         is the name of a person the record names before it
                                         (``"patient": "Grace Love"`` ... ``gracelovephoto.com``)
``date``            DATE                 ``03/14/1984``, ``1984-03-14``, ``March 14, 1984``,
                                         ``14th of March``, "Wed 2/18", "04/09 at 8:15 AM", "on
                                         10/22", ``26-Sep-1931``, "his appointment was 9/15"
                                         (not fractions, doses, scores or acuities); a
                                         year alone is not a date, nor a log line's timestamp, a
                                         query's date range or a date inside a model's name;
                                         "Next recall 8/25"; not a thing's or a record's date
                                         (``"eta":``, ``"opened":``, ``createdAt``,
                                         ``<DueDate>``, ``last_run``, "released", "due",
                                         "Maintenance window", "received 03/14/2025 09:12", a
                                         URL query's ``?date=``, a closure day) unless a
                                         patient, a person word, a name, a birth, a visit or a
                                         booking is near it; "on 2 22 2024" (after on, since,
                                         born, dob, dated); a booked visit's ``"start":
                                         "2026-10-15T14:45:00Z"`` near an appointment key; "f/u
                                         10/12", "referral placed 3/1", "do the 2/14 instead";
                                         not a closure or holiday day ("closed Thursday 11/26",
                                         ``"closed": ["2026-12-25"]``)
``patient_path``    URL                  ``/api/v2/patients/689673/appointments`` (no host); a
                                         FHIR Patient resource's ``"id"`` and a C-CDA
                                         ``<patientRole><id extension=...>`` (MRN);
                                         ``"Practitioner/1464176829"`` with a valid NPI check
                                         digit (LICENSE_OR_DEVICE_ID)
``compact_date``    DATE                 ``|19460609|`` in HL7, ``DMG*D8*19310321*`` in X12 (not
                                         in MSH or X12 envelope segments); iCalendar
                                         ``DTSTART:20231130T160000``, vCard ``BDAY``, C-CDA
                                         ``<birthTime value=...>``, "Date of service: 20250514",
                                         ``DTSTART:20250420111000``;
                                         not a closed clinic's calendar event
``mac_address``     LICENSE_OR_DEVICE_ID ``bc:da:0e:df:c7:79``, ``bcda.0edf.c779``; digits alone
                                         after its name ("MAC 88-95-93-44-30-96")
``checked_id``      LICENSE_OR_DEVICE_ID a VIN (``1HGCM82633A004352``) or a DEA number
                                         (``AB1234563``) with no cue, by its check digit; a
                                         member id's or an MRN's shape with no cue
                                         (``GVS691286751``, ``MRN37204744``), not after order,
                                         claim, ticket or trace words
==================  ===================  ==========================================================

Spoken and cue-led identifiers (:mod:`~phiguard._engine.detectors.spoken`):

==================  ===================  ==========================================================
``cue_number``      set by the cue       "member ID is a p k six three ...", "MRN 07828268",
                                         ``"patient_id": "79934381"``, "last four of my social
                                         is ...", "zip code is seven two five zero two", "date
                                         of birth oh three one four eighty four"; a value said
                                         again after "no wait" or read back written ("... I
                                         have WDLXNYBL5A22"); "area code two one four and then
                                         ...", "transmitter ID is eight g n n w y", "the card
                                         ending in sixty sixty", "soc sec no ...", "seguro
                                         social termina en ...", a value said again after a
                                         bare "sorry"; not group numbers or payer ids (also
                                         "the group number on the card is ..."); "scratch that"
                                         and "oh wait" corrections, with the abandoned value;
                                         the digits said instead of a number's tail; a keypad
                                         field after "star"; Markdown bold fields
                                         ("**Account:** HB22637548", "**Card:** ending 6259");
                                         a pharmacy card's id after its PCN; keypad entries
                                         after their prompt ("[DTMF: 2 8 8 2 ... #]", "<DTMF
                                         1001>", "[caller keyed 059684637]"), labelled by the
                                         prompt; a bare "ending" after a number cue; Spanish
                                         "es" between cue and value ("el zip es ...")
``spoken_number``   by shape             7+ spoken digits with no cue: 3-2-4 is SSN, 10 digits
                                         PHONE, Luhn 16 CREDIT_CARD, else ACCOUNT; skipped after
                                         "order/confirmation/reference number"; spelled IDs
                                         mixing letters, NATO words and digits ("w d l z nine a
                                         nine e charlie"), labelled by the closest cue;
                                         digits in groups then pairs ("415 933 ninety four
                                         sixty"); "i'm at seventy eight nine three oh" (ZIP);
                                         not a keypad entry ("... nine five pound"); a phone
                                         before "call me back"; not a toll-free number ("the
                                         nurse line is one eight hundred ...", "phone:
                                         8005550199"), here or in ``cue_number``, unless
                                         given as a callback number; a spelled id said twice
                                         word for word ("N R five seven six five two A, ... N R
                                         five seven six five two A"); Spanish digit runs
                                         ("ocho cuatro ocho ...", "numero de miembro ..."); not a
                                         claim number ("the claim number on the EOB is ...")
``spoken_email``    EMAIL                "jane dot doe at gmail dot com", "street dot z b i g n
                                         i e w sixty at aol dot com"
``spoken_url``      URL / IP             "w w w dot smith family dot net slash anna", "caring
                                         bridge dot org", "my chart dot sunrise clinic dot org
                                         slash p slash six four eight one four"; IPv4 said
                                         aloud ("seventy three dot eight eight dot fifty eight
                                         dot one hundred six", "... period ..."); IPv6 and MAC
                                         addresses said with "colon"; a site said aloud only
                                         when it names a person ("pham family dot com"; not
                                         "riverbendhealth dot org"); a fundraiser's path in
                                         words ("gofundme dot com slash f slash help darnell
                                         banks")
``spoken_date``     DATE                 "March third nineteen eighty four", "the third of
                                         March", "november forth", "el siete de junio de 1991",
                                         "born in march of sixty two", "yes it's <name> eleven
                                         three oh two", "faxed over on the sixteenth",
                                         "physical therapy on four twelve", "la cita es el
                                         one nineteen", "Date of service eight two twenty
                                         four", "the april fourteen no the fourteenth", "a
                                         follow up the second", "again the fourth"; not a
                                         closure or holiday day ("WILL BE CLOSED ON THURSDAY
                                         NOVEMBER TWENTY SIXTH"); not
                                         "january first every year", "the fifth floor"
``age_over_89``     AGE_OVER_89          "94 years old", "(age 95)", "my mother is ninety one",
                                         "he'll be ninety three", "Babajide Cruz-Ortega (98)",
                                         "they're a hundred and five", "Ms. Kang is 105", "I'm
                                         hundred four", "ninety six, uh, ninety seven", "in her
                                         late nineties", "tiene noventa y cinco años", "she's
                                         what a hundred and one yeah a hundred and three",
                                         "at the age of ninety three", 'he is "ninety"',
                                         "My mother, Dawn Church, is ninety eight", any name
                                         found followed by "is 94"
==================  ===================  ==========================================================

Names (:mod:`~phiguard._engine.detectors.names`):

==================  ===================  ==========================================================
``person_name``     NAME                 "my name is ...", "this is frank holloway", "Dr. ...",
                                         "my father, Tony Flowers", "thank you spencer", "the
                                         account holder is ...", "mi nombre es ...", "hi
                                         kourosh this is ...", "transfer me to arash in billing",
                                         "identifies as ...", "who am I speaking with? ...",
                                         "The driver, Xiomara,", "this is losa the nurse",
                                         "on behalf of ...", "QA: Agent Hiroshi verified",
                                         "your driver will be ...", "my great aunt wei vo",
                                         "it's mamadou er young", "pt okeke reports",
                                         "you've reached ...", "regarding ...", "message
                                         from ...", "checking on ...", "thank you marites
                                         i see", "this is june from ...", "the prescriber
                                         is ...", "i take care of ...", "remind ... of",
                                         "Dr. Fairbanks saw Agnieszka on ...", "attention Grace
                                         Fox", "Customer (Rizal Barrientos):", "your full name
                                         and date of birth? user: ...", "my name is lee-park,
                                         dominique", "Thank you, Eun-ji.", "Good Afternoon
                                         Jerome This Is ...", "try my husband frank fox",
                                         "... name winona tehrani"; surnames that are words
                                         after a given name ("ingrid young born", "Ciaran
                                         Small,"); speech in capitals read as lowercase speech
                                         ("HI BILL IT'S AYESHA FROM DOCTOR O'BRIEN'S OFFICE");
                                         not a name key in a thing's YAML block
                                         ("agent:\\n  name: riverbend-scheduler")
``name_pair``       NAME                 "Henry Leonard" (census first + last name, capitalised),
                                         "Sione dos Santos", "Joy M. Keita", "for patient 'Small,
                                         Ana'", "Xiaoming S. Zhang", "C. Boateng", "Ouyang,
                                         Ji-woo", "Brown, Inés (MRN ...", "Layla Yilmaz" (a
                                         surname listed as a given name), a whole quoted
                                         ``"Wolf, Amber"``; not a pair before
                                         more of an organisation's name ("Lincoln Park
                                         Family Practice")
``name_caps``       NAME                 ``VILLANUEVA ROSARIO``, ``RAHMAN, OKSANA``, HL7
                                         ``|KOWALCZYK^TERESA^M|``, "ABBOUD, ALMA A AND
                                         ABU-ZEID, MAHALA E"
``name_before``     NAME                 "X got discharged", "X, my son", "X (sister)",
                                         "X, MD", "X's appointment", "X born oh eight ...",
                                         "Reminder: X, you have ...", "Ivys daughter", "X the
                                         physical therapist", "X's the one who ...", "X, first
                                         name Y", "Rusty Street RN", "Re: Hope Sharp  DOB:",
                                         "grace gardner twelve thirteen seventy five"; a name
                                         said alone, the whole turn or a transcript's quoted
                                         text ("lorcan banks", ``stt.text="tariq bird"``)
``name_verb``       NAME                 a first name before what people do: "Dustin could",
                                         "Maricruz said", "... is on line 2", "... was supposed
                                         to", "is arjun in today", "is yael still working
                                         there", "X at the front desk", "Could X call me back";
                                         answering the phone ("yes,
                                         minjun speaking", "bill yamamoto here")
``name_field``      NAME                 ``"first_name": "Juan"``, ``patient_name=...``,
                                         ``"payer": "..."``, YAML ``given:``, FHIR ``given``,
                                         XML ``<First>``, ``informant=Bill Young``; JSON ``\\u``
                                         escapes and percent-encoding read decoded;
                                         "middle initial r"; unquoted keys with quoted values
                                         (``{ firstName: 'Anahi' }``, ``{:last_name=>"Tupou"}``,
                                         protobuf text); OpenTelemetry JSON attributes
                                         (``{"key": "caller.name", "value": {"stringValue":
                                         ...}}``) and ``"field"``/``"value"`` pairs; dotted
                                         keys (``"tool.args.name"``), XML elements with
                                         attributes (``<Provider npi="...">``), SQL ``ILIKE``,
                                         a FHIR HumanName's ``"text"``; not a thing's
                                         ``"name"``, nor a FHIR Organization's
``spelled_name``    NAME                 "S M I T H", "s as in sam, m as in mary", "m U kilo h e
                                         r", "O apostrophe K E E F E", "O Y E L A as in alpha, R
                                         as in romeo", "november whiskey oscar sierra
                                         uniform", "o space s u i l l e a b h a i n", "capital
                                         l i m", "capital d lowercase e", "That's Capital C A
                                         R ..."

``person_name`` also finds a name joined to a found one ("yelena and yesenia kobayashi",
"salazar comma deepika", "kenji amira no abdullah gupta"), a found name again wherever
the text repeats it, with the surname after it, the particles and surname after a name
("Chiara de la Cruz", "Penny Huynh III"), and the word a spelling spells ("Small, last name
spelled S M A L L"; "yonas church with a c as in cat h ..."), and a name taken back
beside a found one ("no not barros it's rojas", "it's wise not weese").
==================  ===================  ==========================================================

Places (:mod:`~phiguard._engine.detectors.address`):

=====================  ================  =======================================================
``street_address``     ADDRESS           "5494 Washington Road, Apt 3", "four zero six zero ridge
                                         drive", "12 N. Main St."; a unit said alone after an
                                         address ("Yes, add apartment 248"); "W5512 Cedar Ln",
                                         "highway sixty two mile marker forty one", "Forty
                                         Three Twenty Nine Highway Twenty Seven", "APT A SEVEN";
                                         a house number taken back ("five forty seven uh sorry
                                         five hundred forty nine Prairie Hwy"); "COUNTY ROAD
                                         FIVE HUNDRED FIFTY SEVEN"
``po_box``             ADDRESS           "P.O. Box 1234", "RR 6 Box 348", "HC 61 Box 327", "r r
                                         nine box one hundred and ninety five"
``city``               ADDRESS           a listed US city before a state or a ZIP (which it
                                         finds too: "Rapid City 82681") or after an address or
                                         "live in"/"from"/"outside of"; "at the Yakima
                                         location"; any town said after a street line or a
                                         box, listed or not ("... orchard loop in uh ely",
                                         "unit one forty eight mount airy one eight two one
                                         seven", "Española, NM" on the line after the
                                         street, "..., Truth or Consequences.")
``city_in_address``    ADDRESS           any words between a street address and a state; "I
                                         Moved To Faith Massachusetts", "son lives in Lewes.",
                                         "Lives with daughter Heather in Sitka.", "lives near
                                         Sitka."
``zip_code``           ZIP               five digits (or spoken, in pairs too) after a state
                                         ("las cruces in 86685"); any ZIP+4; a spoken ZIP with
                                         digits among its words after a town or state
                                         ("Marquette, nine four 2 five 0"), digits one by one
                                         after a state ("Ely Nevada 8 9 3 0 1"), "oh" as its
                                         zero ("bluefield oh six six five two"); a turn of five
                                         spoken digits alone
``postcode``           ZIP               UK "SW1A 2AA" / Canadian "K2P 1L4" after a cue, comma,
                                         city or province
``address_field``      ADDRESS / ZIP     ``"street": "..."``, ``"address_line1"``, ``city=...``,
                                         SQL ``city = 'Bismarck'``, YAML ``city: Wahiawa``
=====================  ================  =======================================================

Keyed fields (:mod:`~phiguard._engine.detectors.fields`):

=====================  ================  =======================================================
``key_field``          set by the key    ``"patient_mrn": "MRN-7028"``, ``billing_zip=04498``,
                                         ``acct_no=2055 6195 9221``, ``"age": 97``, a
                                         ``"number"`` inside ``"drivers_license": {...}``,
                                         ``patient=8-894-8996``, ``patient=Kinsley_Ferreira``,
                                         "placard P9038388", ``"dl_number": "33 324 347"``,
                                         ``holder=AUTUMN HUNT``, "matched patient Sunny Bush",
                                         ``"rx_patient": "Van Buren, Pearl L"``,
                                         ``dl_on_file: ...``, a FHIR age extension, 'for
                                         caller "Chance Fox"', ``X-Patient-Ref: M59417673``,
                                         ``updatePatient(id: "K083B1462")``, ``record=`` or
                                         ``key=`` in a line with a patient key, ``ssn4=3639``,
                                         ``x-member-ref=``, "plate RGK 7J3", ``"serial":
                                         "76PVED"``, "Caller Meskerem Love requested", a
                                         GraphQL variable passed to a person's field; a Kafka
                                         key on a patient topic; OpenTelemetry ``Str(...)``
                                         values; an escaped ``\\"mem\\":\\"U5524141101\\"``
``hl7_segment``        MRN / MEMBER_ID   the fields of an HL7 v2 ``PID`` or ``IN1`` segment
``segment_id``         by qualifier      X12 ``NM1*...*MI*W1234567~``, ``REF*1W*...``, ``CLM01``;
                                         HL7 ``PV1-19`` (visit number: ACCOUNT); HL7 person
                                         fields (``|2698827252^AZIZ^TRAVIS|`` in PV1, ORC, OBR);
                                         vCard FN/N/ADR; iCalendar ATTENDEE CN; an N4's city
                                         and ZIP after an N3 street line; X12 835 ``CLP01``
                                         (ACCOUNT)
``key_list``           set by the key    every identifier in ``"serials": ["PJN80542", ...]``
=====================  ================  =======================================================

Tables (:mod:`~phiguard._engine.detectors.table`):

=====================  ================  =======================================================
``table_column``       set by the header the cells of a CSV, TSV, pipe or Markdown table under a
                                         personal header (``patient_id``, ``zip``, ``rider``,
                                         ``Owner``); a last/first header pair vouches for both
                                         columns; a table after a title line; rows whose
                                         unquoted "Family, Given" adds a comma; key/value
                                         tables (``| field | value |``, then ``| city | Elko
                                         |``); bold cells (``| **Name** |``)
``pipe_record``        MRN / NAME        ``export|60-693137|OKAFOR^NNEKA|...``: the id that leads
                                         a headerless record naming a person; the name cell of
                                         ``"Sharp, Kwame",03/14/2010,...`` rows (also with a
                                         written date, "6 Aug 1947"); an SQL
                                         ``INSERT ... VALUES`` read by its column list
=====================  ================  =======================================================
"""

from __future__ import annotations

from functools import cache

from phiguard._engine.detectors.address import address_detectors
from phiguard._engine.detectors.base import Detector
from phiguard._engine.detectors.fields import field_detectors
from phiguard._engine.detectors.names import name_detectors
from phiguard._engine.detectors.spoken import spoken_detectors
from phiguard._engine.detectors.table import table_detectors
from phiguard._engine.detectors.written import written_detectors

#: The ids of the built-in detectors, in the order they run.
BUILTIN_IDS: tuple[str, ...] = (
    "email", "ssn", "phone", "credit_card", "ipv4", "ipv6", "url", "date", "patient_path",
    "compact_date",
    "mac_address", "checked_id",
    "cue_number", "spoken_number", "spoken_email", "spoken_url", "spoken_date", "age_over_89",
    "person_name", "name_pair", "name_caps", "name_before", "name_verb", "name_field",
    "spelled_name",
    "street_address", "po_box", "city", "city_in_address", "zip_code", "postcode", "address_field",
    "key_field", "hl7_segment", "segment_id", "key_list",
    "table_column", "pipe_record",
)


@cache
def builtin_detectors() -> tuple[Detector, ...]:
    """Return every built-in detector (compiled once), each with a stable ``id``."""
    return (
        *written_detectors(), *spoken_detectors(), *name_detectors(), *address_detectors(),
        *field_detectors(), *table_detectors(),
    )
