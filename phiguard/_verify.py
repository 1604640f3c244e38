"""``phiguard verify``: canary PHI through a service's configured pipelines, in every mode.

The check is behavioural: it captures what the service's own structlog chain, logging
handlers and OpenTelemetry exporters would emit (see :mod:`phiguard._capture`), and a canary
that the record's mode must remove counts as a leak wherever it turns up. Which canaries a
mode must remove is decided by the engine itself: the canary record is scrubbed under the
mode, and whatever the engine takes out must not reach any sink. One structural check is
added, because its symptom can hide: a ``ScrubProcessor`` after the structlog renderer.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

from phiguard._capture import (
    LOGGING,
    LOGS,
    METRICS,
    TRACES,
    Capture,
    find_needles,
)
from phiguard._engine.context import bind_workspace
from phiguard._engine.scrubber import Scrubber
from phiguard.errors import PhiguardError
from phiguard.policy import Mode, Policy

__all__ = [
    "CANARY_RECORD",
    "CHANNELS",
    "AppError",
    "Leak",
    "Scenario",
    "VerifyResult",
    "default_setup",
    "load_app",
    "verify",
]

CHANNELS: Final = ("structlog", "logging", "otel traces", "otel logs", "otel metrics")
UNLISTED_WORKSPACE: Final = "phiguard-verify-unlisted-workspace"


class AppError(PhiguardError):
    """``--app`` could not be imported or called."""


# --------------------------------------------------------------------------------- canaries

# Synthetic canaries, one set per position, so a leak names the position it came from.
# Written forms the detectors find (for positions the mode scans) and opaque strings that
# only key-based classification can stop (for positions it drops, hashes or redacts).
_CANARIES: Final[Mapping[str, str]] = {
    "message.email": "verify.message@example.com",
    "message.phone": "(555) 013-4401",
    "content.email": "verify.transcript@example.com",
    "content.ssn": "123-45-6702",
    "content.opaque": "opaque-canary-content-Zephyrine",
    "tool_io.email": "verify.tool@example.com",
    "tool_io.opaque": "opaque-canary-tool-Quillon",
    "audio.url": "https://storage.example-voice.test/recordings/verify_canary.wav",
    "identifier.phone": "+1-555-013-4403",
    "identifier.opaque": "opaque-canary-patient-Marvolo",
    "secret.token": "sk-phiguardverifycanary0000000000",
    "unknown.email": "verify.unknown@example.com",
    "unknown.opaque": "opaque-canary-unknown-Tamsin",
    "exception.email": "verify.exception@example.com",
}

CANARY_MESSAGE: Final = (
    f"booked for {_CANARIES['message.email']} at {_CANARIES['message.phone']}"
)
CANARY_EXCEPTION: Final = f"no patient with email {_CANARIES['exception.email']}"

CANARY_RECORD: Final[Mapping[str, Any]] = {
    "transcript": f"my email is {_CANARIES['content.email']} and my SSN is "
    f"{_CANARIES['content.ssn']}; {_CANARIES['content.opaque']}",
    "tool_args": {"query": f"reschedule {_CANARIES['tool_io.email']}",
                  "slot": _CANARIES["tool_io.opaque"]},
    "recording_url": _CANARIES["audio.url"],
    "caller_number": _CANARIES["identifier.phone"],
    "patient_name": _CANARIES["identifier.opaque"],
    "api_key": _CANARIES["secret.token"],
    "app_note": f"contact {_CANARIES['unknown.email']} {_CANARIES['unknown.opaque']}",
    "duration_ms": 1234,
}
"""The structured fields logged in every channel (tool arguments as JSON text in OTel)."""


def _otel_attributes(workspace: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in CANARY_RECORD.items()
    }
    if workspace is not None:
        out["workspace_id"] = workspace
    return out


# --------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Scenario:
    """One mode to check, and the workspace bound to get it (``None``: none bound)."""

    mode: Mode
    workspace: str | None

    @property
    def label(self) -> str:
        """``zero_retention`` or ``zero_retention (no workspace)``."""
        if self.workspace is None:
            return f"{self.mode.value} (no workspace)"
        if self.workspace == UNLISTED_WORKSPACE:
            return f"{self.mode.value} (unlisted workspace)"
        return f"{self.mode.value} ({self.workspace})"


@dataclass(frozen=True, slots=True)
class Leak:
    """A canary the mode must remove, captured at a sink. Never holds the canary."""

    channel: str
    mode: str
    sink: str
    key: str
    canary: str  # the canary's position, e.g. ``content.email``; never its value


@dataclass
class VerifyResult:
    """The outcome of :func:`verify`.

    Attributes:
        scenarios: The modes checked.
        cells: ``(channel, scenario label) -> "pass" | "FAIL" | "not configured"``.
        leaks: Every leak found.
        problems: Misconfigurations found by inspection.
        sinks: The sinks captured, by kind.
        notes: What verify could not check.
    """

    scenarios: list[Scenario] = field(default_factory=list)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    leaks: list[Leak] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sinks: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No leak and no misconfiguration."""
        return not self.leaks and not self.problems

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view: the table, the leaks and problems (no canary values)."""
        return {
            "passed": self.passed,
            "modes": [s.label for s in self.scenarios],
            "table": {
                channel: {s.label: self.cells.get((channel, s.label)) for s in self.scenarios}
                for channel in CHANNELS
            },
            "leaks": [
                {"channel": x.channel, "mode": x.mode, "sink": x.sink, "key": x.key,
                 "canary": x.canary}
                for x in self.leaks
            ],
            "problems": self.problems,
            "sinks": self.sinks,
            "notes": self.notes,
        }

    def print(self, out: TextIO) -> None:
        """Write the pass/fail table, then where each leak was found."""
        labels = [s.label for s in self.scenarios]
        heads = [s.mode.value for s in self.scenarios]
        width = max(len(c) for c in CHANNELS)
        cols = [max(len(h), 14) for h in heads]
        out.write("phiguard verify: canary PHI through each channel, in each mode\n")
        out.write("".join(f"  {label}\n" for label in labels) + "\n")
        out.write(
            "channel".ljust(width)
            + "".join("  " + h.ljust(w) for h, w in zip(heads, cols, strict=True)).rstrip()
            + "\n"
        )
        for channel in CHANNELS:
            cells = [self.cells.get((channel, label), "-") for label in labels]
            out.write(
                (channel.ljust(width)
                 + "".join("  " + c.ljust(w) for c, w in zip(cells, cols, strict=True))).rstrip()
                + "\n"
            )
        if self.problems:
            out.write("\nmisconfigurations:\n")
            for problem in self.problems:
                out.write(f"  - {problem}\n")
        if self.leaks:
            out.write(f"\nleaks ({len(self.leaks)}): channel, mode, sink, key, canary position\n")
            for leak in _dedupe(self.leaks):
                out.write(
                    f"  - {leak.channel} | {leak.mode} | {leak.sink} | {leak.key} | "
                    f"{leak.canary}\n"
                )
        for note in self.notes:
            out.write(f"note: {note}\n")
        verdict = "PASS: no canary left the process where its mode forbids it" if (
            self.passed
        ) else "FAIL"
        out.write(f"\n{verdict}\n")


def _dedupe(leaks: Sequence[Leak]) -> list[Leak]:
    return list(dict.fromkeys(leaks))


# --------------------------------------------------------------------------------- the app


def load_app(spec: str) -> Callable[[], Any]:
    """Import ``MODULE:CALLABLE``.

    Raises:
        AppError: Malformed spec, import failure, or not a callable.
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise AppError(f"--app {spec!r}: expected MODULE:CALLABLE, e.g. myservice.telemetry:setup")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise AppError(f"--app {spec!r}: cannot import {module_name}: {exc!r}") from exc
    target: Any = module
    for part in attr.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise AppError(f"--app {spec!r}: {module_name} has no attribute {attr!r}")
    if not callable(target):
        raise AppError(f"--app {spec!r}: {attr} is not callable")
    return target  # type: ignore[no-any-return]


