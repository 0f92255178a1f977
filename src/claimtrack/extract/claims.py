"""The ``claims`` layer: for every content, who claims it, how the document carries it, and
what it says.

Precision before recall in the voice: a content a cue governs is never the document's own.
When the cue's source cannot be resolved to an actor, the claim goes to an unnamed source
and is tagged ``needs-claimant`` with a note saying what was not resolved.
"""

from __future__ import annotations

import attrs

from claimtrack.extract.actors import ActorRegistry
from claimtrack.extract.article import Article, Content, Cue, Entity, Link, Mention, Source
from claimtrack.extract.entities import EVIDENCE, UNNAMED
from claimtrack.extract.lexicon import lexicon
from claimtrack.extract.statements import statement
from claimtrack.model import ActorKind, Attribution, ClaimKind, Framing

__all__ = ["NEEDS_CLAIMANT", "Drafted", "annotate_claims"]

NEEDS_CLAIMANT = "needs-claimant"
_EVENT_KEYS = ("result", "status", "casualties", "deaths", "sanction", "outcome", "verdict",
               "arrest", "charged", "injur", "wound", "killed", "closed", "affected")
_ACCUSED_KEYS = ("accused", "suspect", "organizer", "organiser", "perpetrator", "defendant",
                 "charge", "alleged")
_QUOTES = "\"“”"
_OWN_OUTLET = ("this newspaper", "this agency", "this paper", "this website", "this reporter",
               "this outlet", "this publication", "this news agency", "reporters")


@attrs.frozen
class Drafted:
    """One drafted claim, before it becomes a model record."""

    content: int
    start: int
    end: int
    """Character offsets of the quote."""
    section: str
    claimant: str
    kind: ClaimKind
    framing: Framing
    attribution: Attribution
    statement: str
    via: tuple[str, ...] = ()
    cue: str = ""
    about: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    agent: str | None = None
    """Who kept silent, for an observation ("declined to comment")."""
    basis: tuple[str, str] | None = None
    """(reason, quote) when the claimant is inferred."""


class _Claimants:
    """Looks up the actor of a token through the mentions, chains and entities layers."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.mentions: tuple[Mention, ...] = article.layer("mentions")
        self.entities = {e.mention: e.actor for e in article.layer("entities")
                         if isinstance(e, Entity)}
        self.links = {link.mention: link for link in article.layer("chains")
                      if isinstance(link, Link)}
        self.by_head = {m.head: i for i, m in enumerate(self.mentions)}

    def mention(self, token: int) -> int | None:
        if token in self.by_head:
            return self.by_head[token]
        for index, mention in enumerate(self.mentions):
            if mention.start <= token < mention.end:
                return index
        return None

    def actor(self, token: int, unnamed: str = "") -> str | None:
        index = self.mention(token)
        found = None if index is None else self.entities.get(index)
        return (unnamed or None) if found == UNNAMED else found

    def name(self, registry: ActorRegistry, token: int) -> str | None:
        actor = self.actor(token)
        if actor is None or actor == EVIDENCE:
            return None
        kind = registry.kind_of(actor)
        return None if kind in (ActorKind.UNNAMED, ActorKind.EDITORIAL) else registry.name_of(
            actor)

    def about(self, start: int, end: int, registry: ActorRegistry) -> tuple[str, ...]:
        found: list[str] = []
        for index, mention in enumerate(self.mentions):
            if start <= mention.head < end and index in self.entities and mention.type in (
                    "name", "pronoun", "role"):
                actor = self.entities[index]
                if actor != EVIDENCE and actor not in found and registry.kind_of(actor) not in (
                        ActorKind.UNNAMED, ActorKind.EDITORIAL):
                    found.append(actor)
        return tuple(found)


def _quoted(text: str) -> tuple[str, ...]:
    """The spans of ``text`` between quotation marks: the claimant's own words."""
    found, opened = [], None
    for i, ch in enumerate(text):
        if ch in _QUOTES:
            if opened is None:
                opened = i + 1
            else:
                words = text[opened:i].strip(" ,.")
                if words:
                    found.append(words)
                opened = None
    return tuple(found)


def _infobox(article: Article, content: Content, editorial: str,
             claimants: _Claimants, registry: ActorRegistry) -> Drafted:
    doc = article.doc
    start, end = doc[content.start].idx, article.char_end(content.end - 1)
    line = article.text[start:end]
    entry = next((e for e in article.layout.infobox if e.start <= start < e.end + 1), None)
    key = entry.key.casefold() if entry else ""
    hedged = "alleged" in line.casefold() or "(reported)" in line.casefold()
    kind = ClaimKind.EVENT if key.startswith(_EVENT_KEYS) else (
        ClaimKind.ACCUSATION if key.startswith(_ACCUSED_KEYS) else ClaimKind.BACKGROUND)
    value = line.split(":", 1)[1] if ":" in line and entry and start == entry.start else line
    said = f"{entry.key}: {value.strip()}" if entry else value
    return Drafted(len(article.layer("contents")), start, end, "Infobox", editorial, kind,
                   Framing.ALLEGED if hedged else Framing.ASSERTED, Attribution.OWN,
                   said.rstrip(".") + ".", about=claimants.about(content.start, content.end,
                                                                  registry))


