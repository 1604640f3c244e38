"""The command line: ``phiguard scrub`` and ``phiguard demo``, in-process and as a process."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import structlog
from conftest import (
    CANARY_EMAIL,
    CANARY_OPAQUE,
    CANARY_PHONE,
    CANARY_SSN,
    HMAC_KEY,
    SCANNABLE_CANARIES,
)

import phiguard
from phiguard import _demo, cli
from phiguard.cli import main

REPO = Path(__file__).resolve().parent.parent
ALL_CANARIES = (*SCANNABLE_CANARIES, CANARY_OPAQUE)

#: One record with canaries under a content key, an identifier key, unknown keys and the
#: message; plus safe metadata.
RECORD: dict[str, Any] = {
    "event": f"call from {CANARY_PHONE}",
    "transcript": f"my email is {CANARY_EMAIL} and my SSN is {CANARY_SSN}",
    "caller_number": CANARY_PHONE,
    "custom_note": CANARY_OPAQUE,
    "my_app": {"nested_free_text": f"reach me at {CANARY_EMAIL}"},
    "duration_ms": 1234,
    "status": "ok",
}

POLICY_TOML = f"""
default_mode = "standard"
unknown_workspace_mode = "zero_retention"
hmac_key = "{HMAC_KEY}"
[workspaces.ws_standard]
mode = "standard"
[workspaces.ws_redacted]
mode = "redacted"
retention_days = 30
[workspaces.ws_zero]
mode = "zero_retention"
"""


@pytest.fixture
def hmac_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """An HMAC key in the environment, so ``hash`` works under ``--mode redacted``."""
    monkeypatch.setenv("PHIGUARD_HMAC_KEY", HMAC_KEY)


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def scrub_file(tmp_path: Path, data: bytes, *args: str) -> tuple[int, list[dict[str, Any]]]:
    """Run ``phiguard scrub ARGS in -o out`` in-process; return the status and output."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    status = main(["scrub", *args, str(src), "-o", str(dst)])
    return status, read_jsonl(dst) if dst.exists() else []


