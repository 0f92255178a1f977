"""Chains through an unnamed report: "it was reported their leader, X had met … and demanded …".

The report itself is the unnamed source's: an event it tells (a meeting) stays its claim. A
speech act the report gives to someone it names (a demand, a threat, an accusation) is that
someone's claim, relayed through the report: the claimant is the speaker, ``via`` the
unnamed source, the cue the report's ("it was reported").
"""

from __future__ import annotations

import re

from claimtrack.extract.lexicon import cue_stem, is_finite_verb
from claimtrack.model import ClaimKind
from claimtrack.vague import is_impersonal

__all__ = ["SPEECH_KINDS", "is_vague_report", "reported_content", "reported_subject"]

SPEECH_KINDS = frozenset({
    ClaimKind.DEMAND, ClaimKind.THREAT, ClaimKind.STATEMENT, ClaimKind.ALLEGATION,
    ClaimKind.ACCUSATION, ClaimKind.ANNOUNCEMENT, ClaimKind.DENIAL,
    ClaimKind.CHARACTERIZATION, ClaimKind.RETRACTION,
})
"""Kinds of claim that someone makes by saying something; an event or a finding is not one."""
_THAT = re.compile(r"\s*(?:that\s+)?", re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019.-]+")
_MAX_SUBJECT = 80


def is_vague_report(cue: str) -> bool:
    """Whether ``cue`` is an impersonal report ("it was reported"), which names no source."""
    return is_impersonal(cue)


def reported_content(text: str, start: int, end: int, cue: str) -> int:
    """Where what the report says begins: after its cue and an optional 'that'."""
    at = text.find(cue, start, end)
    if at == -1:
        return start
    match = _THAT.match(text, at + len(cue), end)
    return match.end() if match else at + len(cue)


def reported_subject(text: str, start: int, end: int) -> str | None:
    """The subject of the reported clause: the words before its first verb ('X had met')."""
    for word in _WORD.finditer(text, start, min(end, start + _MAX_SUBJECT + 20)):
        token = word.group().rstrip(".")
        if is_finite_verb(token) or cue_stem(token):
            phrase = text[start:word.start()].strip(" ,")
            return phrase if 0 < len(phrase) <= _MAX_SUBJECT else None
    return None
