"""``claimtrack match``: has this been claimed before — elsewhere, in other words?"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli._app import app, errors_as_exit_codes, opened
from claimtrack.cli.options import Filters, filter_options, output_options

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.match import Candidate
    from claimtrack.output import Output

COLUMNS = ["claim", "relation", "other", "score", "rank", "quote", "other_quote"]
TEXT_COLUMNS = ["claim", "label", "score", "claimant", "status", "statement", "quote"]
TEXT_DETAIL = ["words", "meaning", "retrieved"]
"""The parts of a --text score, in the JSON formats (and with --columns)."""
SPARE = ["rank", "other_quote", "quote", "relation", "status", "claimant"]
"""Columns a terminal too narrow for all of them does without, the first first."""


@app.command()
@filter_options
@output_options()
def match(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    text: Annotated[str | None, typer.Option(
        "--text", help="Instead of the folder's claims, find what this sentence may "
        "restate.", show_default=False)] = None,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", help="Leave out candidates scoring below this (0..1; default "
        "0.25 for claims; none for --text, whose candidates are labelled likely or "
        "possible).", show_default=False)] = None,
    per_claim: Annotated[int, typer.Option("--per-claim", min=1, help="Candidates shown "
                                           "for each claim.")] = 3,
    include_linked: Annotated[bool, typer.Option(
        "--include-linked", help="Also propose pairs already related.")] = False,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Record each claim's best candidate as a relation (same_as, or "
        "the suggested type), through the usual edit checks.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="With --apply: print "
                                          "the diff; write nothing.")] = False,
) -> None:
    """Candidate links between claims told in different documents, dossiers or sections:
    the same claim restated, and claims that bear on each other (a denial, a retraction).

    Scores combine full-text similarity (SQLite FTS5 for finding, weighted word overlap
    for scoring), shared actors (aliases and affiliations resolved), dates and kind.

    With --text: the claims (and the fact-checks imported as claims) a post or sentence may
    repeat, found by BM25 over every text of a claim and its reviews, re-ranked by meaning
    (sentence embeddings of all-MiniLM-L6-v2, when installed), each labelled likely or
    possible. Links, handles, hashtags and bylines are made words first.
    """
    from claimtrack.errors import UsageError
    from claimtrack.match import DEFAULT_MIN_SCORE, find_candidates, match_text

    if min_score is not None and not 0 <= min_score <= 1:  # nan included
        with errors_as_exit_codes():
            raise UsageError(f"expected a score from 0 to 1, got {min_score}",
                             field="min_score")
    with opened(ctx) as index, errors_as_exit_codes():
        if text is not None:
            found = match_text(index, text, limit=output.limit or 10,
                               min_score=0.0 if min_score is None else min_score)
            every = [*TEXT_COLUMNS, *TEXT_DETAIL]
            output.write(({c: getattr(m, c) for c in every} for m in found), every,
                         default=every if output.fmt in ("json", "jsonl") else TEXT_COLUMNS,
                         spare=SPARE)
            return
        candidates = find_candidates(
            index, selection=filters.selection(index), limit=per_claim,
            min_score=DEFAULT_MIN_SCORE if min_score is None else min_score,
            include_linked=include_linked)
        if apply:
            _apply(index, [c for c in candidates if c.rank == 1], dry_run=dry_run)
            return
        output.write(({c: getattr(x, c) for c in COLUMNS} for x in each_pair_once(candidates)),
                     COLUMNS, spare=SPARE)


def each_pair_once(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
    """The candidates without a pair seen already the other way round: A~B proposed by A
    and B~A proposed by B are one pair, kept from the claim that proposed it first."""
    done: set[frozenset[str]] = set()
    for candidate in candidates:
        pair = frozenset((candidate.claim, candidate.other))
        if pair not in done:
            done.add(pair)
            yield candidate


def _apply(index: Index, best: list[Candidate], *, dry_run: bool) -> None:
    from claimtrack.edit.api import link_many

    links = [(candidate.claim, candidate.relation, candidate.other,
              f"proposed by claimtrack match (score {candidate.score})")
             for candidate in each_pair_once(best)]
    if not links:
        print("no candidates to link", file=sys.stderr)
        return
    results = link_many(index, links, dry_run=dry_run)
    if dry_run:
        for result in results:
            sys.stdout.write(result.diff)
        return
    for source, kind, target, _ in links:
        print(f"linked {source} {kind} {target}")
