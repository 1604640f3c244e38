"""The LLM allowlist of zero-retention workspaces."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from phiguard.errors import LLMNotAllowedError
from phiguard.policy import Mode, Policy, load_policy

#: Span attributes naming the provider (newest convention first) and the model.
PROVIDER_KEYS = ("gen_ai.provider.name", "gen_ai.system")
MODEL_KEYS = ("gen_ai.request.model", "gen_ai.response.model")


def llm_allowed(policy: Policy, provider: str, model: str) -> bool:
    """Whether ``provider:model`` matches an entry of the policy's ``[llm] allow``.

    Entries are ``provider:model`` with shell-style wildcards in the model part
    (``anthropic:claude-3-7-*``); the provider is compared case-insensitively. ``custom:*``
    allows any OpenAI-compatible endpoint a customer brings, reported as provider ``custom``.
    """
    provider = provider.strip().lower()
    for entry in policy.llm_allow:
        allowed_provider, _, allowed_model = entry.partition(":")
        if allowed_provider.lower() == provider and fnmatch.fnmatchcase(model, allowed_model):
            return True
    return False


def check_llm(
    policy: Policy | Mapping[str, Any] | str | None,
    workspace: str | None,
    provider: str,
    model: str,
) -> None:
    """Raise if a zero-retention workspace may not use ``provider:model``.

    Call it before sending a request to a model, e.g. where an agent picks its LLM.
    Workspaces in other modes may use any model. A zero-retention workspace whose policy
    has no ``[llm] allow`` list may use none: the allowlist fails closed.

    Args:
        policy: The policy (anything :func:`~phiguard.load_policy` accepts).
        workspace: The workspace id (``None``: the policy's ``unknown_workspace_mode``).
        provider: The provider, e.g. ``openai``, ``anthropic``, ``google``, or ``custom``.
        model: The model name (or, for ``custom``, the endpoint's model name).

    Raises:
        LLMNotAllowedError: The model is not allowed; ``status_code`` is 400 and the message
            names the allowed models.
    """
    loaded = load_policy(policy)
    if loaded.mode_for(workspace) is not Mode.ZERO_RETENTION:
        return
    if llm_allowed(loaded, provider, model):
        return
    allowed = ", ".join(loaded.llm_allow) if loaded.llm_allow else "none (no [llm] allow list)"
    raise LLMNotAllowedError(
        f"model '{provider}:{model}' is not allowed for zero-retention workspace "
        f"{workspace!r}; allowed: {allowed}"
    )


def span_violates(policy: Policy, attributes: Mapping[str, Any]) -> bool:
    """Whether a span's GenAI attributes name a model outside the allowlist."""
    provider = next((attributes[k] for k in PROVIDER_KEYS if k in attributes), None)
    model = next((attributes[k] for k in MODEL_KEYS if k in attributes), None)
    if provider is None and model is None:
        return False
    return not llm_allowed(policy, str(provider or ""), str(model or ""))
