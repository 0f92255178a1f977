"""The ``claims`` layer: for every content, who claims it, how the document carries it, and
what it says.

Precision before recall in the voice: a content a cue governs is never the document's own.
When the cue's source cannot be resolved to an actor, the claim goes to an unnamed source
and is tagged ``needs-claimant`` with a note saying what was not resolved.
"""

from __future__ import annotations

import attrs

from claimtrack.extract.actors import ActorRegistry
from claimtrack.extract.article import Article, Content, Cue, Mention, Source
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
             }
        self.links = {link.mention: link for link in article.layer("chains")
          }

    def mention(self, token: int) -> int | None:
        return self.article.mention_of(token)

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
        doc = self.article.doc
        # "(Otieno,) who was shot dead": a relative clause is about the noun it hangs on
        noun = [doc[start].head.head] if doc[start].tag_ in ("WP", "WDT") and (
            doc[start].head.dep_ == "relcl") else []
        if noun and noun[0].dep_ == "attr":  # "X was a student who ...": X
            noun = [c for c in noun[0].head.children if c.dep_ == "nsubj"][:1]
        for token in (*(n.i for n in noun), *range(start, end)):
            index = self.article.mention_of(token)
            if index is None or self.mentions[index].head != token:
                continue
            actor = self.entities.get(index)
            if actor is None or self.mentions[index].type not in ("name", "pronoun", "role"):
                continue
            if actor not in (EVIDENCE, UNNAMED) and actor not in found and registry.kind_of(
                    actor) not in (ActorKind.UNNAMED, ActorKind.EDITORIAL):
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


def _quotation(text: str, start: int, end: int, cue: int) -> tuple[int, int, str]:
    """A quotation that its cue follows ('"We never took a bribe," said X.'): the quote is
    the quoted words alone; the cue and the speaker live in the claim's cue and claimant.
    A quotation the cue splits ('"A," it said, "and B."') is quoted by its first part, and
    the third value, its statement, joins both parts' words."""
    if text[start] not in "\"\u201c" or not start < cue < end:
        return start, end, ""
    close = min((i for i in (text.find('"', start + 1, end), text.find("\u201d", start, end))
                 if i > start), default=-1)
    if close < 0 or close > cue:
        return start, end, ""
    first = (start + 1, start + 1 + len(text[start + 1:close].rstrip(" ,;:")))
    rest = _quoted(text[close + 1:end])
    if not rest:
        return *first, ""
    if len(rest) > 1 or rest[0] not in text[cue:end]:
        return start, end, ""
    words = " ".join([text[first[0]:first[1]], *rest])
    return *first, words[0].upper() + words[1:].rstrip(".,;:!?") + "."


def _after_cue(article: Article, content: Content, cue: Cue) -> int:
    """Where the quote of a passage that starts with its cue begins: after the cue and its
    'that' ('..., said the strike was unlawful' quotes 'the strike was unlawful'), since
    its source stands outside the passage and a quote is the words reported, not the verb."""
    doc = article.doc
    if content.start != cue.token or cue.category in ("label", "withheld", "according"):
        return content.start
    first = cue.words[1]
    while first < content.end - 1 and (doc[first].is_punct or (
            doc[first].lower_ == "that" and doc[first].dep_ == "mark")):
        first += 1
    return first if first < content.end - 1 else content.start


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
    about = list(claimants.about(content.start, content.end, registry))
    for item in value.replace("(", ",").replace(")", ",").split(","):
        named = registry.resolve(item.strip()) if len(item.strip()) > 3 else None
        if named is not None and named not in about and registry.kind_of(named) not in (
                ActorKind.EDITORIAL, ActorKind.UNNAMED):
            about.append(named)  # a name the parse did not tag, known from the body
    return Drafted(len(article.layer("contents")), start, end, "Infobox", editorial, kind,
                   Framing.ALLEGED if hedged else Framing.ASSERTED, Attribution.OWN,
                   said.rstrip(".") + ".", about=tuple(about))


