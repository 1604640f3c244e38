"""Small service setups for ``phiguard verify``: the documented ones and misconfigured ones.

Each module's ``setup()`` follows the ``--app`` contract: it configures logging and
telemetry as a service would and returns its providers. Exporters are in-memory, so nothing
leaves the test process. ``PROVIDERS`` keeps what each setup built, for teardown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

POLICY_FILE = Path(__file__).with_name("policy.toml")

#: Providers built by setups, shut down by the tests.
PROVIDERS: list[Any] = []
