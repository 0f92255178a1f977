"""A plain in-memory reading of a claims folder, for tests to compare the index against.

It parses every dossier with the same parser the index uses and keeps the first record of
each id, as the index does, but answers from Python dictionaries: an independent second
opinion, never used by the product.
"""

from __future__ import annotations

import datetime as dt
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


def matches(selection: Selection, claim: Claim, *, names: dict[str, str] | None = None) -> bool:
    """Whether ``claim`` passes every filter of ``selection``, decided in Python."""
    haystack = "\n".join((claim.id, claim.statement, *claim.words,
                          *(a.quote for a in claim.appearances))).casefold()
    return (
        (not selection.by or claim.claimant in selection.by)
        and (not selection.via or any(not selection.via.isdisjoint(a.via)
                                      for a in claim.appearances))
        and (not selection.attribution or any(a.attribution in selection.attribution
                                              for a in claim.appearances))
        and (not selection.about or not selection.about.isdisjoint(claim.about))
        and (not selection.status or claim.status in selection.status)
        and (not selection.kind or claim.kind in selection.kind)
        and (not selection.framing or any(a.framing in selection.framing
                                          for a in claim.appearances))
        and (not selection.document or not selection.document.isdisjoint(claim.documents))
        and (not selection.tag or not selection.tag.isdisjoint(claim.tags))
        and _in_dates(selection, claim.made)
        and all(needle in haystack for needle in selection.search)
    )


def _in_dates(selection: Selection, made: PartialDate | None) -> bool:
    if selection.since is None and selection.until is None:
        return True
    if made is None:
        return False
    if selection.since is not None and made.end < selection.since.start:
        return False
    return selection.until is None or made.start <= selection.until.end


def status_of(claim: Claim) -> Status:
    """The claim's current status."""
    return claim.status


TODAY = dt.date.today()
