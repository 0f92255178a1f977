"""``match --text``: one retriever, then a re-ranker that only reorders; no floor; labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.index import Index
from claimtrack.match import match_text
from claimtrack.match.query import normalise, split_compound
from claimtrack.match.retrieve import prepare, query_of, retrieve

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("post", "words"), [
    ("#FloodRelief2024 is a scam", ["flood", "relief", "2024", "scam"]),
    ("@CityHallNews says so", ["city", "hall", "news"]),
    ("#COVID19 cases", ["covid", "19", "cases"]),
    ("see https://t.co/x1YzAbC and pic.twitter.com/Qw3e", ["see"]),
    ("https://example.org/news/2024/mayor-sold-the-harbour-bridge.html", [
        "mayor", "sold", "harbour", "bridge"]),
    ("RT @a_b: 1,200 families paid — Ana Ruiz (@AnaRuiz) March 3, 2024",
     ["1200", "families", "paid", "ana", "ruiz"]),
    ("fees up 12k and 50% &amp; more", ["fees", "up", "12000", "50", "percent"]),
])
def test_a_post_is_made_words_a_fact_check_may_share(post: str, words: list[str]) -> None:
    assert query_of(post) == words


def test_compounds_split_at_case_changes_and_digits() -> None:
    assert split_compound("realDonaldTrump") == "real Donald Trump"
    assert split_compound("NHSCrisis2023") == "NHS Crisis 2023"
    assert split_compound("vaccine_injury") == "vaccine injury"
    assert "2024" not in normalise("great speech — Mayor Ana Ruiz (@AnaRuiz) March 3, 2024")


def _feed(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _review(statement: str, url: str, headline: str = "") -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "ClaimReview", "claimReviewed": statement, "url": url,
                            "reviewRating": {"@type": "Rating", "alternateName": "False"},
                            "author": {"@type": "Organization", "name": "Desk"},
                            "datePublished": "2025-01-02"}
    if headline:
        node["headline"] = headline
    return node


@pytest.fixture
def checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    feed = _feed(tmp_path, [
        _review("The Lunford reservoir was poisoned by the council on purpose.",
                "https://desk.example/1", "No, Lunford's council did not poison its water"),
        _review("A shark swam through the flooded streets of Port Saldane.",
                "https://desk.example/2", "Photo of a shark in Port Saldane is a montage"),
        _review("Warm clove water cures diabetes in three weeks.",
                "https://desk.example/3", "Clove water is no cure for type two diabetes"),
        _review("The Brackley ballot box video shows stuffing.", "https://desk.example/4"),
    ])
    code, _, err = run("import", "claimreview", str(feed))
    assert code == 0, err
    return folder


def test_a_post_with_handles_hashtags_and_links_finds_its_fact_check(checks: Path) -> None:
    code, out, _ = run("match", "--text", "RT @LunfordWatch: the #LunfordCouncil POISONED our "
                       "reservoir!! https://t.co/AbCdEf1", "-f", "json")
    assert code == 0
    found = json.loads(out)
    assert found[0]["statement"].startswith("The Lunford reservoir")
    assert found[0]["label"] in {"likely", "possible"}


def test_a_review_headline_is_searched_too(checks: Path) -> None:
    # "montage" and "photo" are only in the fact-check's headline, not in the claim.
    with Index.open(checks) as index:
        found = match_text(index, "that photo is a montage")
    assert found and found[0].statement.startswith("A shark swam")


def test_no_floor_hides_the_best_candidate(checks: Path) -> None:
    with Index.open(checks) as index:
        found = match_text(index, "my uncle says clove is a spice")
        assert found[0].statement.startswith("Warm clove water")
        assert found[0].label == "possible" and found[0].score < 0.4
        # A floor is still there to ask for.
        assert match_text(index, "my uncle says clove is a spice", min_score=0.9) == []


def test_the_ranker_only_reorders_what_retrieval_found(checks: Path) -> None:
    with Index.open(checks) as index:
        prepare(index)
        text = "the council in Lunford and a shark in the flooded reservoir"
        retrieved = [h.rid for h in retrieve(index, text)]
        ids = dict(index.rows("SELECT rid, id FROM claims"))
        ranked = match_text(index, text)
    assert {m.claim for m in ranked} <= {ids[r] for r in retrieved}
    # Without the model (as here), the order is BM25's own.
    assert [m.claim for m in ranked] == [ids[r] for r in retrieved]
    assert [m.retrieved for m in ranked] == list(range(1, len(ranked) + 1))


def test_words_only_says_so_once(checks: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from claimtrack.match import semantic

    monkeypatch.setattr(semantic._Loaded, "reason", None)
    monkeypatch.setattr(semantic._Loaded, "said", False)
    monkeypatch.setattr("claimtrack.match.encoder._zip_path", _missing)
    with Index.open(checks) as index:
        for _ in range(3):
            assert match_text(index, "shark in the street")
    err = capsys.readouterr().err
    assert err.count("matching by words only") == 1
    assert "is not installed" in err


def _missing() -> Path:
    from claimtrack.match.encoder import ModelUnavailableError

    raise ModelUnavailableError("the embedding model all-MiniLM-L6-v2 is not installed")


# -- with the embedding model ---------------------------------------------------------------

@pytest.mark.model
def test_the_forward_pass_reproduces_the_published_similarities(_encoder: Any) -> None:
    # The similarities sentence-transformers prints for all-MiniLM-L6-v2's own example.
    vectors = _encoder.encode(["The weather is lovely today.", "It's so sunny outside!",
                               "He drove to the stadium."])
    similar = vectors @ vectors.T
    assert round(float(similar[0, 1]), 4) == 0.6660
    assert round(float(similar[0, 2]), 4) == 0.1046
    assert round(float(similar[1, 2]), 4) == 0.1411


@pytest.mark.model
def test_meaning_reorders_and_vectors_are_computed_once(checks: Path) -> None:
    from claimtrack.match.semantic import Semantic

    with Index.open(checks) as index:
        model = Semantic.of(index)
        assert model is not None and model.embedded == 4
        assert model.embed_folder() == 0  # each text once
        found = match_text(index, "the town's water supply was deliberately contaminated "
                           "by local officials")
        assert found[0].statement.startswith("The Lunford reservoir")
        assert found[0].meaning is not None and found[0].meaning >= 0.45
        assert found[0].retrieved > 1  # BM25 put another claim first: meaning reordered
        stored = index.value("SELECT count(*) FROM embeddings")
    assert stored == 4
    # One claim's words change: one text is embedded, the others are kept by their hash.
    dossier = checks / "claimreview.toml"
    text = dossier.read_text(encoding="utf-8")
    changed = text.replace('statement = "The Brackley ballot box video shows stuffing."',
                           'statement = "The Brackley ballot box video shows ballot stuffing."')
    assert changed != text
    dossier.write_text(changed, encoding="utf-8")
    with Index.open(checks) as index:
        model = Semantic.of(index)
        assert model is not None and model.embedded == 1
        assert index.value("SELECT count(*) FROM embeddings") == 5


def test_an_edited_claim_is_searched_by_its_new_words(checks: Path) -> None:
    # The file is read again and its claims get row numbers anew (the same ones, often):
    # the search must not keep the old words under a reused number.
    dossier = checks / "claimreview.toml"
    text = dossier.read_text(encoding="utf-8")
    with Index.open(checks) as index:
        assert match_text(index, "ballot box video stuffing")
    dossier.write_text(text.replace("The Brackley ballot box video shows stuffing.",
                                    "The Brackley turnout figures were invented."),
                       encoding="utf-8")
    with Index.open(checks) as index:
        found = match_text(index, "turnout figures invented")
        assert found and found[0].statement == "The Brackley turnout figures were invented."
        assert all("stuffing" not in m.statement for m in match_text(index, "stuffing video"))