@dataclass
class _Targets:
    tracer_provider: Any = None
    logger_provider: Any = None
    meter_provider: Any = None
    structlog_logger: Any = None
    loggers: list[logging.Logger] = field(default_factory=list)
    owned: list[Any] = field(default_factory=list)


def _targets(returned: Any) -> _Targets:
    """Interpret what the setup callable returned (see ``phiguard verify --help``)."""
    from opentelemetry.sdk._logs import LoggerProvider
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.trace import TracerProvider

    targets = _Targets()
    items: list[Any]
    if isinstance(returned, Mapping):
        targets.structlog_logger = returned.get("structlog")
        targets.loggers = list(returned.get("loggers") or ())
        items = [returned.get(k) for k in ("tracer_provider", "logger_provider", "meter_provider")]
    elif isinstance(returned, (tuple, list)):
        items = list(returned)
    else:
        items = [returned]
    for item in items:
        if isinstance(item, TracerProvider):
            targets.tracer_provider = item
        elif isinstance(item, LoggerProvider):
            targets.logger_provider = item
        elif isinstance(item, MeterProvider):
            targets.meter_provider = item
    if returned is None or not any(
        (targets.tracer_provider, targets.logger_provider, targets.meter_provider)
    ):
        from opentelemetry import _logs, metrics, trace

        targets.tracer_provider = targets.tracer_provider or _sdk(trace.get_tracer_provider())
        targets.logger_provider = targets.logger_provider or _sdk(_logs.get_logger_provider())
        targets.meter_provider = targets.meter_provider or _sdk(metrics.get_meter_provider())
    return targets


