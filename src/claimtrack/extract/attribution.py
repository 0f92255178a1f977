"""Find who asserts what in one clause: the cue, the claimant phrase, the kind and the framing."""

from __future__ import annotations

import enum
import re

import attrs

from claimtrack.extract.lexicon import CUES, SPECULATIVE, cue_stem
from claimtrack.extract.mentions import ADVERBS
from claimtrack.model import ClaimKind, Framing

__all__ = ["Attribution", "Source", "attribute", "quoted_words"]

# Cues whose complement is a clause: what follows (up to the next cue) is their content.
CLAUSAL = frozenset({
    "say", "state", "claim", "report", "announce", "allege", "warn", "confirm", "suggest",
    "insist", "argue", "maintain", "add", "note", "find", "conclude", "reveal", "disclose",
    "declare", "tell", "write", "testify", "contend", "admit", "acknowledge", "assert",
    "predict", "speculate",
})
_NEG_PASSIVE = re.compile(
    r"\b(?:was|were|has|have|had|is|are)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:stated|revealed|"
    r"disclosed|released|made public|confirmed|announced|explained|specified|identified|named|"
    r"published)\b(?:\s+by\s+(?P<agent>[^,;]+))?", re.IGNORECASE)
_NEG_ACTIVE = re.compile(
    r"\b(?:did|does|do|has|have|had|would|will|could)\s+not\s+(?:yet\s+)?(?:say|said|reveal(?:ed)?|"
    r"disclose[d]?|explain(?:ed)?|specif(?:y|ied)|comment(?:ed)?|release[d]?|withdrawn?|"
    r"respond(?:ed)?|confirm(?:ed)?|name[d]?)\b|\b(?:declined|refused)\s+to\s+(?:comment|say|"
    r"disclose|reveal|name|confirm|specify|elaborate)\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+(?P<agent>[^,;]+)", re.IGNORECASE)
_VAGUE = re.compile(
    r"\bit\s+(?:was|is|has been|had been)\s+(?:later\s+|also\s+|widely\s+)?(?P<cue>reported|"
    r"alleged|claimed|said|rumou?red|believed|suggested|announced|understood)\b", re.IGNORECASE)
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|be)\s+(?:\w+ly\s+)?(?P<cue>deemed|described as|considered|"
    r"labell?ed|branded|accused|alleged|said to|reported to|believed|called)\b"
    r"(?:[^,;]*?\s+by\s+(?P<agent>[A-Z][^,;]*|the [^,;]+))?", re.IGNORECASE)
_ADVERB_CUE = re.compile(r"\b(?P<cue>reportedly|allegedly|purportedly)\b", re.IGNORECASE)
_MADE = re.compile(r"\b(?:made|issued|released)\s+(?:a\s+)?(?:public\s+)?(?P<cue>statements?|"
                   r"claims?|allegations?|accusations?|threats?|demands?)\b", re.IGNORECASE)
_NOUN_CUE = re.compile(r"\b(?:concern(?:s|ed|ing)?|over|about|amid|amidst|of|despite|following)"
                       r"\s+(?P<cue>claims|allegations|reports|accusations|rumou?rs)\s+that\b",
                       re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019-]+")
_QUOTED = re.compile(r"\"([^\"\n]{2,300})\"|“([^”\n]{2,300})”")
_NOT_AFTER = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "so-called",
                        "was", "were", "been", "be", "is", "are", "being", "of", "these"})
_NOUN_FORMS = {"statements": "state", "claims": "claim", "allegations": "allege",
               "accusations": "accuse", "threats": "threaten", "demands": "demand",
               "statement": "state", "claim": "claim", "allegation": "allege",
               "accusation": "accuse", "threat": "threaten", "demand": "demand",
               "reports": "report", "rumours": "report", "rumors": "report"}


class Source(enum.Enum):
    """Who a clause's assertion belongs to, before actors are resolved."""

    EDITORIAL = "editorial"
    UNNAMED = "unnamed"
    PHRASE = "phrase"
    INHERIT = "inherit"


@attrs.frozen
class Attribution:
    """One clause's attribution: source, claimant phrase, cue and how it is framed."""

    start: int
    end: int
    source: Source
    kind: ClaimKind
    framing: Framing
    cue: str = ""
    phrase: str = ""
    agent: str = ""
    clausal: bool = False


def quoted_words(text: str, start: int, end: int) -> list[str]:
    """The quoted spans inside ``text[start:end]``."""
    return [m.group(1) or m.group(2) for m in _QUOTED.finditer(text, start, end)]


def _kind(stem: str) -> ClaimKind:
    return CUES.get(stem, ClaimKind.STATEMENT)


def _framing(kind: ClaimKind, stem: str, *, named: bool) -> Framing:
    if kind is ClaimKind.DENIAL:
        return Framing.DENIED
    if stem in SPECULATIVE:
        return Framing.SPECULATIVE
    if kind in (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION):
        return Framing.ALLEGED
    return Framing.ATTRIBUTED if named else Framing.REPORTED


