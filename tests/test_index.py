"""The cached index, kept up to date file by file, answers exactly as a fresh in-memory one:
whatever the folder, whatever happened to its files, whatever happened to the cache."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import answers, differences, overlay_case, raised

from claimtrack.edit import api
from claimtrack.edit.session import apply_edits
from claimtrack.errors import ClaimtrackError
from claimtrack.index import Index
from claimtrack.index.store import database_path
from claimtrack.parse import parse_file
from claimtrack.select import Selection

HERE = Path(__file__).parent
REPO = HERE.parent
FIXTURES = HERE / "fixtures"
VALID = FIXTURES / "valid" / "claims"
SETTINGS = "# claimtrack folder settings\nformat = 2\n"


def generated(out: Path, claims: int = 2000, files: int = 20, seed: int = 11) -> Path:
    """A synthetic folder from benchmarks/generate.py."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    generate(out, claims, files, seed=seed)
    return out


def agree_with_oracle(root: Path, found: dict[str, object]) -> None:
    """The in-memory answers hold what a plain reading of the files (tests/oracle.py) says:
    live claims and actors in folder order, each claim's claimant, status and file."""
    assert raised(found) == []
    data = oracle.load(root)
    rows = found["rows:claims"]
    assert isinstance(rows, list)
    assert [(r["id"], r["claimant"], r["status"], r["dossier"]) for r in rows] == [
        (c.id, c.claimant, str(oracle.status_of(c)), data.files[c.id].removesuffix(".toml"))
        for c in data.claims.values()]
    assert [a.id for a in found["records:actors"]] == list(data.actors)  # type: ignore[attr-defined]


# -- three ways agree ------------------------------------------------------------------------

BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())
"""Each a broken case laid over the valid dossier, as ``claimtrack check`` sees it."""
SMALL = [VALID, FIXTURES / "handwritten" / "claims", *BROKEN,
         *sorted(p / "claims" for p in HERE.glob("corpus/followups*/*")
                 if (p / "claims").is_dir())]


def _three_ways(root: Path) -> dict[str, object]:
    """Answers from a fresh cache, the same cache warm, and memory; all must agree."""
    assert not database_path(root).exists()
    with Index.open(root) as index:
        assert index.path is not None and index.path.exists()
        generation = index.generation
    cold = answers(root, cache=True)
    with Index.open(root) as index:
        assert index.path is not None
        assert index.generation == generation  # nothing was read again, not even a dud
    warm = answers(root, cache=True)
    memory = answers(root, cache=False)
    assert cold == memory, differences(cold, memory)
    assert warm == memory, differences(warm, memory)
    return memory


@pytest.mark.parametrize("root", SMALL, ids=lambda p: p.parent.name if p.name == "claims"
                         else p.name)
