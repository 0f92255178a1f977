"""The work queues: drafts to accept, claims nobody has reviewed, claims with a flag. A
queue shows one claim at a time with its forms; after each action, or "skip", it moves to
the next claim of the queue after that one in folder order (round to the start)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["QUEUES", "Queue", "Step", "next_in", "step"]


@attrs.frozen
class Queue:
    """A queue: its name in the address, its heading, what it holds, and what to say when
    it is empty."""

    kind: str
    heading: str
    empty: str

    def selection(self) -> Selection:
        """The claims the queue holds, as a selection of the query layer."""
        from claimtrack.select import Selection

        if self.kind == "drafts":
            return Selection.of({"tag": ["draft"]})
        if self.kind == "unverified":  # accepted claims no one has reviewed yet
            return Selection.of({"status": ["unverified"]}).without_drafts()
        return Selection.of({"flagged": [True]})


QUEUES = {q.kind: q for q in (
    Queue("drafts", "Drafts to accept", "No drafts are left to accept."),
    Queue("unverified", "Unverified claims", "Every accepted claim has been reviewed."),
    Queue("flagged", "Flagged claims", "No claim has a flag."),
)}
"""Every queue, by the name its address gives (``/queue?kind=drafts``)."""


@attrs.frozen
class Step:
    """Where a queue stands: the claim to show (None when the queue is empty), its place,
    how many the queue holds, and the claim after it (for "skip")."""

    queue: Queue
    claim: str | None
    place: int
    size: int

    @property
    def skip(self) -> str:
        """The address of the next claim after this one."""
        from urllib.parse import urlencode

        return "/queue?" + urlencode({"kind": self.queue.kind, "after": self.claim or ""})


def _members(index: Index, queue: Queue) -> list[str]:
    from claimtrack.select import Query, execute

    return [i for (i,) in execute(index, Query(selection=queue.selection(), columns=("id",)))]


def next_in(index: Index, queue: Queue, after: str) -> str | None:
    """The first claim of the queue after the claim ``after`` in folder order (the first
    of the queue when ``after`` is blank, unknown or the last), or None when it is empty.
    ``after`` need not be in the queue still: an action may have taken it out."""
    from claimtrack.select import Query, Selection, execute

    members = _members(index, queue)
    if not members:
        return None
    if after in members:
        at = members.index(after)
        return members[(at + 1) % len(members)]
    held = set(members)
    passed = False
    for (claim_id,) in execute(index, Query(selection=Selection(), columns=("id",))):
        if claim_id == after:
            passed = True
        elif passed and claim_id in held:
            return str(claim_id)
    return members[0]


def step(index: Index, queue: Queue, after: str) -> Step:
    """Where the queue stands after the claim ``after``."""
    members = _members(index, queue)
    found = next_in(index, queue, after) if members else None
    place = members.index(found) + 1 if found is not None else 0
    return Step(queue, found, place, len(members))
