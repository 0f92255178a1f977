"""Select claims: the filters shared by every command that lists or exports claims."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs

from claimtrack.dataset import Dataset
from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.index import Index
from claimtrack.model import Claim, ClaimKind, Framing, Status

__all__ = ["Selection", "haystack", "select"]

E = TypeVar("E", Status, ClaimKind, Framing)


@attrs.frozen(kw_only=True)
class Selection:
    """What to keep. Within one filter values mean "any of"; filters combine with "and"."""

    by: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()
    status: frozenset[Status] = frozenset()
    kind: frozenset[ClaimKind] = frozenset()
    framing: frozenset[Framing] = frozenset()
    document: frozenset[str] = frozenset()
    tag: frozenset[str] = frozenset()
    since: PartialDate | None = None
    until: PartialDate | None = None
    search: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        index: Index,
        *,
        by: Sequence[str] = (),
        about: Sequence[str] = (),
        status: Sequence[str] = (),
        kind: Sequence[str] = (),
        framing: Sequence[str] = (),
        document: Sequence[str] = (),
        tag: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        search: Sequence[str] = (),
    ) -> Selection:
        """Build a selection from user text; raise UsageError naming what exists."""
        documents = index.dataset.documents
        for doc in document:
            if doc not in documents:
                raise UsageError(f"--document: unknown document '{doc}'"
                                 f"{did_you_mean(doc, documents)}; {one_of(sorted(documents))}")
        return cls(
            by=frozenset(_actor(index, name, "--by") for name in by),
            about=frozenset(_actor(index, name, "--about") for name in about),
            status=frozenset(_vocab(Status, status, "--status")),
            kind=frozenset(_vocab(ClaimKind, kind, "--kind")),
            framing=frozenset(_vocab(Framing, framing, "--framing")),
            document=frozenset(document),
            tag=frozenset(tag),
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            search=tuple(text.casefold() for text in search),
        )

    def matches(self, claim: Claim) -> bool:
        """Whether ``claim`` passes every filter."""
        return (
            (not self.by or claim.claimant in self.by)
            and (not self.about or not self.about.isdisjoint(claim.about))
            and (not self.status or claim.status in self.status)
            and (not self.kind or claim.kind in self.kind)
            and (not self.framing or claim.framing in self.framing)
            and (not self.document or not self.document.isdisjoint(claim.documents))
            and (not self.tag or not self.tag.isdisjoint(claim.tags))
            and self._in_dates(claim)
            and all(needle in haystack(claim) for needle in self.search)
        )

    def _in_dates(self, claim: Claim) -> bool:
        if self.since is None and self.until is None:
            return True
        made = claim.made
        if made is None:
            return False
        # A partial date is a range: keep the claim when its range can fall inside.
        if self.since is not None and made.end < self.since.start:
            return False
        return self.until is None or made.start <= self.until.end


def select(dataset: Dataset, selection: Selection | None = None) -> list[Claim]:
    """The claims ``selection`` keeps, in dataset (file) order."""
    if selection is None:
        return list(dataset.claims.values())
    return [claim for claim in dataset.claims.values() if selection.matches(claim)]


def haystack(claim: Claim) -> str:
    """What ``--search`` looks in: id, statement, words and quotes, casefolded."""
    parts: Iterable[str] = (
        claim.id, claim.statement, *claim.words, *(a.quote for a in claim.appearances))
    return "\n".join(parts).casefold()


def _vocab(cls: type[E], values: Sequence[str], option: str) -> list[E]:
    allowed = [str(member) for member in cls]
    chosen: list[E] = []
    for value in values:
        try:
            chosen.append(cls(value.strip().lower()))
        except ValueError:
            raise UsageError(f"{option}: unknown value '{value}'; {one_of(allowed)}"
                             f"{did_you_mean(value, allowed)}") from None
    return chosen


def _actor(index: Index, name: str, option: str) -> str:
    try:
        return index.actor(name).id
    except UsageError as error:
        raise UsageError(f"{option}: {error}") from None


def _date(text: str | None, option: str) -> PartialDate | None:
    if text is None:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
