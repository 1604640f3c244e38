"""Metrics: only non-sensitive metrics through, by View and by exporter guard."""

from __future__ import annotations

import dataclasses
import fnmatch
import logging
from collections.abc import Iterable, Mapping
from typing import Any, Final

from opentelemetry.sdk.metrics.export import (
    MetricExporter,
    MetricExportResult,
    MetricsData,
)
from opentelemetry.sdk.metrics.view import DropAggregation, View

from phiguard._engine import values
from phiguard._engine.catalog import SAFE_METRIC_NAMES
from phiguard.integrations.otel._common import Guard, PolicyLike
from phiguard.policy import Mode, Policy, WorkspaceSettings

_log = logging.getLogger("phiguard")

#: Data-point attribute keys that zero retention lets through: the low-cardinality,
#: non-personal dimensions of the GenAI, HTTP and RPC metric conventions, plus the workspace.
SAFE_METRIC_ATTRIBUTES: Final[tuple[str, ...]] = (
    # OpenTelemetry GenAI metrics (gen_ai_metrics): their documented attributes
    "gen_ai.operation.name",
    "gen_ai.provider.name",
    "gen_ai.system",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "gen_ai.token.type",
    "gen_ai.agent.name",
    "gen_ai.tool.name",
    "error.type",
    "server.address",
    "server.port",
    # HTTP / RPC server and client duration metrics
    "http.request.method",
    "http.response.status_code",
    "http.route",
    "url.scheme",
    "network.protocol.name",
    "network.protocol.version",
    "rpc.system",
    "rpc.service",
    "rpc.method",
    "rpc.grpc.status_code",
    # voice-agent dimensions (Pipecat / LiveKit metrics)
    "model",
    "provider",
    "processor",
    "status",
    "success",
    "outcome",
    "ended_reason",
    "stage",
    # phiguard's own labels
    "workspace_id",
    "phiguard.mode",
)


def metric_allowed(policy: Policy, name: str) -> bool:
    """Whether zero retention lets metric ``name`` through (built-in list or ``[metrics]``)."""
    if name in SAFE_METRIC_NAMES:
        return True
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in policy.metrics.allow)


def metric_views(policy: PolicyLike = None) -> list[View]:
    """Views that keep only allowlisted metrics, with only allowlisted attribute keys.

    Attribute keys outside the allowlist are never aggregated (the SDK drops them before
    they reach memory), and every other instrument gets a ``DropAggregation``. Pass them to
    ``MeterProvider(views=...)`` of a service that serves any zero-retention workspace:
    metrics aggregate across workspaces, so a shared provider must be safe for the strictest.
    """
    loaded = Guard(policy).scrubber.policy
    keys = {*SAFE_METRIC_ATTRIBUTES, *loaded.metrics.attributes, loaded.workspace_key}
    names: Iterable[str] = (*SAFE_METRIC_NAMES, *loaded.metrics.allow)
    views = [View(instrument_name=name, attribute_keys=set(keys)) for name in dict.fromkeys(names)]
    views.append(View(instrument_name="*", aggregation=DropAggregation()))
    return views


