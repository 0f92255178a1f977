"""Walk a parsed article and turn every sentence and infobox entry into draft claims."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import attrs

from claimtrack.extract.actors import ActorRegistry
from claimtrack.extract.actors import acronym as acronym_of
from claimtrack.extract.article import Article, parse_article
from claimtrack.extract.attribution import Attribution, Source, attribute, quoted_words
from claimtrack.extract.clauses import Aside, final_aside, is_adjunct, split_clauses, subject_aside
from claimtrack.extract.frames import Frame, find_frame
from claimtrack.extract.lexicon import AUXILIARIES, TITLE_WORDS, cue_stem
from claimtrack.extract.mentions import ADVERBS, MentionType, analyse, names_in
from claimtrack.extract.relay import (
    SPEECH_KINDS,
    is_vague_report,
    reported_content,
    reported_subject,
)
from claimtrack.extract.resolve import Discourse, full_names
from claimtrack.extract.sentences import split_sentences
from claimtrack.extract.subjects import subjects_of
from claimtrack.model import Actor, ActorKind, ClaimKind, Framing
from claimtrack.slug import fresh_id, slugify

__all__ = ["DraftClaim", "Extraction", "extract"]

_CONDITIONAL = re.compile(r"[,;\s]*otherwise\s", re.I)
_LEADING = re.compile(r"^(?:[,;]\s*)?(?:and|but|although|though|while|whereas)\s+", re.I)
_COORDINATION = re.compile(r"(?:;|,?\s+(?:and|but)\s+)\s*$")
_BRACKET_CHARGE = re.compile(r"\((?P<inner>(?P<cue>(?:charged|accused|suspected|indicted|convicted)"
                             r"\s+(?:with|of))\b[^()]{1,120})\)", re.I)
_RESTATED = re.compile(r"\b(?:his|her|its|their|the)\s+(?P<noun>claims?|allegations?|"
                       r"accusations?|statements?|assertions?|remarks?)\s+that\s+", re.I)
_TEMPORAL = re.compile(r"(?:after|before|until|when)\s", re.I)
_SAME_SOURCE = re.compile(r"(?:among\s+them|on\s+suspicion\s+of)\b", re.I)
_EVENT_KEYS = ("result", "status", "casualties", "deaths", "sanction", "outcome", "verdict",
               "arrest", "charged", "injur", "wound", "killed", "closed", "affected")
_ACCUSED_KEYS = ("accused", "suspect", "organizer", "organiser", "perpetrator", "substance",
                 "defendant", "charge")
# Infobox fields whose comma-separated value lists separate assertions (one per party, per
# commander, per outcome); a place or a date list ("Yerevan, Armenia") stays whole.
_LIST_KEYS = ("result", "outcome", "commander", "leader", "combatant", "accused", "suspect",
              "perpetrator", "organizer", "organiser", "participant", "side")
_RULING_STEMS = frozenset({"find", "rule", "order", "conclude", "convict", "acquit", "state",
                           "say", "report", "declare"})
_COURT_WORDS = re.compile(r"\b(?:court|judge|tribunal|jury|magistrate|panel)\b", re.I)
_HEDGED_VALUE = re.compile(r"\balleged(?:ly)?\b|\(reported\)", re.I)
_PLACE_KEYS = ("location", "place", "country", "date", "venue", "region", "city", "time")
_ANONYMOUS = re.compile(r"\banonym|\bnot (?:to )?be (?:named|identified)\b|\bnot authori[sz]ed",
                        re.IGNORECASE)
_OWN_OUTLET = ("this agency", "this newspaper", "this news agency", "this paper",
               "this website", "this reporter", "this outlet", "this publication")


@attrs.define
class DraftClaim:
    """A claim found in the article, before it is written out."""

    id: str
    claimant: str
    kind: ClaimKind
    framing: Framing
    start: int
    end: int
    section: str
    cue: str = ""
    about: list[str] = attrs.Factory(list)
    words: list[str] = attrs.Factory(list)
    relations: list[tuple[str, str]] = attrs.Factory(list)
    via: list[str] = attrs.Factory(list)
    attribution: str = "explicit"
    """explicit, inferred or own, as in the format."""
    basis: tuple[str, str] | None = None
    """(reason, quote) when the claimant is inferred."""
    hedge: bool = False
    """The text hedges or charges without naming who ("allegedly", "(charged with …)")."""
    infobox: bool = False
    content: int = 0
    """Where the claimed content starts (after the claimant and cue)."""
    subject: str | None = None
    """The actor the clause is grammatically about, when it opens with one."""
    agent: str | None = None
    """Who has not said or declined to say, for an observation ("not disclosed by X")."""
    sentence: int = -1
    """Where the claim's sentence starts: claims of one sentence share it."""


