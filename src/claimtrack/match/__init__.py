"""Has this been claimed before? Candidate links between claims told in different places.

``find_candidates`` proposes, for claims of the folder, the claims elsewhere (another
document, dossier or section) that restate them or bear on them, scored by
``claimtrack.match.score``; ``match_text`` answers the question for one sentence.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING

import attrs

from claimtrack.dates import PartialDate
from claimtrack.match.query import normalise
from claimtrack.match.rank import rank
from claimtrack.match.retrieve import WEIGHTS, prepare, retrieve
from claimtrack.match.score import Features, Profile, score, suggest
from claimtrack.match.semantic import Semantic
from claimtrack.match.text import Weights, figures, stems, tokens

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["DEFAULT_MIN_SCORE", "SAME_CLAIM_SCORE", "Candidate", "FolderClaims", "SameClaim",
           "TextMatch", "affiliation_groups", "find_candidates", "match_text", "profile_of",
           "profiles"]

DEFAULT_MIN_SCORE = 0.25
"""Below this, a candidate is more often a near miss than a restatement (tuned on the
follow-up corpus, tests/corpus/followups)."""

_RETRIEVE = 40
"""Claims fetched by full-text search for each claim before they are scored."""



@attrs.frozen
class Candidate:
    """A proposed link from ``claim`` to ``other``."""

    claim: str
    other: str
    relation: str
    """same_as, or the relation a reviewer would likely record (denies, retracts …)."""
    score: float
    features: Features
    quote: str
    other_quote: str
    rank: int
    """1 for the claim's best candidate."""


def profiles(index: Index) -> dict[int, Profile]:
    """Every live claim as the matcher sees it."""
    groups = _groups(index)
    editorial = frozenset(i for (i,) in index.rows("SELECT id FROM actors WHERE live "
                                                   "AND kind = 'editorial'"))
    quotes: dict[int, list[tuple[str, str, str]]] = {}
    for parent, document, section, quote in index.rows(
            "SELECT p.parent, p.document, COALESCE(p.section, ''), p.quote FROM appearances p "
            "WHERE p.live ORDER BY p.parent, p.position"):
        quotes.setdefault(parent, []).append((document, section, quote))
    found: dict[int, Profile] = {}
    for rid, claim_id, statement, claimant, about, kind, made, occurred, words, dossier in \
            index.rows("SELECT rid, id, statement, claimant, about, kind, made, occurred, "
                       "words, dossier FROM claims WHERE live"):
        found[rid] = profile_of(
            rid=rid, claim_id=claim_id, statement=statement, places=quotes.get(rid, []),
            claimant=claimant, about=json.loads(about), kind=kind, made=made,
            occurred=occurred, words=json.loads(words), dossier=dossier, groups=groups,
            voices=editorial)
    return found


def profile_of(*, rid: int, claim_id: str, statement: str,
               places: Sequence[tuple[str, str, str]], claimant: str, about: Sequence[str],
               kind: str, made: str | None, occurred: str | None, words: Sequence[str],
               dossier: str, groups: Mapping[str, Set[str]], voices: Set[str]) -> Profile:
    """One claim as the matcher sees it, whether the folder holds it or not (yet).

    ``places`` are its appearances as (document, section, quote); ``groups`` each actor
    with its affiliations (``affiliation_groups``); ``voices`` the documents' own voices,
    which say who tells a claim, not what it is about.
    """
    # A statement is often its quote again (a draft's is): each text is read once.
    told = " ".join(dict.fromkeys([statement, *(q for _, _, q in places)]))
    said = stems(statement)
    rest = " ".join([*(q for _, _, q in places if q != statement), *words])
    actors = {claimant, *about} - voices
    return Profile(
        rid=rid, id=claim_id, statement=statement, quotes=tuple(q for _, _, q in places),
        stems=frozenset(said | stems(rest)),
        actors=frozenset(a for actor in actors for a in groups.get(actor, {actor})),
        kind=kind, made=_date(made), occurred=_date(occurred),
        places=frozenset((d, s) for d, s, _ in places), dossier=dossier,
        numbers=frozenset(s for s in said if s.isdigit()),
        claimant=claimant, about=frozenset(about),
        figures=tuple(sorted(figures(told).items())))


