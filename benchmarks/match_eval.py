"""How well `claimtrack match --text` finds the fact-check a post repeats.

    python benchmarks/match_eval.py [--part tune|untuned] [--misses] [--no-model]
    python benchmarks/match_eval.py --pairs [STORY_DIR ...] [--min-score 0.25]

The first form scores benchmarks/matchset: its feed is imported with `claimtrack import
claimreview` into a new folder, each query of the part is asked with `match_text`, and a
claim counts as right when one of its reviews' URLs is in the query's gold. It prints, for
the same folder in the same run: the baseline "FTS5 BM25" (claimtrack's first stage as it
was: SQLite FTS5 over statement, quotes and words, the post's words as an OR query, built
here independently of claimtrack), retrieval alone (claimtrack's retriever, BM25 order),
the full ranker, and the ablation of each stage: MAP@5, MRR and recall@5 over the queries
with an answer, the share of those answered at all, and for the queries with no answer
the share whose best candidate is labelled `likely`. **Only `--part tune` may be looked at
while tuning**; the untuned part is scored once before and once after (see the set's
README).

`--pairs` scores `find_candidates` on the follow-up corpus's gold pairs as before:
a gold `same` or `related` pair is found when the matcher proposes either claim for the
other at or above the minimum score; a `different` pair proposed is a false match.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from claimtrack.index import Index

HERE = Path(__file__).resolve().parent
SETS = ("matchset", "matchset-2")
"""The retrieval benchmarks (each a folder of benchmarks/ with a tuning and an untuned
part): the first, and the second where word overlap is a weak signal."""
DEFAULT = sorted((HERE.parent / "tests" / "corpus" / "followups").glob("*/gold.toml"))
TOP = 5

Ranker = Callable[[Index, str], list[str]]
"""A system under test: the claim ids it ranks for a post, best first."""


# -- the folder and the gold -------------------------------------------------------------------

@contextlib.contextmanager
def imported_folder(matchset: Path) -> Iterator[Path]:
    """A new claims folder holding the ``matchset`` feed, imported by claimtrack."""
    from claimtrack.imports.record import import_claimreview

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "claims"
        folder.mkdir()
        os.environ["CLAIMTRACK_CACHE_DIR"] = os.environ.get(
            "MATCH_EVAL_CACHE", str(Path(tmp) / "cache"))
        with Index.open(folder) as index, (matchset / "feed.jsonld").open("rb") as feed:
            import inspect

            # claimtrack before issue 21 took the feed's bytes, not a stream
            given: Any = feed.read() if "data" in inspect.signature(
                import_claimreview).parameters else feed
            result = import_claimreview(index, given, source="feed.jsonld",
                                        dossier=matchset.name)
        print(f"imported {result.new_claims} claims; {len(result.problems)} items "
              "refused", file=sys.stderr)
        yield folder


def review_urls(index: Index) -> dict[str, set[str]]:
    """The review URLs of each claim (the gold names reviews by URL)."""
    found: dict[str, set[str]] = {}
    for claim in index.records("claims"):
        for review in claim.reviews:
            url = getattr(review, "url", "") or (review.evidence[0] if review.evidence else "")
            if url:
                found.setdefault(claim.id, set()).add(url)
    return found


def lines(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- the systems -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_STOP = frozenset("""a an the and or but if of in on at to for from by with as is are was
were be been it its this that these those there here not no""".split())  # noqa: SIM905


class Baseline:
    """SQLite FTS5 BM25 over statement, quotes and words; the post's words OR'ed: the first
    stage claimtrack had before issue 21, rebuilt here so it does not change with it."""

    def __init__(self, index: Index) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, statement, quotes, "
                        "words, tokenize = 'porter unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", (
            (c.id, c.statement, " ".join(a.quote for a in c.appearances), " ".join(c.words))
            for c in index.records("claims")))

    def __call__(self, index: Index, text: str) -> list[str]:
        words = dict.fromkeys(w.casefold() for w in _WORD.findall(text)
                              if w.casefold() not in _STOP and len(w) > 1)
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        if not query:
            return []
        return [i for (i,) in self.db.execute(
            "SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (query, TOP))]


def systems(index: Index, *, model: bool) -> dict[str, Ranker]:
    """Every system and ablation this version of claimtrack can run."""
    from claimtrack.match import match_text

    found: dict[str, Ranker] = {"FTS5 BM25 (baseline)": Baseline(index)}
    try:
        stage = importlib.import_module("claimtrack.match.retrieve")
    except ImportError:  # claimtrack before issue 21: only its defaults can be asked
        found["match --text, defaults"] = lambda i, t: [m.claim for m in match_text(i, t)][:TOP]
        found["match --text --min-score 0"] = lambda i, t: [
            m.claim for m in match_text(i, t, min_score=0.0)][:TOP]
        return found
    ids = dict(index.rows("SELECT rid, id FROM claims WHERE live"))
    stage.prepare(index)

    def retrieval(normalised: bool, weights: Sequence[float]) -> Ranker:
        def run(i: Index, text: str) -> list[str]:
            query = text if normalised else _raw(text)
            return [ids[h.rid] for h in stage.retrieve(i, query, weights=weights)[:TOP]]
        return run

    no_reviews = (*stage.WEIGHTS[:3], 0.0)
    found["retrieval: words only, no review text"] = _unnormalised(retrieval(False,
                                                                             no_reviews))
    found["retrieval: + query normalisation"] = retrieval(True, no_reviews)
    found["retrieval alone (+ review text)"] = retrieval(True, stage.WEIGHTS)
    found["full ranker, words only (no model)"] = lambda i, t: [
        m.claim for m in match_text(i, t, limit=TOP, semantic=False)]
    if model:
        found["full ranker (+ meaning)"] = lambda i, t: [
            m.claim for m in match_text(i, t, limit=TOP)]
    return found


def _raw(text: str) -> str:
    return text


def _unnormalised(run: Ranker) -> Ranker:
    """``run`` with claimtrack's query normalisation switched off."""
    stage = importlib.import_module("claimtrack.match.retrieve")

    def plain(index: Index, text: str) -> list[str]:
        saved = stage.normalise
        stage.normalise = _raw  # type: ignore[assignment]
        try:
            return run(index, text)
        finally:
            stage.normalise = saved  # type: ignore[assignment]
    return plain


