"""claimreview expanded by ``pyld`` with schema.org's context mapped offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from export_support import export, runner
from oracle import load
from pyld import jsonld

from claimtrack.cli import app

CONTEXT = Path(__file__).parent / "fixtures" / "jsonld" / "schema.org.jsonld"
S = "https://schema.org/"


def _offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads(CONTEXT.read_text(encoding="utf-8"))}


def _value(node: dict[str, Any], prop: str) -> Any:
    return node[S + prop][0].get("@value", node[S + prop][0].get("@id"))


def test_one_claimreview_node_per_reviewed_claim(nasty_claims: Path) -> None:
    doc = json.loads(export("claimreview"))
    expanded = jsonld.expand(doc, {"documentLoader": _offline_loader})
    reviews = [n for n in expanded if S + "ClaimReview" in n.get("@type", [])]
    dataset = load(nasty_claims)
    reviewed = [c for c in dataset.claims.values() if c.reviews]
    assert len(reviews) == len(reviewed) == len(expanded)
    expected = {"unverified": ("Unproven", 3), "refuted": ("False", 1),
                "confirmed": ("True", 5), "not-checkable": ("Opinion", None)}
    for node, claim in zip(reviews, reviewed, strict=True):
        assert _value(node, "claimReviewed") == claim.statement
        assert _value(node, "datePublished") == str(claim.reviews[-1].date)
        assert _value(node["https://schema.org/author"][0], "name") == "Fixture Fact Desk"
        rating = node[S + "reviewRating"][0]
        name, number = expected[str(claim.status)]
        assert _value(rating, "alternateName") == name
        if number is None:
            assert S + "ratingValue" not in rating
        else:
            assert _value(rating, "ratingValue") == number
            assert (_value(rating, "bestRating"), _value(rating, "worstRating")) == (5, 1)
        item = node[S + "itemReviewed"][0]
        assert item["@type"] == [S + "Claim"]
        assert _value(item[S + "author"][0], "name") == dataset.actors[claim.claimant].name
        assert _value(item[S + "appearance"][0], "name") == "The Harbour Memo"


def test_publisher_option_and_missing_publisher(nasty_claims: Path) -> None:
    doc = json.loads(export("claimreview", "--publisher", "Other Desk"))
    assert {r["author"]["name"] for r in doc["@graph"]} == {"Other Desk"}
    toml = nasty_claims / "harbour.toml"
    toml.write_text(toml.read_text().replace('publisher = "Fixture Fact Desk"\n', ""))
    result = runner.invoke(app, ["export", "claimreview"])
    assert result.exit_code == 2
    assert "--publisher" in result.stderr
