"""The ``chains`` layer: what pronouns and role nouns refer back to, or that nothing was found.

A pronoun takes the most salient earlier mention that agrees with it in gender and number
(a source of a cue outranks a subject, a subject an object; nearer outranks farther, within
a few sentences); a sentence that is all quotation has its speaker already. A definite role
noun ("the minister", "the company") takes the nearest name it describes: a person with
that title, an organisation with that word in its name. Nothing found is said, not guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Cue, Link, Mention, Source
from claimtrack.extract.cues import quoted_tokens
from claimtrack.extract.lexicon import lexicon
from claimtrack.model import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["annotate_chains"]

_WINDOW = 40
"""Mentions looked back over (a few sentences of news prose)."""


def _titles_of(article: Article, mention: Mention) -> set[str]:
    """The role words said of a name: before it ("Interior Minister X") or in apposition."""
    doc = article.doc
    words = lexicon().words["titles"] | lexicon().words["institutions"]
    found = set()
    for i in range(max(0, mention.start - 4), mention.start):
        if doc[i].lemma_.casefold() in words:
            found.add(doc[i].lemma_.casefold())
    head = doc[mention.head]
    for related in (*head.children, head.head):
        if related.dep_ == "appos" or (head.dep_ == "appos" and related is head.head):
            # "a former clerk at the harbour office" is a clerk, not the office
            found |= {t.lemma_.casefold() for t in (related, *related.children)
                      if t.lemma_.casefold() in words and t.dep_ not in ("poss", "prep")}
    return found


def _clause(token: Token) -> int:
    """The verb whose clause holds a token."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and seen < 12:
        token, seen = token.head, seen + 1
    return token.i


def _agrees(pronoun: Mention, other: Mention) -> bool:
    """Number and gender agree; "it" is a body, "he" and "she" are people."""
    if pronoun.plural:
        return other.plural or (not other.human and other.label != "GPE")
    if other.plural:
        return False
    if article_it(pronoun):
        return not other.human
    if not other.human:
        return False
    return not pronoun.gender or not other.gender or pronoun.gender == other.gender


def article_it(mention: Mention) -> bool:
    """Whether a pronoun is "it"/"its" (an organisation, not a person)."""
    return mention.type == "pronoun" and not mention.gender and not mention.plural


def _role_fits(article: Article, role: Mention, other: Mention, titles: set[str]) -> bool:
    doc = article.doc
    word = doc[role.head].lemma_.casefold()
    if other.label == "PERSON":
        return word in titles
    if other.label in ("ORG", "GPE") or other.type in ("name", "role"):
        name = article.span_text(other.start, other.end).casefold()
        head = doc[other.head]
        if head.dep_ == "compound" and head.head.pos_ == "NOUN":
            name += " " + head.head.lower_  # "the Regional Union party"
        kind = lexicon().kind_of(name)
        if re.search(r"\.[a-z]{2,4}$", name):
            kind = ActorKind.MEDIA  # "Kontrola.sk" is the site
        kind_word = lexicon().kind_of(word)
        return word in name.split() or (word in ("company", "firm") and kind is not None
                                        and kind.value == "organization") or (
            kind is not None and kind == kind_word and (word in name or kind_word in (
                ActorKind.MEDIA, ActorKind.COURT)))
    return False


def _a_thing_before(article: Article, pronoun: Mention) -> bool:
    """An "it" or "they" after a subject or possessor in its own sentence that is no actor
    ("The list has grown, and it has fallen"): it refers to that thing, not to an actor."""
    doc = article.doc
    token = doc[pronoun.head]
    for other in doc[token.sent.start:token.i]:
        if other.pos_ == "NOUN" and other.dep_ in ("nsubj", "nsubjpass", "poss") and (
                (other.tag_ == "NNS") == pronoun.plural) and article.mention_of(other.i) is None:
            return True
    return False


def _speakers(article: Article) -> dict[int, set[str]]:
    """For every sentence with a quotation: the words of its speakers' phrases."""
    doc = article.doc
    cues: tuple[Cue, ...] = article.layer("cues")
    sources: tuple[Source, ...] = article.layer("sources")
    out: dict[int, set[str]] = {}
    for cue, source in zip(cues, sources, strict=True):
        if cue.continues is not None:
            source = sources[cue.continues]
        if source.head is not None and cue.category != "label":
            words = {t.lemma_.casefold() for t in doc[source.head].subtree}
            out.setdefault(doc[cue.token].sent.start, set()).update(words)
    return out


