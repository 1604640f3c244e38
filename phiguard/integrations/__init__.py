"""Thin adapters between host frameworks and phiguard's engine.

- :mod:`phiguard.integrations.structlog`: ``ScrubProcessor``, placed before the renderer.
- :mod:`phiguard.integrations.logging`: ``ScrubFilter``, a :class:`logging.Filter`.
"""
