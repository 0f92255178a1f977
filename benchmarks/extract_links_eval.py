"""How `claimtrack extract` links a follow-up article's drafts to the claims before it.

    python benchmarks/extract_links_eval.py [CORPUS_DIR ...] [--pairs] [--links]

For each story of a follow-up corpus (default: tests/corpus/followups) and each later
article, the article is drafted in a copy of the story's folder that holds only the
articles before it (as tests/test_extract_links.py does). Recall: the gold `same` pairs
whose later claim a draft claim covers and links `same_as` to the earlier claim, out of
all of them (a later claim no draft covers counts as missed). Precision: of the links, those
to a claim gold calls the same as one the draft covers, out of those gold judges (a link to
a claim labelled `related` or `different` is wrong; other links are listed as unjudged, to
be read).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from followup_links import (  # noqa: E402 - the tests' reading of the corpus
    CORPUS,
    Drafted,
    draft_later,
    judge_link,
    stories,
    verdict,
)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=[CORPUS / "followups"])
    parser.add_argument("--pairs", action="store_true", help="print every same pair")
    parser.add_argument("--links", action="store_true", help="print every wrong and "
                        "unjudged link with both quotes")
    parser.add_argument("--decoys", default="", help="comma-separated tags of decoy "
                        "articles (another event's, e.g. g1,j1): links to their claims are "
                        "counted apart")
    args = parser.parse_args()
    decoys = tuple(f"{t.strip()}-" for t in args.decoys.split(",") if t.strip())
    totals: Counter[str] = Counter()
    for corpus in args.corpora:
        for story in stories(corpus):
            for later in story.articles[1:]:
                with tempfile.TemporaryDirectory() as tmp:
                    drafted = draft_later(story, later, Path(tmp))
                totals += _score(drafted, pairs=args.pairs, links=args.links)
                totals["to decoys"] += sum(1 for c in drafted.claims for t in
                                           drafted.same_as(c.id) if decoys and
                                           t.startswith(decoys) and not
                                           later.startswith(decoys))
    same, linked = totals["same"], totals["linked"]
    judged = totals["right"] + totals["wrong"]
    print(f"recall {linked / same:.2f} ({linked}/{same} same pairs linked; "
          f"{totals['not drafted']} not drafted, {totals['unlinked']} unlinked, "
          f"{totals['linked elsewhere']} linked elsewhere)")
    print(f"precision {totals['right'] / judged:.2f} ({totals['right']}/{judged} judged links "
          f"right; {totals['wrong']} wrong, {totals['unjudged']} unjudged of "
          f"{totals['links']} links)")
    print(f"labelled near misses and related pairs linked same_as: {totals['false']}/"
          f"{totals['negatives']}")
    if decoys:
        print(f"links to another event's claims (the decoys {args.decoys}): "
              f"{totals['to decoys']}")


def _score(drafted: Drafted, *, pairs: bool, links: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    for pair in drafted.story.pairs:
        if pair.later != drafted.later:
            continue
        found = verdict(drafted, pair)
        if pair.label == "same":
            counts["same"] += 1
            counts[found.outcome] += 1
            if pairs:
                print(f"{found.outcome:16} {pair.name} ~ {pair.b} ({pair.kind})"
                      + ("" if found.linked or not found.targets
                         else f" -> {', '.join(found.targets)}"))
        else:
            counts["negatives"] += 1
            counts["false"] += found.linked
    for claim in drafted.claims:
        for target in drafted.same_as(claim.id):
            judged = judge_link(drafted, claim.id, target)
            counts["links"] += 1
            counts[judged] += 1
            if links and judged != "right":
                print(f"{judged:8} {claim.id} {list(drafted.covered.get(claim.id, ()))}\n"
                      f"         {claim.appearances[0].quote[:150]!r}\n"
                      f"      -> {target}")
    return counts


if __name__ == "__main__":
    main()