def _sdk(provider: Any) -> Any:
    """The provider if it is an SDK one (a no-op or proxy provider emits nothing)."""
    return provider if type(provider).__module__.startswith("opentelemetry.sdk") else None


def default_setup(policy: Policy | Scrubber) -> Callable[[], Any]:
    """phiguard's documented setup, for ``verify`` without ``--app``.

    A structlog chain with :func:`~phiguard.integrations.structlog.add_scrub_processor`, a
    stdlib logger whose handler carries :class:`~phiguard.integrations.logging.ScrubFilter`,
    and the providers of :func:`~phiguard.integrations.otel.configure` (not installed
    globally; their exporters are replaced before anything is exported).
    """

    def setup() -> dict[str, Any]:
        import structlog

        from phiguard.integrations.logging import ScrubFilter
        from phiguard.integrations.otel import configure
        from phiguard.integrations.structlog import add_scrub_processor

        bound = structlog.wrap_logger(
            structlog.PrintLogger(),
            processors=add_scrub_processor(
                [
                    structlog.contextvars.merge_contextvars,
                    structlog.processors.add_log_level,
                    structlog.processors.format_exc_info,
                    structlog.processors.JSONRenderer(),
                ],
                policy,
            ),
            context_class=dict,
            cache_logger_on_first_use=False,
        )
        handler = logging.StreamHandler()
        handler.addFilter(ScrubFilter(policy))
        std = logging.Logger("phiguard.verify.default", logging.INFO)
        std.propagate = False
        std.addHandler(handler)
        providers = configure(policy, set_global=False)
        return {
            "structlog": bound,
            "loggers": [std],
            "tracer_provider": providers.tracer_provider,
            "logger_provider": providers.logger_provider,
            "meter_provider": providers.meter_provider,
            "_owned": providers,
        }

    return setup


# --------------------------------------------------------------------------------- verify


def scenarios(policy: Policy) -> list[Scenario]:
    """One scenario per mode a record can get under ``policy``.

    The unknown-workspace mode is checked with no workspace bound; every other mode with a
    listed workspace of that mode, or an unlisted one for ``default_mode``.
    """
    out = [Scenario(policy.unknown_workspace_mode, None)]
    covered = {policy.unknown_workspace_mode}
    for mode in Mode:
        if mode in covered:
            continue
        listed = next((ws for ws, s in policy.workspaces.items() if s.mode is mode), None)
        if listed is not None:
            out.append(Scenario(mode, listed))
            covered.add(mode)
        elif policy.default_mode is mode:
            out.append(Scenario(mode, UNLISTED_WORKSPACE))
            covered.add(mode)
    order = list(Mode)
    return sorted(out, key=lambda s: order.index(s.mode))


def _must_remove(scrubber: Scrubber, scenario: Scenario) -> dict[str, str]:
    """Canaries (position -> value) the engine removes in this scenario's mode."""
    settings = scrubber.policy.settings_for(scenario.workspace)
    record = {"event": CANARY_MESSAGE, "exception": CANARY_EXCEPTION, **CANARY_RECORD}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = scrubber.scrub(record, settings=settings, message_keys=("event", "exception"))
    text = json.dumps(out.record, default=str, ensure_ascii=False)
    return {pos: value for pos, value in _CANARIES.items() if value not in text}


