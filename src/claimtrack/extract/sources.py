"""The ``sources`` layer: the source of every cue, placed by the shapes of ``lexicon/shapes.toml``.

Each shape is a dependency pattern (spaCy's DependencyMatcher format, matched here at the
cue alone, so a page costs its cues, not every token); the first that matches a cue gives
its source (its
phrase's head token) or says the source is unnamed. Relays ("citing", "told the Courier",
"documents seen by") add the actors between the document and the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from claimtrack.extract.article import Article, Cue, Source
from claimtrack.extract.lexicon import Shape, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["annotate_sources"]

_ATTRS = {"LOWER": "lower_", "DEP": "dep_", "TAG": "tag_", "LEMMA": "lemma_", "POS": "pos_"}


def _fits(token: Token, wanted: dict[str, Any]) -> bool:
    """Whether a token has the attributes a pattern node asks for (a value, or ``IN``)."""
    for key, value in wanted.items():
        have = getattr(token, _ATTRS[key])
        if have not in value["IN"] if isinstance(value, dict) else have != value:
            return False
    return True


def _related(token: Token, op: str) -> Iterable[Token]:
    if op == ">":
        return token.children
    if op == "<":
        return (token.head,) if token.head.i != token.i else ()
    return (t for t in token.subtree if t.i != token.i)  # ">>"


def match(shape: Shape, anchor: Token) -> dict[str, int] | None:
    """The tokens of the first match of ``shape`` whose first node is ``anchor`` (the
    pattern's nodes in order, each related to an earlier one), else None."""
    nodes = shape.pattern
    if not _fits(anchor, nodes[0]["RIGHT_ATTRS"]):
        return None
    bound = {nodes[0]["RIGHT_ID"]: anchor}

    def extend(at: int) -> bool:
        if at == len(nodes):
            return True
        node = nodes[at]
        for token in _related(bound[node["LEFT_ID"]], node["REL_OP"]):
            if token not in bound.values() and _fits(token, node["RIGHT_ATTRS"]):
                bound[node["RIGHT_ID"]] = token
                if extend(at + 1):
                    return True
                del bound[node["RIGHT_ID"]]
        return False

    return {name: token.i for name, token in bound.items()} if extend(1) else None


def _first(shapes: tuple[Shape, ...], anchor: Token) -> tuple[int, dict[str, int]] | None:
    """The first shape (in the lexicon's order) that matches at ``anchor``."""
    for rank, shape in enumerate(shapes):
        found = match(shape, anchor)
        if found is not None:
            return rank, found
    return None


def _relays(shapes: tuple[Shape, ...], anchor: Token, node: str) -> list[int]:
    """The relays of every relay shape anchored at ``anchor`` as its node ``node``."""
    out = []
    for shape in shapes:
        if shape.pattern[0]["RIGHT_ID"] == node:
            found = match(shape, anchor)
            if found is not None:
                out.append(found["relay"])
    return out


def _phrase_head(token: Token) -> int:
    """The head of a source phrase: the name an appositive gives a role ("its director,
    Hanna Lund"), else the token itself."""
    doc = token.doc
    if token.pos_ == "NOUN" and token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ in (
            "PERSON", "ORG") and doc[token.i + 1].ent_iob_ == "B":
        return token.i + 1  # "the newspaper Aftenposten", whatever the parse made of it
    if token.ent_type_ != "PERSON" and token.pos_ in ("NOUN", "PROPN"):
        # "its director, Hanna Lund"; "our reporter in Penhallow, Dita Kell", however the
        # parse hangs the name
        near = [*token.children, *(g for c in token.children if c.dep_ == "prep"
                                   for p in c.children for g in p.children)]
        for child in near:
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
    """The last token of the name a turn's label gives ("DALBERG"), or for "A:" the
    interviewee's."""
    at = article.doc[cue.words[0]].idx
    paragraph = next(p for p in article.layout.paragraphs if p.label and p.label[0] == at)
    if paragraph.speaker is None:
        return _interviewee(article)
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
    out: list[Source] = []
    by_token: dict[int, Source] = {}
    for index, cue in enumerate(cues):
        if cue.category == "label":
            head = _speaker(article, cue)
            source = Source(index, "speaker-label", head)
        elif cue.continues is not None:
            source = Source(index, "continued-quote", None)
        else:
            source = Source(index, "none", None)
            found = _first(lex.shapes, doc[cue.token])
            if found is not None:
                shape, nodes = lex.shapes[found[0]], found[1]
                head = None if shape.unnamed else _phrase_head(doc[nodes["source"]])
                relays: tuple[int, ...] = (_phrase_head(doc[nodes["relay"]]),) if (
                    "relay" in nodes) else ()
                source = Source(index, shape.name, head, relays)
            if source.shape in ("none", "passive"):
                source = _inherited(cue, doc, by_token) or source
        extra = _relays(lex.relays, doc[cue.token], "cue")
        extra += _relays(lex.relays, doc[cue.token], "source")
        if source.head is not None:
            extra += _relays(lex.relays, doc[source.head], "source")
        relays = tuple(dict.fromkeys((*source.relays, *extra)))
        source = Source(index, source.shape, source.head, relays)
        by_token[cue.token] = source
        out.append(source)
    return out
