"""One parsed article and the named layers annotators add to it, each once.

The spaCy ``Doc`` holds the parse (its text is the article's, offsets included); the layers
hold what the annotators found, as frozen records pointing at tokens. An annotator reads
the parse and earlier layers and adds one layer; nothing rewrites a layer once added.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.extract.layout import Layout

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Article", "Content", "Cue", "Entity", "Link", "Mention", "Relation", "Source"]


@attrs.frozen
class Cue:
    """Words saying that someone asserts something ("said", "according to", "allegedly")."""

    token: int
    """The cue word."""
    category: str
    """Its category in ``lexicon/cues.toml`` (speech, denial, withheld, ...)."""
    words: tuple[int, int]
    """The token span of the reporting words as the draft gives them ("It was alleged")."""
    continues: int | None = None
    """For a sentence that is all quotation: the cue of the quotation before it."""


@attrs.frozen
class Source:
    """Who a cue says asserts (its source phrase's head token) and through whom."""

    cue: int
    shape: str
    head: int | None
    """None: the shape names nobody ("it was reported"): an unnamed source."""
    relays: tuple[int, ...] = ()
    """Head tokens of actors between the document and the source, outermost first."""


@attrs.frozen
class Content:
    """One claim's span of the text (tokens ``start``..``end``) and the cue governing it."""

    start: int
    end: int
    sentence: int
    section: str
    cue: int | None
    """The governing cue (index in ``cues``); None: the document's own voice."""
    predicate: int
    aside: bool = False
    """An appositive or relative clause: what the document says of someone."""
    inner: int | None = None
    """A cue inside an unnamed report ("it was reported X had demanded"): X's, via it."""


@attrs.frozen
class Mention:
    """A phrase that may name an actor: a name, a role noun, a pronoun, a group."""

    start: int
    end: int
    head: int
    type: str
    """name, role, pronoun, group, document, evidence, place."""
    label: str = ""
    """The named-entity label (PERSON, ORG, GPE, ...)."""
    gender: str = ""
    plural: bool = False
    human: bool = False
    """A person or people (he, she, a spokesman), not a body (it, the company)."""


@attrs.frozen
class Link:
    """A mention that refers back to another (a pronoun, a role noun), or to nobody found."""

    mention: int
    antecedent: int | None
    reason: str


@attrs.frozen
class Entity:
    """The actor a mention names."""

    mention: int
    actor: str


@attrs.frozen
class Relation:
    """A relation between two contents of the article."""

    source: int
    type: str
    target: int


@attrs.define
class Article:
    """The parse of one article and its layers."""

    text: str
    layout: Layout
    doc: Doc
    layers: dict[str, tuple[Any, ...]] = attrs.Factory(dict)
    sections: dict[int, str] = attrs.Factory(dict)
    """The section of every sentence inside a paragraph, by its first token."""
    paragraph_of: dict[int, int] = attrs.Factory(dict)
    """The paragraph (index in the layout) of every such sentence, by its first token."""
    _mention_of: dict[int, int] | None = None

    def mention_of(self, token: int) -> int | None:
        """The mention whose head is ``token``, else the one whose span holds it."""
        if self._mention_of is None:
            found: dict[int, int] = {}
            mentions: tuple[Mention, ...] = self.layer("mentions")
            for index, mention in enumerate(mentions):
                for i in range(mention.start, mention.end):
                    found.setdefault(i, index)
            for index, mention in enumerate(mentions):
                found[mention.head] = index
            self._mention_of = found
        return self._mention_of.get(token)

    def add(self, name: str, items: Iterable[Any]) -> None:
        """Add the layer ``name``; a layer is added once and never rewritten."""
        if name in self.layers:
            raise ValueError(f"layer {name!r} is already annotated")
        self.layers[name] = tuple(items)

    def layer(self, name: str) -> tuple[Any, ...]:
        """The items of layer ``name``."""
        return self.layers[name]

    def sentences(self) -> Iterable[Span]:
        """The sentences inside the article's paragraphs, in order."""
        return (s for s in self.doc.sents if s.start in self.sections)

    def span_text(self, start: int, end: int) -> str:
        """The exact text of tokens ``start``..``end`` (exclusive)."""
        if start >= end:
            return ""
        return self.text[self.doc[start].idx:self.char_end(end - 1)]

    def char_end(self, token: int) -> int:
        """The offset just after token ``token``."""
        tok: Token = self.doc[token]
        return tok.idx + len(tok.text)