def run_process(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m phiguard ARGS`` as a separate process."""
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PHIGUARD_", "COLUMNS"))
    }
    full_env["PYTHONPATH"] = str(REPO)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "phiguard", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env=full_env,
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------------ scrub: modes


def test_scrub_zero_retention_lets_no_canary_out(tmp_path: Path) -> None:
    """Zero retention drops content, identifier and unknown keys and scans the message."""
    data = (json.dumps(RECORD) + "\n").encode()
    status, out = scrub_file(tmp_path, data, "--mode", "zero_retention")
    assert status == 0
    assert len(out) == 1
    text = json.dumps(out[0])
    for canary in ALL_CANARIES:
        assert canary not in text
    assert out[0]["duration_ms"] == 1234
    assert out[0]["status"] == "ok"
    assert out[0]["phiguard.mode"] == "zero_retention"
    assert "transcript" not in out[0]
    assert "caller_number" not in out[0]


def test_scrub_redacted_keeps_structure_without_phi(tmp_path: Path, hmac_env: None) -> None:
    """Redacted keeps every key, replaces PHI in text and hashes identifiers."""
    status, out = scrub_file(tmp_path, (json.dumps(RECORD) + "\n").encode(), "--mode", "redacted")
    assert status == 0
    record = out[0]
    assert set(RECORD) <= set(record)
    assert "nested_free_text" in record["my_app"]
    text = json.dumps(record)
    for canary in SCANNABLE_CANARIES:
        assert canary not in text
    assert record["caller_number"].startswith("phi_")
    assert "<EMAIL>" in record["transcript"]
    assert record["phiguard.mode"] == "redacted"


def test_scrub_standard_keeps_content(tmp_path: Path) -> None:
    """Standard keeps content, identifiers and unknown keys as they were."""
    status, out = scrub_file(tmp_path, (json.dumps(RECORD) + "\n").encode(), "--mode", "standard")
    assert status == 0
    record = out[0]
    assert record["transcript"] == RECORD["transcript"]
    assert record["custom_note"] == CANARY_OPAQUE
    assert record["phiguard.mode"] == "standard"


def test_scrub_policy_resolves_each_record_workspace(tmp_path: Path) -> None:
    """With --policy, each record is scrubbed under its own workspace; none -> unknown mode."""
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_TOML, encoding="utf-8")
    records = [
        {**RECORD, "workspace_id": "ws_standard"},
        {**RECORD, "workspace_id": "ws_redacted"},
        {**RECORD, "workspace_id": "ws_zero"},
        RECORD,
    ]
    data = write_jsonl(tmp_path / "records.jsonl", records).read_bytes()
    status, out = scrub_file(tmp_path, data, "--policy", str(policy))
    assert status == 0
    assert [r["phiguard.mode"] for r in out] == [
        "standard",
        "redacted",
        "zero_retention",
        "zero_retention",
    ]
    assert out[2]["workspace_id"] == "ws_zero"
    for record in out[2:]:
        assert not any(c in json.dumps(record) for c in ALL_CANARIES)


def test_scrub_workspace_option_is_the_fallback(tmp_path: Path) -> None:
    """--workspace applies to records that name no workspace, not to those that do."""
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_TOML, encoding="utf-8")
    data = write_jsonl(
        tmp_path / "r.jsonl", [RECORD, {**RECORD, "workspace_id": "ws_standard"}]
    ).read_bytes()
    status, out = scrub_file(
        tmp_path, data, "--policy", str(policy), "--workspace", "ws_redacted"
    )
    assert status == 0
    assert [r["phiguard.mode"] for r in out] == ["redacted", "standard"]
    assert out[0]["phiguard.retention_days"] == 30


def test_scrub_without_policy_or_mode_defaults_to_zero_retention(tmp_path: Path) -> None:
    """No --mode, no --policy, no environment: a record without workspace is zero retention."""
    status, out = scrub_file(tmp_path, (json.dumps(RECORD) + "\n").encode())
    assert status == 0
    assert out[0]["phiguard.mode"] == "zero_retention"
    assert not any(c in json.dumps(out[0]) for c in ALL_CANARIES)


def test_scrub_reads_phiguard_mode_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without options, PHIGUARD_MODE gives the single-tenant mode."""
    monkeypatch.setenv("PHIGUARD_MODE", "standard")
    status, out = scrub_file(tmp_path, (json.dumps(RECORD) + "\n").encode())
    assert status == 0
    assert out[0]["phiguard.mode"] == "standard"


# ------------------------------------------------------------------ scrub: odd lines


@pytest.mark.parametrize("mode", ["standard", "redacted", "zero_retention"])
def test_scrub_scans_non_json_lines_in_every_mode(tmp_path: Path, mode: str) -> None:
    """A line that is not JSON is scanned as text and marked, never passed through raw."""
    line = f"ERROR caller {CANARY_PHONE} email {CANARY_EMAIL} ssn {CANARY_SSN} {{broken"
    status, out = scrub_file(tmp_path, (line + "\n").encode(), "--mode", mode)
    assert status == 0
    assert len(out) == 1
    record = out[0]
    assert record["phiguard.parse_error"] is True
    assert record["phiguard.mode"] == mode
    assert record["message"].startswith("ERROR caller ")
    for canary in SCANNABLE_CANARIES:
        assert canary not in record["message"]


@pytest.mark.parametrize(
    ("mode", "expect_value"),
    [("standard", True), ("redacted", True), ("zero_retention", False)],
)
def test_scrub_wraps_non_object_json_as_value(
    tmp_path: Path, mode: str, expect_value: bool, hmac_env: None
) -> None:
    """JSON that is not an object is scrubbed as {"value": ...}: zero retention drops it."""
    lines = [["note", CANARY_EMAIL], f"call me at {CANARY_PHONE}", 42, None]
    data = "".join(json.dumps(x) + "\n" for x in lines).encode()
    status, out = scrub_file(tmp_path, data, "--mode", mode)
    assert status == 0
    assert len(out) == len(lines)
    assert all(r["phiguard.mode"] == mode for r in out)
    assert all(("value" in r) is expect_value for r in out)
    if mode != "standard":
        assert not any(c in json.dumps(out) for c in SCANNABLE_CANARIES)
    if expect_value:
        assert out[2]["value"] == 42


def test_scrub_skips_blank_lines(tmp_path: Path) -> None:
    """Empty and whitespace-only lines produce no output."""
    data = b'\n  \n{"status": "ok"}\r\n\t\n\n{"status": "done"}'
    status, out = scrub_file(tmp_path, data, "--mode", "standard")
    assert status == 0
    assert [r["status"] for r in out] == ["ok", "done"]


def test_scrub_replaces_invalid_utf8_and_never_echoes_raw_bytes(tmp_path: Path) -> None:
    """Undecodable bytes become U+FFFD; the output is valid UTF-8; canaries are still found."""
    data = (
        b'{"status": "caf\xe9", "event": "hi \xff"}\n'
        b"\xff\xfe not json " + CANARY_SSN.encode() + b" \xc3\x28\n"
    )
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    assert main(["scrub", "--mode", "standard", str(src), "-o", str(dst)]) == 0
    raw = dst.read_bytes()
    text = raw.decode("utf-8")  # strict: raises if any invalid byte was echoed
    out = [json.loads(line) for line in text.splitlines()]
    assert out[0]["status"] == "caf\ufffd"
    assert out[1]["phiguard.parse_error"] is True
    assert "\ufffd" in out[1]["message"]
    assert CANARY_SSN not in text


def test_scrub_writes_lone_surrogates_as_json_escapes(tmp_path: Path) -> None:
    """A "\\ud800" escape in the input comes out as the same escape, still valid UTF-8."""
    status, out = scrub_file(
        tmp_path, b'{"status": "x\\ud800y"}\n', "--mode", "standard"
    )
    assert status == 0
    assert out[0]["status"] == "x\ud800y"


def test_scrub_strips_a_byte_order_mark(tmp_path: Path) -> None:
    """A UTF-8 BOM before the first record does not turn it into a parse error."""
    status, out = scrub_file(tmp_path, b'\xef\xbb\xbf{"status": "ok"}\n', "--mode", "standard")
    assert status == 0
    assert out[0]["status"] == "ok"
    assert "phiguard.parse_error" not in out[0]


def test_scrub_replaces_an_overlong_line_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line over the limit becomes an error marker; the lines after it are still scrubbed."""
    monkeypatch.setattr(cli, "MAX_LINE_BYTES", 64)
    long_line = json.dumps({"transcript": f"{CANARY_EMAIL} " * 40})
    data = f'{long_line}\n{{"status": "after"}}\n'.encode()
    status, out = scrub_file(tmp_path, data, "--mode", "standard")
    assert status == 0
    assert out[0]["phiguard.error"] == "line_too_long"
    assert CANARY_EMAIL not in json.dumps(out[0])
    assert out[1]["status"] == "after"


def test_scrub_streams_a_large_input(tmp_path: Path) -> None:
    """50,000 lines in give 50,000 lines out, read and written line by line."""
    n = 50_000
    src, dst = tmp_path / "big.jsonl", tmp_path / "big.out.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"event": "turn", "turn_count": i, "transcript": "hello"}) + "\n")
    assert main(["scrub", "--mode", "zero_retention", str(src), "-o", str(dst)]) == 0
    count = 0
    with dst.open(encoding="utf-8") as fh:
        for count, line in enumerate(fh, start=1):  # noqa: B007 - the count is the point
            pass
    assert count == n
    assert json.loads(line)["turn_count"] == n - 1


# ------------------------------------------------------------- scrub: stdin and stdout


def test_scrub_filters_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without INPUT and OUTPUT (or with '-'), scrub reads stdin and writes stdout."""
    data = (json.dumps(RECORD) + "\nplain text " + CANARY_EMAIL + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["scrub", "--mode", "zero_retention", "-", "-o", "-"]) == 0
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == 2
    assert not any(c in captured.out for c in ALL_CANARIES)
    assert captured.err == ""


def test_scrub_as_a_process_filters_stdin_to_stdout() -> None:
    """`python -m phiguard scrub` works as a pipe filter in its own process."""
    data = (json.dumps(RECORD) + "\nnot json " + CANARY_PHONE + "\n").encode()
    proc = run_process("scrub", "--mode", "zero_retention", stdin=data)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert len(text.splitlines()) == 2
    assert not any(c in text for c in ALL_CANARIES)


def test_scrub_stats_prints_counts_not_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--stats writes one summary line of counts to stderr, without any canary."""
    data = (json.dumps(RECORD) + "\n\nnot json " + CANARY_EMAIL + "\n[1]\n").encode()
    status, _ = scrub_file(tmp_path, data, "--mode", "zero_retention", "--stats")
    assert status == 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "4 lines read" in err
    assert "1 blank skipped" in err
    assert "1 not JSON" in err
    assert "1 JSON non-objects" in err
    assert not any(c in err for c in ALL_CANARIES)


def test_scrub_prints_no_stats_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --stats, a clean run writes nothing to stderr."""
    status, _ = scrub_file(tmp_path, b'{"status": "ok"}\n', "--mode", "zero_retention")
    assert status == 0
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- scrub: warnings


def test_scrub_warns_once_on_stderr_when_hash_has_no_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--mode redacted without an HMAC key: one plain warning line, identifiers redacted."""
    status, out = scrub_file(tmp_path, (json.dumps(RECORD) + "\n").encode(), "--mode", "redacted")
    assert status == 0
    assert out[0]["caller_number"] == "[REDACTED:identifier]"
    err = capsys.readouterr().err
    assert err.count("phiguard: warning:") == 1
    assert "HMAC" in err


def test_scrub_does_not_warn_about_hash_a_mode_cannot_reach(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--mode zero_retention never hashes, so the missing HMAC key is not worth a warning."""
    status, _ = scrub_file(tmp_path, b'{"status": "ok"}\n', "--mode", "zero_retention")
    assert status == 0
    assert capsys.readouterr().err == ""


# -------------------------------------------------------------------- scrub: errors


def test_scrub_mode_and_policy_are_mutually_exclusive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Giving both --mode and --policy is a usage error (exit 2)."""
    policy = tmp_path / "p.toml"
    policy.write_text(POLICY_TOML, encoding="utf-8")
    status = main(["scrub", "--mode", "redacted", "--policy", str(policy)])
    assert status == 2
    assert "not allowed with" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[workspaces.ws_9]\nmode = "hipa"\n', "workspaces.ws_9.mode: unknown mode 'hipa'"),
        ('default_mode = "standard"\nbogus = 1\n', "bogus: unknown key"),
        ("default_mode = \n", "invalid TOML"),
        ('hmac_key = "short"\n', "hmac_key: HMAC key is 5 bytes"),
    ],
)
def test_scrub_bad_policy_exits_2_naming_the_file_and_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    """An invalid policy file: exit 2, `phiguard: <file>: <key path>: <reason>` on stderr."""
    policy = tmp_path / "bad.toml"
    policy.write_text(content, encoding="utf-8")
    status, out = scrub_file(tmp_path, b'{"status": "ok"}\n', "--policy", str(policy))
    assert status == 2
    assert out == []
    err = capsys.readouterr().err
    assert err.startswith(f"phiguard: {policy}: ")
    assert expected in err


def test_scrub_missing_policy_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy path that does not exist: exit 2 with the path in the message."""
    missing = tmp_path / "nope.toml"
    assert main(["scrub", "--policy", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "not found" in err


def test_scrub_bad_policy_from_environment_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad policy named by PHIGUARD_POLICY is reported with its path, exit 2."""
    policy = tmp_path / "env.toml"
    policy.write_text('default_mode = "hipa"\n', encoding="utf-8")
    monkeypatch.setenv("PHIGUARD_POLICY", str(policy))
    assert main(["scrub"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"phiguard: {policy}: default_mode: unknown mode")


def test_scrub_bad_policy_as_a_process_exits_2() -> None:
    """The process exit status and stderr carry the policy error."""
    proc = run_process("scrub", "--policy", "does/not/exist.toml", stdin=b"{}\n")
    assert proc.returncode == 2
    assert b"does/not/exist.toml" in proc.stderr
    assert proc.stdout == b""


@pytest.mark.parametrize("make_input", ["missing", "directory"])
def test_scrub_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_input: str
) -> None:
    """An input file that cannot be opened or read: exit 2 with a clear message."""
    src = tmp_path / "input"
    if make_input == "directory":
        src.mkdir()
    status = main(["scrub", "--mode", "standard", str(src), "-o", str(tmp_path / "o")])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("phiguard: ")
    assert str(src) in err or "I/O error" in err


def test_scrub_refuses_to_overwrite_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OUTPUT the same file as INPUT: exit 2, and the input is left intact."""
    src = tmp_path / "same.jsonl"
    src.write_text('{"status": "ok"}\n', encoding="utf-8")
    assert main(["scrub", "--mode", "standard", str(src), "-o", str(src)]) == 2
    assert src.read_text(encoding="utf-8") == '{"status": "ok"}\n'
    assert "input file" in capsys.readouterr().err


# ---------------------------------------------------------------- help and version


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints `phiguard <version>` and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"phiguard {phiguard.__version__}"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--help"], "scrub"),
        (["scrub", "--help"], "not JSON"),
        (["demo", "--help"], "synthetic"),
    ],
)
def test_help_documents_each_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """Each command has --help text that exits 0."""
    assert main(argv) == 0
    assert expected in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """`phiguard` alone prints usage to stderr and exits 2."""
    assert main([]) == 2
    assert "usage: phiguard" in capsys.readouterr().err


def test_unknown_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A --mode outside the three modes is rejected by the parser (exit 2)."""
    assert main(["scrub", "--mode", "hipa"]) == 2
    assert "invalid choice" in capsys.readouterr().err


# ------------------------------------------------------------------------------ demo

#: Substrings of the demo caller's PHI that must not appear in zero-retention output.
DEMO_CANARIES = (
    "Marisol",
    "Quintero",
    "quintero",
    "013-4477",
    "0134477",
    "013 4477",
    _demo.CALLER_EMAIL,
    _demo.CALLER_DOB,
    "call_123.wav",
    "demo_not_a_real_token",
)


def test_demo_runs_and_shows_all_three_modes(capsys: pytest.CaptureFixture[str]) -> None:
    """`phiguard demo` exits 0 and its output names each mode, a legend and a summary."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for mode in ("standard", "redacted", "zero_retention"):
        assert mode in out
    assert "Modes" in out
    assert "Summary" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_demo_zero_retention_lets_no_canary_out(capsys: pytest.CaptureFixture[str]) -> None:
    """`phiguard demo --mode zero_retention` shows none of the caller's PHI."""
    assert main(["demo", "--mode", "zero_retention"]) == 0
    out = capsys.readouterr().out
    assert "zero_retention" in out
    assert "[standard]" not in out
    assert "[redacted]" not in out
    for canary in DEMO_CANARIES:
        assert canary not in out


def test_demo_raw_lines_are_the_sinks_scrubbed_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--raw prints every captured line; in zero retention each is labelled and canary-free."""
    assert main(["demo", "--raw", "--mode", "zero_retention"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * len(_demo.STEPS)
    for line in lines:
        mode, sink, payload = line.split("\t")
        assert (mode, sink in _demo.SINKS) == ("zero_retention", True)
        assert json.loads(payload)["phiguard.mode"] == "zero_retention"
        assert not any(c in payload for c in DEMO_CANARIES)


def test_demo_standard_shows_what_the_other_modes_remove(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The standard mode's view does contain the caller's PHI: the demo has teeth."""
    assert main(["demo", "--raw", "--mode", "standard"]) == 0
    out = capsys.readouterr().out
    assert _demo.CALLER_NAME in out
    assert _demo.CALLER_EMAIL in out


@pytest.mark.parametrize(("columns", "marker"), [("160", "│"), ("80", "[zero_retention]")])
def test_demo_uses_columns_only_when_the_terminal_is_wide(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    columns: str,
    marker: str,
) -> None:
    """Side-by-side columns on a wide terminal, stacked sections with headers otherwise."""
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert marker in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("no_color", "coloured"), [(False, True), (True, False)])
def test_demo_colours_a_terminal_unless_no_color(
    monkeypatch: pytest.MonkeyPatch, no_color: bool, coloured: bool
) -> None:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    out = _FakeTerminal()
    _demo.run(out)
    assert ("\x1b[" in out.getvalue()) is coloured


