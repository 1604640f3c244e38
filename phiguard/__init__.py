"""phiguard: keep protected health information out of logs, traces and metrics.

One policy, applied per workspace (tenant) by structlog processors, a stdlib logging filter
and OpenTelemetry SDK processors::

    import phiguard
    policy = phiguard.load_policy("phiguard.toml")
    scrubber = phiguard.Scrubber(policy)
    with phiguard.bind_workspace("ws_clinic"):
        ...

Adapters live in :mod:`phiguard.integrations`.
"""

from __future__ import annotations

from phiguard._engine.context import bind_workspace, current_workspace
from phiguard._engine.detectors import Detector, Finding
from phiguard._engine.llm import check_llm
from phiguard._engine.scrubber import Scrubber, ScrubResult, Summary
from phiguard.errors import LLMNotAllowedError, PhiguardError, PhiguardWarning, PolicyError
from phiguard.policy import Action, FieldClass, Mode, Policy, Training, load_policy

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Detector",
    "FieldClass",
    "Finding",
    "LLMNotAllowedError",
    "Mode",
    "PhiguardError",
    "PhiguardWarning",
    "Policy",
    "PolicyError",
    "ScrubResult",
    "Scrubber",
    "Summary",
    "Training",
    "__version__",
    "bind_workspace",
    "check_llm",
    "current_workspace",
    "load_policy",
    "scan_text",
]


def scan_text(text: str, policy: Policy | None = None) -> list[Finding]:
    """Return the PHI entities the policy's detectors find in ``text``.

    Args:
        text: Free text, e.g. a transcript turn.
        policy: Chooses the detectors (``[detectors]``); ``None`` for the defaults.

    Returns:
        Sorted, non-overlapping findings: offsets, label and detector id, never the value.
    """
    from phiguard._engine.scrubber import _compile_detectors
    from phiguard.policy import DetectorSettings

    settings = policy.detectors if policy is not None else DetectorSettings()
    return _compile_detectors(settings).find(text)
