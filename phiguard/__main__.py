"""``python -m phiguard``: the same as the ``phiguard`` command."""

from __future__ import annotations

from phiguard.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