# -- scoring -----------------------------------------------------------------------------------

def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    """AP@5 as fact-check retrieval tasks score it: precision at each right claim among
    the first five, over min(relevant, 5)."""
    hits, total = 0, 0.0
    for place, claim in enumerate(ranked[:TOP], 1):
        if claim in relevant:
            hits += 1
            total += hits / place
    return total / min(len(relevant), TOP) if relevant else 0.0


def score(run: Ranker, index: Index, queries: list[dict[str, Any]],
          gold: dict[str, dict[str, Any]], owners: dict[str, str],
          misses: bool) -> dict[str, float]:
    """MAP@5, MRR, recall@5, answered and the no-answer queries' top labels."""
    aps, rrs, recalls, answered, seconds = [], [], [], 0, []
    styles: dict[str, list[float]] = {}
    for query in queries:
        want = gold[query["id"]]
        if want["answer"] != "checked":
            continue
        relevant = {owners[u] for u in want["relevant"] if u in owners}
        start = time.perf_counter()
        ranked = run(index, query["text"])
        seconds.append(time.perf_counter() - start)
        answered += bool(ranked)
        aps.append(average_precision(ranked, relevant))
        styles.setdefault(want.get("style", ""), []).append(aps[-1])
        rrs.append(next((1 / p for p, c in enumerate(ranked[:TOP], 1) if c in relevant), 0.0))
        recalls.append(len(relevant & set(ranked[:TOP])) / len(relevant) if relevant else 0.0)
        if (misses and not ranked[:1]) or (misses and ranked[0] not in relevant):
            print(f"  miss {query['id']}: {query['text'][:90]!r}\n"
                  f"       got {ranked[:3]} want {sorted(relevant)}", file=sys.stderr)
    return {"MAP@5": statistics.mean(aps), "MRR": statistics.mean(rrs),
            "recall@5": statistics.mean(recalls), "answered": answered / len(aps),
            "median ms": 1000 * statistics.median(seconds),
            **{f"MAP@5 {style}": statistics.mean(found) for style, found in styles.items()
               if style}}


def likely_on_none(index: Index, queries: list[dict[str, Any]],
                   gold: dict[str, dict[str, Any]]) -> str:
    """How many queries with no answer get a best candidate labelled likely."""
    from claimtrack.match import match_text

    nones = [q for q in queries if gold[q["id"]]["answer"] == "none"]
    found = sum(1 for q in nones if (m := match_text(index, q["text"], limit=1))
                and getattr(m[0], "label", "likely") == "likely")
    return f"{found}/{len(nones)}"


