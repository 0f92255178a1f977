"""The ``entities`` layer: the actor each mention names, and the actors the draft proposes.

Kinds come from the named-entity label and the words of the name and its context (a court,
a ministry, a newspaper). Places are not actors unless they speak. A role noun that refers
to nobody named ("the police", "a ministry spokeswoman") is qualified by its organisation or
country when the text gives one (never by the document's title), and its id carries the
document's stem, so that two articles' drafts never share a generic id.
"""

from __future__ import annotations

import re
from collections import Counter

from claimtrack.extract.actors import ActorRegistry, acronym, normalize
from claimtrack.extract.article import Article, Entity, Mention, Source
from claimtrack.extract.lexicon import lexicon
from claimtrack.model import ActorKind

__all__ = ["EVIDENCE", "UNNAMED", "annotate_entities"]

EVIDENCE = "<evidence>"
"""Stands for a source that is evidence, not an actor ("a post-mortem examination found")."""
_COURT_ROLES = frozenset({"judge", "magistrate", "jury", "panel", "bench", "tribunal"})
UNNAMED = "<unnamed>"
"""Stands for the document's unnamed source: "documents seen by X" name no author."""
_SKIP_LEFT = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his",
                        "her", "their", "our", "'s", "\u2019s"})


def _clean_name(article: Article, mention: Mention) -> tuple[str, list[str]]:
    """A name's text without a leading article, title or honorific; and its aliases
    (an acronym in brackets after it)."""
    doc = article.doc
    start, end = mention.start, mention.end
    titles = lexicon().words["titles"] | lexicon().words["honorifics"]
    while start < end - 1 and (doc[start].lower_ in _SKIP_LEFT or (
            mention.label == "PERSON" and doc[start].lower_.rstrip(".") in titles)):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "\u2019s")):
        end -= 1
    name = article.span_text(start, end)
    aliases = []
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and (
            doc[end + 1].is_upper):
        aliases.append(doc[end + 1].text)
    elif acronym(name) and mention.label == "ORG":
        pass
    return name, aliases


def _context(article: Article, mention: Mention) -> str:
    """The words around a name that say what it is: "the newspaper X", "X, a court"."""
    doc = article.doc
    head = doc[mention.head]
    words = [t.text for t in doc[max(0, mention.start - 3):mention.start]
             if t.head.i >= mention.start and t.head.i < mention.end]
    before = doc[mention.start - 1] if mention.start > 0 else None
    if before is not None and before.pos_ == "NOUN":
        # "the newspaper Aftenposten", "the news agency Baltpress", however parsed
        words += [c.text for c in before.children if c.dep_ == "compound"] + [before.text]
    words += [c.text for c in head.children if c.dep_ == "appos"]
    if head.dep_ in ("appos", "compound") and head.head.pos_ == "NOUN":
        words.append(head.head.text)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        words.append(head.head.head.text)  # "the town of Altenbruck"
    return " ".join(words)


_LOCATIVE = frozenset({"in", "near", "off", "outside", "across", "around", "throughout",
                       "towards", "toward", "into", "inside"})
"""Prepositions whose object is a place ("a laboratory in Harrowgate")."""


def _place_context(article: Article, mention: Mention) -> bool:
    """Whether the text uses a name as a place: after "in" or "near", described as a town,
    the "X" of "the government of X", or the first word of "the Velm river"."""
    doc = article.doc
    head = doc[mention.head]
    words = lexicon().words
    if mention.label in ("GPE", "LOC"):
        return True
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
        return True
    if any(c.dep_ == "appos" and c.lemma_.casefold() in _PLACES for c in head.children):
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and (
            head.head.head.lemma_.casefold() in _PLACES | {"government", "people", "president"}):
        return True
    if mention.end - mention.start == 1 and head.dep_ == "compound" and head.head.pos_ == "NOUN" \
            and lexicon().kind_of(head.head.text) is None:
        return True  # "the Tessel valley", "the Ardin mine": a name that says where
    return mention.label == "PERSON" and mention.end - mention.start == 1 and any(
        c.lower_ == "the" for c in head.children) and head.lemma_ not in words["titles"]


_SETTLEMENTS = frozenset({"town", "city", "village", "port", "suburb", "harbour", "district",
                          "municipality", "capital"})