def attribute(text: str, start: int, end: int) -> Attribution:
    """The attribution of the clause ``text[start:end]``."""
    clause = text[start:end]
    neg = _NEG_PASSIVE.search(clause) or _NEG_ACTIVE.search(clause)
    if neg:
        agent = neg.groupdict().get("agent") or clause[: neg.start()]
        return Attribution(start, end, Source.EDITORIAL, ClaimKind.OBSERVATION, Framing.ASSERTED,
                           cue=" ".join(neg.group().split()[:4]), agent=agent.strip())
    # The earliest cue governs the clause: "X reported that … before it was announced".
    candidates = [c for c in (_according(clause), _vague(clause), _active(clause),
                              _passive(clause)) if c is not None]
    if candidates:
        _, found = min(candidates, key=lambda c: c[0])
        return attrs.evolve(found, start=start, end=end)
    return Attribution(start, end, Source.EDITORIAL, _editorial_kind(clause), Framing.ASSERTED)


def _according(clause: str) -> tuple[int, Attribution] | None:
    match = _ACCORDING.search(clause)
    if not match:
        return None
    return match.start(), Attribution(0, 0, Source.PHRASE, ClaimKind.REPORT, Framing.ATTRIBUTED,
                                      cue="according to", phrase=match.group("agent"),
                                      clausal=True)


def _vague(clause: str) -> tuple[int, Attribution] | None:
    match = _VAGUE.search(clause) or _NOUN_CUE.search(clause)
    if not match:
        return None
    stem = cue_stem(match.group("cue")) or _NOUN_FORMS.get(match.group("cue").casefold(), "report")
    kind = _kind(stem)
    framing = Framing.ALLEGED if kind in (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION) else (
        Framing.REPORTED)
    return match.start(), Attribution(0, 0, Source.UNNAMED, kind, framing,
                                      cue=match.group().strip(), clausal=True)


def _passive(clause: str) -> tuple[int, Attribution] | None:
    match = _PASSIVE.search(clause)
    if match:
        stem = cue_stem(match.group("cue").split()[0]) or "deem"
        kind = _kind(stem)
        if match.group("agent"):
            return match.start(), Attribution(
                0, 0, Source.PHRASE, kind, _framing(kind, stem, named=True),
                cue=match.group().split(" by ")[0], phrase=match.group("agent"))
        framing = Framing.ALLEGED if kind in (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION) else (
            Framing.REPORTED)
        return match.start(), Attribution(0, 0, Source.UNNAMED, kind, framing,
                                          cue=match.group().strip())
    match = _ADVERB_CUE.search(clause)
    if match:
        alleged = match.group("cue").casefold() != "reportedly"
        return match.start(), Attribution(
            0, 0, Source.UNNAMED, ClaimKind.ALLEGATION if alleged else ClaimKind.REPORT,
            Framing.ALLEGED if alleged else Framing.REPORTED, cue=match.group())
    return None


def _active(clause: str) -> tuple[int, Attribution] | None:
    words = list(_WORD.finditer(clause))
    for index, word in enumerate(words):
        made = _MADE.match(clause, word.start())
        stem = cue_stem(word.group())
        if made:
            stem = _NOUN_FORMS.get(made.group("cue").casefold(), "state")
        elif stem is None or (index + 1 < len(words) and words[index + 1].group() == "of"):
            continue
        elif word.group().casefold().endswith("ing") and index > 0 and (
                clause[: word.start()].rstrip()[-1:] != ","):
            continue  # a gerund or noun ("finding"), not a participle clause ", saying"
        before = [w.group().casefold() for w in words[max(0, index - 2) : index]]
        while before and before[-1] in ADVERBS - {"was", "were", "is", "are", "been"}:
            before.pop()
        if before and before[-1] in _NOT_AFTER:
            continue
        after = words[index + 1].group().casefold() if index + 1 < len(words) else ""
        if stem in {"find", "conclude", "rule", "note", "add", "state", "call", "charge"} and (
                not made and after not in {"that", "for", "on", "the", "it", "him", "her"}):
            continue
        kind = _kind(stem)
        phrase = clause[: word.start()]
        source = Source.PHRASE if phrase.strip(" ,") else Source.INHERIT
        return word.start(), Attribution(
            0, 0, source, kind, _framing(kind, stem, named=True),
            cue=(made.group() if made else word.group()), phrase=phrase, clausal=stem in CLAUSAL)
    return None


def _editorial_kind(clause: str) -> ClaimKind:
    if re.search(r"\b(?:was|is|were|are|had been|has been)\s+(?:a|an|one of|the)\b|\bconcern",
                 clause):
        return ClaimKind.BACKGROUND
    return ClaimKind.EVENT
