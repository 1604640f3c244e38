"""phiguard inside a real collector: SDK (no phiguard) -> OTLP -> rotel + phiguard -> receiver.

rotel runs ``phiguard/collector/rotel.py`` as its trace, log and metric processor. The
sending process imports only the OpenTelemetry SDK, so the collector is the only lock.
Everything listens on 127.0.0.1; rotel's readiness is its port answering, never its exit
code (it can exit 0 on a bad processor file).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from conftest import CANARY_EMAIL, CANARY_OPAQUE, CANARY_PHONE, CANARY_SSN
from otlp_receiver import HOST, OTLPReceiver

import phiguard.collector.rotel as rotel_processor

REPO = Path(__file__).resolve().parents[2]
PROCESSOR = Path(rotel_processor.__file__)
CANARIES = (CANARY_EMAIL, CANARY_SSN, CANARY_PHONE, CANARY_OPAQUE)

POLICY_TOML = """\
default_mode = "standard"
unknown_workspace_mode = "zero_retention"

[workspaces]
ws_standard = "standard"
ws_zero = "zero_retention"
"""

SENDER = textwrap.dedent(
    """
    import logging, sys
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
    from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
    from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter

    endpoint, email, ssn, phone, opaque = sys.argv[1:6]
    resource = Resource.create({"service.name": "voice-agent"})
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(
        SimpleSpanProcessor(OTLPSpanExporter(endpoint=endpoint, insecure=True)))
    tracer = tracer_provider.get_tracer("agent")
    with tracer.start_as_current_span(f"lookup {phone}") as span:
        span.set_attribute("transcript", f"my social is {ssn}")
        span.set_attribute("callerNumber", phone)
        span.set_attribute("app.note", opaque)
        span.set_attribute("gen_ai.usage.input_tokens", 42)
        span.set_attribute("call_id", "call_7f3a")
        span.add_event("stt.final", {"user_text": f"email me at {email}"})
    with tracer.start_as_current_span("standard turn") as span:
        span.set_attribute("workspace_id", "ws_standard")
        span.set_attribute("transcript", "what are your opening hours")

    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(
        SimpleLogRecordProcessor(OTLPLogExporter(endpoint=endpoint, insecure=True)))
    log = logging.getLogger("agent")
    log.propagate = False
    log.addHandler(LoggingHandler(logger_provider=logger_provider))
    log.warning(f"patient email is {email}", extra={"caller_number": phone, "duration_ms": 820})

    meter_provider = MeterProvider(resource=resource, metric_readers=[
        PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=endpoint, insecure=True),
                                      export_interval_millis=60_000)])
    meter = meter_provider.get_meter("agent")
    meter.create_counter("gen_ai.client.token.usage").add(
        7, {"gen_ai.request.model": "gpt-4o-mini", "caller_number": phone})
    meter.create_counter("calls_by_caller").add(1, {"caller": phone})
    meter_provider.shutdown()
    tracer_provider.shutdown()
    logger_provider.shutdown()
    assert "phiguard" not in sys.modules
    """
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.2):
            return True
    except OSError:
        return False


def _agent() -> Path:
    rotel = pytest.importorskip("rotel", reason="rotel is not installed")
    if sys.version_info[:2] != (3, 11) or not sys.platform.startswith("linux"):
        pytest.skip("rotel 0.0.1a15 embeds CPython 3.11: the processor imports this venv's re2")
    agent = Path(rotel.__file__).parent / "rotel-agent"
    if not agent.exists():
        pytest.skip("rotel-agent binary missing")
    return agent


@pytest.fixture
def rotel_collector(otlp_receiver: OTLPReceiver, tmp_path: Path) -> Iterator[int]:
    """rotel on free 127.0.0.1 ports with the phiguard processor, exporting to the receiver;
    yields its OTLP/gRPC port."""
    agent = _agent()
    policy = tmp_path / "phiguard.toml"
    policy.write_text(POLICY_TOML, encoding="utf-8")
    grpc_port, http_port = _free_port(), _free_port()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("ROTEL_", "OTEL_", "PHIGUARD_"))
    }
    # rotel's embedded interpreter sees the test interpreter's packages (phiguard, re2).
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["PHIGUARD_POLICY"] = str(policy)
    command = [
        str(agent), "start",
        "--otlp-grpc-endpoint", f"{HOST}:{grpc_port}",
        "--otlp-http-endpoint", f"{HOST}:{http_port}",
        "--exporter", "otlp",
        "--otlp-exporter-endpoint", otlp_receiver.grpc_endpoint,
        "--otlp-exporter-protocol", "grpc",
        "--batch-timeout", "50ms",
        "--pid-file", str(tmp_path / "rotel.pid"),
        "--log-file", str(tmp_path / "rotel.log"),
        "--otlp-with-trace-processor", str(PROCESSOR),
        "--otlp-with-logs-processor", str(PROCESSOR),
        "--otlp-with-metrics-processor", str(PROCESSOR),
    ]
    log = (tmp_path / "rotel.out").open("wb")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not _answers(grpc_port):
            if proc.poll() is not None or time.monotonic() > deadline:
                output = (tmp_path / "rotel.out").read_text(errors="replace")
                pytest.fail(f"rotel did not start listening: {output[-2000:]}")
            time.sleep(0.05)
        yield grpc_port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def test_rotel_with_phiguard_stops_canaries(
    rotel_collector: int, otlp_receiver: OTLPReceiver
) -> None:
    """No canary crosses rotel; safe spans, logs and metrics arrive with safe fields."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "PHIGUARD_"))}
    subprocess.run(
        [sys.executable, "-c", SENDER, f"http://{HOST}:{rotel_collector}", *CANARIES],
        env=env, check=True, timeout=60, cwd="/",
    )
    assert otlp_receiver.wait_for("traces", 2, timeout_s=20) >= 2
    assert otlp_receiver.wait_for("logs", 1, timeout_s=20) >= 1
    assert otlp_receiver.wait_for("metrics", 1, timeout_s=20) >= 1
    for canary in CANARIES:
        assert not otlp_receiver.contains(canary), canary
    assert not otlp_receiver.contains("013-4477")

    spans = {s["attributes"].get("phiguard.mode"): s for s in otlp_receiver.spans()}
    zero = spans["zero_retention"]
    assert zero["attributes"]["gen_ai.usage.input_tokens"] == 42
    assert zero["attributes"]["call_id"] == "call_7f3a"
    assert {"transcript", "callerNumber", "app.note"}.isdisjoint(zero["attributes"])
    assert zero["name"].startswith("lookup ")
    assert zero["events"][0]["name"] == "stt.final"
    assert zero["resource"]["service.name"] == "voice-agent"
    standard = spans["standard"]
    assert standard["attributes"]["transcript"] == "what are your opening hours"

    [record] = otlp_receiver.log_records()
    assert record["body"] == "patient email is <EMAIL>"
    assert record["attributes"]["duration_ms"] == 820
    assert "caller_number" not in record["attributes"]

    metrics = {m["name"]: m for m in otlp_receiver.metrics()}
    assert set(metrics) == {"gen_ai.client.token.usage"}
    [point] = metrics["gen_ai.client.token.usage"]["points"]
    assert point["attributes"] == {"gen_ai.request.model": "gpt-4o-mini"}


