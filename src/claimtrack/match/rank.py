"""Re-ranking what retrieval found: words and meaning, into one score and a label.

A candidate's score blends how much of the sentence its texts hold (``Hit.share``, from
BM25) with how close their meanings are (the cosine of the sentence embeddings of the
sentence and of the claim's statement). Without the model the score is the lexical part
alone, which keeps BM25's order. Nothing is left out for scoring low: every candidate
retrieval found is ranked, and labelled ``likely`` (the same claim, most of the time) or
``possible``. The weights and thresholds are tuned on the tuning parts of
``benchmarks/matchset`` and ``benchmarks/matchset-2`` (``benchmarks/match_eval.py --tune
[--set matchset-2]``); the untuned parts were never used for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from claimtrack.match.retrieve import Hit

__all__ = ["LIKELY", "LIKELY_WORDS", "SEMANTIC", "Ranked", "rank"]

SEMANTIC = 0.7
"""The share of the score that is meaning (cosine) rather than words (BM25 share). On the
tuning part of benchmarks/matchset: MAP@5 0.982 by words alone (BM25 alone 0.983), 0.996
at 0.5, 1.000 from 0.6 on; 0.7 labels best (below). On matchset-2's tuning part, where most
posts do not use their fact-check's words: 0.575 by words alone (FTS5 BM25 0.565), 0.744 at
0.3, 0.791 at 0.5, 0.800 at 0.6, 0.802 at 0.7, 0.794 at 0.8, 0.790 by meaning alone."""

LIKELY = 0.65
"""Score from which a candidate is labelled ``likely`` (with the model). On the tuning
part the best candidate is ``likely`` for 104 of the 117 posts a fact-check answers,
rightly each time, and for 4 of the 22 that none answers (0.62: 108 and 8; 0.7: 97
and 2). On matchset-2's tuning part, whose no-answer posts are near misses about the
same person or product: ``likely`` for 29 of its 152 answerable posts, rightly each time,
and for 2 of the 29 that none answers (0.6: 35 of 35 right and 5 of 29; 0.55: 43 of 44
and 8 of 29). A label that is right when it says ``likely``, on both sets, rather than
one that says it often."""

LIKELY_WORDS = 0.55
"""Score from which a candidate is labelled ``likely`` by words alone (without the
model): on the tuning part 88 of 117 answerable posts (87 rightly), and 4 of 22 with no
answer; on matchset-2's, 19 of 152 (all right) and 1 of 29."""


@attrs.frozen
class Ranked:
    """A candidate in its final place."""

    rid: int
    score: float
    label: str
    """likely or possible."""
    words: float
    """The lexical part: how much of the sentence the claim's texts hold (BM25 share)."""
    meaning: float | None
    """The cosine of the two sentence embeddings; None without the model."""
    retrieved: int
    """Its rank in retrieval alone (1 = BM25's best)."""


def rank(hits: Sequence[Hit], *, sentence: Any = None, vectors: Mapping[int, Any] | None = None,
         semantic: float = SEMANTIC, likely: float | None = None) -> list[Ranked]:
    """``hits`` reordered by their blended score, best first, each with its label.

    ``sentence`` is the sentence's unit vector and ``vectors`` the claims' (both from the
    same encoder); without them the order is retrieval's. ``likely`` overrides the
    calibrated threshold (for tuning).
    """
    found = []
    for place, hit in enumerate(hits, 1):
        words = min(hit.share, 1.0)
        vector = vectors.get(hit.rid) if vectors is not None and sentence is not None else None
        if vector is None:
            meaning, score = None, words
            bar = LIKELY_WORDS if likely is None else likely
        else:
            meaning = max(float(sentence @ vector), 0.0)
            score = (1 - semantic) * words + semantic * meaning
            bar = LIKELY if likely is None else likely
        label = "likely" if score >= bar else "possible"
        found.append(Ranked(hit.rid, round(score, 3), label, round(words, 3),
                            None if meaning is None else round(meaning, 3), place))
    found.sort(key=lambda r: (-r.score, r.retrieved))
    return found
