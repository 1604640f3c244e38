"""phiguard's exceptions: one small tree rooted at :class:`PhiguardError`."""

from __future__ import annotations


class PhiguardError(Exception):
    """Base class of every error phiguard raises on purpose."""


class PolicyError(PhiguardError, ValueError):
    """A policy is invalid. The message starts with the offending key path.

    Attributes:
        path: The dotted key path of the offending entry (``""`` for the policy as a whole).
        reason: Why it is invalid.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


class LLMNotAllowedError(PhiguardError):
    """A zero-retention workspace asked for a model its policy does not allow.

    Carries ``status_code = 400`` so web frameworks can turn it into a client error as is.
    """

    status_code: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PhiguardWarning(UserWarning):
    """A configuration that works but is weaker than it looks (e.g. ``hash`` with no key)."""
