"""Format-1 claims folders written in every valid TOML layout, and what migrating them must give.

A folder is first drawn as data (actors, documents, claims), then written out in a layout
chosen at random: records as ``[[claims]]`` tables or inline arrays (on one line or many),
appearances and reviews as tables or inline, every string as a basic, literal, multi-line
basic (with line-ending backslashes) or multi-line literal string, comments between and
after keys, a BOM, CRLF line endings, no final line end, a dossier reached through a
symlink. The expected result is worked out from the parsed data alone (``expected``),
never from migrate's code.
"""

from __future__ import annotations

import copy
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FRAMINGS = ["asserted", "reported", "attributed", "alleged", "denied", "disputed",
            "speculative"]
ACTORS = [
    {"id": "paper-voice", "name": "The Paper (editorial voice)", "kind": "editorial"},
    {"id": "mayor-ilse-varga", "name": "Ilse Varga", "kind": "person"},
    {"id": "port-board", "name": "Port Board", "kind": "agency"},
]
PIECES = ["a", "b c", "Varga", '"', "'", "\\", "\n", "\t", "[[claims]]", "]]", "[",
          'framing = "asserted"', "#", " # not a comment", "é", "=", "{", "}", ",", "'''",
          '"""', "\\n", "字"]
"""Pieces of string values: quotes, backslashes, newlines, headers and keys, comment
signs and multi-line delimiters, all inside strings."""


# -- data ---------------------------------------------------------------------------------

_TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)


@st.composite
def folders(draw: st.DrawFn) -> dict[str, Any]:
    """A format-1 folder as data: ``{"actors": [...], "dossiers": {stem: {...}}}``."""
    dossiers: dict[str, Any] = {}
    for number in range(draw(st.integers(1, 2))):
        doc_id = f"doc-{number}"
        document = {"id": doc_id, "title": draw(_TEXT), "text": f"documents/{doc_id}.txt",
                    "sha256": "0" * 64}
        claims = []
        for n in range(draw(st.integers(1, 4))):
            claim: dict[str, Any] = {
                "id": f"c-{number}-{n}", "statement": draw(_TEXT),
                "claimant": draw(st.sampled_from([a["id"] for a in ACTORS])),
                "kind": "statement"}
            if draw(st.booleans()):
                claim["framing"] = draw(st.sampled_from(FRAMINGS))
            if draw(st.booleans()):
                claim["notes"] = draw(_TEXT)
            appearances = []
            for _ in range(draw(st.integers(1, 2))):
                appearance = {"document": doc_id, "quote": draw(_TEXT)}
                if draw(st.integers(0, 4)) == 0:
                    appearance["framing"] = draw(st.sampled_from(FRAMINGS))
                appearances.append(appearance)
            claim["appearances"] = appearances
            if draw(st.booleans()):
                claim["reviews"] = [{"date": "2024-05-01", "status": "unverified",
                                     "note": draw(_TEXT)}]
            claims.append(claim)
        dossier: dict[str, Any] = {"documents": [document], "claims": claims}
        if draw(st.booleans()):
            dossier["dossier"] = {"title": draw(_TEXT)}
        dossiers[f"dossier-{number}"] = dossier
    return {"actors": copy.deepcopy(ACTORS), "dossiers": dossiers}


# -- the expected result ------------------------------------------------------------------