def _settlement(article: Article, mention: Mention) -> bool:
    """Whether the text calls a place a town ("Ostrel, a fishing port", "Ostrel is the
    largest port in Corvania", "the town of Ostrel"): no country to qualify a ministry."""
    head = article.doc[mention.head]
    said = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        said += [c for c in head.head.children if c.dep_ == "attr"]
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        said.append(head.head.head)
    return any(t.lemma_.casefold() in _SETTLEMENTS for t in said)


_TELLING = frozenset({ActorKind.MEDIA, ActorKind.COURT, ActorKind.MILITIA})
"""Kinds the words around a name decide even against the named-entity label ("the
newspaper Aftenposten" is tagged a person); a title ("Inspector X") does not make a body."""
_BODIES = frozenset({ActorKind.AGENCY, ActorKind.GOVERNMENT, ActorKind.COURT, ActorKind.MEDIA})
_PLACES = frozenset({"town", "city", "village", "region", "province", "country", "district",
                     "municipality", "capital", "island"})


def _kind(article: Article, mention: Mention, name: str, place: bool) -> ActorKind:
    around = _context(article, mention)
    context = lexicon().kind_of(around)
    known = lexicon().words
    if context in _TELLING | {ActorKind.ORGANIZATION} or (
            context is not None and mention.label != "PERSON"
            and context is not ActorKind.GOVERNMENT):
        # "the environmental group Grünes Netz", "the union SINPORT": what the text calls it
        if mention.label != "PERSON" and any(w.casefold() in known["titles"] and w.casefold()
                                            not in known["institutions"]
                                            for w in around.split()):
            return ActorKind.PERSON  # "its president, Duarte Lemos"
        return context
    if place and lexicon().kind_of(name) is None:
        return ActorKind.GOVERNMENT  # a place that speaks: its authorities
    if re.search(r"\.(?:com|org|net|news|info|[a-z]{2})$", name):
        return ActorKind.MEDIA  # "Kontrola.sk": a website
    words = lexicon().kind_of(name)
    if mention.label == "PERSON":
        return words if words is not None and words is not ActorKind.GOVERNMENT else (
            ActorKind.PERSON)
    if words is not None:
        return words
    if mention.label == "ORG":
        return ActorKind.ORGANIZATION
    parts = name.split()
    if 2 <= len(parts) <= 4 and all(p[:1].isupper() and p.isalpha() and not p.isupper()
                                    for p in parts):
        return ActorKind.PERSON
    return ActorKind.ORGANIZATION


