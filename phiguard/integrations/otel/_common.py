"""Shared pieces of the OpenTelemetry adapters: scrubber, resources, baggage."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Final

from opentelemetry import baggage
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource

from phiguard._engine.scrubber import STRICTNESS, Scrubber, scrubber_for
from phiguard.policy import Mode, Policy

BAGGAGE_KEY: Final = "phiguard.mode"
"""The baggage entry that carries a workspace's mode to downstream services."""

_RESOURCE_CACHE_MAX: Final = 64

PolicyLike = Policy | Scrubber | Mapping[str, Any] | str | None


def plain_mapping(attributes: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A fast read-only view of OTel attributes.

    The SDK's ``BoundedAttributes`` iterates through Python-level methods and a lock; once a
    span or record has ended its attributes no longer change, so the plain dict inside is
    read directly when there is one.
    """
    if not attributes:
        return {}
    inner = getattr(attributes, "_dict", None)
    return inner if isinstance(inner, dict) else attributes


def span_attributes(span: Any) -> Mapping[str, Any]:
    """A span's attributes without the ``MappingProxyType`` the public property wraps them in."""
    raw = getattr(span, "_attributes", None)
    return plain_mapping(raw if isinstance(raw, Mapping) else span.attributes)


def baggage_mode(context: Context | None) -> Mode | None:
    """The mode named by ``phiguard.mode`` baggage in ``context``, if valid.

    Baggage comes from outside the process, so callers may only use it to make a mode
    stricter; an unknown value is ignored.
    """
    value = baggage.get_baggage(BAGGAGE_KEY, context)
    if not isinstance(value, str):
        return None
    try:
        return Mode(value)
    except ValueError:
        return None


def stricter(a: Mode | None, b: Mode | None) -> Mode | None:
    """The stricter of two optional modes."""
    if a is None or b is None:
        return a or b
    return a if STRICTNESS[a] >= STRICTNESS[b] else b


class Guard:
    """One scrubber plus a cache of scrubbed resources, shared by an adapter's calls.

    Resources are shared by every record of a provider, so each is scrubbed once: under the
    mode of the workspace it names, else the policy's ``unknown_workspace_mode``.
    """

    __slots__ = ("_lock", "_resources", "scrubber", "workspace_key")

    def __init__(self, policy: PolicyLike) -> None:
        self.scrubber = scrubber_for(policy)
        self.workspace_key = self.scrubber.policy.workspace_key
        self._resources: dict[int, tuple[Resource, Resource]] = {}
        self._lock = threading.Lock()

    def resource_workspace(self, resource: Resource | None) -> str | None:
        """The workspace a resource names, if any."""
        if resource is None:
            return None
        value = resource.attributes.get(self.workspace_key)
        return value if isinstance(value, str) and value else None

    def resource(self, resource: Resource | None) -> Resource | None:
        """The scrubbed copy of ``resource`` (cached per resource object)."""
        if resource is None:
            return None
        hit = self._resources.get(id(resource))
        if hit is not None and hit[0] is resource:
            return hit[1]
        settings = self.scrubber.policy.settings_for(self.resource_workspace(resource))
        result = self.scrubber.scrub(dict(resource.attributes), settings=settings, labels=False)
        if result.summary.error:
            raise RuntimeError("resource could not be scrubbed")
        scrubbed = Resource(result.record, resource.schema_url)
        with self._lock:
            if len(self._resources) >= _RESOURCE_CACHE_MAX:
                self._resources.clear()
            self._resources[id(resource)] = (resource, scrubbed)
        return scrubbed

    def safe_shell(self, attributes: Mapping[str, Any] | None) -> dict[str, Any]:
        """Only the safe scalar attributes, plus ``phiguard.error``: what leaves on failure."""
        out: dict[str, Any] = {}
        try:
            for key, value in (attributes or {}).items():
                if isinstance(value, (str, bool, int, float)) and self.scrubber.classify(
                    key
                ).value == "safe":
                    out[key] = value
        except Exception:
            out = {}
        out["phiguard.error"] = "scrub_failed"
        return out
