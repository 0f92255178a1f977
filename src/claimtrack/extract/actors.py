"""Resolve names to actors already known, or propose new ones with their kind and aliases.

A name matches an actor only by its name, an alias, an acronym of a multi-word name, a
person's surname when one person has it, or a spelling variant of a person's full name:
never by a shared generic word ("ministry")."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import attrs

from claimtrack.model import Actor, ActorKind
from claimtrack.slug import fresh_id, slugify

__all__ = ["ActorRegistry", "normalize", "translit_key"]

_SMALL = frozenset({"of", "the", "for", "and", "de", "la", "du", "von", "van", "der", "on"})
_POSSESSIVE = re.compile(r"[\u2019']s\b")
_PUNCTUATION = re.compile(r"[^\w.& -]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Case-folded name without accents, a leading 'the', possessive or surrounding punctuation."""
    text = name
    if not name.isascii():
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = _POSSESSIVE.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _ARTICLE.sub("", text.strip())
    return " ".join(text.split()).strip(" .")


@functools.lru_cache(maxsize=1 << 16)
def translit_key(name: str) -> str:
    """A key under which common transliteration variants coincide (Sarkis/Sargis, -yan/-ian)."""
    text = normalize(name)
    for old, new in (("kh", "h"), ("gh", "h"), ("ph", "f"), ("y", "i"), ("g", "k"), ("q", "k"),
                     ("c", "k"), ("w", "v"), ("j", "i"), ("ou", "u"), ("ts", "c")):
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", text)


