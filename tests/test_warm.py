"""Answers from the index cache equal answers from the full dataset, whatever the cache holds.

``list``, ``show``, ``flags`` and ``check`` answer from the index cache when the folder is
sound (``claimtrack.warm``). These tests compare every such answer with the one computed
from a fresh parse (``--no-cache``): on the bundled dossier, on a generated one, for random
selections, and after the cache was made stale or corrupt behind claimtrack's back.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtrack.cache import IndexCache
from claimtrack.cli import app
from claimtrack.dates import PartialDate
from claimtrack.export.table import CLAIM_COLUMNS, rows
from claimtrack.flags import RULES, FlagContext, arrange, find_flags
from claimtrack.index import Index
from claimtrack.load import load
from claimtrack.model import ClaimKind, Framing, Status
from claimtrack.query import Selection, select
from claimtrack.warm import Warm

_GENERATE = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def _generate(out: Path, claims: int, files: int, seed: int) -> None:
    spec = importlib.util.spec_from_file_location("claimtrack_bench_generate", _GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(out, claims, files, seed)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic folder of 400 claims in 4 files (relations across files, reviews)."""
    out = tmp_path_factory.mktemp("generated") / "claims"
    _generate(out, 400, 4, seed=11)
    return out


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def both_ways(root: Path, *args: str) -> tuple[int, str, str]:
    """Run a command cold, warm and uncached; all three must agree. Return the answer."""
    cold = invoke("--claims", str(root), *args)
    warm = invoke("--claims", str(root), *args)
    fresh = invoke("--claims", str(root), "--no-cache", *args)
    assert cold == fresh
    assert warm == fresh
    return fresh


