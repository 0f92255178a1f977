"""Who a phrase refers to, given what the article has said so far: names, pronouns, roles.

A pronoun or a role noun ("she", "the spokesman", "the company") goes to the nearest
earlier actor that agrees with it (person or institution, gender where a title or an
earlier pronoun told it, the role it was introduced with). A role the text does not tie to
anyone ("a ministry spokeswoman", "two customs officials") is an unnamed actor of its own,
affiliated to its organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from claimtrack.extract.actors import ActorRegistry, normalize
from claimtrack.extract.lexicon import (
    HUMAN_NOUNS,
    INSTITUTIONS,
    STOP_NAMES,
    TITLE_WORDS,
    guess_kind,
)
from claimtrack.extract.mentions import Mention, MentionType, analyse
from claimtrack.model import ActorKind

__all__ = ["Discourse", "full_names"]

_HISTORY = 80
# Capitalised words that start a sentence or a title, not a given name.
_NOT_GIVEN = frozenset({"according", "following", "in", "on", "after", "before", "during",
                        "inspector", "minister", "president", "police", "judge", "mr", "mrs",
                        "ms", "dr", "opposition", "harbour", "chief", "mayor", "lawyer"}) | (
    TITLE_WORDS)
_SALIENT_WINDOW = 6
_PERSONS = (ActorKind.PERSON,)
_GROUPS = (ActorKind.GOVERNMENT, ActorKind.AGENCY, ActorKind.ORGANIZATION, ActorKind.MILITIA,
           ActorKind.MEDIA, ActorKind.COURT)
_ROLE_KINDS = {"company": ActorKind.ORGANIZATION, "firm": ActorKind.ORGANIZATION,
               "group": ActorKind.ORGANIZATION, "newspaper": ActorKind.MEDIA,
               "paper": ActorKind.MEDIA, "site": ActorKind.MEDIA,
               "website": ActorKind.MEDIA, "broadcaster": ActorKind.MEDIA,
               "outlet": ActorKind.MEDIA, "daily": ActorKind.MEDIA, "court": ActorKind.COURT,
               "tribunal": ActorKind.COURT, "judge": ActorKind.COURT, "jury": ActorKind.COURT}
_SYNONYMS = {"company": {"firm", "group", "exporter", "importer", "shipper", "producer",
                         "manufacturer", "cooperative", "co-operative"},
             "firm": {"company", "group"}, "paper": {"newspaper"}, "newspaper": {"paper"},
             "police": {"police", "officers"}, "prosecutors": {"prosecutor", "prosecution"},
             "prosecutor": {"prosecutors", "prosecution"}, "minister": {"ministry"},
             "judge": {"court"}, "court": {"judge", "tribunal"}, "spokesperson": {
                 "spokesman", "spokeswoman"}, "officials": {"official"}}


_FULL_NAME = re.compile(r"\b[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3}")


def full_names(texts: Iterable[str]) -> dict[str, str]:
    """One-word name -> the one full name it shortens (surname or given name), from a text."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for match in _FULL_NAME.finditer(text):
            name = match.group()
            words = name.split()
            if words[0].casefold() in STOP_NAMES | _NOT_GIVEN or any(
                    w.isupper() for w in words) or guess_kind(name) is not None:
                continue
            for word in (words[0], words[-1]):
                found.setdefault(normalize(word), set()).add(name)
    return {key: next(iter(names)) for key, names in found.items() if len(names) == 1}


@attrs.define
class _Seen:
    actor: str
    speaker: bool