def test_small_folders_answer_alike_cold_warm_and_in_memory(root: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    copy = tmp_path / "claims"
    if root in BROKEN:
        shutil.copytree(VALID, copy)
        overlay_case(root, copy)
    else:
        shutil.copytree(root, copy, symlinks=True)
    monkeypatch.chdir(tmp_path)
    _three_ways(copy)


def test_the_bundled_folder_answers_alike(bundled_claims: Path) -> None:
    found = _three_ways(bundled_claims)
    agree_with_oracle(bundled_claims, found)


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "two-workers"])
def test_a_generated_folder_answers_alike(parallel: bool, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated(tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    if parallel:  # the first reading by worker processes, as for a big folder
        monkeypatch.setattr("claimtrack.index.write._PARALLEL_BYTES", 0)
    found = _three_ways(root)
    agree_with_oracle(root, found)
    assert len(found["rows:claims"]) == 2000  # type: ignore[arg-type]


# -- a folder made for edits: two dossiers, actors affiliated to each other -------------------

ACTORS = {  # the first of each choice is the one drawn most: an affiliated actor
    "ministry": ("Ministry of Interior", "agency", "gov"),
    "gov": ("Government of Ardia", "government", None),
    "front": ("Northern Front", "militia", None),
    "wing": ("Front Youth Wing", "militia", "front"),
    "ledger": ("The Daily Ledger", "media", None),
    "desk": ("Ledger editorial", "editorial", None),
    "wire": ("Wire service desk", "editorial", None),
    "anon": ("Unnamed official", "unnamed", None),
    "court": ("High Court", "court", None),
}
PARTIES = {"ministry", "wing", "ledger"}
"""Actors written in a file of their own (parties.toml), away from every claim: a change to
one of them touches no claim's file, and the index must follow it to the claims it bears on
(in actors.toml, every actor would be touched whenever one is)."""
VOICES = {"north": "desk", "south": "wire"}
TEXTS = {
    "north": ["The government accused the Front of burning the depot.",
              "The Front denied any attack on the depot.",
              "The ministry blamed the youth wing for the fire.",
              "The depot burned on Tuesday night.",
              "An official said the fire was reportedly set on purpose.",
              "The youth wing set the fire to punish the ministry.",
              "Spare north sentence one was written here.",
              "Spare north sentence two was written here.",
              "Spare north sentence three was written here."],
    "south": ["The youth wing threatened the ministry with reprisals.",
              "The Ledger reported a second fire at the port.",
              "The court said the evidence has not been disclosed.",
              "The government denied the youth wing's threat was real.",
              "The ministry accused the Ledger of spreading rumours.",
              "Reprisals at the port were planned, the Ledger wrote, citing an official.",
              "Spare south sentence one was written here.",
              "Spare south sentence two was written here.",
              "Spare south sentence three was written here."],
}
# id: (dossier, quote number, claimant, kind, about, relations, statuses)
CLAIMS: dict[str, tuple[str, int, str, str, list[str], list[tuple[str, str]], list[str]]] = {
    "gov-accuses-front": ("north", 0, "gov", "accusation", ["front"], [], ["unverified"]),
    "front-denies-attack": ("north", 1, "front", "denial", ["gov"],
                            [("denies", "gov-accuses-front")], []),
    "ministry-blames-wing": ("north", 2, "ministry", "allegation", ["wing"],
                             [("supports", "gov-accuses-front")], ["inconclusive"]),
    "depot-burned": ("north", 3, "desk", "event", [], [("same_as", "ledger-second-fire")],
                     ["inconclusive"]),
    "official-reportedly": ("north", 4, "anon", "report", [], [], []),
    "wing-set-fire": ("north", 5, "ministry", "accusation", ["wing"],
                      [("elaborates", "ministry-blames-wing")], []),
    "wing-threatens": ("south", 0, "wing", "threat", ["ministry"],
                       [("contradicts", "ministry-blames-wing")], []),
    "ledger-second-fire": ("south", 1, "ledger", "report", [], [],
                           ["corroborated", "disputed"]),
    "court-undisclosed": ("south", 2, "court", "statement", ["gov"], [], ["retracted"]),
    "gov-denies-threat": ("south", 3, "gov", "denial", ["wing"],
                          [("denies", "wing-threatens"), ("disputes", "front-denies-attack")],
                          []),
    "ministry-accuses-ledger": ("south", 4, "ministry", "accusation", ["ledger"], [],
                                ["confirmed"]),
    "reprisals-planned": ("south", 5, "anon", "allegation", ["wing"], [], []),
}
# id: how its appearance presents it: (framing, attribution, via, cue)
PRESENTED: dict[str, tuple[str, str, list[str], str]] = {
    "gov-accuses-front": ("attributed", "explicit", [], "accused"),
    "front-denies-attack": ("denied", "explicit", [], "denied"),
    "ministry-blames-wing": ("alleged", "explicit", [], "blamed"),
    "depot-burned": ("asserted", "own", [], ""),
    "official-reportedly": ("reported", "explicit", [], "said"),
    "wing-set-fire": ("asserted", "inferred", [], ""),
    "wing-threatens": ("attributed", "explicit", [], "threatened"),
    "ledger-second-fire": ("reported", "explicit", [], "reported"),
    "court-undisclosed": ("attributed", "explicit", [], "said"),
    "gov-denies-threat": ("denied", "explicit", ["anon"], "denied"),
    "ministry-accuses-ledger": ("attributed", "explicit", [], "accused"),
    "reprisals-planned": ("reported", "explicit", ["ledger"], "wrote, citing"),
}
BASES = {"wing-set-fire": ("The report tells the ministry's charge in its own voice.",
                           "The ministry blamed the youth wing")}
KINDS = ["announcement", "allegation", "accusation", "denial", "demand", "threat",
         "statement", "characterization", "report", "event", "background", "observation",
         "retraction", "ruling"]
STATUSES = ["unverified", "disputed", "inconclusive", "corroborated", "confirmed", "refuted",
            "retracted", "not-checkable"]
SAME_SIZE = {"confirmed": "retracted", "retracted": "confirmed",
             "corroborated": "inconclusive", "inconclusive": "corroborated"}
RELATION_TYPES = ["denies", "contradicts", "disputes", "supports", "qualifies", "same_as",
                  "elaborates", "retracts"]
FRAMINGS = ["asserted", "reported", "attributed", "alleged", "denied", "disputed",
            "speculative"]
ATTRIBUTIONS = ["explicit", "inferred", "own"]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _list(items: list[str]) -> str:
    return f"[{', '.join(map(_q, items))}]"


def _basis(reason: str, quote: str) -> str:
    return f"basis = {{ reason = {_q(reason)}, quote = {_q(quote)} }}\n"


def build_folder(root: Path) -> None:
    """Write the edit folder: claimtrack.toml, actors.toml, parties.toml, north.toml and
    south.toml, two document texts."""
    (root / "documents").mkdir(parents=True)
    (root / "claimtrack.toml").write_text(SETTINGS, encoding="utf-8")
    files = {"actors.toml": ["# Actors of the Ardia fixture.\n"],
             "parties.toml": ["# The parties, in a file of their own.\n"]}
    for actor_id, (name, kind, affiliation) in ACTORS.items():
        block = f"\n[[actors]]\nid = {_q(actor_id)}\nname = {_q(name)}\nkind = {_q(kind)}\n"
        if affiliation:
            block += f"affiliation = {_q(affiliation)}\n"
        files["parties.toml" if actor_id in PARTIES else "actors.toml"].append(block)
    for name, parts in files.items():
        (root / name).write_text("".join(parts), encoding="utf-8")
    for dossier, sentences in TEXTS.items():
        text = f"= {dossier.title()} =\n\n" + "\n".join(sentences) + "\n"
        (root / "documents" / f"{dossier}.txt").write_text(text, encoding="utf-8")
        parts = [f"[dossier]\ntitle = {_q(dossier.title())}\n\n[[documents]]\n"
                 f"id = {_q(dossier)}\ntitle = {_q(dossier.title() + ' report')}\n"
                 f"text = {_q(f'documents/{dossier}.txt')}\nsha256 = {_q(_sha(text))}\n"
                 f"voice = {_q(VOICES[dossier])}\n"]
        for claim_id, (where, quote, claimant, kind, about, relations,
                       statuses) in CLAIMS.items():
            if where != dossier:
                continue
            framing, attribution, via, cue = PRESENTED[claim_id]
            block = (f"\n[[claims]]\nid = {_q(claim_id)}\nstatement = "
                     f"{_q(sentences[quote].replace('.', ' (claim).'))}\n"
                     f"claimant = {_q(claimant)}\nkind = {_q(kind)}\nmade = \"2024-03\"\n")
            if about:
                block += f"about = {_list(about)}\n"
            if claim_id in BASES:
                block += _basis(*BASES[claim_id])
            block += (f"\n[[claims.appearances]]\ndocument = {_q(dossier)}\n"
                      f"quote = {_q(sentences[quote])}\nframing = {_q(framing)}\n"
                      f"attribution = {_q(attribution)}\n")
            if via:
                block += f"via = {_list(via)}\n"
            if cue:
                block += f"cue = {_q(cue)}\n"
            for kind_, target in relations:
                block += f"\n[[claims.relations]]\ntype = {_q(kind_)}\ntarget = {_q(target)}\n"
            for number, status in enumerate(statuses):
                block += f"\n[[claims.reviews]]\ndate = 2024-04-0{number + 1}\n" \
                         f"status = {_q(status)}\n"
            parts.append(block)
        (root / f"{dossier}.toml").write_text("".join(parts), encoding="utf-8")


# -- hand edits, planned on the files' texts, then written straight or through apply_edits ---

_TOP = re.compile(r"^[ \t]*(\[\[(?:claims|actors|documents|unclaimed)\]\]|\[dossier\])[ \t]*$",
                  re.MULTILINE)
_SUB = re.compile(r"^[ \t]*\[\[claims\.\w+\]\][ \t]*$", re.MULTILINE)


def toml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*.toml") if p.name != "claimtrack.toml")


def dossiers(root: Path) -> list[Path]:
    return [p for p in toml_files(root) if p.name != "actors.toml"]


class Draft:
    """The folder's TOML texts as the edits planned so far leave them (read when first
    needed), and which of them the edits wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[Path, str] = {}
        self.written: dict[Path, str] = {}

    def read(self, path: Path) -> str:
        if path not in self.texts:
            self.texts[path] = path.read_text(encoding="utf-8")
        return self.texts[path]

    def write(self, path: Path, text: str) -> None:
        self.texts[path] = self.written[path] = text

    def flush(self) -> None:
        """Write the changed files straight, in place."""
        for path, text in self.written.items():
            write_in_place(path, text)


def blocks(text: str, header: str, record_id: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``header`` block whose id is ``record_id``."""
    starts = [m.start() for m in _TOP.finditer(text)]
    found = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end]
        if chunk.lstrip().startswith(header) and re.search(
                rf"^id = {re.escape(_q(record_id))}$", chunk, re.MULTILINE):
            found.append((start, end))
    return found


def claim_blocks(draft: Draft, claim_id: str) -> list[tuple[Path, int, int]]:
    """Every block defining ``claim_id``, in folder order."""
    return [(path, start, end) for path in dossiers(draft.root)
            for start, end in blocks(draft.read(path), "[[claims]]", claim_id)]


def write_in_place(path: Path, text: str) -> None:
    """Overwrite the file's bytes in place: same inode, no rename."""
    with open(path, "r+b") as handle:
        handle.write(text.encode("utf-8"))
        handle.truncate()


def edit_block(draft: Draft, claim_id: str, copy: int, change: Callable[[str], str]) -> None:
    """Replace one block of ``claim_id`` (the ``copy``-th) with ``change(block)``."""
    found = claim_blocks(draft, claim_id)
    if not found:
        return
    path, start, end = found[copy % len(found)]
    text = draft.read(path)
    draft.write(path, text[:start] + change(text[start:end]) + text[end:])


def edit_record(draft: Draft, paths: list[Path], header: str, record_id: str,
                change: Callable[[str], str]) -> None:
    """Replace the first ``header`` block of ``record_id`` in ``paths`` with ``change(block)``."""
    for path in paths:
        for start, end in blocks(draft.read(path), header, record_id)[:1]:
            text = draft.read(path)
            draft.write(path, text[:start] + change(text[start:end]) + text[end:])
            return


def _set_line(block: str, key: str, value: str) -> str:
    return re.sub(rf"^{key} = .*$", f"{key} = {_q(value)}", block, count=1, flags=re.MULTILINE)


def _set_key(part: str, key: str, line: str | None) -> str:
    """``part`` (a table's lines) with its ``key`` line replaced by ``line``, added (after
    the last line) or, with None, taken out."""
    part = re.sub(rf"^{key} = .*\n", "", part, count=1, flags=re.MULTILINE)
    if line is None:
        return part
    body = part.rstrip("\n")
    return body + "\n" + line.rstrip("\n") + "\n" + part[len(body):].lstrip("\n") + "\n"


def _in_claim(block: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the claim's own keys, before its first sub-table."""
    found = _SUB.search(block)
    cut = found.start() if found else len(block)
    return change(block[:cut]) + block[cut:]


def _in_appearance(block: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the keys of the claim's first appearance."""
    found = re.search(r"^\[\[claims\.appearances\]\]\n", block, re.MULTILINE)
    if not found:
        return block
    rest = _SUB.search(block, found.end())
    cut = rest.start() if rest else len(block)
    return block[:found.end()] + change(block[found.end():cut]) + block[cut:]


def _set_status(block: str, status: str) -> str:
    found = list(re.finditer(r'^status = "([a-z-]+)"$', block, re.MULTILINE))
    if not found:
        return block.rstrip("\n") + f"\n\n[[claims.reviews]]\ndate = 2024-05-01\n" \
                                    f"status = {_q(status)}\n\n"
    last = found[-1]
    return block[:last.start()] + f"status = {_q(status)}" + block[last.end():]


def _flip(block: str) -> str:
    """The latest status swapped for another of the same length: the file keeps its size."""
    found = list(re.finditer(r'^status = "([a-z-]+)"$', block, re.MULTILINE))
    if not found or found[-1][1] not in SAME_SIZE:
        return block
    last = found[-1]
    return block[:last.start(1)] + SAME_SIZE[last[1]] + block[last.end(1):]


def corrupt_quote(root: Path, dossier: str, number: int, fix_sha: bool) -> None:
    """Change one sentence of a document text (or change it back), and record the new
    sha256 in the dossier files or not."""
    path = root / "documents" / f"{dossier}.txt"
    if not path.exists():
        return
    old = path.read_text(encoding="utf-8")
    sentence = TEXTS[dossier][number]
    new = (old.replace(sentence, sentence.upper(), 1) if sentence in old
           else old.replace(sentence.upper(), sentence, 1))
    write_in_place(path, new)
    if fix_sha:
        for toml in dossiers(root):
            text = toml.read_text(encoding="utf-8")
            if _sha(old) in text:
                write_in_place(toml, text.replace(_sha(old), _sha(new)))


def _pick(paths: list[Path], number: int) -> Path | None:
    return paths[number % len(paths)] if paths else None


def plan(draft: Draft, step: tuple[Any, ...]) -> None:
    """Plan one edit of the files' TOML text."""
    kind, *args = step
    root = draft.root
    actors = toml_files(root)
    if kind == "claimant":
        claim_id, actor, copy = args
        edit_block(draft, claim_id, copy, lambda b: _set_line(b, "claimant", actor))
    elif kind == "kind":
        claim_id, value, copy = args
        edit_block(draft, claim_id, copy, lambda b: _set_line(b, "kind", value))
    elif kind == "status":
        claim_id, status, copy = args
        edit_block(draft, claim_id, copy, lambda b: _set_status(b, status))
    elif kind == "relation":
        claim_id, relation, target, copy = args
        edit_block(draft, claim_id, copy, lambda b: b.rstrip("\n") + (
            f"\n\n[[claims.relations]]\ntype = {_q(relation)}\ntarget = {_q(target)}\n\n"))
    elif kind == "delete-claim":
        claim_id, copy = args
        edit_block(draft, claim_id, copy, lambda b: "")
    elif kind in ("framing", "attribution", "cue"):
        claim_id, value, copy = args
        line = None if value is None else f"{kind} = {_q(value)}"
        edit_block(draft, claim_id, copy,
                   lambda b: _in_appearance(b, lambda p: _set_key(p, kind, line)))
    elif kind == "via":
        claim_id, via, copy = args
        line = f"via = {_list(via)}" if via else None
        edit_block(draft, claim_id, copy,
                   lambda b: _in_appearance(b, lambda p: _set_key(p, "via", line)))
    elif kind == "basis":
        claim_id, basis, copy = args
        line = None if basis is None else _basis(*basis)
        edit_block(draft, claim_id, copy,
                   lambda b: _in_claim(b, lambda p: _set_key(p, "basis", line)))
    elif kind == "affiliation":
        actor_id, affiliation = args
        line = None if affiliation is None else f"affiliation = {_q(affiliation)}"
        edit_record(draft, actors, "[[actors]]", actor_id,
                    lambda b: _set_key(b, "affiliation", line))
    elif kind == "actor-name":
        actor_id, name = args
        edit_record(draft, actors, "[[actors]]", actor_id, lambda b: _set_line(b, "name", name))
    elif kind == "actor-kind":
        actor_id, actor_kind = args
        edit_record(draft, actors, "[[actors]]", actor_id,
                    lambda b: _set_line(b, "kind", actor_kind))
    elif kind in ("voice", "publisher"):
        document, value = args
        line = None if value is None else f"{kind} = {_q(value)}"
        edit_record(draft, dossiers(root), "[[documents]]", document,
                    lambda b: _set_key(b, kind, line))
    elif kind == "duplicate":
        claim_id, number = args
        found = claim_blocks(draft, claim_id)
        others = [p for p in dossiers(root) if found and p != found[0][0]]
        if found and others:
            path, start, end = found[0]
            block = draft.read(path)[start:end]
            target = others[number % len(others)]
            draft.write(target, draft.read(target).rstrip("\n") + "\n\n"
                        + block.rstrip("\n") + "\n")
    else:  # pragma: no cover
        raise AssertionError(step)


def hand_edit(root: Path, step: tuple[Any, ...]) -> None:
    """An edit made outside claimtrack: straight to the files."""
    kind, *args = step
    if kind == "flip":
        # Size, inode and (on a coarse clock) times stay the same: write, let the index
        # read it, write again at once, back to the old bytes.
        claim_id, copy = args
        draft = Draft(root)
        edit_block(draft, claim_id, copy, _flip)
        draft.flush()
        Index.open(root).close()
        draft = Draft(root)
        edit_block(draft, claim_id, copy, _flip)
        draft.flush()
    elif kind == "touch":
        path = _pick(toml_files(root), args[0])
        if path is not None:
            path.touch()
    elif kind == "same-bytes":
        path = _pick(toml_files(root), args[0])
        if path is not None:
            info = path.stat()
            write_in_place(path, path.read_text(encoding="utf-8"))
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif kind == "rename":
        path, name = _pick(dossiers(root), args[0]), args[1]
        if path is not None and not (root / name).exists():
            path.rename(root / name)
    elif kind == "delete-file":
        path = _pick(dossiers(root), args[0])
        if path is not None:
            path.unlink()
    elif kind == "corrupt":
        corrupt_quote(root, *args)
    else:
        draft = Draft(root)
        plan(draft, step)
        draft.flush()


def edit_through_claimtrack(root: Path, planned: list[tuple[Any, ...]]) -> None:
    """The planned edits made as one edit by ``apply_edits``: checked against the index,
    written, and the rows it checked kept in the index (``Replacement.keep``) rather than
    read again. A refused edit (one that would add a problem) changes nothing."""
    draft = Draft(root)
    for step in planned:
        plan(draft, step)
    if not draft.written:
        return
    with contextlib.suppress(ClaimtrackError), Index.open(root) as index:
        apply_edits(index, [(path, lambda _old, new=new: new)
                            for path, new in draft.written.items()])


def library_edit(root: Path, step: tuple[Any, ...]) -> None:
    """An edit through claimtrack.edit.api; a refused one (a duplicate relation, an edit that
    would add a problem, a claim gone) changes nothing."""
    kind, *args = step
    with contextlib.suppress(ClaimtrackError), Index.open(root) as index:
        if kind == "review":
            api.review(index, args[0], status=args[1], by="desk", date="2024-06-01")
        elif kind == "link":
            api.link(index, args[0], args[1], args[2])
        elif kind == "link-many":
            api.link_many(index, [(source, relation, target, "")
                                  for source, relation, target in args[0]])
        elif kind == "unlink":
            claims = index.claims([args[0]])
            if claims and claims[0].relations:
                relation = claims[0].relations[0]
                api.unlink(index, args[0], str(relation.type), relation.target)
        elif kind == "add":
            quote, claimant, claim_kind, about, framing, attribution, via, basis = args
            document = "north" if "north" in quote else "south"
            claim = api.new_claim(
                index, {"statement": f"Added: {quote}", "claimant": claimant,
                        "kind": claim_kind, "about": about},
                {"framing": framing, "attribution": attribution, "via": via,
                 "cue": "said" if attribution == "explicit" else "", "document": document,
                 "quote": quote},
                basis=None if basis is None else {"reason": basis[0], "quote": basis[1]})
            api.add_claim(index, claim)
        elif kind == "new-actor":
            name, actor_kind, affiliation = args
            api.new_actor(index, {"name": name, "kind": actor_kind,
                                  "affiliation": affiliation})
        else:  # pragma: no cover
            raise AssertionError(step)


LIBRARY = {"review", "link", "link-many", "unlink", "add", "new-actor"}
ACTOR_IDS = list(ACTORS)
COPY = st.integers(0, 3)
FILE = st.integers(0, 7)
SPARE = [s for d in TEXTS.values() for s in d if s.startswith("Spare")]
BASIS = st.one_of(st.none(), st.tuples(
    st.sampled_from(["Told in the report's own voice.", "The paper's account, unsourced."]),
    st.sampled_from(["", "The ministry blamed", "the Ledger wrote", "no such words"])))
CONTENT = [
    st.tuples(st.just("claimant"), st.sampled_from(list(CLAIMS)), st.sampled_from(ACTOR_IDS),
              COPY),
    st.tuples(st.just("kind"), st.sampled_from(list(CLAIMS)), st.sampled_from(KINDS), COPY),
    st.tuples(st.just("status"), st.sampled_from(list(CLAIMS)), st.sampled_from(STATUSES),
              COPY),
    st.tuples(st.just("relation"), st.sampled_from(list(CLAIMS)),
              st.sampled_from(RELATION_TYPES), st.sampled_from([*CLAIMS, "no-such-claim"]),
              COPY),
    st.tuples(st.just("delete-claim"), st.sampled_from(list(CLAIMS)), COPY),
    st.tuples(st.just("framing"), st.sampled_from(list(CLAIMS)), st.sampled_from(FRAMINGS),
              COPY),
    st.tuples(st.just("attribution"), st.sampled_from(list(CLAIMS)),
              st.sampled_from(ATTRIBUTIONS), COPY),
    st.tuples(st.just("cue"), st.sampled_from(list(CLAIMS)),
              st.sampled_from([None, "said", "it was reported", "allegedly"]), COPY),
    st.tuples(st.just("via"), st.sampled_from(list(CLAIMS)),
              st.lists(st.sampled_from(ACTOR_IDS), max_size=2, unique=True), COPY),
    st.tuples(st.just("basis"), st.sampled_from(list(CLAIMS)), BASIS, COPY),
    st.tuples(st.just("affiliation"), st.sampled_from(ACTOR_IDS),
              st.sampled_from([None, *ACTOR_IDS])),
    st.tuples(st.just("actor-name"), st.sampled_from(ACTOR_IDS),
              st.sampled_from(["Renamed One", "Renamed Two"])),
    st.tuples(st.just("actor-kind"), st.sampled_from(ACTOR_IDS),
              st.sampled_from(["person", "editorial", "unnamed", "militia"])),
    st.tuples(st.just("voice"), st.sampled_from(list(TEXTS)),
              st.sampled_from([None, "desk", "wire", "ledger"])),
    st.tuples(st.just("publisher"), st.sampled_from(list(TEXTS)),
              st.sampled_from([None, "Ardia Post"])),
    st.tuples(st.just("duplicate"), st.sampled_from(list(CLAIMS)), st.integers(0, 1)),
]
"""Edits of the files' TOML text, made straight or through ``apply_edits``."""
THROUGH = st.tuples(st.just("through"), st.lists(st.one_of(*CONTENT), min_size=1, max_size=2))
steps = st.one_of(
    # Each kind of step as likely as any other; edits through apply_edits (rows kept, not
    # read again) as likely as three.
    *CONTENT, THROUGH, THROUGH, THROUGH,
    st.tuples(st.just("review"), st.sampled_from(list(CLAIMS)), st.sampled_from(STATUSES)),
    st.tuples(st.just("link"), st.sampled_from(list(CLAIMS)), st.sampled_from(RELATION_TYPES),
              st.sampled_from(list(CLAIMS))),
    st.tuples(st.just("link-many"), st.lists(st.tuples(
        st.sampled_from(list(CLAIMS)), st.sampled_from(RELATION_TYPES),
        st.sampled_from(list(CLAIMS))), min_size=1, max_size=3)),
    st.tuples(st.just("unlink"), st.sampled_from(list(CLAIMS))),
    st.tuples(st.just("add"), st.sampled_from(SPARE), st.sampled_from(ACTOR_IDS),
              st.sampled_from(KINDS), st.lists(st.sampled_from(ACTOR_IDS), max_size=2,
                                               unique=True),
              st.sampled_from(FRAMINGS), st.sampled_from(ATTRIBUTIONS),
              st.lists(st.sampled_from(ACTOR_IDS), max_size=1), BASIS),
    st.tuples(st.just("new-actor"), st.sampled_from(["Port Authority", "Dock Workers",
                                                     "Harbour Police"]),
              st.sampled_from(["agency", "organization", "person", "editorial"]),
              st.sampled_from([None, *ACTOR_IDS])),
    st.tuples(st.just("flip"), st.sampled_from(list(CLAIMS)), COPY),
    st.tuples(st.just("touch"), FILE),
    st.tuples(st.just("same-bytes"), FILE),
    st.tuples(st.just("rename"), FILE, st.sampled_from(["0-first.toml", "m-middle.toml",
                                                        "z-last.toml"])),
    st.tuples(st.just("delete-file"), FILE),
    st.tuples(st.just("corrupt"), st.sampled_from(list(TEXTS)), st.integers(0, 5),
              st.booleans()),
)


@contextlib.contextmanager
def coarse_clock(tick_ns: int | None = 1_000_000_000) -> Iterator[None]:
    """File times as a filesystem with one-second timestamps reports them: a file changed
    twice within a second looks unchanged to its size, times and inode. With ``tick_ns``
    None, every change made inside the block gets the time the block began, as if it all
    happened within one tick (the block must take less than keys.RACY_NS)."""
    import time

    real = os.stat
    began = time.time_ns()

    def coarse_time(ns: int) -> int:
        if tick_ns is None:
            return began if ns >= began else ns
        return ns // tick_ns * tick_ns

    def coarse(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real(path, *args, **kwargs)
        atime, mtime, ctime = (coarse_time(info.st_atime_ns), coarse_time(info.st_mtime_ns),
                               coarse_time(info.st_ctime_ns))
        head = (*info[:7], atime // 10**9, mtime // 10**9, ctime // 10**9)
        return os.stat_result(head, {
            "st_atime": atime / 1e9, "st_mtime": mtime / 1e9, "st_ctime": ctime / 1e9,
            "st_atime_ns": atime, "st_mtime_ns": mtime, "st_ctime_ns": ctime,
            "st_blksize": info.st_blksize, "st_blocks": info.st_blocks,
            "st_rdev": info.st_rdev})

    with mock.patch.object(os, "stat", coarse):
        yield


def test_the_coarse_clock_hides_a_quick_change(tmp_path: Path) -> None:
    path = tmp_path / "f"
    with coarse_clock(tick_ns=None):  # one tick covers the block
        path.write_text("a")
        before = os.stat(path)
        write_in_place(path, "b")
        after = os.stat(path)
    assert (before.st_size, before.st_mtime_ns, before.st_ctime_ns, before.st_ino) == (
        after.st_size, after.st_mtime_ns, after.st_ctime_ns, after.st_ino)


CROSS_RULES = {"interested-party", "single-source", "denied-unresolved", "relayed-as-fact"}
"""The rules whose findings the index keeps and works out again after a change."""


def test_the_edit_folder_is_sound_and_has_a_finding_of_every_rule(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    build_folder(root)
    found = answers(root, cache=False)
    assert found["check"][0].endswith("no problems"), found["check"]  # type: ignore[index]
    rules = {f.rule for f in found["flags"]}  # type: ignore[attr-defined]
    assert CROSS_RULES | {"details-withheld", "vague-attribution", "inferred-attribution",
                          "unnamed-in-chain"} <= rules, rules
    # Every kind of planned step changes the folder as written, into TOML that parses.
    for step in [("claimant", "depot-burned", "wire", 0), ("framing", "depot-burned",
                                                            "alleged", 0),
                 ("attribution", "wing-set-fire", "explicit", 0),
                 ("cue", "depot-burned", "it was reported", 0),
                 ("via", "depot-burned", ["anon", "ledger"], 0),
                 ("via", "gov-denies-threat", [], 0), ("basis", "wing-set-fire", None, 0),
                 ("basis", "depot-burned", ("Why.", ""), 0), ("affiliation", "wing", None),
                 ("affiliation", "court", "gov"), ("actor-name", "desk", "Renamed One"),
                 ("actor-kind", "anon", "person"), ("voice", "north", None),
                 ("voice", "south", "ledger"), ("publisher", "south", "Ardia Post"),
                 ("duplicate", "wing-threatens", 0), ("kind", "depot-burned", "ruling", 0),
                 ("status", "depot-burned", "refuted", 0),
                 ("relation", "depot-burned", "retracts", "wing-threatens", 0),
                 ("delete-claim", "depot-burned", 0)]:
        draft = Draft(root)
        plan(draft, step)
        ((path, text),) = draft.written.items()
        assert text != path.read_text(encoding="utf-8"), step
        assert not parse_file(text).problems, step


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=8))
def test_random_edits_keep_the_cached_index_equal_to_a_fresh_one(
        edits: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp, coarse_clock():
        root = Path(tmp) / "claims"
        build_folder(root)
        first = answers(root, cache=False)
        assert answers(root, cache=True) == first
        for step in edits:
            if step[0] in LIBRARY:
                library_edit(root, step)
            elif step[0] == "through":
                edit_through_claimtrack(root, step[1])
            else:
                hand_edit(root, step)
            cached = answers(root, cache=True)
            fresh = answers(root, cache=False)
            assert cached == fresh, f"after {step}:\n{differences(cached, fresh)}"
            agree_with_oracle(root, fresh)


# -- changes within one timestamp tick ------------------------------------------------------


def _flip_everywhere(root: Path) -> None:
    draft = Draft(root)
    for claim_id in ("ministry-blames-wing", "depot-burned"):
        edit_block(draft, claim_id, 0, _flip)
    draft.flush()


def _statuses(root: Path, *, cache: bool) -> list[tuple[str, str]]:
    found = answers(root, cache=cache)["rows:claims"]
    return [(r["id"], r["status"]) for r in found]  # type: ignore[attr-defined]


def test_a_change_within_one_timestamp_tick_is_noticed(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    with coarse_clock(tick_ns=None):  # every write below shares one timestamp
        build_folder(root)
        size, inode = (root / "north.toml").stat().st_size, (root / "north.toml").stat().st_ino
        before = _statuses(root, cache=True)
        _flip_everywhere(root)
        middle = _statuses(root, cache=True)
        assert ("depot-burned", "corroborated") in middle and middle != before
        _flip_everywhere(root)  # back to the first bytes, at once
        info = (root / "north.toml").stat()
        assert (info.st_size, info.st_ino) == (size, inode)
        assert _statuses(root, cache=True) == before == _statuses(root, cache=False)


def test_the_tick_test_fails_when_racy_files_are_trusted(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Without git's racy rule the coarse clock does hide the change: the test above can
    fail."""
    monkeypatch.setattr("claimtrack.index.keys.RACY_NS", 0)
    root = tmp_path / "claims"
    with coarse_clock(tick_ns=None):
        build_folder(root)
        before = _statuses(root, cache=True)
        _flip_everywhere(root)
        assert _statuses(root, cache=True) == before != _statuses(root, cache=False)


def test_a_file_read_long_after_its_change_is_followed_by_its_key(tmp_path: Path) -> None:
    """Once a file is no longer racy the stat key alone decides: a touch reads nothing again,
    a same-size change with its old mtime restored is still seen (its ctime moved)."""
    import time

    root = tmp_path / "claims"
    build_folder(root)
    time.sleep(2.1)  # keys.RACY_NS: from now on the files are not racy when read
    with Index.open(root) as index:
        assert index.value("SELECT sum(racy) FROM files") == 0
        generation = index.generation
    (root / "south.toml").touch()
    with Index.open(root) as index:
        assert index.generation == generation
    path = root / "north.toml"
    info = path.stat()
    _flip_everywhere(root)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    cached, fresh = answers(root, cache=True), answers(root, cache=False)
    assert cached == fresh, differences(cached, fresh)
    assert ("depot-burned", "corroborated") in _statuses(root, cache=True)


# -- findings worked out again after a change elsewhere ---------------------------------------

TEXT = "Alpha said X. Beta said Y. Gamma said Z.\n"


def _claim(claim_id: str, claimant: str, kind: str, quote: str, about: tuple[str, ...] = (),
           relations: tuple[tuple[str, str], ...] = ()) -> str:
    block = (f"\n[[claims]]\nid = {_q(claim_id)}\nstatement = \"S.\"\nclaimant = {_q(claimant)}\n"
             f"kind = {_q(kind)}\n")
    if about:
        block += f"about = {_list(list(about))}\n"
    block += (f"\n[[claims.appearances]]\ndocument = \"doc\"\nquote = {_q(quote)}\n"
              "framing = \"attributed\"\nattribution = \"explicit\"\ncue = \"said\"\n")
    for kind_, target in relations:
        block += f"\n[[claims.relations]]\ntype = {_q(kind_)}\ntarget = {_q(target)}\n"
    return block


def _actor(actor_id: str, name: str, affiliation: str | None = None) -> str:
    block = f"\n[[actors]]\nid = {_q(actor_id)}\nname = {_q(name)}\nkind = \"person\"\n"
    return block + (f"affiliation = {_q(affiliation)}\n" if affiliation else "")


def _two_files(root: Path, a: str, b: str) -> None:
    """actors.toml (x, a person; p, an organisation), a.toml (the document and ``a``),
    b.toml (``b``)."""
    (root / "documents").mkdir(parents=True)
    (root / "claimtrack.toml").write_text(SETTINGS, encoding="utf-8")
    (root / "documents" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (root / "actors.toml").write_text(_actor("x", "Ex") + _actor("p", "Pee"), encoding="utf-8")
    (root / "a.toml").write_text(f"[[documents]]\nid = \"doc\"\ntitle = \"Doc\"\ntext = "
                                 f"\"documents/doc.txt\"\nsha256 = {_q(_sha(TEXT))}\n" + a,
                                 encoding="utf-8")
    (root / "b.toml").write_text(b, encoding="utf-8")


def _after(root: Path, change: Any) -> tuple[list[Any], list[Any]]:
    """Flags from the cached index and from a fresh one, after ``change``."""
    answers(root, cache=True)
    change()
    return answers(root, cache=True)["flags"], answers(root, cache=False)["flags"]  # type: ignore[return-value]


def _replace(path: Path, old: str, new: str) -> Any:
    return lambda: path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1),
                                   encoding="utf-8")


def test_an_accusers_new_affiliation_is_judged_again(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    _two_files(root, _actor("e", "Eee"),
               _claim("h", "e", "accusation", "Alpha said X.", about=("x",))
               + _claim("c", "x", "accusation", "Beta said Y.", about=("p",)))
    cached, fresh = _after(root, _replace(root / "a.toml", 'name = "Eee"\n',
                                          'name = "Eee"\naffiliation = "p"\n'))
    assert [f.rule for f in fresh if f.claim == "c"].count("interested-party") == 1
    assert cached == fresh


def test_a_supporters_new_affiliation_is_judged_again(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    _two_files(root, _actor("s", "Ess"),
               _claim("c", "x", "report", "Alpha said X.")
               + _claim("sup", "s", "report", "Beta said Y.", relations=(("supports", "c"),)))
    cached, fresh = _after(root, _replace(root / "a.toml", 'name = "Ess"\n',
                                          'name = "Ess"\naffiliation = "x"\n'))
    assert [f.rule for f in fresh if f.claim == "c"].count("single-source") == 1
    assert cached == fresh


def test_a_deniers_new_name_is_judged_again(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    _two_files(root, _actor("d", "Denier"),
               _claim("c", "x", "report", "Alpha said X.")
               + _claim("den", "d", "denial", "Beta said Y.", relations=(("denies", "c"),)))
    cached, fresh = _after(root, _replace(root / "a.toml", '"Denier"', '"Renamed"'))
    assert "denied by den (Renamed) and still unverified" in [f.reason for f in fresh]
    assert cached == fresh


def test_revived_duplicate_refreshes_its_targets(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    _two_files(root, _claim("c", "x", "report", "Alpha said X."),
               _claim("t", "p", "report", "Beta said Y.")
               + _claim("c", "x", "report", "Alpha said X.", relations=(("denies", "t"),)))
    text = (root / "a.toml").read_text(encoding="utf-8")
    cached, fresh = _after(root, lambda: (root / "a.toml").write_text(
        text[:text.index("\n[[claims]]")], encoding="utf-8"))
    assert "denied by c (Ex) and still unverified" in [f.reason for f in fresh]
    assert cached == fresh


def test_sources_of_a_folder_with_a_blank_claimant(tmp_path: Path) -> None:
    from claimtrack.sources import source_matrix

    root = tmp_path / "claims"
    shutil.copytree(VALID, root)
    overlay_case(FIXTURES / "broken" / "blank-claimant", root)
    with Index.open(root, cache=False) as index:
        rows, _ = source_matrix(index, Selection())
    assert rows[-1]["total"] == len(oracle.load(root).claims)
    assert [r["total"] for r in rows if r["actor"] == ""] == [1]  # the blank claimant's


# -- a damaged cache is thrown away, never believed -------------------------------------------

CRASH = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from claimtrack.index import Index
    index = Index.open(Path(sys.argv[1]))
    print(index.path, flush=True)
    time.sleep(60)
""")


def _crash_holding_the_index(root: Path) -> None:
    """A claimtrack killed while it holds the index: its -wal and -shm stay behind."""
    proc = subprocess.Popen([sys.executable, "-c", CRASH, str(root)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == str(database_path(root))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert Path(f"{database_path(root)}-wal").exists()


def _garbage(path: Path) -> None:
    import random

    path.write_bytes(random.Random(5).randbytes(path.stat().st_size))


def _foreign(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (name TEXT, value TEXT); "
                     "CREATE TABLE claims (id TEXT); INSERT INTO claims VALUES ('x');")
    db.close()


def _other_version(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = 'another claimtrack' WHERE name = 'format'")
    db.commit()
    db.close()


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE = {
    "truncated-to-half": lambda path: os.truncate(path, path.stat().st_size // 2),
    "truncated-to-100-bytes": lambda path: os.truncate(path, 100),
    "garbage": _garbage,
    "empty": lambda path: path.write_bytes(b""),
    "wal-deleted-after-a-crash": lambda path: Path(f"{path}-wal").unlink(),
    "wal-garbage-after-a-crash": lambda path: _garbage(Path(f"{path}-wal")),
    "another-version": _other_version,
    "another-database": _foreign,
    "a-folder": _folder,
}


@pytest.fixture
def small_generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return generated(tmp_path / "claims", claims=300, files=5, seed=4)


def _answers_from_the_damaged_cache(root: Path) -> None:
    cached = answers(root, cache=True)  # Index.open must not raise either
    fresh = answers(root, cache=False)
    assert raised(cached) == []
    assert cached == fresh, differences(cached, fresh)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_is_built_again(damage: str, small_generated: Path) -> None:
    root = small_generated
    if "crash" in damage:
        _crash_holding_the_index(root)
    else:
        Index.open(root).close()
    DAMAGE[damage](database_path(root))
    _answers_from_the_damaged_cache(root)
    if damage != "a-folder":  # a folder in its place cannot be thrown away
        with Index.open(root) as index:
            assert index.path == database_path(root)  # built again, and used


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_no_usable_cache_folder_means_answers_from_memory(
        where: str, small_generated: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file\n")
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR",
                       str(blocker if where == "a-file" else blocker / "cache"))
    _answers_from_the_damaged_cache(small_generated)
    with Index.open(small_generated) as index:
        assert index.path is None
    assert blocker.read_text() == "a regular file\n"


def _damage_the_claims_table(path: Path) -> None:
    """Overwrite the root page of the claims table: sync never reads it."""
    db = sqlite3.connect(path)
    page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xa5" * size)


def test_a_damaged_page_of_the_cache_is_built_again(small_generated: Path) -> None:
    root = small_generated
    Index.open(root).close()
    _damage_the_claims_table(database_path(root))
    _answers_from_the_damaged_cache(root)


def _mark(path: Path) -> None:
    """Leave a mark in the cache, sealed as claimtrack seals what it wrote."""
    from claimtrack.index.cache import seal

    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO meta VALUES ('mark', 'kept')")
    seal(path)


def _marked(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT 1 FROM meta WHERE name = 'mark'").fetchone() is not None


def test_the_cache_is_built_again_only_when_it_changed_behind_claimtracks_back(
        small_generated: Path) -> None:
    """A warm open trusts the sealed file; a file another program wrote (or a crash left)
    is thrown away and built again, whatever it holds."""
    root = small_generated
    Index.open(root).close()
    path = database_path(root)
    _mark(path)
    for _ in range(2):
        Index.open(root).close()
        assert _marked(path)  # the same file, not built again
    with contextlib.closing(sqlite3.connect(path)) as db, db:  # another program writes
        db.execute("UPDATE meta SET value = 'changed' WHERE name = 'mark'")
    Index.open(root).close()
    assert not _marked(path)
    _mark(path)
    Index.open(root).close()
    assert _marked(path)


def test_a_claimtrack_using_the_cache_keeps_others_from_throwing_it_away(
        small_generated: Path) -> None:
    """While one claimtrack holds the index, another trusts it even when the file changed
    (the first may be writing it): only one alone with the cache judges it."""
    root = small_generated
    Index.open(root).close()
    path = database_path(root)
    _mark(path)
    with Index.open(root) as first:
        os.utime(path, ns=(1, 1))
        with Index.open(root) as second:
            assert second.path == path == first.path
        assert _marked(path)
    Index.open(root).close()
    assert _marked(path)  # the first sealed it as it let go


def test_a_damage_found_while_answering_throws_the_cache_away(small_generated: Path) -> None:
    """Damage the seal cannot see (a disk that changed a page in place) is found while
    answering: one clear message, the cache deleted, and the next run answers right."""
    from typer.testing import CliRunner

    from claimtrack.cli import app
    from claimtrack.index.cache import seal

    root = small_generated
    Index.open(root).close()
    path = database_path(root)
    _damage_the_claims_table(path)
    seal(path)
    runner = CliRunner()
    command = ["--claims", str(root), "list", "--format", "tsv", "--columns", "id,status"]
    failed = runner.invoke(app, command)
    assert failed.exit_code == 1, failed.output
    assert failed.stderr.startswith(f"claimtrack: the index cache {path} is damaged ("), \
        failed.stderr
    assert not path.exists()
    again, memory = runner.invoke(app, command), runner.invoke(app, ["--no-cache", *command])
    assert again.exit_code == memory.exit_code == 0
    assert again.stdout == memory.stdout and memory.stdout.count("\n") == 301
    assert path.exists()


# -- two processes reading a fresh cache at once ----------------------------------------------

LIST = textwrap.dedent("""
    import sys
    import claimtrack.index.write
    if sys.argv.pop(1) == "parallel":
        claimtrack.index.write._PARALLEL_BYTES = 0
    from claimtrack.cli import main
    main()
""")


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "two-workers"])
def test_two_processes_reading_a_fresh_cache_print_the_same_rows(
        parallel: bool, tmp_path: Path) -> None:
    root = generated(tmp_path / "claims")

    def start(*options: str) -> subprocess.Popen[str]:
        mode = "parallel" if parallel else "serial"
        return subprocess.Popen(
            [sys.executable, "-c", LIST, mode, "--claims", str(root), *options, "list",
             "--format", "tsv", "--columns", "id,claimant,status,made,dossier,statement"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    assert not database_path(root).exists()
    both = [start(), start()]
    outputs = [p.communicate(timeout=120) for p in both]
    memory = start("--no-cache").communicate(timeout=120)
    assert [p.returncode for p in both] == [0, 0]
    assert memory[1] == "" and memory[0].count("\n") == 2001
    for out, err in outputs:
        assert err == ""
        assert out == memory[0]
    assert start().communicate(timeout=120)[0] == memory[0]  # the cache they left
    assert database_path(root).exists()


def test_an_edit_builds_new_files_from_the_bytes_given_even_when_big(tmp_path: Path) -> None:
    """Files an edit is checked with are built from its bytes, not read from disk by the
    parallel workers (where new ones do not exist yet): eight new dossiers, the parallel
    threshold lowered to nothing, all their claims are in the index being checked."""
    from claimtrack.index import write
    from claimtrack.index.sync import replaced

    source = generated(tmp_path / "source", claims=200, files=8, seed=3)
    root = tmp_path / "claims"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("dossier-*.toml"))
    new = {p.name: p.read_bytes() for p in sorted(source.glob("dossier-*.toml"))}
    assert len(new) == 8
    with Index.open(root, cache=False) as index:
        assert index.value("SELECT count(*) FROM claims WHERE live") == 0
        with mock.patch.object(write, "_PARALLEL_BYTES", 0), \
                replaced(index.db, root, new):
            assert index.value("SELECT count(*) FROM claims WHERE live") == 200
            assert index.rows("SELECT message FROM problems WHERE file LIKE 'dossier-%'") == []
