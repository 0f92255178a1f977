"""The ``mentions`` layer: names, role nouns, groups and pronouns that may stand for actors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Mention, Source
from claimtrack.extract.lexicon import lexicon
from claimtrack.model import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["annotate_mentions", "phrase"]

_NAMES = {"PERSON": "name", "ORG": "name", "GPE": "place", "LOC": "place", "FAC": "place",
          "NORP": "group"}
_PRONOUNS = {"he": ("m", False), "him": ("m", False), "his": ("m", False),
             "she": ("f", False), "her": ("f", False), "it": ("", False), "its": ("", False),
             "they": ("", True), "them": ("", True), "their": ("", True)}
_LEFT = frozenset({"det", "compound", "amod", "nummod", "poss", "nmod", "quantmod", "case",
                   "npadvmod"})
_OF_HEADS = frozenset({"ministry", "office", "director", "head", "chief", "member",
                       "members", "leader", "spokesperson", "spokesman", "spokeswoman",
                       "minister", "secretary", "president", "department", "government",
                       "one", "some",
                       "two", "three", "several", "many", "most", "none", "all", "group",
                       "family", "lawyer", "lawyers", "son", "daughter", "wife", "owner"})


def phrase(token: Token) -> tuple[int, int]:
    """The token span of the noun phrase headed by ``token``: its determiners, modifiers and
    compounds, and an "of X" that names its organisation ("Minister of Ports")."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and (
                token.lower_ in _OF_HEADS or token.ent_type_ == "ORG"
                or token.lemma_ in lexicon().words["titles"]):
            end = child.right_edge.i + 1
        elif child.dep_ == "prep" and child.lower_ in ("in", "at") and any(
                g.dep_ == "pobj" and g.ent_type_ in ("GPE", "ORG") for g in child.children) and (
                token.lemma_ in lexicon().words["institutions"]):
            place = next(g for g in child.children if g.dep_ == "pobj")
            end = place.i + 1  # "prosecutors in Kellenburg"
        elif child.dep_ in ("compound", "nummod") or (child.dep_ == "case"):
            end = max(end, child.i + 1)
        else:
            break
    doc = token.doc
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end - 1].ent_iob_ in ("B", "I"):
        end += 1  # a name the phrase would cut ("Eastbrook Residents Together")
    return start, end


def _entity_span(token: Token) -> tuple[int, int] | None:
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        doc = token.doc
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return start, end
    return None


def _gender(article: Article, start: int, end: int) -> str:
    words = lexicon().words
    before = article.doc[max(0, start - 1):end]
    lemmas = {t.lower_.rstrip(".") for t in before}
    if lemmas & words["female"]:
        return "f"
    if lemmas & words["male"]:
        return "m"
    return ""


