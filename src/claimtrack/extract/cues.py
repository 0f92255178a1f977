"""The ``cues`` layer: words by which the text says someone asserts something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Cue
from claimtrack.extract.lexicon import Category, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["annotate_cues", "negated", "quoted_tokens"]

_CONTENT = frozenset({"ccomp", "xcomp", "parataxis"})
_OBJECT_CATEGORIES = frozenset({"denial", "accusation", "announcement", "demand", "retraction",
                                "ruling", "threat", "characterization", "report", "allegation"})
"""Categories whose verb makes a claim with an object alone ("denied the charges")."""
_QUOTES = "\"“”"


def negated(token: Token) -> bool:
    """Whether a verb is negated ("did not say", "has never disclosed")."""
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in token.children)


def _has_quote(sentence: Span) -> bool:
    return any(t.text in _QUOTES or t.text == "''" or t.text == "``" for t in sentence)


def _withheld(token: Token) -> bool:
    """A speech or disclosure verb that says nothing was said ("declined to comment")."""
    words = lexicon().categories["withheld"]
    if token.lemma_ not in words.verbs and token.lemma_ not in lexicon().categories[
            "speech"].verbs:
        return False
    head = token.head
    governed = token.dep_ == "xcomp" and head.lemma_ in words.governors
    return negated(token) or governed or (token.dep_ == "pobj" and head.head.lemma_ in (
        "request", "question"))


def _verb_cue(token: Token, category: Category, sentence: Span) -> bool:
    """Whether a cue verb is used to report something: it has content or an object."""
    deps = {c.dep_ for c in token.children}
    if deps & _CONTENT or token.dep_ in ("parataxis",):
        return True
    if any(c.dep_ == "advcl" and c.lower_ in ("citing", "quoting") and any(
            g.dep_ == "ccomp" for g in c.children) for c in token.children):
        return True  # "reported, citing two officials, that ...": the parse hangs it lower
    if token.lemma_ in category.acts and (deps & {"nsubj"} or token.dep_ in ("conj", "relcl")):
        return True
    if token.dep_ in ("ccomp", "ROOT") and token.i > token.head.i and token.head.dep_ != "ROOT":
        return True
    if "auxpass" in deps and token.lemma_ in category.passive_events and "agent" not in deps:
        return False
    if "auxpass" in deps and any(c.dep_ == "nsubjpass" and any(
            g.lower_ in ("no", "none") for g in c.children) for c in token.children):
        return False  # "No illnesses have been reported": nothing was, says the document
    if category.name == "figure" and any(c.lower_ == "in" and any(
            g.lemma_ in lexicon().categories["speech"].nouns for g in c.children)
            for c in token.children):
        return False  # "In a filing, they put the losses at ...": the filing is the cue
    if category.objects or category.name == "figure":
        # "put the sum at 65,000", "counted two tanks", "found no evidence": the object
        # says it is a figure or a finding.
        return any(c.dep_ == "dobj" and (c.lemma_.casefold() in category.objects or any(
            g.dep_ == "nummod" for g in c.children)) for c in token.children) and (
            token.lemma_ not in ("put", "place") or any(c.lower_ == "at" for c in token.children))
    if category.name in _OBJECT_CATEGORIES and deps & {"dobj", "dative", "prep", "oprd"}:
        # "asked for", "appealed to ... to": a demand; "asked about": not one.
        return token.lemma_ not in ("ask", "appeal") or bool(
            {c.lower_ for c in token.children} & {"for", "on"} or "xcomp" in deps)
    if "auxpass" in deps and category.name in _OBJECT_CATEGORIES:
        # "was accused of" is someone's allegation; "were charged with", with nobody
        # named, an event of record.
        return token.lemma_ not in category.passive_events or "agent" in deps
    # A trailing attribution: '"...," said X' or "..., X said."
    return _has_quote(sentence) and category.name == "speech" and (
        "nsubj" in deps or token.dep_ == "relcl")


def _words(token: Token, category: Category) -> tuple[int, int]:
    """The reporting words: the verb, with "It was" before a passive, "to" after "according",
    "the X" after "told"."""
    start, end = token.i, token.i + 1
    if token.lower_ == "according":
        end = max(end, *(c.i + 1 for c in token.children if c.lower_ == "to"))
    deps = {c.dep_ for c in token.children}
    if "agent" not in deps and "auxpass" in deps:  # "It was alleged", "is said to"
        start = min(start, *(c.i for c in token.children if c.dep_ == "auxpass" or (
            c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it")))
    if token.lemma_ == "tell":
        told = [c for c in token.children if c.dep_ in ("dative", "dobj")]
        if told and told[0].ent_type_ == "ORG":
            end = told[0].right_edge.i + 1
    return start, end


def _inside_quotes(sentence: Span) -> set[int]:
    """Tokens between quotation marks: a quotation's verbs are what is said, not cues."""
    marks = [t for t in sentence if t.text in _QUOTES or t.text in ("``", "''")]
    # A sentence that closes a quotation opened before it starts inside it.
    inside, opened = set(), len(marks) % 2 == 1 and marks[0].text in ('"', "''", "\u201d") and (
        marks[0].i != sentence.start)
    for token in sentence:
        if token.text in _QUOTES or token.text in ("``", "''"):
            opened = not opened if token.text in ('"', "``", "''") else token.text == "\u201c"
        elif opened:
            inside.add(token.i)
    return inside


