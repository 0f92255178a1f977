"""The one retriever: FTS5 BM25 over every text of a claim, for a sentence or a claim.

Every candidate the matcher proposes — for ``match --text``, for the folder's claims, for
an article's drafts, for an imported fact-check — comes from here: the sentence is
normalised (``claimtrack.match.query``), made an FTS5 query of its content words (any of
them), and the claims are ranked by BM25 over statement, quotes, words and review notes
(``claimtrack.index.fts``). A re-ranker may reorder what this finds, never add to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.index import fts
from claimtrack.match.query import normalise
from claimtrack.match.text import STOP, tokens

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["CANDIDATES", "QUERY_WORDS", "WEIGHTS", "Hit", "prepare", "query_of", "retrieve"]

WEIGHTS = (1.0, 0.5, 0.5, 0.3)
"""BM25 weights of statement, quotes, words and review notes (tuned on the tuning part of
benchmarks/matchset; the statement says what the claim is, a review's text also says much
else)."""

CANDIDATES = 50
"""Claims retrieved for a sentence: what the re-ranker may reorder. On matchset-2's tuning
part a post's fact-check is among the first 25 for 127 of 152 posts, the first 50 for 133,
and no more at 100 or 200 (the ranker's MAP@5 is 0.802 at both 50 and 200)."""

QUERY_WORDS = 64
"""Content words of a sentence a query asks for, at most: a run-on "sentence" of a whole
article would otherwise cost a query as long as itself."""


@attrs.frozen
class Hit:
    """A claim retrieval found, with its BM25 score and how much of the query it holds."""

    rid: int
    bm25: float
    share: float
    """BM25 over the sum of the best BM25 each query word gets alone (an average word's for
    a word no claim holds), 0..~1: an absolute measure of how much of the sentence the claim
    holds (BM25 itself grows with the length of the sentence)."""


def prepare(index: Index) -> None:
    """Bring the full-text table in step with the folder."""
    with index.db:
        fts.sync(index.db)


def query_of(text: str) -> list[str]:
    """The content words of ``text`` a query asks for (normalised, no stop words)."""
    words = tokens(normalise(text))
    return list(dict.fromkeys(w for w in words if w not in STOP and len(w) > 1))[:QUERY_WORDS]


def _fts(words: Sequence[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def retrieve(index: Index, text: str, *, limit: int = CANDIDATES,
             weights: Sequence[float] = WEIGHTS) -> list[Hit]:
    """The claims ``text`` may restate or bear on, best first (``prepare`` first)."""
    words = query_of(text)
    found = fts.search(index.db, _fts(words), weights=weights, limit=limit)
    if not found:
        return []
    alone = [top[0][1] if (top := fts.search(index.db, _fts([w]), weights=weights, limit=1))
             else None for w in words]
    seen = [b for b in alone if b is not None]
    # A word no claim holds counts as an average word of the sentence: it is missing from
    # every candidate, but a handle's or a link's leftovers are not the rarest words there are.
    best = sum(seen) + (len(alone) - len(seen)) * sum(seen) / len(seen)
    return [Hit(rid, score, score / best if best else 0.0) for rid, score in found]
