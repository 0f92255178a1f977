"""Score ``claimtrack extract`` on every article of a set: a table per article, totals, misses.

    python scripts/extract_scores.py benchmarks/heldout-2                 # the table
    python scripts/extract_scores.py benchmarks/heldout-2 --misses        # and every miss by shape
    python scripts/extract_scores.py benchmarks/heldout-2 --format markdown --misses > x.md
    python scripts/extract_scores.py tests/corpus --format json

An article is a folder with ``article.txt`` and ``expected.toml``, or a document of a
claims folder (``claims/documents/<id>.txt`` scored against ``claims/<id>.toml`` and the
folder's ``actors.toml``). The extractor runs as a user runs it, without a claims folder.

The *shape* of a miss is read off the hand-made unit it concerns — its cue, attribution,
via and quote — by the ordered rules of ``SHAPES``, so that "before" and "after" runs are
grouped the same way; the rules know nothing of any article.
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from tabulate import tabulate

from claimtrack.extract import draft_article
from claimtrack.extract.evaluate import Score, Unit, read_dossier, total, units_of
from claimtrack.extract.run import score_draft

COLUMNS = ("claimant", "chain", "laundered", "actor kinds", "key relations recall",
           "precision", "span precision", "recall")
"""The table's figures: issue 25's measures first, then the span and recall figures."""


@attrs.frozen
class Article:
    """One scored article: its name, its score and what the shapes are read from."""

    name: str
    score: Score
    text: str
    units: tuple[Unit, ...]
    unclaimed: tuple[tuple[int, int], ...]


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


def score(name: str, article: Path, source: str) -> Article:
    """Draft ``article`` as ``extract`` does and score it against ``source``."""
    text = article.read_text(encoding="utf-8")
    result = score_draft(draft_article(text, name="article"), source, where=name)
    expected = read_dossier(source, where=name)
    spans = []
    for record in tomllib.loads(source).get("unclaimed", []):
        start = text.find(record.get("quote", "\0"))
        if start >= 0:
            spans.append((start, start + len(record["quote"])))
    return Article(name, result, text, tuple(units_of(expected.claims, text)), tuple(spans))


# -- shapes -----------------------------------------------------------------------------------

_PRONOUN = re.compile(r"^(?:(?i:he|she|it|they|its|his|her|their|one of them)\b"
                      r"|[Tt]he [a-z][a-z-]*\b)")  # "the ministry", not "The Lenmark …"
_DOCUMENT = re.compile(r"report|record|register|filing|indictment|figures|map|\bshow", re.I)
_RELATIVE = re.compile(r"^[^,]{2,80}, (?:who|which|whose|where|whom)\b[^,]*,")
_SAY = re.compile(r"\b(?:said|says|say|told|added|argued|ruled|denied|denies|rejected|"
                  r"wrote|reported|confirmed)\b")


def _trailing(unit: Unit) -> bool:
    """The cue comes after the content: "…, the company said." """
    cue = unit.cue.split("…")[-1].strip()
    at = unit.quote.rfind(f", {cue}") if cue else -1
    return at > len(unit.quote) // 3


def _cue_outside(unit: Unit) -> bool:
    """The quote holds the content only; the reporting words are elsewhere in the text."""
    return bool(unit.cue) and not any(part.strip() and part.strip().casefold()
                                      in unit.quote.casefold()
                                      for part in unit.cue.split("…"))


SHAPES: tuple[tuple[str, Callable[[Unit, Article], bool]], ...] = (
    ("question-and-answer layout", lambda u, a: u.cue.startswith("A:")),
    ("speaker label", lambda u, a: u.cue.endswith(":")),
    ("two claimants in one sentence", lambda u, a: any(
        o.start == u.start and o.end == u.end and o.claimant != u.claimant for o in a.units)),
    ("inferred claimant (own voice, someone's account)", lambda u, a: u.attribution == "inferred"),
    ("the document's own voice", lambda u, a: u.attribution == "own"),
    ("relayed (via)", lambda u, a: bool(u.via)),
    ("a document as the source", lambda u, a: bool(_DOCUMENT.search(u.cue))),
    ("according to", lambda u, a: "according to" in u.cue.casefold()),
    ("pronoun or role noun as the source",
     lambda u, a: bool(_PRONOUN.match(u.cue) or _PRONOUN.match(u.quote))),
    ("relative clause between subject and verb",
     lambda u, a: bool(_RELATIVE.match(u.quote)) and bool(_SAY.search(u.quote))),
    ("trailing attribution", lambda u, a: _trailing(u)),
    ("content clause, cue outside the quote", lambda u, a: _cue_outside(u)),
    ("plain attribution", lambda u, a: True),
)
"""Ordered rules: a hand-made unit's shapes, the first of which groups its misses."""


def shapes(unit: Unit, article: Article) -> list[str]:
    """Every shape of a hand-made unit, in the order of ``SHAPES``."""
    found = [name for name, test in SHAPES[:-1] if test(unit, article)]
    return found or [SHAPES[-1][0]]


def _false_alarm_shape(unit: Unit, article: Article) -> str:
    if any(min(e, unit.end) - max(s, unit.start) > 0 for s, e in article.unclaimed):
        return "false alarm on a span that carries no claim (title, label, question, note)"
    if any(min(u.end, unit.end) - max(u.start, unit.start) > 0 for u in article.units):
        return "false alarm inside a claim's span (a fragment or a second draft of it)"
    return "false alarm outside every claim's span"


