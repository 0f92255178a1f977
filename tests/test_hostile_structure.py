"""Hostile structure: symlink loops, deep nesting, huge integers, huge ids, thousands of
relations, long chains, non-UTF-8 bytes in arguments and paths. Messages, never crashes."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hostile_support import assert_terminal_safe, run, run_process, snapshot

READS = [["check"], ["list", "-f", "csv"], ["sources", "-f", "csv"], ["flags", "-f", "csv"],
         ["timeline", "-f", "csv"], ["export", "json", "--nested"], ["export", "dot"],
         ["export", "html"]]
"""Every kind of read; csv rather than a table, whose drawing is not what is tested."""
BIG_READS = [["check"], ["list", "-f", "csv"], ["flags", "-f", "csv"],
             ["export", "json", "--nested"]]
"""The reads of a folder with thousands of claims: the ones that walk relations."""


def _claim(claim_id: str, extra: str = "", quote: str = "has not revealed the buyer") -> str:
    return f'''
[[claims]]
id = "{claim_id}"
statement = "Claim {claim_id[:20]}."
claimant = "memo-editorial"
kind = "observation"
{extra}
[[claims.appearances]]
document = "memo"
quote = "{quote}"
framing = "asserted"
attribution = "own"
'''


def _reads_work(*, allowed: tuple[int, ...] = (0, 1), reads: list[list[str]] = READS) -> None:
    for args in reads:
        ran = run(*args)
        assert ran.code in allowed, (args, ran)
        assert "internal error" not in ran.err


@pytest.mark.parametrize("how", ["pair", "self", "folder-loop"])
def test_symlink_loops_among_dossiers(valid_claims: Path, how: str) -> None:
    if how == "pair":
        (valid_claims / "a.toml").symlink_to("b.toml")
        (valid_claims / "b.toml").symlink_to("a.toml")
    elif how == "self":
        (valid_claims / "self.toml").symlink_to("self.toml")
    else:
        (valid_claims / "documents" / "loop").symlink_to("..", target_is_directory=True)
    _reads_work()
    ran = run("check")
    if how != "folder-loop":
        assert ran.code == 1
        assert ".toml" in ran.out
    ran = run("add", "--statement", "S.", "--by", "dockers-union", "--kind", "statement",
              "--framing", "denied", "--document", "memo", "--quote",
              "The Dockers Union denied it", "--dossier", "self" if how == "self" else "a")
    assert ran.code in (1, 2) if how != "folder-loop" else ran.code == 2


@pytest.mark.parametrize("kind", ["array", "inline-table", "mixed"])
def test_deep_nesting(valid_claims: Path, kind: str) -> None:
    depth = 50_000
    if kind == "array":
        value = "[" * depth + "]" * depth
    elif kind == "inline-table":
        value = "{a = " * depth + "1" + "}" * depth
    else:
        value = "[{a = " * (depth // 2) + "1" + "}]" * (depth // 2)
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text().replace(
        'kind = "announcement"', f'kind = "announcement"\nwords = {value}', 1))
    before = snapshot(valid_claims)
    # A separate process: a parser that overflows the C stack would kill it, not pytest.
    for args in (["check"], ["show", "union-denies-sale"],
                 ["review", "ministry-harbour-sold", "--status", "disputed"]):
        ran = run_process(*args, cwd=valid_claims.parent)
        assert ran.code in (0, 1, 2), (args, ran.err[-500:])
        assert "internal error" not in ran.err and "Traceback" not in ran.err
        if args == ["check"]:
            assert "harbour.toml" in ran.out and "deep" in ran.out
    assert snapshot(valid_claims) == before


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999",
                                   "0x7fffffffffffffffff", "9223372036854775808"])
def test_integers_beyond_64_bits(valid_claims: Path, value: str) -> None:
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text().replace(
        'kind = "announcement"', f'kind = "announcement"\ncredibility = {value}', 1))
    _reads_work()
    ran = run("check")
    assert ran.code == 1
    assert "credibility" in ran.out and "harbour.toml" in ran.out
    ran = run("review", "union-denies-sale", "--status", "disputed")
    assert ran.code in (0, 1)


def test_huge_integer_in_an_unknown_place(valid_claims: Path) -> None:
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text() + "\n[[claims]]\nid = 1\nstatement = "
                       "99999999999999999999999\n")
    _reads_work()


def test_ten_thousand_character_ids(valid_claims: Path) -> None:
    long_id = "a" + "-b" * 5000
    actor = "x" * 10_000
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text() + _claim(long_id, f'about = ["{actor}"]')
                       + f'\n[[claims.relations]]\ntype = "supports"\ntarget = "{long_id}z"\n')
    _reads_work()
    for args in (["show", long_id], ["xref", long_id, "--depth", "5"],
                 ["show", long_id + "q"], ["review", long_id + "q", "--status", "disputed"],
                 ["list", "--by", actor], ["review", long_id, "--status", "disputed"]):
        ran = run(*args)
        assert ran.code in (0, 1, 2), (args[0], ran.err[:300])
        assert len(ran.err) < 5_000, ran.err[:300]  # a message, not a wall of text


def test_thousands_of_relations_on_one_claim(valid_claims: Path) -> None:
    n = 2000
    # The targets in a dossier of their own: the edit below parses only the hub's file.
    (valid_claims / "targets.toml").write_text("".join(_claim(f"t-{i}") for i in range(n)))
    relations = "".join(f'\n[[claims.relations]]\ntype = "supports"\ntarget = "t-{i}"\n'
                        for i in range(n))
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text() + _claim("hub") + relations)
    _reads_work(reads=BIG_READS)
    for args in (["show", "hub"], ["xref", "hub", "--depth", "3"], ["xref", "t-7"],
                 ["unlink", "hub", "supports", f"t-{n - 1}"]):
        ran = run(*args)
        assert ran.code == 0, (args, ran.err[:300])


def test_relation_chain_thousands_long(valid_claims: Path) -> None:
    n = 3000
    chain = "".join(
        _claim(f"c-{i}") + (f'\n[[claims.relations]]\ntype = "responds_to"\ntarget = '
                            f'"c-{i + 1}"\n' if i < n - 1 else "")
        for i in range(n - 1))
    (valid_claims / "chain.toml").write_text(chain)
    # The last link in a dossier of its own: the edit below parses only that file.
    (valid_claims / "chain-end.toml").write_text(_claim(f"c-{n - 1}"))
    ran = run("xref", "c-0", "--depth", str(n + 10))
    assert ran.code == 0
    assert ran.out.count("\n") == n
    ran = run("xref", f"c-{n // 2}", "--depth", str(n), "-f", "csv")
    assert ran.code == 0
    _reads_work(reads=BIG_READS)
    assert run("link", f"c-{n - 1}", "responds_to", "c-0").code == 0  # a cycle
    assert run("xref", "c-0", "--depth", str(n + 10)).code == 0


def _non_utf8_folder(tmp_path: Path) -> bytes:
    from conftest import VALID

    base = os.fsencode(tmp_path) + b"/caf\xe9-\xff"
    os.mkdir(base)
    shutil.copytree(VALID, os.fsdecode(base + b"/claims"))
    return base


def test_non_utf8_folder_path(tmp_path: Path) -> None:
    base = _non_utf8_folder(tmp_path)
    env = {"CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["check"], ["list"], ["show", "ministry-harbour-sold"], ["export", "json"],
                 ["review", "ministry-harbour-sold", "--status", "disputed"],
                 ["review", "ministry-harbour-sold", "--status", "disputed", "--dry-run"],
                 ["show", "nope"]):
        ran = run_process(*args, cwd=base, env=env)
        assert ran.code in (0, 2), (args, ran.err)
        assert_terminal_safe(ran.out + ran.err, " ".join(args))
    broken = base + b"/claims/harbour.toml"
    with open(broken, "ab") as handle:
        handle.write(b"\n[[claims]]\nid = 3\n")
    ran = run_process("check", cwd=base, env=env)
    assert ran.code == 1
    assert "harbour.toml" in ran.out


@pytest.mark.parametrize("args", [
    [b"show", b"caf\xe9"], [b"list", b"--by", b"\xff\xfe"], [b"list", b"--search", b"\xc3("],
    [b"xref", b"\xed\xa0\x80"], [b"export", b"csv", b"-o", b"out-\xff.csv"],
    [b"review", b"\xff", b"--status", b"disputed"],
    [b"add", b"--statement", b"Caf\xe9", b"--by", b"dockers-union", b"--kind", b"statement",
     b"--framing", b"denied", b"--document", b"memo", b"--quote",
     b"The Dockers Union denied it"],
    [b"new-actor", b"--name", b"\xff", b"--kind", b"agency"],
    [b"--claims", b"\xff", b"list"], [b"extract", b"\xff.txt"],
])
def test_non_utf8_arguments(valid_claims: Path, tmp_path: Path, args: list[bytes]) -> None:
    before = snapshot(valid_claims)
    ran = run_process(*args, cwd=valid_claims.parent,
                      env={"CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")})
    assert ran.code in (0, 1, 2), ran.err
    assert ran.err == "" or ran.err.startswith("claimtrack: ") or ran.code == 0, ran.err
    assert_terminal_safe(ran.err)
    if args[0] in (b"add", b"new-actor"):
        assert ran.code == 2, ran
        assert snapshot(valid_claims) == before


def test_special_files_in_the_folder(valid_claims: Path) -> None:
    os.mkfifo(valid_claims / "pipe.toml")
    (valid_claims / "folder.toml").mkdir()
    _reads_work()
    ran = run("check")
    assert "pipe.toml" in ran.out and "folder.toml" in ran.out


def test_nul_in_a_document_path(valid_claims: Path) -> None:
    harbour = valid_claims / "harbour.toml"
    harbour.write_text(harbour.read_text().replace('"documents/memo.txt"',
                                                   '"documents/memo\\u0000.txt"'))
    _reads_work()
    assert run("show", "ministry-harbour-sold").code == 0


def test_the_last_resort_guard_says_how_to_report(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import claimtrack.cli as cli

    def broken() -> None:
        raise RuntimeError("a bug \x1b[2J")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setattr(sys, "argv", ["claimtrack", "list"])
    monkeypatch.delenv("CLAIMTRACK_DEBUG", raising=False)
    monkeypatch.setattr(sys, "stderr", sys.stderr)  # main() wraps it; put it back after
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 70
    err = capsys.readouterr().err
    assert "internal error" in err and "please report it" in err and "CLAIMTRACK_DEBUG=1" in err
    assert_terminal_safe(err)
