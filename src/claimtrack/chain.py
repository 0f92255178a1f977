"""An appearance's chain, the way a reader says it: who relays the claim, from whom.

``Wikipedia (asserted) ← NSS [inferred: the exact "conditions" … not been revealed]``
``Wikipedia (reported) ← unnamed source ← Sarkis Poghosyan``
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["Chain", "shorten"]


def shorten(text: str, limit: int = 64) -> str:
    """``text`` on one line, its middle cut to ``…`` between words when longer than
    ``limit``: the head keeps the words that fit half the room, the tail as many of the
    last words as fit the rest. Only a single word longer than its side is cut inside."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 3  # what " … " leaves
    half = room // 2
    if text[half] == " ":
        head = text[:half]
    else:
        space = text.rfind(" ", 0, half)
        head = text[:space] if space > 0 else text[:half]
    start = len(text) - (room - len(head))
    if text[start - 1] == " ":
        tail = text[start:]
    else:
        space = text.find(" ", start)
        tail = text[space + 1:] if space != -1 else text[start:]
    return f"{head} … {tail}"


@attrs.frozen
class Chain:
    """A document relaying a claim through actors from its claimant."""

    document: str
    """How the document is named: its publisher, else its title or id."""
    framing: str
    attribution: str
    claimant: str
    """The claimant's name."""
    via: Sequence[str] = ()
    """Names of the actors between the document and the claimant, outermost first."""
    basis: str = ""
    """For an inferred claimant: the basis quote (or reason) the inference rests on."""

    def __str__(self) -> str:
        head = f"{self.document} ({self.framing})"
        if self.attribution == "own":
            return f"{head}, in its own voice"
        links = [head, *self.via, self.claimant]
        text = " ← ".join(links)
        if self.attribution == "inferred":
            text += f" [inferred: {shorten(self.basis)}]" if self.basis else " [inferred]"
        return text
