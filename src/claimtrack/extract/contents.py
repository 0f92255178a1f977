"""The ``contents`` layer: the spans that each carry one claim, and the cue governing each.

A sentence is cut where the parse shows a new predicate: a verb coordinated with the main
one ("detected the plot ... and arrested the ringleaders"), a clause coordinated inside
what a cue reports ("said that A and had B"), a relative or appositive clause that says
something of its own about someone ("X, who leads the inquiry,"). Each piece is governed
by the innermost-outer cue whose scope holds its predicate; a piece no cue governs is the
document's own.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Content, Cue, Source
from claimtrack.extract.cues import negated
from claimtrack.extract.lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["annotate_contents", "scope"]

_MIN_TOKENS = 2
_CONCESSIVE = frozenset({"although", "though", "whereas", "while"})
_TEMPORAL = frozenset({"when", "after", "before", "as", "since", "once", "until", "while"})
_RELAYED = frozenset({"report", "according"})
"""Cue categories that relay another's speech act ("it was reported X had demanded")."""
_SPEECH_ACTS = frozenset({"speech", "allegation", "accusation", "denial", "demand", "threat",
                          "announcement", "retraction", "belief"})
_TRIM = frozenset({"cc", "punct", "mark", "prep"})
_LIST_KEYS = ("result", "outcome", "commander", "leader", "combatant", "accused", "suspect",
              "perpetrator", "organizer", "organiser", "participant", "side", "casualties")


def _verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "cop", "aux")
                                                for c in token.children)


def _finite(token: Token) -> bool:
    """A verb that makes a clause of its own: finite, or with a subject or auxiliary, or
    sharing the modal of the verb it is coordinated with ("would create X and pay Y")."""
    return token.tag_ in ("VBD", "VBZ", "VBP", "MD", "VBN") or any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children) or (
        token.tag_ == "VB" and token.dep_ == "conj" and any(c.tag_ == "MD"
                                                            for c in token.head.children))


def _time_clause(token: Token) -> bool:
    """A clause before its verb that says when ("When the deal was signed, ...")."""
    return token.dep_ == "advcl" and token.i < token.head.i and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in _TEMPORAL for c in token.children)


def scope(article: Article, cue: Cue) -> set[int]:
    """The tokens a cue governs: its clause, without the verbs coordinated with it."""
    doc = article.doc
    token = doc[cue.token]
    if cue.category == "label":
        return set()
    if cue.continues is not None:
        sentence = token.sent
        return set(range(sentence.start, sentence.end))
    if cue.category == "according":
        return {t.i for t in token.head.subtree}  # "according to X, A, and B": all of it
    deps = {c.dep_ for c in token.children}
    if "auxpass" in deps and any(c.lower_ == "it" for c in token.children) and not (
            deps & {"ccomp", "xcomp"}):
        # "it was reported their leader had met ...": the parse often loses the report's
        # clause; what follows the report in its sentence is what it reports.
        return set(range(cue.words[0], token.sent.end))
    if token.pos_ == "ADV":
        token = token.head
    elif token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ == "in":
        token = token.head.head  # "In a filing, they put the losses at ..."
    inside = {t.i for t in token.subtree}
    for child in token.children:
        if (child.dep_ == "conj" and _verbal(child) and child.i > token.i) or _time_clause(
                child):
            inside -= {t.i for t in child.subtree}
    content = [c for c in token.children if c.dep_ in ("ccomp", "parataxis") and c.i < token.i]
    if content:
        # A trailing cue ("..., and a man was hurt, his family said") governs the last
        # clause before it, back to an "and".
        conjuncts = [content[0]]
        while True:
            more = [c for c in conjuncts[-1].children if c.dep_ == "conj" and _verbal(c)]
            if not more:
                break
            conjuncts.append(more[0])
        for earlier in conjuncts[:-1]:
            inside -= {earlier.i, *(t.i for t in earlier.lefts for t in t.subtree),
                       *(t.i for t in earlier.rights if t.dep_ != "conj" for t in t.subtree)}
    return inside


def _quoted(sentence: Span) -> set[int]:
    """The tokens inside quotation marks: a quotation is never cut."""
    inside, opened = set(), False
    for token in sentence:
        if token.text in "\"“”":
            opened = not opened if token.text == '"' else token.text == "“"
        elif opened:
            inside.add(token.i)
    return inside


