"""phiguard as a processor of the rotel collector: the same policy and engine, in a collector.

rotel (https://github.com/streamfold/rotel) runs Python processors inside the collector.
Pass this file to it for each signal::

    FILE=$(python -c 'import phiguard.collector.rotel as m; print(m.__file__)')
    PHIGUARD_POLICY=/etc/phiguard.toml PYTHONPATH=<site-packages with phiguard> \\
    rotel start --otlp-with-trace-processor "$FILE" --otlp-with-logs-processor "$FILE" \\
                --otlp-with-metrics-processor "$FILE" ...

The policy comes from ``PHIGUARD_POLICY`` / ``PHIGUARD_MODE`` (:func:`phiguard.load_policy`
with no argument). A record's mode is resolved as in the service (its ``workspace_id``, its
resource's, else ``unknown_workspace_mode``); a ``phiguard.mode`` label already on the
record or resource can only make it stricter.

Fail closed, twice over. rotel stops when a processor raises, and exports data unprocessed
when the entry point it looks for is missing, so:

* the entry points are defined before anything that can fail, and each catches every
  exception and drops the whole batch it was given (nothing is exported for it);
* if phiguard cannot be imported or the policy does not load, the entry points still exist
  and drop everything, and the reason is written to stderr once at start.

rotel loads this file by path, as a top-level module: it imports only the standard library
at module level, and phiguard inside a ``try``.
"""

from __future__ import annotations

import fnmatch
import json
import sys
import threading
from typing import Any, Final

__all__ = ["ENTRY_POINTS", "process_logs", "process_metrics", "process_spans", "ready"]

ENTRY_POINTS: Final = ("process_spans", "process_logs", "process_metrics")
"""The functions rotel calls: one per signal."""

_REDACTED_NAME: Final = "[REDACTED:message]"
_ERROR_BODY: Final = "[REDACTED:error]"
_BODY_KEY: Final = "log.body"
_MODE_KEY: Final = "phiguard.mode"

_state: dict[str, Any] = {"scrubber": None, "error": None, "metric_keys": frozenset()}

# rotel can call an entry point while another of its threads is still executing this module
# (loading the policy and compiling the detectors takes a moment): the entry points wait for
# the end of the module, then scrub, or drop the batch if loading failed or took too long.
_LOADED: Final = threading.Event()
_LOAD_TIMEOUT_S: Final = 120.0


def process_spans(resource_spans: Any) -> None:
    """rotel's trace entry point: scrub every span of ``resource_spans`` in place."""
    try:
        _await_loaded()
        _Batch(resource_spans).spans()
    except Exception as exc:  # rotel exits on an exception; drop the batch instead
        _drop(resource_spans, "scope_spans", exc)


def process_logs(resource_logs: Any) -> None:
    """rotel's log entry point: scrub every log record of ``resource_logs`` in place."""
    try:
        _await_loaded()
        _Batch(resource_logs).logs()
    except Exception as exc:  # rotel exits on an exception; drop the batch instead
        _drop(resource_logs, "scope_logs", exc)


def process_metrics(resource_metrics: Any) -> None:
    """rotel's metric entry point: keep only what each data point's mode allows."""
    try:
        _await_loaded()
        _Batch(resource_metrics).metrics()
    except Exception as exc:  # rotel exits on an exception; drop the batch instead
        _drop(resource_metrics, "scope_metrics", exc)


def _await_loaded() -> None:
    if not _LOADED.wait(_LOAD_TIMEOUT_S):
        raise RuntimeError("phiguard did not finish loading")


def ready() -> bool:
    """Whether the policy loaded (else every batch is dropped)."""
    return _state["scrubber"] is not None


def _warn(message: str) -> None:
    try:
        print(f"phiguard rotel processor: {message}", file=sys.stderr, flush=True)
    except Exception:  # stderr closed: nothing more to do
        return


def _drop(resource: Any, field: str, exc: BaseException | None) -> None:
    """Drop everything in ``resource`` (fail closed); the reason goes to stderr, no values."""
    if exc is not None:
        _warn(f"batch dropped: {type(exc).__name__}")
    try:
        setattr(resource, field, [])
    except Exception:
        # Could not even empty the batch: raising makes rotel stop, which exports nothing.
        raise RuntimeError("phiguard: batch could not be dropped") from None


