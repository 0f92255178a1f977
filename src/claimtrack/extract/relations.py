"""The ``relations`` layer: how the article's own claims answer each other.

A denial ``denies`` the charges it answers (by others, about the one who denies); a
retraction ``retracts`` what its claimant said before; a ruling or finding ``supports`` or
``contradicts`` (when negative) the allegation it decides; a "not said" observation
``qualifies`` the claim it bears on; two claims giving different figures for the same
quantity ``contradict`` each other; a body claim ``supports`` the infobox line that
condenses it (``contradicts`` it with another figure). Every search looks back over a
bounded window of claims, so the work stays linear in the article's length.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimtrack.extract.article import Article, Content, Relation
from claimtrack.extract.claims import Drafted
from claimtrack.model import ActorKind, ClaimKind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["annotate_relations"]

_WINDOW = 60
_CHARGES = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.STATEMENT,
                      ClaimKind.REPORT, ClaimKind.ANNOUNCEMENT, ClaimKind.CHARACTERIZATION})
_ACCUSATIONS = frozenset({ClaimKind.ALLEGATION, ClaimKind.ACCUSATION})
_NEGATIVE = frozenset({"not", "no", "never", "none", "neither", "nor", "without", "nobody",
                       "nothing",
                       "insufficient", "unfounded", "false", "acquit", "clear", "dismiss",
                       "reject", "overturn", "quash", "innocent", "lack", "n't", "baseless"})
_DISMISSIVE = frozenset({"absurd", "nonsense", "false", "untrue", "baseless", "unfounded",
                         "fabricate", "fabrication", "lie", "smear", "slander", "ridiculous",
                         "groundless", "invent", "invention", "fairy", "hysteria", "fiction",
                         "wrong", "incorrect", "inaccurate", "mistaken", "misleading"})
_ANSWERS = frozenset({ClaimKind.STATEMENT, ClaimKind.CHARACTERIZATION})
_STEMS = {"dead": "death", "die": "death", "kill": "death", "injure": "injury",
          "wound": "injury", "hurt": "injury", "detain": "arrest", "arrest": "arrest",
          "charge": "accuse", "accused": "accuse", "suspect": "accuse", "sentence": "sanction",
          "ban": "sanction", "suspend": "sanction", "fine": "sanction", "elect": "election",
          "vote": "election", "test": "test", "positive": "test", "contaminate": "contaminant"}
"""Words that name one thing in an infobox and another in the body ("Deaths" / "shot
dead"): both count as the first."""
_GENERIC_COUNTS = frozenset({"people", "person", "year", "month", "week", "day", "hour",
                             "minute", "time", "percent", "cent", "per"})
"""Nouns so often counted that a different figure alone says nothing ("600 people")."""
_BACK = frozenset({"accusation", "allegation", "charge", "claim", "argument", "account",
                   "version", "figure", "number", "estimate", "report", "assertion",
                   "suggestion", "story", "criticism"})
"""Nouns that point back at a claim made before ("denied the accusation", "rejected that
argument", "the member's figure is wrong")."""
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "hundred": 100}