@attrs.frozen
class Extraction:
    """Everything extracted from one article."""

    article: Article
    claims: list[DraftClaim]
    actors: list[Actor]
    editorial: str


def extract(text: str, *, stem: str, known: Iterable[Actor] = (),
            taken_ids: Iterable[str] = ()) -> Extraction:
    """Draft claims of ``text``; ``stem`` prefixes the draft's own actors (``x-editorial``)."""
    from claimtrack.extract.accounts import infer_accounts
    from claimtrack.extract.inference import infer_claimants

    article = parse_article(text)
    registry = ActorRegistry(known, taken_ids=taken_ids)
    editorial = _voice(registry, article, stem)
    sentences = [(p.section, s, e) for p in article.paragraphs
                 for s, e in split_sentences(text, p.start, p.end)]
    names = full_names(text[s:e] for _, s, e in sentences)
    walker = _Walker(text, Discourse(registry, stem=stem, editorial=editorial, names=names))
    for entry in article.infobox:
        walker.infobox(entry.key, entry.start, entry.value_start, entry.end)
    for section, start, end in sentences:
        walker.sentence(start, end, section)
    # Accounts first: a hedged infobox line may then lean on a charge now given its origin.
    infer_accounts(walker.claims, article, walker.discourse)
    infer_claimants(walker.claims, text, walker.discourse)
    return Extraction(article, walker.claims, registry.proposed, editorial)


def _voice(registry: ActorRegistry, article: Article, stem: str) -> str:
    """The document's editorial voice: the outlet's, when an earlier document of the same
    outlet already gave it one (one outlet, one voice); else a new actor, under a name no
    other actor has (one name must mean one actor: two drafts titled alike differ)."""
    known = registry.resolve(article.outlet) if article.outlet else None
    if known is not None and registry.kind_of(known) is ActorKind.EDITORIAL:
        return known
    voice = article.outlet or article.title or stem
    name = f"{voice} (editorial voice)"
    if registry.resolve(name) is not None:
        name = f"{voice} (editorial voice of {stem})"
    return registry.special(ActorKind.EDITORIAL, stem=stem, name=name,
                            aliases=[article.outlet] if article.outlet else [])