def expected(folder: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each file's data once migrated (by file name), from the parsed format-1 data: a
    claim's framing moves into each appearance lacking one, with ``own`` attribution for an
    editorial claimant and ``explicit`` otherwise; a document gets the one editorial voice
    its ``own`` claims have."""
    out = copy.deepcopy(folder)
    editorial = {a["id"] for data in out.values() for a in data.get("actors", [])
                 if a.get("kind") == "editorial"}
    voices: dict[str, set[str]] = {}
    for data in out.values():
        for claim in data.get("claims", []):
            if "framing" not in claim:
                continue
            framing = claim.pop("framing")
            own = claim["claimant"] in editorial
            for appearance in claim.get("appearances", []):
                appearance.setdefault("framing", framing)
                appearance.setdefault("attribution", "own" if own else "explicit")
                if own:
                    voices.setdefault(appearance["document"], set()).add(claim["claimant"])
    for data in out.values():
        for document in data.get("documents", []):
            found = voices.get(document["id"], set())
            if "voice" not in document and len(found) == 1:
                document["voice"] = next(iter(found))
    return out


# -- writing the data as TOML, in a random layout ------------------------------------------


def _basic(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _multiline_basic(text: str, draw: st.DrawFn) -> str:
    """A ``\"\"\"`` string; where the text has a space, sometimes a line-ending backslash
    continues it on the next line (TOML drops the newline and the indent after it)."""
    body = []
    for ch in text:
        if ch == "\\":
            body.append("\\\\")
        elif ch == '"':
            body.append('\\"')
        elif ch == "\t":
            body.append("\\t")
        else:
            body.append(ch)
    joined = "".join(body)
    spaces = [i + 1 for i in range(len(joined) - 1)
              if joined[i] == " " and joined[i + 1] not in " \t\n\\"]
    if spaces and draw(st.booleans()):
        at = spaces[0]
        joined = joined[:at] + "\\\n      " + joined[at:]
    return '"""\n' + joined + '"""'


def _string(text: str, draw: st.DrawFn) -> str:
    styles = ["basic", "multiline-basic"]
    if "'" not in text and "\n" not in text and "\t" not in text:
        styles.append("literal")
    if "'''" not in text and not text.endswith("'") and "\r" not in text:
        styles.append("multiline-literal")
    style = draw(st.sampled_from(styles))
    if style == "literal":
        return f"'{text}'"
    if style == "multiline-literal":
        return "'''\n" + text + "'''"
    if style == "multiline-basic":
        return _multiline_basic(text, draw)
    return _basic(text)


def _value(value: Any, draw: st.DrawFn) -> str:
    if isinstance(value, str):
        if value == "2024-05-01":
            return value  # a TOML date
        return _string(value, draw)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, draw) for v in value) + "]"
    if isinstance(value, dict):
        return _inline(value, draw)
    raise TypeError(value)


def _inline(record: dict[str, Any], draw: st.DrawFn) -> str:
    return "{ " + ", ".join(f"{k} = {_value(v, draw)}" for k, v in record.items()) + " }"


class _Comments:
    """Numbered comments, each different, so a test can look for every one afterwards."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.made: list[str] = []

    def maybe(self, indent: str = "") -> str:
        if self.draw(st.integers(0, 3)) != 0:
            return ""
        text = f"# note {len(self.made)}: [[claims]] framing = \"x\""
        self.made.append(text)
        return f"{indent}{text}\n"

    def trailing(self) -> str:
        if self.draw(st.integers(0, 3)) != 0:
            return ""
        text = f"# after {len(self.made)}"
        self.made.append(text)
        return f"  {text}"


def _table(header: str, record: dict[str, Any], children: list[str], draw: st.DrawFn,
           comments: _Comments) -> str:
    """``[[header]]`` with the record's keys (in a random order), then its child arrays,
    each as tables or inline, as drawn."""
    keys = [k for k in record if k not in children]
    keys = draw(st.permutations(keys))
    out = [comments.maybe(), f"[[{header}]]{comments.trailing()}\n"]
    tables: list[str] = []
    for key in keys:
        out.append(comments.maybe())
        out.append(f"{key} = {_value(record[key], draw)}{comments.trailing()}\n")
    for child in children:
        items = record.get(child)
        if not items:
            continue
        if draw(st.booleans()):
            out.append(f"{child} = [{', '.join(_inline(i, draw) for i in items)}]\n")
        else:
            for item in items:
                tables.append("\n" + _table(f"{header}.{child}", item, [], draw, comments))
    return "".join(out) + "".join(tables)


def _records(name: str, items: list[dict[str, Any]], children: list[str], style: str,
             draw: st.DrawFn, comments: _Comments) -> str:
    if style == "tables":
        return "\n".join(_table(name, item, children, draw, comments) for item in items)
    inline = [_inline(item, draw) for item in items]
    if style == "inline-one-line":
        return f"{name} = [{', '.join(inline)}]{comments.trailing()}\n"
    lines = [f"{name} = [\n"]
    for item in inline:
        lines.append(comments.maybe("  "))
        lines.append(f"  {item},{comments.trailing()}\n")
    return "".join(lines) + "]\n"


def write_file(data: dict[str, Any], draw: st.DrawFn, comments: _Comments) -> str:
    """One file's data as TOML text in a drawn layout: arrays written inline come first (a
    key after a table header would belong to that table), then ``[dossier]``, then the
    arrays written as tables."""
    styles = {name: draw(st.sampled_from(["tables", "inline-one-line", "inline-many-lines"]))
              for name in ("actors", "documents", "claims") if name in data}
    children = {"actors": [], "documents": [], "claims": ["appearances", "reviews"]}
    inline = [n for n, style in styles.items() if style != "tables"]
    tables = [n for n, style in styles.items() if style == "tables"]
    parts = [comments.maybe()]
    for name in inline:
        parts.append(_records(name, data[name], children[name], styles[name], draw,
                              comments) + "\n")
    if "dossier" in data:
        parts.append("[dossier]\n" + "".join(f"{k} = {_value(v, draw)}\n"
                                              for k, v in data["dossier"].items()) + "\n")
    for name in tables:
        parts.append(_records(name, data[name], children[name], "tables", draw, comments)
                     + "\n")
    return "".join(parts)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str], list[str], dict[str, Any]]:
    """(data by file name, TOML text by file name, every comment written, how it is stored:
    ``bom``/``crlf`` file names and the ``symlink`` one, with where its target lies)."""
    folder = draw(folders())
    comments = _Comments(draw)
    files = {"actors.toml": {"actors": folder["actors"]}}
    files.update({f"{stem}.toml": data for stem, data in folder["dossiers"].items()})
    texts = {name: write_file(data, draw, comments) for name, data in files.items()}
    names = sorted(texts)
    for name in draw(st.sets(st.sampled_from(names))):  # no line end after the last line
        texts[name] = texts[name].rstrip("\n")
    storage = {"bom": draw(st.sets(st.sampled_from(names))),
               "crlf": draw(st.sets(st.sampled_from(names))),
               "symlink": draw(st.none() | st.sampled_from(names)),
               "symlink_inside": draw(st.booleans())}
    return files, texts, comments.made, storage


