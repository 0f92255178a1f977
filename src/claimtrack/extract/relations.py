"""Draft the relations a fact-checker needs between the claims of one article.

A denial ``denies`` the charges it answers, a retraction ``retracts`` what its claimant said
before, a ruling ``supports`` or ``contradicts`` the allegation it decides, a "not stated"
observation ``qualifies`` the claim it is about, and a body claim ``supports`` or
``contradicts`` the infobox line it bears on. Every search looks back over a bounded window
of claims, so the work stays linear in the article's length.
"""

from __future__ import annotations

import re

from claimtrack.extract.pipeline import DraftClaim
from claimtrack.extract.words import content_words, numbers_in
from claimtrack.model import ClaimKind

__all__ = ["propose_relations"]

_WINDOW = 60
_NEAR = 25
_FINDING = re.compile(r"(?:found|find|finds|showed|shows|confirmed|established|concluded)\b",
                      re.I)
_CHARGES_WORD = re.compile(r"\bcharge[sd]?\b", re.I)
_SAYINGS = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.STATEMENT,
                      ClaimKind.REPORT, ClaimKind.ANNOUNCEMENT, ClaimKind.CHARACTERIZATION})
_ANSWERS = frozenset({ClaimKind.STATEMENT, ClaimKind.CHARACTERIZATION})
_DISMISSIVE = re.compile(r"\b(?:absurd|nonsense|false|untrue|baseless|unfounded|fabricat\w*|"
                         r"lies|lie|fairy tale|smear|slander|ridiculous|groundless|invent\w*)\b",
                         re.I)
_PLURAL_TARGET = re.compile(r"\b(?:allegations|accusations|claims|charges|statements|remarks)\b",
                            re.I)
_CHARGES = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.REPORT,
                      ClaimKind.ANNOUNCEMENT, ClaimKind.CHARACTERIZATION})
_ACCUSATIONS = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION})
_NEGATIVE = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|insufficient|unfounded|false|acquit\w*|"
    r"clear(?:ed|s)?|dismiss\w*|reject\w*|overturn\w*|annul\w*|innocent|lacked|lack)\b", re.I)
class _Article:
    """The drafted claims with their words, for overlap tests."""

    def __init__(self, claims: list[DraftClaim], text: str,
                 affiliations: dict[str, set[str]], editorial: str) -> None:
        self.affiliations = affiliations
        self.claims = claims
        self.editorial = editorial
        self.boxes = [c for c in claims if c.infobox]
        self._named: dict[int, set[str]] = {}
        self.text = text
        self.words = [content_words(text[c.content:c.end]) for c in claims]
        self.sentence_of = [c.sentence for c in claims]

    def sentence_group(self, index: int) -> list[DraftClaim]:
        """The claims of the same claimant in the sentence of claim ``index``."""
        claim = self.claims[index]
        return [c for c in self.claims[max(0, index - 6):index + 6]
                if c.sentence == claim.sentence and c.claimant == claim.claimant
                and c.kind not in (ClaimKind.DENIAL, ClaimKind.OBSERVATION)]

    def circle(self, actor: str) -> set[str]:
        """Whom ``actor`` speaks for or belongs with: its affiliation and those affiliated."""
        return self.affiliations.get(actor, set())

    def named_words(self, index: int) -> set[str]:
        """The content words of claim ``index``, names included (an infobox value is one)."""
        if index not in self._named:
            claim = self.claims[index]
            self._named[index] = content_words(self.text[claim.content:claim.end], names=True)
        return self._named[index]

    def overlap(self, a: int, b: int) -> int:
        return len(self.words[a] & self.words[b])

    def earlier(self, index: int, window: int = 0) -> range:
        return range(index - 1, max(-1, index - 1 - (window or _WINDOW)), -1)


def propose_relations(claims: list[DraftClaim], text: str, *, editorial: str,
                      affiliations: dict[str, str | None] | None = None) -> None:
    """Add the key relations between the drafted claims, in place."""
    circles: dict[str, set[str]] = {}
    for actor, owner in (affiliations or {}).items():
        if owner:
            circles.setdefault(actor, set()).add(owner)
            circles.setdefault(owner, set()).add(actor)
    article = _Article(claims, text, circles, editorial)
    bodies = [i for i, c in enumerate(claims) if not c.infobox]
    for index in bodies:
        claim = claims[index]
        if claim.kind is ClaimKind.DENIAL:
            _link(claim, "denies", _denied(article, index))
        elif claim.kind is ClaimKind.RETRACTION:
            _link(claim, "retracts", _retracted(article, index))
        elif claim.kind is ClaimKind.RULING or (claim.kind is ClaimKind.REPORT and (
                _FINDING.match(claim.cue))):
            for target in _decided(article, index):
                kind = "contradicts" if _NEGATIVE.search(text, claim.content, claim.end) else (
                    "supports")
                _link(claim, kind, [target])
        elif claim.kind is ClaimKind.OBSERVATION:
            _link(claim, "qualifies", _qualified(article, index))
        elif claim.claimant != article.editorial and claim.kind in _ANSWERS:
            answered = _answered(article, index)
            if answered:
                # "said no petrol bombs were thrown", "called the claim absurd": a denial
                # in other words, of the accusation it repeats.
                claim.kind = ClaimKind.DENIAL
                _link(claim, "denies", answered)
        elif claim.claimant == article.editorial and _NEGATIVE.search(
                text, claim.content, claim.end):
            _link(claim, "qualifies", _undercut(article, index))
    _infobox_links(article)


