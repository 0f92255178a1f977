"""The ``sources`` layer: the source of every cue, placed by the shapes of ``lexicon/shapes.toml``.

Each shape is a dependency pattern; the first that matches a cue gives its source (its
phrase's head token) or says the source is unnamed. Relays ("citing", "told the Courier",
"documents seen by") add the actors between the document and the source.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Cue, Source
from claimtrack.extract.lexicon import Shape, lexicon

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Token

__all__ = ["annotate_sources"]

Matches = dict[int, list[tuple[int, dict[str, int]]]]
"""Anchor token -> (shape rank, node name -> token) of every match."""


_MATCHERS: dict[tuple[int, int], DependencyMatcher] = {}
"""One compiled matcher per vocabulary and shape list: compiling costs more than a page."""


def _matcher(doc: Doc, shapes: tuple[Shape, ...]) -> DependencyMatcher:
    key = (id(doc.vocab), id(shapes))
    if key not in _MATCHERS:
        from spacy.matcher import DependencyMatcher

        matcher = DependencyMatcher(doc.vocab)
        for shape in shapes:
            matcher.add(shape.name, [list(shape.pattern)])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def _match(doc: Doc, shapes: tuple[Shape, ...], anchor: str) -> Matches:
    """Every match of ``shapes`` in ``doc``, by the token of node ``anchor``."""
    matcher = _matcher(doc, shapes)
    rank = {doc.vocab.strings[s.name]: i for i, s in enumerate(shapes)}
    found: Matches = defaultdict(list)
    for match_id, tokens in matcher(doc):
        shape = shapes[rank[match_id]]
        nodes = {node["RIGHT_ID"]: token for node, token in zip(shape.pattern, tokens,
                                                                strict=True)}
        if anchor in nodes:
            found[nodes[anchor]].append((rank[match_id], nodes))
    for matches in found.values():
        matches.sort(key=lambda m: m[0])
    return found


def _phrase_head(token: Token) -> int:
    """The head of a source phrase: the name an appositive gives a role ("its director,
    Hanna Lund"), else the token itself."""
    doc = token.doc
    if token.pos_ == "NOUN" and token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ in (
            "PERSON", "ORG") and doc[token.i + 1].ent_iob_ == "B":
        return token.i + 1  # "the newspaper Aftenposten", whatever the parse made of it
    if token.ent_type_ != "PERSON" and token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ == "appos" and (child.ent_type_ in ("PERSON", "ORG") or (
                    token.pos_ == "NOUN" and child.pos_ == "PROPN")):
                return child.i
    return token.i


def _inherited(cue: Cue, doc: Doc, by_token: dict[int, Source]) -> Source | None:
    """A cue coordinated with, or governed by, another cue shares its source ("denied the
    charges and said ...", "refused to confirm")."""
    token = doc[cue.token]
    seen = 0
    while token.dep_ in ("conj", "xcomp", "advcl") and token.head.i != token.i and seen < 8:
        token, seen = token.head, seen + 1
        found = by_token.get(token.i)
        if found is not None:
            return Source(found.cue, "coordinated", found.head, found.relays)
    return None


def _speaker(article: Article, cue: Cue) -> int | None:
    """The last token of the name a turn's label gives ("DALBERG"); None for "A:"."""
    at = article.doc[cue.words[0]].idx
    paragraph = next(p for p in article.layout.paragraphs if p.label and p.label[0] == at)
    if paragraph.speaker is None:
        return None
    span = article.doc.char_span(*paragraph.speaker, alignment_mode="expand")
    return None if span is None else span.end - 1


def _interviewee(article: Article) -> int | None:
    """Who answers an interview's questions: the first person its introduction (the first
    paragraph without a label) or else its headline names."""
    doc = article.doc
    spans = [(p.start, p.end) for p in article.layout.paragraphs if not p.label][:1]
    if article.layout.title_span:
        spans.append(article.layout.title_span)
    for start, end in spans:
        for ent in doc.char_span(start, end, alignment_mode="expand").ents:  # type: ignore[union-attr]
            if ent.label_ == "PERSON":
                return ent.end - 1
    return None


def annotate_sources(article: Article) -> list[Source]:
    """The source of every cue, in the order of the cues."""
    doc = article.doc
    lex = lexicon()
    cues: tuple[Cue, ...] = article.layer("cues")
    shapes = _match(doc, lex.shapes, "cue")
    relays_by_cue = _match(doc, lex.relays, "cue")
    relays_by_source = _match(doc, lex.relays, "source")
    out: list[Source] = []
    by_token: dict[int, Source] = {}
    interviewee: int | None | bool = False
    for index, cue in enumerate(cues):
        if cue.category == "label":
            head = _speaker(article, cue)
            if head is None:
                if interviewee is False:
                    interviewee = _interviewee(article)
                head = interviewee if isinstance(interviewee, int) else None
            source = Source(index, "speaker-label", head)
        elif cue.continues is not None:
            source = Source(index, "continued-quote", None)
        else:
            source = Source(index, "none", None)
            for rank, nodes in shapes.get(cue.token, ()):
                shape = lex.shapes[rank]
                head = None if shape.unnamed else _phrase_head(doc[nodes["source"]])
                relays: tuple[int, ...] = (_phrase_head(doc[nodes["relay"]]),) if (
                    "relay" in nodes) else ()
                source = Source(index, shape.name, head, relays)
                break
            if source.shape in ("none", "passive"):
                source = _inherited(cue, doc, by_token) or source
        extra = [n["relay"] for _, n in relays_by_cue.get(cue.token, ())]
        extra += [n["relay"] for _, n in relays_by_source.get(cue.token, ())]
        if source.head is not None:
            extra += [n["relay"] for _, n in relays_by_source.get(source.head, ())]
        relays = tuple(dict.fromkeys((*source.relays, *extra)))
        source = Source(index, source.shape, source.head, relays)
        by_token[cue.token] = source
        out.append(source)
    return out
