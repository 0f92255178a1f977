"""Awkward but valid files: a UTF-8 BOM, CRLF line endings, empty files, an empty folder.
Every command, edits included, works or explains; edits keep the file's line endings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import run, snapshot

from claimtrack.export.formats import ExportFormat

ADD = ["add", "--statement", "The union spoke.", "--by", "dockers-union", "--kind",
       "statement", "--framing", "denied", "--document", "memo", "--quote",
       "The Dockers Union denied it"]
EDITS = {
    "add": (ADD, "harbour.toml"),
    "review": (["review", "ministry-harbour-sold", "--status", "disputed", "--date",
                "2021-06-01", "--note", "Two lines\nof note"], "harbour.toml"),
    "link": (["link", "buyer-shell-company", "supports", "buyer-not-revealed"],
             "harbour.toml"),
    "unlink": (["unlink", "union-denies-sale", "denies", "ministry-harbour-sold"],
               "harbour.toml"),
    "new-actor": (["new-actor", "--name", "Port Authority", "--kind", "agency"],
                  "actors.toml"),
}
READS = [["check"], ["list"], ["list", "-f", "csv"], ["show", "ministry-harbour-sold"],
         ["sources"], ["flags"], ["xref", "union-denies-sale", "--depth", "3"], ["timeline"]]


def _rewrite(root: Path, *, bom: bool, crlf: bool, no_final_newline: bool = False) -> None:
    for name in ("harbour.toml", "actors.toml"):
        path = root / name
        text = path.read_text(encoding="utf-8")
        if no_final_newline:
            text = text.rstrip("\n")
        if crlf:
            text = text.replace("\n", "\r\n")
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


STYLES = {"bom": dict(bom=True, crlf=False), "crlf": dict(bom=False, crlf=True),
          "crlf-no-final-newline": dict(bom=False, crlf=True, no_final_newline=True)}


@pytest.mark.parametrize("style", STYLES)
def test_reads_work(valid_claims: Path, style: str) -> None:
    plain = {tuple(a): run(*a).out for a in READS}
    _rewrite(valid_claims, **STYLES[style])
    for args in READS:
        ran = run(*args)
        assert ran.code == 0, (args, ran)
        assert ran.out == plain[tuple(args)], args


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("style", STYLES)
def test_edits_keep_bom_and_line_endings(valid_claims: Path, style: str, edit: str) -> None:
    args, name = EDITS[edit]
    _rewrite(valid_claims, **STYLES[style])
    path = valid_claims / name
    before = path.read_bytes()
    ran = run(*args)
    assert ran.code == 0, ran
    after = path.read_bytes()
    assert after != before
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\xef\xbb\xbf") <= 1
    if STYLES[style]["crlf"]:
        assert after.count(b"\n") == after.count(b"\r\n"), after.decode()
    assert run("check").code == 0
    # The dry run of the same kind of edit shows a diff without a stray CR on each line.
    again = run(*args, "--dry-run") if edit in ("review", "new-actor") else None
    if again is not None and again.code == 0:
        assert "\r" not in again.out


def test_bare_cr_line_endings_explain(valid_claims: Path) -> None:
    path = valid_claims / "harbour.toml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    ran = run("check")
    assert ran.code == 1
    assert "harbour.toml" in ran.out
    for args in READS[1:]:
        assert run(*args).code in (0, 2)
    before = snapshot(valid_claims)
    ran = run(*EDITS["review"][0])
    assert ran.code == 2, ran
    assert snapshot(valid_claims) == before


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# only a comment\n", b"\xef\xbb\xbf",
                                     b"\r\n"])
def test_empty_dossier(valid_claims: Path, content: bytes) -> None:
    (valid_claims / "empty.toml").write_bytes(content)
    ran = run("check")
    assert ran.code in (0, 1)
    assert "empty.toml" in ran.out or content.startswith(b"#")  # comments only: no records
    for args in READS[1:]:
        assert run(*args).code == 0, args
    ran = run(*ADD, "--dossier", "empty")
    assert ran.code in (0, 1, 2)
    if ran.code == 0:
        assert b'id = "union-spoke"' in (valid_claims / "empty.toml").read_bytes()


def test_empty_actors_file(valid_claims: Path) -> None:
    actors = valid_claims / "actors.toml"
    actors.write_bytes(b"")
    assert run("list").code == 0
    ran = run("new-actor", "--name", "Port Authority", "--kind", "agency")
    assert ran.code == 0, ran
    assert b"port-authority" in actors.read_bytes()


@pytest.mark.parametrize("settings", [True, False])
def test_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: bool) -> None:
    root = tmp_path / "claims"
    root.mkdir()
    if settings:
        (root / "claimtrack.toml").write_text("format = 2\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    for args in [*READS[:3], ["sources"], ["flags"], ["timeline"]]:
        ran = run(*args)
        assert ran.code == 0, (args, ran)
    for fmt in ExportFormat:
        out = ["-o", str(tmp_path / "x.sqlite")] if fmt is ExportFormat.SQLITE else []
        ran = run("export", str(fmt), *out)
        assert ran.code == 0, (fmt, ran)
        if fmt is ExportFormat.CLAIMREVIEW:  # no claim, so no publisher is needed
            assert '"@graph": []' in ran.out
    for args in (["show", "x"], ["xref", "x"], ADD, EDITS["review"][0],
                 EDITS["link"][0]):
        ran = run(*args)
        assert ran.code == 2, (args, ran)
        assert ran.err.startswith("claimtrack: ")
    assert run("new-actor", "--name", "Port Authority", "--kind", "agency").code == 0
    assert run("check").code == 0


@pytest.mark.parametrize("content", [b"\xef\xbb\xbfformat = 2\r\n", b"format = 2"])
def test_settings_file_with_bom_or_crlf(valid_claims: Path, content: bytes) -> None:
    (valid_claims / "claimtrack.toml").write_bytes(content)
    for args in READS:
        assert run(*args).code == 0, args
    assert run("migrate").code == 0


def test_settings_file_that_is_a_pipe_is_a_message(valid_claims: Path) -> None:
    import os

    (valid_claims / "claimtrack.toml").unlink()
    os.mkfifo(valid_claims / "claimtrack.toml")
    ran = run("list")
    assert ran.code == 2
    assert "claimtrack.toml" in ran.err and "not a regular file" in ran.err
