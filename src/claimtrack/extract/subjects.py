"""The actors a claim is about (``about``): names, roles and pronouns in what it asserts."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from claimtrack.extract.actors import normalize
from claimtrack.extract.lexicon import (
    HUMAN_NOUNS,
    TITLE_WORDS,
    cue_stem,
    guess_kind,
    is_finite_verb,
)
from claimtrack.extract.mentions import Mention, MentionType, analyse, names_in
from claimtrack.extract.resolve import Discourse
from claimtrack.model import ActorKind

__all__ = ["Subjects", "subjects_of"]

# A definite role or institution in running text: "the company", "the minister's office".
_ROLE = re.compile(
    r"\b(?:the|its|his|her|their)\s+(?:[a-z]+\s+)?(?P<role>company|firm|ministry|minister|agency|"
    r"authority|court|judge|tribunal|party|union|group|newspaper|paper|spokesman|spokeswoman|"
    r"spokesperson|prosecutors?|police|cooperative|co-operative|exporter|importer|shipper|"
    r"manufacturer|producer|federation|association|commission|committee|council|government|"
    r"inspectorate|district|team|club|bank|owner|director|chairman|chairwoman|lawyer|family|"
    r"client|president|mayor|operator|regulator|ombudsman|authorities|site|broadcaster)\b")
_BARE = re.compile(r"(?:^|(?<=[,;]\s))(?P<phrase>(?:[Pp]olice|[Pp]rosecutors|[Ii]nvestigators)"
                   r"(?:\s+in\s+[A-Z][\w-]+)?)\b")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")
_MAYBE_PRONOUN = re.compile(r"\b(?:he|she|him|her|they|them)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?P<word>he|she|him|her|they|them)\b", re.IGNORECASE)
_PLACE_BEFORE = frozenset({"in", "at", "near", "from", "to", "into", "across", "outside",
                           "inside", "towards", "toward", "via", "through", "off", "around"})


def _name_actor(name: str, before: str, discourse: Discourse) -> str | None:
    """The actor a name in running text stands for; a new one only for a person or a body."""
    registry = discourse.registry
    full = discourse.full_name(name)
    found = registry.resolve(full)
    if found is not None:
        return found
    words = full.split()
    if len(words) > 1 and all(w[:1].islower() for w in words[1:]):
        return None  # "Riot police": a capitalised first word, then a common noun
    if before in _PLACE_BEFORE and guess_kind(full) is None:
        return None  # "in Castelmar", "to Lisbon": a place
    if guess_kind(full) is None and not (2 <= len(words) <= 4 and all(
            w[:1].isupper() and w.replace("-", "").isalpha() for w in words)):
        return None
    return discourse.name(Mention(MentionType.NAME, full, phrase=name))


_TITLE_AFTER = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?P<role>[A-Za-z-]+)"
                          r"(?:\s+of\s+(?P<of>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?")


def _roles_around(span: str, start: int, end: int, actor: str, discourse: Discourse) -> None:
    """Titles beside a name tell its role ('Minister Jane Doe', 'Jane Doe, Minister of X')."""
    before = re.split(r"[,;:()]", span[max(0, start - 40):start])[-1].split()[-2:]
    roles = [w.casefold().strip(",.") for w in before
             if w.casefold().strip(",.") in HUMAN_NOUNS | TITLE_WORDS - {"the", "former"}]
    after = _TITLE_AFTER.match(span, end)
    if after and after.group("role").casefold() in HUMAN_NOUNS | TITLE_WORDS - {"the"}:
        roles.append(after.group("role").casefold())
        if after.group("of") and discourse.registry.kind_of(actor) is ActorKind.PERSON:
            org = discourse.registry.resolve(f"Ministry of {after.group('of')}") if (
                after.group("role").casefold() == "minister") else None
            org = org or discourse.registry.resolve(after.group("of"))
            discourse.registry.set_affiliation(actor, org)
    for role in roles:
        discourse.note(actor, role=role)


@attrs.frozen
class Subjects:
    """The actors a span mentions, in order, and the one it opens with (its subject)."""

    actors: list[str]
    subject: str | None


def _first_verb(span: str) -> int:
    for match in re.finditer(r"[\w'\u2019-]+", span):
        if is_finite_verb(match.group()) or cue_stem(match.group()):
            return match.start()
    return len(span)


def subjects_of(text: str, start: int, end: int, discourse: Discourse, *,
                exclude: Iterable[str] = ()) -> Subjects:
    """The actors ``text[start:end]`` mentions, in order, proposing new ones."""
    skip = set(exclude) | {discourse.editorial}
    found: list[tuple[int, str]] = []
    span = text[start:end]
    cursor = 0
    for name in names_in(span):
        at = span.find(name, cursor)
        at = at if at != -1 else span.find(name)
        cursor = max(cursor, at + len(name)) if at != -1 else cursor
        before = span[:at].split()[-1].casefold() if at > 0 and span[:at].split() else ""
        if at == 0 and normalize(name) in {"police", "prosecutors"}:
            before = ""
        actor = _name_actor(name, before, discourse)
        if actor is not None:
            found.append((at, actor))
            short = _ACRONYM_AFTER.match(span, at + len(name)) if at != -1 else None
            if short:  # "the Coastal Safety Board (CSB)": the acronym is an alias
                discourse.registry.add_alias(actor, short.group(1))
            _roles_around(span, at, at + len(name), actor, discourse)
    for match in _ROLE.finditer(span):
        mention = analyse(match.group())
        if mention.type is MentionType.ROLE:
            actor = discourse.role(mention)
            if actor is None and len(mention.text.split()) > 1 and not mention.human and (
                    mention.owner in ("", mention.text.split()[0])):
                # "the port authority": specific enough to be the actor it names.
                actor = discourse.actor(mention)
            if actor is not None:
                found.append((match.start(), actor))
    for match in _BARE.finditer(span):
        mention = analyse(match.group("phrase"))
        actor = discourse.actor(mention) if mention.type is not MentionType.NONE else None
        if actor is not None:
            found.append((match.start(), actor))
    for match in _PRONOUN.finditer(span) if _MAYBE_PRONOUN.search(span) else ():
        word = match.group("word").casefold()
        word = {"him": "he", "her": "she", "them": "they"}.get(word, word)
        actor = discourse.pronoun(Mention(MentionType.PRONOUN, word,
                                          gender={"he": "m", "she": "f"}.get(word, "")),
                                  exclude=skip)
        if actor is not None:
            found.append((match.start(), actor))
    ordered: list[str] = []
    verb = _first_verb(span) if found else 0
    subject = None
    for at, actor in sorted(found, key=lambda pair: pair[0]):
        if actor in skip or actor in ordered:
            continue
        ordered.append(actor)
        if at < verb and subject is None:
            subject = actor
        discourse.note(actor, speaker=actor == subject)
    return Subjects(ordered, subject)
