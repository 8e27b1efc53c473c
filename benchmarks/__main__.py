"""Run the named benchmarks (all when none are named). Each module exposes ``run() -> None`` and prints."""

from __future__ import annotations

import importlib
import sys

#: Every benchmark, by name; each is a module in this folder with a ``run()`` function.
BENCHMARKS = ("campaigns", "coding", "stats", "exposure", "outbox", "registry")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
