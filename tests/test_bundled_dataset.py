"""The bundled claims/ folder is sound and covers the whole seed article."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from oracle import Dataset, load
from support import check_folder
from typer.testing import CliRunner

from claimtrack.anchor import find_quote
from claimtrack.cli import app
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


# -- who really claims it (issue 12): the re-annotated seed, through the commands ----------

NSS_ACCOUNT = {"plot-preliminary-conspiracy", "plot-agreement-to-usurp-power",
               "plot-acquired-equipment", "plot-created-conditions", "nss-detected-plot",
               "nss-arrested-ringleaders"}
"""The NSS's plot and arrest account, which the article relays in its own voice."""


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["--claims", str(BUNDLED), *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def _json(*args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(_run(*args, "--format", "json"))
    return rows


def test_by_nss_lists_its_account_inferred_with_a_basis(dataset: Dataset) -> None:
    text = dataset.text_of(SEED_DOC)
    assert text is not None
    rows = {r["id"]: r for r in _json("list", "--by", "nss", "--columns",
                                      "id,attribution,framing,via,basis_reason,basis_quote")}
    assert set(rows) == NSS_ACCOUNT | {"nss-preventive-arrest"}
    for claim_id in NSS_ACCOUNT:
        row = rows[claim_id]
        assert (row["attribution"], row["framing"], row["via"]) == ("inferred", "asserted", [])
        assert str(row["basis_reason"]).strip()
        assert row["basis_quote"] and str(row["basis_quote"]) in text, claim_id
    preventive = rows["nss-preventive-arrest"]
    assert (preventive["attribution"], preventive["basis_quote"]) == ("explicit", None)
    relayed = {f["claim"] for f in _json("flags", "--rule", "relayed-as-fact")}
    assert relayed >= NSS_ACCOUNT
    assert "nss-preventive-arrest" not in relayed  # the article says whose it is


def test_both_spellings_of_poghosyan_give_his_reported_demand() -> None:
    columns = ["--columns", "id,claimant,attribution,via"]
    rows = _json("list", "--by", "Sargis Poghosian", *columns)
    assert rows == _json("list", "--by", "Sarkis Poghosyan", *columns)
    assert {r["id"] for r in rows} == {"poghosyan-demanded-arms",
                                       "poghosyan-threatened-to-open-corridor"}
    for row in rows:
        assert (row["claimant"], row["attribution"], row["via"]) == (
            "sarkis-poghosyan", "explicit", ["unnamed-source"])
    relayed = {r["id"] for r in _json("list", "--via", "unnamed-source")}
    assert "poghosyan-demanded-arms" in relayed


def test_poghosyans_demand_is_known_only_through_an_unnamed_report() -> None:
    found = {(f["rule"], f["claim"]): f["reason"] for f in _json("flags")}
    assert found[("single-source", "poghosyan-demanded-arms")].startswith(
        "known only through Unnamed source's report of Sarkis Poghosyan, in one document")
    assert found[("unverified", "poghosyan-demanded-arms")] == (
        "reviewed, still unverified: Sarkis Poghosyan's word, known only through Unnamed "
        "source's report")


def test_cue_is_a_column_of_list() -> None:
    rows = _json("list", "--by", "Sarkis Poghosyan", "--columns", "id,via,cue")
    assert {r["cue"] for r in rows} == {"it was reported"}
    deemed = _json("list", "--search", "ideologically hostile", "--columns", "id,cue")
    assert [r["cue"] for r in deemed] == ["was deemed"]


def test_list_by_nss_shows_by_default_that_its_account_is_inferred() -> None:
    rows = {r["id"]: r for r in _json("list", "--by", "nss")}
    assert {rows[c]["attribution"] for c in NSS_ACCOUNT} == {"inferred"}
    assert rows["nss-preventive-arrest"]["attribution"] == "explicit"
    assert {rows[c]["framing"] for c in NSS_ACCOUNT} == {"asserted"}


def test_show_of_an_inferred_claim_prints_its_chain_and_basis(dataset: Dataset) -> None:
    claim = dataset.claims["plot-created-conditions"]
    assert claim.basis is not None
    out = _run("show", claim.id)
    assert ("    chain: Wikipedia (asserted) ← National Security Service [inferred: "
            'the exact "conditions" have … National Security Service (NSS)]') in out
    assert f"  basis:      {claim.basis.reason} — «{claim.basis.quote}»\n" in out
    out = _run("show", "poghosyan-demanded-arms")
    assert ("    chain: Wikipedia (reported) ← Unnamed source ← Sarkis Poghosyan "
            "(cue: it was reported)\n") in out