def _answered(article: _Article, index: int) -> list[DraftClaim]:
    """The accusation a negated statement answers: by someone else, in the same words."""
    claims = article.claims
    claim = claims[index]
    text = article.text
    if not _NEGATIVE.search(text, claim.content, claim.end) and not _DISMISSIVE.search(
            text, claim.content, claim.end):
        return []
    dismissive = bool(_DISMISSIVE.search(text, claim.content, claim.end))
    best: tuple[int, int] | None = None
    for i in article.earlier(index, _NEAR):
        other = claims[i]
        if other.kind not in _SAYINGS or other.claimant in (claim.claimant,
                                                            article.editorial):
            continue
        score = 2 * article.overlap(i, index) + 2 * len(set(other.about) & {
            claim.claimant, *claim.about, *article.circle(claim.claimant)})
        if dismissive and claim.claimant in other.about:
            score += 3
        if score >= 4 and (best is None or score > best[0]):
            best = (score, i)
    if best is None:
        return []
    return article.sentence_group(best[1])


def _undercut(article: _Article, index: int) -> list[DraftClaim]:
    """The accusation an editorial negative ('no charges were filed') bears on, nearby."""
    claims = article.claims
    claim = claims[index]
    for distance, i in enumerate(article.earlier(index, 4)):
        other = claims[i]
        if other.kind in _ACCUSATIONS and (article.overlap(i, index) or (
                set(other.about) & set(claim.about)) or distance < 2):
            return [other]
    return []


def _link(claim: DraftClaim, kind: str, targets: list[DraftClaim]) -> None:
    for target in targets:
        if target is not claim and (kind, target.id) not in claim.relations:
            claim.relations.append((kind, target.id))


def _denied(article: _Article, index: int) -> list[DraftClaim]:
    """The charges a denial answers: those about its claimant, or by whom it names."""
    claims = article.claims
    denial = claims[index]
    named = set(denial.about) - {denial.claimant}
    by_named = [i for i in article.earlier(index)
                if claims[i].claimant in named and claims[i].claimant != denial.claimant
                and claims[i].kind in _CHARGES | {ClaimKind.STATEMENT}]
    if by_named:
        # "rejected the police account": what the named actor said, in its latest sentence.
        latest = article.sentence_of[by_named[0]]
        return [claims[i] for i in by_named if article.sentence_of[i] == latest]
    same_sentence = [claims[i] for i in article.earlier(index)
                     if article.sentence_of[i] == article.sentence_of[index]
                     and claims[i].kind in _ACCUSATIONS and claims[i].claimant != denial.claimant]
    if same_sentence:
        return same_sentence[:1]  # "…, which the ministry denied"
    concerned = {denial.claimant, *denial.about, *article.circle(denial.claimant)}
    charges = bool(_CHARGES_WORD.search(article.text, denial.content, denial.end))
    about = [i for i in article.earlier(index)
             if (claims[i].kind in _CHARGES | {ClaimKind.STATEMENT} or (
                 charges and claims[i].claimant == article.editorial
                 and _CHARGES_WORD.search(article.text, claims[i].content, claims[i].end)))
             and claims[i].claimant not in concerned and concerned & set(claims[i].about)
             and (claims[i].kind is not ClaimKind.STATEMENT or article.overlap(i, index))]
    if about:
        groups: list[DraftClaim] = []
        for i in about:
            for claim in article.sentence_group(i) or [claims[i]]:
                if claim not in groups:
                    groups.append(claim)
        return groups
    earlier = [claims[i] for i in article.earlier(index) if claims[i].kind in _ACCUSATIONS
               and claims[i].claimant not in concerned]
    return earlier[:1]


