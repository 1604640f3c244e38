"""``phiguard scan``: real files (JSONL, text, gzip, OTLP-JSON), trees, malformed input."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN
from google.protobuf.json_format import MessageToDict
from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from phiguard._scan import mask
from phiguard.cli import main

#: Everything that must never be printed by scan, in full.
CANARIES = (CANARY_EMAIL, CANARY_PHONE, CANARY_SSN, CANARY_OPAQUE, "013-4477", "Jane Doe")

RECORD: dict[str, Any] = {
    "timestamp": "2025-07-14T09:30:00Z",
    "event": f"call from {CANARY_PHONE}",
    "transcript": f"my email is {CANARY_EMAIL}",
    "caller_number": CANARY_PHONE,
    "tool_args": {"patient_name": "Jane Doe", "reason": "follow-up"},
    "custom_note": CANARY_OPAQUE,
    "duration_ms": 120,
    "status": "ok",
}


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def scan_json(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, Any], str]:
    """Run ``phiguard scan --json ARGS``; return status, the parsed report and stderr."""
    status = main(["scan", "--json", *args])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def groups(report: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(g["path"], g["category"]): g["count"] for g in report["groups"]}


def assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


def test_jsonl_findings_by_key_path_and_category(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSONL is scanned field by field: detectors, field classes, nested keys."""
    path = jsonl(tmp_path / "app.jsonl", [RECORD, {"event": "turn", "duration_ms": 4}])
    status, report, _ = scan_json(capsys, str(path))
    assert status == 1
    found = groups(report)
    assert found[("event", "PHONE")] == 1
    assert found[("transcript", "EMAIL")] == 1
    assert found[("transcript", "field:content")] == 1
    assert found[("caller_number", "field:identifier")] == 1
    assert found[("tool_args", "field:tool_io")] == 1
    assert found[("tool_args.patient_name", "field:identifier")] == 1
    assert ("timestamp", "DATE") not in found  # a log timestamp is not PHI
    assert not any(path == "status" or path == "duration_ms" for path, _ in found)
    assert report["records"] == 2
    assert report["lines_with_phi"] == 1


def test_report_never_prints_the_phi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Neither the table nor --json holds a canary: only masked excerpts."""
    path = jsonl(tmp_path / "app.jsonl", [RECORD] * 3)
    assert main(["scan", str(path)]) == 1
    table = capsys.readouterr().out
    _, report, _ = scan_json(capsys, str(path))
    for text in (table, json.dumps(report)):
        assert_no_canary(text)
    assert "***) ***-4477" in table  # the masked excerpt of the phone number
    assert f"{path}:1" in table


def test_examples_are_bounded_per_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A group counts every finding but keeps at most three example locations."""
    path = jsonl(tmp_path / "app.jsonl", [RECORD] * 50)
    _, report, _ = scan_json(capsys, str(path))
    group = next(g for g in report["groups"] if g["path"] == "transcript")
    assert group["count"] == 50
    assert [e["line"] for e in group["examples"]] == [1, 2, 3]


def test_key_holding_phi_is_reported_by_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phone number used as a key is counted, and the path shows <PHONE>, not the number."""
    path = jsonl(tmp_path / "k.jsonl", [{"callers": {"+1 555 013 4477": {"calls": 2}}}])
    _, report, _ = scan_json(capsys, str(path))
    assert groups(report)[("callers.<PHONE>", "PHONE")] == 1
    assert "013 4477" not in json.dumps(report)


@pytest.mark.parametrize(
    "value",
    ["[REDACTED:content]", "phi_3fa94c0e", "<NAME>, <PHONE>", "***-***-4477"],
)
def test_phiguard_markers_are_not_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """Logs phiguard already scrubbed: markers under sensitive keys are not findings."""
    path = jsonl(tmp_path / "s.jsonl", [{"transcript": value, "caller_number": value}])
    status, report, _ = scan_json(capsys, str(path))
    assert (status, report["findings"]) == (0, 0)


def test_detectors_only_leaves_out_field_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--detectors-only: an opaque value under a sensitive key is not counted."""
    path = jsonl(tmp_path / "o.jsonl", [{"patient_name": CANARY_OPAQUE}])
    assert scan_json(capsys, str(path))[0] == 1
    status, report, _ = scan_json(capsys, "--detectors-only", str(path))
    assert (status, report["findings"]) == (0, 0)