class ScrubbingMetricExporter(MetricExporter):
    """Wraps a metric exporter; what it exports obeys each data point's mode.

    A data point's workspace is its ``workspace_id`` attribute, else the resource's, else the
    policy's ``unknown_workspace_mode`` (zero retention by default: metrics rarely name a
    workspace, so by default only allowlisted metrics get through). In zero retention, only
    allowlisted metric names (built-in voice / GenAI / HTTP metrics plus ``[metrics] allow``)
    and attribute keys (built-in plus ``[metrics] attributes``) pass. In every mode other than
    standard, an attribute whose value looks like PHI (a caller's number used as a label is a
    classic leak) is dropped, and so is any attribute the record scrubber would change; in
    standard, secrets are dropped. Resource attributes are scrubbed once per resource.

    Never raises into the application: if filtering fails, nothing is exported for that batch
    and the failure is returned as ``MetricExportResult.FAILURE``.

    Args:
        exporter: The exporter that receives the filtered metrics.
        policy: A :class:`~phiguard.Policy`, a :class:`~phiguard.Scrubber`, or anything
            :func:`~phiguard.load_policy` accepts.
    """

    def __init__(self, exporter: MetricExporter, policy: PolicyLike = None) -> None:
        super().__init__(
            preferred_temporality=getattr(exporter, "_preferred_temporality", None),
            preferred_aggregation=getattr(exporter, "_preferred_aggregation", None),
        )
        self._exporter = exporter
        self._guard = Guard(policy)
        policy_ = self._guard.scrubber.policy
        self._keys = frozenset(
            {*SAFE_METRIC_ATTRIBUTES, *policy_.metrics.attributes, policy_.workspace_key}
        )

    def export(
        self, metrics_data: MetricsData, timeout_millis: float = 10_000, **kwargs: Any
    ) -> MetricExportResult:
        """Export the filtered metrics; nothing at all if filtering fails."""
        try:
            filtered = self._filter(metrics_data)
        except Exception:  # must not raise into the app; fail closed
            self._guard.scrubber._count_error()
            _log.exception("phiguard: metrics could not be filtered; the batch was dropped")
            return MetricExportResult.FAILURE
        if not filtered.resource_metrics:
            return MetricExportResult.SUCCESS
        return self._exporter.export(filtered, timeout_millis=timeout_millis, **kwargs)

    def _filter(self, data: MetricsData) -> MetricsData:
        resource_metrics = []
        for rm in data.resource_metrics:
            fallback = self._guard.resource_workspace(rm.resource)
            scopes = []
            for sm in rm.scope_metrics:
                metrics = [m for m in (self._metric(m, fallback) for m in sm.metrics) if m]
                if metrics:
                    scopes.append(dataclasses.replace(sm, metrics=metrics))
            if scopes:
                resource = self._guard.resource(rm.resource) or rm.resource
                resource_metrics.append(
                    dataclasses.replace(rm, resource=resource, scope_metrics=scopes)
                )
        return MetricsData(resource_metrics=resource_metrics)

    def _metric(self, metric: Any, fallback: str | None) -> Any:
        points = []
        scrubber = self._guard.scrubber
        for point in metric.data.data_points:
            attributes = point.attributes or {}
            mode = scrubber.resolve(attributes, workspace=fallback).mode
            if mode is Mode.ZERO_RETENTION and not metric_allowed(scrubber.policy, metric.name):
                continue
            # Exemplars carry the attributes a View filtered out: they get the same treatment.
            exemplars = [
                dataclasses.replace(
                    exemplar,
                    filtered_attributes=self._keep(mode, exemplar.filtered_attributes or {}),
                )
                for exemplar in getattr(point, "exemplars", ())
            ]
            points.append(
                dataclasses.replace(
                    point, attributes=self._keep(mode, attributes), exemplars=exemplars
                )
            )
        if not points:
            return None
        data = dataclasses.replace(metric.data, data_points=points)
        return dataclasses.replace(metric, data=data)

    def _keep(self, mode: Mode, attributes: Mapping[str, Any]) -> dict[str, Any]:
        """The attributes a data point of ``mode`` may carry."""
        if not attributes:
            return {}
        if mode is Mode.ZERO_RETENTION:
            return {
                key: value
                for key, value in attributes.items()
                if key in self._keys and not self._looks_like_phi(value)
            }
        scrubbed = self._guard.scrubber.scrub(
            attributes, settings=WorkspaceSettings(mode), labels=False
        )
        if scrubbed.summary.error:
            raise RuntimeError("data point attributes could not be scrubbed")
        return {
            key: value
            for key, value in attributes.items()
            # kept only if the record scrubber leaves it as it is (drops secrets in standard)
            # and, beyond standard, if it does not look like PHI at all
            if scrubbed.record.get(key, _MISSING) == value
            and (mode is Mode.STANDARD or not self._looks_like_phi(value))
        }

    def _looks_like_phi(self, value: Any) -> bool:
        text = value if isinstance(value, str) else str(value)
        if isinstance(value, bool):
            return False
        if values.classify_value(text) is not None:
            return True
        return bool(self._guard.scrubber.find(text))

    def force_flush(self, timeout_millis: float = 10_000) -> bool:
        """Flush the wrapped exporter."""
        return self._exporter.force_flush(timeout_millis=timeout_millis)

    def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
        """Shut down the wrapped exporter."""
        self._exporter.shutdown(timeout_millis=timeout_millis, **kwargs)


_MISSING: Final = object()