def _retracted(article: _Article, index: int) -> list[DraftClaim]:
    """What a retraction withdraws: its claimant's earlier claims, the closest in words."""
    claims = article.claims
    retraction = claims[index]
    own = [i for i in range(max(0, index - _WINDOW), min(len(claims), index + 8))
           if i != index and claims[i].claimant == retraction.claimant
           and claims[i].kind not in (ClaimKind.RETRACTION, ClaimKind.DENIAL)
           and (i < index or article.sentence_of[i] == article.sentence_of[index])]
    if not own:
        return []
    restated = [i for i in own if i > index and article.sentence_of[i] == article.sentence_of[
        index] and claims[i].kind is ClaimKind.ALLEGATION and claims[i].cue.endswith(" that")]
    if restated:  # "withdrew his claim that X": X, restated in the same sentence
        return [claims[restated[0]]]
    accusing = [i for i in own if claims[i].kind in _ACCUSATIONS] or own
    if _PLURAL_TARGET.search(article.text, retraction.start, retraction.end):
        return [claims[i] for i in accusing]
    best = max(accusing, key=lambda i: (article.overlap(i, index), i))
    return [claims[best]]


def _decided(article: _Article, index: int) -> list[DraftClaim]:
    """The allegations a ruling decides: by others, on the same subject, in the same words."""
    claims = article.claims
    ruling = claims[index]
    scored = []
    wanted = _ACCUSATIONS if ruling.kind is ClaimKind.RULING else _SAYINGS
    for i in article.earlier(index):
        other = claims[i]
        if other.kind not in wanted or other.claimant in (ruling.claimant, article.editorial):
            continue
        shared = article.overlap(i, index)
        if shared >= (2 if ruling.kind is ClaimKind.RULING else 3):
            scored.append((shared + 2 * len(set(other.about) & set(ruling.about)), i))
    scored.sort(reverse=True)
    return [claims[i] for _, i in scored[:1]]


def _qualified(article: _Article, index: int) -> list[DraftClaim]:
    """The claim an observation ("has not said", "declined to comment") bears on."""
    claims = article.claims
    note = claims[index]
    agents = set(note.about)
    sentence = [i for i in article.earlier(index)
                if article.sentence_of[i] == article.sentence_of[index]]
    if sentence:
        return [claims[sentence[0]]]
    best: tuple[int, int] | None = None
    for distance, i in enumerate(article.earlier(index, _NEAR)):
        other = claims[i]
        if other.kind is ClaimKind.OBSERVATION:
            continue
        score = 3 * article.overlap(i, index) + 6 * (other.claimant == note.agent) + 3 * len(
            agents & set(other.about)) + (1 if distance == 0 else 0) - distance // 8
        if score > 1 and (best is None or score > best[0]):
            best = (score, i)
    targets = [claims[best[1]]] if best else []
    subjects = agents - {note.agent}
    for other in article.boxes:
        if other.kind is ClaimKind.ACCUSATION and subjects & set(
                other.about) and other not in targets:
            targets.append(other)
    return targets


def _infobox_links(article: _Article) -> None:
    """Body claims that bear on an infobox line support it, or contradict its number."""
    claims = article.claims
    boxes = [i for i, c in enumerate(claims) if c.infobox]
    if not boxes or len(boxes) > 200:
        return
    text = article.text
    for b in boxes:
        box = claims[b]
        key_words = content_words(text[box.start:box.content].rstrip(" :").casefold())
        value = text[box.content:box.end]
        # A value that only names someone ("Athlete: X") shares no words, only an actor.
        named_only = bool(box.about) and all(w[:1].isupper() for w in value.split())
        value_words = set() if named_only else content_words(value, names=True)
        numbers = numbers_in(text[box.content:box.end])
        best: list[tuple[int, int]] = []
        for i, other in enumerate(claims):
            if other.infobox or other.kind is ClaimKind.OBSERVATION:
                continue
            words = article.named_words(i)
            shared_key = len(words & key_words)
            shared_value = len(words & value_words)
            shared_actor = len(set(box.about) & {*other.about, other.claimant})
            if numbers and shared_key:
                theirs = numbers_in(text[other.content:other.end])
                if theirs and not theirs & numbers:
                    _link(other, "contradicts", [box])
                    continue
                if theirs & numbers:
                    best.append((shared_key + shared_value + 2, i))
                    continue
            # A line that only names someone ("Athlete: X") is not supported by every
            # sentence about them: the sentence must share the line's key or its words.
            enough = min(2, len(value_words))
            if (enough and shared_value >= enough) or (shared_key and (
                    shared_actor or not box.about)):
                best.append((shared_key + shared_value + shared_actor, i))
        best.sort(reverse=True)
        for score, i in best[:2]:
            if score >= min(2, max(1, len(value_words))):
                _link(claims[i], "supports", [box])
