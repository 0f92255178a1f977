"""The rules as data: cue words, actor words and attribution shapes, read from ``lexicon/``."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

import attrs

from claimtrack.model import ActorKind, ClaimKind, Framing

__all__ = ["Category", "Example", "Lexicon", "Shape", "lexicon"]


@attrs.frozen
class Example:
    """A sentence of the lexicon and what the draft must make of it."""

    text: str
    claimant: str
    cue: str = ""
    via: tuple[str, ...] = ()
    kind: str = ""
    where: str = ""


@attrs.frozen
class Category:
    """Cue words of one sort, and the claim kind and framing they give."""

    name: str
    kind: ClaimKind
    framing: Framing
    verbs: frozenset[str]
    nouns: frozenset[str]
    adverbs: frozenset[str]
    governors: frozenset[str]
    acts: frozenset[str] = frozenset()
    """Speech acts that are a claim without content ("apologised to the team")."""
    passive_events: frozenset[str] = frozenset()
    """Verbs that, passive with no agent, tell an event of record, not an allegation."""
    objects: frozenset[str] = frozenset()
    """Objects that make the verb a cue without a clause ("put the sum at", "found no
    evidence"); with none listed, any object does for the categories that take one."""


@attrs.frozen
class Shape:
    """A dependency pattern that places a cue's source (or relay) in the parse."""

    name: str
    pattern: tuple[dict[str, Any], ...]
    unnamed: bool = False


@attrs.frozen
class Lexicon:
    """Every word list and shape the annotators read."""

    categories: dict[str, Category]
    words: dict[str, frozenset[str]]
    """Actor word lists: titles, honorifics, male, female, institutions, evidence, ..."""
    kinds: tuple[tuple[ActorKind, frozenset[str]], ...]
    shapes: tuple[Shape, ...]
    relays: tuple[Shape, ...]
    examples: tuple[Example, ...]

    def category(self, lemma: str, pos: str) -> Category | None:
        """The category of a cue word (lemma, coarse part of speech), if it is one."""
        for category in self.categories.values():
            words = (category.verbs if pos in ("VERB", "AUX") else
                     category.nouns if pos in ("NOUN", "PROPN") else category.adverbs)
            if lemma in words:
                return category
        return None

    def kind_of(self, words: str) -> ActorKind | None:
        """The actor kind the words of a name or phrase suggest, strongest group first."""
        return _kind_of(self.kinds, words)


@functools.lru_cache(maxsize=1 << 14)
def _kind_of(kinds: tuple[tuple[ActorKind, frozenset[str]], ...], words: str) -> ActorKind | None:
    low = f" {' '.join(words.casefold().replace(chr(8217), chr(39)).split())} "
    for kind, group in kinds:
        if any(f" {w} " in low or f" {w}s " in low for w in group):
            return kind
    return None


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"lexicon/{name}").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _examples(items: list[dict[str, Any]], where: str) -> list[Example]:
    return [Example(text=e["text"], claimant=e["claimant"], cue=e.get("cue", ""),
                    via=tuple(e.get("via", ())), kind=e.get("kind", ""), where=where)
            for e in items]


def _expand(pattern: list[dict[str, Any]], parts: dict[str, list[str]]) -> tuple[dict[str, Any],
                                                                                 ...]:
    """Replace ``CUE = "verb"`` by the lemmas of every category's verbs (nouns, adverbs)."""
    out = []
    for node in pattern:
        attrs_ = dict(node.get("RIGHT_ATTRS", {}))
        part = attrs_.pop("CUE", None)
        if part is not None:
            attrs_["LEMMA"] = {"IN": parts[part]}
            attrs_["POS"] = {"IN": {"verb": ["VERB", "AUX"], "noun": ["NOUN"],
                                    "adverb": ["ADV"]}[part]}
        out.append({**node, "RIGHT_ATTRS": attrs_})
    return tuple(out)


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon, read once."""
    cues, actors, shapes = _read("cues.toml"), _read("actors.toml"), _read("shapes.toml")
    categories, examples = {}, []
    from claimtrack.vague import HEDGES

    for name, entry in cues.items():
        # The hedges are the one definition of vague attribution the flag reads too.
        adverbs = set(entry.get("adverbs", ())) | (set(HEDGES) if name == "allegation"
                                                   else set())
        categories[name] = Category(
            name, ClaimKind(entry["kind"]), Framing(entry["framing"]),
            frozenset(entry.get("verbs", ())), frozenset(entry.get("nouns", ())),
            frozenset(adverbs), frozenset(entry.get("governors", ())),
            frozenset(entry.get("acts", ())), frozenset(entry.get("passive_events", ())),
            frozenset(entry.get("objects", ())))
        examples += _examples(entry.get("examples", []), f"cues.toml [{name}]")
    parts: dict[str, list[str]] = {
        "verb": sorted({w for c in categories.values() for w in c.verbs}),
        "noun": sorted({w for c in categories.values() for w in c.nouns if " " not in w}),
        "adverb": sorted({w for c in categories.values() for w in c.adverbs})}
    made: dict[str, list[Shape]] = {"shapes": [], "relays": []}
    for group in made:
        for entry in shapes[group]:
            made[group].append(Shape(entry["name"], _expand(entry["pattern"], parts),
                                     entry.get("unnamed", False)))
            examples += _examples(entry.get("examples", []), f"shapes.toml {entry['name']}")
    examples += _examples(actors.pop("examples", []), "actors.toml")
    kinds = tuple((ActorKind(k), frozenset(v)) for k, v in actors.pop("kinds").items())
    words = {k: frozenset(v) for k, v in actors.items()}
    return Lexicon(categories, words, kinds, tuple(made["shapes"]), tuple(made["relays"]),
                   tuple(examples))
