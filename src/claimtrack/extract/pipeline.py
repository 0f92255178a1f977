"""Walk a parsed article and turn every sentence and infobox entry into draft claims."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from claimtrack.extract.actors import ActorRegistry, normalize, slugify
from claimtrack.extract.actors import acronym as acronym_of
from claimtrack.extract.article import Article, parse_article
from claimtrack.extract.attribution import Attribution, Source, attribute, quoted_words
from claimtrack.extract.clauses import is_adjunct, split_clauses
from claimtrack.extract.lexicon import TITLE_WORDS, guess_kind
from claimtrack.extract.mentions import MentionType, analyse, names_in
from claimtrack.extract.sentences import split_sentences
from claimtrack.model import Actor, ActorKind, ClaimKind, Framing

__all__ = ["DraftClaim", "Extraction", "extract"]

_CONDITIONAL = re.compile(r"[,;\s]*otherwise\s", re.I)
_LEADING = re.compile(r"^(?:[,;]\s*)?(?:and|but|although|though|while|whereas)\s+", re.I)
_EVENT_KEYS = ("result", "status", "casualties", "deaths", "sanction", "outcome", "verdict")
_ACCUSED_KEYS = ("accused", "suspect", "organizer", "organiser", "perpetrator", "substance")
# Infobox fields whose comma-separated value lists separate assertions (one per party, per
# commander, per outcome); a place or a date list ("Yerevan, Armenia") stays whole.
_LIST_KEYS = ("result", "outcome", "commander", "leader", "combatant", "accused", "suspect",
              "perpetrator", "organizer", "organiser", "participant", "side")


@attrs.define
class DraftClaim:
    """A claim found in the article, before it is written out."""

    id: str
    claimant: str
    kind: ClaimKind
    framing: Framing
    start: int
    end: int
    section: str
    cue: str = ""
    about: list[str] = attrs.Factory(list)
    words: list[str] = attrs.Factory(list)
    relations: list[tuple[str, str]] = attrs.Factory(list)


@attrs.frozen
class Extraction:
    """Everything extracted from one article."""

    article: Article
    claims: list[DraftClaim]
    actors: list[Actor]
    editorial: str


@attrs.define
class _State:
    registry: ActorRegistry
    stem: str
    seen: list[str] = attrs.Factory(list)
    last: dict[str, str] = attrs.Factory(dict)
    clause_names: list[str] = attrs.Factory(list)


def extract(text: str, *, stem: str, known: Iterable[Actor] = (),
            taken_ids: Iterable[str] = ()) -> Extraction:
    """Draft claims of ``text``; ``stem`` prefixes the draft's own actors (``x-editorial``)."""
    article = parse_article(text)
    state = _State(ActorRegistry(known, taken_ids=taken_ids), stem)
    editorial = state.registry.special(ActorKind.EDITORIAL, stem=stem,
                                       name=f"{article.title or stem} (editorial voice)")
    claims: list[DraftClaim] = []
    for entry in article.infobox:
        key = entry.key.casefold()
        kind = ClaimKind.EVENT if key.startswith(_EVENT_KEYS) else (
            ClaimKind.ACCUSATION if key.startswith(_ACCUSED_KEYS) else ClaimKind.BACKGROUND)
        framing = Framing.ALLEGED if "alleged" in entry.value.casefold() else Framing.ASSERTED
        for start, end in _infobox_items(text, entry.start, entry.value_start, entry.end, key):
            claims.append(DraftClaim("", editorial, kind, framing, start, end, "Infobox",
                                     cue="infobox"))
        state.seen.extend(names_in(entry.value))
    for paragraph in article.paragraphs:
        for start, end in split_sentences(text, paragraph.start, paragraph.end):
            claims.extend(_sentence(text, start, end, paragraph.section, state, editorial))
    return Extraction(article, claims, state.registry.proposed, editorial)


def _infobox_items(text: str, start: int, value_start: int, end: int,
                   key: str) -> list[tuple[int, int]]:
    """The entry whole, or one span per listed item (the first keeps the key)."""
    if not key.startswith(_LIST_KEYS) or "," not in text[value_start:end]:
        return [(start, end)]
    items, cursor = [], value_start
    for match in re.finditer(r",\s*", text[value_start:end]):
        items.append((cursor, value_start + match.start()))
        cursor = value_start + match.end()
    items.append((cursor, end))
    # "Name, Minister of X": a title after the comma describes the name before it.
    merged: list[tuple[int, int]] = []
    for item in items:
        first = text[item[0]:item[1]].split(" ", 1)[0].casefold()
        if merged and first in TITLE_WORDS:
            merged[-1] = (merged[-1][0], item[1])
        else:
            merged.append(item)
    merged[0] = (start, merged[0][1])
    return merged


def _attributions(text: str, start: int, end: int) -> list[Attribution]:
    found: list[Attribution] = []
    for c_start, c_end in split_clauses(text, start, end):
        current = attribute(text, c_start, c_end)
        if found and current.source is Source.EDITORIAL and _CONDITIONAL.match(text, c_start):
            # "…, otherwise they would …": the same source's threat, not the article's.
            current = attrs.evolve(current, source=Source.INHERIT, kind=ClaimKind.THREAT)
        if found and found[-1].clausal and current.source is Source.EDITORIAL and (
                current.kind is not ClaimKind.OBSERVATION) and not is_adjunct(text, c_start):
            found[-1] = attrs.evolve(found[-1], end=c_end)
            continue
        found.append(current)
    return found