def likely_precision(index: Index, queries: list[dict[str, Any]],
                     gold: dict[str, dict[str, Any]], owners: dict[str, str]) -> str:
    """Of the answerable queries whose best candidate is labelled likely, how many are right."""
    from claimtrack.match import match_text

    right = total = 0
    for q in queries:
        want = gold[q["id"]]
        if want["answer"] != "checked":
            continue
        found = match_text(index, q["text"], limit=1)
        if found and getattr(found[0], "label", "") == "likely":
            total += 1
            right += found[0].claim in {owners[u] for u in want["relevant"] if u in owners}
    return f"{right}/{total}"


def matchset(name: str, part: str, *, misses: bool, model: bool) -> None:
    """Score every system on one part of the matchset ``name``."""
    queries = lines(HERE / name / f"queries-{part}.jsonl")
    gold = {g["query"]: g for g in lines(HERE / name / f"gold-{part}.jsonl")}
    with imported_folder(HERE / name) as folder, Index.open(folder) as index:
        owners = {url: claim for claim, urls in review_urls(index).items() for url in urls}
        runs = systems(index, model=model)
        for run in runs.values():  # warm: the first call embeds the folder's claims
            with contextlib.redirect_stderr(io.StringIO()):
                run(index, "warm up")
        answerable = sum(g["answer"] == "checked" for g in gold.values())
        print(f"{name}, {part} part: {len(queries)} queries, {answerable} with an answer; "
              f"{len(owners)} review URLs in the folder")
        styles = sorted({g["style"] for g in gold.values() if g.get("style", "none") != "none"})
        print("| system | MAP@5 | MRR | recall@5 | answered | median ms/query |"
              + "".join(f" MAP@5 {s} |" for s in styles))
        print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(styles))
        base = None
        for system, run in runs.items():
            got = score(run, index, queries, gold, owners,
                        misses and system == list(runs)[-1])
            base = base if base is not None else got["MAP@5"]
            gain = f" ({(got['MAP@5'] / base - 1) * 100:+.1f} %)" if base else ""
            print(f"| {system} | {got['MAP@5']:.3f}{gain} | {got['MRR']:.3f} | "
                  f"{got['recall@5']:.3f} | {got['answered']:.2f} | {got['median ms']:.0f} |"
                  + "".join(f" {got[f'MAP@5 {s}']:.3f} |" for s in styles))
        print(f"\nqueries with no answer whose best candidate is labelled likely: "
              f"{likely_on_none(index, queries, gold)}")
        print(f"answerable queries whose best candidate is labelled likely, right: "
              f"{likely_precision(index, queries, gold, owners)}")


LIMITS = (25, 50, 100, 200)
"""Numbers of retrieved candidates tried when tuning (the last is the one tuned on)."""


def tune(name: str, limit: int) -> None:
    """Grid-search the ranker's blend and label threshold on the tuning part only."""
    from claimtrack.match.query import normalise
    from claimtrack.match.rank import rank
    from claimtrack.match.retrieve import WEIGHTS, prepare, retrieve
    from claimtrack.match.semantic import Semantic

    queries = lines(HERE / name / "queries-tune.jsonl")
    gold = {g["query"]: g for g in lines(HERE / name / "gold-tune.jsonl")}
    with imported_folder(HERE / name) as folder, Index.open(folder) as index:
        owners = {url: claim for claim, urls in review_urls(index).items() for url in urls}
        ids = dict(index.rows("SELECT rid, id FROM claims WHERE live"))
        prepare(index)
        model = Semantic.of(index)
        assert model is not None, "tuning needs the embedding model"
        every = []
        for query in queries:
            hits = retrieve(index, query["text"], weights=WEIGHTS, limit=max(LIMITS))
            want = {owners[u] for u in gold[query["id"]]["relevant"] if u in owners}
            every.append((hits, model.sentence(normalise(query["text"])),
                          model.vectors([h.rid for h in hits]), want))
        print("| candidates | gold among them |\n|---:|---:|")
        for limit in LIMITS:
            held = sum(1 for h, _, _, w in every if w and w & {ids[x.rid] for x in h[:limit]})
            print(f"| {limit} | {held}/{sum(1 for *_, w in every if w)} |")
        cases = [(h[:limit], s, v, w) for h, s, v, w in every]
        print("| semantic | MAP@5 | MRR | likely threshold | likely right | likely on none |")
        print("|---:|---:|---:|---:|---:|---:|")
        for semantic in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            ranked = [(rank(h, sentence=s, vectors=v, semantic=semantic), w)
                      for h, s, v, w in cases]
            aps = [average_precision([ids[r.rid] for r in found], want)
                   for found, want in ranked if want]
            rrs = [next((1 / p for p, r in enumerate(found[:TOP], 1) if ids[r.rid] in want),
                        0.0) for found, want in ranked if want]
            for threshold in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
                ranked = [(rank(h, sentence=s, vectors=v, semantic=semantic,
                                likely=threshold), w) for h, s, v, w in cases]
                right = sum(1 for found, want in ranked if want and found
                            and found[0].label == "likely" and ids[found[0].rid] in want)
                said = sum(1 for found, want in ranked if want and found
                           and found[0].label == "likely")
                none = sum(1 for found, want in ranked if not want and found
                           and found[0].label == "likely")
                print(f"| {semantic} | {statistics.mean(aps):.3f} | {statistics.mean(rrs):.3f} "
                      f"| {threshold} | {right}/{said} of {len(aps)} | {none}/"
                      f"{sum(1 for _, w in ranked if not w)} |")


