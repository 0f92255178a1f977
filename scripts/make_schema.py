"""Write src/claimtrack/export/claimtrack.schema.json from the column definitions of table.py.

Run after changing a column: ``python scripts/make_schema.py``; a test keeps the two in step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from claimtrack.export.table import TABLES
from claimtrack.model import ActorKind, ClaimKind, Framing, RelationType, Reliability, Status

ENUMS: dict[tuple[str, str], list[str]] = {
    ("claims", "kind"): [str(m) for m in ClaimKind],
    ("claims", "framing"): [str(m) for m in Framing],
    ("claims", "status"): [str(m) for m in Status],
    ("reviews", "status"): [str(m) for m in Status],
    ("actors", "kind"): [str(m) for m in ActorKind],
    ("actors", "reliability"): [str(m) for m in Reliability],
    ("relations", "type"): [str(m) for m in RelationType],
}
REQUIRED = {"id", "statement", "claimant", "kind", "framing", "status", "name", "title", "text",
            "sha256", "claim", "type", "target", "document", "quote", "date", "position"}
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def prop(table: str, column: Any) -> dict[str, Any]:
    if column.type == "list":
        return {"type": "array", "items": {"type": "string"}, "description": column.description}
    if column.type == "integer":
        return {"type": ["integer", "null"] if column.name not in REQUIRED else "integer",
                "description": column.description}
    base: dict[str, Any] = {"type": "string", "description": column.description}
    if column.type == "date":
        base["pattern"] = DATE
    if (table, column.name) in ENUMS:
        base["enum"] = ENUMS[(table, column.name)]
    required = column.name in REQUIRED and not (table == "claims" and column.name == "quote")
    if not required:
        base = {"anyOf": [base, {"type": "null"}]}
    return base


def row(table: str) -> dict[str, Any]:
    columns = TABLES[table]
    return {
        "type": "object",
        "properties": {c.name: prop(table, c) for c in columns},
        "required": [c.name for c in columns],
        "additionalProperties": False,
    }


def nested_claim() -> dict[str, Any]:
    base = row("claims")
    props = dict(base["properties"])
    required = list(base["required"])
    for sub in ("appearances", "relations", "reviews"):
        sub_row = row(sub)
        sub_row["properties"] = {k: v for k, v in sub_row["properties"].items()
                                 if k not in ("claim", "position")}
        sub_row["required"] = [k for k in sub_row["required"] if k not in ("claim", "position")]
        props[sub] = {"type": "array", "items": sub_row}
        required.append(sub)
    return {**base, "properties": props, "required": required}


def schema() -> dict[str, Any]:
    defs: dict[str, Any] = {name: row(name) for name in TABLES}
    defs["nested_claim"] = nested_claim()
    defs["dossier"] = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in
                       ("id", "title", "description", "publisher", "url")},
        "required": ["id", "title", "description", "publisher", "url"],
        "additionalProperties": False,
    }
    defs["nested"] = {
        "type": "object",
        "properties": {
            "dossiers": {"type": "array", "items": {"$ref": "#/$defs/dossier"}},
            "actors": {"type": "array", "items": {"$ref": "#/$defs/actors"}},
            "documents": {"type": "array", "items": {"$ref": "#/$defs/documents"}},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/nested_claim"}},
        },
        "required": ["dossiers", "actors", "documents", "claims"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://claimtrack.invalid/schema/claimtrack-export.json",
        "title": "claimtrack export",
        "description": "Output of `claimtrack export json`: an array of rows of one table "
                       "(claims by default, or --table), or with --nested the dossier shape. "
                       "`claimtrack export jsonl` writes the same row objects one a line.",
        "anyOf": [
            {"type": "array", "items": {"$ref": f"#/$defs/{name}"}} for name in TABLES
        ] + [{"$ref": "#/$defs/nested"}],
        "$defs": defs,
    }


def main() -> None:
    target = Path(__file__).parent.parent / "src/claimtrack/export/claimtrack.schema.json"
    text = json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
    if sys.argv[1:] == ["--print"]:
        print(text, end="")
    else:
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