def misses(article: Article) -> Iterator[tuple[str, str]]:
    """(shape, line) for every miss of one article: one line per hand-made unit with all that
    went wrong with it, then false alarms, actor kinds and relations."""
    s = article.score
    problems: dict[Unit, list[str]] = {unit: ["not drafted"] for unit in s.misses}
    for e, d in s.wrong_claimant:
        problems.setdefault(e, []).append(
            f"claimant {d.claimant or 'none (needs-claimant)'} in {d.claim_id}")
    for e, d in s.wrong_chain:
        problems.setdefault(e, []).append(f"chain {d.attribution} via {list(d.via)}")
    for e, d in s.laundered:
        problems.setdefault(e, []).append(f"laundered by {d.claim_id}")
    for unit in sorted(problems, key=lambda u: (u.start, u.claim_id)):
        found = shapes(unit, article)
        chain = f"{unit.attribution} via {list(unit.via)}" if unit.via else unit.attribution
        yield found[0], (f"{unit.claim_id} [{unit.claimant}, {chain}] {unit.quote[:70]!r}: "
                         f"{'; '.join(problems[unit])} ({', '.join(found)})")
    for unit in s.false_alarms:
        yield _false_alarm_shape(unit, article), (
            f"false alarm: {unit.claim_id} [{unit.claimant or 'needs-claimant'}] "
            f"{unit.quote[:70]!r}")
    for miss in s.wrong_kinds:
        yield (f"actor kind {miss.expected_kind} drafted as {miss.kind}",
               f"wrong kind: {miss.name!r} [{miss.kind}] for {miss.expected} "
               f"[{miss.expected_kind}]")
    for actor_id, actor_kind, name in s.unmatched_actors:
        yield "drafted actor that names no actor of the gold", (
            f"unmatched actor: {name!r} [{actor_kind}] ({actor_id})")
    for a, relation, b in s.missed_relations:
        yield f"missed relation: {relation}", f"missed relation: {a} {relation} {b}"
    for a, relation, b in s.reversed_relations:
        yield f"relation drafted the wrong way: {relation}", f"reversed: {a} {relation} {b}"


# -- output -----------------------------------------------------------------------------------


def _cell(score: Score, name: str) -> str:
    part, whole = score.figure(name)
    return f"{part / whole:.2f} ({part}/{whole})" if whole else f"n/a ({part}/{whole})"


def table(scored: list[Article], *, tablefmt: str) -> str:
    """One row per article and a total row: the figures of ``COLUMNS``."""
    rows = [[a.name, *(_cell(a.score, c) for c in COLUMNS)] for a in scored]
    rows.append(["total", *(_cell(total(a.score for a in scored), c) for c in COLUMNS)])
    return tabulate(rows, headers=["article", *COLUMNS], tablefmt=tablefmt,
                    disable_numparse=True)


def shape_table(scored: list[Article], *, tablefmt: str) -> str:
    """Per shape of hand-made unit (the first of its shapes): how many, how many drafted,
    with the right claimant, and laundered; so two runs compare shape by shape."""
    counts: dict[str, list[int]] = {}
    for article in scored:
        s = article.score
        wrong = {e for e, _ in s.wrong_claimant}
        laundered = {e for e, _ in s.laundered}
        missed = set(s.misses)
        for unit in article.units:
            row = counts.setdefault(shapes(unit, article)[0], [0, 0, 0, 0])
            row[0] += 1
            row[1] += unit not in missed
            row[2] += unit not in missed and unit not in wrong
            row[3] += unit in laundered
    rows = [[shape, n, drafted, right, bad] for shape, (n, drafted, right, bad)
            in sorted(counts.items(), key=lambda c: -c[1][0])]
    return tabulate(rows, headers=["shape of the hand-made unit", "units", "drafted",
                                   "right claimant", "laundered"], tablefmt=tablefmt)


def by_shape(scored: list[Article], *, markdown: bool) -> str:
    """Every miss of every article, grouped by shape, most frequent shape first."""
    groups: dict[str, list[str]] = {}
    for article in scored:
        for shape, line in misses(article):
            groups.setdefault(shape, []).append(f"{article.name}: {line}")
    out = []
    for shape, lines in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        out.append(f"\n### {shape} ({len(lines)})\n" if markdown else
                   f"\n== {shape} ({len(lines)})")
        out += [f"- {line}" if markdown else line for line in lines]
    return "\n".join(out)


def as_json(scored: list[Article]) -> dict[str, Any]:
    """Every article's report as data, the total, and the shapes of the misses."""
    return {"articles": {a.name: a.score.as_dict() for a in scored},
            "total": total(a.score for a in scored).as_dict(),
            "misses_by_shape": [{"article": a.name, "shape": shape, "miss": line}
                                for a in scored for shape, line in misses(a)]}


def main() -> None:
    """Print the table (and the misses) of every article under the given folders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="every miss, grouped by shape")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = parser.parse_args()
    scored = [score(*found) for root in args.roots for found in articles(root)]
    if args.format == "json":
        print(json.dumps(as_json(scored), indent=2, ensure_ascii=False))
        return
    print(table(scored, tablefmt="github" if args.format == "markdown" else "simple"))
    if args.misses:
        print()
        print(shape_table(scored, tablefmt="github" if args.format == "markdown" else "simple"))
        print(by_shape(scored, markdown=args.format == "markdown"))


if __name__ == "__main__":
    main()
