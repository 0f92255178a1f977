"""Where a draft meets the claims already in the folder: a restatement becomes ``same_as``.

An article that follows others retells their claims in its own words: it names the source
an earlier piece left out (or drops it), adds "allegedly", condenses a paragraph into a
clause. Each draft claim is held against the folder's claims with the matcher
(``claimtrack.match``: full-text retrieval, then weighted word overlap) and linked to those
it restates, so that it is never a silent second copy.

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
from claimtrack.match.score import Features, Profile, counts_differ, similarity, suggest
from claimtrack.match.text import Weights, clauses, dates, stems, tokens
from claimtrack.model import Actor, ActorKind, Claim

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["ALSO_RESTATES", "CLAUSE", "CONTAINED", "NEGATED", "OTHER_COUNT", "OTHER_FIGURES",
           "OTHER_TIME", "RESTATES", "SUMMARY_LINE", "Link", "link_existing"]

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

    @property
    def similarity(self) -> float:
        """How closely the draft, or one of its clauses, restates ``other``."""
        return max((self.whole, *self.parts))


def link_existing(claims: Sequence[Claim], text: str, *, folder: Index,
                  actors: Mapping[str, Actor]) -> list[Link]:
    """The ``same_as`` links from each draft claim to the claims of ``folder`` it restates.

    ``actors`` holds every actor the drafts name (the folder's and the proposed ones).
    """
    document_id = claims[0].appearances[0].document if claims else ""
    if not claims or folder.value("SELECT 1 FROM claims WHERE live LIMIT 1") is None:
        return []
    matcher = FolderClaims(folder)
    groups = affiliation_groups({a.id: a.affiliation for a in actors.values()})
    vocabulary = frozenset().union(*(p.stems for p in matcher.profiles.values()))
    drafts, bags = _profiles(claims, text, actors, groups, document_id, vocabulary)
    weights = Weights([*(p.stems for p in matcher.profiles.values()), *bags])
    pairs = _pairs(drafts, matcher, weights, actors, groups)
    closest: dict[int, _Pair] = {}
    for pair in pairs:
        held = closest.get(pair.other.rid)
        if held is None or pair.similarity > held.similarity:
            closest[pair.other.rid] = pair
    by_draft: dict[int, list[_Pair]] = {}
    for pair in pairs:
        by_draft.setdefault(pair.draft, []).append(pair)
    links = []
    for index, claim in enumerate(claims):
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
            if id(pair) not in chosen:
                continue
            links.append(Link(claim.id, pair.other.id, _document(folder, pair.other),
                              round(pair.similarity, 3)))
    return links


def _profiles(claims: Sequence[Claim], text: str, actors: Mapping[str, Actor],
              groups: Mapping[str, set[str]], document_id: str,
              vocabulary: frozenset[str]) -> tuple[dict[int, Profile], list[frozenset[str]]]:
    """The drafts that share a word with the folder's claims as the matcher sees them (the
    others cannot restate any: most drafts of an article), and every draft's words."""
    voices = frozenset(a.id for a in actors.values() if a.kind is ActorKind.EDITORIAL)
    found: dict[int, Profile] = {}
    bags = []
    for index, claim in enumerate(claims):
        appearance = claim.appearances[0]
        told, quote = claim.statement, appearance.quote
        bag = frozenset(stems(" ".join(dict.fromkeys([told, quote, *claim.words]))))
        bags.append(bag)
        if bag & vocabulary:
            found[index] = profile_of(
                rid=-1 - index, claim_id=claim.id, statement=told,
                places=[(document_id, appearance.section, quote)], claimant=claim.claimant,
                about=list(claim.about), kind=claim.kind.value, made=None, occurred=None,
                words=list(claim.words), dossier=document_id, groups=groups, voices=voices)
    return found, bags


def _pairs(drafts: Mapping[int, Profile], matcher: FolderClaims, weights: Weights,
           actors: Mapping[str, Actor], groups: Mapping[str, set[str]]) -> list[_Pair]:
    """Each draft with the claims of the folder it may restate (not answer, not contradict
    the claimant of), and how alike their words are."""
    named = {a.id: frozenset(stems(" ".join([a.name, *a.aliases]))) for a in actors.values()}
    pairs = []
    normal: dict[int, set[str]] = {}  # each claim's quotes, normalised once
    times: dict[int, tuple[frozenset[int], frozenset[int]]] = {}
    denials: dict[int, bool] = {}
    for index, draft in drafts.items():
        found = matcher.retrieve(draft)
        if not found:
            continue
        own = {_normal(q) for q in draft.quotes if len(q) >= _VERBATIM}
        parts = _parts(draft)
        when = dates(" ".join(draft.quotes))
        negated = _negated(draft)
        for other in found:
            if other.rid not in normal:
                normal[other.rid] = {_normal(q) for q in other.quotes}
                times[other.rid] = dates(" ".join([other.statement, *other.quotes]))
                denials[other.rid] = _negated(other)
            verbatim = bool(own & normal[other.rid])
            if not verbatim and (_answers(draft, other, groups)
                                 or _disagree(draft.claimant, other.claimant, actors, groups)):
                continue
            leave_out = named.get(draft.claimant, frozenset()) | named.get(other.claimant,
                                                                            frozenset())
            figures = _figures_given(draft, other) * (OTHER_COUNT if counts_differ(draft, other)
                                                      else 1.0)
            figures *= OTHER_TIME if _other_time(when, times[other.rid]) else 1.0
            denied = denials[other.rid]
            whole = similarity(draft, other, weights, leave_out) * figures * (
                NEGATED if negated != denied else 1.0)
            told = (similarity(clause, other, weights, leave_out) * figures * (
                NEGATED if _negated(clause) != denied else 1.0) for clause in parts)
            share = weights.share(set(draft.stems - leave_out), set(other.stems - leave_out))
            pairs.append(_Pair(index, other, whole, tuple(t if t >= CLAUSE else 0.0
                                                          for t in told), share, verbatim,
                               SUMMARY_LINE if _summary_line(other) else 1.0))
    return pairs


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
