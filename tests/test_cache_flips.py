"""Random bit flips anywhere in the cache's files (the database and its seal) end in the
same answer as ``--no-cache`` (the damage was found and the cache rebuilt) or in one clear
message; never in an internal error, never in a wrong answer.

The folder is small, so its cache is too. A bit of every byte of the seal and of the
database's header (its first 100 bytes, which SQLite reads first) is flipped, and bits drawn
over the whole database; under the ``slow`` marker, every bit of the seal and the header
and ``FLIPS_PER_DATABASE`` drawn bits.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app

QUERIES = [("list", "-f", "csv"), ("check",), ("flags", "-f", "csv", "--as-of", "2026-01-01"),
           ("show", "union-denies-sale"), ("xref", "union-denies-sale", "--depth", "2"),
           ("sources", "-f", "csv"), ("timeline", "-f", "csv")]
SEED = 20261207
FLIPS_PER_DATABASE = 2000


def _run(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(app, list(args))
    error = result.exception
    if isinstance(error, SystemExit):
        error = None
    return result.exit_code, result.stdout, result.stderr, error


def judge(args: tuple[str, ...], truth: tuple[int, str]) -> str:
    """``ok`` (the answer of --no-cache), ``message`` (one clear line, exit 1 or 2), or what
    went wrong: ``internal`` (an exception escaped) or ``wrong`` (another answer)."""
    code, out, err, error = _run(*args)
    if error is not None or "internal error" in err:
        return f"internal: {type(error).__name__}: {error}"
    if (code, out) == truth:
        return "ok"
    lines = [line for line in err.splitlines() if line.strip()]
    if code in (1, 2) and not out and len(lines) == 1 and lines[0].startswith("claimtrack: "):
        return "message"
    return f"wrong: exit {code}, stderr {err[:300]!r}"


@pytest.fixture
def pristine(valid_claims: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[tuple[Path, dict[tuple[str, ...], tuple[int, str]]]]:
    """A cache of the valid folder, as a claimtrack leaves it, and the true answers."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(cache))
    truth = {}
    for query in QUERIES:
        code, out, _, error = _run("--no-cache", *query)
        assert error is None
        truth[query] = (code, out)
    assert _run("list")[0] == 0
    saved = tmp_path / "saved"
    shutil.copytree(cache, saved)
    yield saved, truth


def _restore(saved: Path, cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(saved, cache)


def _flip(path: Path, bit: int) -> None:
    data = bytearray(path.read_bytes())
    data[bit // 8] ^= 1 << (bit % 8)
    path.write_bytes(bytes(data))


def _positions(saved: Path, draws: int, *, every: bool) -> list[tuple[str, int]]:
    """(file name, bit) of each flip: in every small file of the cache (the seal; the lock
    is empty) and in the database's first 100 bytes (its header), every bit (``every``) or
    one drawn in each byte; then ``draws`` bits drawn over the whole database."""
    (db,) = saved.glob("*.sqlite")
    rng = random.Random(SEED)
    found = []
    files = [(p.name, p.stat().st_size) for p in sorted(saved.iterdir())
             if p != db and p.stat().st_size <= 4096]
    assert [name for name, size in files if size] == [f"{db.name}-seal"]
    for name, size in [*files, (db.name, 100)]:
        for byte in range(size):
            bits = range(8) if every else [rng.randrange(8)]
            found += [(name, byte * 8 + bit) for bit in bits]
    found += [(db.name, rng.randrange(db.stat().st_size * 8)) for _ in range(draws)]
    return found


def _flips(saved: Path, truth: dict[tuple[str, ...], tuple[int, str]], draws: int, *,
           every: bool) -> tuple[int, dict[str, list[str]]]:
    cache = Path(os.environ["CLAIMTRACK_CACHE_DIR"])
    positions = _positions(saved, draws, every=every)
    failed: dict[str, list[str]] = {}
    for number, (name, bit) in enumerate(positions):
        _restore(saved, cache)
        _flip(cache / name, bit)
        query = QUERIES[number % len(QUERIES)]
        verdict = judge(query, truth[query])
        if verdict not in ("ok", "message"):
            failed.setdefault(verdict.split(":")[0], []).append(
                f"{name} bit {bit} ({' '.join(query)}): {verdict}")
    return len(positions), failed


def _report(tried: int, failed: dict[str, list[str]]) -> str:
    lines = [f"{tried} flips tried; failed: "
             + ", ".join(f"{len(v)} {k}" for k, v in failed.items())]
    lines += [line for found in failed.values() for line in found[:5]]
    return "\n".join(lines)


def test_flipped_bits_in_the_cache_are_found_or_said(pristine: tuple[Path, dict[
        tuple[str, ...], tuple[int, str]]]) -> None:
    saved, truth = pristine
    tried, failed = _flips(saved, truth, draws=100, every=False)
    assert not failed, _report(tried, failed)


@pytest.mark.slow
def test_many_more_flipped_bits(pristine: tuple[Path, dict[tuple[str, ...],
                                                           tuple[int, str]]]) -> None:
    saved, truth = pristine
    tried, failed = _flips(saved, truth, draws=FLIPS_PER_DATABASE, every=True)
    assert not failed, _report(tried, failed)