try:  # everything that can fail at start comes after the entry points
    from phiguard._engine.scrubber import Scrubber
    from phiguard.collector._render import SAFE_METRIC_ATTRIBUTES
    from phiguard.policy import FieldClass, Mode, WorkspaceSettings

    _scrubber = Scrubber(None)
    _policy = _scrubber.policy
    _state["metric_keys"] = frozenset(
        {*SAFE_METRIC_ATTRIBUTES, *_policy.metrics.attributes, _policy.workspace_key}
    )
    _state["scrubber"] = _scrubber
except Exception as _exc:  # fail closed: the entry points drop every batch
    _state["error"] = f"{type(_exc).__name__}: {_exc}"
    _warn(f"not ready, every batch will be dropped ({_state['error']})")


# ------------------------------------------------------------------------ value conversion


def _from_any(value: Any, depth: int = 0) -> Any:
    """An ``AnyValue`` (or its payload) as plain Python."""
    if depth > 64:
        raise ValueError("value nested too deeply")
    inner = getattr(value, "value", value) if not isinstance(value, (str, bytes)) else value
    if inner is None or isinstance(inner, (str, bool, int, float, bytes)):
        return inner
    items = list(inner)
    if items and all(hasattr(item, "key") for item in items):
        return {item.key: _from_any(item.value, depth + 1) for item in items}
    return [_from_any(item, depth + 1) for item in items]


def _attributes(key_values: Any) -> dict[str, Any]:
    return {kv.key: _from_any(kv.value) for kv in key_values}


def _key_value(key: str, value: Any) -> Any:
    from rotel_sdk.open_telemetry.common.v1 import KeyValue

    if isinstance(value, bool):
        return KeyValue.new_bool_value(key, value)
    if isinstance(value, int):
        return KeyValue.new_int_value(key, value)
    if isinstance(value, float):
        return KeyValue.new_double_value(key, value)
    if isinstance(value, bytes):
        return KeyValue.new_bytes_value(key, value)
    if isinstance(value, str):
        return KeyValue.new_string_value(key, value)
    # A scrubbed nested value (map or list) leaves as its JSON text.
    return KeyValue.new_string_value(key, json.dumps(value, default=str, sort_keys=True))


def _key_values(mapping: dict[str, Any]) -> list[Any]:
    return [_key_value(key, value) for key, value in mapping.items() if value is not None]


def _set_attributes(owner: Any, key_values: list[Any]) -> None:
    """Replace ``owner.attributes`` with ``key_values``.

    Spans, logs and resources take a list; some rotel types (span events) only take their
    own list type, which is then emptied and refilled in place. Either way the result is
    read back: if it is not exactly the new list, the batch is dropped (the caller raises).
    """
    try:
        owner.attributes = key_values
    except TypeError:
        current = owner.attributes
        for i in reversed(range(len(current))):
            del current[i]
        for kv in key_values:
            current.append(kv)
    if [kv.key for kv in owner.attributes] != [kv.key for kv in key_values]:
        raise RuntimeError("attributes could not be replaced")


def _any_value(value: Any) -> Any:
    from rotel_sdk.open_telemetry.common.v1 import AnyValue

    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return AnyValue(value)
    return AnyValue(json.dumps(value, default=str, sort_keys=True))


# --------------------------------------------------------------------------------- batches


