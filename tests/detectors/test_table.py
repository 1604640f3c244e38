"""Tables read by their header, headerless pipe records, X12/HL7 ids, lists under a cue key."""

from __future__ import annotations

import pytest

from phiguard._engine.detectors.base import DetectorSet
from phiguard._engine.detectors.table import column_label, table_findings


def _found(detector_set: DetectorSet, text: str) -> dict[str, str]:
    """The text of each finding, by its text, with its label."""
    return {text[f.start : f.end]: f.label for f in detector_set.find(text)}


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("PatientID", "MRN"), ("patient_id", "MRN"), ("MRN", "MRN"), ("member_id", "MEMBER_ID"),
        ("account_id", "ACCOUNT"), ("acct_no", "ACCOUNT"), ("ZIP", "ZIP"), ("postal_code", "ZIP"),
        ("DOB", "DATE"), ("Mobile", "PHONE"), ("home_phone", "PHONE"), ("email", "EMAIL"),
        ("member_ssn", "SSN"), ("vehicle_plate", "LICENSE_OR_DEVICE_ID"),
        ("serial", "LICENSE_OR_DEVICE_ID"), ("pickup_street", "ADDRESS"),
        ("pickup_city", "ADDRESS"), ("Age", "AGE_OVER_89"), ("full_name", "NAME"),
        ("patient_name", "NAME"), ("rider", "NAME?"), ("Name", "NAME?"),
        ("order_id", None), ("request_id", None), ("trip", None), ("balance", None),
        ("plan_months", None), ("status", None), ("latency_ms", None), ("tool_name", "NAME?"),
    ],
)
def test_column_label_reads_the_header_as_key_field_reads_a_key(
    header: str, label: str | None
) -> None:
    """A header cell gets the label its words name (``NAME?``: values must look like names)."""
    assert column_label(header) == label


def test_quoted_cell_with_commas_is_one_cell(detector_set: DetectorSet) -> None:
    """A quoted cell that holds the delimiter is read whole, and the columns after it line up."""
    text = 'chart_number,patient_name,zip\nC-5530912,"Achterberg, Wilhelmina",04101'
    found = _found(detector_set, text)
    assert found["C-5530912"] == "MRN"
    assert found["04101"] == "ZIP"
    assert "Achterberg, Wilhelmina" in found


def test_table_ends_at_a_row_of_another_width() -> None:
    """Rows are read until a line that splits into another number of cells."""
    text = "member_id,zip\nQK55120934,30318\nend of export, 2 files, 30319\nQK55120935,30320"
    values = [text[s:e] for s, e, _ in table_findings(text, 0)]
    assert values == ["QK55120934", "30318"]


def test_header_without_a_personal_column_reads_nothing() -> None:
    """A metrics table names nothing personal, whatever its cells hold."""
    text = "latency_ms,tokens,status\n5551234567,30318,ok"
    assert list(table_findings(text, 0)) == []


def test_comma_header_with_spaces_is_prose() -> None:
    """Commas followed by spaces are prose, not a CSV header."""
    text = "Name, zip\nWilhelmina Achterberg, 04101"
    assert list(table_findings(text, 0)) == []


def test_markdown_table_skips_its_separator_line() -> None:
    """A Markdown table's |---| line neither ends the table nor yields a finding."""
    text = "| Patient | Age |\n|---|:---:|\n| Wilhelmina Achterberg | 97 |"
    found = {text[s:e]: label for s, e, label in table_findings(text, 0)}
    assert found == {"Wilhelmina Achterberg": "NAME", "97": "AGE_OVER_89"}


def test_table_longer_than_a_scan_piece_is_read_whole(detector_set: DetectorSet) -> None:
    """Rows past the piece a long text is scanned in still take their header's meaning."""
    rows = [f"QK{55120000 + i},{30000 + i}" for i in range(600)]
    text = "member_id,zip\n" + "\n".join(rows)
    assert len(text) > 8192
    found = _found(detector_set, text)
    assert found[f"QK{55120000 + 599}"] == "MEMBER_ID"
    assert found[f"{30000 + 599}"] == "ZIP"


def test_pipe_record_takes_the_id_that_leads_a_named_record(detector_set: DetectorSet) -> None:
    """record type | id | FAMILY^GIVEN: the id is an MRN; an HL7 segment id is not a type."""
    assert _found(detector_set, "dump|31-448120|OKONJO^ADA|F|1950")["31-448120"] == "MRN"
    assert "1448120" not in _found(detector_set, "MRG|1448120|SMITH^JO")


def test_x12_and_hl7_ids_by_qualifier_and_position(detector_set: DetectorSet) -> None:
    """NM1 with MI, REF with 1W: member ids; PV1-19: the visit (account) number."""
    x12 = "NM1*IL*1*DOE*JO****MI*XQ5512093~REF*1W*XQ5512094~"
    found = _found(detector_set, x12)
    assert found["XQ5512093"] == found["XQ5512094"] == "MEMBER_ID"
    pv1 = "PV1|1|I|W^1^A|||||||MED||||||||VN88412093|||"
    assert _found(detector_set, pv1)["VN88412093"] == "ACCOUNT"
    assert _found(detector_set, "PV1|1|I|W^1^A|||||||MED|||||||IP|||") == {}


def test_every_element_of_a_list_under_a_cue_key(detector_set: DetectorSet) -> None:
    """Each identifier-shaped string of a list under a cue key is found; other strings are not."""
    text = '{"serials": ["QK7731190T", "unknown", "RX4-1187-5530"], "count": 3}'
    found = _found(detector_set, text)
    assert found == {"QK7731190T": "LICENSE_OR_DEVICE_ID",
                     "RX4-1187-5530": "LICENSE_OR_DEVICE_ID"}