def _date(text: str | None) -> PartialDate | None:
    return None if text is None else PartialDate.parse(text)


def _groups(index: Index) -> dict[str, set[str]]:
    return affiliation_groups(dict(index.rows("SELECT id, affiliation FROM actors WHERE live")))


def affiliation_groups(affiliation: Mapping[str, str | None]) -> dict[str, set[str]]:
    """Each actor with every actor it is affiliated with, up the chain."""
    groups: dict[str, set[str]] = {}
    for actor in affiliation:
        seen: set[str] = set()
        current: str | None = actor
        while current and current not in seen:
            seen.add(current)
            current = affiliation.get(current)
        groups[actor] = seen
    return groups


def _linked(index: Index) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in index.rows(
        "SELECT claim, target FROM relations WHERE live")}


def find_candidates(index: Index, *, selection: Selection | None = None,
                    min_score: float = DEFAULT_MIN_SCORE, limit: int = 5,
                    include_linked: bool = False) -> list[Candidate]:
    """Candidates for the claims ``selection`` keeps (all), best first for each claim.

    A candidate stands elsewhere (another document, dossier or section) and is not
    already related to the claim (unless ``include_linked``).
    """
    prepare(index)
    every = profiles(index)
    weights = Weights(p.stems for p in every.values())
    linked = set() if include_linked else _linked(index)
    from claimtrack.select import Query, Selection, execute

    sources = [rid for (rid,) in execute(index, Query(selection=selection or Selection(),
                                                      columns=("rid",)))]
    found: list[Candidate] = []
    for rid in sources:
        claim = every.get(rid)
        if claim is None:
            continue
        scored = []
        for other_rid in _retrieve(index, claim):
            other = every.get(other_rid)
            if other is None or other.rid == claim.rid or other.places & claim.places:
                continue
            if frozenset((claim.id, other.id)) in linked:
                continue
            features = score(claim, other, weights)
            if features.total >= min_score and _bears_on(claim, other, features):
                scored.append((features.total, other, features))
        scored.sort(key=lambda s: (-s[0], s[1].id))
        for place, (total, other, features) in enumerate(scored[:limit], 1):
            found.append(Candidate(
                claim=claim.id, other=other.id, relation=suggest(claim, other, features),
                score=total, features=features, quote=claim.quotes[0] if claim.quotes else "",
                other_quote=other.quotes[0] if other.quotes else "", rank=place))
    return found


def _bears_on(claim: Profile, other: Profile, features: Features) -> bool:
    """Whether a candidate's relation holds: a denial or a retraction (a contradiction)
    only of a claim about the same subject — the denier or retractor among its actors,
    or actors shared — never of a claim that merely uses the same words."""
    if suggest(claim, other, features) == "same_as":
        return True
    return bool(features.answer or features.actors)


def _retrieve(index: Index, claim: Profile, *, most: int = _RETRIEVE) -> list[int]:
    """The claims the one retriever finds for ``claim``, best first."""
    return [h.rid for h in retrieve(index, " ".join(dict.fromkeys([claim.statement,
                                                                   *claim.quotes])),
                                    limit=most)]


class FolderClaims:
    """The folder's claims as the matcher sees them, to hold claims it does not hold (yet)
    against: an article's drafts, before they are written."""

    def __init__(self, index: Index) -> None:
        prepare(index)
        self._index = index
        self.profiles = profiles(index)
        """Every live claim of the folder, by row number."""


@attrs.frozen
class TextMatch:
    """A claim of the folder a sentence may restate, in its ranked place."""

    claim: str
    score: float
    label: str
    """likely or possible (``claimtrack.match.rank``)."""
    statement: str
    claimant: str
    status: str
    quote: str
    words: float
    """The lexical part of the score: how much of the sentence the claim's texts hold."""
    meaning: float | None
    """The cosine of the sentence embeddings; None without the model."""
    retrieved: int
    """Its rank by BM25 alone."""


