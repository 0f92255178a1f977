"""Actors and claim ids as records people manage: actor edit, merge, remove; rename."""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.edit.actors import edit_actor, merge_actors, references, remove_actor
from claimtrack.edit.rename import rename_claim
from claimtrack.errors import UsageError
from claimtrack.index import Index

DOSSIER = "armenia-coup-2023-09.toml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _texts(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.toml"))}


def _changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and added, by difflib."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([line[2:] for line in diff if line.startswith("- ")],
            [line[2:] for line in diff if line.startswith("+ ")])


def test_actor_edit_sets_fields_typed_as_people_type_them(bundled_claims: Path) -> None:
    before = (bundled_claims / "actors.toml").read_text()
    code, out, err = run("actor", "edit", "the NSS", "--reliability", "c", "--kind", "Agency",
                         "--add-alias", "Armenian NSS", "--remove-alias", "the NSS")
    assert (code, err) == (0, "")
    assert out == "edited actor nss (actors.toml)\n"
    removed, added = _changed(before, (bundled_claims / "actors.toml").read_text())
    assert removed == ['aliases = ["NSS", "the NSS", "National Security Service of Armenia"]']
    assert added == ['aliases = ["NSS", "National Security Service of Armenia", "Armenian NSS"]',
                     'reliability = "C"']
    assert check_folder(bundled_claims).ok
    code, out, _ = run("list", "--by", "Armenian NSS", "-f", "csv", "-c", "claimant")
    assert code == 0 and set(out.split()[1:]) == {"nss"}


def test_actor_edit_clears_an_optional_field_and_refuses_a_taken_name(
        bundled_claims: Path) -> None:
    assert run("actor", "edit", "nss", "--affiliation", "")[0] == 0
    assert "affiliation" not in _record(bundled_claims / "actors.toml", "nss")
    code, _, err = run("actor", "edit", "nss", "--add-alias", "Albert Bazeyan")
    assert code == 2
    assert err.startswith("claimtrack: 'Albert Bazeyan' already names actor 'albert-bazeyan'")
    code, _, err = run("actor", "edit", "nss", "--kind", "agncy")
    assert (code, err.split(";")[0]) == (2, "claimtrack: --kind: unknown actor kind 'agncy'")
    code, _, err = run("actor", "edit", "nss")
    assert (code, err) == (2, "claimtrack: nothing to change: give at least one field to "
                              "set\n")


def _record(path: Path, record_id: str) -> str:
    """The text of the ``[[…]]`` record with that id."""
    text = path.read_text()
    start = text.index(f'id = "{record_id}"')
    end = text.find("\n[[", start)
    return text[start:end if end != -1 else len(text)]


def test_merge_rewrites_every_reference_and_keeps_every_other_line(
        bundled_claims: Path) -> None:
    before = _texts(bundled_claims)
    with Index.open(bundled_claims, cache=False) as index:
        named = references(index, "actors", "nss")
        assert {r.path.split(".")[-1].split("[")[0] for r in named} >= {
            "claimant", "about", "affiliation"}
    code, out, err = run("actor", "merge", "nss", "government-of-armenia")
    assert (code, err) == (0, "")
    assert out == ("merged actor nss into government-of-armenia (actors.toml, "
                   "armenia-coup-2023-09.toml)\n")
    after = _texts(bundled_claims)
    assert check_folder(bundled_claims).ok
    with Index.open(bundled_claims, cache=False) as index:
        assert references(index, "actors", "nss") == []
        assert index.actor("the NSS") == "government-of-armenia"
        assert index.actor("National Security Service") == "government-of-armenia"
    # In the dossier only the lines naming the actor changed, one for one.
    removed, added = _changed(before[DOSSIER], after[DOSSIER])
    assert len(removed) == len(added) == len({r.file + str(r.line) for r in named
                                              if r.file == DOSSIER})
    assert all('"nss"' in line for line in removed)
    assert not any('"nss"' in line for line in added)
    assert [re.sub(r'"government-of-armenia"(, )?', "", line) for line in added] == [
        re.sub(r'"(nss|government-of-armenia)"(, )?', "", line) for line in removed]
    # Every comment of every file is still there.
    for name, text in before.items():
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        assert comments == [line for line in after[name].splitlines()
                            if line.lstrip().startswith("#")], name


def test_merge_dry_run_shows_the_diff_and_writes_nothing(bundled_claims: Path) -> None:
    before = _texts(bundled_claims)
    code, out, _ = run("actor", "merge", "armenian-police", "government-of-armenia", "-n")
    assert code == 0
    assert out.startswith("--- a/claims/")
    assert '-about = ["khachakirner", "armenian-police"]' in out
    assert '+about = ["khachakirner", "government-of-armenia"]' in out
    assert '-id = "armenian-police"' in out
    assert _texts(bundled_claims) == before


def test_merge_that_would_break_the_folder_is_refused(bundled_claims: Path) -> None:
    """The article's own voice merged into a person: its document would speak as a person,
    which check refuses, so nothing is written."""
    before = _texts(bundled_claims)
    code, _, err = run("actor", "merge", "wikipedia-editorial", "albert-bazeyan")
    assert code == 1
    assert err.startswith("claimtrack: refused: the edit would add")
    assert "a document's voice is an 'editorial' actor" in err
    assert _texts(bundled_claims) == before
    code, _, err = run("actor", "merge", "NSS", "the NSS")
    assert (code, err) == (2, "claimtrack: 'NSS' and 'the NSS' are the same actor, 'nss'\n")


