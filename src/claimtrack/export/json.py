"""JSON (a flat array, or the nested dossier shape) and JSON Lines, with a published schema."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

from claimtrack.dataset import Dataset
from claimtrack.export.table import Row, rows
from claimtrack.model import Claim

__all__ = ["SCHEMA_FILE", "nested", "schema_text", "to_json", "to_jsonl"]

SCHEMA_FILE = "claimtrack.schema.json"


def schema_text() -> str:
    """The JSON Schema (Draft 2020-12) of the ``json`` export, as shipped in the package."""
    return resources.files("claimtrack.export").joinpath(SCHEMA_FILE).read_text("utf-8")


def _plain(row: Row) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}


def nested(dataset: Dataset, claims: Sequence[Claim]) -> dict[str, Any]:
    """The dossier shape: dossiers, actors, documents, and claims with their sub-tables."""
    by_claim: dict[str, dict[str, list[dict[str, Any]]]] = {
        name: {} for name in ("appearances", "relations", "reviews")}
    for name in by_claim:
        for row in rows(dataset, name, claims):
            item = _plain(row)
            claim_id = item.pop("claim")
            item.pop("position", None)
            by_claim[name].setdefault(claim_id, []).append(item)
    out_claims = []
    for row in rows(dataset, "claims", claims):
        item = _plain(row)
        for name in by_claim:
            item[name] = by_claim[name].get(str(row["id"]), [])
        out_claims.append(item)
    return {
        "dossiers": [{"id": key, "title": d.title, "description": d.description,
                      "publisher": d.publisher, "url": d.url}
                     for key, d in dataset.dossiers.items()],
        "actors": [_plain(r) for r in rows(dataset, "actors", claims)],
        "documents": [_plain(r) for r in rows(dataset, "documents", claims)],
        "claims": out_claims,
    }


def to_json(dataset: Dataset, claims: Sequence[Claim], *, table: str = "claims",
            nest: bool = False) -> str:
    """A JSON array of the table's rows, or with ``nest`` the dossier shape."""
    body: Any = nested(dataset, claims) if nest else [
        _plain(r) for r in rows(dataset, table, claims)]
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(dataset: Dataset, claims: Sequence[Claim], *, table: str = "claims") -> Iterator[str]:
    """One compact JSON object a line, streamed."""
    for row in rows(dataset, table, claims):
        yield json.dumps(_plain(row), ensure_ascii=False) + "\n"