def acronym(name: str) -> str:
    """Initials of a multi-word name's significant words (National Security Service -> NSS)."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.casefold() not in _SMALL]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


@attrs.define
class _Entry:
    id: str
    name: str
    kind: ActorKind
    aliases: list[str]
    proposed: bool
    affiliation: str | None = None
    description: str = ""


def _proper(word: str) -> bool:
    """Whether a name's first word can stand for it alone: no common word ("Ministry",
    "National", "Police") but a name of its own ("Vessmark")."""
    from claimtrack.extract.lexicon import lexicon

    words = lexicon().words
    return len(word) > 3 and word not in _SMALL and word not in words["institutions"] and (
        word not in words["titles"] and word not in words["common"]) and (
        lexicon().kind_of(word) is None)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] != b[j]:
            edits += 1
            if edits > 1:
                return False
            if len(a) == len(b):
                i += 1
            j += 1
        else:
            i += 1
            j += 1
    return edits + (len(b) - j) <= 1


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


class ActorRegistry:
    """The actors a draft may name: the folder's own plus the ones proposed while extracting."""

    def __init__(self, known: Iterable[Actor] = (), *, taken_ids: Iterable[str] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._keys: dict[str, str] = {}
        self._fuzzy: dict[str, str] = {}
        # Spelling variants one edit apart share a key with one letter deleted: looking a
        # name up costs the same whatever the number of actors.
        self._deleted: dict[str, set[str]] = {}
        self._surnames: dict[str, set[str]] = {}
        # An organisation's first word, when it is a name of its own ("Vessmark" for
        # Vessmark Terminals): its short form later in the text.
        self._short: dict[str, set[str]] = {}
        self._special: dict[ActorKind, str] = {}
        self._unnamed: dict[str, list[str]] = {}
        self._generic: dict[str, str] = {}  # a generic body's name as the text says it
        self._taken = set(taken_ids)
        for actor in known:
            self._add(_Entry(actor.id, actor.name, actor.kind, list(actor.aliases), False,
                             actor.affiliation, actor.description))

    def _add(self, entry: _Entry) -> None:
        self._entries[entry.id] = entry
        self._taken.add(entry.id)
        self._index(entry, entry.id, variants=False)
        for name in (entry.name, *entry.aliases):
            self._index(entry, name)

    def _index(self, entry: _Entry, name: str, *, variants: bool = True) -> None:
        key = normalize(name)
        if not key:
            return
        self._keys.setdefault(key, entry.id)
        fuzzy = translit_key(name)
        self._fuzzy.setdefault(fuzzy, entry.id)
        if variants and " " in key and len(fuzzy) >= 8 and entry.kind is ActorKind.PERSON:
            for variant in _deletions(fuzzy):
                self._deleted.setdefault(variant, set()).add(fuzzy)
        short = acronym(name)
        if short and entry.kind not in (ActorKind.PERSON, ActorKind.UNNAMED):
            self._keys.setdefault(normalize(short), entry.id)
        if entry.kind is ActorKind.PERSON and " " in key:
            self._surnames.setdefault(key.rsplit(" ", 1)[1], set()).add(entry.id)
        elif entry.kind not in (ActorKind.UNNAMED, ActorKind.EDITORIAL) and " " in key and (
                _proper(key.split()[0]) and name[:1].isupper()) and not name.split()[0].endswith(
                    ("'s", "\u2019s")):  # "Ostrel's minister": Ostrel is the place, no short name
            self._short.setdefault(key.split()[0], set()).add(entry.id)

    def get(self, actor_id: str) -> Actor:
        """The actor ``actor_id`` as a model value."""
        entry = self._entries[actor_id]
        return Actor(id=entry.id, name=entry.name, kind=entry.kind,
                     aliases=tuple(entry.aliases), affiliation=entry.affiliation,
                     description=entry.description)

    def kind_of(self, actor_id: str) -> ActorKind:
        """The kind of actor ``actor_id``."""
        return self._entries[actor_id].kind

    def name_of(self, actor_id: str) -> str:
        """The name of actor ``actor_id``."""
        return self._entries[actor_id].name

    @property
    def proposed(self) -> list[Actor]:
        """Actors proposed by this extraction, in the order they were first met."""
        return [self.get(e.id) for e in self._entries.values() if e.proposed]

    def resolve(self, mention: str) -> str | None:
        """The actor ``mention`` names: by name, alias, acronym, surname or spelling variant."""
        key = normalize(mention)
        if not key:
            return None
        if key in self._keys:
            return self._keys[key]
        for table in (self._surnames, self._short):
            owners = table.get(key, set())
            if len(owners) == 1:
                return next(iter(owners))
        fuzzy = translit_key(mention)
        if fuzzy in self._fuzzy:
            return self._fuzzy[fuzzy]
        if " " in key and len(fuzzy) >= 8:
            # Spelling variants of a person's name: one edit apart once transliterated.
            candidates = set(self._deleted.get(fuzzy, ()))
            for variant in _deletions(fuzzy):
                candidates |= self._deleted.get(variant, set())
                if variant in self._fuzzy:
                    candidates.add(variant)
            for other in sorted(candidates):
                if other[:1] == fuzzy[:1] and _edit_distance_at_most_one(fuzzy, other):
                    return self._fuzzy[other]
        return None

    def add_alias(self, actor_id: str, alias: str) -> None:
        """Record ``alias`` for a proposed actor when no other actor answers to it."""
        entry = self._entries[actor_id]
        key = normalize(alias)
        if not entry.proposed or not key or self._keys.get(key, actor_id) != actor_id:
            return
        if key not in {normalize(n) for n in (entry.id, entry.name, *entry.aliases)}:
            entry.aliases.append(alias)
        self._index(entry, alias)

    def set_kind(self, actor_id: str, kind: ActorKind) -> None:
        """Correct the kind of a proposed actor when the text says more of it."""
        entry = self._entries[actor_id]
        if entry.proposed and entry.kind in (ActorKind.PERSON, ActorKind.ORGANIZATION):
            entry.kind = kind

    def set_affiliation(self, actor_id: str, affiliation: str | None) -> None:
        """Record whom a proposed actor belongs to (a spokeswoman's ministry)."""
        entry = self._entries[actor_id]
        if entry.proposed and affiliation and affiliation != actor_id and not entry.affiliation:
            entry.affiliation = affiliation

    def propose(self, name: str, *, kind: ActorKind | None = None, context: str = "",
                aliases: Iterable[str] = (), affiliation: str | None = None) -> str:
        """Resolve ``name`` or add it as a new proposed actor; return the actor id."""
        found = self.resolve(name)
        if found is not None:
            if normalize(name) != normalize(self._entries[found].name):
                self.add_alias(found, name)
            for alias in aliases:
                self.add_alias(found, alias)
            self.set_affiliation(found, affiliation)
            return found
        guessed = kind or ActorKind.ORGANIZATION
        actor_id = fresh_id(slugify(name, limit=40), self._taken)
        self._add(_Entry(actor_id, name, guessed, [], True, affiliation,
                         description=f"Proposed by claimtrack extract from '{context or name}'."))
        for alias in aliases:
            self.add_alias(actor_id, alias)
        return actor_id

    def generic(self, name: str, *, kind: ActorKind, stem: str, context: str = "") -> str:
        """A body the text names only by a common noun ("the regional inspectorate"): its
        id carries the document's stem, and it answers to no actor outside this draft."""
        key = normalize(name)
        for entry in self._entries.values():
            if entry.proposed and normalize(entry.name) == key:
                return entry.id
        if key in self._generic:
            return self._generic[key]
        # The folder's own body of that name is another article's: a name must mean one
        # actor, so this one is numbered, as a second unnamed source is.
        base, number = name, 1
        while normalize(name) in self._keys:
            number += 1
            name = f"{base} ({number})"
        actor_id = fresh_id(f"{stem}-{slugify(base, limit=30)}", self._taken)
        self._add(_Entry(actor_id, name, kind, [], True,
                         description=f"Proposed by claimtrack extract from '{context or base}'."))
        self._generic[key] = actor_id
        return actor_id

    def unnamed(self, name: str, *, stem: str, context: str = "",
                affiliation: str | None = None) -> str:
        """A new unnamed source, named after how the text describes it ('a spokeswoman').

        One description is one actor unless two organisations are named: a name must mean
        one actor, so the second gets its organisation in its name.
        """
        key = normalize(name)
        for actor_id in self._unnamed.get(key, []):
            owner = self._entries[actor_id].affiliation
            if owner == affiliation or owner is None or affiliation is None:
                self.set_affiliation(actor_id, affiliation)
                return actor_id
        if self._unnamed.get(key) and affiliation is not None:
            name = f"{name} ({self._entries[affiliation].name})"
        if normalize(name) in self._keys:
            name = f"{name} ({len(self._unnamed.get(key, [])) + 1})"
        actor_id = fresh_id(f"{stem}-{slugify(name, limit=30)}", self._taken)
        self._add(_Entry(actor_id, name, ActorKind.UNNAMED, [], True, affiliation,
                         description=f"Unnamed source, described as '{context or name}'."))
        self._unnamed.setdefault(key, []).append(actor_id)
        return actor_id

    def special(self, kind: ActorKind, *, stem: str, name: str,
                aliases: Iterable[str] = ()) -> str:
        """The draft's own editorial or generic unnamed actor, created on first use."""
        if kind in self._special:
            return self._special[kind]
        actor_id = fresh_id(f"{stem}-{kind.value}", self._taken)
        self._special[kind] = actor_id
        self._add(_Entry(actor_id, name, kind, [], True))
        for alias in aliases:
            self.add_alias(actor_id, alias)
        return actor_id