def _via(article: Article, source: Source, claimant: str, claimants: _Claimants,
         registry: ActorRegistry, editorial: str) -> tuple[str, ...]:
    via = []
    for relay in source.relays:
        phrase = " ".join(article.doc[relay].subtree.__iter__().__next__().sent.text.split())
        del phrase
        actor = claimants.actor(relay)
        text = article.doc[relay].head.text.casefold() + " " + " ".join(
            t.lower_ for t in article.doc[relay].subtree)
        if actor is None or actor in (claimant, editorial, EVIDENCE) or any(
                own in text for own in _OWN_OUTLET):
            continue
        told = article.doc[relay].dep_ in ("dative", "dobj", "pobj") and article.doc[
            relay].head.lemma_ in ("tell", "say", "to")
        if told and registry.kind_of(actor) is not ActorKind.MEDIA:
            continue
        via.append(actor)
    return tuple(dict.fromkeys(via))


def annotate_claims(article: Article, *, registry: ActorRegistry, editorial: str,
                    unnamed: str) -> list[Drafted]:
    """A drafted claim for every content of the article, in order."""
    contents: tuple[Content, ...] = article.layer("contents")
    cues: tuple[Cue, ...] = article.layer("cues")
    sources: tuple[Source, ...] = article.layer("sources")
    claimants = _Claimants(article)
    lex = lexicon()
    doc = article.doc
    out: list[Drafted] = []
    subjects: dict[int, str] = {}  # sentence -> the subject its first clause names
    for index, content in enumerate(contents):
        if content.section == "Infobox":
            drafted = _infobox(article, content, editorial, claimants, registry)
            out.append(attrs.evolve(drafted, content=index))
            continue
        start, end = doc[content.start].idx, article.char_end(content.end - 1)
        quote_text = article.text[start:end]
        about = claimants.about(content.start, content.end, registry)
        cue = cues[content.cue] if content.cue is not None else None
        claimant, via, tags, notes = editorial, (), (), ""
        attribution, framing, kind = Attribution.OWN, Framing.ASSERTED, ClaimKind.BACKGROUND
        cue_words = ""
        agent = None
        if cue is not None and cue.category == "withheld":
            kind = ClaimKind.OBSERVATION
            source = sources[content.cue]  # type: ignore[index]
            if source.head is not None:
                agent = claimants.actor(source.head)
                if agent == EVIDENCE:
                    agent = None
        elif cue is not None:
            category = lex.categories[cue.category]
            source = sources[content.cue]  # type: ignore[index]
            kind, framing = category.kind, category.framing
            cue_words = article.span_text(*cue.words) if cue.words[0] < cue.words[1] else ""
            attribution = Attribution.EXPLICIT
            if cue.continues is not None:
                source = sources[cue.continues]
                kind = lex.categories[cues[cue.continues].category].kind
            actor = claimants.actor(source.head, unnamed) if source.head is not None \
                else unnamed
            if source.head is None and cue.continues is not None:
                actor = out_claimant(out, contents, cue.continues) or unnamed
            if content.inner is not None:
                inner_source = sources[content.inner]
                inner = claimants.actor(inner_source.head) if inner_source.head is not None \
                    else None
                if inner not in (None, EVIDENCE, actor):
                    via = (actor,) if actor and actor != EVIDENCE else ()
                    actor = inner
                    kind = lex.categories[cues[content.inner].category].kind
                    framing = Framing.REPORTED
            if actor == EVIDENCE:
                claimant, attribution, framing = editorial, Attribution.OWN, Framing.ASSERTED
                kind, cue_words = ClaimKind.REPORT, ""
            elif actor is None:
                claimant = unnamed
                tags = (NEEDS_CLAIMANT,)
                phrase = article.span_text(source.head, source.head + 1) if (
                    source.head is not None) else "the source"
                notes = (f"needs-claimant: the source '{phrase}' could not be resolved to an "
                         "actor; who says this?")
            else:
                claimant = actor
                via = tuple(dict.fromkeys((*via, *_via(article, source, claimant, claimants,
                                                       registry, editorial))))
            if claimant != editorial and registry.kind_of(claimant) is ActorKind.UNNAMED and (
                    framing is Framing.ATTRIBUTED and category.name == "report"):
                framing = Framing.REPORTED
            if claimant != editorial and registry.kind_of(claimant) is ActorKind.COURT and (
                    category.name in ("finding", "speech", "ruling")):
                kind = ClaimKind.RULING
        resolve = _pronoun_namer(claimants, registry)
        subject = subjects.get(content.sentence)
        said = statement(article, content, cue if cue and cue.category != "withheld" else None,
                         resolve, subject if content.start != content.sentence else None)
        subjects.setdefault(content.sentence, _subject_of(article, content, resolve))
        words = _quoted(quote_text) if claimant != editorial else ()
        out.append(Drafted(index, start, end, content.section, claimant, kind, framing,
                           attribution, said or quote_text, via, cue_words, about, words, tags,
                           notes, agent))
    return out


def out_claimant(out: list[Drafted], contents: tuple[Content, ...], cue: int) -> str | None:
    """The claimant already given to a content of cue ``cue``."""
    for drafted in reversed(out):
        if contents[drafted.content].cue == cue:
            return drafted.claimant
    return None


def _pronoun_namer(claimants: _Claimants, registry: ActorRegistry):  # type: ignore[no-untyped-def]
    def resolve(token: int) -> str | None:
        return claimants.name(registry, token)
    return resolve


def _subject_of(article: Article, content: Content, resolve) -> str:  # type: ignore[no-untyped-def]
    doc = article.doc
    for token in doc[content.start:content.end]:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.i == content.predicate or (
                token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ in ("ccomp",)):
            if token.pos_ == "PRON":
                return resolve(token.i) or ""
            return article.span_text(token.left_edge.i, token.right_edge.i + 1)
    return ""