def test_demo_leaves_global_logging_configuration_alone() -> None:
    """Running the demo changes neither structlog's configuration nor the root logger."""
    before_struct = structlog.get_config()
    before_handlers = list(logging.getLogger().handlers)
    _demo.run(io.StringIO())
    assert structlog.get_config() == before_struct
    assert logging.getLogger().handlers == before_handlers


def test_demo_as_a_process_exits_0() -> None:
    """`python -m phiguard demo` runs in its own process and exits 0."""
    proc = run_process("demo", env={"COLUMNS": "140"})
    assert proc.returncode == 0, proc.stderr
    assert b"zero_retention" in proc.stdout
    assert proc.stderr == b""


def test_collector_config_command_renders_the_policy(tmp_path: Path) -> None:
    """`phiguard collector-config -o FILE` writes the rendered config; a bad policy exits 2."""
    from phiguard.collector import render_collector_config

    out = tmp_path / "otel-collector.yaml"
    policy = tmp_path / "p.toml"
    policy.write_text('[detectors.custom.ticket]\npattern = "TK-[0-9]{6}"\nlabel = "TICKET"\n')
    assert main(["collector-config", "--policy", str(policy), "-o", str(out)]) == 0
    text = out.read_text()
    assert text == render_collector_config(phiguard.load_policy(policy))
    assert "TK-[0-9]{6}" in text
    bad = tmp_path / "bad.toml"
    bad.write_text('default_mode = "hipa"\n')
    assert main(["collector-config", "--policy", str(bad)]) == 2
