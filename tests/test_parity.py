"""Parity: the same records through structlog, stdlib logging and ``phiguard scrub``."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import structlog
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN, HMAC_KEY, POLICY

from phiguard.cli import main as cli_main
from phiguard.integrations.logging import ScrubFilter
from phiguard.integrations.structlog import ScrubProcessor

RECORDS: list[tuple[str, dict[str, Any]]] = [
    (
        f"caller gave {CANARY_PHONE}",
        {
            "transcript": f"my ssn is {CANARY_SSN}",
            "duration_ms": 42,
            "tool_args": {"patient_name": "Jane Canary", "note": CANARY_OPAQUE},
            "recording_url": "https://storage.example.test/rec/call_1.wav",
            "caller_number": CANARY_PHONE,
            "api_key": "sk-proj-abcdefghijklmnopqrstuvwx",
            "custom_notes": f"email {CANARY_EMAIL}",
            "status": "completed",
        },
    ),
    ("call_ended", {"duration_ms": 48200, "turn_count": 14, "gen_ai.usage.input_tokens": 3120}),
    (f"lookup failed for {CANARY_EMAIL}", {"callers": {CANARY_PHONE: 1}, "retries": 2}),
]


def through_structlog(message: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The JSON line a real structlog pipeline renders."""
    buffer = io.StringIO()
    log = structlog.wrap_logger(
        structlog.PrintLogger(buffer),
        processors=[ScrubProcessor(POLICY), structlog.processors.JSONRenderer()],
    )
    log.info(message, **fields)
    out: dict[str, Any] = json.loads(buffer.getvalue())
    return out


class JSONFormatter(logging.Formatter):
    """Renders the message and every non-standard attribute, as JSON log formatters do."""

    standard = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
        "message",
        "taskName",
    }

    def format(self, record: logging.LogRecord) -> str:
        data = {"event": record.getMessage()}
        data.update({k: v for k, v in record.__dict__.items() if k not in self.standard})
        return json.dumps(data)


def through_logging(message: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What a handler with ScrubFilter and a JSON formatter writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(ScrubFilter(POLICY))
    logger = logging.getLogger("test.parity")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        logger.info(message, extra=fields)
    finally:
        logger.removeHandler(handler)
    out: dict[str, Any] = json.loads(stream.getvalue())
    return out


def through_cli(message: str, fields: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """What ``phiguard scrub --policy`` writes for the record as a JSON line."""
    policy = tmp_path / "policy.toml"
    lines = [f'hmac_key = "{HMAC_KEY}"']
    for name, ws in POLICY["workspaces"].items():
        lines.append(f'[workspaces.{name}]\nmode = "{ws["mode"]}"')
        if "retention_days" in ws:
            lines.append(f"retention_days = {ws['retention_days']}")
    policy.write_text("\n".join(lines) + "\n")
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"event": message, **fields}) + "\n")
    assert cli_main(["scrub", "--policy", str(policy), str(source), "-o", str(target)]) == 0
    out: dict[str, Any] = json.loads(target.read_text())
    return out


@pytest.mark.parametrize("workspace", ["ws_standard", "ws_redacted", "ws_zero"])
@pytest.mark.parametrize("index", range(len(RECORDS)))
def test_every_adapter_gives_the_same_record(workspace: str, index: int, tmp_path: Path) -> None:
    """structlog, stdlib logging and the CLI emit the same scrubbed record."""
    message, fields = RECORDS[index]
    fields = {"workspace_id": workspace, **fields}
    via_structlog = through_structlog(message, fields)
    assert through_logging(message, fields) == via_structlog
    assert through_cli(message, fields, tmp_path) == via_structlog
    if workspace == "ws_zero":
        rendered = json.dumps(via_structlog)
        for canary in (
            CANARY_OPAQUE,
            CANARY_SSN,
            CANARY_EMAIL,
            CANARY_PHONE,
            "Jane Canary",
            "sk-proj",
        ):
            assert canary not in rendered