def test_remove_refuses_while_named_and_removes_an_unused_actor(bundled_claims: Path) -> None:
    before = _texts(bundled_claims)
    code, _, err = run("actor", "remove", "khachakirner")
    assert code == 2
    lines = err.split("\n")
    assert lines[0].startswith("claimtrack: actor 'khachakirner' is still named in ")
    assert re.fullmatch(r"  claims/actors\.toml:\d+: actors\[\d+\]\.affiliation", lines[1])
    assert _texts(bundled_claims) == before
    assert run("new-actor", "--name", "Port Auditor", "--kind", "person")[0] == 0
    code, out, _ = run("actor", "remove", "Port Auditor")
    assert (code, out) == (0, "removed actor port-auditor (actors.toml)\n")
    assert _texts(bundled_claims) == before


def test_rename_follows_relations_evidence_and_acknowledged_findings(
        bundled_claims: Path) -> None:
    assert run("flags", "--acknowledge", "interested-party:govt-announces-foiled-coup",
               "--reason", "The subject of the dossier.", "--reviewer", "desk")[0] == 0
    assert run("rename", "bazeyan-denies-charges", "bazeyan-denial")[0] == 0
    code, out, _ = run("rename", "govt-announces-foiled-coup", "govt-announcement")
    assert (code, out) == (0, "renamed govt-announces-foiled-coup to govt-announcement "
                              "(armenia-coup-2023-09.toml, claimtrack.toml)\n")
    assert check_folder(bundled_claims).ok
    text = "".join(_texts(bundled_claims).values())
    assert "govt-announces-foiled-coup" not in text and "bazeyan-denies-charges" not in text
    assert 'evidence = ["bazeyan-denial", "nss-connection-not-stated"]' in text
    code, out, _ = run("flags", "--rule", "interested-party", "-f", "csv")
    assert "interested-party,govt-announcement,\"acknowledged (The subject" in out
    code, out, _ = run("xref", "govt-announcement", "-f", "csv", "-c", "claim")
    assert code == 0 and "plot-preliminary-conspiracy" in out


@pytest.mark.parametrize(("args", "message"), [
    (["rename", "no-such-claim", "x"], "claimtrack: unknown claim 'no-such-claim'\n"),
    (["rename", "nss-detected-plot", "Bad Id"], "claimtrack: 'Bad Id' is not an id: use "
     "lowercase letters, digits and single hyphens (e.g. 'nss-announces-coup')\n"),
    (["rename", "nss-detected-plot", "nss-arrested-ringleaders"],
     "claimtrack: claim 'nss-arrested-ringleaders' already exists\n"),
])
def test_a_bad_rename_says_why_and_writes_nothing(args: list[str], message: str,
                                                  bundled_claims: Path) -> None:
    before = _texts(bundled_claims)
    assert run(*args)[::2] == (2, message)
    assert _texts(bundled_claims) == before


def test_the_library_is_what_the_command_line_calls(bundled_claims: Path) -> None:
    """The same functions, for serve's actor pages: each returns what it wrote."""
    before = _texts(bundled_claims)
    with Index.open(bundled_claims, cache=False) as index:
        result = edit_actor(index, "nss", {"description": "The security service."},
                            dry_run=True)
        assert '+description = "The security service."' in result.diff
        assert not result.written
        merged = merge_actors(index, "armenian-police", "government-of-armenia",
                              dry_run=True)
        assert {r.path.name for r in merged} == {"actors.toml", DOSSIER}
        renamed = rename_claim(index, "nss-detected-plot", "nss-found-plot", dry_run=True)
        assert '+id = "nss-found-plot"' in renamed[0].diff
        with pytest.raises(UsageError, match="is still named in"):
            remove_actor(index, "nss")
    assert _texts(bundled_claims) == before  # every call was a dry run


def test_merge_leaves_values_tomlkit_would_respace_as_they_were(tmp_path: Path) -> None:
    # tomlkit writes `{ by = "x", date = 2026-01-10 }` back as `{ …2026-01-10}` when it
    # dumps a whole file; a merge must change the references it rewrites and nothing else.
    root = tmp_path / "claims"
    (root / "documents").mkdir(parents=True)
    note = "The pier fell. The union said so.\n"
    (root / "documents" / "note.txt").write_text(note)
    sha = hashlib.sha256(note.encode()).hexdigest()
    text = (
        '[[actors]]\nid = "union"\nname = "The Union"\nkind = "organization"\n\n'
        '[[actors]]\nid = "dockers"\nname = "Dockers"\nkind = "organization"\n\n'
        '[[documents]]\nid = "note"\ntitle = "Note"\ntext = "documents/note.txt"\n'
        f'sha256 = "{sha}"\n\n'
        '[[claims]]\nid = "pier-fell"\nstatement = "The pier fell."\nclaimant = "union"\n'
        'kind = "report"\ndrafted = { by = "claimtrack extract", date = 2026-01-10 }\n\n'
        '[[claims.appearances]]\ndocument = "note"\nquote = "The pier fell."\n'
        'framing = "reported"\nattribution = "explicit"\n\n'
        '[[claims]]\nid = "union-said"\nstatement = "The union said so."\n'
        'claimant = "dockers"\nkind = "statement"\n'
        'drafted = { by = "claimtrack extract", date = 2026-01-10 }  # kept\n\n'
        '[[claims.appearances]]\ndocument = "note"\nquote = "The union said so."\n'
        'framing = "reported"\nattribution = "explicit"\n')
    (root / "dossier.toml").write_text(text)
    (root / "claimtrack.toml").write_text("format = 2\n")
    assert check_folder(root).ok, check_folder(root).problems
    with Index.open(root, cache=False) as index:
        merge_actors(index, "dockers", "union")
    after = (root / "dossier.toml").read_text()
    removed, added = _changed(text, after)
    assert 'claimant = "dockers"' in removed and added.count('claimant = "union"') == 1
    assert not [line for line in removed if "drafted" in line]
    assert after.count("date = 2026-01-10 }") == 2
    assert check_folder(root).ok
