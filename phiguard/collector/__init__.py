"""The collector tier: the policy as an OpenTelemetry Collector configuration.

:func:`render_collector_config` renders a policy into an otelcol-contrib 0.135 YAML
configuration (routing by ``phiguard.mode``, per-mode transform / redaction / filter
processors, OTLP in and out); :func:`write_collector_config` writes it to a file or stdout.
The repository's ``otel-collector.yaml`` is the output for the default policy::

    python -m phiguard.collector > otel-collector.yaml

:mod:`phiguard.collector.rotel` is a processor module for the rotel collector, applying the
engine itself inside a collector. Importing :mod:`phiguard` does not import this package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from phiguard.collector._render import (
    BACKEND_ENDPOINT_ENV,
    MODE_ATTRIBUTE,
    TARGET_VERSION,
    render_collector_config,
)
from phiguard.policy import Policy, load_policy

__all__ = [
    "BACKEND_ENDPOINT_ENV",
    "MODE_ATTRIBUTE",
    "TARGET_VERSION",
    "main",
    "render_collector_config",
    "write_collector_config",
]


def write_collector_config(
    policy: Policy | str | os.PathLike[str] | None = None,
    output_path: str | os.PathLike[str] | None = None,
) -> str:
    """Render the collector configuration of ``policy`` and write it out.

    Args:
        policy: A :class:`~phiguard.Policy` or anything :func:`~phiguard.load_policy`
            accepts (``None``: ``PHIGUARD_POLICY`` / ``PHIGUARD_MODE`` / the defaults).
        output_path: The file to write (replaced whole); ``None`` or ``"-"`` for stdout.

    Returns:
        The rendered YAML.

    Raises:
        PolicyError: The policy is invalid.
        OSError: The file cannot be written.
    """
    text = render_collector_config(load_policy(policy))
    if output_path is None or os.fspath(output_path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        path = Path(output_path)
        # Written next to the target and renamed over it: a reader never sees half a file.
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    return text


def main(argv: list[str] | None = None) -> int:
    """``phiguard collector-config [--policy P] [-o FILE]``; returns the exit status.

    Exit status 0 on success, 2 when the policy is invalid or the file cannot be written
    (the reason goes to stderr).
    """
    import argparse

    from phiguard.errors import PolicyError

    parser = argparse.ArgumentParser(
        prog="phiguard collector-config",
        description=(
            f"Render the policy as an otelcol-contrib {TARGET_VERSION} configuration."
        ),
    )
    parser.add_argument(
        "--policy", metavar="P", help="policy TOML file (default: PHIGUARD_POLICY / defaults)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    args = parser.parse_args(argv)
    try:
        write_collector_config(args.policy, args.output)
    except PolicyError as exc:
        print(f"phiguard collector-config: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"phiguard collector-config: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    return 0