# -- the follow-up corpus's gold pairs (find_candidates) ---------------------------------------

def evaluate(story: Path, min_score: float) -> tuple[Counter[str], list[str]]:
    """Counts (found, missed, false, labelled positives) and the misses, for one story."""
    from claimtrack.match import find_candidates

    gold = tomllib.loads((story / "gold.toml").read_text(encoding="utf-8"))["pairs"]
    with Index.open(story / "claims", cache=False) as index:
        candidates = find_candidates(index, min_score=min_score, limit=10)
    proposed = {frozenset((c.claim, c.other)): c for c in candidates}
    counts: Counter[str] = Counter()
    notes = []
    for pair in gold:
        key = frozenset((pair["a"], pair["b"]))
        hit = proposed.get(key)
        if pair["label"] in ("same", "related"):
            counts["positives"] += 1
            if hit is not None:
                counts["found"] += 1
                counts[f"found-{pair['label']}"] += 1
            else:
                notes.append(f"  missed {pair['label']:8} {pair['kind']:24} {pair['a']} ~ "
                             f"{pair['b']}")
        elif hit is not None:
            counts["false"] += 1
            notes.append(f"  false  {pair['kind']:24} {pair['a']} ~ {pair['b']} "
                         f"({hit.score})")
    return counts, notes


def pairs(stories: list[Path], min_score: float, misses: bool) -> None:
    """Precision and recall of find_candidates on the follow-up corpus."""
    total: Counter[str] = Counter()
    print("| story | found same | found related | positives | false | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for story in stories:
        counts, notes = evaluate(story, min_score)
        total += counts
        print(_row(story.name, counts))
        if misses:
            print("\n".join(notes))
    print(_row("**total**", total))


def _row(name: str, c: Counter[str]) -> str:
    precision = c["found"] / (c["found"] + c["false"]) if c["found"] + c["false"] else 1.0
    recall = c["found"] / c["positives"] if c["positives"] else 1.0
    return (f"| {name} | {c['found-same']} | {c['found-related']} | {c['positives']} | "
            f"{c['false']} | {precision:.2f} | {recall:.2f} |")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", nargs="*", type=Path)
    parser.add_argument("--set", choices=SETS, default="matchset", dest="matchset",
                        help="the retrieval benchmark to score")
    parser.add_argument("--candidates", type=int, default=50,
                        help="with --tune: how many retrieved candidates are re-ranked")
    parser.add_argument("--part", choices=("tune", "untuned"), default="tune")
    parser.add_argument("--pairs", action="store_true", help="score find_candidates on the "
                        "follow-up corpus's gold pairs instead")
    parser.add_argument("--min-score", type=float, default=0.25)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--tune", action="store_true", help="grid-search the ranker's "
                        "weights on the tuning part")
    parser.add_argument("--no-model", action="store_true", help="leave out the ranker with "
                        "the embedding model")
    args = parser.parse_args()
    if args.pairs:
        pairs(args.stories or [g.parent for g in DEFAULT], args.min_score, args.misses)
        return
    if args.tune:
        tune(args.matchset, args.candidates)
        return
    if args.part == "untuned" and args.misses:
        parser.error("--misses lists the untuned part's queries and gold: not allowed")
    matchset(args.matchset, args.part, misses=args.misses, model=not args.no_model)


if __name__ == "__main__":
    main()
