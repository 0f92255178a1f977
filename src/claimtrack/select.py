"""Select claims: the filters every command that lists, counts or exports claims shares.

A ``Selection`` is parsed from what the user typed (names resolved to actor ids through the
index, vocabularies checked) and becomes one SQL condition on ``c``, the claims table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack import vocab
from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.model import Attribution, ClaimKind, Framing, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["Selection", "where"]


@attrs.frozen(kw_only=True)
class Selection:
    """What to keep. Within one filter values mean "any of"; filters combine with "and"."""

    by: frozenset[str] = frozenset()
    via: frozenset[str] = frozenset()
    voice: frozenset[str] = frozenset()
    attribution: frozenset[Attribution] = frozenset()
    about: frozenset[str] = frozenset()
    status: frozenset[Status] = frozenset()
    kind: frozenset[ClaimKind] = frozenset()
    framing: frozenset[Framing] = frozenset()
    document: frozenset[str] = frozenset()
    tag: frozenset[str] = frozenset()
    since: PartialDate | None = None
    until: PartialDate | None = None
    search: tuple[str, ...] = ()
    flagged: bool = False

    @classmethod
    def parse(
        cls,
        index: Index,
        *,
        by: Sequence[str] = (),
        via: Sequence[str] = (),
        voice: Sequence[str] = (),
        attribution: Sequence[str] = (),
        about: Sequence[str] = (),
        status: Sequence[str] = (),
        kind: Sequence[str] = (),
        framing: Sequence[str] = (),
        document: Sequence[str] = (),
        tag: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        search: Sequence[str] = (),
        flagged: bool = False,
    ) -> Selection:
        """Build a selection from user text; raise UsageError naming the field and what
        exists."""
        documents = [i for (i,) in index.rows("SELECT id FROM documents WHERE live "
                                              "ORDER BY file, n")]
        for doc in document:
            if doc not in documents:
                raise UsageError(f"unknown document '{doc}'{did_you_mean(doc, documents)}; "
                                 f"{one_of(sorted(documents))}", field="document")
        return cls(
            by=frozenset(_actor(index, name, "by") for name in by),
            via=frozenset(_actor(index, name, "via") for name in via),
            voice=frozenset(_actor(index, name, "voice") for name in voice),
            attribution=frozenset(vocab.parse_all(Attribution, attribution, field="attribution")),
            about=frozenset(_actor(index, name, "about") for name in about),
            status=frozenset(vocab.parse_all(Status, status, field="status")),
            kind=frozenset(vocab.parse_all(ClaimKind, kind, field="kind")),
            framing=frozenset(vocab.parse_all(Framing, framing, field="framing")),
            document=frozenset(document),
            tag=frozenset(tag),
            since=_date(since, "since"),
            until=_date(until, "until"),
            search=tuple(text.casefold() for text in search),
            flagged=flagged,
        )

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition on ``c`` (the claims table) that keeps the selected claims."""
        terms: list[str] = ["c.live"]
        params: list[Any] = []

        def any_of(column: str, values: frozenset[Any]) -> None:
            if values:
                terms.append(f"c.{column} IN ({', '.join('?' * len(values))})")
                params.extend(str(v) for v in sorted(values))

        def any_in(column: str, values: frozenset[str]) -> None:
            if values:
                terms.append(f"EXISTS (SELECT 1 FROM json_each(c.{column}) WHERE value IN "
                             f"({', '.join('?' * len(values))}))")
                params.extend(sorted(values))

        def appearing(condition: str, values: frozenset[Any], joins: str = "") -> None:
            if values:
                terms.append(f"EXISTS (SELECT 1 FROM appearances p {joins} WHERE "
                             f"p.parent = c.rid AND {condition} IN "
                             f"({', '.join('?' * len(values))}))")
                params.extend(str(v) for v in sorted(values))

        any_of("claimant", self.by)
        appearing("j.value", self.via, ", json_each(p.via) j")
        appearing("d.voice", self.voice, "JOIN documents d ON d.id = p.document AND d.live")
        appearing("p.attribution", self.attribution)
        any_in("about", self.about)
        any_of("status", self.status)
        any_of("kind", self.kind)
        appearing("p.framing", self.framing)
        any_in("documents", self.document)
        any_in("tags", self.tag)
        # A partial date is a range: keep the claim when its range can fall inside. As
        # text, "2023-08" sorts inside "2023-08-00" .. "2023-08-99", which is enough to
        # compare it with the ends of another range.
        if self.since is not None or self.until is not None:
            terms.append("c.made IS NOT NULL")
        if self.since is not None:
            terms.append("c.made || substr('-99-99', 1, 10 - length(c.made)) >= ?")
            params.append(self.since.start.isoformat())
        if self.until is not None:
            terms.append("c.made || substr('-00-00', 1, 10 - length(c.made)) <= ?")
            params.append(self.until.end.isoformat())
        for needle in self.search:
            terms.append("instr((SELECT s.haystack FROM search s WHERE s.parent = c.rid), ?) > 0")
            params.append(needle)
        return " AND ".join(terms), params


def _actor(index: Index, name: str, field: str) -> str:
    try:
        return index.actor(name)
    except UsageError as error:
        raise UsageError(error.message, field=field) from None


def _date(text: str | None, field: str) -> PartialDate | None:
    if text is None:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise UsageError(str(exc), field=field) from None


def where(index: Index, selection: Selection | None) -> tuple[str, list[Any]]:
    """The SQL condition on ``c`` (the claims table) for ``selection``, ``flagged`` included
    (a claim with a finding the index keeps)."""
    if selection is None:
        return "c.live", []
    sql, params = selection.where()
    if not selection.flagged:
        return sql, params
    return f"{sql} AND EXISTS (SELECT 1 FROM findings f WHERE f.parent = c.rid)", params