class _Batch:
    """One ``Resource*`` batch from rotel, scrubbed in place under the policy."""

    def __init__(self, resource_data: Any) -> None:
        scrubber = _state["scrubber"]
        if scrubber is None:
            raise RuntimeError("phiguard is not ready")
        self.data = resource_data
        self.scrubber: Scrubber = scrubber
        resource = resource_data.resource
        self.resource_attributes = _attributes(resource.attributes) if resource else {}
        key = scrubber.policy.workspace_key
        workspace = self.resource_attributes.get(key)
        self.workspace = workspace if isinstance(workspace, str) and workspace else None
        self.resource_mode = _mode_label(self.resource_attributes)

    def _resource(self) -> None:
        resource = self.data.resource
        if resource is None:
            return
        # Under the resource's own workspace (else the policy's unknown-workspace mode),
        # as the in-process adapters do; a phiguard.mode label on it only tightens.
        settings = self.scrubber.resolve({}, workspace=self.workspace, min_mode=self.resource_mode)
        result = self.scrubber.scrub(self.resource_attributes, settings=settings, labels=False)
        _set_attributes(resource, _key_values(result.record))

    def _record(self, attributes: dict[str, Any]) -> tuple[dict[str, Any], WorkspaceSettings]:
        min_mode = _stricter(self.resource_mode, _mode_label(attributes))
        result = self.scrubber.scrub(attributes, workspace=self.workspace, min_mode=min_mode)
        return result.record, result.settings

    def _text(self, text: str, settings: WorkspaceSettings) -> str:
        return self.scrubber.scrub_message(text, settings.mode) or ""

    def _plain(self, attributes: Any, settings: WorkspaceSettings) -> list[Any]:
        result = self.scrubber.scrub(_attributes(attributes), settings=settings, labels=False)
        return _key_values(result.record)

    def spans(self) -> None:
        for scope_spans in self.data.scope_spans:
            for span in scope_spans.spans:
                record, settings = self._record(_attributes(span.attributes))
                _set_attributes(span, _key_values(record))
                span.name = self._text(span.name, settings) or _REDACTED_NAME
                status = span.status
                if status is not None and status.message:
                    status.message = self._text(status.message, settings)
                for event in span.events:
                    event.name = self._text(event.name, settings) or _REDACTED_NAME
                    _set_attributes(event, self._plain(event.attributes, settings))
                for link in span.links:
                    _set_attributes(link, self._plain(link.attributes, settings))
        self._resource()

    def logs(self) -> None:
        for scope_logs in self.data.scope_logs:
            for log in scope_logs.log_records:
                record, settings = self._record(_attributes(log.attributes))
                _set_attributes(log, _key_values(record))
                log.body = _any_value(self._body(log, settings))
                if log.event_name:
                    log.event_name = self._text(log.event_name, settings)
        self._resource()

    def _body(self, log: Any, settings: WorkspaceSettings) -> Any:
        body = _from_any(log.body) if log.body is not None else None
        if body is None:
            return None
        if isinstance(body, str):
            value, kept = self.scrubber.scrub_value(body, FieldClass.MESSAGE, settings.mode)
            return value if kept else None
        key = log.event_name or _BODY_KEY
        result = self.scrubber.scrub({key: body}, settings=settings, labels=False)
        if result.summary.error:
            return _ERROR_BODY
        return result.record.get(key)

    def metrics(self) -> None:
        for scope_metrics in self.data.scope_metrics:
            kept = []
            for metric in scope_metrics.metrics:
                if self._metric(metric):
                    kept.append(metric)
            scope_metrics.metrics = kept
        self._resource()

    def _metric(self, metric: Any) -> bool:
        """Filter one metric's points in place; ``False`` when none is left."""
        data = getattr(metric.data, "_0", None)
        if data is None or not hasattr(data, "data_points"):
            return False  # an unknown kind of metric: withheld
        points = []
        for point in data.data_points:
            attributes = _attributes(point.attributes)
            mode = self.scrubber.resolve(
                attributes,
                workspace=self.workspace,
                min_mode=_stricter(self.resource_mode, _mode_label(attributes)),
            ).mode
            if mode is Mode.ZERO_RETENTION and not _metric_allowed(metric.name):
                continue
            _set_attributes(point, _key_values(self._point_attributes(mode, attributes)))
            if mode is not Mode.STANDARD and hasattr(point, "exemplars"):
                point.exemplars = []  # exemplars carry attributes the point no longer has
            points.append(point)
        if not points:
            return False
        data.data_points = points
        return True

    def _point_attributes(self, mode: Mode, attributes: dict[str, Any]) -> dict[str, Any]:
        if mode is Mode.ZERO_RETENTION:
            keys = _state["metric_keys"]
            return {
                k: v for k, v in attributes.items() if k in keys and not self._phi(v)
            }
        scrubbed = self.scrubber.scrub(attributes, settings=WorkspaceSettings(mode),
                                       labels=False).record
        return {
            k: v for k, v in attributes.items()
            if scrubbed.get(k, _MISSING) == v and (mode is Mode.STANDARD or not self._phi(v))
        }

    def _phi(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        text = value if isinstance(value, str) else str(value)
        return self.scrubber.scan_text(text) != text


_MISSING: Final = object()


def _mode_label(attributes: dict[str, Any]) -> Any:
    value = attributes.get(_MODE_KEY)
    try:
        return Mode(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _stricter(a: Any, b: Any) -> Any:
    from phiguard._engine.scrubber import STRICTNESS

    if a is None or b is None:
        return a or b
    return a if STRICTNESS[a] >= STRICTNESS[b] else b


def _metric_allowed(name: str) -> bool:
    from phiguard._engine.catalog import SAFE_METRIC_NAMES

    scrubber = _state["scrubber"]
    if name in SAFE_METRIC_NAMES:
        return True
    return any(fnmatch.fnmatchcase(name, p) for p in scrubber.policy.metrics.allow)


_LOADED.set()  # last statement: everything the entry points use is defined
