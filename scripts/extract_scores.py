"""Score ``claimtrack extract`` on every article of a corpus: one line of figures per article.

    python scripts/extract_scores.py tests/corpus            # the tuning corpus
    python scripts/extract_scores.py tests/corpus --misses   # and every miss

An article is a folder with ``article.txt`` and ``expected.toml``, or a document of a
claims folder (``claims/documents/<id>.txt`` scored against ``claims/<id>.toml`` and the
folder's ``actors.toml``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from claimtrack.extract import draft_article
from claimtrack.extract.run import score_draft


def articles(root: Path) -> Iterator[tuple[str, Path, str]]:
    """(name, article text file, expected dossier source) for every article under ``root``."""
    for expected in sorted(root.rglob("expected.toml")):
        article = expected.parent / "article.txt"
        if article.is_file():
            yield (expected.parent.name, article, expected.read_text(encoding="utf-8"))
    for text in sorted(root.rglob("claims/documents/*.txt")):
        folder = text.parent.parent
        dossier = folder / f"{text.stem}.toml"
        if dossier.is_file():
            actors = folder / "actors.toml"
            source = actors.read_text(encoding="utf-8") if actors.is_file() else ""
            yield (text.stem, text, source + "\n" + dossier.read_text(encoding="utf-8"))


def main() -> None:
    """Print the figures of every article under the given folders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="print every miss too")
    args = parser.parse_args()
    totals = [0] * 8
    for root in args.roots:
        for name, article, source in articles(root):
            draft = draft_article(article.read_text(encoding="utf-8"), name="article")
            score = score_draft(draft, source, where=name)
            report = score.report().splitlines()
            print(f"== {name}\n" + "\n".join(report if args.misses else report[:2]))
            for i, n in enumerate((score.matched, score.drafted, score.expected, score.paired,
                                   score.chain_right, score.relations_found,
                                   score.relations_expected, score.about_right)):
                totals[i] += n
    matched, drafted, expected, paired, chain, found, relations, _ = totals
    print(f"== total: precision {matched / max(drafted, 1):.3f} recall "
          f"{matched / max(expected, 1):.3f} claimant {matched / max(paired, 1):.3f} "
          f"chain {chain / max(paired, 1):.3f} key relations {found}/{relations}")


if __name__ == "__main__":
    main()