def test_value_shapes_are_found_under_any_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A credential or a recording URL is found by shape under an unclassified key."""
    path = jsonl(
        tmp_path / "v.jsonl",
        [{"x": "sk-abcdefghijklmnopqrstuvwxyz12", "y": "see https://s.test/recordings/a.wav"}],
    )
    found = groups(scan_json(capsys, str(path))[1])
    assert found[("x", "SECRET")] == 1
    assert found[("y", "AUDIO")] == 1


def test_text_and_gzip_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Plain text lines are scanned with the detectors; gzip is read by content, not name."""
    text = f"2025-07-14 09:30:00,123 INFO booked for {CANARY_EMAIL}\nall good\n"
    (tmp_path / "app.log").write_text(text, encoding="utf-8")
    (tmp_path / "rotated.1").write_bytes(gzip.compress(text.encode()))
    status, report, _ = scan_json(capsys, str(tmp_path / "app.log"), str(tmp_path / "rotated.1"))
    assert status == 1
    assert groups(report) == {("(text line)", "EMAIL"): 2}
    assert report["text_lines"] == 4


def test_malformed_lines_are_counted_scanned_and_never_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a JSONL file, a broken line is counted, scanned as text and not printed."""
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"status": "ok"}) + "\n" + '{"transcript": "cut ' + CANARY_SSN + "\n[1, 2]\n",
        encoding="utf-8",
    )
    status, report, err = scan_json(capsys, str(path))
    assert status == 1
    assert report["malformed_lines"] == 2
    assert groups(report) == {("(malformed line)", "SSN"): 1}
    assert "2 malformed line(s)" in err
    assert_no_canary(err + json.dumps(report))


def test_directory_tree_is_scanned_recursively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Directories recurse; binary files are skipped; files are listed in sorted order."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    jsonl(tmp_path / "a" / "one.jsonl", [RECORD])
    jsonl(tmp_path / "a" / "b" / "two.jsonl", [{"status": "ok"}])
    (tmp_path / "a" / "b" / "audio.bin").write_bytes(b"\x00\x01" * 100)
    _, report, _ = scan_json(capsys, str(tmp_path))
    assert report["files"] == 3
    assert report["binary_files"] == [str(tmp_path / "a" / "b" / "audio.bin")]
    locations = {e["file"] for g in report["groups"] for e in g["examples"]}
    assert locations == {str(tmp_path / "a" / "one.jsonl")}


def test_clean_logs_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No findings: exit 0 and "no PHI found"."""
    path = jsonl(tmp_path / "c.jsonl", [{"event": "turn", "duration_ms": 3, "status": "ok"}])
    assert main(["scan", str(path)]) == 0
    assert "no PHI found" in capsys.readouterr().out


def test_fail_on_is_a_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--fail-on N: exit 1 only with more than N findings."""
    path = jsonl(tmp_path / "f.jsonl", [{"event": f"call from {CANARY_PHONE}"}] * 3)
    assert main(["scan", "--fail-on", "3", str(path)]) == 0
    assert main(["scan", "--fail-on", "2", str(path)]) == 1
    assert main(["scan", "--fail-on", "-1", str(path)]) == 2
    capsys.readouterr()


def test_unreadable_files_exit_2_and_the_rest_is_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing or unreadable file: a clear message, exit 2, other files still reported."""
    good = jsonl(tmp_path / "good.jsonl", [RECORD])
    locked = jsonl(tmp_path / "locked.jsonl", [RECORD])
    locked.chmod(0)
    missing = tmp_path / "missing.jsonl"
    try:
        status, report, err = scan_json(capsys, str(good), str(locked), str(missing))
    finally:
        locked.chmod(0o600)
    assert status == 2
    assert f"cannot read {missing}: no such file or directory" in err
    if os.geteuid() != 0:  # root reads anything
        assert f"cannot read {locked}" in err
    assert report["findings"] > 0


