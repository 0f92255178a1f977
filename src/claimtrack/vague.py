"""What "vague attribution" means: words that give a claim to nobody in particular.

"It was reported that …", "was deemed …", "reportedly", "according to sources": each
says someone stands behind the claim without saying who. ``extract`` reads such a
sentence as an unnamed source's, and the ``vague-attribution`` flag asks "by whom?". Both
use the one definition here: the word lists are the data, the patterns are built from
them.
"""

from __future__ import annotations

import re

__all__ = ["HEDGES", "IMPERSONAL", "IMPERSONAL_VERBS", "NOBODY", "PASSIVE_VERBS", "VAGUE",
           "is_impersonal", "vague_words"]

IMPERSONAL_VERBS = ("reported", "alleged", "claimed", "said", "rumoured", "rumored",
                    "believed", "suggested", "announced", "understood")
"""Verbs of an impersonal report: "it was reported that …"."""
PASSIVE_VERBS = ("deemed", "reported", "said", "believed", "considered", "alleged")
"""Verbs of a passive with no agent: "they were deemed hostile"."""
HEDGES = ("reportedly", "allegedly", "purportedly", "supposedly")
"""Adverbs that hedge a statement onto someone unnamed."""
NOBODY = ("according to some", "according to sources", "according to reports",
          "sources say", "sources said")
"""Sources named only as sources."""


def _any(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


IMPERSONAL = re.compile(
    r"\bit\s+(?:was|is|has\s+been|had\s+been)\s+(?:later\s+|also\s+|widely\s+)?"
    rf"(?P<cue>{_any(IMPERSONAL_VERBS)})\b", re.IGNORECASE)
"""An impersonal report; its group ``cue`` is the verb."""

VAGUE = re.compile(
    rf"{IMPERSONAL.pattern}|\b(?:(?:was|were|is|are)\s+(?:{_any(PASSIVE_VERBS)})|"
    rf"{_any(HEDGES)}|{_any(NOBODY)})\b", re.IGNORECASE)
"""Any of the above."""


def vague_words(text: str) -> str | None:
    """The first words of ``text`` that attribute it to nobody in particular, if any."""
    match = VAGUE.search(text)
    return match.group(0) if match else None


def is_impersonal(cue: str) -> bool:
    """Whether the reporting words ``cue`` are an impersonal report ("it was reported"),
    which names no source."""
    return IMPERSONAL.match(cue.strip()) is not None
