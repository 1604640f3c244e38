"""Shared fixtures: policies with every mode, and canary PHI (synthetic)."""

from __future__ import annotations

from typing import Any

import pytest

import phiguard

HMAC_KEY = "test-key-0123456789-abcdefghijklmnopqrstuvwxyz"

#: Written-form canaries that the detectors find wherever they stand (so they can be planted
#: in messages and free text), and that must never survive zero retention.
CANARY_EMAIL = "jane.doe.canary@example.com"
CANARY_SSN = "123-45-6789"
CANARY_PHONE = "(555) 013-4477"
SCANNABLE_CANARIES = (CANARY_EMAIL, CANARY_SSN, CANARY_PHONE)

#: A structural canary: an arbitrary string that no detector would find. Only key-based
#: classification can stop it.
CANARY_OPAQUE = "opaque-canary-Quentin-Zephyrine"

POLICY: dict[str, Any] = {
    "default_mode": "standard",
    "unknown_workspace_mode": "zero_retention",
    "hmac_key": HMAC_KEY,
    "workspaces": {
        "ws_standard": {"mode": "standard"},
        "ws_redacted": {"mode": "redacted", "retention_days": 30},
        "ws_zero": {"mode": "zero_retention"},
    },
}

WORKSPACE_OF = {
    phiguard.Mode.STANDARD: "ws_standard",
    phiguard.Mode.REDACTED: "ws_redacted",
    phiguard.Mode.ZERO_RETENTION: "ws_zero",
}


@pytest.fixture
def policy() -> phiguard.Policy:
    """The three-mode test policy, with an HMAC key."""
    return phiguard.load_policy(POLICY)


@pytest.fixture
def scrubber(policy: phiguard.Policy) -> phiguard.Scrubber:
    """A scrubber for the three-mode test policy."""
    return phiguard.Scrubber(policy)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own PHIGUARD_* environment."""
    for name in ("PHIGUARD_POLICY", "PHIGUARD_MODE", "PHIGUARD_HMAC_KEY"):
        monkeypatch.delenv(name, raising=False)
