"""The source matrix: claims per actor, split by how each is known to be its claimant's."""

from __future__ import annotations

import hashlib
from pathlib import Path

import tomlkit

from claimtrack.folder import SETTINGS, settings_text
from claimtrack.index import Index
from claimtrack.model import (
    Actor,
    ActorKind,
    Appearance,
    Attribution,
    Basis,
    Claim,
    ClaimKind,
    Document,
    Framing,
)
from claimtrack.select import Selection
from claimtrack.sources import source_matrix
from claimtrack.structure import unstructure

BUNDLED = Path(__file__).parent.parent / "claims"
TEXTS = {"paper": "The ministry said the port closed. The port closed.",
         "bulletin": "The port closed, the ministry bulletin says."}


def _appearance(document: str, quote: str, attribution: Attribution) -> Appearance:
    framing = Framing.ASSERTED if attribution is not Attribution.EXPLICIT else \
        Framing.ATTRIBUTED
    return Appearance(document=document, quote=quote, framing=framing,
                      attribution=attribution)


def _folder(root: Path) -> Path:
    """A paper that names the ministry once and states its word as fact once, and the
    ministry's own bulletin."""
    actors = [Actor(id="ministry", name="Ministry", kind=ActorKind.GOVERNMENT),
              Actor(id="paper-voice", name="Paper", kind=ActorKind.EDITORIAL)]
    documents = [Document(id=d, title=d, text=f"documents/{d}.txt",
                          voice="ministry" if d == "bulletin" else "paper-voice",
                          sha256=hashlib.sha256(t.encode()).hexdigest())
                 for d, t in TEXTS.items()]
    basis = Basis(reason="Only the ministry could know.")
    claims = [
        # Its own bulletin carries it and the paper names it: known first-hand, own.
        Claim(id="closed", statement="The port closed.", claimant="ministry",
              kind=ClaimKind.EVENT, basis=basis, appearances=(
                  _appearance("paper", "The port closed.", Attribution.INFERRED),
                  _appearance("bulletin", "The port closed", Attribution.OWN))),
        Claim(id="said", statement="The ministry said the port closed.",
              claimant="ministry", kind=ClaimKind.STATEMENT, appearances=(
                  _appearance("paper", "The ministry said", Attribution.EXPLICIT),)),
        Claim(id="inferred", statement="The port closed, the paper says.",
              claimant="ministry", kind=ClaimKind.EVENT, basis=basis, appearances=(
                  _appearance("paper", "the port closed", Attribution.INFERRED),)),
    ]
    (root / "documents").mkdir()
    for name, text in TEXTS.items():
        (root / "documents" / f"{name}.txt").write_text(text, encoding="utf-8")
    body = {"actors": [unstructure(a) for a in actors],
            "documents": [unstructure(d) for d in documents],
            "claims": [unstructure(c) for c in claims]}
    (root / "folder.toml").write_text(tomlkit.dumps(body), encoding="utf-8")
    (root / SETTINGS).write_text(settings_text(), encoding="utf-8")
    return root


def _split(rows: list[dict[str, object]], actor: str) -> tuple[object, ...]:
    row = next(r for r in rows if r["actor"] == actor)
    return row["total"], row["own"], row["explicit"], row["inferred"]


def test_own_explicit_and_inferred_are_counted_apart(tmp_path: Path) -> None:
    with Index.open(_folder(tmp_path), cache=False) as index:
        rows, names = source_matrix(index, Selection())
        assert names[-4:] == ["total", "own", "explicit", "inferred"]
        assert _split(rows, "ministry") == (3, 1, 1, 1)
        assert _split(rows, "(total)") == (3, 1, 1, 1)


def test_by_voice_splits_what_each_voice_carries(tmp_path: Path) -> None:
    with Index.open(_folder(tmp_path), cache=False) as index:
        rows, names = source_matrix(index, Selection(), by_voice=True)
        assert names[-4:] == ["total", "own", "explicit", "inferred"]
        # The paper carries all three, naming the ministry in one; the bulletin one, its own.
        assert _split(rows, "paper-voice") == (3, 0, 1, 2)
        assert _split(rows, "ministry") == (1, 1, 0, 0)


def test_the_bundled_articles_own_voice_is_not_counted_as_explicit() -> None:
    with Index.open(BUNDLED, cache=False) as index:
        rows, _ = source_matrix(index, Selection())
    assert _split(rows, "wikipedia-editorial") == (37, 37, 0, 0)
    assert _split(rows, "nss") == (7, 0, 1, 6)
