"""A GitHub/CommonMark pipe table whose cells can never spill into the next one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimtrack.dataset import Dataset
from claimtrack.model import Claim

__all__ = ["COLUMNS", "cell", "to_markdown"]

COLUMNS = ("ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made", "Quote")

# Characters with an inline meaning in CommonMark or GFM tables; each gets a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def cell(value: str) -> str:
    """One cell: inline specials backslash-escaped, ``|`` included, newlines as ``<br>``."""
    return _NEWLINE.sub("<br>", _SPECIAL.sub(r"\\\1", value))


def row_values(dataset: Dataset, claim: Claim) -> tuple[str, ...]:
    """The plain values of one claim's row, in COLUMNS order."""
    actor = dataset.actors.get(claim.claimant)
    return (
        claim.id, actor.name if actor else claim.claimant, claim.statement, str(claim.kind),
        str(claim.framing), str(claim.status), str(claim.made or ""),
        claim.appearances[0].quote if claim.appearances else "",
    )


def to_markdown(dataset: Dataset, claims: Sequence[Claim]) -> str:
    """The claims as one pipe table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for claim in claims:
        lines.append("| " + " | ".join(cell(v) for v in row_values(dataset, claim)) + " |")
    return "\n".join(lines) + "\n"
