"""Find who asserts what in one clause: the cue, the claimant phrase, the kind and the framing."""

from __future__ import annotations

import enum
import re

import attrs

from claimtrack.extract.lexicon import CUES, SPECULATIVE, cue_stem
from claimtrack.extract.mentions import ADVERBS
from claimtrack.model import ClaimKind, Framing
from claimtrack.vague import IMPERSONAL

__all__ = ["Attribution", "Source", "attribute", "quoted_words"]

# Cues whose complement is a clause: what follows (up to the next cue) is their content.
CLAUSAL = frozenset({
    "say", "state", "claim", "report", "announce", "allege", "warn", "confirm", "suggest",
    "insist", "argue", "maintain", "add", "note", "find", "conclude", "reveal", "disclose",
    "declare", "tell", "write", "testify", "contend", "admit", "acknowledge", "assert",
    "predict", "speculate", "rule", "explain", "recall", "concede", "estimate", "order",
})
_NEG_PASSIVE = re.compile(
    r"\b(?:was|were|has|have|had|is|are)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:stated|revealed|"
    r"disclosed|released|made public|confirmed|announced|explained|specified|identified|named|"
    r"published)\b(?:\s+by\s+(?P<agent>[^,;]+))?", re.IGNORECASE)
_NEG_ACTIVE = re.compile(
    r"\b(?:did|does|do|has|have|had|would|will|could)\s+not\s+(?:yet\s+)?(?:say|said|reveal(?:ed)?|"
    r"disclose[d]?|explain(?:ed)?|specif(?:y|ied)|comment(?:ed)?|release[d]?|withdrawn?|"
    r"respond(?:ed)?|confirm(?:ed)?|name[d]?|return(?:ed)?)\b|\b(?:declined|refused)\s+to\s+"
    r"(?:comment|say|disclose|reveal|name|confirm|specify|elaborate|answer|respond|discuss)\b"
    r"|\bcould\s+not\s+(?:immediately\s+)?be\s+reached\b|\bwas\s+not\s+available\s+for\s+comment\b",
    re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+(?P<agent>[^,;]+)", re.IGNORECASE)
# "officials quoted by the newspaper", "documents seen by Reuters": the source, then the relay.
_RELAYED = re.compile(r"^(?P<source>.+?)\s+(?:quoted|cited|seen|obtained|reviewed)\s+by\s+"
                      r"(?P<via>.+)$", re.IGNORECASE)
_CITING = re.compile(r"(?:\s+[\w'\u2019]+){0,4}?,\s+(?:citing|quoting)\s+(?P<source>[^,;]+),",
                     re.IGNORECASE)
_LEADING_CITING = re.compile(r"^\s*(?:citing|quoting)\s+(?P<source>[^,;]+),\s+(?P<rest>.+)$",
                             re.IGNORECASE | re.DOTALL)
_TOLD = re.compile(r"\s+(?P<target>(?!that\b)[^,;\"“]+?)"
                   r"(?=\s+(?:on|in|last|this|that|at)\b|[,;]|$)", re.IGNORECASE)
_SEEN_BY = re.compile(r"\b(?P<cue>in\s+an?\s+(?:filing|document|report|letter|memo|email|"
                      r"submission|statement)\s+(?:seen|obtained|reviewed)\s+by\s+"
                      r"(?P<via>[^,;]+)),\s+(?P<rest>.+)$", re.IGNORECASE)
_CHARGE = re.compile(r"^\(?\s*(?P<cue>(?:was\s+|were\s+)?(?:charged|accused|suspected|indicted)"
                     r"\s+(?:with|of))\b", re.IGNORECASE)
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|be)\s+(?:\w+ly\s+|himself\s+|herself\s+|itself\s+|"
    r"themselves\s+|also\s+)?(?P<cue>deemed|described as|considered|"
    r"labell?ed|branded|accused|alleged|said to|reported to|believed|called)\b"
    r"(?:[^,;]*?\s+by\s+(?P<agent>(?:(?-i:[A-Z])|the\s|an?\s)[^,;]*"
    r"(?:,\s+(?-i:[A-Z])[^,;]*(?=,))?))?", re.IGNORECASE)
