"""Publishing formats carry what a person reviewed: drafts stay out until accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle import load
from typer.testing import CliRunner

from claimtrack.cli import app

CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()
PUBLISHING = ("html", "markdown", "latex", "claimreview")


def _export(fmt: str, *args: str) -> str:
    result = runner.invoke(app, ["export", fmt, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


pytestmark = pytest.mark.model  # every test drafts an article first

MARKS = {"html": 'id="c-{}"', "markdown": "| {} |", "latex": "\n{} & "}
"""How each format marks the row of a claim, by its id."""


def _shown(text: str, fmt: str, ids: list[str], statements: dict[str, str]) -> set[str]:
    if fmt == "claimreview":
        reviewed = {r["claimReviewed"] for r in json.loads(text)["@graph"]}
        return {i for i in ids if statements[i] in reviewed}
    return {i for i in ids if MARKS[fmt].format(i) in text}


@pytest.fixture
def drafted(valid_claims: Path) -> Path:
    article = CORPUS / "slovakia-tender" / "article.txt"
    result = runner.invoke(app, ["extract", str(article), "-o", "claims/draft.toml"])
    assert result.exit_code == 0, result.output
    return valid_claims


def test_drafts_stay_out_until_accepted(drafted: Path) -> None:
    dataset = load(drafted)
    drafts = [c.id for c in dataset.claims.values() if "draft" in c.tags]
    reviewed = [c.id for c in dataset.claims.values() if "draft" not in c.tags]
    statements = {c.id: c.statement for c in dataset.claims.values()}
    assert len(drafts) >= 15 and reviewed
    # A ClaimReview is a review: a draft nobody has judged has none to publish, even with
    # --include-drafts. Two drafts are reviewed (and still drafts).
    judged = drafts[:2]
    for claim_id in judged:
        result = runner.invoke(app, ["review", claim_id, "--status", "disputed",
                                     "--by", "Desk editor", "--note", "Contested."])
        assert result.exit_code == 0, result.output
    publisher = ("--publisher", "Desk")
    for fmt in PUBLISHING:
        extra = publisher if fmt == "claimreview" else ()
        text = _export(fmt, *extra)
        assert _shown(text, fmt, drafts, statements) == set(), fmt
        everything = _export(fmt, "--include-drafts", *extra)
        wanted = set(judged) if fmt == "claimreview" else set(drafts)
        assert _shown(everything, fmt, drafts, statements) == wanted, fmt
    chosen = drafts[0]
    result = runner.invoke(app, ["accept", chosen, "--by", "Desk editor"])
    assert result.exit_code == 0, result.output
    for fmt in PUBLISHING:
        extra = publisher if fmt == "claimreview" else ()
        assert _shown(_export(fmt, *extra), fmt, drafts, statements) == {chosen}, fmt


def test_include_drafts_is_refused_where_drafts_always_go(drafted: Path) -> None:
    result = runner.invoke(app, ["export", "csv", "--include-drafts"])
    assert result.exit_code == 2
    assert result.stderr.startswith("claimtrack: --include-drafts: applies to html, markdown")


def test_claimreview_signs_with_the_claims_own_dossier(drafted: Path) -> None:
    dataset = load(drafted)
    chosen = next(c.id for c in dataset.claims.values() if "draft" in c.tags)
    assert runner.invoke(app, ["review", chosen, "--status", "disputed"]).exit_code == 0
    assert runner.invoke(app, ["accept", chosen, "--by", "Desk"]).exit_code == 0
    # The accepted claim's dossier names no publisher: the other dossier's is not borrowed.
    result = runner.invoke(app, ["export", "claimreview"])
    assert result.exit_code == 2
    assert "[dossier] table of draft.toml" in result.stderr
    # Only the fixture's own claims: signed by the fixture's desk.
    doc = json.loads(_export("claimreview", "--document", "memo"))
    assert {r["author"]["name"] for r in doc["@graph"]} == {"Fixture Fact Desk"}
    draft = drafted / "draft.toml"
    draft.write_text(draft.read_text().replace("[dossier]\n",
                                               '[dossier]\npublisher = "Tender Desk"\n'))
    doc = json.loads(_export("claimreview"))
    signed = {r["claimReviewed"]: r["author"]["name"] for r in doc["@graph"]}
    assert signed[dataset.claims[chosen].statement] == "Tender Desk"
    assert set(signed.values()) == {"Tender Desk", "Fixture Fact Desk"}


def test_claimreview_carries_each_documents_url(valid_claims: Path) -> None:
    toml = valid_claims / "harbour.toml"
    toml.write_text(toml.read_text().replace(
        'title = "The Harbour Memo"\n',
        'title = "The Harbour Memo"\nurl = "https://example.org/memo"\n'))
    doc = json.loads(_export("claimreview"))
    assert doc["@graph"]
    for review in doc["@graph"]:
        appearances = review["itemReviewed"]["appearance"]
        assert [a["url"] for a in appearances] == ["https://example.org/memo"]


def test_an_accepted_drafts_report_does_not_call_its_claims_drafts(drafted: Path) -> None:
    # extract wrote "Draft claims extracted automatically; review before use." as the
    # dossier's description, which every report then printed as the lead of claims a
    # person had reviewed and accepted (failed on main).
    dataset = load(drafted)
    drafts = [c for c in dataset.claims.values() if "draft" in c.tags]
    result = runner.invoke(app, ["accept", drafts[0].id, "--by", "Desk editor"])
    assert result.exit_code == 0, result.output
    document = drafts[0].appearances[0].document
    for fmt in ("html", "markdown", "latex"):
        text = _export(fmt, "--document", document)
        assert drafts[0].statement.split()[1] in text
        assert "review before use" not in text and "Draft claims" not in text, fmt
