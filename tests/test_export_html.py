"""The html report parsed strictly by ``html5lib``: every claim as the dataset has it,
grouped by claimant, with its review, evidence, relations, sources and the status legend.
(tests/test_browser.py runs the page's filters in Chromium.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import html5lib
from export_support import export
from oracle import load

NS = "{http://www.w3.org/1999/xhtml}"


def _parse(text: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def _claims(document: Any) -> list[Any]:
    return [a for a in document.iter(f"{NS}article") if a.get("class") == "claim"]


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _by_id(document: Any, element_id: str) -> Any:
    return next(e for e in document.iter() if e.get("id") == element_id)


def test_strict_parse_and_every_claim_as_the_dataset_has_it(nasty_claims: Path) -> None:
    toml = nasty_claims / "harbour.toml"
    toml.write_text(toml.read_text().replace(
        'title = "The Harbour Memo"\n',
        'title = "The Harbour Memo"\nurl = "https://example.org/memo"\n'
        'attribution = "The Harbour Memo, by the port desk, CC0"\n'))
    document = _parse(export("html"))
    dataset = load(nasty_claims)
    articles = _claims(document)
    assert sorted(a.get("id") for a in articles) == sorted(f"c-{c}" for c in dataset.claims)
    for section in document.iter(f"{NS}section"):
        # Grouped by claimant: every claim of a section is that claimant's.
        claimant = section.get("data-claimant")
        inside = [a for a in section.iter(f"{NS}article")]
        assert inside and all(dataset.claims[a.get("id")[2:]].claimant == claimant
                              for a in inside)
        assert _text(section.find(f"{NS}h2")).startswith(dataset.actors[claimant].name)
    for article in articles:
        claim = dataset.claims[article.get("id")[2:]]
        assert article.get("data-status") == str(claim.status)
        heading = _text(article.find(f"{NS}h3"))
        assert heading == f"{claim.status} {claim.statement}"
        quotes = [_text(q) for q in article.iter(f"{NS}blockquote")]
        assert quotes == [a.quote for a in claim.appearances]
        links = [a.get("href") for a in article.iter(f"{NS}a")]
        assert "https://example.org/memo" in links
        if claim.reviews:
            review = next(d for d in article.iter(f"{NS}div") if d.get("class") == "review")
            assert f"Reviewed {claim.reviews[-1].date}" in _text(review)
            assert claim.reviews[-1].note in _text(review)
    # The statement's <script> is text: the page holds exactly its own one script.
    assert len(list(document.iter(f"{NS}script"))) == 1
    relations = _text(_by_id(document, "c-formula-on-wall"))
    assert "supported by" in relations and "A pipe | a back" in relations
    footer = _text(next(document.iter(f"{NS}footer")))
    assert "The Harbour Memo, by the port desk, CC0" in footer
    legend = _text(next(d for d in document.iter(f"{NS}details")))
    assert "shown false" in legend and "only the claimant's word so far" in legend


def test_evidence_links_only_web_addresses_and_claims(nasty_claims: Path) -> None:
    toml = nasty_claims / "harbour.toml"
    toml.write_text(toml.read_text().replace(
        'note = "No wall."',
        'note = "No wall."\nevidence = ["https://example.org/photo", "script-posted"]'))
    document = _parse(export("html"))
    article = _by_id(document, "c-formula-on-wall")
    hrefs = [a.get("href") for a in article.iter(f"{NS}a")]
    assert "https://example.org/photo" in hrefs and "#c-script-posted" in hrefs
    # A claim cited as evidence is shown by its statement, not as a bare id.
    evidence = next(u for u in article.iter(f"{NS}ul") if u.get("class") == "evidence")
    cited = load(nasty_claims).claims["script-posted"].statement
    items = [" ".join(_text(li).split()) for li in evidence.iter(f"{NS}li")]
    assert items == ["https://example.org/photo", " ".join(f"{cited} (script-posted)".split())]


def test_an_empty_selection_says_so(nasty_claims: Path) -> None:
    document = _parse(export("html", "--search", "no claim says this"))
    assert _claims(document) == []
    nothing = _by_id(document, "nothing")
    assert nothing.get("hidden") is None
    assert "No claim matches" in _text(nothing)
