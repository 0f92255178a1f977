"""Draft attributed claims from a new article: ``claimtrack extract``.

``draft_article`` takes the article's text and returns the drafts (model records and their
TOML); bringing the text into ``claims/documents/`` is the command's job (``run.py``).
spaCy is imported only when an article is drafted, never when this package is imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from claimtrack.errors import UsageError
from claimtrack.model import Actor, Claim, RelationType

if TYPE_CHECKING:
    from claimtrack.extract.engine import Extraction
    from claimtrack.index import Index
    from claimtrack.match.link import Link

__all__ = ["MAX_ARTICLE_BYTES", "Draft", "decode_article", "draft_article"]

MAX_ARTICLE_BYTES = 1_500_000
"""Larger input is refused with a message: an article is tens of kilobytes, and a draft of
more than 20,000 claims helps nobody (``benchmarks/extract_time.py`` times 1 MB)."""


@attrs.frozen
class Draft:
    """A drafted dossier: its TOML, the document id and text to save, and the extraction."""

    toml: str
    document_id: str
    text: str
    extraction: Extraction
    claims: tuple[Claim, ...]
    """The drafted claims, with their links to the folder's claims."""
    known: tuple[Actor, ...] = ()
    links: tuple[Link, ...] = ()
    """The draft claims that restate claims already in the folder (``same_as``)."""

    @property
    def left_out(self) -> int:
        """Claims left out because their quote recurs with the same context."""
        return self.extraction.left_out

    def summary_rows(self) -> list[tuple[str, str, int]]:
        """(claimant, kind, count) rows for the summary table."""
        names = {a.id: a.name for a in (*self.known, *self.extraction.actors)}
        counts = Counter((names.get(c.claimant, c.claimant), c.kind.value)
                         for c in self.claims)
        return [(who, kind, n) for (who, kind), n in sorted(counts.items())]


def decode_article(data: bytes, *, where: str) -> str:
    """The article's text; a ClaimtrackError says why bytes cannot be one."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise UsageError(f"{where}: is {len(data) / 1e6:.1f} MB; extract drafts one article "
                         f"of up to {MAX_ARTICLE_BYTES / 1e6:g} MB at a time; split the text")
    if b"\x00" in data[:8192]:
        raise UsageError(f"{where}: looks like a binary file, not plain text; "
                         "extract reads UTF-8 text")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{where}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at line "
                         f"{line}); save it as UTF-8") from None
    if not text.strip():
        raise UsageError(f"{where}: is empty; expected an article (a '= Title =' line, an "
                         "Infobox block, '==Section==' headings and paragraphs)")
    return text


def draft_article(text: str, *, name: str = "", known: Iterable[Actor] = (),
                  folder: Index | None = None, taken_ids: Iterable[str] = (),
                  today: dt.date | None = None, model: str | None = None) -> Draft:
    """Extract draft claims from ``text`` and render the draft dossier.

    ``known`` are the actors of the claims folder ``folder`` (an open index), whose claims
    the drafts that restate them are linked to (``claimtrack.match.link``). ``model`` names
    the spaCy pipeline (a package name or a folder; default ``en_core_web_sm``).
    """
    from claimtrack.extract.draft import to_toml
    from claimtrack.extract.engine import document_id_for, extract
    from claimtrack.extract.nlp import DEFAULT_MODEL

    known = list(known)
    taken = set(taken_ids) | {a.id for a in known}
    if folder is not None:
        taken |= {i for (i,) in folder.rows("SELECT id FROM claims WHERE live")}
    document_id = document_id_for(text, name, taken)
    extraction = extract(text, document_id=document_id, known=known, taken_ids=taken,
                         model=model or DEFAULT_MODEL, today=today)
    claims = list(extraction.claims)
    links: list[Link] = []
    if folder is not None and claims:
        from claimtrack.match.link import link_drafts

        actors = {a.id: a for a in (*known, *extraction.actors)}
        links = link_drafts(claims, actors=actors, text=text, folder=folder)
        claims = _with_links(claims, links)
    title = extraction.document.title
    toml = to_toml(title=title, document=extraction.document, actors=extraction.actors,
                   claims=claims)
    return Draft(toml, document_id, text, extraction, tuple(claims), tuple(known),
                 tuple(links))


def _with_links(claims: list[Claim], links: Iterable[Link]) -> list[Claim]:
    """The claims with a ``same_as`` relation to each folder claim they restate."""
    from claimtrack.model import Relation

    targets: dict[str, list[str]] = {}
    for link in links:
        targets.setdefault(link.draft, []).append(link.target)
    return [attrs.evolve(c, relations=(*c.relations, *(
        Relation(type=RelationType.SAME_AS, target=t) for t in dict.fromkeys(targets[c.id]))))
            if c.id in targets else c for c in claims]