class _Claims:
    """The drafted claims with their content words, figures and polarity."""

    def __init__(self, article: Article, drafted: Sequence[Drafted],
                 kinds: dict[str, ActorKind], affiliations: dict[str, str | None],
                 names: dict[str, str]) -> None:
        self.drafted = drafted
        self.kinds = kinds
        contents: tuple[Content, ...] = article.layer("contents")
        doc = article.doc
        self.names = {actor: {w.casefold() for w in name.split() if len(w) > 3}
                      for actor, name in names.items()}
        self.all_words: list[set[str]] = []
        self.words: list[set[str]] = []
        self.figures: list[dict[str, int]] = []
        self.denied_figures: list[dict[str, int]] = []
        self.back: list[str] = []
        self.which: list[bool] = []
        self.negative: list[bool] = []
        self.dismissive: list[bool] = []
        self.sentence = [contents[d.content].sentence for d in drafted]
        for draft in drafted:
            content = contents[draft.content]
            tokens = doc[content.start:content.end]
            self.all_words.append({t.lower_ for t in tokens} | {t.lemma_.casefold()
                                                                 for t in tokens})
            words = {t.lemma_.casefold() for t in tokens if t.is_alpha
                     and not t.is_stop and t.pos_ in ("NOUN", "VERB", "ADJ")}
            self.words.append(words | {_STEMS[w] for w in words if w in _STEMS})
            self.negative.append(any(t.lemma_.casefold() in _NEGATIVE for t in tokens))
            self.dismissive.append(any(t.lemma_.casefold() in _DISMISSIVE for t in tokens))
            figures: dict[str, int] = {}
            denied: dict[str, int] = {}
            for token in tokens:
                value = 0 if token.lower_ in ("no", "none") and token.head.pos_ == "NOUN" else (
                    _number(token.text))
                counted = _counted(token)
                if value is not None and counted is not None:
                    negated = any(c.dep_ == "neg" for c in token.children)
                    (denied if negated else figures).setdefault(counted, value)
            self.figures.append(figures)
            self.denied_figures.append(denied)
            self.which.append(tokens[0].lower_ in ("which", "that") and tokens[0].dep_ in (
                "dobj", "nsubjpass") if len(tokens) else False)
            self.back.append(next((t.lemma_.casefold() for t in tokens
                                   if t.lemma_.casefold() in _BACK and t.pos_ == "NOUN"
                                   and any(c.dep_ == "poss" or c.lower_ in (
                                       "the", "that", "this", "these", "those")
                                       for c in t.children)), ""))
        circle: dict[str, set[str]] = {}
        for actor, owner in affiliations.items():
            if owner:
                circle.setdefault(actor, set()).add(owner)
                circle.setdefault(owner, set()).add(actor)
        self.circle = circle

    def near(self, index: int) -> range:
        return range(index - 1, max(-1, index - 1 - _WINDOW), -1)

    def concerned(self, index: int) -> set[str]:
        """The claimant of claim ``index`` and whom it speaks for."""
        who = self.drafted[index].claimant
        return {who, *self.circle.get(who, ())}

    def overlap(self, a: int, b: int) -> int:
        return len(self.words[a] & self.words[b])


