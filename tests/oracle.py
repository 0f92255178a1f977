"""A plain in-memory reading of a claims folder, for tests to compare the index against.

It parses every dossier with the same parser the index uses and keeps the first record of
each id, as the index does, but answers from Python dictionaries: an independent second
opinion, never used by the product.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import attrs

from claimtrack.dates import PartialDate
from claimtrack.files import decode, read_bytes
from claimtrack.model import Actor, Claim, Document, Dossier, Status, Unclaimed
from claimtrack.parse import parse_file
from claimtrack.select import Selection


@attrs.define
class Dataset:
    """Every record of a folder by id (first definition wins), and where each was written."""

    root: Path
    actors: dict[str, Actor] = attrs.Factory(dict)
    documents: dict[str, Document] = attrs.Factory(dict)
    claims: dict[str, Claim] = attrs.Factory(dict)
    dossiers: dict[str, Dossier] = attrs.Factory(dict)
    unclaimed: list[tuple[Unclaimed, str]] = attrs.Factory(list)
    files: dict[str, str] = attrs.Factory(dict)
    """Claim id -> the file it is written in."""

    def text_of(self, document_id: str) -> str | None:
        """The document's text, or None."""
        document = self.documents.get(document_id)
        if document is None:
            return None
        try:
            return decode(read_bytes(self.root / document.text))
        except Exception:
            return None


def load(root: Path) -> Dataset:
    """Read every ``*.toml`` of ``root``."""
    dataset = Dataset(root=root)
    for path in sorted(root.glob("*.toml")):
        records = parse_file(decode(path.read_bytes()).removeprefix("\ufeff"))
        for table, _key, record in records.entries:
            if table == "dossiers":
                dataset.dossiers[path.stem] = record
                continue
            if table == "unclaimed":
                dataset.unclaimed.append((record, path.name))
                continue
            pool: dict[str, Any] = getattr(dataset, table)
            pool.setdefault(record.id, record)
            if table == "claims":
                dataset.files.setdefault(record.id, path.name)
    return dataset


def matches(selection: Selection, claim: Claim, *, voices: dict[str, str | None]) -> bool:
    """Whether ``claim`` passes every filter of ``selection`` (but ``flagged``), decided in
    Python; ``voices`` gives each document's voice."""
    text = "\n".join((claim.id, claim.statement, *claim.words,
                      *(a.quote for a in claim.appearances)))
    haystack = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())

    def some(name: str, values: object) -> bool:
        wanted = set(selection.get(name))
        return not wanted or any(str(v) in wanted for v in values)  # type: ignore[attr-defined]

    return (
        some("by", [claim.claimant])
        and some("via", [v for a in claim.appearances for v in a.via])
        and some("voice", [voices.get(a.document) for a in claim.appearances])
        and some("attribution", [a.attribution for a in claim.appearances])
        and some("about", claim.about)
        and some("status", [claim.status])
        and some("kind", [claim.kind])
        and some("framing", [a.framing for a in claim.appearances])
        and some("document", claim.documents)
        and some("tag", claim.tags)
        and _in_dates(selection, claim.made)
        and all(needle in haystack for needle in selection.get("search"))
    )


def _in_dates(selection: Selection, made: PartialDate | None) -> bool:
    since = next(iter(selection.get("since")), None)
    until = next(iter(selection.get("until")), None)
    if since is None and until is None:
        return True
    if made is None:
        return False
    if since is not None and made.end < since.start:
        return False
    return until is None or made.start <= until.end


def status_of(claim: Claim) -> Status:
    """The claim's current status."""
    return claim.status


TODAY = dt.date.today()
