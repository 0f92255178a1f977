"""``claimtrack migrate`` on every valid TOML shape a format-1 folder can be written in:
the result parses, holds exactly the expected records, keeps every comment, and a second
run changes nothing (issue 24); a dossier linked from outside the folder is refused."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from migrate_shapes import ACTORS, expected, lay_out, layouts, outcome, parsed, plain

from claimtrack.migrate import migrate


def _migrate(root: Path) -> None:
    migrate(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_migrate_gives_the_expected_records_in_any_layout(
        drawn: tuple[dict[str, Any], dict[str, str], list[str], dict[str, Any]]) -> None:
    files, texts, comments, storage = drawn
    for name, text in texts.items():  # the generator writes what it means
        assert plain(tomllib.loads(text)) == plain(files[name]), text
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "claims"
        lay_out(root, texts, storage)
        assert outcome(root, files, comments, storage, _migrate) == []


# -- each shape the issue names, on its own ------------------------------------------------

DOCUMENT = ('[[documents]]\nid = "doc-0"\ntitle = "Harbour notes"\n'
            'text = "documents/doc-0.txt"\nsha256 = "' + "0" * 64 + '"\n\n')
_CLAIM = ('[[claims]]\nid = "{id}"\nstatement = {statement}\nclaimant = "{claimant}"\n'
          'kind = "statement"\nframing = "reported"  # as the paper has it\n\n'
          '[[claims.appearances]]\ndocument = "doc-0"\nquote = {quote}\n')


def _claims(*statements: str, claimant: str = "port-board") -> str:
    return "\n".join(_CLAIM.format(id=f"c-{n}", statement=s, claimant=claimant,
                                   quote=f'"quote {n}"')
                     for n, s in enumerate(statements))


_ACTORS = "".join(f'[[actors]]\nid = "{a["id"]}"\nname = "{a["name"]}"\nkind = "{a["kind"]}"\n\n'
                  for a in ACTORS)
SHAPES: dict[str, str] = {
    "multi-line basic string": _claims('"""\nThe board\nsold the pier."""',
                                       '"""The board \\\n    sold it."""'),
    "multi-line literal string": _claims("'''\nThe board\n[[claims]]\nsold it.'''"),
    "string holding quotes": _claims('"She said \\"no\\" and \'never\'."',
                                     "'He said \"yes\".'"),
    "string holding an escaped newline": _claims('"one\\ntwo\\n[[claims]]\\nid = \\"x\\""'),
    "string holding [[claims]]": _claims('"""\n[[claims]]\nid = "injected"\n'
                                         'framing = "asserted"\n"""'),
    "claims as an inline array on one line": (
        'claims = [{ id = "c-0", statement = "The pier was sold.", claimant = "port-board", '
        'kind = "statement", framing = "reported", appearances = [{ document = "doc-0", '
        'quote = "q" }] }, { id = "c-1", statement = "It was not.", '
        'claimant = "paper-voice", kind = "statement", framing = "asserted", '
        'appearances = [{ document = "doc-0", quote = "r" }] }]  # both claims\n'),
    "claims as an inline array on many lines": (
        'claims = [\n  # the sale\n  { id = "c-0", statement = "The pier was sold.", '
        'claimant = "port-board", kind = "statement", framing = "alleged", appearances = '
        '[{ document = "doc-0", quote = "q" }, { document = "doc-0", quote = "s", '
        'framing = "denied" }] },\n  # the denial\n  { id = "c-1", statement = """\n'
        'It was\nnot.""", claimant = "paper-voice", kind = "statement", framing = '
        '"asserted", appearances = [{ document = "doc-0", quote = "r" }] },\n]\n'),
    "appearances as an inline array": (
        '[[claims]]\nid = "c-0"\nstatement = "The pier was sold."\nclaimant = "paper-voice"\n'
        'kind = "statement"\nappearances = [\n  { document = "doc-0", quote = "q" },  # one\n'
        '  { document = "doc-0", quote = "r" },\n]\nframing = "asserted"\n'),
    "a BOM": "\ufeff" + _claims('"The pier was sold."'),
    "CRLF line endings": _claims('"The pier was sold."', '"""\nIt\nwas not."""').replace(
        "\n", "\r\n"),
    "a dossier that is a symlink inside the folder": _claims('"The pier was sold."'),
    "a dossier that is a symlink out of the folder": _claims('"The pier was sold."'),
}


def _shape_case(name: str, tmp: Path) -> list[str]:
    body = SHAPES[name]
    bom = body.startswith("\ufeff")
    crlf = "\r\n" in body
    plain_body = body.removeprefix("\ufeff").replace("\r\n", "\n")
    # An inline array is a key: it goes before the first table header, or it would be
    # that table's.
    inline = plain_body.startswith("claims = [")
    dossier = "# The harbour dossier.\n\n" + (plain_body + "\n" + DOCUMENT if inline
                                               else DOCUMENT + plain_body)
    texts = {"actors.toml": "# Every actor.\n\n" + _ACTORS, "harbour.toml": dossier}
    link = "symlink" in name
    storage = {"bom": {"harbour.toml"} if bom else set(),
               "crlf": {"harbour.toml"} if crlf else set(),
               "symlink": "harbour.toml" if link else None,
               "symlink_inside": "inside" in name}
    files = {n: tomllib.loads(t) for n, t in texts.items()}
    assert "claims" in files["harbour.toml"]
    comments = [line.split("#", 1)[1] for t in texts.values() for line in t.splitlines()
                if line.lstrip().startswith("#") or "  #" in line]
    root = tmp / "claims"
    lay_out(root, texts, storage)
    return outcome(root, files, comments, storage, _migrate)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_named_shape_migrates(name: str, tmp_path: Path) -> None:
    assert _shape_case(name, tmp_path) == []


def test_the_expected_records_are_worked_out_from_the_data_alone() -> None:
    # The oracle itself, on one small case worked by hand.
    old = {"a.toml": {"actors": [{"id": "v", "kind": "editorial"}]},
           "d.toml": {"documents": [{"id": "d"}],
                      "claims": [{"id": "c", "claimant": "v", "framing": "asserted",
                                  "appearances": [{"document": "d", "quote": "q"},
                                                  {"document": "d", "quote": "r",
                                                   "framing": "alleged"}]}]}}
    assert expected(old)["d.toml"] == {
        "documents": [{"id": "d", "voice": "v"}],
        "claims": [{"id": "c", "claimant": "v", "appearances": [
            {"document": "d", "quote": "q", "framing": "asserted", "attribution": "own"},
            {"document": "d", "quote": "r", "framing": "alleged", "attribution": "own"}]}]}


def test_parsed_reads_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"\xef\xbb\xbfa = 1\r\n")
    assert parsed(path) == {"a": 1}

