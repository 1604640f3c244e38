"""The workspace bound to the current context (thread, asyncio task), via contextvars."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

_WORKSPACE: ContextVar[str | None] = ContextVar("phiguard_workspace", default=None)
# Tokens of the ``with`` blocks entered in this context, innermost last. Kept in a context
# variable rather than on the instance, so one instance can be entered in many threads.
_TOKENS: ContextVar[tuple[Token[str | None], ...]] = ContextVar("phiguard_tokens", default=())


def current_workspace() -> str | None:
    """Return the workspace bound in the current context, or ``None``."""
    return _WORKSPACE.get()


class bind_workspace:  # noqa: N801 - used like a function: ``with bind_workspace("ws_1"):``
    """Bind a workspace to the current context, as a context manager or a decorator.

    Records emitted inside are scrubbed under that workspace's mode unless they name their
    own workspace. Binding uses :mod:`contextvars`, so it follows asyncio tasks and does not
    bleed across threads or concurrent tasks; nested bindings restore the outer one on exit.

    Example::

        with phiguard.bind_workspace("ws_clinic"):
            log.info("call_started")

        @phiguard.bind_workspace("ws_clinic")
        async def handle_call(): ...

    Args:
        workspace_id: The workspace's id (a key of the policy's ``[workspaces]``).
    """

    __slots__ = ("workspace_id",)

    def __init__(self, workspace_id: str) -> None:
        if not isinstance(workspace_id, str) or not workspace_id:
            raise TypeError("workspace_id must be a non-empty string")
        self.workspace_id = workspace_id

    def __enter__(self) -> str:
        _TOKENS.set((*_TOKENS.get(), _WORKSPACE.set(self.workspace_id)))
        return self.workspace_id

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tokens = _TOKENS.get()
        _TOKENS.set(tokens[:-1])
        _WORKSPACE.reset(tokens[-1])

    def __call__(self, func: F) -> F:
        """Decorate ``func`` (sync or async) so that each call runs with the binding."""
        workspace_id = self.workspace_id
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                token = _WORKSPACE.set(workspace_id)
                try:
                    return await func(*args, **kwargs)
                finally:
                    _WORKSPACE.reset(token)

            return cast("F", async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # A fresh token per call: one decorated function runs in many threads at once.
            token = _WORKSPACE.set(workspace_id)
            try:
                return func(*args, **kwargs)
            finally:
                _WORKSPACE.reset(token)

        return cast("F", wrapper)