def _splits(sentence: Span, cue_tokens: set[int], contents: set[int],
            sources: set[int]) -> tuple[set[int], list[tuple[int, int]]]:
    """Where new pieces start, and the asides (start, end) on a subject."""
    starts: set[int] = set()
    asides: list[tuple[int, int]] = []
    quoted = _quoted(sentence)
    for token in sentence:
        if token.i in quoted:
            continue
        if token.i in cue_tokens and token.pos_ == "NOUN" and not negated(token.head):
            # "withdrew his claim that X": X is the claim's own content.
            for child in token.children:
                if child.dep_ in ("acl", "ccomp") and child.i > token.i and any(
                        g.dep_ == "mark" for g in child.children):
                    starts.add(child.left_edge.i)
                    if child.right_edge.i + 1 < sentence.end:
                        starts.add(child.right_edge.i + 1)
        if token.text in (":", ";") and sentence.start < token.i < sentence.end - 2 and any(
                t.dep_ in ("nsubj", "nsubjpass") and t.i > token.i and t.head.i > token.i
                for t in token.doc[token.i + 1:sentence.end]):
            starts.add(token.i + 1)  # "Others are more patient: the bank expects ..."
        if token.i in cue_tokens and token.tag_ == "VBG" and token.i > token.head.i and (
                token.dep_ == "advcl" or (token.dep_ == "pcomp" and any(
                    c.dep_ == "ccomp" for c in token.children))):
            # "..., adding that the company would cooperate", "after finding that ..."
            starts.add(token.head.i if token.dep_ == "pcomp" else token.left_edge.i)
        elif token.dep_ in ("advcl", "pcomp") and token.i > token.head.i and token.i not in (
                contents) and token.left_edge.i > sentence.start and token.doc[
                token.left_edge.i - 1].text == "," and _verbal(token) and (
                token.right_edge.i - token.left_edge.i >= 3):
            starts.add(token.left_edge.i)  # "..., confiscating weapons and ammunition"
        elif _time_clause(token) and token.head.i in cue_tokens and not any(
                t.i in cue_tokens for t in token.subtree):
            starts.add(token.right_edge.i + 1)  # the report after "When X happened, ..."
        if token.dep_ == "conj" and token.pos_ == "ADP" and any(
                a.lower_ == token.lower_ and a.dep_ == "prep" and a.head.i in cue_tokens
                for a in token.ancestors):
            starts.add(token.i)  # "accused X of A and of B": two charges
        if token.dep_ == "conj" and _verbal(token) and _finite(token) and _verbal(
                token.head) and token.head.i < token.i:
            left = min(t.i for t in token.subtree)
            if left > sentence.start:
                starts.add(left)
        elif token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE
                                           for c in token.children) and any(
                t.i in cue_tokens for t in token.subtree) and token.i > token.head.i:
            starts.add(token.left_edge.i)  # "..., although the NSS has not revealed them"
        elif token.dep_ == "relcl" and token.i - 1 > sentence.start:
            rel = min(t.i for t in token.subtree)
            words = token.right_edge.i - rel + 1
            comma = rel > sentence.start and token.doc[rel - 1].text == ","
            relative = token.doc[rel].tag_ in ("WP", "WDT", "WP$") and (
                token.doc[rel].lower_ != "that")
            own_cue = any(t.i in cue_tokens for t in token.subtree)
            on_source = token.head.i in sources or any(a.i in sources and a.pos_ in (
                "NOUN", "PROPN") for a in token.head.ancestors)
            if not (relative or own_cue) or words < 4 or (token.i in contents and not own_cue
                                                           and not on_source):
                continue  # a relative clause inside what a cue reports is part of it
            if any(t.lemma_ in ("anonymity", "name", "identify") for t in token.subtree):
                continue  # "who asked not to be named": how the source is, not a claim
            noun = token.head
            if noun.dep_ in ("nsubj", "nsubjpass") and comma and (
                    noun.i in sources or noun.i not in contents):
                asides.append((noun.left_edge.i, token.right_edge.i + 1))
            elif comma or words >= 5:
                starts.add(rel)
                if comma and token.right_edge.i + 2 < sentence.end and token.doc[
                        token.right_edge.i + 1].text == ",":
                    starts.add(token.right_edge.i + 1)  # "X, who leads it, said ..."
        elif token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass") and (
                token.head.i < token.head.head.i) and (
                token.right_edge.i - token.head.left_edge.i >= 3) and token.i not in contents:
            head = token.head
            # "Vitalie Rusnac, a businessman based in Moscow," says something of him; "his
            # lawyer, Ana Lee," only names the speaker.
            described = token.pos_ == "NOUN" and (head.ent_type_ in (
                "PERSON", "ORG", "GPE", "LOC", "FAC") or head.pos_ == "PROPN") and (
                token.right_edge.i - token.left_edge.i >= 2)
            if described:
                asides.append((head.left_edge.i, token.right_edge.i + 1))
    return starts, asides


