"""The extractor against every hand-made dossier: the thresholds of issue 6 on each article."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.extract import draft_article
from claimtrack.extract.evaluate import Dossier, evaluate, read_dossier
from claimtrack.extract.run import score_draft

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "claims" / "armenia-coup-2023-09.toml"


def _cases() -> list[tuple[str, Path, Path, list[Path]]]:
    cases = [(d.name, d / "article.txt", d / "expected.toml", [])
             for d in sorted(CORPUS.iterdir()) if (d / "expected.toml").is_file()]
    # The seed's hand-made dossier; its actors live in the folder's actors.toml.
    seed_text = ROOT / "claims" / "documents" / "wp-armenia-coup-2023-09.txt"
    cases.append(("seed", seed_text, SEED, [ROOT / "claims" / "actors.toml"]))
    return cases


@pytest.mark.parametrize(("name", "article", "expected", "extra"), _cases(),
                         ids=[c[0] for c in _cases()])
def test_thresholds(name: str, article: Path, expected: Path, extra: list[Path]) -> None:
    text = article.read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in [*extra, expected])
    claims = read_dossier(source, where=str(expected)).claims
    score = score_draft(draft_article(text, name="article"), source, where=str(expected))
    print(f"\n{name}: {score.report()}")
    assert score.expected == len(claims) > 0
    assert score.recall >= 0.90
    assert score.precision >= 0.80
    assert score.claimant_accuracy >= 0.90


def test_a_wrong_claimant_is_neither_a_match_nor_right() -> None:
    text = "Ana said the port was sold."
    actors = ('[[actors]]\nid = "ana"\nname = "Ana"\nkind = "person"\n'
              '[[actors]]\nid = "ed"\nname = "Ed"\nkind = "editorial"\n')
    claim = ('[[claims]]\nid = "{id}"\nstatement = "s"\nclaimant = "{who}"\nkind = "statement"\n'
             'appearances = [{{ document = "a", quote = "{quote}", framing = "attributed", '
             'attribution = "explicit" }}]\n')
    expected = read_dossier(actors + claim.format(id="e", who="ana", quote=text), where="x")
    drafted = read_dossier(actors + claim.format(id="d", who="ed", quote="Ana "), where="y")
    score = evaluate(text, expected=expected, drafted=drafted)
    assert (score.matched, score.paired, score.claimant_right) == (0, 1, 0)
    assert (score.precision, score.recall, score.claimant_accuracy) == (0.0, 0.0, 0.0)
    assert score.chain_accuracy == 1.0
    assert "wrong claimant: d [ed] for e [ana]" in score.report()
    assert isinstance(expected, Dossier)