def verify(
    policy: Policy | Mapping[str, Any] | str | None,
    setup: Callable[[], Any] | None = None,
    *,
    restore: bool = True,
) -> VerifyResult:
    """Run the pre-launch check.

    Args:
        policy: The policy the service uses (anything :func:`~phiguard.load_policy` takes).
        setup: The service's logging/telemetry setup (the ``--app`` contract); ``None`` for
            :func:`default_setup`.
        restore: Undo the capture afterwards (in-process callers); the command line keeps it,
            so nothing captured is exported at interpreter exit.

    Raises:
        AppError: ``setup`` raised.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scrubber = Scrubber(policy)
    setup = setup or default_setup(scrubber)
    with _restoring_logging_config() as _:
        before = {name: lg.handlers[:] for name, lg in _loggers()}
        try:
            returned = setup()
        except Exception as exc:
            raise AppError(f"the setup callable raised {exc!r}") from exc
        targets = _targets(returned)
        # Named loggers the setup gave handlers of their own are logged through too (not
        # third-party loggers that had handlers before, such as a library's diagnostics).
        targets.loggers.extend(
            lg for name, lg in _loggers()
            if name and lg.handlers and lg.handlers != before.get(name)
            and not name.startswith(("opentelemetry", "phiguard")) and lg not in targets.loggers
        )
        owned = returned.get("_owned") if isinstance(returned, Mapping) else None
        capture = Capture()
        result = VerifyResult(scenarios=scenarios(scrubber.policy))
        try:
            _run(scrubber, targets, capture, result)
        finally:
            if owned is not None:
                owned.shutdown()  # while still captured: nothing reaches a real exporter
            if restore:
                capture.restore()
    result.sinks = capture.sinks
    result.notes.extend(capture.notes)
    return result


def _loggers() -> list[tuple[str, logging.Logger]]:
    """The root (named ``""``) and every registered logger."""
    return [("", logging.getLogger())] + [
        (name, lg) for name, lg in list(logging.Logger.manager.loggerDict.items())
        if isinstance(lg, logging.Logger)
    ]


@contextmanager
def _restoring_logging_config() -> Iterator[None]:
    """Put structlog's configuration and stdlib handlers back after an in-process run."""
    import structlog

    struct_config = structlog.get_config()
    struct_configured = structlog.is_configured()
    saved = {
        name: (lg.handlers[:], lg.filters[:], lg.level, lg.propagate, lg.disabled)
        for name, lg in _loggers()
    }
    try:
        yield
    finally:
        if struct_configured:
            structlog.configure(**struct_config)
        else:
            structlog.reset_defaults()
        for name, lg in _loggers():
            if name in saved:
                handlers, filters, level, propagate, disabled = saved[name]
            else:
                handlers, filters, level, propagate, disabled = [], [], logging.NOTSET, True, False
            lg.handlers[:] = handlers
            lg.filters[:] = filters
            lg.setLevel(level)
            lg.propagate, lg.disabled = propagate, disabled


