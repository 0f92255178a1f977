"""``claimtrack match``: restatements found across sections, documents and dossiers."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

from oracle import load
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.index import Index
from claimtrack.match import find_candidates, match_text

runner = CliRunner()
BUNDLED = Path(__file__).parent.parent / "claims"
SEED = "armenia-coup-2023-09.toml"
CORPUS = Path(__file__).parent / "corpus" / "followups"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _same_as(text: str) -> list[tuple[str, str]]:
    data = tomllib.loads(text)
    return [(c["id"], r["target"]) for c in data["claims"] for r in c.get("relations", [])
            if r["type"] == "same_as"]


def test_the_dossiers_own_same_as_links_rank_in_the_top_three(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED, folder)
    path = folder / SEED
    text = path.read_text(encoding="utf-8")
    links = _same_as(text)
    assert len(links) >= 5
    hidden = re.sub(r'\n\[\[claims\.relations\]\]\ntype = "same_as"\ntarget = "[^"]+"\n'
                    r'(?:note = .*\n)?', "\n", text)
    path.write_text(hidden, encoding="utf-8")
    assert _same_as(hidden) == []
    with Index.open(folder, cache=False) as index:
        candidates = find_candidates(index, min_score=0.0, limit=3)
    top = {(c.claim, c.other) for c in candidates}
    assert [link for link in links if link not in top] == []


def test_the_links_found_are_not_proposed_again(bundled_claims: Path) -> None:
    code, out, _ = run("match", "--format", "json", "--min-score", "0")
    assert code == 0
    proposed = {frozenset((c["claim"], c["other"])) for c in json.loads(out)}
    linked = {frozenset(pair) for pair in _same_as((bundled_claims / SEED).read_text())}
    assert proposed and not proposed & linked
    code, out, _ = run("match", "--format", "json", "--min-score", "0", "--include-linked")
    assert linked <= {frozenset((c["claim"], c["other"])) for c in json.loads(out)}


def test_text_asks_whether_a_sentence_was_claimed_before(bundled_claims: Path) -> None:
    code, out, _ = run("match", "--text", "Police detained eight members of the militia.",
                       "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert found[0]["claim"] in {"infobox-eight-plotters-arrested",
                                 "seven-khachakirner-arrested", "nss-arrested-ringleaders"}
    assert set(found[0]) == {"claim", "label", "score", "claimant", "status", "statement",
                             "quote", "words", "meaning", "retrieved"}
    assert found[0]["label"] in {"likely", "possible"} and found[0]["meaning"] is None
    with Index.open(bundled_claims) as index:
        assert match_text(index, "Penguins nest on the glacier in winter.") == []


def test_apply_links_the_best_candidates_through_the_edit_checks(bundled_claims: Path) -> None:
    before = load(bundled_claims)
    code, diff, _ = run("match", "--min-score", "0.4", "--apply", "--dry-run")
    assert code == 0 and '+type = "same_as"' in diff
    assert load(bundled_claims).claims == before.claims
    code, out, err = run("match", "--min-score", "0.4", "--apply")
    assert code == 0, err
    linked = re.findall(r"^linked (\S+) (\S+) (\S+)$", out, re.M)
    assert linked
    after = load(bundled_claims)
    for source, kind, target in linked:
        assert (kind, target) in {(str(r.type), r.target)
                                  for r in after.claims[source].relations}
    assert run("check")[0] == 0
    code, out, err = run("match", "--min-score", "0.4", "--apply")
    assert code == 0 and "no candidates to link" in err


def test_a_follow_up_story_restated_elsewhere_is_found(tmp_path: Path) -> None:
    # A gold "same" pair of the corpus, across two documents: proposed as same_as.
    story = CORPUS / "castelmar-port-bribery"
    gold = tomllib.loads((story / "gold.toml").read_text(encoding="utf-8"))["pairs"]
    same = [frozenset((p["a"], p["b"])) for p in gold if p["label"] == "same"]
    different = [frozenset((p["a"], p["b"])) for p in gold if p["label"] == "different"]
    with Index.open(story / "claims", cache=False) as index:
        proposed = {frozenset((c.claim, c.other)): c for c in find_candidates(index)}
    assert sum(pair in proposed for pair in same) >= 0.8 * len(same)
    assert not [pair for pair in different if pair in proposed]


def _profile(claim_id: str, statement: str, claimant: str, kind: str,
             about: tuple[str, ...] = ()) -> Any:
    from claimtrack.match import profile_of

    return profile_of(rid=hash(claim_id) % 1000, claim_id=claim_id, statement=statement,
                      places=[(f"doc-{claim_id}", "", statement)], claimant=claimant,
                      about=about, kind=kind, made=None, occurred=None, words=(),
                      dossier="d", groups={}, voices=frozenset())


def test_a_contradiction_is_proposed_only_about_the_same_subject() -> None:
    from claimtrack.match import _bears_on
    from claimtrack.match.score import score
    from claimtrack.match.text import Weights

    charge = _profile("charge", "The mayor took bribes for the harbour contract.", "prosecutor",
                      "accusation", about=("mayor",))
    answer = _profile("answer", "The mayor denied taking bribes for the harbour contract.",
                      "mayor", "denial", about=("prosecutor",))
    other = _profile("other", "The ferry company denied taking bribes for its licence.",
                     "ferry-company", "denial", about=("regulator",))
    weights = Weights(p.stems for p in (charge, answer, other))
    assert _bears_on(answer, charge, score(answer, charge, weights))  # the accused denies
    # The same words of denial about another subject, by someone else: no contradiction.
    assert not _bears_on(other, charge, score(other, charge, weights))