def _named_next(article: Article, mentions: tuple[Mention, ...], index: int,
                speaking: set[int], *, definite: bool = False) -> int | None:
    """A story's lead often names its speaker only in the next sentence ("A paediatrician
    who said ... has withdrawn her statement. Katrin Holm told ..."): the person who speaks
    first in the next sentence, for a speaker the lead gives as "a" role."""
    mention = mentions[index]
    doc = article.doc
    head = doc[mention.head]
    if mention.type != "role" or mention.plural or head.lemma_ in lexicon().words[
            "institutions"] or head.i not in (
            speaking) or not (definite or any(c.lower_ in ("a", "an") for c in head.children)):
        return None
    following = min((s for s in article.sections if s > head.sent.start), default=-1)
    for later in range(index + 1, min(len(mentions), index + _WINDOW)):
        other = mentions[later]
        if doc[other.start].sent.start > following:
            break
        if other.label == "PERSON" and doc[other.start].sent.start == following and (
                other.head in speaking) and (not mention.gender or not other.gender
                                             or mention.gender == other.gender):
            name = article.span_text(other.start, other.end)
            if any(m.label not in ("PERSON", "") and article.span_text(m.start, m.end) == name
                   for m in mentions):
                return None  # "at Tarlow ... Tarlow said": a place or body, not the person
            return later
    return None


def annotate_chains(article: Article) -> list[Link]:
    """A link for every pronoun and definite role noun among the mentions.

    A third-person pronoun inside a quotation is someone the speaker talks about: never
    the speaker, anyone who has spoken, or a body the speaker's own phrase names."""
    mentions: tuple[Mention, ...] = article.layer("mentions")
    sources: tuple[Source, ...] = article.layer("sources")
    doc = article.doc
    speaking = {s.head for s in sources if s.head is not None}
    quoted = quoted_tokens(article)
    speakers = _speakers(article)
    genders: dict[str, str] = {}  # a name's gender, learnt from the pronouns it took
    titles = {i: _titles_of(article, m) for i, m in enumerate(mentions) if m.label == "PERSON"}
    links = []
    first = min(article.paragraph_of.values(), default=0)
    for index, mention in enumerate(mentions):
        head = doc[mention.head]
        later = _named_next(article, mentions, index, speaking) if (
            article.paragraph_of.get(head.sent.start) == first) else None
        if later is not None:
            links.append(Link(index, later, "an unnamed speaker of the lead, named next"))
            continue
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its",
                                                                   "their", "his", "her")
                       for c in head.children)
        if mention.type == "pronoun" or (mention.type == "role" and definite and not any(
                t.pos_ == "PROPN" for t in doc[mention.start:mention.end])):
            pass
        else:
            continue
        best: tuple[float, int] | None = None
        in_quote = mention.type == "pronoun" and mention.head in quoted
        if mention.type == "pronoun" and not mention.human and _a_thing_before(article, mention):
            links.append(Link(index, None, "refers to a thing named before it"))
            continue
        own_side = speakers.get(head.sent.start, set()) if in_quote else set()
        for back in range(index - 1, max(-1, index - _WINDOW), -1):
            other = mentions[back]
            if other.type not in ("name", "group", "role") or other.end > mention.start:
                continue
            if in_quote and (other.head in speaking or doc[other.head].lemma_.casefold()
                             in own_side):
                continue
            if mention.type == "pronoun":
                if not _agrees(mention, other):
                    continue
            elif not _role_fits(article, mention, other, titles.get(back, set())):
                continue
            distance = doc[mention.start].sent.start - doc[other.start].sent.start
            if distance > 600:
                break
            score = -0.02 * (mention.start - other.start)
            score += 3 if other.head in speaking else 0
            score += 1.5 if doc[other.head].dep_ in ("nsubj", "nsubjpass") else 0
            score += 1 if other.type == "name" else 0
            score += 2 if distance == 0 else 0
            score += 3 if distance == 0 and _clause(doc[other.head]) == _clause(head) else 0
            if article.paragraph_of.get(doc[other.head].sent.start) != article.paragraph_of.get(
                    head.sent.start):
                score -= 2  # a new paragraph (a live blog's entry) starts afresh
            if mention.gender and genders.get(article.span_text(other.start, other.end),
                                              mention.gender) != mention.gender:
                continue  # "her client ... his superiors": she is not he
            if best is None or score > best[0]:
                best = (score, back)
        if best is None and mention.type == "role" and article.paragraph_of.get(
                head.sent.start) == first:
            best = (0.0, later) if (later := _named_next(article, mentions, index, speaking,
                                                         definite=True)) else None
        if best is not None:
            links.append(Link(index, best[1], "agreement and salience"))
            if mention.gender:
                other = mentions[best[1]]
                genders.setdefault(article.span_text(other.start, other.end), mention.gender)
        else:
            links.append(Link(index, None, "no earlier mention agrees with it"))
    return links