def _sentence(text: str, start: int, end: int, section: str, state: _State,
              editorial: str) -> list[DraftClaim]:
    claims: list[DraftClaim] = []
    previous = editorial
    for found in _attributions(text, start, end):
        q_start, q_end = _trim(text, found.start, found.end)
        if q_start >= q_end:
            continue
        claimant, kind, framing = _claimant(found, state, previous, editorial)
        claim = DraftClaim("", claimant, kind, framing, q_start, q_end, section, cue=found.cue)
        if claimant != editorial:
            claim.words = quoted_words(text, q_start, q_end)
        names = names_in(text[q_start:q_end])
        claim.about = _about(names, found, state, claimant)
        state.seen.extend(names)
        state.clause_names = names
        del state.seen[:-200]
        claims.append(claim)
        previous = claimant
    return claims


def _claimant(found: Attribution, state: _State, previous: str,
              editorial: str) -> tuple[str, ClaimKind, Framing]:
    registry = state.registry
    if found.source is Source.EDITORIAL:
        return editorial, found.kind, found.framing
    if found.source is Source.UNNAMED:
        return registry.special(ActorKind.UNNAMED, stem=state.stem,
                                name=f"Unnamed source ({state.stem})"), found.kind, found.framing
    if found.source is Source.INHERIT:
        kind = found.kind
        framing = found.framing if previous != editorial else Framing.ASSERTED
        if registry.kind_of(previous) is ActorKind.UNNAMED and framing is Framing.ATTRIBUTED:
            framing = Framing.REPORTED
        return previous, kind, framing
    mention = analyse(found.phrase)
    actor: str | None = None
    if mention.type is MentionType.NAME:
        actor = registry.propose(_full_name(mention.text, state), context=mention.phrase,
                                 aliases=[mention.acronym] if mention.acronym else [])
    elif mention.type is MentionType.PRONOUN and mention.text in {"who", "which"}:
        actor = _relative(state)
    elif mention.type is MentionType.PRONOUN:
        actor = state.last.get("person" if mention.text in {"he", "she", "him"} else "org")
        actor = actor or (previous if previous != editorial else None)
    elif mention.type is MentionType.DESCRIPTION:
        actor = _description(mention.text, state)
    elif mention.type is MentionType.UNNAMED:
        actor = registry.special(ActorKind.UNNAMED, stem=state.stem,
                                 name=f"Unnamed source ({state.stem})")
        framing = Framing.ALLEGED if found.framing is Framing.ALLEGED else Framing.REPORTED
        return actor, found.kind, framing
    if actor is None:
        # The cue's subject names nobody ("A post-mortem found", "remain disputed").
        kind = ClaimKind.REPORT if found.kind is ClaimKind.REPORT else ClaimKind.BACKGROUND
        return editorial, kind, Framing.ASSERTED
    actor_kind = registry.kind_of(actor)
    if actor_kind is ActorKind.PERSON:
        state.last["person"] = actor
    elif actor_kind not in (ActorKind.EDITORIAL, ActorKind.UNNAMED):
        state.last["org"] = actor
        state.last[actor_kind.value] = actor
    return actor, found.kind, found.framing


def _relative(state: _State) -> str | None:
    """The antecedent of 'who'/'which': the last name of the clause before, with its acronym."""
    names = state.clause_names
    if not names:
        return None
    last = names[-1]
    for earlier in names[:-1]:
        if last.isupper() and acronym_of(earlier) == last:
            return state.registry.propose(earlier, aliases=[last])
    return state.registry.propose(_full_name(last, state))


def _full_name(name: str, state: _State) -> str:
    """A lone surname stands for the full name met earlier (``Bazeyan`` -> ``Albert Bazeyan``)."""
    if " " in name or state.registry.resolve(name):
        return name
    key = normalize(name)
    for seen in reversed(state.seen):
        words = normalize(seen).split()
        if len(words) >= 2 and words[-1] == key and seen[:1].isupper():
            return seen
    return name


def _description(text: str, state: _State) -> str | None:
    head = normalize(text).split()[-1] if normalize(text) else ""
    for name in reversed(state.seen):
        if head and head in normalize(name).split():
            return state.registry.propose(name)
    kind = guess_kind(text)
    if kind is not None and kind.value in state.last:
        return state.last[kind.value]
    role = head in TITLE_WORDS
    return state.registry.propose(text, context=text, kind=ActorKind.PERSON if role else None)


def _about(names: list[str], found: Attribution, state: _State, claimant: str) -> list[str]:
    about: list[str] = []
    for name in [*names, *([analyse(found.agent).text] if found.agent else [])]:
        actor = state.registry.resolve(name) if name else None
        if actor and actor != claimant and actor not in about:
            about.append(actor)
    return about


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;\n":
        start += 1
    match = _LEADING.match(text, start, end)
    if match:
        start = match.end()
    while end > start and text[end - 1] in " ,;\n":
        end -= 1
    return start, end


def claim_ids(claims: list[DraftClaim], text: str, taken: Iterable[str], stem: str) -> None:
    """Give every claim a readable id, unique within the draft and the folder."""
    used = set(taken)
    for claim in claims:
        base = slugify(f"{stem} {text[claim.start:claim.end]}", limit=48)
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        claim.id = candidate
