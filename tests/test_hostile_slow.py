"""Slow inputs: no command's time grows faster than linearly in the size of one field or one
line. Each case is timed at a size and at eight times it (best of three): linear growth
gives about 8, quadratic 64; the bound, 24, leaves room for a loaded machine and none for
a quadratic step. (Extraction's own sentence handling is tested with the extractor.)"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import hostile_folder, run

from claimtrack.anchor import find_quote, sentence_around
from claimtrack.inert import one_line, visible
from claimtrack.toml_lines import LineMap

RATIO = 24


def _best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _linear(case: Callable[[int], Callable[[], object]], n: int) -> None:
    small, large = _best(case(n)), _best(case(8 * n))
    assert large < RATIO * max(small, 0.005), (small, large)


FUNCTIONS: dict[str, Callable[[int], Callable[[], object]]] = {
    # A header-like line that never closes (inside a file with a problem to point at).
    "line-map-open-header": lambda n: lambda: LineMap("[" + " " * n + "é\nx = 1\n").line("x"),
    "line-map-long-name": lambda n: lambda: LineMap("[[" + "a " * n + "\n").line("a"),
    # A quote that repeats itself, in a text made of it: thousands of overlapping places.
    "quote-periodic": lambda n: lambda: find_quote("ab" * n, "ab" * (n // 2)),
    "quote-long-prefix": lambda n: lambda: find_quote("a" * n, "a", prefix="a" * (n // 2)),
    "sentence-without-end": lambda n: lambda: sentence_around("word " * n, n, n + 4),
    "visible": lambda n: lambda: visible("\x1b[31m" * n),
    "one-line": lambda n: lambda: one_line("a\r\nb\x07" * n),
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_functions_on_one_long_value(name: str) -> None:
    _linear(FUNCTIONS[name], 20_000)


FIELDS = ["appearance.quote", "claim.id"]
"""The quote is searched for in its document; the id is named in every message."""


@pytest.mark.parametrize("field", FIELDS)
def test_commands_on_one_long_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    field: str) -> None:
    from conftest import VALID

    def folder(n: int) -> Path:
        root = tmp_path / str(n) / "claims"
        if not root.exists():
            shutil.copytree(VALID, root)
            # A long run of one word with spaces, a repeated phrase, and no sentence end.
            hostile_folder(root, {field: "the harbour " * (n // 12) + "\x1b|<x>"})
        return root

    def case(n: int) -> Callable[[], object]:
        root = folder(n)

        def commands() -> None:
            for args in (["check"], ["list", "-f", "github"], ["show", "answers-hostile"]):
                assert run("--claims", str(root), "--no-cache", *args).code in (0, 1)
        return commands

    _linear(case, 30_000)
