"""The engine is pure: no logging framework, no OpenTelemetry, no CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKED = (
    "structlog",
    "opentelemetry",
    "logging.handlers",
    "phiguard.integrations",
    "phiguard.cli",
    "scrubadub",
)


def test_engine_imports_with_frameworks_blocked() -> None:
    """phiguard and its engine import and scrub with host frameworks made unimportable."""
    code = textwrap.dedent(
        f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if any(name == b or name.startswith(b + ".") for b in {BLOCKED!r}):
                    raise ImportError("blocked: " + name)
                return None
        sys.meta_path.insert(0, Block())
        import phiguard
        s = phiguard.Scrubber({{"default_mode": "redacted", "hmac_key": "k" * 32}})
        out = s.scrub({{"workspace_id": "w", "transcript": "mail jane@example.com"}}).record
        assert out["transcript"] == "mail <EMAIL>", out
        print("ok", sorted(m for m in sys.modules if m.startswith(("structlog", "opentelemetry"))))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok []"


def test_import_is_light() -> None:
    """Importing phiguard loads neither structlog nor OpenTelemetry nor scrubadub."""
    heavy = "{'structlog', 'opentelemetry', 'scrubadub', 'sklearn'}"
    code = (
        "import phiguard, sys; "
        f"print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in {heavy}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