def _pieces(sentence: Span, cue_tokens: set[int], contents: set[int],
            sources: set[int]) -> list[tuple[int, int, bool]]:
    """(start, end, aside) pieces of a sentence, in order."""
    starts, asides = _splits(sentence, cue_tokens, contents, sources)
    cuts = {sentence.start, sentence.end}
    for start, end in asides:
        cuts |= {start, end}
    cuts |= starts
    bounds = sorted(c for c in cuts if sentence.start <= c <= sentence.end)
    aside_spans = set(asides)
    pieces = []
    for start, end in itertools.pairwise(bounds):
        if start < end:
            pieces.append((start, end, (start, end) in aside_spans))
    return pieces


def _describes_source(article: Article, predicate: int, source: Source) -> bool:
    """A relative clause on a cue's source ("according to prosecutors, who have opened an
    inquiry") says what the document knows of the source, not what the source says."""
    token = article.doc[predicate]
    return token.dep_ == "relcl" and source.head is not None and (
        token.head.i in {t.i for t in article.doc[source.head].subtree}
        and not any(c.dep_ in ("ccomp",) for c in token.children))


def _reported(article: Article, cues: tuple[Cue, ...]) -> set[int]:
    """The tokens of what the cues report: their content clauses and objects."""
    doc = article.doc
    inside: set[int] = set()
    for cue in cues:
        token = doc[cue.token]
        for child in token.children:
            if child.dep_ in ("ccomp", "xcomp", "dobj", "parataxis", "prep", "oprd"):
                inside.update(t.i for t in child.subtree)
    return inside


def _trim(article: Article, start: int, end: int) -> tuple[int, int]:
    doc = article.doc
    while start < end and ((doc[start].dep_ in ("cc", "punct") and doc[start].text not in
                           "\"“") or doc[start].is_space or doc[start].lower_ in ("and", "but")):
        start += 1
    while end > start and ((doc[end - 1].dep_ in ("cc", "punct") and doc[end - 1].text in
                           ",;:-\u2014\u2013") or doc[end - 1].is_space or doc[end - 1].lower_ in (
                               "and", "but")):
        end -= 1
    return start, end


def _predicate(article: Article, start: int, end: int) -> int:
    """The piece's head: its token whose head lies outside it (the first such)."""
    doc = article.doc
    for i in range(start, end):
        head = doc[i].head.i
        if not start <= head < end or head == i:
            return i
    return start


def _governing(article: Article, piece: tuple[int, int], predicate: int,
               cues: tuple[Cue, ...], scopes: list[set[int]], here: list[int]) -> int | None:
    """The cue whose scope holds the predicate: the outermost verb (the one whose report
    holds the others), but the nearest noun ("his claim that ..."); else a cue inside the
    piece that hangs off its predicate ("went on to claim", "..., saying")."""
    doc = article.doc
    own = [i for i in here if cues[i].token == predicate and cues[i].category != "withheld"]
    if own and doc[predicate].dep_ not in ("ccomp", "xcomp", "parataxis"):
        return own[0]  # the piece's own verb is a cue: "..., which the ministry denied"
    best: tuple[int, int] | None = None
    nouns = []
    for index in here:
        cue = cues[index]
        if cue.category == "withheld":
            continue
        if predicate not in scopes[index]:
            continue
        if doc[cue.token].pos_ == "NOUN" and cue.token < predicate:
            nouns.append((len(scopes[index]), index))
        elif best is None or len(scopes[index]) > best[0]:
            best = (len(scopes[index]), index)
    if nouns:
        return min(nouns)[1]
    if best is not None:
        return best[1]
    inside = [i for i in here if piece[0] <= cues[i].token < piece[1]
              and cues[i].category != "withheld"
              and predicate in {t.i for t in doc[cues[i].token].ancestors}]
    return inside[0] if inside else None


def _inner(outer: int, predicate: int, cues: tuple[Cue, ...], sources: tuple[Source, ...],
           scopes: list[set[int]], here: list[int]) -> int | None:
    """In an unnamed report, the speech act it reports of someone, holding the predicate."""
    if cues[outer].category not in _RELAYED or (sources[outer].head is not None and (
            cues[outer].category != "according")):
        return None
    inner = [i for i in here if i != outer and cues[i].category in _SPEECH_ACTS
             and predicate in scopes[i] and cues[i].token in scopes[outer]
             and sources[i].head is not None]
    return min(inner, key=lambda i: len(scopes[i])) if inner else None