def _via(article: Article, source: Source, claimant: str, claimants: _Claimants,
         registry: ActorRegistry, editorial: str) -> tuple[str, ...]:
    """The relays between the document and the claimant: an outlet told, one citing the
    claimant, one that saw the documents; never this document itself ("told this paper")."""
    via = []
    doc = article.doc
    for relay in source.relays:
        token = doc[relay]
        actor = claimants.actor(relay)
        if token.pos_ == "NOUN":  # "told the news agency Agerpres": the name, not the noun
            named = [c.i for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            named += [token.i + 1] if token.i + 1 < len(doc) and doc[
                token.i + 1].pos_ == "PROPN" else []
            actor = next((a for i in named if (a := claimants.actor(i))), actor)
        words = f"{token.head.lower_} {' '.join(t.lower_ for t in token.subtree)}"
        if actor is None or actor in (claimant, editorial, EVIDENCE) or any(
                own in words for own in _OWN_OUTLET):
            continue
        told = token.dep_ in ("dative", "dobj", "pobj") and token.head.lemma_ in (
            "tell", "say", "to")
        if told and registry.kind_of(actor) is not ActorKind.MEDIA:
            continue  # "told reporters", "told the court": nobody in between
        via.append(actor)
    return tuple(dict.fromkeys(via))


@attrs.frozen
class _Who:
    """Who claims a content and how the document carries it."""

    claimant: str
    kind: ClaimKind = ClaimKind.BACKGROUND
    framing: Framing = Framing.ASSERTED
    attribution: Attribution = Attribution.OWN
    via: tuple[str, ...] = ()
    cue: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    agent: str | None = None


class _Assembler:
    """Turns each content into a drafted claim, reading the layers below it."""

    def __init__(self, article: Article, registry: ActorRegistry, editorial: str,
                 unnamed: str) -> None:
        self.article = article
        self.registry = registry
        self.editorial = editorial
        self.unnamed = unnamed
        self.contents: tuple[Content, ...] = article.layer("contents")
        self.cues: tuple[Cue, ...] = article.layer("cues")
        self.sources: tuple[Source, ...] = article.layer("sources")
        self.claimants = _Claimants(article)
        self.given: dict[int, str] = {}
        """The claimant given to each cue's contents, for the quotations that continue it."""

    def withheld(self, cue: int) -> _Who:
        """An observation of the document: who kept silent is what it is about."""
        source = self.sources[cue]
        agent = self.claimants.actor(source.head) if source.head is not None else None
        return _Who(self.editorial, ClaimKind.OBSERVATION,
                    agent=None if agent in (EVIDENCE, None) else agent)

    def attributed(self, content: Content) -> _Who:
        """The claimant of a content a cue governs: never the document's own voice."""
        assert content.cue is not None
        cue, lex = self.cues[content.cue], lexicon()
        category = lex.categories[cue.category]
        source = self.sources[content.cue]
        kind, framing = category.kind, category.framing
        via: tuple[str, ...] = ()
        words = self.article.span_text(*cue.words) if cue.words[0] < cue.words[1] else ""
        actor: str | None
        if cue.continues is not None:  # a quotation that goes on: its speaker's
            source = self.sources[cue.continues]
            kind = lex.categories[self.cues[cue.continues].category].kind
            actor = self.claimants.actor(source.head, self.unnamed) if (
                source.head is not None) else self.given.get(cue.continues, self.unnamed)
        elif source.head is None:
            actor = self.unnamed
        else:
            actor = self.claimants.actor(source.head, self.unnamed)
        if content.inner is not None:  # "it was reported X had demanded": X's, via it
            inner_head = self.sources[content.inner].head
            inner = self.claimants.actor(inner_head) if inner_head is not None else None
            if inner not in (None, EVIDENCE, actor):
                via = (actor,) if actor not in (None, EVIDENCE) else ()
                actor, framing = inner, Framing.REPORTED
                kind = lex.categories[self.cues[content.inner].category].kind
        if actor == EVIDENCE:  # "a post-mortem found": the document states the finding
            return _Who(self.editorial, ClaimKind.REPORT)
        if actor is None:
            phrase = self.article.span_text(source.head, source.head + 1) if (
                source.head is not None) else "the source"
            return _Who(self.unnamed, kind, framing, Attribution.EXPLICIT, via, words,
                        (NEEDS_CLAIMANT,), f"needs-claimant: the source '{phrase}' could not "
                        "be resolved to an actor; who says this?")
        self.given.setdefault(content.cue, actor)
        via = tuple(dict.fromkeys((*via, *_via(self.article, source, actor, self.claimants,
                                               self.registry, self.editorial))))
        actor_kind = self.registry.kind_of(actor)
        if actor_kind is ActorKind.UNNAMED and category.name == "report":
            framing = Framing.REPORTED
        if actor_kind is ActorKind.COURT and category.name in ("finding", "speech", "ruling",
                                                                "denial"):
            kind = ClaimKind.RULING
        return _Who(actor, kind, framing, Attribution.EXPLICIT, via, words)

    def name(self, token: int) -> str | None:
        """The name of the actor a pronoun token stands for, for a statement."""
        return self.claimants.name(self.registry, token)

    def subject(self, content: Content) -> str:
        """The subject a content's clause names, for the clause coordinated after it."""
        for token in self.article.doc[content.start:content.end]:
            if content.aside and token.dep_ in ("nsubj", "nsubjpass"):
                return self.article.span_text(token.left_edge.i, token.i + 1)
            if token.dep_ in ("nsubj", "nsubjpass") and (
                    token.head.i == content.predicate or token.head.dep_ == "ccomp"):
                if token.pos_ == "PRON":
                    return self.name(token.i) or ""
                return self.article.span_text(token.left_edge.i, token.right_edge.i + 1)
        return ""


def annotate_claims(article: Article, *, registry: ActorRegistry, editorial: str,
                    unnamed: str) -> list[Drafted]:
    """A drafted claim for every content of the article, in order."""
    made = _Assembler(article, registry, editorial, unnamed)
    doc = article.doc
    out: list[Drafted] = []
    subjects: dict[int, str] = {}  # sentence -> the subject its first clause names
    for index, content in enumerate(made.contents):
        if content.section == "Infobox":
            drafted = _infobox(article, content, editorial, made.claimants, registry)
            out.append(attrs.evolve(drafted, content=index))
            continue
        cue = made.cues[content.cue] if content.cue is not None else None
        if cue is None:
            who = _Who(editorial)
        elif cue.category == "withheld":
            who = made.withheld(content.cue)  # type: ignore[arg-type]
        else:
            who = made.attributed(content)
        start, end = doc[content.start].idx, article.char_end(content.end - 1)
        joined = ""
        if cue is not None and cue.category not in ("label", "withheld"):
            start, end, joined = _quotation(article.text, start, end, doc[cue.token].idx)
            start = max(start, doc[_after_cue(article, content, cue)].idx)
        quote = article.text[start:end]
        shared = subjects.get(content.sentence) if content.start != content.sentence else None
        said = joined or statement(
            article, content, cue if cue and cue.category != "withheld" else None,
            made.name, shared)
        subjects.setdefault(content.sentence, made.subject(content))
        out.append(Drafted(
            index, start, end, content.section, who.claimant, who.kind, who.framing,
            who.attribution, said or quote, who.via, who.cue,
            made.claimants.about(content.start, content.end, registry),
            _quoted(quote) if who.claimant != editorial else (), who.tags, who.notes,
            who.agent))
    return out
