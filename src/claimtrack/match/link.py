"""Where a draft meets the claims already in the folder: a restatement becomes ``same_as``.

An article that follows others retells their claims in its own words: it names the source
an earlier piece left out (or drops it), adds "allegedly", condenses a paragraph into a
clause. Each draft claim is held against the folder's claims the one retriever finds for
it (``claimtrack.match.retrieve``), compared by weighted word overlap and, with the
embedding model, by meaning, and linked to those it restates, so that it is never a silent
second copy. ``link_drafts`` is the interface ``extract`` calls with its drafts as model
``Claim`` records.

Words are not enough: a link needs evidence of the same event (``claimtrack.match.
evidence``): an actor, a name or place, a figure or a date the two claims share (or the
same words of 20+ characters), and a draft of an article about another country's event
than the claim's document is never linked to it.

A draft is held against a claim whole and clause by clause (a sentence may retell several
claims, one in each clause); an infobox line ranks after the body claim it condenses;
another count of the same thing, other months or years, the figures the draft lacks and a
"not" on one side only discount the likeness; and an answer (denial, retraction, ruling)
is restated only by its author.

Who says a claim is compared apart from what it says: the words compared leave out both
claimants' names, and two claimants disagree only when both are named actors that are not
affiliated (a document's own voice or an unnamed source may tell anyone's claim). The
thresholds come from the follow-up corpus (``tests/corpus/followups``; figures in
``benchmarks/extract_links_eval.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.match import FolderClaims, affiliation_groups, profile_of
from claimtrack.match.evidence import country, frequent_names, shared_evidence
from claimtrack.match.retrieve import prepare, retrieve
from claimtrack.match.score import Features, Profile, counts_differ, similarity, suggest
from claimtrack.match.semantic import Semantic
from claimtrack.match.text import Weights, clauses, dates, stems, tokens
from claimtrack.model import Actor, ActorKind, Claim

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["ALSO_RESTATES", "CLAUSE", "CONTAINED", "MEANING_FROM", "NEGATED", "OTHER_COUNT",
           "OTHER_FIGURES", "OTHER_TIME", "RESTATES", "SUMMARY_LINE", "Link", "link_drafts"]

RESTATES = 0.3
"""Word similarity from which a draft claim restates its closest claim of the folder. On
the follow-up corpus 0.25 adds wrong links faster than right ones and 0.35 loses three of
the restatements found."""

ALSO_RESTATES = 0.2
CONTAINED = 0.5
"""A sentence may retell several earlier claims at once ("officers were attacked with
stones and petrol bombs, and 23 were hurt"): it is linked to each further claim of the
folder whose words it holds for the most part (this share, by weight) with a similarity of
at least ``ALSO_RESTATES``, when no other draft claim of the article is closer to it."""

CLAUSE = 0.45
"""Similarity from which one clause of a draft (between commas, or opened by "when",
"after", "who" …) restates a claim by itself: "…shared in January, when two of the town's
wells were shut after tests found high levels of PFAS" retells the closure and the tests.
A clause is short, so it must come closer than a whole sentence (``RESTATES``)."""

_CLAUSE_STEMS = 3
"""Content words a clause needs to restate anything on its own."""

SUMMARY_LINE = 0.75
"""An infobox line ("Wells closed: 2") is a few words, so a sentence shares a large part
of it easily; ranked against the claims of a body it is discounted by this factor, so that
the fuller claim it condenses comes first when both are close."""

OTHER_COUNT = 0.5
"""The factor of a draft's similarity when it counts a thing the claim counts too with
other figures: "12 times the limit" in a second test is not "30 times the limit" (a match
candidate still, as related; not the same claim)."""

OTHER_TIME = 0.5
"""The factor of a draft's similarity when it names other months or years than the claim
(and none of its): tests "in March" are not "the January tests". Halved, as for a count."""

NEGATED = 0.5
"""The factor of a draft's similarity when one of the two says "not", "no", "without" …
and the other does not: "the blockade ended without arrests" answers "police arrested nine
protesters", it does not tell it again. Compared clause by clause as well."""

OTHER_FIGURES = 0.2
"""The share of its similarity a draft that gives figures loses when it gives none of the
claim's; lacking some, it loses in proportion ("eight people detained" against "three of
the eight were customs officers" lacks one of two figures and keeps 0.9 of it)."""

MEANING_FROM = 0.65
"""Cosine of sentence embeddings below which two claims' meanings say nothing of their
being the same; above it the cosine counts, scaled from 0 here to 1 at 1.0, as a word
similarity would (the larger of the two is the likeness). On tests/corpus/followups, the
tuning corpus: 32 of 42 retold claims linked by words alone, 33 from 0.55 to 0.7 (at 0.65
with 35 of 37 judged links right), 32 again from 0.75."""

_RETRIEVE = 40
"""Claims of the folder retrieved for each draft."""

_VERBATIM = 20
"""Quotes of at least this many characters that are the same words are the same claim,
whoever the drafts name as claimant (a wire story printed twice)."""

_SOURCES = (ActorKind.EDITORIAL, ActorKind.UNNAMED)
"""Claimants that tell rather than name an origin: they may relay anyone's claim."""


@attrs.frozen
class Link:
    """A draft claim that restates a claim already in the folder."""

    draft: str
    target: str
    document: str
    """The document the target claim appears in first."""
    similarity: float
    evidence: str = ""
    """What besides words says it is the same event: actor, name, figure, date, verbatim."""


@attrs.frozen
class _Pair:
    draft: int
    other: Profile
    whole: float
    """How alike the words of the whole draft and of ``other`` are."""
    parts: tuple[float, ...]
    """How closely each clause of the draft restates ``other`` (0 below ``CLAUSE``)."""
    share: float
    verbatim: bool
    discount: float = 1.0
    """``SUMMARY_LINE`` for an infobox line, which ranks after the body's claims."""
    evidence: str = ""

    @property
    def similarity(self) -> float:
        """How closely the draft, or one of its clauses, restates ``other``."""
        return max((self.whole, *self.parts))


def link_drafts(drafts: Sequence[Claim], *, actors: Mapping[str, Actor], text: str,
                folder: Index) -> list[Link]:
    """The ``same_as`` links from each draft (a ``Claim`` of the article ``text``) to the
    claims of ``folder`` it restates; the caller records them on the drafts.

    ``actors`` holds every actor the drafts name (the folder's and the proposed ones).
    """
    if not drafts or folder.value("SELECT 1 FROM claims WHERE live LIMIT 1") is None:
        return []
    prepare(folder)
    matcher = FolderClaims(folder)
    groups = affiliation_groups({a.id: a.affiliation for a in actors.values()})
    vocabulary = frozenset().union(*(p.stems for p in matcher.profiles.values()))
    profiles, bags = _profiles(drafts, actors, groups, vocabulary)
    weights = Weights([*(p.stems for p in matcher.profiles.values()), *bags])
    pairs = _Pairs(folder, matcher, weights, actors, groups, text).of(profiles)
    closest: dict[int, _Pair] = {}
    for pair in pairs:
        held = closest.get(pair.other.rid)
        if held is None or pair.similarity > held.similarity:
            closest[pair.other.rid] = pair
    by_draft: dict[int, list[_Pair]] = {}
    for pair in pairs:
        by_draft.setdefault(pair.draft, []).append(pair)
    links = []
    for index, claim in enumerate(drafts):
        mine = sorted(by_draft.get(index, ()), key=lambda p: (-p.whole * p.discount, p.other.id))
        chosen = {id(p) for p in mine if p.verbatim}
        if mine and mine[0].whole >= RESTATES:
            chosen.add(id(mine[0]))
        for part in range(len(mine[0].parts) if mine else 0):
            best = max(mine, key=lambda p: (p.parts[part] * p.discount, p.other.id))
            if best.parts[part] >= CLAUSE:
                chosen.add(id(best))
        chosen |= {id(p) for p in mine[1:] if p.whole >= ALSO_RESTATES
                   and p.share >= CONTAINED and closest[p.other.rid] is p}
        for pair in mine:
            if id(pair) in chosen and pair.evidence:
                links.append(Link(claim.id, pair.other.id, _document(folder, pair.other),
                                  round(pair.similarity, 3), pair.evidence))
    return links


def _profiles(drafts: Sequence[Claim], actors: Mapping[str, Actor],
              groups: Mapping[str, set[str]],
              vocabulary: frozenset[str]) -> tuple[dict[int, Profile], list[frozenset[str]]]:
    """The drafts that share a word with the folder's claims as the matcher sees them (the
    others cannot restate any: most drafts of an article), and every draft's words."""
    voices = frozenset(a.id for a in actors.values() if a.kind is ActorKind.EDITORIAL)
    found: dict[int, Profile] = {}
    bags = []
    for index, claim in enumerate(drafts):
        first = claim.appearances[0] if claim.appearances else None
        quote = first.quote if first else claim.statement
        told = quote if quote.rstrip(".") in claim.statement else claim.statement
        bag = frozenset(stems(" ".join(dict.fromkeys([told, quote, *claim.words]))))
        bags.append(bag)
        if bag & vocabulary:
            document = first.document if first else ""
            found[index] = profile_of(
                rid=-1 - index, claim_id=claim.id, statement=told,
                places=[(document, first.section if first else "", quote)],
                claimant=claim.claimant, about=claim.about, kind=claim.kind.value, made=None,
                occurred=None, words=claim.words, dossier=document, groups=groups,
                voices=voices)
    return found, bags


class _Pairs:
    """Each draft with the claims of the folder it may restate (not answer, not contradict
    the claimant of, not of another country's event), how alike they are, and the evidence
    of one event they share."""

    def __init__(self, folder: Index, matcher: FolderClaims, weights: Weights,
                 actors: Mapping[str, Actor], groups: Mapping[str, set[str]],
                 text: str) -> None:
        self.folder, self.matcher, self.weights = folder, matcher, weights
        self.actors, self.groups = actors, groups
        self.named = {a.id: frozenset(stems(" ".join([a.name, *a.aliases])))
                      for a in actors.values()}
        self.country = country(text)
        self.places = frequent_names(text)
        self.countries: dict[str, str | None] = {}
        self.shared: dict[str, bool] = {}
        self.normal: dict[int, set[str]] = {}  # each claim's quotes, normalised once
        self.times: dict[int, tuple[frozenset[int], frozenset[int]]] = {}
        self.denials: dict[int, bool] = {}
        self.semantic = Semantic.of(folder)

    def of(self, drafts: Mapping[int, Profile]) -> list[_Pair]:
        """The pairs of every draft."""
        found = {i: self._retrieve(d) for i, d in drafts.items()}
        meanings = self._meanings(drafts, found)
        return [pair for i, draft in drafts.items() for other in found[i]
                if (pair := self._pair(i, draft, other, meanings.get((i, other.rid), 0.0)))]

    def _retrieve(self, draft: Profile) -> list[Profile]:
        hits = retrieve(self.folder, " ".join(dict.fromkeys([draft.statement, *draft.quotes])),
                        limit=_RETRIEVE)
        return [p for h in hits if (p := self.matcher.profiles.get(h.rid))
                and self._same_country(p)]

    def _same_country(self, other: Profile) -> bool:
        """Whether the claim's document is not about another country's event than the
        article (either naming no country is no evidence against)."""
        if self.country is None:
            return True
        theirs = []
        for document, _ in other.places:
            self._read(document)
            theirs.append(self.countries[document])
        return any(c is None or c == self.country for c in theirs)

    def _read(self, document: str) -> None:
        """The country a document of the folder is about, and whether it is about a place
        or body the article names often too."""
        if document not in self.countries:
            told = self.folder.text(document) or ""
            self.countries[document] = country(told)
            self.shared[document] = bool(self.places & frequent_names(told))

    def _same_places(self, other: Profile) -> bool:
        """Whether the claim's document and the article are both about one place or body
        (a name each gives several times)."""
        for document, _ in other.places:
            self._read(document)
        return any(self.shared[d] for d, _ in other.places)

    def _meanings(self, drafts: Mapping[int, Profile],
                  found: Mapping[int, list[Profile]]) -> dict[tuple[int, int], float]:
        """The similarity of meaning of each draft and claim retrieved for it (none
        without the model): the cosine above ``MEANING_FROM``, scaled to 0..1."""
        if self.semantic is None:
            return {}
        asked = [i for i in drafts if found[i]]
        if not asked:
            return {}
        mine = self.semantic.sentences([drafts[i].statement for i in asked])
        theirs = self.semantic.vectors(sorted({p.rid for i in asked for p in found[i]}))
        scores = {}
        for row, i in enumerate(asked):
            for other in found[i]:
                vector = theirs.get(other.rid)
                if vector is not None:
                    cosine = float(mine[row] @ vector)
                    scores[i, other.rid] = max(0.0, (cosine - MEANING_FROM)
                                               / (1 - MEANING_FROM))
        return scores

    def _pair(self, index: int, draft: Profile, other: Profile, meaning: float) -> _Pair | None:
        groups, actors = self.groups, self.actors
        if other.rid not in self.normal:
            self.normal[other.rid] = {_normal(q) for q in other.quotes}
            self.times[other.rid] = dates(" ".join([other.statement, *other.quotes]))
            self.denials[other.rid] = _negated(other)
        own = {_normal(q) for q in draft.quotes if len(q) >= _VERBATIM}
        verbatim = bool(own & self.normal[other.rid])
        if not verbatim and (_answers(draft, other, groups)
                             or _disagree(draft.claimant, other.claimant, actors, groups)):
            return None
        leave_out = self.named.get(draft.claimant, frozenset()) | self.named.get(
            other.claimant, frozenset())
        figures = _figures_given(draft, other) * (OTHER_COUNT if counts_differ(draft, other)
                                                  else 1.0)
        when = dates(" ".join(draft.quotes))
        figures *= OTHER_TIME if _other_time(when, self.times[other.rid]) else 1.0
        denied = self.denials[other.rid]
        negated = _negated(draft)
        words = similarity(draft, other, self.weights, leave_out)
        whole = max(words, meaning) * figures * (NEGATED if negated != denied else 1.0)
        told = (similarity(clause, other, self.weights, leave_out) * figures * (
            NEGATED if _negated(clause) != denied else 1.0) for clause in _parts(draft))
        share = self.weights.share(set(draft.stems - leave_out), set(other.stems - leave_out))
        evidence = "verbatim" if verbatim else shared_evidence(
            " ".join(draft.quotes), " ".join([other.statement, *other.quotes]),
            actors=bool(_named(draft.actors, actors) & _named(other.actors, actors))) or (
            "place" if self._same_places(other) else "")
        return _Pair(index, other, whole, tuple(t if t >= CLAUSE else 0.0 for t in told),
                     share, verbatim, SUMMARY_LINE if _summary_line(other) else 1.0, evidence)


def _named(found: frozenset[str], actors: Mapping[str, Actor]) -> frozenset[str]:
    """The actors of ``found`` that are someone in particular (not a voice, not unnamed)."""
    return frozenset(a for a in found if a not in actors or actors[a].kind not in _SOURCES)


_NEGATIONS = frozenset({"not", "no", "never", "without", "none", "nothing", "neither", "nor"})


def _negated(claim: Profile) -> bool:
    """Whether the claim's words (its first quote) deny what they tell ("ended without
    arrests", "no petrol bombs had been thrown")."""
    return any(w in _NEGATIONS or w.endswith("n't") for w in tokens(claim.quotes[0])) \
        if claim.quotes else False


def _other_time(one: tuple[frozenset[int], frozenset[int]],
                other: tuple[frozenset[int], frozenset[int]]) -> bool:
    """Whether two texts name months, or years, and none in common."""
    return any(mine and theirs and not mine & theirs for mine, theirs in zip(one, other,
                                                                              strict=True))


def _figures_given(draft: Profile, other: Profile) -> float:
    """A draft that gives figures and not those of the claim is told of something else,
    in part: discounted by the share of the claim's figures it lacks (``OTHER_FIGURES``)."""
    if not draft.numbers or not other.numbers:
        return 1.0
    return 1.0 - OTHER_FIGURES * len(other.numbers - draft.numbers) / len(other.numbers)


def _parts(draft: Profile) -> list[Profile]:
    """The clauses of a draft that say enough to restate a claim by themselves (none when
    the draft is one clause: then it is its whole)."""
    found = []
    for clause in clauses(draft.quotes[0] if draft.quotes else ""):
        mine = frozenset(stems(clause))
        if len(mine) >= _CLAUSE_STEMS:
            found.append(attrs.evolve(draft, stems=mine, quotes=(clause,)))
    return found if len(found) > 1 else []


def _summary_line(claim: Profile) -> bool:
    """Whether the claim is told only in an infobox line: a few words standing for a fuller
    claim of the body."""
    return bool(claim.places) and all(s.casefold() == "infobox" for _, s in claim.places)


def _answers(draft: Profile, other: Profile, groups: Mapping[str, set[str]]) -> bool:
    """Whether the draft answers the claim (denies, retracts, rules on it) rather than tells
    it again. Nobody denies their own claim: a "denial" by its claimant is a restatement
    (the negative way of putting it is the claim's own, "never paid anyone")."""
    relation = suggest(draft, other, _UNSCORED)  # the kinds decide it
    if relation == "denies" and _affiliated(draft.claimant, other.claimant, groups):
        return False
    if relation == "same_as" and other.kind in _ANSWER_KINDS and draft.kind != other.kind:
        # Telling what a denial or a ruling was about ("remains charged") is not the
        # denial told again; only its author restates it in other terms.
        return not _affiliated(draft.claimant, other.claimant, groups)
    return relation != "same_as"


_ANSWER_KINDS = frozenset({"denial", "retraction", "ruling"})
_UNSCORED = Features(text=0.0, actors=0.0, dates=0.0, kind=0.0)


def _affiliated(one: str, other: str, groups: Mapping[str, set[str]]) -> bool:
    return bool(groups.get(one, {one}) & groups.get(other, {other}))


def _disagree(one: str, other: str, actors: Mapping[str, Actor],
              groups: Mapping[str, set[str]]) -> bool:
    """Whether two claimants are named actors that are neither one nor affiliated."""
    if _affiliated(one, other, groups):
        return False
    return not any(a in actors and actors[a].kind in _SOURCES for a in (one, other))


def _normal(quote: str) -> str:
    return " ".join(tokens(quote))


def _document(folder: Index, claim: Profile) -> str:
    found = folder.value("SELECT document FROM appearances WHERE parent = ? AND live "
                         "ORDER BY position LIMIT 1", (claim.rid,))
    return str(found or "")
