"""A claim's statement: the proposition alone, in one neutral sentence, pronouns resolved.

Who says it and how live in the claimant and the appearance; the exact words in the quote.
So "The ministry said that it had closed the mine" states "The ministry had closed the
mine." and a quotation loses its quotation marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Content, Cue

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["statement"]

_QUOTES = "\"\u201c\u201d\u2018\u2019"
_POSSESSIVE = frozenset({"his", "her", "its", "their"})
_SUBJECT = frozenset({"he", "she", "it", "they", "him", "them"})


def _content_tokens(article: Article, content: Content, cue: Cue | None) -> list[Token]:
    """The tokens that carry the proposition: what the cue reports, inside the content."""
    doc = article.doc
    tokens = list(doc[content.start:content.end])
    if cue is None or not content.start <= cue.token < content.end:
        return tokens
    verb = doc[cue.token]
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and not (
        c.dep_ == "xcomp" and c.pos_ in ("NOUN", "ADJ") and verb.lemma_ in ("call", "brand"))]
    clauses += [g for c in verb.children if c.lower_ in ("citing", "quoting")
                for g in c.children if g.dep_ == "ccomp"]  # "reported, citing X, that ..."
    if cue.category == "according":
        inside = {t.i for t in verb.subtree}
        return [t for t in tokens if t.i not in inside]
    if not clauses:
        return tokens
    clause = clauses[0]
    inside = {t.i for t in clause.subtree} & set(range(content.start, content.end))
    kept = [doc[i] for i in sorted(inside)]
    while kept and (kept[0].dep_ == "mark" or kept[0].text in _QUOTES or kept[0].is_punct):
        kept = kept[1:]
    if clause.dep_ == "xcomp" and kept and kept[0].lower_ == "to":
        return tokens  # "threatened to block": the threat is the whole clause
    return kept or tokens


def _aside(article: Article, content: Content) -> str:
    """What an aside says of its noun, as a sentence: "Bramwell, a market town on the Velm,"
    states "Bramwell is a market town on the Velm."; "the ministry, which issues the
    permits," states "The ministry issues the permits."."""
    doc = article.doc
    for token in doc[content.start:content.end]:
        said = next((c for c in token.children if c.dep_ in ("appos", "relcl")
                     and content.start <= c.i < content.end), None)
        if said is None:
            continue
        subject = article.span_text(max(token.left_edge.i, content.start), token.i + 1)
        part = list(said.subtree)
        if said.dep_ == "relcl":
            if part[0].tag_ not in ("WP", "WDT") or part[0].dep_ not in ("nsubj", "nsubjpass"):
                return ""
            return f"{subject} {article.span_text(part[1].i, part[-1].i + 1)}"
        verb = "are" if token.tag_ in ("NNS", "NNPS") else "is"
        return f"{subject} {verb} {article.span_text(part[0].i, part[-1].i + 1)}"
    return ""


def statement(article: Article, content: Content, cue: Cue | None,
              resolve: Callable[[int], str | None], subject: str | None = None) -> str:
    """One neutral sentence for ``content``; ``resolve`` names the actor of a pronoun token,
    ``subject`` the subject a coordinated clause shares with the one before."""
    said = _aside(article, content) if content.aside and cue is None else ""
    if said:
        said = " ".join(said.replace("\u201c", "").replace("\u201d", "").split()).strip(" ,")
        return said[0].upper() + said[1:].rstrip(".,;:") + "."
    tokens = _content_tokens(article, content, cue)
    while tokens and ((tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
                      or tokens[0].text in _QUOTES):
        tokens = tokens[1:]  # "claim that X": X
    if tokens and tokens[0].tag_ in ("WP", "WDT") and tokens[0].dep_ in (
            "nsubj", "nsubjpass") and tokens[0].head.dep_ == "relcl":
        # "who was shot dead": the noun the clause hangs on is its subject
        noun = tokens[0].head.head
        subject = article.span_text(noun.left_edge.i, noun.i + 1)
        tokens = tokens[1:]
    parts: list[str] = []
    for token in tokens:
        text = token.text
        if text in _QUOTES or token.is_space:
            if parts and token.whitespace_ and not parts[-1].endswith(" "):
                parts[-1] += " "
            continue
        low = token.lower_
        if low in _SUBJECT | _POSSESSIVE and token.pos_ == "PRON":
            name = resolve(token.i)
            if name:
                name = f"the {name}" if name[:1].islower() else name  # "the labour ministry"
                text = f"{name}'s" if low in _POSSESSIVE and token.dep_ == "poss" else name
        parts.append(text + (token.whitespace_ and " "))
    sentence = "".join(parts).strip(" ,;:")
    if subject and tokens and not any(t.dep_ in ("nsubj", "nsubjpass", "expl")
                                      and t.head.i == _head(tokens) for t in tokens):
        sentence = f"{subject} {sentence}"
    sentence = " ".join(sentence.replace(" ,", ",").split())
    if not sentence:
        return ""
    sentence = sentence[0].upper() + sentence[1:]
    return sentence if sentence[-1] in ".!?" else sentence.rstrip(".,;:") + "."


def _head(tokens: list[Token]) -> int:
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token.i
    return tokens[0].i
