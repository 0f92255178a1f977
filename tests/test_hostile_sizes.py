"""Numbers of any size in every numeric option, and one enormous field: each gets one usage
message naming the option or a correct answer, never an internal error (an OverflowError,
islice's "must be an integer <= sys.maxsize", sqlite's "Python int too large"); and
``match`` over a 1 MB statement takes time linear in its size, like every other command.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import hostile_folder, run

VALUES = ["99999999999999999999999", "-99999999999999999999999", "9223372036854775807",
          "9223372036854775808", "18446744073709551616", "-9223372036854775809", "1e400",
          "-1e400", "1e308", "nan", "inf", "-inf", "0", "-1", "", " ", "abc", "1" * 5000,
          "0x10", "1_000", "\u0661", "+3", " 2", "2.0", "-0"]
"""Past 64 bits both ways, past a double, non-finite, zero and below, odd spellings."""

HUGE = {"99999999999999999999999", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "1" * 5000}
"""The values that, where they are accepted, mean "no limit": the answer is everything."""

OPTIONS: dict[str, tuple[list[str], str]] = {
    "list-limit": (["list"], "--limit"),
    "list-sorted-limit": (["list", "--sort", "id"], "--limit"),
    "list-json-limit": (["list", "-f", "json"], "--limit"),
    "sources-limit": (["sources"], "--limit"),
    "flags-limit": (["flags"], "--limit"),
    "timeline-limit": (["timeline"], "--limit"),
    "match-limit": (["match"], "--limit"),
    "match-text-limit": (["match", "--text", "the harbour was sold"], "--limit"),
    "match-per-claim": (["match"], "--per-claim"),
    "match-min-score": (["match"], "--min-score"),
    "match-text-min-score": (["match", "--text", "the harbour was sold"], "--min-score"),
    "xref-depth": (["xref", "union-denies-sale"], "--depth"),
    "xref-depth-json": (["xref", "union-denies-sale", "-f", "json"], "--depth"),
    "flags-stale-after": (["flags"], "--stale-after"),
    "flags-stale-after-ancient": (["flags", "--as-of", "0001-01-01"], "--stale-after"),
    "flags-stale-after-far": (["flags", "--as-of", "9999-12-31"], "--stale-after"),
    "edit-appearance": (["edit", "ministry-harbour-sold", "--framing", "alleged", "-n"],
                        "--appearance"),
}
"""Every numeric option of every command, in a command that uses it."""

REFERENCE = {"--limit": "1000000", "--per-claim": "1000000", "--depth": "1000000"}
"""A large ordinary value: what a huge one must answer the same as."""


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("case", list(OPTIONS))
def test_any_number_in_any_numeric_option(valid_claims: Path, case: str, value: str) -> None:
    args, option = OPTIONS[case]
    ran = run(*args, option, value)  # an internal error fails here
    assert ran.code in (0, 1, 2), ran
    if ran.code == 2:
        assert option in ran.err, ran.err
        assert ran.err.count("\n") <= 4, ran.err  # Click: usage, hint, blank, error
        return
    if value in HUGE and option in REFERENCE:
        assert ran.out == run(*args, option, REFERENCE[option]).out, (case, value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "-0.5", "1.5", "-1e400"])
def test_a_score_outside_0_to_1_is_a_usage_error(valid_claims: Path, value: str) -> None:
    """``--min-score nan`` kept nothing and said nothing: a score is a number from 0 to 1."""
    for args in (["match"], ["match", "--text", "the harbour was sold"]):
        ran = run(*args, "--min-score", value)
        assert ran.code == 2, (args, value, ran)
        assert "--min-score" in ran.err


@pytest.mark.parametrize("value", ["-1", "-99999999999999999999999", "abc", "1e400", "nan"])
def test_a_limit_that_is_no_number_of_rows_is_a_usage_error(valid_claims: Path,
                                                             value: str) -> None:
    for args in (["list"], ["timeline"], ["match"], ["sources"], ["flags"]):
        ran = run(*args, "--limit", value)
        assert ran.code == 2, (args, value, ran)
        assert "--limit" in ran.err


def test_a_huge_limit_lists_everything(valid_claims: Path) -> None:
    every = json.loads(run("list", "-f", "json").out)
    for value in sorted(v for v in HUGE if len(v) < 100):  # 5000 digits: Click says no
        shown = json.loads(run("list", "-f", "json", "--limit", value).out)
        assert shown == every


def _chain(root: Path, length: int) -> None:
    """A dossier of ``length`` claims, each responding to the one before."""
    parts = []
    for n in range(length):
        parts.append(f'[[claims]]\nid = "link-{n}"\nstatement = "Link {n} of a chain."\n'
                     'claimant = "dockers-union"\nkind = "statement"\n')
        if n:
            parts.append(f'[[claims.relations]]\ntype = "responds_to"\ntarget = "link-{n - 1}"\n')
    (root / "chain.toml").write_text("\n".join(parts), encoding="utf-8")


@pytest.mark.parametrize("depth", ["99999999999999999999999", "9223372036854775807"])
def test_an_unbounded_depth_walks_a_long_chain(valid_claims: Path, depth: str) -> None:
    _chain(valid_claims, 1500)
    ran = run("xref", "link-1499", "--depth", depth, "-f", "json")
    assert ran.code == 0, ran
    assert {row["claim"] for row in json.loads(ran.out)} == {f"link-{n}" for n in range(1499)}
    tree = run("xref", "link-1499", "--depth", depth)
    assert tree.code == 0 and "link-0 " in tree.out


# -- one enormous statement ---------------------------------------------------------------------

SIZES = (10_000, 100_000, 1_000_000)
RATIO = 24
"""Ten times the size may take at most this many times as long: linear growth gives about
10 (less, with the fixed cost of starting), quadratic 100."""

TEXTS: dict[str, Callable[[int], str]] = {
    # Every word new: a full-text query as long as the text, if nothing bounds it.
    "distinct-words": lambda n: " ".join(f"word{i}x" for i in range(n // 9)),
    # A few words over and over, with figures ("30 ships", "12 cranes").
    "repeated-words": lambda n: ("the harbour of 30 ships was sold to 12 cranes; " * n)[:n],
    "one-word": lambda n: "h" * n,
}


def _best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.slow
@pytest.mark.parametrize("text", list(TEXTS))
@pytest.mark.parametrize("command", [["match"], ["match", "--text", "harbour ships sold"],
                                     ["check"], ["list", "-f", "github"], ["flags"],
                                     ["export", "json"], ["show", "answers-hostile"]],
                         ids=lambda c: "-".join(c[:2]).replace(" ", "_"))
def test_one_statement_of_a_megabyte_costs_linear_time(tmp_path: Path, text: str,
                                                       command: list[str]) -> None:
    from conftest import VALID

    times = {}
    for n in SIZES:
        root = tmp_path / str(n) / "claims"
        shutil.copytree(VALID, root)
        hostile_folder(root, {"claim.statement": TEXTS[text](n)})

        def once(root: Path = root) -> None:
            assert run("--claims", str(root), "--no-cache", *command).code in (0, 1)
        times[n] = _best(once)
    shown = ", ".join(f"{n:,} bytes {t:.2f} s" for n, t in times.items())
    assert times[SIZES[2]] < RATIO * max(times[SIZES[1]], 0.05), shown
    assert times[SIZES[1]] < RATIO * max(times[SIZES[0]], 0.05), shown