def annotate_contents(article: Article) -> list[Content]:
    """The claim-carrying pieces of every sentence, then of the infobox."""
    cues: tuple[Cue, ...] = article.layer("cues")
    sources: tuple[Source, ...] = article.layer("sources")
    scopes = [scope(article, c) for c in cues]
    cue_tokens = {c.token for c in cues}
    reported = _reported(article, cues)
    heads = {s.head for s in sources if s.head is not None}
    contents: list[Content] = []
    tokens = [c.token for c in cues]
    labels = {article.doc[c.token].idx: i for i, c in enumerate(cues) if c.category == "label"}
    for sentence in article.sentences():
        section = article.sections[sentence.start]
        if sentence.text.rstrip(" \"\u201d\u2019'").endswith("?"):
            continue  # a question asserts nothing
        paragraph = article.layout.paragraphs[article.paragraph_of[sentence.start]]
        label = labels.get(paragraph.label[0]) if paragraph.label else None
        here = list(range(bisect.bisect_left(tokens, sentence.start),
                          bisect.bisect_left(tokens, sentence.end)))
        pieces = _pieces(sentence, cue_tokens, reported, heads)
        kept: list[Content] = []
        for start, end, aside in pieces:
            start, end = _trim(article, start, end)
            words = sum(1 for t in article.doc[start:end] if not t.is_punct)
            if words == 0:
                continue
            predicate = _predicate(article, start, end)
            cue = _governing(article, (start, end), predicate, cues, scopes, here)
            if aside:
                # An aside is the document's, unless it holds a cue of its own ("X, who
                # had denied knowing, said ...").
                own = [i for i in here if start <= cues[i].token < end
                       and cues[i].category != "withheld" and sources[i].shape == "relative"]
                cue = own[0] if own else None
            elif cue is not None and cues[cue].token != predicate and _describes_source(
                    article, predicate, sources[cue]):
                cue, aside = None, True
            withheld = [i for i in here if cues[i].category == "withheld"
                        and start <= cues[i].token < end]
            if withheld and (cue is None or cues[withheld[0]].token == predicate or not (
                    start <= cues[cue].token < end)):
                cue = withheld[0]
            if kept and words < _MIN_TOKENS and not aside and kept[-1].cue == cue:
                last = kept.pop()
                start = last.start
            if label is not None:
                cue, aside = label, False  # the turn's speaker asserts all of it
            elif cue is None and not aside and not any(
                    t.pos_ in ("VERB", "AUX") for t in article.doc[start:end]):
                continue  # "All times local.": a fragment of the document's asserts nothing
            inner = None if cue is None else _inner(cue, predicate, cues, sources, scopes, here)
            kept.append(Content(start, end, sentence.start, section, cue, predicate, aside,
                                inner))
        contents.extend(kept)
    contents.extend(_infobox(article))
    return contents


def _infobox(article: Article) -> list[Content]:
    """One content per infobox entry, or per listed item of a list-valued entry."""
    doc = article.doc
    text = article.text
    out = []
    for entry in article.layout.infobox:
        spans = [(entry.start, entry.end)]
        low = entry.key.casefold()
        if low.startswith(_LIST_KEYS) and "," in entry.value:
            spans, cursor = [], entry.value_start
            for at in [i for i, ch in enumerate(text[entry.value_start:entry.end]) if ch == ","]:
                spans.append((cursor, entry.value_start + at))
                cursor = entry.value_start + at + 1
            spans.append((cursor, entry.end))
            merged: list[tuple[int, int]] = []
            titles = lexicon().words["titles"]
            for item in spans:  # "Zuzana Holubová, Minister of Environment": one item
                first = text[item[0]:item[1]].split()[:1]
                if merged and first and first[0].casefold() in titles:
                    merged[-1] = (merged[-1][0], item[1])
                else:
                    merged.append(item)
            spans = merged
            spans[0] = (entry.start, spans[0][1])
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            s, e = span.start, span.end
            while s < e and (doc[s].is_space or doc[s].text == ","):
                s += 1
            while e > s and doc[e - 1].is_space:
                e -= 1
            if s < e:
                out.append(Content(s, e, s, "Infobox", None, s))
    return out