# ----------------------------------------------- the fail-closed wrapper, without rotel


def _load_processor(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """Load the processor file by path, as rotel does, under ``env``."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location("phiguard_rotel_under_test", PROCESSOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _span_batch(span: Any) -> Any:
    resource = SimpleNamespace(attributes=[])
    return SimpleNamespace(
        resource=resource, scope_spans=[SimpleNamespace(spans=[span])]
    )


def test_processor_exposes_every_entry_point() -> None:
    """The file rotel loads defines the entry point of each signal."""
    for name in rotel_processor.ENTRY_POINTS:
        assert callable(getattr(rotel_processor, name))


def test_bad_policy_drops_every_batch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy that does not load: the entry points exist and drop everything."""
    module = _load_processor(monkeypatch, PHIGUARD_POLICY="/nonexistent/phiguard.toml")
    assert not module.ready()
    assert "not ready" in capsys.readouterr().err
    batch = _span_batch(SimpleNamespace(attributes=[], name=CANARY_PHONE))
    module.process_spans(batch)
    assert batch.scope_spans == []
    logs = SimpleNamespace(resource=None, scope_logs=[object()])
    module.process_logs(logs)
    assert logs.scope_logs == []
    metrics = SimpleNamespace(resource=None, scope_metrics=[object()])
    module.process_metrics(metrics)
    assert metrics.scope_metrics == []


def test_error_inside_processing_drops_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception while scrubbing never reaches rotel: the batch is emptied instead."""
    module = _load_processor(monkeypatch, PHIGUARD_MODE="standard")
    assert module.ready()

    class Exploding:
        @property
        def attributes(self) -> Any:
            raise RuntimeError(CANARY_SSN)

    batch = _span_batch(Exploding())
    module.process_spans(batch)
    assert batch.scope_spans == []
