"""``claimtrack migrate`` on more unusual but valid TOML layouts of a format-1 dossier:
quoted and dotted keys, spaced headers, tables out of order, comments inside arrays,
unicode escapes, very long lines, a file without a final newline. Each either migrates
(the output parses, holds exactly the expected records, keeps every comment, and a second
run changes nothing) or is refused with one message and nothing written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from migrate_shapes import lay_out, outcome
from test_migrate_shapes import _ACTORS, DOCUMENT

from claimtrack.errors import ClaimtrackError
from claimtrack.migrate import migrate

CLAIM = ('[[claims]]\nid = "c-0"\nstatement = "The pier was sold."\nclaimant = "port-board"\n'
         'kind = "statement"\n')
APPEARANCE = '\n[[claims.appearances]]\ndocument = "doc-0"\nquote = "q"\n'
SECOND = ('\n[[claims]]\nid = "c-1"\nstatement = "It was not."\nclaimant = "paper-voice"\n'
          'kind = "statement"\nframing = "asserted"\n' + APPEARANCE)

LAYOUTS: dict[str, str] = {
    "quoted keys": DOCUMENT + CLAIM + '"framing" = "reported"\n' + APPEARANCE,
    "literal quoted key": DOCUMENT + CLAIM + "'framing' = 'alleged'  # literal\n" + APPEARANCE,
    "quoted headers": DOCUMENT + CLAIM.replace("[[claims]]", '[["claims"]]')
    + 'framing = "reported"\n'
    + APPEARANCE.replace("[[claims.appearances]]", "[[\"claims\".'appearances']]"),
    "spaced headers": DOCUMENT + CLAIM.replace("[[claims]]", "[[ claims ]]")
    + 'framing = "reported"\n'
    + APPEARANCE.replace("[[claims.appearances]]", "[[ claims . appearances ]]"),
    "tab indents": DOCUMENT + CLAIM.replace("\n", "\n\t") + 'framing = "reported"\n'
    + APPEARANCE.replace("\n", "\n\t"),
    "dotted key in the claim": DOCUMENT + CLAIM + 'framing = "reported"\n'
    'basis.reason = "from the \\U0001F600 header"\n' + APPEARANCE,
    "dotted dossier key at the top": 'dossier.title = "Harbour"\n\n' + DOCUMENT + CLAIM
    + 'framing = "reported"\n' + APPEARANCE,
    "documents after the claims": CLAIM + 'framing = "reported"\n' + APPEARANCE + "\n"
    + DOCUMENT,
    "unicode escapes everywhere": DOCUMENT + CLAIM.replace(
        '"The pier was sold."', '"The \\U0001F600 pier \\u00e9 sold."')
    + 'framing = "\\u0072ep\\u006frted"\n' + APPEARANCE,
    "comments inside arrays": DOCUMENT + CLAIM + 'framing = "reported"\n'
    'tags = [ # open\n  "a", # one\n  # between\n  "b",\n] # close\n' + APPEARANCE,
    "inline appearances with comments": DOCUMENT + CLAIM + 'framing = "reported"\n'
    'appearances = [ # open\n  # first\n  { document = "doc-0", quote = "q" }, # trailing\n'
    '  { document = "doc-0", quote = "r", framing = "denied" }\n  # last\n]\n',
    "a very long line": DOCUMENT + CLAIM.replace('"The pier was sold."',
                                                 '"' + "word " * 40_000 + '"')
    + 'framing = "reported"\n' + APPEARANCE,
    "framing as a multi-line string": DOCUMENT + CLAIM + 'framing = """reported"""\n'
    + APPEARANCE,
    "whitespace around equals": DOCUMENT + CLAIM.replace(" = ", "   =\t")
    + 'framing\t=\t"reported"\n' + APPEARANCE.replace(" = ", "="),
    "no final newline after an appearance": (DOCUMENT + CLAIM + 'framing = "reported"'
                                             + APPEARANCE).rstrip("\n"),
    "no final newline after a document": (CLAIM + 'framing = "asserted"\n' + APPEARANCE
                                          .replace("port-board", "paper-voice") + "\n"
                                          + DOCUMENT).rstrip("\n"),
    "no final newline, CRLF": (DOCUMENT + CLAIM + 'framing = "reported"'
                               + APPEARANCE).rstrip("\n").replace("\n", "\r\n"),
    "a table between a claim and its appearance": DOCUMENT + CLAIM
    + 'framing = "reported"\n\n[dossier]\ntitle = "Harbour"\n' + APPEARANCE + SECOND,
    "a table between a claim and its appearance, no framing there": DOCUMENT + CLAIM
    + '\n[dossier]\ntitle = "Harbour"\n' + APPEARANCE + SECOND,
}


def _case(body: str, tmp: Path) -> list[str]:
    crlf = "\r\n" in body
    texts = {"actors.toml": "# Every actor.\n\n" + _ACTORS,
             "harbour.toml": "# The harbour dossier.\n\n" + body.replace("\r\n", "\n")}
    files = {n: tomllib.loads(t) for n, t in texts.items()}
    comments = [line.split("#", 1)[1] for t in texts.values() for line in t.splitlines()
                if line.lstrip().startswith("#") or "  #" in line or "] #" in line
                or "[ #" in line or ", #" in line]
    storage = {"bom": set(), "crlf": {"harbour.toml"} if crlf else set(), "symlink": None,
               "symlink_inside": False}
    root = tmp / "claims"
    lay_out(root, texts, storage)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    problems = outcome(root, files, comments, storage, migrate)
    if problems and problems[0].startswith("refused: "):
        # A refusal is allowed when it is one message and writes nothing.
        message = problems[0]
        after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        return [] if after == before and "\n" not in message else [message, "wrote"]
    return problems


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_an_unusual_layout_migrates_or_is_refused_whole(name: str, tmp_path: Path) -> None:
    assert _case(LAYOUTS[name], tmp_path) == []


def test_a_table_between_a_claim_and_its_appearance_is_refused_with_a_message(
        tmp_path: Path) -> None:
    """TOML puts ``[[claims.appearances]]`` in the last claim wherever it is written: when
    migrate cannot change it where it is, it says where, rather than drop the framing."""
    root = tmp_path / "claims"
    body = LAYOUTS["a table between a claim and its appearance"]
    lay_out(root, {"actors.toml": _ACTORS, "harbour.toml": body},
            {"bom": set(), "crlf": set(), "symlink": None, "symlink_inside": False})
    try:
        migrate(root)
    except ClaimtrackError as error:
        assert "harbour.toml" in str(error) and "claims.appearances" in str(error)
        return
    data = tomllib.loads((root / "harbour.toml").read_text())
    assert data["claims"][0]["appearances"][0]["framing"] == "reported"