class _Walker:
    """Turns sentences into claims, keeping the discourse state between them."""

    def __init__(self, text: str, discourse: Discourse) -> None:
        self.text = text
        self.discourse = discourse
        self.claims: list[DraftClaim] = []
        self.clause_names: list[str] = []
        self.sentence_start = 0
        self.relay: _Relay | None = None
        """The speaker an unnamed report of this sentence names, for the speech acts after it."""

    @property
    def editorial(self) -> str:
        return self.discourse.editorial

    def _add(self, claim: DraftClaim) -> DraftClaim:
        """Keep ``claim``, with the actors its content mentions as its subjects."""
        claim.sentence = self.sentence_start if not claim.infobox else claim.start
        found = subjects_of(self.text, claim.content, claim.end, self.discourse)
        for actor in found.actors:
            if actor not in claim.about:
                claim.about.append(actor)
        if claim.claimant == self.editorial and claim.content == claim.start:
            claim.subject = found.subject
        self.claims.append(claim)
        return claim

    def infobox(self, key: str, start: int, value_start: int, end: int) -> None:
        """One claim per infobox entry (or per listed item), in the document's own voice."""
        low = key.casefold()
        kind = ClaimKind.EVENT if low.startswith(_EVENT_KEYS) else (
            ClaimKind.ACCUSATION if low.startswith(_ACCUSED_KEYS) else ClaimKind.BACKGROUND)
        for i_start, i_end in _infobox_items(self.text, start, value_start, end, low):
            hedged = bool(_HEDGED_VALUE.search(self.text[start:i_end]))
            framing = Framing.ALLEGED if hedged else Framing.ASSERTED
            claim = DraftClaim("", self.editorial, kind, framing, i_start, i_end, "Infobox",
                               attribution="own", hedge=hedged, infobox=True,
                               content=max(i_start, value_start))
            if low.startswith(_PLACE_KEYS):
                self.claims.append(claim)  # a place or a date: no actor to be about
            else:
                self._add(claim)

    def sentence(self, start: int, end: int, section: str) -> None:
        """The claims of one sentence."""
        self.sentence_start = start
        self.relay = None
        frame = find_frame(self.text, start, end)
        if frame is not None and frame.kind == "quote":
            self._quotation(frame, section)
            return
        if self._continued_quotation(start, end, section):
            return
        self._bracketed_charges(start, end, section)
        content_end = frame.pieces[0][1] if frame is not None else end
        final = final_aside(self.text, start, content_end) if frame is None else None
        if final is not None:
            content_end = self.text.rfind(",", start, final[0])
        aside = subject_aside(self.text, start, content_end)
        subject = None
        clause_start = start
        first_claim = len(self.claims)
        if aside is not None:
            subject = self._subject_aside(aside, section)
            clause_start = aside.rest
        found = self._attributions(clause_start, content_end)
        if frame is not None:
            found = self._trailing(found, frame, start)
        if subject is not None and found and found[0].source is Source.INHERIT:
            found[0] = attrs.evolve(found[0], source=Source.PHRASE, phrase=subject[1])
        previous = self._previous(subject[0] if subject else None)
        for index, attribution in enumerate(found):
            claim = self._claim(attribution, section, previous)
            if claim is None:
                continue
            if index == 0 and subject is not None and subject[0] is not None:
                claim.subject = claim.subject or subject[0]
                if subject[0] not in claim.about and subject[0] != claim.claimant:
                    claim.about.insert(0, subject[0])
            previous = self._previous(claim.subject, claim)
        if frame is not None and aside is not None and len(self.claims) > first_claim + 1 and (
                not any(_COORDINATION.search(self.text[a.end:b.start])
                        for a, b in itertools.pairwise(found))):
            # "A second round of tests, commissioned by X, found …, the district said": the
            # trailing cue governs the aside too.
            last = self.claims[-1]
            for claim in self.claims[first_claim:-1]:
                if claim.claimant == self.editorial and last.claimant != self.editorial:
                    claim.claimant, claim.via, claim.cue = last.claimant, list(last.via), last.cue
                    claim.attribution, claim.framing = "explicit", last.framing
        if final is not None:
            aside_claim = DraftClaim("", self.editorial, ClaimKind.BACKGROUND, Framing.ASSERTED,
                                     *final, section, attribution="own", content=final[0])
            before = self.claims[-1] if len(self.claims) > first_claim else None
            if before is not None and before.claimant != self.editorial and re.match(
                    r"\w+\s+of\s+(?:whom|which)\b", self.text[final[0]:final[1]]):
                # "…, according to the police, three of whom worked for customs": theirs.
                aside_claim.claimant, aside_claim.via = before.claimant, list(before.via)
                aside_claim.cue, aside_claim.attribution = before.cue, "explicit"
                aside_claim.framing, aside_claim.kind = before.framing, before.kind
            self._add(aside_claim)
        if frame is not None and frame.aside is not None:
            self._aside(frame, section)

    def _previous(self, subject: str | None,
                  claim: DraftClaim | None = None) -> tuple[str, list[str]]:
        """Who a clause without a subject of its own ('…, saying …') continues."""
        if claim is not None and claim.claimant != self.editorial:
            return claim.claimant, claim.via
        if subject is not None:
            return subject, list(self.discourse.chains.get(subject, ()))
        return self.editorial, []

    def _subject_aside(self, aside: Aside, section: str) -> tuple[str | None, str]:
        """The claim an appositive or relative clause makes of the subject; the subject."""
        phrase = self.text[aside.subject[0]:aside.subject[1]]
        a_start, a_end = aside.aside
        actor = self.discourse.resolve(phrase, speaker=False)
        if _ANONYMOUS.search(self.text, a_start, a_end):
            return actor, phrase + ", " + self.text[a_start:a_end]
        inner = attribute(self.text, a_start, a_end)
        relative = self.text[a_start:a_end].split(" ", 1)[0].casefold() in {"who", "which"}
        if relative and inner.source is not Source.EDITORIAL and actor is not None:
            self._claim(attrs.evolve(inner, source=Source.PHRASE, phrase=phrase), section,
                        (self.editorial, []))
        else:
            claim = DraftClaim("", self.editorial, ClaimKind.BACKGROUND, Framing.ASSERTED,
                               aside.subject[0], a_end, section, attribution="own",
                               content=aside.subject[0])
            self._add(claim)
        return actor, phrase

    def _bracketed_charges(self, start: int, end: int, section: str) -> None:
        """'X (charged with fraud) was released': an official accusation the text gives
        without its source; its own claim, about the name before it."""
        for match in _BRACKET_CHARGE.finditer(self.text, start, end):
            claim = DraftClaim("", self.discourse.generic_unnamed(), ClaimKind.ACCUSATION,
                               Framing.ALLEGED, match.start(1), match.end(1), section,
                               cue=" ".join(match.group("cue").split()), hedge=True,
                               content=match.start(1))
            before = names_in(self.text[start:match.start()])
            if before:
                accused = self.discourse.resolve(before[-1], speaker=False)
                if accused is not None:
                    claim.about.append(accused)
            self._add(claim)

    def _continued_quotation(self, start: int, end: int, section: str) -> bool:
        """A sentence that is all quotation, right after a quoted speaker: still theirs."""
        text = self.text
        if text[start] not in "\"“" or text[end - 1] not in "\"”" or not self.claims:
            return False
        last = self.claims[-1]
        if last.claimant == self.editorial or not last.words or start - last.end > 200:
            return False
        inner = (start + 1, end - 1)
        if text.find('"', *inner) != -1 or text.find("“", *inner) != -1:
            return False
        q_start, q_end = inner[0], inner[1]
        while q_end > q_start and text[q_end - 1] in " ,.":
            q_end -= 1
        self._add(DraftClaim("", last.claimant, ClaimKind.STATEMENT, Framing.ATTRIBUTED,
                             q_start, q_end, section, cue=last.cue,
                             words=[text[q_start:q_end]], via=list(last.via), content=q_start))
        return True

    def _quotation(self, frame: Frame, section: str) -> None:
        actor = self.discourse.resolve(frame.speaker)
        claimant = actor or self.discourse.generic_unnamed()
        via = self._via("", frame.target, claimant)
        for q_start, q_end in frame.pieces:
            self._add(DraftClaim(
                "", claimant, ClaimKind.STATEMENT, Framing.ATTRIBUTED, q_start, q_end, section,
                cue=frame.cue, words=[self.text[q_start:q_end]], via=via, content=q_start))
        if frame.aside is not None:
            self._aside(frame, section)

    def _aside(self, frame: Frame, section: str) -> None:
        """The speaker's appositive or relative clause: what the article says of them."""
        start, end = frame.aside  # type: ignore[misc]
        self._add(DraftClaim("", self.editorial, ClaimKind.BACKGROUND, Framing.ASSERTED, start,
                             end, section, attribution="own", content=start))

    def _trailing(self, found: list[Attribution], frame: Frame,
                  start: int) -> list[Attribution]:
        """Give the trailing cue's speaker the clauses it governs (back to an 'and')."""
        if not found:
            return found
        last = len(found) - 1
        first = last
        while first > 0 and not _COORDINATION.search(self.text[found[first - 1].start:
                                                                found[first].start]):
            first -= 1
        speaker = Attribution(0, 0, Source.PHRASE, ClaimKind.STATEMENT, Framing.ATTRIBUTED,
                              cue=frame.cue, phrase=frame.speaker, target=frame.target)
        outer = frame.cue.startswith("according")
        for index in range(first, last + 1):
            if (found[index].source is Source.EDITORIAL or outer) and (
                    found[index].kind is not ClaimKind.OBSERVATION):
                found[index] = attrs.evolve(speaker, start=found[index].start,
                                            end=found[index].end)
        found[last] = attrs.evolve(found[last], end=frame.end)
        return found

    def _attributions(self, start: int, end: int) -> list[Attribution]:
        found: list[Attribution] = []
        previous_end = start
        for c_start, c_end in split_clauses(self.text, start, end):
            joint = self.text[previous_end:c_start]
            previous_end = c_end
            current = attribute(self.text, c_start, c_end)
            if found and current.source is Source.EDITORIAL and _CONDITIONAL.match(
                    self.text, c_start):
                # "…, otherwise they would …": the same source's threat, not the article's.
                current = attrs.evolve(current, source=Source.INHERIT, kind=ClaimKind.THREAT)
            if found and found[-1].source is not Source.EDITORIAL and (
                    current.source is Source.EDITORIAL) and _SAME_SOURCE.match(
                    self.text, c_start):
                # "…, among them three officers, on suspicion of …": still what they said.
                current = attrs.evolve(found[-1], start=c_start, end=c_end,
                                       source=Source.INHERIT, phrase="", via="", target="")
            elif found and found[-1].clausal and current.source is Source.EDITORIAL and (
                    found[-1].source is not Source.EDITORIAL) and _TEMPORAL.match(
                    self.text, c_start):
                # "X said the papers were altered after the bids had been opened": still X's.
                found[-1] = attrs.evolve(found[-1], end=c_end)
                continue
            elif found and found[-1].clausal and current.source is Source.EDITORIAL and (
                    current.kind is not ClaimKind.OBSERVATION) and not is_adjunct(
                    self.text, c_start):
                verb = not found[-1].cue.startswith("according")
                if (verb and _COORDINATION.search(joint)) or re.match(r"that\b",
                                                                    self.text[c_start:c_end]):
                    # "said A and B": each content clause is a claim of the same speaker.
                    current = attrs.evolve(found[-1], start=c_start, end=c_end,
                                           source=Source.INHERIT, phrase="", via="", target="")
                else:
                    found[-1] = attrs.evolve(found[-1], end=c_end)
                    continue
            found.extend(self._restated(current))
        return found

    def _restated(self, found: Attribution) -> list[Attribution]:
        """'withdrew his claim that X': the retraction, and X restated as the same claimant's."""
        if found.kind is not ClaimKind.RETRACTION:
            return [found]
        match = _RESTATED.search(self.text, found.start, found.end)
        if match is None:
            return [found]
        head = attrs.evolve(found, end=match.end("noun"))
        content = attrs.evolve(found, start=match.end(), source=Source.INHERIT, phrase="",
                               kind=ClaimKind.ALLEGATION, framing=Framing.ATTRIBUTED,
                               cue=f"{match.group('noun')} that", clausal=False)
        return [head, content]

    def _claim(self, found: Attribution, section: str,
               previous: tuple[str, list[str]]) -> DraftClaim | None:
        q_start, q_end = _trim(self.text, found.start, found.end)
        if q_start >= q_end:
            return None
        relayed = self._relayed(found)
        if relayed is not None:
            claimant, via, cue = relayed
            kind, framing = found.kind, Framing.REPORTED
        else:
            claimant, kind, framing, via = self._claimant(found, previous)
            cue = found.cue
        content = q_start
        phrase = found.phrase.strip()
        at = self.text.find(phrase, q_start, q_end) if phrase else -1
        passive = re.match(r"(?:was|were|is|are|been|be)\b", found.cue, re.I)
        if at != -1 and claimant != self.editorial and not passive:
            content = at + len(phrase)
        attribution = "own" if claimant == self.editorial else "explicit"
        claim = DraftClaim("", claimant, kind, framing, q_start, q_end, section, cue=cue,
                           via=via, attribution=attribution, hedge=found.hedge,
                           content=content)
        if found.source is Source.UNNAMED and is_vague_report(found.cue):
            self._report(claim)
        if claimant != self.editorial:
            claim.words = quoted_words(self.text, q_start, q_end)
        if found.agent:
            agent = self.discourse.resolve(found.agent, speaker=False)
            if agent is not None:
                claim.about.append(agent)
                claim.agent = agent
        self.clause_names = names_in(self.text[q_start:q_end])
        return self._add(claim)

    def _report(self, claim: DraftClaim) -> None:
        """An unnamed report ("it was reported X had met …"): note whom it gives as speaker.

        When the report itself is a speech act of someone it names ("it was reported that the
        minister had demanded …"), the claim is that speaker's, relayed through the report.
        """
        content = reported_content(self.text, claim.start, claim.end, claim.cue)
        via = [claim.claimant, *claim.via]
        inner = attribute(self.text, content, claim.end)
        phrase = reported_subject(self.text, content, claim.end)
        # The speech act must be the reported clause's own verb, right after its subject.
        if inner.source is Source.PHRASE and inner.kind in SPEECH_KINDS and phrase and (
                _only_auxiliaries(inner.phrase.strip(" ,"), phrase)):
            relay = _Relay(phrase, via, claim.cue)
            speaker = self._speaker(relay)
            if speaker is not None:
                claim.claimant, claim.via, claim.kind = speaker, via, inner.kind
                claim.framing = Framing.REPORTED
                at = self.text.find(relay.phrase, content, claim.end)
                claim.content = at + len(relay.phrase) if at != -1 else content
                self.relay = relay
                return
        if phrase:
            self.relay = _Relay(phrase, via, claim.cue)

    def _relayed(self, found: Attribution) -> tuple[str, list[str], str] | None:
        """A speech act continuing an unnamed report that named its speaker: theirs, via it."""
        if self.relay is None or found.source is not Source.INHERIT or (
                found.kind not in SPEECH_KINDS):
            return None
        speaker = self._speaker(self.relay)
        if speaker is None:
            return None
        return speaker, list(self.relay.via), self.relay.cue

    def _speaker(self, relay: _Relay) -> str | None:
        """The actor a report names as its subject; nobody for the article or a vague source."""
        if relay.actor is None:
            mention = analyse(relay.phrase)
            if mention.type in (MentionType.NONE, MentionType.OWN):
                relay.actor = ""
            else:
                actor = self.discourse.actor(mention)
                special = actor is None or actor == self.editorial or (
                    actor == self.discourse.generic_unnamed())
                relay.actor = "" if special else actor
        return relay.actor or None

    def _via(self, via_phrase: str, target: str, claimant: str) -> list[str]:
        """The relays between the document and the claimant, outermost first."""
        chain: list[str] = []
        if via_phrase:
            relay = self.discourse.resolve(via_phrase, speaker=False)
            if relay is None and not via_phrase.strip(" ,").casefold().startswith(_OWN_OUTLET):
                relay = self.discourse.generic_unnamed()
            if relay is not None and relay not in (self.editorial, claimant):
                chain.append(relay)
        if target:
            mention = analyse(target)
            told = self.discourse.actor(mention) if mention.type in (
                MentionType.NAME, MentionType.OWN) else None
            if told is not None and told not in (self.editorial, claimant) and (
                    self.discourse.registry.kind_of(told) is ActorKind.MEDIA):
                chain.append(told)
        return chain

    def _claimant(self, found: Attribution, previous: tuple[str, list[str]]
                  ) -> tuple[str, ClaimKind, Framing, list[str]]:
        discourse = self.discourse
        if found.source is Source.EDITORIAL:
            return self.editorial, found.kind, found.framing, []
        if found.source is Source.UNNAMED:
            claimant = discourse.generic_unnamed()
            return claimant, found.kind, found.framing, self._via(found.via, "", claimant)
        if found.source is Source.INHERIT:
            claimant, via = previous
            framing = found.framing if claimant != self.editorial else Framing.ASSERTED
            return claimant, found.kind, framing, list(via)
        mention = analyse(found.phrase)
        actor: str | None
        if mention.type is MentionType.PRONOUN and mention.text in {"who", "which"}:
            actor = self._relative()
        else:
            actor = discourse.actor(mention)
        if actor is None and found.via and mention.type is MentionType.NONE:
            actor = discourse.generic_unnamed()  # "documents seen by X": unnamed, via X
        if actor is None or actor == self.editorial:
            # The cue's subject names nobody ("A post-mortem found", "remain disputed").
            kind = ClaimKind.REPORT if found.kind is ClaimKind.REPORT else ClaimKind.BACKGROUND
            if found.kind is ClaimKind.OBSERVATION:
                kind = found.kind
            return self.editorial, kind, Framing.ASSERTED, []
        discourse.note(actor, speaker=True, role=mention.role, gender=mention.gender,
                       plural=mention.plural)
        via = self._via(found.via, found.target, actor)
        if not via and mention.type in (MentionType.PRONOUN, MentionType.ROLE):
            via = list(discourse.chains.get(actor, ()))  # a continuation keeps its chain
        discourse.chains[actor] = tuple(via)
        kind, framing = found.kind, found.framing
        if discourse.registry.kind_of(actor) is ActorKind.UNNAMED and (
                framing is Framing.ATTRIBUTED and mention.type is MentionType.NONE):
            framing = Framing.REPORTED
        if (discourse.registry.kind_of(actor) is ActorKind.COURT or _COURT_WORDS.search(
                found.phrase)) and cue_stem(found.cue.split()[0]) in _RULING_STEMS:
            kind = ClaimKind.RULING
        return actor, kind, framing, via

    def _relative(self) -> str | None:
        """The antecedent of 'who'/'which': the last name of the clause before."""
        names = self.clause_names
        if not names:
            return None
        last = names[-1]
        registry = self.discourse.registry
        for earlier in names[:-1]:
            if last.isupper() and acronym_of(earlier) == last:
                return registry.propose(earlier, aliases=[last])
        return registry.propose(self.discourse.full_name(last))


