"""Precision and recall of `claimtrack match` against hand-made gold pairs.

    python benchmarks/match_eval.py [STORY_DIR ...] [--min-score 0.45]

Each story folder holds `claims/` (a claims folder) and `gold.toml` (pairs labelled
same | related | different; see tests/corpus/followups/README.md). A gold `same` or
`related` pair is found when the matcher proposes either claim for the other at or above
the minimum score; a `different` pair proposed is a false match. Unlabelled proposals are
not judged. Precision = found / (found + false matches); recall = found / (same + related).
"""

from __future__ import annotations

import argparse
import tomllib
from collections import Counter
from pathlib import Path

from claimtrack.index import Index
from claimtrack.match import DEFAULT_MIN_SCORE, find_candidates

HERE = Path(__file__).resolve().parent
DEFAULT = sorted((HERE.parent / "tests" / "corpus" / "followups").glob("*/gold.toml"))


def evaluate(story: Path, min_score: float) -> tuple[Counter[str], list[str]]:
    """Counts (found, missed, false, labelled positives) and the misses, for one story."""
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


def bundled(top: int = 3) -> None:
    """Hide the bundled dossier's own same_as links and see where match ranks them."""
    import re
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "claims"
        shutil.copytree(HERE.parent / "claims", folder)
        links: list[tuple[str, str]] = []
        for path in sorted(folder.glob("*.toml")):
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
            links += [(c["id"], r["target"]) for c in data.get("claims", [])
                      for r in c.get("relations", []) if r["type"] == "same_as"]
            path.write_text(re.sub(r'\n\[\[claims\.relations\]\]\ntype = "same_as"\n'
                                   r'target = "[^"]+"\n(?:note = .*\n)?', "\n", text),
                            encoding="utf-8")
        with Index.open(folder, cache=False) as index:
            candidates = find_candidates(index, min_score=0.0, limit=top)
    gold = {frozenset(link) for link in links}
    print(f"| claim | same_as target | rank (top {top}) |")
    print("|---|---|---:|")
    for claim, target in links:
        rank = next((c.rank for c in candidates if (c.claim, c.other) == (claim, target)),
                    None)
        print(f"| {claim} | {target} | {rank or 'not in top ' + str(top)} |")
    shown = [c for c in candidates if c.claim in {a for a, _ in links}]
    right = sum(frozenset((c.claim, c.other)) in gold for c in shown)
    print(f"\nprecision at {top}: {right}/{len(shown)} = {right / len(shown):.2f} "
          f"(candidates proposed for the linked claims that are their same_as links)")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", nargs="*", type=Path)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--bundled", action="store_true", help="rank the bundled dossier's "
                        "own same_as links with them hidden")
    args = parser.parse_args()
    if args.bundled:
        bundled()
        return
    stories = args.stories or [g.parent for g in DEFAULT]
    total: Counter[str] = Counter()
    print("| story | found same | found related | positives | false | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for story in stories:
        counts, notes = evaluate(story, args.min_score)
        total += counts
        print(_row(story.name, counts))
        if args.misses:
            print("\n".join(notes))
    print(_row("**total**", total))


def _row(name: str, c: Counter[str]) -> str:
    precision = c["found"] / (c["found"] + c["false"]) if c["found"] + c["false"] else 1.0
    recall = c["found"] / c["positives"] if c["positives"] else 1.0
    return (f"| {name} | {c['found-same']} | {c['found-related']} | {c['positives']} | "
            f"{c['false']} | {precision:.2f} | {recall:.2f} |")


if __name__ == "__main__":
    main()