def _noun_mention(article: Article, token: Token) -> Mention:
    words = lexicon().words
    entity = _entity_span(token)
    bare = [t for t in token.doc[phrase(token)[0]:token.i + 1] if t.lower_ not in (
        "the", "a", "an", "this", "its", "their")]
    if len(bare) == 1 and token.lemma_.casefold() in words["institutions"] | words["titles"]:
        entity = None  # "the Authority", "the Ministry": a role noun, however capitalised
    if entity is not None and token.ent_type_ in _NAMES:
        start, end = entity
        last = token.doc[end - 1]
        if token.ent_type_ == "ORG" and any(c.dep_ == "prep" and c.lower_ == "of"
                                             for c in last.children):
            end = max(end, phrase(last)[1])  # "Supreme Court of Veldia"
        label = token.ent_type_
        kind = _NAMES[label]
        if kind == "place" and lexicon().kind_of(article.span_text(start, end)) is not None:
            kind = "name"  # "Kenya Police Service" tagged as a place is still a body
        # A name's number is not its last word's ("Norvik Chemicals" is an "it").
        plural = label == "NORP"
        gender = _gender(article, start, end)
        if label == "PERSON" and not gender and lexicon().kind_of(article.span_text(
                start, end)) not in (None, ActorKind.GOVERNMENT):
            label = "ORG"  # "Vessmark Terminals" tagged as a person is a company: an "it"
        return Mention(start, end, token.i, kind, label, gender, plural, label == "PERSON")
    start, end = phrase(token)
    lemma = token.lemma_.casefold()
    plural = token.tag_ in ("NNS", "NNPS")
    if token.lower_ in _PRONOUNS:
        gender, plural = _PRONOUNS[token.lower_]
        return Mention(token.i, token.i + 1, token.i, "pronoun", "", gender, plural,
                       bool(gender))
    if (token.pos_ == "PROPN" and lemma not in words["titles"] | words["institutions"]) or (
            token.pos_ == "PROPN" and len(bare) > 1):
        kind, plural = "name", False  # "Eilers" is one person, whatever its tag says
    elif lemma in words["evidence"]:
        kind = "evidence"
    elif lemma in words["documents"]:
        kind = "document"
    elif (plural and lemma in words["groups"]) or token.pos_ == "NUM":
        kind = "group"
    elif lemma in words["titles"] or lemma in words["institutions"]:
        kind = "role"
    else:
        kind = "group" if plural else "role"
    human = kind == "group" or (lemma in words["titles"] and lemma not in words["institutions"])
    return Mention(start, end, token.i, kind, "", _gender(article, start, end), plural, human)


def _expletive(token: Token) -> bool:
    """ "It" standing for nothing: "it was reported that", "it is said to"."""
    head = token.head
    return token.dep_ == "expl" or (token.dep_ == "nsubjpass" and any(
        c.dep_ in ("ccomp", "xcomp") for c in head.children))



def annotate_mentions(article: Article) -> list[Mention]:
    """Every entity of the paragraphs, every pronoun, and the phrase of every source."""
    doc = article.doc
    found: dict[tuple[int, int], Mention] = {}
    inside: set[int] = set()
    for sentence in article.sentences():
        inside.update(range(sentence.start, sentence.end))
    for entry in article.layout.infobox:  # names in the infobox's values are about someone
        span = doc.char_span(entry.value_start, entry.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    for ent in doc.ents:
        if ent.label_ in _NAMES and ent.start in inside:
            mention = _noun_mention(article, doc[ent.root.i])
            found.setdefault((mention.start, mention.end), mention)
    for paragraph in article.layout.paragraphs:  # "Mr DALBERG (Northfield):": a person
        span = doc.char_span(*paragraph.speaker, alignment_mode="expand") if (
            paragraph.speaker) else None
        if span is not None:
            found[(span.start, span.end)] = Mention(span.start, span.end, span.end - 1, "name",
                                                    "PERSON", "", False, True)
    for token in doc:
        if token.i in inside and token.lower_ in _PRONOUNS and token.pos_ == "PRON" and not (
                token.lower_ == "it" and _expletive(token)):
            mention = _noun_mention(article, token)
            found.setdefault((mention.start, mention.end), mention)
    covered = {i for m in found.values() for i in range(m.start, m.end)}
    titles = lexicon().words["titles"]
    for token in doc:  # "the minister", "the company": who a claim is about, once resolved
        if token.i in inside and token.pos_ == "NOUN" and token.tag_ == "NN" and (
                token.lemma_.casefold() in titles | lexicon().words["institutions"]) and any(
                c.lower_ == "the" or c.dep_ == "poss" for c in token.children) and not (
                token.ent_type_):
            mention = _noun_mention(article, token)
            if token.i not in covered:
                found[(mention.start, mention.end)] = mention
                covered.update(range(mention.start, mention.end))
    sources: tuple[Source, ...] = article.layer("sources")
    heads = [s.head for s in sources if s.head is not None]
    heads += [r for s in sources for r in s.relays]
    for head in heads:
        mention = _noun_mention(article, doc[head])
        if head not in covered:
            found[(mention.start, mention.end)] = mention
            covered.update(range(mention.start, mention.end))
    return sorted(found.values(), key=lambda m: (m.start, m.end))
