"""Time the TOML parsers claimtrack could read a folder with, and check they agree.

    python benchmarks/toml_parsers.py FOLDER [--runs 3]

Reads every ``*.toml`` file of FOLDER (a generated one: ``python benchmarks/generate.py``)
into memory once, then parses all of them with each parser ``--runs`` times and prints the
median CPU time, the ratio to ``tomllib`` (the standard library's parser, the baseline), and
whether every file gave the same values as ``tomllib``. claimtrack parses with ``rtoml``
and keeps ``tomllib`` for the wording and line of syntax errors (``claimtrack/parse.py``).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _parsers() -> dict[str, Callable[[str], dict[str, Any]]]:
    found: dict[str, Callable[[str], dict[str, Any]]] = {"tomllib": tomllib.loads}
    try:
        import rtoml

        found["rtoml"] = rtoml.loads
    except ImportError:
        pass
    try:
        import tomlkit

        found["tomlkit"] = lambda text: tomlkit.parse(text).unwrap()
    except ImportError:
        pass
    return found


def main() -> None:
    """Time each parser over the folder and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[],
                        help="a parser not to time (tomlkit is slow on large folders)")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.toml"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} files, {size / 1e6:.1f} MB, median of {args.runs} runs (CPU time)\n")
    baseline = [tomllib.loads(t) for t in texts]
    results: dict[str, tuple[float, bool]] = {}
    for name, parse in _parsers().items():
        if name in args.skip:
            continue
        times = []
        for _ in range(args.runs):
            start = time.process_time()
            values = [parse(t) for t in texts]
            times.append(time.process_time() - start)
        results[name] = (statistics.median(times), values == baseline)
    base = results["tomllib"][0]
    print("| parser | CPU s | ratio to tomllib | same values as tomllib |")
    print("|---|---:|---:|---|")
    for name, (seconds, same) in results.items():
        print(f"| {name} | {seconds:.2f} | {seconds / base:.2f} | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()
