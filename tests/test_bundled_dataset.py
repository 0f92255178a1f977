"""The bundled claims/ folder is sound and covers the whole seed article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from oracle import Dataset, load
from support import check_folder

from claimtrack.anchor import find_quote
from claimtrack.index import Index
from claimtrack.model import ActorKind

BUNDLED = Path(__file__).parent.parent / "claims"
SEED_DOC = "wp-armenia-coup-2023-09"
# A sentence ends at . ! ? (optionally closed by a quote mark) before a space and a capital.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?][\"”])|(?<=[.!?]))\s+(?=[A-Z\"“])")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(BUNDLED)


def article_units(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the title, each infobox entry, each body sentence and each list item."""
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        start = offset
        offset += len(line)
        stripped = body.strip()
        if not stripped or stripped == "Infobox" or re.fullmatch(r"==[^=].*==", stripped):
            continue
        if stripped.startswith(("- ", "= ")):
            yield start, start + len(body)
            continue
        cursor = 0
        for match in _SENTENCE_END.finditer(body):
            yield start + cursor, start + match.start()
            cursor = match.end()
        yield start + cursor, start + len(body)


def test_bundled_folder_passes_check(dataset: Dataset) -> None:
    report = check_folder(BUNDLED)
    assert [str(p) for p in report.problems] == []
    assert report.claims >= 40


def bare_units(dataset: Dataset) -> list[str]:
    """Units of the seed article with no claim anchored in them and not skipped on purpose."""
    text = dataset.text_of(SEED_DOC)
    assert text is not None
    anchored: list[tuple[int, int]] = []
    for claim in dataset.claims.values():
        for a in claim.appearances:
            if a.document == SEED_DOC:
                for start in find_quote(text, a.quote, prefix=a.prefix, suffix=a.suffix):
                    anchored.append((start, start + len(a.quote)))
    skipped = []
    for unclaimed, _ in dataset.unclaimed:
        if unclaimed.document == SEED_DOC:
            assert unclaimed.reason.strip()
            for start in find_quote(text, unclaimed.quote):
                skipped.append((start, start + len(unclaimed.quote)))
    return [
        text[s:e] for s, e in article_units(text)
        if not any(s <= qs and qe <= e for qs, qe in anchored)
        and not any(qs <= s and e <= qe for qs, qe in skipped)
    ]


def test_every_sentence_and_infobox_entry_carries_a_claim(dataset: Dataset) -> None:
    assert bare_units(dataset) == [], "sentences with no claim anchored in them"


def test_coverage_notices_a_sentence_without_claims(bundled_claims: Path) -> None:
    dataset = load(bundled_claims)
    for claim_id in ["bazeyan-denies-charges", "bazeyan-house-arrest", "bazeyan-released-march"]:
        del dataset.claims[claim_id]
    assert bare_units(dataset) == [
        "Bazeyan would deny all charges and quickly be moved to house arrest and released "
        "in March."
    ]


def test_the_splitter_finds_what_a_reader_sees() -> None:
    text = '= T =\n\nInfobox\n- Place: X\n\nA said "b." Then c. 3.5 d.\n==S==\n- Item\n'
    units = [text[s:e] for s, e in article_units(text)]
    assert units == ["= T =", "- Place: X", 'A said "b."', "Then c. 3.5 d.", "- Item"]


def test_spellings_of_one_person_are_one_actor() -> None:
    with Index.open(BUNDLED, cache=False) as index:
        assert index.actor("Sargis Poghosian") == index.actor("Sarkis Poghosyan")
        assert index.actor("the NSS") == index.actor("National Security Service")


def test_article_voice_and_unnamed_sources_exist_and_are_used(dataset: Dataset) -> None:
    kinds = {dataset.actors[c.claimant].kind for c in dataset.claims.values()}
    assert {ActorKind.EDITORIAL, ActorKind.UNNAMED} <= kinds


def test_every_claim_has_a_first_review_with_a_note(dataset: Dataset) -> None:
    for claim in dataset.claims.values():
        assert claim.reviews, claim.id
        assert claim.reviews[0].note.strip(), claim.id
