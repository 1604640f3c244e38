"""phiguard's engine: policy-free building blocks that import no logging framework.

Nothing under ``phiguard._engine`` may import structlog, logging handlers, OpenTelemetry or
the CLI; the adapters in :mod:`phiguard.integrations` translate host objects to plain value
trees and back.
"""
