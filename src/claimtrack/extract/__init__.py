"""Draft attributed claims from a new article: ``claimtrack extract``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.extract.pipeline import Extraction, claim_ids, extract
from claimtrack.model import Actor
from claimtrack.slug import slugify

if TYPE_CHECKING:
    from claimtrack.extract.pipeline import DraftClaim
    from claimtrack.index import Index
    from claimtrack.match.link import Link
    from claimtrack.model import Claim

__all__ = ["Draft", "decode_article", "draft_article"]

MAX_ARTICLE_BYTES = 1_500_000
"""Larger input is refused with a message. Extraction is linear in the text's length
(``benchmarks/extract_time.py``: about 4-5 s of CPU per MB on this 2-core machine, 9.5 s for
2 MB), so 1.5 MB stays inside the 10 s budget with room for a slower or busier machine; an
article is tens of kilobytes, and a draft of more than 20,000 claims helps nobody."""


@attrs.frozen
class Draft:
    """A drafted dossier: its TOML, the document id and text to save, and the extraction."""

    toml: str
    document_id: str
    text: str
    extraction: Extraction
    known: tuple[Actor, ...] = ()
    left_out: int = 0
    """Claims left out because their quote recurs with the same context (repeated text)."""
    links: tuple[Link, ...] = ()
    """The draft claims that restate claims already in the folder (``same_as``)."""

    def summary_rows(self) -> list[tuple[str, str, int]]:
        """(claimant, kind, count) rows for the summary table."""
        names = {a.id: a.name for a in (*self.known, *self.extraction.actors)}
        counts = Counter((names.get(c.claimant, c.claimant), c.kind.value)
                         for c in self.extraction.claims)
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
                  today: dt.date | None = None) -> Draft:
    """Extract draft claims from ``text`` and render the draft dossier.

    ``known`` are the actors of the claims folder ``folder`` (an open index), whose claims
    the drafts that restate them are linked to.
    """
    from claimtrack.extract.draft import to_toml
    from claimtrack.extract.relations import propose_relations
    from claimtrack.match.link import link_drafts

    known = list(known)
    taken = set(taken_ids) | {a.id for a in known}
    if folder is not None:
        taken |= {i for (i,) in folder.rows("SELECT id FROM claims WHERE live")}
    first = text.lstrip().split("\n", 1)[0].strip(" =")
    document_id = slugify(name or first or "article", limit=40)
    while document_id in taken:
        document_id += "-draft"
    try:
        extraction = extract(text, stem=document_id, known=known, taken_ids=taken)
    except RecursionError as exc:  # pragma: no cover - a guard, not an expected path
        raise ClaimtrackError(f"cannot parse the article: {exc}") from None
    claim_ids(extraction.claims, text, taken, document_id)
    propose_relations(extraction.claims, text, editorial=extraction.editorial,
                      affiliations={a.id: a.affiliation for a in (*known, *extraction.actors)})
    everyone = {a.id: a for a in (*known, *extraction.actors)}
    links = [] if folder is None else link_drafts(
        _records(extraction.claims, text, document_id, {a: x.name for a, x in everyone.items()}),
        actors=everyone, text=text, folder=folder)
    drafted = {c.id: c for c in extraction.claims}
    for link in links:
        if ("same_as", link.target) not in drafted[link.draft].relations:
            drafted[link.draft].relations.append(("same_as", link.target))
    title = extraction.article.title or name or first[:80] or document_id
    toml, left_out = to_toml(extraction, document_id=document_id, title=title,
                             text_path=f"documents/{document_id}.txt",
                             known_names={a.id: a.name for a in known},
                             today=today or dt.date.today())
    return Draft(toml, document_id, text, extraction, tuple(known), len(left_out),
                 tuple(link for link in links if link.draft not in left_out))


def _records(claims: list[DraftClaim], text: str, document_id: str,
             names: dict[str, str]) -> list[Claim]:
    """The drafts as model records, which ``claimtrack.match.link`` takes."""
    from claimtrack.extract.draft import statement_of
    from claimtrack.model import Appearance, Attribution, Claim

    return [Claim(id=c.id, statement=statement_of(c, text, names), claimant=c.claimant,
                  kind=c.kind, about=tuple(c.about), words=tuple(c.words),
                  appearances=(Appearance(document=document_id, section=c.section,
                                          quote=text[c.start:c.end], framing=c.framing,
                                          attribution=Attribution(c.attribution)),))
            for c in claims]