def quoted_tokens(article: Article) -> set[int]:
    """Every token of the article's sentences that stands inside quotation marks."""
    return {i for sentence in article.sentences() for i in _inside_quotes(sentence)}


def _sentence_cues(sentence: Span) -> list[Cue]:
    found = []
    lex = lexicon()
    quoted = _inside_quotes(sentence)
    for token in sentence:
        if token.i in quoted:
            continue
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            found.append(Cue(token.i, "according", _words(token, lex.categories["according"])))
            continue
        if token.pos_ in ("VERB", "AUX") and _withheld(token):
            found.append(Cue(token.i, "withheld", (token.i, token.i + 1)))
            continue
        category = lex.category(token.lemma_, token.pos_)
        if category is None or category.name == "withheld":
            continue
        if token.pos_ in ("VERB", "AUX") and negated(token) and _verb_cue(token, category,
                                                                          sentence):
            # "has not withdrawn its claim", "did not deny": what was not said is the
            # document's observation.
            found.append(Cue(token.i, "withheld", (token.i, token.i + 1)))
        elif token.pos_ in ("VERB", "AUX"):
            if _verb_cue(token, category, sentence):
                found.append(Cue(token.i, category.name, _words(token, category)))
        elif token.pos_ == "NOUN":
            deps = {c.dep_ for c in token.children}
            # A noun is a cue when it heads what is claimed ("his claim that ...").
            if any(c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" or g.tag_ in ("WDT",)
                                                      for g in c.children)
                   for c in token.children) or (deps & {"poss"} and deps & {"acl", "ccomp"}) or (
                    token.dep_ == "pobj" and token.head.lower_ == "in"
                    and token.head.head.pos_ in ("VERB", "AUX") and category.name == "speech"):
                found.append(Cue(token.i, category.name, (token.i, token.i + 1)))
        elif token.pos_ == "ADV":
            found.append(Cue(token.i, category.name, (token.i, token.i + 1)))
    return found


def _all_quoted(sentence: Span) -> bool:
    text = sentence.text.strip()
    return len(text) > 2 and text[0] in _QUOTES and text.rstrip(".!?")[-1:] in _QUOTES + ".!?" \
        and text.count(text[0]) <= 2 and text[-1] in _QUOTES


def _opens_quote(sentence: Span) -> bool:
    """A sentence that opens a quotation it does not close."""
    text = sentence.text.strip()
    marks = sum(text.count(q) for q in _QUOTES)
    return bool(text) and text[0] in "\"“" and marks % 2 == 1


def annotate_cues(article: Article) -> list[Cue]:
    """Every cue of the article's paragraphs; a sentence that is all quotation, after a
    quoted speaker, continues that speaker's cue."""
    cues: list[Cue] = []
    last_speech: tuple[int, int] | None = None  # (cue index, sentence start)
    previous = None
    pending: list[int] = []
    labelled: set[int] = set()
    for sentence in article.sentences():
        number = article.paragraph_of[sentence.start]
        paragraph = article.layout.paragraphs[number]
        if paragraph.turn in ("answer", "speaker") and number not in labelled:
            # A turn's label ("Mr DALBERG (Northfield):", "A:") says who asserts every
            # sentence of the turn: one cue over the label's words.
            labelled.add(number)
            span = article.doc.char_span(paragraph.label[0], paragraph.label[1],  # type: ignore[index]
                                         alignment_mode="expand")
            if span is not None:
                cues.append(Cue(span.start, "label", (span.start, span.end)))
        found = _sentence_cues(sentence)
        if not found and _all_quoted(sentence) and last_speech is not None and (
                previous is not None and last_speech[1] == previous):
            found = [Cue(sentence.start, "speech", (sentence.start, sentence.start),
                         continues=last_speech[0])]
        if not found and _opens_quote(sentence):
            pending.append(sentence.start)
        elif pending and found and found[0].category == "speech":
            # '"I gave a number. I take it back," she said.': the sentences the quotation
            # opened before its speaker are the speaker's too.
            cues.extend(Cue(start, "speech", (start, start), continues=len(cues) + len(pending))
                        for start in pending)
            pending = []
        else:
            pending = []
        first = len(cues)
        cues.extend(found)
        speech = [i for i in range(first, len(cues))
                  if cues[i].category in ("speech", "allegation", "accusation", "denial")]
        last_speech = (speech[-1], sentence.start) if speech and _has_quote(sentence) else None
        previous = sentence.start
    return cues