def _run(scrubber: Scrubber, targets: _Targets, capture: Capture, result: VerifyResult) -> None:
    import structlog

    # Structure: a ScrubProcessor after the renderer scrubs a rendered line, which it can
    # only do for JSON, and loses the event's structure; say so even if nothing leaked.
    chain = (
        getattr(targets.structlog_logger, "_processors", None)
        if targets.structlog_logger is not None
        else structlog.get_config()["processors"]
    )
    if targets.structlog_logger is not None or structlog.is_configured():
        problem = _scrub_processor_placement(list(chain or ()))
        if problem:
            result.problems.append(problem)

    struct_on = targets.structlog_logger is not None or structlog.is_configured()
    tapped_struct = capture.tap_structlog(targets.structlog_logger) if struct_on else False
    capture.tap_logging(targets.loggers)
    for provider in (targets.tracer_provider, targets.logger_provider, targets.meter_provider):
        if provider is not None:
            capture.tap_provider(provider)
    std_on = bool(capture.sinks.get(LOGGING)) or bool(capture.sinks.get(LOGS))
    configured = {
        "structlog": struct_on and (tapped_struct or std_on),
        "logging": std_on,
        "otel traces": targets.tracer_provider is not None and bool(capture.sinks.get(TRACES)),
        "otel logs": targets.logger_provider is not None and bool(capture.sinks.get(LOGS)),
        "otel metrics": targets.meter_provider is not None and bool(capture.sinks.get(METRICS)),
    }
    emitters: dict[str, Callable[[Scenario], None]] = {
        "structlog": lambda s: _emit_structlog(targets),
        "logging": lambda s: _emit_logging(targets),
        "otel traces": lambda s: _emit_span(targets, s),
        "otel logs": lambda s: _emit_otel_log(targets, s),
        "otel metrics": lambda s: _emit_metric(targets, s),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for scenario in result.scenarios:
            must_remove = _must_remove(scrubber, scenario)
            needles = list(must_remove.values())
            position = {v: k for k, v in must_remove.items()}
            for channel in CHANNELS:
                key = (channel, scenario.label)
                if not configured[channel]:
                    result.cells[key] = "not configured"
                    continue
                capture.take()
                try:
                    with _bound(scenario.workspace):
                        emitters[channel](scenario)
                except Exception as exc:  # the service's pipeline raised into the caller
                    result.problems.append(
                        f"{channel} ({scenario.label}): logging the canary raised {exc!r}"
                    )
                capture.flush()
                leaks = [
                    Leak(channel, scenario.mode.value, output.name, where, position[needle])
                    for output in capture.take()
                    for where, needle in find_needles(output, needles)
                ]
                result.leaks.extend(leaks)
                result.cells[key] = f"FAIL ({len(leaks)})" if leaks else "pass"
    for warning in caught:
        if "rendered string" in str(warning.message) and not any(
            "after the renderer" in p for p in result.problems
        ):
            result.problems.append(
                "structlog: a ScrubProcessor received an already rendered event: it is after "
                "the renderer (use add_scrub_processor)"
            )


def _bound(workspace: str | None) -> contextlib.AbstractContextManager[Any]:
    return bind_workspace(workspace) if workspace is not None else contextlib.nullcontext()


def _scrub_processor_placement(processors: Sequence[Any]) -> str | None:
    from phiguard.integrations.structlog import ScrubProcessor, _is_renderer

    scrub = next((i for i, p in enumerate(processors) if isinstance(p, ScrubProcessor)), None)
    render = next((i for i, p in enumerate(processors) if _is_renderer(p)), None)
    if scrub is not None and render is not None and scrub > render:
        return (
            f"structlog: ScrubProcessor is processor #{scrub + 1}, after the renderer "
            f"{type(processors[render]).__name__} (#{render + 1}); it must come before it "
            "(use add_scrub_processor)"
        )
    return None


def _canary_exception() -> ValueError:
    try:
        raise ValueError(CANARY_EXCEPTION)  # noqa: TRY301 - a real traceback is the point
    except ValueError as exc:
        return exc


def _emit_structlog(targets: _Targets) -> None:
    import structlog

    log = targets.structlog_logger or structlog.get_logger("phiguard.verify")
    log.error(CANARY_MESSAGE, **CANARY_RECORD)
    log.error("lookup failed", exc_info=_canary_exception())


def _emit_logging(targets: _Targets) -> None:
    loggers = list(targets.loggers)
    if logging.getLogger().handlers:
        # Through the root: a record that reached no handler would go to logging.lastResort
        # (stderr), printing the canary.
        loggers.append(logging.getLogger("phiguard.verify.canary"))
    exc = _canary_exception()
    for logger in loggers:
        logger.error(
            "booked for %s at %s",
            _CANARIES["message.email"],
            _CANARIES["message.phone"],
            extra=dict(CANARY_RECORD),
        )
        logger.error("lookup failed", exc_info=exc)


def _emit_span(targets: _Targets, scenario: Scenario) -> None:
    from opentelemetry.trace import Status, StatusCode

    tracer = targets.tracer_provider.get_tracer("phiguard.verify")
    with tracer.start_as_current_span(f"call {_CANARIES['message.phone']}") as span:
        span.set_attributes(_otel_attributes(None))
        span.add_event("stt", {"transcript": CANARY_RECORD["transcript"]})
        span.record_exception(_canary_exception())
        span.set_status(Status(StatusCode.ERROR, CANARY_MESSAGE))


def _emit_otel_log(targets: _Targets, scenario: Scenario) -> None:
    logger = targets.logger_provider.get_logger("phiguard.verify")
    logger.emit(body=CANARY_MESSAGE, attributes=_otel_attributes(None))
    logger.emit(
        body={"transcript": CANARY_RECORD["transcript"]},
        event_name="gen_ai.user.message",
        attributes={"caller_number": _CANARIES["identifier.phone"]},
    )


def _emit_metric(targets: _Targets, scenario: Scenario) -> None:
    meter = targets.meter_provider.get_meter("phiguard.verify")
    attributes = _otel_attributes(scenario.workspace)
    attributes.pop("tool_args")
    attributes.pop("duration_ms")
    # An allowlisted metric name (its attributes are filtered) and one that is not.
    meter.create_histogram("gen_ai.client.operation.duration", unit="s").record(
        0.5, attributes=attributes
    )
    meter.create_counter("phiguard.verify.canary_calls").add(1, attributes=attributes)