class _Namer:
    """Gives every mention its actor, remembering what it gave."""

    def __init__(self, article: Article, registry: ActorRegistry, stem: str) -> None:
        self.article = article
        self.registry = registry
        self.stem = stem
        self.mentions: tuple[Mention, ...] = article.layer("mentions")
        self.links = {link.mention: link for link in article.layer("chains")}
        self.done: dict[int, str | None] = {}
        self._organisations: dict[str, int] | None = None
        # A name the text anywhere uses as a place is a place: never an actor unless it speaks.
        self.places = {normalize(_clean_name(article, m)[0]) for m in self.mentions
                       if m.type in ("name", "place") and _place_context(article, m)}
        # A country qualifies a bare government word; a town the text calls one never does.
        towns = {normalize(article.span_text(m.start, m.end)) for m in self.mentions
                 if _settlement(article, m)}
        places = Counter((article.span_text(m.start, m.end), m.label) for m in self.mentions
                         if m.label in ("GPE", "NORP") and normalize(
                             article.span_text(m.start, m.end)) not in towns)
        top = places.most_common(1)[0][0] if places else ("", "")
        self.country, self.country_is_adjective = top[0], top[1] == "NORP"

    def name(self, index: int, *, speaking: bool = False) -> str | None:
        mention = self.mentions[index]
        if mention.type in ("name",) or (mention.type == "place"):
            name, aliases = _clean_name(self.article, mention)
            place = normalize(name) in self.places
            if not normalize(name) or (place and not speaking and self.registry.resolve(
                    name) is None):
                return None
            kind = _kind(self.article, mention, name, place)
            if not any(word[:1].isupper() for word in name.split()):
                # "the labour ministry" tagged as a name: a common noun phrase, so the
                # folder's actor of that very name or a generic body whose id carries the
                # document's stem, never a bare shared id
                return self.registry.resolve(name) or self.registry.generic(
                    name, kind=lexicon().kind_of(name) or kind, stem=self.stem,
                    context=self._sentence(mention))
            actor = self.registry.propose(name, kind=kind, aliases=aliases,
                                          context=self._sentence(mention))
            if kind in _TELLING:  # a later mention may say what an earlier one did not
                self.registry.set_kind(actor, kind)
            return actor
        return None

    def _sentence(self, mention: Mention) -> str:
        sentence = self.article.doc[mention.head].sent
        return " ".join(sentence.text.split())[:200]

    def actor(self, index: int, *, speaking: bool = False) -> str | None:
        """The actor of mention ``index`` (names always; others when they speak)."""
        if index in self.done:
            return self.done[index]
        self.done[index] = None  # a guard against a chain that loops
        mention = self.mentions[index]
        found: str | None
        if mention.type in ("name", "place"):
            found = self.name(index, speaking=speaking) if (
                mention.type == "name" or speaking) else None
        elif mention.type == "evidence":
            found = EVIDENCE if speaking else None
        elif mention.type == "document" and speaking:
            # An author the text names is the claimant; a document seen by an outlet is an
            # unnamed source relayed by it; one with neither, evidence the document cites.
            relayed = any(c.dep_ == "acl" for c in self.article.doc[mention.head].children)
            found = self._author(mention) or (UNNAMED if relayed else EVIDENCE)
        elif index in self.links and not (mention.type == "role" and self._possessor(
                mention) is not None and speaking):
            link = self.links[index]
            found = self.actor(link.antecedent, speaking=speaking) if (
                link.antecedent is not None) else None
            if found is None and mention.type in ("role", "group") and speaking:
                found = self._generic(mention)
        elif speaking:
            word = self.article.doc[mention.head].lemma_.casefold()
            body = mention.type in ("role", "group") and (word in lexicon().words[
                "institutions"] or (
                lexicon().kind_of(self._phrase(mention)) in _BODIES))
            found = self._generic(mention) if body or word in _COURT_ROLES else (
                self._described(mention))
        else:
            found = None
        self.done[index] = found
        return found

    def _affiliation(self, mention: Mention) -> str | None:
        """The organisation a role phrase names inside it ("a ministry spokeswoman",
        "Nordvik's owner"), as an actor."""
        doc = self.article.doc
        for i in range(mention.start, mention.end):
            if i == mention.head:
                continue
            inner = self.article.mention_of(i)
            if inner is not None and self.mentions[inner].type == "name" and self.mentions[
                    inner].label not in ("GPE", "NORP") and self.mentions[inner] != mention:
                return self.actor(inner)
            word = doc[i].lemma_.casefold()
            if word in lexicon().words["institutions"]:
                for back in range(self.article.mention_of(mention.head) or 0, -1, -1):
                    other = self.mentions[back]
                    name = self.article.span_text(other.start, other.end)
                    company = word in ("company", "firm") and lexicon().kind_of(
                        name) is ActorKind.ORGANIZATION
                    if other.end <= mention.start and other.label == "ORG" and (
                            word in name.casefold() or company):
                        return self.actor(back)
        return None

    def _author(self, mention: Mention) -> str | None:
        """The author a document source names: "a report by X", "X's audit"."""
        head = self.article.doc[mention.head]
        for child in head.children:
            named = child if child.dep_ == "poss" else next(
                (c for c in child.children if c.dep_ == "pobj"), None) if (
                child.lower_ in ("by", "from", "of")) else None
            if named is None:
                continue
            index = self.article.mention_of(named.i)
            if index is not None:
                return self.actor(index, speaking=True)
        return None

    def _phrase(self, mention: Mention) -> str:
        """The text of a role phrase without its leading determiner ("regional labour
        inspectorate"), a span of the article, never words joined again."""
        doc = self.article.doc
        start = mention.start
        while start < mention.end - 1 and doc[start].lower_ in _SKIP_LEFT:
            start += 1
        return self.article.span_text(start, mention.end)

    def _described(self, mention: Mention) -> str | None:
        """An unnamed source described by its phrase ("two port officials")."""
        name = self._phrase(mention)
        if name[:1].isupper() and self.registry.resolve(name):
            return self.registry.resolve(name)  # a name the entity tagger missed here
        affiliation = self._affiliation(mention)
        return self.registry.unnamed(name, stem=self.stem, context=self._sentence(mention),
                                     affiliation=affiliation)

    def _possessor(self, mention: Mention) -> str | None:
        """The name a possessive pronoun of a role phrase refers to ("its spokeswoman")."""
        doc = self.article.doc
        for child in doc[mention.head].children:
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                index = self.article.mention_of(child.i)
                owner = self.actor(index, speaking=True) if index is not None else None
                if owner is not None and owner not in (EVIDENCE, UNNAMED):
                    return self.registry.name_of(owner)
            if child.dep_ == "poss" and child.pos_ in ("PRON", "NOUN"):
                index = self.article.mention_of(child.i)
                link = self.links.get(index) if index is not None else None
                if link is not None and link.antecedent is not None:
                    owner = self.actor(link.antecedent, speaking=True)
                    if owner is not None:
                        return self.registry.name_of(owner)
        return None

    def _named_later(self, word: str) -> str | None:
        """An organisation of the article whose name holds ``word`` ("the police" for the
        Criminal Police named further on)."""
        if self._organisations is None:
            self._organisations = {}
            for j, m in enumerate(self.mentions):
                if m.label == "ORG":
                    for w in self.article.span_text(m.start, m.end).casefold().split():
                        self._organisations.setdefault(w, j)
        found = self._organisations.get(word)
        return self.actor(found) if found is not None else None

    def _generic(self, mention: Mention) -> str | None:
        """A definite role noun that refers to nobody named: qualified, never bare."""
        doc = self.article.doc
        word = doc[mention.head].lemma_.casefold()
        owner = self._possessor(mention)
        if owner is not None:
            kind = lexicon().kind_of(word)
            possessor = next(c for c in doc[mention.head].children if c.dep_ == "poss")
            # "Otieno's family", "the minister's office": the text's own words; "its
            # spokeswoman": the owner the pronoun stands for.
            name = self._phrase(mention) if possessor.pos_ != "PRON" else (
                f"{owner}'s {doc[mention.head].text}")
            if word in lexicon().words["institutions"]:
                return self.registry.generic(name, kind=kind or ActorKind.ORGANIZATION,
                                             stem=self.stem, context=self._sentence(mention))
            return self.registry.unnamed(name, stem=self.stem, context=self._sentence(
                mention), affiliation=self.registry.resolve(owner))
        if word in _COURT_ROLES:  # "the judge said": the court named in the article speaks
            courts = [j for j, m in enumerate(self.mentions) if m.label == "ORG" and lexicon(
            ).kind_of(self.article.span_text(m.start, m.end)) is ActorKind.COURT]
            if courts:
                here = self.article.mention_of(mention.head) or 0
                before = [j for j in courts if j < here]
                return self.actor(before[-1] if before else courts[0])
        affiliation = self._affiliation(mention)
        text = self._phrase(mention)
        body = word in lexicon().words["institutions"] or lexicon().kind_of(text) in _BODIES
        if affiliation is None and body:
            later = self._named_later(doc[mention.head].lower_)
            if later is not None:
                return later
            bare = mention.end - mention.start <= 2 and not any(
                t.ent_type_ for t in doc[mention.start:mention.end])
            if bare and self.country and normalize(self.country) in self.places and (
                    lexicon().kind_of(text) is ActorKind.GOVERNMENT):
                # "the ministry" in an article about Sorelia: Sorelia's ministry
                text = f"{self.country} {text}" if self.country_is_adjective else (
                    f"{self.country}'s {text}")
            kind = lexicon().kind_of(text) or ActorKind.ORGANIZATION
            return self.registry.resolve(text) if not bare and self.registry.resolve(
                text) else self.registry.generic(text, kind=kind, stem=self.stem,
                                                 context=self._sentence(mention))
        return self._described(mention)


def annotate_entities(article: Article, *, registry: ActorRegistry,
                      stem: str) -> list[Entity]:
    """The actor of every name, and of every other mention that is a source or a relay."""
    mentions: tuple[Mention, ...] = article.layer("mentions")
    sources: tuple[Source, ...] = article.layer("sources")
    namer = _Namer(article, registry, stem)
    by_head = {m.head: i for i, m in enumerate(mentions)}
    speaking = {by_head[h] for s in sources for h in (s.head, *s.relays)
                if h is not None and h in by_head}
    out = []
    for index in range(len(mentions)):
        actor = namer.actor(index, speaking=index in speaking)
        if actor is not None:
            out.append(Entity(index, actor))
    return out