_ADVERB_CUE = re.compile(r"\b(?P<cue>reportedly|allegedly|purportedly|supposedly)\b",
                         re.IGNORECASE)
_MADE = re.compile(r"\b(?:made|issued|released)\s+(?:a\s+)?(?:public\s+)?(?P<cue>statements?|"
                   r"claims?|allegations?|accusations?|threats?|demands?)\b", re.IGNORECASE)
_NOUN_CUE = re.compile(r"\b(?:concern(?:s|ed|ing)?|over|about|amid|amidst|of|despite|following|"
                       r"are|were|is|was)"
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
    via: str = ""
    """The relay between the document and the source ("quoted by X", "X reported, citing")."""
    target: str = ""
    """Whom the claimant told ("told Meridian Wire"): a relay when it is an outlet."""
    hedge: bool = False
    """A hedge or a charge ("allegedly", "(charged with …)") whose origin the text leaves
    unnamed; another claim of the article may name it."""


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
    low = clause.casefold()
    neg = None
    if " not " in low or "declined" in low or "refused" in low:
        neg = _NEG_PASSIVE.search(clause) or _NEG_ACTIVE.search(clause)
    if neg:
        agent = neg.groupdict().get("agent") or clause[: neg.start()]
        return Attribution(start, end, Source.EDITORIAL, ClaimKind.OBSERVATION, Framing.ASSERTED,
                           cue=" ".join(neg.group().split()[:4]), agent=agent.strip())
    charge = _CHARGE.match(clause) if ("charged" in low or "accused" in low or "suspected" in low
                                        or "indicted" in low) else None
    if charge:  # "(charged with fraud)": an official accusation the text does not source
        return Attribution(start, end, Source.UNNAMED, ClaimKind.ACCUSATION, Framing.ALLEGED,
                           cue=" ".join(charge.group("cue").split()), hedge=True)
    seen = _SEEN_BY.search(clause) if " by " in low else None
    if seen and seen.start() == 0:
        # "In a filing seen by the Ledger, they now put …": the subject after it is the source.
        inner = attribute(text, start + seen.start("rest"), end)
        if inner.source is Source.EDITORIAL:
            rest = seen.group("rest")
            subject = rest.split(" ", 1)[0] if rest.split(" ", 1)[0].casefold() in {
                "they", "he", "she", "it"} else ""
            return Attribution(start, end, Source.PHRASE if subject else Source.UNNAMED,
                               ClaimKind.STATEMENT, Framing.ATTRIBUTED,
                               cue=" ".join(seen.group("cue").split()[:4]), phrase=subject,
                               via=seen.group("via"))
        return attrs.evolve(inner, start=start, via=inner.via or seen.group("via"))
    # The earliest cue governs the clause: "X reported that … before it was announced".
    candidates = [c for c in (_according(clause) if "according" in low else None,
                              _vague(clause) if " that" in low or "it " in low else None,
                              _active(clause), _passive(clause, low)) if c is not None]
    if candidates:
        _, found = min(candidates, key=lambda c: c[0])
        return attrs.evolve(found, start=start, end=end)
    return Attribution(start, end, Source.EDITORIAL, _editorial_kind(clause), Framing.ASSERTED)


def _according(clause: str) -> tuple[int, Attribution] | None:
    match = _ACCORDING.search(clause)
    if not match:
        return None
    agent, via = match.group("agent"), ""
    relayed = _RELAYED.match(agent)
    if relayed:  # "according to officials quoted by the newspaper"
        agent, via = relayed.group("source"), relayed.group("via")
    return match.start(), Attribution(0, 0, Source.PHRASE, ClaimKind.REPORT, Framing.ATTRIBUTED,
                                      cue="according to", phrase=agent, clausal=True, via=via)


def _vague(clause: str) -> tuple[int, Attribution] | None:
    match = IMPERSONAL.search(clause) or _NOUN_CUE.search(clause)
    if not match:
        return None
    stem = cue_stem(match.group("cue")) or _NOUN_FORMS.get(match.group("cue").casefold(), "report")
    kind = _kind(stem)
    framing = Framing.ALLEGED if kind in (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION) else (
        Framing.REPORTED)
    noun = match.re is _NOUN_CUE  # "allegations are claims that …": whose claims?
    return match.start(), Attribution(0, 0, Source.UNNAMED, kind, framing,
                                      cue=match.group("cue") + " that" if noun else (
                                          match.group().strip()), clausal=True, hedge=noun)


_PASSIVE_WORDS = ("deemed", "described", "considered", "label", "branded", "accused", "alleged",
                  "said to", "reported to", "believed", "called")
_HEDGE_WORDS = ("reportedly", "allegedly", "purportedly", "supposedly")


def _passive(clause: str, low: str) -> tuple[int, Attribution] | None:
    match = _PASSIVE.search(clause) if any(w in low for w in _PASSIVE_WORDS) else None
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
    match = _ADVERB_CUE.search(clause) if any(w in low for w in _HEDGE_WORDS) else None
    if match:
        alleged = match.group("cue").casefold() != "reportedly"
        return match.start(), Attribution(
            0, 0, Source.UNNAMED, ClaimKind.ALLEGATION if alleged else ClaimKind.REPORT,
            Framing.ALLEGED if alleged else Framing.REPORTED, cue=match.group(), hedge=alleged)
    return None


def _active(clause: str) -> tuple[int, Attribution] | None:
    words = list(_WORD.finditer(clause))
    makes = any(w in clause for w in ("made", "issued", "released"))
    for index, word in enumerate(words):
        made = _MADE.match(clause, word.start()) if makes else None
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
        if stem == "order" and after != "that":
            continue  # "ordered the wells closed": an act, not a ruling's words
        if stem in {"find", "conclude", "rule", "note", "add", "state", "call", "charge",
                    "withdraw", "retract"} and (
                not made and after not in {"that", "for", "on", "the", "it", "him", "her", "his",
                                           "its", "their", "a", "an"}):
            continue
        kind = _kind(stem)
        phrase = clause[: word.start()]
        cue = made.group() if made else word.group()
        via = target = ""
        framing = _framing(kind, stem, named=True)
        leading = _LEADING_CITING.match(phrase)
        citing = _CITING.match(clause, word.end())
        if leading:  # "Citing two workers, the newspaper reported …"
            phrase, via = leading.group("source"), leading.group("rest")
        elif citing:  # "The newspaper reported, citing two officials, that …"
            phrase, via = citing.group("source"), phrase
        relayed = leading or citing
        if relayed is not None:
            # The outlet relays a source it does not vouch for: reported, whatever its verb.
            cue = f"{cue}, {relayed.group().strip(' ,').split()[0].casefold()}"
            if framing is Framing.ATTRIBUTED:
                framing = Framing.REPORTED
        if stem == "tell":
            told = _TOLD.match(clause, word.end())
            target = told.group("target") if told else ""
            cue = f"{cue} {target}".strip()
        source = Source.PHRASE if phrase.strip(" ,") else Source.INHERIT
        return word.start(), Attribution(
            0, 0, source, kind, framing, cue=cue, phrase=phrase,
            clausal=stem in CLAUSAL, via=via, target=target)
    return None


def _editorial_kind(clause: str) -> ClaimKind:
    if re.search(r"\b(?:was|is|were|are|had been|has been)\s+(?:a|an|one of|the)\b|\bconcern",
                 clause):
        return ClaimKind.BACKGROUND
    return ClaimKind.EVENT
