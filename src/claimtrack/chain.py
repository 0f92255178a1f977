"""An appearance's chain, the way a reader says it: who relays the claim, from whom.

``Wikipedia (asserted) ← NSS [inferred: the exact "conditions" … not been revealed]``
``Wikipedia (reported) ← unnamed source ← Sarkis Poghosyan``
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["Chain", "shorten"]


def shorten(text: str, limit: int = 64) -> str:
    """``text`` on one line, its middle cut to ``…`` when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    keep = (limit - 3) // 2
    return f"{text[:keep].rstrip()} … {text[-keep:].lstrip()}"


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