def _counted(token: Token) -> str | None:
    """The noun a number counts: its head ("two tanks"), the noun of a partitive ("four of
    the nine tanks"), what it stands beside ("two tanks, not four"), or what a figure is
    put at ("put the number of homes cut off at 15,000")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "at":
        put = next((a for a in head.ancestors if a.pos_ == "VERB"), None)
        thing = next((c for c in put.children if c.dep_ == "dobj"), None) if put else None
        of = next((c for c in thing.children if c.lower_ == "of"), None) if thing else None
        counted = next((g for g in of.children if g.dep_ == "pobj"), thing) if of else thing
        return counted.lemma_.casefold() if counted is not None else None
    if token.dep_ in ("nummod", "det", "appos", "quantmod") and head.pos_ == "NOUN":
        return head.lemma_.casefold()
    of = next((c for c in token.children if c.lower_ == "of"), None)
    noun = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    if noun is not None:
        return noun.lemma_.casefold()
    return head.lemma_.casefold() if head.pos_ in ("NOUN", "VERB") else None


def _number(text: str) -> int | None:
    low = text.casefold().replace(",", "")
    if low.isdigit() and len(low) < 7:
        return int(low)
    return _NUMBER_WORDS.get(low)


def _named_in(claims: _Claims, index: int) -> list[int]:
    """What the actor a denial names said last ("rejected the police account")."""
    denial = claims.drafted[index]
    words = claims.all_words[index] - set().union(
        *(claims.names.get(a, set()) for a in claims.concerned(index)))
    by_named: dict[str, list[int]] = {}
    for i in claims.near(index):
        other = claims.drafted[i]
        if other.claimant in claims.concerned(index) or other.kind not in _CHARGES or (
                claims.kinds.get(other.claimant) in (ActorKind.EDITORIAL, ActorKind.UNNAMED)):
            continue
        if claims.names.get(other.claimant, set()) & words and other.claimant != denial.claimant:
            by_named.setdefault(other.claimant, []).append(i)
    if not by_named:
        return []
    latest = max(by_named.values(), key=lambda found: found[0])
    sentence = claims.sentence[latest[0]]
    return sorted(i for i in latest if claims.sentence[i] == sentence)


def _denied(claims: _Claims, index: int) -> list[int]:
    named = _named_in(claims, index)
    if named:
        return named
    denial = claims.drafted[index]
    concerned = claims.concerned(index)
    best: dict[int, float] = {}
    for i in claims.near(index):
        other = claims.drafted[i]
        if other.claimant in concerned or other.kind not in _CHARGES | {ClaimKind.BACKGROUND,
                                                                           ClaimKind.EVENT}:
            continue
        about = concerned & set(other.about)
        shared = claims.overlap(i, index)
        editorial = claims.kinds.get(other.claimant) is ActorKind.EDITORIAL
        if editorial and not about and other.section != "Infobox":
            continue
        score = 3 * bool(about) + shared + 2 * (other.kind in _ACCUSATIONS) + 2 * bool(
            set(denial.about) & {other.claimant})
        if score >= 3:
            best[i] = score
    if not best:
        return []
    top = max(best.values())
    sentence = claims.sentence[max(best, key=lambda i: (best[i], i))]
    return sorted(i for i, s in best.items() if claims.sentence[i] == sentence or (
        claims.drafted[i].section == "Infobox" and s >= 3) or s >= top)


def _answered(claims: _Claims, index: int) -> tuple[str, list[int]]:
    """The claim a statement answers: a negated or dismissive one ("said no petrol bombs
    were thrown", "called the claim absurd") answers a charge in the same words or about
    it; one by the accused themselves, what they are accused of in the same words. The
    accused deny it; anyone else contradicts it."""
    negative = claims.negative[index] or claims.dismissive[index]
    concerned = claims.concerned(index)
    named = _named_in(claims, index)
    if named and claims.dismissive[index]:
        return "denies", named
    best = None
    for distance, i in enumerate(claims.near(index)):
        other = claims.drafted[i]
        if distance > 25 or other.claimant in concerned or other.kind not in (
                _CHARGES) or claims.kinds.get(other.claimant) is ActorKind.EDITORIAL:
            continue
        accused = bool(concerned & set(other.about))
        opposite = {w[2:] for w in claims.all_words[index] if w.startswith("un") and len(
            w) > 5} & claims.all_words[i]  # "was unarmed" against "armed with machetes"
        if not (negative or opposite) and not (accused and other.kind in _ACCUSATIONS):
            continue
        shared = len(opposite) + claims.overlap(i, index) + 2 * bool(
            {k for k, v in claims.figures[i].items() if claims.figures[index].get(k) == v})
        score = 2 * shared + 3 * accused * claims.dismissive[index]
        if score >= 2 and (best is None or score > best[0]):
            best = (score, i, accused)
    if best is None:
        return "", []
    return ("denies" if best[2] or claims.drafted[index].kind is ClaimKind.DENIAL
            else "contradicts"), [best[1]]


def _retracted(claims: _Claims, index: int) -> list[int]:
    retraction = claims.drafted[index]
    own = [i for i in range(max(0, index - _WINDOW), min(len(claims.drafted), index + 3))
           if i != index and claims.drafted[i].claimant == retraction.claimant
           and claims.drafted[i].kind not in (ClaimKind.RETRACTION, ClaimKind.DENIAL)]
    if not own:
        return []
    after = [i for i in own if i > index and claims.sentence[i] == claims.sentence[index]]
    if after:
        return after[:1]
    return [max(own, key=lambda i: (claims.overlap(i, index), i))]


def _decided(claims: _Claims, index: int) -> list[int]:
    ruling = claims.drafted[index]
    scored = []
    for i in claims.near(index):
        other = claims.drafted[i]
        if other.kind not in _ACCUSATIONS | {ClaimKind.STATEMENT} or other.claimant in (
                ruling.claimant,) or claims.kinds.get(other.claimant) is ActorKind.EDITORIAL:
            continue
        shared = claims.overlap(i, index) + 2 * len(set(other.about) & set(ruling.about))
        if shared >= 2:
            scored.append((shared, i))
    return [max(scored)[1]] if scored else []


def _qualified(claims: _Claims, index: int) -> list[int]:
    note = claims.drafted[index]
    same = [i for i in claims.near(index) if claims.sentence[i] == claims.sentence[index]]
    if same:
        return same[:1]
    best = None
    for distance, i in enumerate(claims.near(index)):
        other = claims.drafted[i]
        if other.kind is ClaimKind.OBSERVATION or distance > 25:
            continue
        score = 3 * claims.overlap(i, index) + 6 * (other.claimant == note.agent) + 3 * len(
            set(note.about) & set(other.about)) - distance // 8
        if score > 2 and (best is None or score > best[0]):
            best = (score, i)
    return [best[1]] if best else []


def _figures(claims: _Claims, index: int) -> list[int]:
    """The claim that gives another figure for the same quantity: the same noun counted and
    another word in common, or the very figure this one says is not so ("two, not four")."""
    mine, denied = claims.figures[index], claims.denied_figures[index]
    for i in claims.near(index):
        theirs = claims.figures[i]
        if any(theirs.get(k) == v for k, v in denied.items()):
            return [i]
        differ = {k for k, v in mine.items() if k in theirs and theirs[k] != v}
        if differ and not any(theirs.get(k) == v for k, v in mine.items()) and (
                differ - _GENERIC_COUNTS or (claims.words[index] & claims.words[i]) - differ):
            return [i]
    return []


def _pointed(claims: _Claims, index: int) -> list[int]:
    """The claim a noun pointing back names ("denied the accusation", "rejected that
    argument"): the latest one before it by someone else of the kind the noun says."""
    noun = claims.back[index]
    if not noun:
        return []
    kinds = _ACCUSATIONS if noun in ("accusation", "allegation", "charge", "criticism") else (
        _CHARGES)
    for i in claims.near(index):
        other = claims.drafted[i]
        if other.claimant not in claims.concerned(index) and other.kind in kinds and (
                claims.kinds.get(other.claimant) is not ActorKind.EDITORIAL) and (
                noun not in ("figure", "number", "estimate") or claims.figures[i]):
            return [i]
    return []


def _infobox(claims: _Claims, relations: list[Relation]) -> None:
    boxes = [i for i, d in enumerate(claims.drafted) if d.section == "Infobox"]
    if len(boxes) > 200:
        return
    for b in boxes:
        box = claims.drafted[b]
        candidates = []
        for i, other in enumerate(claims.drafted):
            if other.section == "Infobox" or other.kind is ClaimKind.OBSERVATION:
                continue
            figures = claims.figures[i]
            shared_figure = {k for k, v in claims.figures[b].items() if figures.get(k) == v}
            other_figure = {k for k, v in claims.figures[b].items()
                            if k in figures and figures[k] != v}
            if other_figure and not shared_figure:
                relations.append(Relation(i, "contradicts", b))
                continue
            shared = claims.overlap(i, b) + 2 * len(shared_figure) + 2 * len(
                set(box.about) & {*other.about, other.claimant})
            if shared >= 2:
                candidates.append((shared, i))
        for _, i in sorted(candidates, reverse=True)[:1]:
            relations.append(Relation(i, "supports", b))


def annotate_relations(article: Article, drafted: Sequence[Drafted], *,
                       kinds: dict[str, ActorKind], affiliations: dict[str, str | None],
                       names: dict[str, str]) -> list[Relation]:
    """The key relations between the claims of one article."""
    claims = _Claims(article, drafted, kinds, affiliations, names)
    relations: list[Relation] = []
    for index, draft in enumerate(drafted):
        if draft.section == "Infobox":
            continue
        targets: list[int] = []
        kind = ""
        pointed = [] if _named_in(claims, index) else _pointed(claims, index)
        if claims.which[index] and index > 0 and claims.sentence[index - 1] == claims.sentence[
                index]:
            pointed = [index - 1]  # "..., which the ministry denied": the clause before it
        if pointed and draft.kind in (ClaimKind.DENIAL, ClaimKind.RULING, *_ANSWERS):
            kind = "contradicts" if draft.kind is ClaimKind.RULING else "denies"
            targets = pointed
        elif draft.kind is ClaimKind.DENIAL:
            kind, targets = "denies", _denied(claims, index)
        elif draft.kind is ClaimKind.RETRACTION:
            kind, targets = "retracts", _retracted(claims, index)
        elif draft.kind is ClaimKind.RULING or (draft.kind is ClaimKind.REPORT and claims.kinds
                                                 .get(draft.claimant) is not ActorKind.EDITORIAL):
            kind = "contradicts" if claims.negative[index] else "supports"
            targets = _decided(claims, index)
        elif draft.kind is ClaimKind.OBSERVATION:
            kind, targets = "qualifies", _qualified(claims, index)
        elif draft.kind in _ANSWERS and _figures(claims, index):
            kind, targets = "contradicts", _figures(claims, index)
        elif draft.kind in _ANSWERS and claims.kinds.get(draft.claimant) not in (
                ActorKind.EDITORIAL, None):
            kind, targets = _answered(claims, index)
        if not targets and (claims.figures[index] or claims.denied_figures[index]):
            kind, targets = "contradicts", _figures(claims, index)
        relations.extend(Relation(index, kind, t) for t in dict.fromkeys(targets) if t != index)
    _infobox(claims, relations)
    return relations