def _only_auxiliaries(phrase: str, subject: str) -> bool:
    """Whether ``phrase`` is ``subject`` followed by nothing but auxiliaries and adverbs."""
    if not phrase.startswith(subject):
        return False
    rest = phrase[len(subject):].replace(",", " ").split()
    return all(w.casefold() in AUXILIARIES or w.casefold() in ADVERBS for w in rest)


@attrs.define
class _Relay:
    """The subject an unnamed report gives, resolved to an actor when first needed."""

    phrase: str
    via: list[str]
    cue: str
    actor: str | None = None
    """None: not resolved yet; "": nobody who could be a speaker."""


def _infobox_items(text: str, start: int, value_start: int, end: int,
                   key: str) -> list[tuple[int, int]]:
    """The entry whole, or one span per listed item (the first keeps the key)."""
    if not key.startswith(_LIST_KEYS) or "," not in text[value_start:end]:
        return [(start, end)]
    items, cursor = [], value_start
    for match in re.finditer(r",\s*", text[value_start:end]):
        items.append((cursor, value_start + match.start()))
        cursor = value_start + match.end()
    items.append((cursor, end))
    # "Name, Minister of X": a title after the comma describes the name before it.
    merged: list[tuple[int, int]] = []
    for item in items:
        first = text[item[0]:item[1]].split(" ", 1)[0].casefold()
        if merged and first in TITLE_WORDS:
            merged[-1] = (merged[-1][0], item[1])
        else:
            merged.append(item)
    merged[0] = (start, merged[0][1])
    return merged


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;\n":
        start += 1
    match = _LEADING.match(text, start, end)
    if match:
        start = match.end()
    while end > start and text[end - 1] in " ,;\n":
        end -= 1
    return start, end


def claim_ids(claims: list[DraftClaim], text: str, taken: Iterable[str], stem: str) -> None:
    """Give every claim a readable id, unique within the draft and the folder."""
    used = set(taken)
    for claim in claims:
        candidate = fresh_id(slugify(f"{stem} {text[claim.start:claim.end]}", limit=48), used)
        used.add(candidate)
        claim.id = candidate