COMMANDS = [
    ("list",),
    ("list", "--format", "csv"),
    ("list", "--status", "unverified", "--format", "csv"),
    ("list", "--format", "json", "--columns", ",".join(CLAIM_COLUMNS)),
    ("list", "--format", "jsonl", "--columns", "claimant_name,about,tags,words,credibility"),
    ("list", "--sort", "-made", "--limit", "7", "--format", "github"),
    ("list", "--sort", "claimant_name", "--format", "tsv"),
    ("list", "--flagged", "--format", "csv"),
    ("list", "--kind", "denial", "--kind", "allegation", "--framing", "alleged",
     "--format", "csv"),
    ("list", "--since", "2023-09", "--until", "2024", "--format", "csv"),
    ("list", "--search", "ARREST", "--search", "the", "--format", "csv"),
    ("list", "--status", "nonsense"),
    ("list", "--by", "nobody-at-all"),
    ("list", "--columns", "nonsense"),
    ("flags", "--format", "csv"),
    ("flags", "--rule", "single-source", "--rule", "unverified", "--format", "csv"),
    ("flags", "--stale-after", "30", "--as-of", "2026-01-01", "--format", "csv"),
    ("flags", "--status", "unverified", "--strict", "--format", "csv"),
    ("flags", "--rule", "nonsense"),
    ("check",),
    ("check", "--format", "json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_bundled_answers_agree(bundled_claims: Path, args: tuple[str, ...]) -> None:
    both_ways(bundled_claims, *args)


def test_bundled_filters_by_actor_agree(bundled_claims: Path) -> None:
    for option, names in (("--by", ("nss", "National Security Service")),
                          ("--about", ("Sargis Poghosian", "sarkis poghosyan"))):
        answers = {both_ways(bundled_claims, "list", option, name, "--format", "csv")
                   for name in names}
        assert len(answers) == 1
        code, out, _ = answers.pop()
        assert code == 0 and out.count("\n") > 1
    both_ways(bundled_claims, "list", "--about", "bazeyan", "--document",
              "wp-armenia-coup-2023-09", "--format", "csv")


def test_bundled_show_agrees(bundled_claims: Path) -> None:
    ids = list(load(bundled_claims).claims)
    for claim_id in ids:
        code, _, _ = both_ways(bundled_claims, "show", claim_id)
        assert code == 0
    both_ways(bundled_claims, "show", "--format", "json", *ids[:5])
    code, _, err = both_ways(bundled_claims, "show", "bazeyan-denies")
    assert code == 2 and "did you mean" in err


@pytest.mark.parametrize("args", COMMANDS[:11] + COMMANDS[14:18] + COMMANDS[19:],
                         ids=" ".join)
def test_generated_answers_agree(generated: Path, args: tuple[str, ...]) -> None:
    both_ways(generated, *args)


def test_generated_show_agrees(generated: Path) -> None:
    dataset = load(generated)
    related = [c.id for c in dataset.claims.values() if c.relations][:15]
    for claim_id in ["claim-0", "claim-399", *related]:
        assert both_ways(generated, "show", claim_id)[0] == 0
    both_ways(generated, "show", "--format", "json", "claim-1", "claim-2", "claim-1")


def selections(root: Path) -> st.SearchStrategy[Selection]:
    dataset = load(root)
    actors = sorted(dataset.actors)
    tags = [*sorted({t for c in dataset.claims.values() for t in c.tags}), "no-such-tag"]
    words = sorted({w for c in dataset.claims.values() for w in c.statement.split()})
    dates = st.builds(
        PartialDate, st.integers(2014, 2025), st.none() | st.integers(1, 12), st.none())

    def some(values: st.SearchStrategy[object]) -> st.SearchStrategy[frozenset[object]]:
        return st.frozensets(values, max_size=3)

    return st.builds(
        Selection,
        by=some(st.sampled_from(actors)),
        about=some(st.sampled_from(actors)),
        status=some(st.sampled_from(list(Status))),
        kind=some(st.sampled_from(list(ClaimKind))),
        framing=some(st.sampled_from(list(Framing))),
        document=some(st.sampled_from(sorted(dataset.documents))),
        tag=some(st.sampled_from(tags)),
        since=st.none() | dates,
        until=st.none() | dates,
        search=st.lists(st.sampled_from(words).map(str.casefold) | st.text(max_size=2),
                        max_size=2).map(tuple),
    )


def test_random_selections_agree(generated: Path) -> None:
    dataset = load(generated)
    warm = Warm.open(generated)
    assert warm is not None
    strategy = selections(generated)
    column_sets = st.lists(st.sampled_from(CLAIM_COLUMNS), min_size=1, unique=True)

    @settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(strategy, column_sets)
    def agree(selection: Selection, columns: list[str]) -> None:
        expected = rows(dataset, "claims", select(dataset, selection))
        assert warm.claim_rows(selection) == expected
        assert warm.claim_ids(selection) == [r["id"] for r in expected]
        picked = warm.claim_rows(selection, columns)
        assert picked == [{c: r[c] for c in columns} for r in expected]

    try:
        agree()
    finally:
        warm.close()


def test_a_folder_with_problems_is_answered_in_full(valid_claims: Path) -> None:
    (valid_claims / "broken.toml").write_text("[[claims]\n")
    assert Warm.open(valid_claims) is None
    code, _, err = both_ways(valid_claims, "list", "--format", "csv")
    assert code == 0 and "problem" in err
    dossier = valid_claims / "harbour.toml"
    (valid_claims / "broken.toml").write_text(dossier.read_text())  # every id twice
    assert Warm.open(valid_claims) is None
    both_ways(valid_claims, "list", "--format", "csv")
    both_ways(valid_claims, "check")


def _same_size_and_mtime(path: Path, change: Callable[[str], str]) -> None:
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text and len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_content_changed_behind_our_back_is_noticed(bundled_claims: Path) -> None:
    """Same size, same mtime, new content: in a dossier, then in a document text."""
    args = [("list", "--format", "csv"), ("flags", "--format", "csv"), ("check",),
            ("show", "bazeyan-denies-charges")]
    for command in args:
        both_ways(bundled_claims, *command)
    dossier = bundled_claims / "armenia-coup-2023-09.toml"
    _same_size_and_mtime(dossier, lambda t: t.replace(
        'statement = "Albert Bazeyan denied', 'statement = "Albert Bazeyan DENIED', 1))
    for command in args:
        both_ways(bundled_claims, *command)
    assert "Albert Bazeyan DENIED" in both_ways(bundled_claims, "list", "--format", "csv")[1]
    document = next((bundled_claims / "documents").iterdir())
    _same_size_and_mtime(document, lambda t: t.replace("Bazeyan", "Bazeyen"))
    code, out, _ = both_ways(bundled_claims, "check")
    assert code == 1 and "sha256" in out
    code, out, _ = both_ways(bundled_claims, "flags", "--rule", "quote-missing",
                             "--format", "csv")
    assert "quote-missing" in out


def test_a_truncated_or_foreign_cache_gives_the_same_answers(generated: Path) -> None:
    commands = [("list", "--format", "csv"), ("flags", "--format", "csv"), ("check",),
                ("show", "claim-3")]
    answers = [both_ways(generated, *c) for c in commands]
    path = IndexCache(generated).path
    path.write_bytes(path.read_bytes()[:1000])
    for wal in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        wal.unlink(missing_ok=True)
    assert [both_ways(generated, *c) for c in commands] == answers
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value = 'from-another-version'")
        # Stale rows that would give wrong answers if they were believed.
        db.execute("UPDATE claims SET statement = 'wrong', status = 'confirmed'")
        db.execute("UPDATE results SET blob = (SELECT blob FROM results WHERE name = 'check')")
    db.close()
    assert [both_ways(generated, *c) for c in commands] == answers


def test_a_corrupt_row_or_memo_is_a_miss(generated: Path) -> None:
    commands = [("flags", "--format", "csv"), ("check",), ("show", "claim-5"),
                ("list", "--format", "csv", "--columns", "id,about,claimant_name")]
    answers = [both_ways(generated, *c) for c in commands]
    db = sqlite3.connect(IndexCache(generated).path)
    with db:
        db.execute("UPDATE results SET blob = x'00ff00'")
        db.execute("UPDATE claim_records SET record = x'00ff00'")
        db.execute("UPDATE claims SET about = 'not json'")
        db.execute("UPDATE actors SET record = x'00'")
    db.close()
    assert [both_ways(generated, *c) for c in commands] == answers


def test_warm_answers_do_not_load_the_dataset(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the cache is warm, list, show, flags and check never parse or build it all."""
    commands = [("list", "--status", "unverified", "--format", "csv"),
                ("list", "--flagged", "--format", "csv"), ("show", "claim-7"),
                ("flags", "--format", "csv"), ("check",)]
    answers = [both_ways(generated, *c) for c in commands]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warm path loaded the whole dataset")

    monkeypatch.setattr("claimtrack.load.load", refuse)
    monkeypatch.setattr("claimtrack.records.parse_file", refuse)
    assert [invoke("--claims", str(generated), *c) for c in commands] == answers


def test_arranged_findings_equal_find_flags(generated: Path) -> None:
    """The memoised findings of all rules, cut down, equal running the chosen rules."""
    dataset = load(generated)
    context = FlagContext(dataset=dataset, index=Index(dataset), today=dt.date(2026, 1, 1),
                          stale_after=2000)
    everything = [(f.rule, f.claim, f.reason)
                  for f in find_flags(context, dataset.claims.values())]
    assert {rule for rule, _, _ in everything} >= {"unverified", "stale-review"}

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(list(RULES)), unique=True),
           st.sets(st.sampled_from(sorted(dataset.claims))))
    def agree(rules: list[str], ids: set[str]) -> None:
        claims = [c for c in dataset.claims.values() if c.id in ids]
        expected = [(f.rule, f.claim, f.reason) for f in find_flags(context, claims, rules=rules)]
        assert arrange(everything, [c.id for c in claims], rules=rules) == expected

    agree()


def test_one_folder_named_two_ways_shares_one_warm_cache(
    bundled_claims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--claims claims`` (cwd-relative) and the absolute path are the same folder."""
    commands = [("list", "--format", "csv"), ("check",), ("show", "bazeyan-denies-charges")]
    answers = [both_ways(bundled_claims.resolve(), *c) for c in commands]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warm path loaded the whole dataset")

    monkeypatch.setattr("claimtrack.load.load", refuse)
    assert Path("claims").resolve() == bundled_claims.resolve()
    assert [invoke("--claims", "claims", *c) for c in commands] == answers


def _check_in_a_process(root: Path, *options: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "claimtrack", "--claims", str(root),
                           *options, "check"], capture_output=True, text=True, timeout=60,
                          check=False)
    return done.returncode, done.stdout


def test_a_pipe_in_the_folder_never_blocks(valid_claims: Path) -> None:
    """A FIFO would block a reader forever: it is reported (or skipped), never read."""
    os.mkfifo(valid_claims / "documents" / "pipe.txt")
    for options in ((), (), ("--no-cache",)):
        code, out = _check_in_a_process(valid_claims, *options)
        assert code == 0, out
    os.mkfifo(valid_claims / "pipe.toml")
    for options in ((), (), ("--no-cache",)):
        code, out = _check_in_a_process(valid_claims, *options)
        assert code == 1 and "pipe.toml:1: is not a regular file" in out, out