def test_corrupt_gzip_is_a_read_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A truncated gzip file is reported as unreadable (exit 2), not as a crash."""
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"status": "ok"}\n' * 100)[:30])
    status, report, err = scan_json(capsys, str(path))
    assert status == 2
    assert report["unreadable"][0]["file"] == str(path)
    assert "cannot read" in err


def _otlp_json_lines() -> list[str]:
    """Spans and logs encoded with the SDK's OTLP encoders, as OTLP-JSON (one per line)."""
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    with tracer_provider.get_tracer("t").start_as_current_span(f"call {CANARY_PHONE}") as span:
        span.set_attribute("gen_ai.input.messages", f"reach me at {CANARY_EMAIL}")
        span.set_attribute("gen_ai.usage.input_tokens", 12)
        span.add_event("stt", {"transcript": "hello"})
    logs = InMemoryLogRecordExporter()
    logger_provider = LoggerProvider()
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(logs))
    logger_provider.get_logger("t").emit(
        body=f"SSN on file {CANARY_SSN}", attributes={"caller_number": CANARY_PHONE}
    )
    lines = [
        json.dumps(MessageToDict(encode_spans(spans.get_finished_spans()))),
        json.dumps(MessageToDict(encode_logs(logs.get_finished_logs()))),
    ]
    tracer_provider.shutdown()
    logger_provider.shutdown()
    return lines


def test_otlp_json_from_the_sdk_encoders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OTLP-JSON (the Collector file exporter's format) is detected and scanned."""
    path = tmp_path / "otel.json"
    path.write_text("\n".join(_otlp_json_lines()) + "\n", encoding="utf-8")
    status, report, _ = scan_json(capsys, str(path))
    assert status == 1
    found = groups(report)
    assert found[("span.name", "PHONE")] == 1
    assert found[("span.attributes.gen_ai.input.messages", "EMAIL")] == 1
    assert found[("span.attributes.gen_ai.input.messages", "field:content")] == 1
    assert found[("span.events.attributes.transcript", "field:content")] == 1
    assert found[("log.body", "SSN")] == 1
    assert found[("log.attributes.caller_number", "field:identifier")] == 1
    assert not any("input_tokens" in p for p, _ in found)
    assert_no_canary(json.dumps(report))


def test_format_text_forces_text_scanning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format text scans JSON lines as text (no field classes)."""
    path = jsonl(tmp_path / "t.jsonl", [{"note": CANARY_EMAIL}])
    _, report, _ = scan_json(capsys, "--format", "text", str(path))
    assert groups(report) == {("(text line)", "EMAIL"): 1}


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a terminal: stderr stays empty on a clean scan."""
    path = jsonl(tmp_path / "c.jsonl", [{"status": "ok"}])
    assert main(["scan", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_help_says_what_a_finding_is(capsys: pytest.CaptureFixture[str]) -> None:
    """scan --help documents field:<class> and the exit statuses."""
    assert main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    assert "field:<class>" in out
    assert "exit status" in out


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("(555) 013-4477", "PHONE", "(***) ***-4477"),
        ("jane@example.com", "EMAIL", "****@*******.***"),
        ("Jane Doe", "NAME", "**** ***"),
        ("1984-03-03", "DATE", "****-**-**"),
    ],
)
def test_mask_keeps_at_most_a_numeric_suffix(text: str, category: str, expected: str) -> None:
    """Masked excerpts hide letters and digits, keeping four digits only for number labels."""
    assert mask(text, category) == expected