class Discourse:
    """The actors met so far, most recent last, with what agreement needs of them."""

    def __init__(self, registry: ActorRegistry, *, stem: str, editorial: str,
                 names: dict[str, str]) -> None:
        self.registry = registry
        self.stem = stem
        self.editorial = editorial
        self.names = names
        self.history: list[_Seen] = []
        self.gender: dict[str, str] = {}
        self.roles: dict[str, set[str]] = {}
        self.chains: dict[str, tuple[str, ...]] = {}
        self.plural: set[str] = set()

    def note(self, actor: str, *, speaker: bool = False, role: str = "", gender: str = "",
             plural: bool = False) -> None:
        """Record that ``actor`` was just mentioned (as a speaker or not)."""
        if actor == self.editorial:
            return
        self.history.append(_Seen(actor, speaker))
        if len(self.history) > 2 * _HISTORY:
            del self.history[:-_HISTORY]
        if role:
            self.roles.setdefault(actor, set()).add(role)
        if gender and actor not in self.gender:
            self.gender[actor] = gender
        if plural:
            self.plural.add(actor)

    def generic_unnamed(self) -> str:
        """The draft's generic unnamed source ('it was reported')."""
        return self.registry.special(ActorKind.UNNAMED, stem=self.stem,
                                     name=f"Unnamed source ({self.stem})")

    def _recent(self, kinds: tuple[ActorKind, ...], *, exclude: Iterable[str] = (),
                salient_first: bool = False) -> Iterable[str]:
        """Actors of ``kinds``, most recent first; with ``salient_first``, the subjects and
        speakers of the last few mentions come before mere mentions."""
        skip = set(exclude) | {self.editorial}
        order = list(reversed(self.history))
        if salient_first:
            recent = order[:_SALIENT_WINDOW]
            order = [e for e in recent if e.speaker] + [e for e in recent if not e.speaker] + (
                order[_SALIENT_WINDOW:])
        seen: set[str] = set()
        for entry in order:
            if entry.actor in skip or entry.actor in seen:
                continue
            seen.add(entry.actor)
            if self.registry.kind_of(entry.actor) in kinds:
                yield entry.actor

    def full_name(self, name: str) -> str:
        """A lone surname or given name stands for the one full name the article gives."""
        if " " in name or self.registry.resolve(name):
            return name
        return self.names.get(normalize(name), name)

    def pronoun(self, mention: Mention, *, exclude: Iterable[str] = ()) -> str | None:
        """The nearest earlier actor a pronoun can refer to."""
        word = mention.text
        if word in {"he", "she", "him"}:
            for actor in self._recent(_PERSONS, exclude=exclude, salient_first=True):
                if self.gender.get(actor, mention.gender) == mention.gender:
                    self.gender.setdefault(actor, mention.gender)
                    return actor
            return None
        if word in {"they", "them"}:
            for actor in self._recent((*_GROUPS, ActorKind.UNNAMED), exclude=exclude):
                if actor in self.plural or self.registry.kind_of(actor) in _GROUPS:
                    return actor
            return None
        if word == "it":
            return next(iter(self._recent(_GROUPS, exclude=exclude)), None)
        return None

    def _role_matches(self, actor: str, role: str) -> bool:
        wanted = {role} | _SYNONYMS.get(role, set())
        if self.roles.get(actor, set()) & wanted:
            return True
        words = set(normalize(" ".join(self.registry.names_of(actor))).split())
        return bool(words & wanted)

    def role(self, mention: Mention) -> str | None:
        """The nearest earlier actor a definite role refers to ('the company', 'the spokesman')."""
        kinds = (*_PERSONS, ActorKind.UNNAMED) if mention.human else _GROUPS
        if mention.role in {"judge", "court", "tribunal", "jury", "magistrate"}:
            kinds = (ActorKind.COURT, *_PERSONS)
        owner = self.owner(mention.owner) if mention.owner else None
        if " in " in mention.phrase and mention.owner[:1].isupper() and owner is None:
            # "police in Castelmar": the force of that place, not any police met before.
            return self.registry.resolve(_bare(mention.phrase))
        for actor in self._recent(kinds):
            if owner and self.registry.affiliation_of(actor) not in (owner, None):
                continue
            if self._role_matches(actor, mention.role):
                return actor
        if mention.human or mention.role not in INSTITUTIONS:
            return None
        kind = _ROLE_KINDS.get(mention.role)
        for actor in self._recent(_GROUPS):
            if kind is not None and self.registry.kind_of(actor) is kind and len(
                    mention.text.split()) == 1:
                return actor
        return None

    def owner(self, phrase: str) -> str | None:
        """The actor a possessive or an organisation word names ('its', 'ministry', 'X's')."""
        low = phrase.casefold().removesuffix("'s").removesuffix("\u2019s")
        if low in {"his", "her"}:
            return self.pronoun(Mention(MentionType.PRONOUN, "he" if low == "his" else "she",
                                        gender="m" if low == "his" else "f"))
        if low in {"its", "their"}:
            return self.pronoun(Mention(MentionType.PRONOUN, "it" if low == "its" else "they"))
        if phrase[:1].isupper():
            return self.registry.resolve(self.full_name(phrase))
        return self.role(Mention(MentionType.ROLE, low, role=low.split()[-1] if low else ""))

    def name(self, mention: Mention) -> str:
        """The actor a proper name names, proposed when new."""
        name = self.full_name(mention.text)
        aliases = [mention.acronym] if mention.acronym else []
        words = name.split()
        if len(words) > 2 and words[-1][:1].islower():
            # "the Regional Union party": the name is "Regional Union", the noun describes it.
            aliases.append(name)
            name = " ".join(words[:-1])
        affiliation = self.owner(mention.owner) if mention.owner else None
        known = self.registry.resolve(name)
        kind = None if known else _kind_of(mention, name)
        kind = kind or (_kind_of(mention, mention.text) if aliases else None)
        actor = self.registry.propose(name, kind=kind, context=mention.phrase, aliases=aliases,
                                      affiliation=affiliation)
        if name != mention.text and self.registry.kind_of(actor) is ActorKind.PERSON:
            self.registry.add_alias(actor, mention.text)
        return actor

    def resolve(self, phrase: str, *, speaker: bool = True) -> str | None:
        """The actor ``phrase`` names, or None when it names nobody checkable."""
        mention = analyse(phrase)
        actor = self.actor(mention)
        if actor is not None:
            self.note(actor, speaker=speaker, role=mention.role, gender=mention.gender,
                      plural=mention.plural)
        return actor

    def actor(self, mention: Mention) -> str | None:
        """The actor of an analysed mention (see :meth:`resolve`)."""
        if mention.type is MentionType.OWN:
            return self.editorial
        if mention.type is MentionType.NAME:
            return self.name(mention)
        if mention.type is MentionType.PRONOUN:
            return self.pronoun(mention)
        if mention.type is MentionType.ROLE:
            found = self.role(mention)
            if found is not None:
                return found
            return self._new_role(mention)
        if mention.type is MentionType.UNNAMED:
            owner = self.owner(mention.owner) if mention.owner else None
            name = _bare(mention.phrase) or mention.text or "unnamed source"
            if name.casefold() in {"source", "sources"}:
                return self.generic_unnamed()
            return self.registry.unnamed(name, stem=self.stem, context=mention.phrase,
                                         affiliation=owner)
        return None

    def _new_role(self, mention: Mention) -> str | None:
        """A definite role nobody earlier fits: an unnamed person or the institution itself."""
        owner = self.owner(mention.owner) if mention.owner else None
        if mention.role in {"judge", "magistrate", "jury"}:
            return self.registry.propose(_bare(mention.phrase), kind=ActorKind.COURT,
                                         context=mention.phrase, affiliation=owner)
        if mention.human and mention.role not in {"police", "prosecutors", "authorities"}:
            if mention.role == "family":
                phrase = _bare(mention.phrase)
                name = phrase
                if owner is not None and not mention.owner[:1].isupper():
                    name = f"family of {self.registry.name_of(owner)}"
                return self.registry.propose(name, kind=ActorKind.ORGANIZATION,
                                             context=mention.phrase, affiliation=owner,
                                             aliases=[phrase] if phrase != name else [])
            return self.registry.unnamed(_bare(mention.phrase) or mention.text,
                                         stem=self.stem, context=mention.phrase,
                                         affiliation=owner)
        text = _bare(mention.phrase)
        if not text:
            return None
        kind = _ROLE_KINDS.get(mention.role) or guess_kind(text) or (
            ActorKind.AGENCY if mention.role in {"police", "prosecutors", "authorities"} else
            ActorKind.ORGANIZATION)
        return self.registry.propose(text, kind=kind, context=mention.phrase,
                                     affiliation=owner)


def _bare(phrase: str) -> str:
    """A phrase without its leading article or relative clause ('the port authority')."""
    phrase = phrase.split(",")[0].strip()
    return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE).strip(" .")


def _kind_of(mention: Mention, name: str) -> ActorKind | None:
    """A kind guess for a new name from the words right around it ('the group X', 'X party')."""
    kind = guess_kind(name)
    if kind is not None:
        return kind
    role = mention.role
    if role and (role in HUMAN_NOUNS or role in TITLE_WORDS - {"the", "former", "opposition"}):
        return ActorKind.PERSON
    before, _, after = mention.phrase.partition(name)
    near = " ".join([*before.split()[-1:], *after.split()[:1]])
    for phrase in (role, near, mention.appositive):
        kind = guess_kind(phrase) if phrase else None
        if kind is not None:
            return kind
    words = mention.phrase.split()
    if words and words[0].casefold() == "the" and name.split()[0] == words[-len(
            name.split())] and len(words) == len(name.split()) + 1:
        return ActorKind.ORGANIZATION  # "the Regional Union": a determiner, not a person
    return None
