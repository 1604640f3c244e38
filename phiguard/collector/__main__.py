"""``python -m phiguard.collector [--policy P] [-o FILE]``: render the collector config."""

from __future__ import annotations

from phiguard.collector import main

if __name__ == "__main__":
    raise SystemExit(main())
