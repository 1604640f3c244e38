"""pytest plugin: assert, in a service's own tests, that no PHI leaves through its telemetry.

Enabled through the ``pytest11`` entry point when phiguard is installed (or with
``-p phiguard.testing``). The ``phi_capture`` fixture captures, for the duration of a test,
what the service's structlog chain renders, what each stdlib logging handler would write,
and what the exporters of the global OpenTelemetry providers (plus any passed to
:meth:`Captured.watch`) would export; nothing captured is written or sent anywhere.
:data:`CANARIES` holds synthetic PHI of every category to feed the code under test, and
:func:`assert_no_phi` fails naming the sink and key where a canary turned up, never the
payload around it.

A test a service would copy::

    import structlog
    import phiguard
    from phiguard.testing import CANARIES, Captured, assert_no_phi

    from myservice.calls import handle_turn          # logs and traces as in production


    def test_a_zero_retention_call_lets_no_phi_out(phi_capture: Captured) -> None:
        \"\"\"A call in a zero-retention workspace: no canary reaches any sink.\"\"\"
        with phiguard.bind_workspace("ws_clinic"):     # zero_retention in the policy
            handle_turn(transcript=CANARIES.transcript, caller=CANARIES.phone,
                        tool_args=CANARIES.tool_args)
        assert_no_phi(phi_capture)

The service's logging must be configured before the test (a session fixture, or at import),
with ``cache_logger_on_first_use`` either way: the structlog tap is added to the configured
chain itself. OpenTelemetry providers that are not global are passed to
``phi_capture.watch(provider, ...)``. See ``examples/test_service_example.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

import pytest

from phiguard._capture import (
    LOGGING,
    LOGS,
    METRICS,
    STRUCTLOG,
    TRACES,
    Capture,
    Output,
    find_needles,
)

__all__ = ["CANARIES", "Canaries", "Captured", "assert_no_phi", "phi_canaries", "phi_capture"]


@dataclass(frozen=True)
class Canaries:
    """Synthetic PHI, one value per category (all fake; safe to commit).

    Written forms (``email``, ``phone``, ``ssn``, ``transcript``) are found by the detectors
    wherever they stand, so they also test free text and log messages; the others are
    arbitrary strings that only key-based classification can stop.
    """

    email: str = "canary.patient@example.com"
    phone: str = "(555) 013-4477"
    ssn: str = "123-45-6789"
    name: str = "Zephyrine Quillon-Canary"
    dob: str = "1961-03-14"
    transcript: str = (
        "hi, this is Zephyrine Quillon-Canary, my number is (555) 013-4477 and my email is "
        "canary.patient@example.com"
    )
    recording_url: str = "https://storage.example-voice.test/recordings/canary_call.wav"
    api_key: str = "sk-phiguardtestcanary000000000000"
    opaque: str = "opaque-canary-Marvolo-Tamsin"
    tool_args: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"patient_name": "Zephyrine Quillon-Canary", "dob": "1961-03-14",
             "phone": "(555) 013-4477"}
        )
    )

    def needles(self) -> dict[str, str]:
        """``category -> value`` for every canary string (tool arguments included)."""
        out = {
            name: value for name, value in vars(self).items() if isinstance(value, str)
        }
        out.update({f"tool_args.{k}": v for k, v in self.tool_args.items()})
        return out


CANARIES: Final = Canaries()
"""The canaries :func:`assert_no_phi` looks for by default."""


class Captured:
    """What the service's sinks would have emitted during the test.

    Attributes are lists of :class:`~phiguard._capture.Output` (``sink``, ``name``,
    ``fields``, ``text``); reading them flushes the watched OpenTelemetry providers first.
    """

    def __init__(self, capture: Capture) -> None:
        self._capture = capture

    def watch(self, *providers: Any) -> None:
        """Also capture the exporters of these (non-global) OpenTelemetry providers."""
        for provider in providers:
            self._capture.tap_provider(provider)

    def flush(self) -> None:
        """Flush the watched providers so batched telemetry is captured."""
        self._capture.flush()

    @property
    def outputs(self) -> list[Output]:
        """Everything captured so far, from every sink."""
        self.flush()
        return list(self._capture.outputs)

    def _of(self, sink: str) -> list[Output]:
        return [o for o in self.outputs if o.sink == sink]

    @property
    def structlog(self) -> list[Output]:
        """What the structlog chain rendered (when it does not end in stdlib logging)."""
        return self._of(STRUCTLOG)

    @property
    def logging(self) -> list[Output]:
        """What each stdlib logging handler would have written."""
        return self._of(LOGGING)

    @property
    def spans(self) -> list[Output]:
        """Spans as the span exporters received them."""
        return self._of(TRACES)

    @property
    def logs(self) -> list[Output]:
        """OpenTelemetry log records as the log exporters received them."""
        return self._of(LOGS)

    @property
    def metrics(self) -> list[Output]:
        """Metric data points as the metric exporters received them."""
        return self._of(METRICS)


def _sdk_globals() -> list[Any]:
    try:
        from opentelemetry import _logs, metrics, trace
    except ImportError:
        return []
    found = []
    for provider in (
        trace.get_tracer_provider(),
        _logs.get_logger_provider(),
        metrics.get_meter_provider(),
    ):
        if type(provider).__module__.startswith("opentelemetry.sdk"):
            found.append(provider)
    return found


@pytest.fixture
def phi_capture() -> Iterator[Captured]:
    """Capture structlog, stdlib logging and global OpenTelemetry output during the test."""
    capture = Capture()
    try:
        with contextlib.suppress(ImportError):  # a service without structlog
            capture.tap_structlog()
        capture.tap_logging()
        for provider in _sdk_globals():
            capture.tap_provider(provider)
        yield Captured(capture)
    finally:
        capture.restore()


@pytest.fixture
def phi_canaries() -> Canaries:
    """The synthetic PHI canaries (:data:`CANARIES`)."""
    return CANARIES


def assert_no_phi(
    captured: Captured, canaries: Canaries | Mapping[str, str] | Iterable[str] | None = None
) -> None:
    """Fail if any canary reached any captured sink.

    Args:
        captured: The ``phi_capture`` fixture.
        canaries: What to look for: a :class:`Canaries`, a ``name -> value`` mapping or
            values; default :data:`CANARIES`.

    Raises:
        AssertionError: Naming each sink, key and canary category (never the payload).
    """
    __tracebackhide__ = True
    if canaries is None:
        canaries = CANARIES
    if isinstance(canaries, Canaries):
        named = canaries.needles()
    elif isinstance(canaries, Mapping):
        named = dict(canaries)
    else:
        named = {f"canary #{i + 1}": value for i, value in enumerate(canaries)}
    by_value: dict[str, str] = {}
    for name, value in named.items():
        by_value.setdefault(value, name)  # the same value may stand for several categories
    leaks: list[str] = []
    for output in captured.outputs:
        for key, needle in find_needles(output, list(by_value)):
            line = f"{output.sink}: {output.name}: key {key!r}: canary {by_value[needle]!r}"
            if line not in leaks:
                leaks.append(line)
    if leaks:
        raise AssertionError(
            f"PHI left the process ({len(leaks)} place(s)):\n  " + "\n  ".join(leaks)
        )