def match_text(index: Index, text: str, *, limit: int = 10, min_score: float = 0.0,
               semantic: bool = True, weights: Sequence[float] = WEIGHTS) -> list[TextMatch]:
    """The claims of the folder that ``text`` may restate, best first, each labelled.

    Retrieval (FTS5 BM25, ``claimtrack.match.retrieve``) finds the candidates; with the
    embedding model (and ``semantic``) their meaning re-ranks them. Nothing is hidden by a
    floor unless ``min_score`` asks for one.
    """
    prepare(index)
    hits = retrieve(index, text, weights=weights)
    if not hits:
        return []
    model = Semantic.of(index) if semantic else None
    if model is not None:
        ranked = rank(hits, sentence=model.sentence(normalise(text)),
                      vectors=model.vectors([h.rid for h in hits]))
    else:
        ranked = rank(hits)
    chosen = [r for r in ranked if r.score >= min_score][:limit]
    rows = {row[0]: row[1:] for row in index.rows(
        "SELECT c.rid, c.id, c.statement, c.claimant, c.status, COALESCE((SELECT p.quote "
        "FROM appearances p WHERE p.parent = c.rid ORDER BY p.position LIMIT 1), '') "
        "FROM claims c WHERE c.rid IN (SELECT value FROM json_each(?))",
        (json.dumps([r.rid for r in chosen]),))}
    found = []
    for r in chosen:
        if r.rid in rows:
            claim_id, statement, claimant, status, quote = rows[r.rid]
            found.append(TextMatch(claim_id, r.score, r.label, statement, claimant, status,
                                   quote, r.words, r.meaning, r.retrieved))
    return found


SAME_CLAIM_SCORE = 0.7
"""Word overlap from which a sentence by the same claimant is taken to restate a claim."""


def _normal(text: str) -> str:
    return " ".join(tokens(text))


def _key(statement: str, claimant: str) -> bytes:
    """A statement by a claimant, case, spacing and punctuation aside, in 16 bytes (an
    import remembers every claim it adds: a digest keeps that small)."""
    text = f"{_normal(statement)}\0{claimant}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


class SameClaim:
    """Finds the claim of the folder that a new statement by a claimant restates.

    The same words (case, spacing and punctuation aside) by the same claimant are the
    same claim; so is a close paraphrase (``SAME_CLAIM_SCORE``) by the same claimant. The
    claims a caller adds with ``remember`` count too, so one input never yields two.
    """

    def __init__(self, index: Index) -> None:
        self._index = index
        self._exact: dict[bytes, str] = {
            _key(statement, claimant): claim_id for claim_id, statement, claimant in
            index.rows("SELECT id, statement, claimant FROM claims WHERE live")}
        self._folder = bool(self._exact)
        """Whether the folder holds claims to look for paraphrases among."""
        self._every: dict[int, Profile] | None = None
        self._weights: Weights | None = None
        self._last: tuple[str, str, bytes] = ("", "", b"")

    def _key(self, statement: str, claimant: str) -> bytes:
        if self._last[:2] != (statement, claimant):  # find, then remember the same words
            self._last = (statement, claimant, _key(statement, claimant))
        return self._last[2]

    def remember(self, claim_id: str, statement: str, claimant: str) -> None:
        """Count a claim being added alongside the folder's."""
        self._exact.setdefault(self._key(statement, claimant), claim_id)

    def find(self, statement: str, claimant: str, *, paraphrase: bool = True) -> str | None:
        """The id of the claim ``statement`` by ``claimant`` restates, if any (the same
        words only, without ``paraphrase``)."""
        found = self._exact.get(self._key(statement, claimant))
        if found is not None or not self._folder or not paraphrase:
            return found
        if self._every is None:
            prepare(self._index)
            self._every = profiles(self._index)
            self._weights = Weights(p.stems for p in self._every.values())
        assert self._weights is not None
        mine = set(stems(statement))
        best: tuple[float, str] | None = None
        for hit in retrieve(self._index, statement, limit=_RETRIEVE):
            other = self._every.get(hit.rid)
            if other is None or other.claimant != claimant:
                continue
            similarity = self._weights.overlap(mine, set(stems(other.statement)))
            if similarity >= SAME_CLAIM_SCORE and (best is None or similarity > best[0]):
                best = (similarity, other.id)
        return None if best is None else best[1]
