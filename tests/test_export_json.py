"""json/jsonl validated with ``jsonschema`` (Draft 2020-12) against the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from export_support import export, runner
from oracle import load

from claimtrack.cli import app
from claimtrack.export.json import schema_text

ROOT = Path(__file__).parent.parent


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_command_prints_the_schema_the_exports_are_checked_against() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_json_validates_and_equals_the_dataset(nasty_claims: Path) -> None:
    body = json.loads(export("json"))
    _validator().validate(body)
    dataset = load(nasty_claims)
    assert [row["id"] for row in body] == list(dataset.claims)
    for row in body:
        claim = dataset.claims[row["id"]]
        assert row["statement"] == claim.statement
        assert row["claimant"] == claim.claimant
        assert row["status"] == str(claim.status)
        assert row["about"] == list(claim.about)
        assert row["credibility"] == claim.credibility
        assert row["made"] == (str(claim.made) if claim.made else None)


def test_nested_validates_and_holds_sub_tables(nasty_claims: Path) -> None:
    body = json.loads(export("json", "--nested"))
    _validator().validate(body)
    dataset = load(nasty_claims)
    for item in body["claims"]:
        claim = dataset.claims[item["id"]]
        assert [a["quote"] for a in item["appearances"]] == [a.quote for a in claim.appearances]
        assert [(r["type"], r["target"]) for r in item["relations"]] == [
            (str(r.type), r.target) for r in claim.relations]
        assert [r["status"] for r in item["reviews"]] == [str(r.status) for r in claim.reviews]
    assert [a["id"] for a in body["actors"]] == list(dataset.actors)


def test_every_table_and_jsonl_validate(nasty_claims: Path) -> None:
    validator = _validator()
    for table in ("claims", "actors", "documents", "appearances", "relations", "reviews"):
        validator.validate(json.loads(export("json", "--table", table)))
        lines = export("jsonl", "--table", table).splitlines()
        validator.validate([json.loads(line) for line in lines])
    assert len(export("jsonl").splitlines()) == len(load(nasty_claims).claims)


def test_schema_rejects_a_wrong_status() -> None:
    validator = _validator()
    row = json.loads(export_fixture_row())
    row["status"] = "unverifed"
    assert not validator.is_valid([row])


def export_fixture_row() -> str:
    """One valid claims row written by hand against the documented columns."""
    return json.dumps({
        "id": "x", "statement": "s", "claimant": "a", "claimant_name": "A", "kind": "report",
        "framing": "reported", "status": "unverified", "made": "2023-09", "occurred": None,
        "about": [], "documents": ["d"], "quote": "q", "words": [], "tags": [],
        "credibility": None, "reviewed": None, "dossier": "x", "notes": None})
