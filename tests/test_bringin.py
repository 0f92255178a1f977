"""Bringing an article in: once, never a second copy, the folder passing check after any
extract; its drafts brought up to date on request; who publishes the reviews asked, never
guessed (issue 20)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.index import Index

CORPUS = Path(__file__).parent / "corpus"
ARTICLE = CORPUS / "kenya-police-shooting" / "article.txt"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _texts(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (root / "documents").iterdir()}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.model  # drafts an article
def test_extracting_an_article_twice_keeps_one_copy_and_check_clean(
        bundled_claims: Path) -> None:
    code, _, err = run("extract", str(ARTICLE), "-o", "claims/kenya.toml")
    assert code == 0, err
    assert check_folder(bundled_claims).ok
    before = _files(bundled_claims)
    code, out, err = run("extract", str(ARTICLE), "-o", "claims/kenya-again.toml")
    assert (code, out) == (2, "")
    assert err == (f"claimtrack: {ARTICLE}: this text is already in the folder as document "
                   "'killing-of-brian-otieno' (documents/killing-of-brian-otieno.txt, in "
                   "kenya.toml); nothing was written: pass --update to bring its drafts up "
                   "to date there\n")
    assert _files(bundled_claims) == before
    # Under another name: the same text is the same document, whatever it is called.
    code, _, err = run("extract", str(ARTICLE), "--dossier", "otieno-again", "-o",
                       "claims/other.toml")
    assert code == 2 and "already in the folder as document 'killing-of-brian-otieno'" in err
    assert _files(bundled_claims) == before
    assert len(set(_texts(bundled_claims).values())) == len(_texts(bundled_claims)) == 2
    assert check_folder(bundled_claims).ok


@pytest.mark.model  # drafts an article
def test_update_brings_the_drafts_up_to_date_and_keeps_what_a_person_did(
        bundled_claims: Path) -> None:
    assert run("extract", str(ARTICLE), "-o", "claims/kenya.toml")[0] == 0
    path = bundled_claims / "kenya.toml"
    with Index.open(bundled_claims, cache=False) as index:
        drafts = [c for c in index.records("claims") if c.draft]
    first, second, third = drafts[0].id, drafts[1].id, drafts[2].id
    # A person accepts one draft and edits another; a third is deleted by hand; and an old
    # draft of the document that extract no longer makes is left from an earlier run.
    assert run("review", first, "--status", "disputed", "--by", "Ada")[0] == 0
    assert run("accept", first, "--by", "Ada")[0] == 0
    assert run("edit", second, "--statement", "Rewritten by a person.")[0] == 0
    assert run("remove", third, "--unlink")[0] == 0
    obsolete = drafts[3]
    quote = obsolete.appearances[0]
    text = path.read_text()
    text += (f'\n[[claims]]\nid = "old-draft"\nstatement = "An old draft."\n'
             f'claimant = "{obsolete.claimant}"\nkind = "report"\ntags = ["draft"]\n\n'
             f'[[claims.appearances]]\ndocument = "{quote.document}"\n'
             f'quote = {json.dumps(quote.quote[:12])}\nframing = "reported"\n'
             'attribution = "explicit"\n')
    path.write_text(text)
    # The invented old draft must itself be sound, or the update below proves nothing.
    assert check_folder(bundled_claims).ok, "the invented old draft's quote is ambiguous"
    documents = _texts(bundled_claims)
    code, out, err = run("extract", str(ARTICLE), "--update")
    assert code == 0, err
    assert out == ""
    assert re.search(r"updated the drafts of kenya\.toml: 1 new draft, \d+ already there "
                     r"\(kept as they are\), 1 old draft no longer drafted removed", err)
    assert _texts(bundled_claims) == documents  # no second copy
    assert check_folder(bundled_claims).ok
    with Index.open(bundled_claims, cache=False) as index:
        claims = {c.id: c for c in index.records("claims")}
    assert "old-draft" not in claims
    assert claims[first].accepted is not None and [r.by for r in claims[first].reviews] == [
        "Ada"]
    assert claims[second].statement == "Rewritten by a person."
    restored = [c for c in claims.values() if c.draft and c.appearances[0].quote ==
                drafts[2].appearances[0].quote]
    assert len(restored) == 1
    # Once more: nothing left to do.
    before = _files(bundled_claims)
    code, _, err = run("extract", str(ARTICLE), "--update")
    assert code == 0 and "0 new drafts" in err and "0 old drafts" in err
    assert _files(bundled_claims) == before


@pytest.mark.model  # drafts an article
def test_update_leaves_alone_a_span_the_folder_lists_as_unclaimed(bundled_claims: Path) -> None:
    # A reviewer removes a draft and lists its span in [[unclaimed]] ("looked at and skipped
    # on purpose"); --update drafted it again all the same (failed on main).
    assert run("extract", str(ARTICLE), "-o", "claims/kenya.toml")[0] == 0
    path = bundled_claims / "kenya.toml"
    with Index.open(bundled_claims, cache=False) as index:
        draft = [c for c in index.records("claims") if c.draft][2]
    span = draft.appearances[0]
    assert run("remove", draft.id, "--unlink")[0] == 0
    path.write_text(path.read_text() + (
        f'\n[[unclaimed]]\ndocument = "{span.document}"\nquote = {json.dumps(span.quote)}\n'
        + (f"prefix = {json.dumps(span.prefix)}\n" if span.prefix else "")
        + (f"suffix = {json.dumps(span.suffix)}\n" if span.suffix else "")
        + 'reason = "no assertion worth tracking"\n'))
    assert check_folder(bundled_claims).ok
    code, _, err = run("extract", str(ARTICLE), "--update")
    assert code == 0 and "0 new drafts" in err, err
    with Index.open(bundled_claims, cache=False) as index:
        quotes = [a.quote for c in index.records("claims") for a in c.appearances]
    assert span.quote not in quotes


@pytest.mark.model  # drafts an article
def test_update_of_an_article_not_in_the_folder_is_refused(valid_claims: Path) -> None:
    code, _, err = run("extract", str(ARTICLE), "--update")
    assert code == 2
    assert "this text is not in the claims folder, so there are no drafts to update" in err


@pytest.mark.model  # drafts an article
def test_extract_into_a_new_folder_leaves_a_current_folder(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    (tmp_path / "claims").mkdir()
    code, _, err = run("extract", str(ARTICLE), "-o", "claims/otieno.toml")
    assert code == 0, err
    assert (tmp_path / "claims" / "claimtrack.toml").read_text().endswith("format = 2\n")
    assert check_folder(tmp_path / "claims").ok
    assert run("list", "--limit", "1")[0] == 0


@pytest.mark.model  # drafts an article
def test_the_publisher_is_asked_once_for_the_folder_never_invented(
        valid_claims: Path) -> None:
    settings = valid_claims / "claimtrack.toml"
    code, _, err = run("extract", str(ARTICLE), "-o", "claims/kenya.toml")
    assert code == 0
    assert ("claimreview: no publisher; `export claimreview` needs one: give it once with "
            "--publisher NAME (the folder's default, in claimtrack.toml), or set publisher "
            "in the [dossier] table of kenya.toml") in err
    assert "publisher" not in settings.read_text()
    slovak = CORPUS / "slovakia-tender" / "article.txt"
    code, _, err = run("extract", str(slovak), "-o", "claims/slovak.toml", "--publisher",
                       "Harbour Fact Desk")
    assert code == 0, err
    assert "claimreview: published as Harbour Fact Desk, now the folder's publisher" in err
    assert settings.read_text().endswith('format = 2\npublisher = "Harbour Fact Desk"\n')
    assert check_folder(valid_claims).ok
    # Every dossier without a publisher of its own is now signed by the folder's.
    with Index.open(valid_claims, cache=False) as index:
        drafts = [c.id for c in index.records("claims") if c.draft]
    for claim_id in drafts[:2]:
        assert run("review", claim_id, "--status", "refuted", "--by", "Ada")[0] == 0
        assert run("accept", claim_id, "--by", "Ada")[0] == 0
    code, out, err = run("export", "claimreview")
    assert code == 0, err
    authors = {r["author"]["name"] for r in json.loads(out)["@graph"]}
    assert authors == {"Harbour Fact Desk", "Fixture Fact Desk"}


def test_import_proposes_the_feeds_fact_checker_and_takes_a_publisher(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    (tmp_path / "claims").mkdir()
    node = {"@type": "ClaimReview", "claimReviewed": "The pier was sold in May.",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person",
                                                           "name": "Ilse Varga"}},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "author": {"@type": "Organization", "name": "Harbour Checks"},
            "datePublished": "2025-03-04", "url": "https://checks.example/1"}
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(node))
    code, out, err = run("import", "claimreview", str(feed))
    assert code == 0, err
    # The feed's fact-checker is proposed, not written.
    assert ("claimreview: no publisher (Harbour Checks?); `export claimreview` needs one"
            in out)
    assert "publisher" not in (tmp_path / "claims" / "claimtrack.toml").read_text()
    node["claimReviewed"] = "Customs officers took bribes at the container terminal."
    node["itemReviewed"] = {"@type": "Claim", "author": {"@type": "Organization",
                                                         "name": "Dockers Union"}}
    feed.write_text(json.dumps(node))
    code, out, err = run("import", "claimreview", str(feed), "--publisher", "Our Desk")
    assert code == 0, err
    assert "claimreview: published as Our Desk, now the folder's publisher" in out
    code, out, _ = run("export", "claimreview")
    assert code == 0 and {r["author"]["name"] for r in json.loads(out)["@graph"]} == {
        "Our Desk"}


_SECOND_ARTICLES = (
    ("Harbour permits", "The harbour chief took cash for berth permits, the bureau alleged. "
     "\"I never took a coin,\" the harbour chief told reporters on Friday. Local media "
     "reported that two managers had been questioned."),
    ("Quarry wall", "The quarry wall gave way on Tuesday, the fire service said. \"No warning "
     "reached our engineers,\" the operator's director told reporters. Local media reported "
     "that the quarry had been fined twice before."),
)


@pytest.mark.model  # drafts two articles
def test_a_second_article_naming_the_same_common_noun_is_brought_in(
        bundled_claims: Path, tmp_path: Path) -> None:
    # "reporters", "Local media": a generic body of each article, so two articles each
    # have their own; the second was refused as its name already belonged to the first's
    # (one name must mean one actor).
    for n, (title, body) in enumerate(_SECOND_ARTICLES):
        article = tmp_path / f"article{n}.txt"
        article.write_text(f"= {title} =\n\n{body}\n", encoding="utf-8")
        code, _, err = run("extract", str(article), "-o", f"claims/second{n}.toml")
        assert code == 0, err
        assert check_folder(bundled_claims).ok
    with Index.open(bundled_claims, cache=False) as index:
        names = [a.name for a in index.actors().values()]
    assert len({n.casefold() for n in names}) == len(names)
