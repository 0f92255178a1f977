"""The extractor against every hand-made dossier: the thresholds of issue 6 on each article."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.extract import draft_article
from claimtrack.extract.evaluate import Score, Span, evaluate, read_expected, spans_of
from claimtrack.model import Attribution, Claim

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "claims" / "armenia-coup-2023-09.toml"
SEED_TEXT = ROOT / "claims" / "documents" / "wp-armenia-coup-2023-09.txt"

# The seed's dossier names origins no passage gives (the NSS's account, relayed in the
# article's own voice: attribution inferred) and chains (Poghosyan's demand, through an
# unnamed report). The extractor drafts neither yet (issue 12's extract part), so on the
# seed those claims count as wrong claimants and the thresholds fail; strict, so the mark
# must go once the extractor meets them. test_on_the_seed_only_chains_are_missed keeps
# every other figure of the seed guarded meanwhile.
_SEED_CHAINS = pytest.mark.xfail(strict=True, reason="the extractor drafts no inferred "
                                 "origins or chains yet (issue 12, extract)")


def _cases() -> list[tuple[str, Path, Path, list[Path]]]:
    cases = [(d.name, d / "article.txt", d / "expected.toml", [])
             for d in sorted(CORPUS.iterdir()) if (d / "expected.toml").is_file()]
    # The seed's hand-made dossier; its actors live in the folder's actors.toml.
    cases.append(("seed", SEED_TEXT, SEED, [ROOT / "claims" / "actors.toml"]))
    return cases


def _score(article: Path, expected: Path, extra: list[Path]) -> tuple[Score, list[Claim]]:
    text = article.read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in [*extra, expected])
    actors, claims = read_expected(source, where=str(expected))
    draft = draft_article(text, name="article")
    score = evaluate(
        expected=spans_of(claims, text),
        drafted=[Span(c.id, c.start, c.end, c.claimant, text[c.start : c.end])
                 for c in draft.extraction.claims],
        expected_actors=actors, drafted_actors=draft.extraction.actors)
    return score, claims


@pytest.mark.parametrize(("name", "article", "expected", "extra"), [
    pytest.param(*case, id=case[0], marks=[_SEED_CHAINS] if case[0] == "seed" else [])
    for case in _cases()])
def test_thresholds(name: str, article: Path, expected: Path, extra: list[Path]) -> None:
    score, claims = _score(article, expected, extra)
    print(f"\n{name}: {score.report()}")
    assert score.expected == len(claims) > 0
    assert score.recall >= 0.90
    assert score.precision >= 0.80
    assert score.claimant_accuracy >= 0.90


def test_on_the_seed_only_chains_are_missed() -> None:
    score, claims = _score(SEED_TEXT, SEED, [ROOT / "claims" / "actors.toml"])
    chained = {c.id for c in claims
               if any(a.via or a.attribution is Attribution.INFERRED for a in c.appearances)}
    # Every claimant a passage names is still right, and the spans are still found.
    assert {e.claim_id for e, _ in score.wrong_claimant} <= chained
    assert score.paired >= 0.90 * score.expected
    assert score.paired >= 0.80 * score.drafted


def test_a_wrong_claimant_is_neither_a_match_nor_right() -> None:
    text = "Ana said the port was sold."
    actors, _ = read_expected('[[actors]]\nid = "ana"\nname = "Ana"\nkind = "person"\n'
                              '[[actors]]\nid = "ed"\nname = "Ed"\nkind = "editorial"\n',
                              where="x")
    expected = [Span("e", 0, len(text), "ana", text)]
    draft = draft_article("The harbour closed.\n\n" + text, name="a")
    [editorial] = [a for a in draft.extraction.actors if a.kind.value == "editorial"]
    drafted = [Span("d", 0, 4, editorial.id, "Ana ")]
    score = evaluate(expected=expected, drafted=drafted, expected_actors=actors,
                     drafted_actors=draft.extraction.actors)
    assert (score.matched, score.paired, score.claimant_right) == (0, 1, 0)
    assert (score.precision, score.recall, score.claimant_accuracy) == (0.0, 0.0, 0.0)
    assert "wrong claimant: d" in score.report()