def lay_out(root: Path, texts: dict[str, str], storage: dict[str, Any]) -> None:
    """Write the folder (no settings file: format 1) with its BOMs, CRLFs and symlink."""
    root.mkdir(parents=True)
    for name, text in texts.items():
        if name in storage["crlf"]:
            text = text.replace("\n", "\r\n")
        if name in storage["bom"]:
            text = "\ufeff" + text
        path = root / name
        if name == storage["symlink"]:
            where = root / "shared" if storage["symlink_inside"] else root.parent / "elsewhere"
            where.mkdir(exist_ok=True)
            (where / name).write_bytes(text.encode("utf-8"))
            os.symlink(where / name, path)
        else:
            path.write_bytes(text.encode("utf-8"))


def plain(value: Any) -> Any:
    """Parsed TOML as JSON-like data (dates as text), to compare with ``expected``."""
    return json.loads(json.dumps(value, default=str))


def parsed(path: Path) -> dict[str, Any]:
    """A file's data as tomllib reads it."""
    return plain(tomllib.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff")))


def outcome(root: Path, files: dict[str, Any], comments: list[str], storage: dict[str, Any],
            run: Callable[[Path], None]) -> list[str]:
    """What is wrong with migrating the folder at ``root`` by ``run``: an empty list when
    the files parse, hold exactly the expected data and keep every comment, and a second
    run changes nothing; or, for a dossier linked from outside the folder, when migrate
    refuses with a message and writes nothing."""
    from claimtrack.errors import ClaimtrackError

    before = {p: p.read_bytes() for p in root.parent.rglob("*") if p.is_file()}
    original = {name: parsed(root / name) for name in files}
    escaping = storage["symlink"] is not None and not storage["symlink_inside"]
    try:
        run(root)
    except ClaimtrackError as error:
        if escaping and storage["symlink"] in str(error):
            after = {p: p.read_bytes() for p in root.parent.rglob("*") if p.is_file()}
            return [] if after == before else ["refused, but wrote files"]
        return [f"refused: {error}"]
    except Exception as error:  # the bug this hunts: a crash is a finding, not a stop
        return [f"crashed: {type(error).__name__}: {error}"]
    if escaping:
        return ["migrated a dossier that lives outside the claims folder"]
    problems = []
    want = expected(original)
    for name in files:
        try:
            got = parsed(root / name)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problems.append(f"{name}: does not parse: {error}")
            continue
        if got != want[name]:
            problems.append(f"{name}: holds other data than expected")
    text = "".join((root / n).read_bytes().decode("utf-8", "replace") for n in files)
    lost = [c for c in comments if c not in text]
    if lost:
        problems.append(f"comments lost: {lost[:3]}")
    for name in files:
        data = (root / name).read_bytes()
        if name in storage["crlf"] and b"\n" in data.replace(b"\r\n", b""):
            problems.append(f"{name}: no longer CRLF throughout")
        if name in storage["bom"] and not data.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{name}: lost its BOM")
    if storage["symlink"] is not None and not (root / storage["symlink"]).is_symlink():
        problems.append("the symlink was replaced by a file")
    if not problems:
        once = {p: p.read_bytes() for p in root.parent.rglob("*") if p.is_file()}
        try:
            run(root)
        except Exception as error:
            return [f"second run failed: {error}"]
        if {p: p.read_bytes() for p in root.parent.rglob("*") if p.is_file()} != once:
            problems.append("a second run changed the files")
    return problems
