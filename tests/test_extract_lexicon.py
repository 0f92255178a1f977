"""Every example sentence of the lexicon (cue words, shapes, actor words) runs as a test."""

from __future__ import annotations

import re

import pytest

from claimtrack.extract import draft_article
from claimtrack.extract.actors import normalize
from claimtrack.extract.lexicon import Example, lexicon
from claimtrack.model import ActorKind

EXAMPLES = lexicon().examples


def _name(actors: dict[str, tuple[str, ActorKind]], actor_id: str) -> str:
    name, kind = actors[actor_id]
    if kind is ActorKind.EDITORIAL:
        return "(voice)"
    if kind is ActorKind.UNNAMED and name.startswith("Unnamed source"):
        return "(unnamed)"
    # A generic role noun is qualified by its organisation, country or document.
    return normalize(re.sub(r" \([^()]*\)$", "", name))


@pytest.mark.model
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.where}: {e.text[:50]}" for e in EXAMPLES])
def test_example(example: Example) -> None:
    draft = draft_article(example.text, name="example")
    actors = {a.id: (a.name, a.kind) for a in draft.extraction.actors}
    claims = draft.claims
    assert claims, "no claim drafted"
    if example.cue:
        chosen = [c for c in claims if c.appearances[0].cue.casefold() == example.cue.casefold()]
        assert chosen, [c.appearances[0].cue for c in claims]
    else:
        chosen = list(claims)
    expected = example.claimant if example.claimant.startswith("(") else normalize(
        example.claimant)
    for claim in chosen:
        assert _name(actors, claim.claimant) == expected
        assert [normalize(actors[v][0]) for v in claim.appearances[0].via] == [
            normalize(v) for v in example.via]
        if example.kind:
            assert actors[claim.claimant][1].value == example.kind


def test_every_category_and_shape_has_examples() -> None:
    where = {e.where for e in EXAMPLES}
    missing = [name for name in lexicon().categories if f"cues.toml [{name}]" not in where]
    assert missing == []
    shapes = [s.name for s in lexicon().shapes if f"shapes.toml {s.name}" not in where]
    assert shapes == ["citing-first", "noun-by"]  # kept for their patterns; see below


def test_shapes_are_dependency_patterns_over_cue_words() -> None:
    for shape in (*lexicon().shapes, *lexicon().relays):
        ids = [node["RIGHT_ID"] for node in shape.pattern]
        assert len(ids) == len(set(ids)), shape.name
        assert "cue" in ids or "source" in ids, shape.name
        assert shape.unnamed or "source" in ids or shape in lexicon().relays, shape.name
