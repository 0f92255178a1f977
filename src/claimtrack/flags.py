"""What needs a fact-checker's attention: each rule a small named function over one claim."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from claimtrack.anchor import find_quote
from claimtrack.dataset import Dataset
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.index import Index
from claimtrack.model import ActorKind, Claim, ClaimKind, Framing, RelationType, Status

__all__ = ["RULES", "Finding", "FlagContext", "arrange", "chosen_rules", "find_flags"]

_SETTLED = {Status.CONFIRMED, Status.REFUTED, Status.RETRACTED}
_BACKED = {Status.CONFIRMED, Status.CORROBORATED}
_CHARGES = {ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.ANNOUNCEMENT,
            ClaimKind.STATEMENT, ClaimKind.CHARACTERIZATION, ClaimKind.REPORT}
_HOSTILE = {ClaimKind.ALLEGATION, ClaimKind.ACCUSATION, ClaimKind.DENIAL, ClaimKind.THREAT,
            ClaimKind.DEMAND}
_CHALLENGES = {RelationType.DENIES, RelationType.DISPUTES, RelationType.CONTRADICTS,
               RelationType.QUALIFIES, RelationType.CORRECTS}
_VAGUE = re.compile(r"\b(it (?:was|is|has been) (?:reported|said|claimed|alleged|believed)|"
                    r"(?:was|were|is|are) (?:deemed|reported|said|believed|considered|alleged)|"
                    r"reportedly|allegedly|according to (?:some|sources|reports)|"
                    r"sources (?:say|said))\b", re.IGNORECASE)
_WITHHELD = re.compile(r"\b(?:not|never|yet to)\b(?: been| be| have| has)?\s+(?:publicly\s+)?"
                       r"(?:revealed|stated|disclosed|released|named|identified|specified|"
                       r"explained|made public|confirmed|detailed)\b", re.IGNORECASE)


@attrs.frozen
class Finding:
    """One reason a claim needs attention."""

    rule: str
    claim: str
    reason: str


@attrs.define(kw_only=True)
class FlagContext:
    """What the rules look at besides the claim, with lookups computed once."""

    dataset: Dataset
    index: Index
    today: dt.date
    stale_after: int | None = None
    _hostile: dict[str, set[str]] | None = None

    def hostile_to(self, actor_id: str) -> set[str]:
        """Actors who threatened, accused, denied or made demands of ``actor_id``."""
        if self._hostile is None:
            self._hostile = {}
            for other in self.dataset.claims.values():
                if other.kind in _HOSTILE:
                    for target in other.about:
                        self._hostile.setdefault(target, set()).add(other.claimant)
        return self._hostile.get(actor_id, set())


Rule = Callable[[FlagContext, Claim], Iterator[str]]


def _kind(ctx: FlagContext, actor_id: str) -> ActorKind | None:
    actor = ctx.dataset.actors.get(actor_id)
    return actor.kind if actor else None


def _name(ctx: FlagContext, actor_id: str) -> str:
    actor = ctx.dataset.actors.get(actor_id)
    return actor.name if actor else actor_id


def _group(ctx: FlagContext, actor_id: str) -> set[str]:
    """The actor and every actor it is affiliated with, up the chain."""
    seen: set[str] = set()
    current: str | None = actor_id
    while current and current not in seen:
        seen.add(current)
        actor = ctx.dataset.actors.get(current)
        current = actor.affiliation if actor else None
    return seen


def _independent_support(ctx: FlagContext, claim: Claim) -> list[Claim]:
    """Claims by someone outside the claimant's group (and not a document's own voice or an
    unnamed source) that support the claim or repeat it."""
    group = _group(ctx, claim.claimant)
    found = []
    for edge in ctx.index.edges(claim.id):
        if edge.type not in (RelationType.SUPPORTS, RelationType.SAME_AS):
            continue
        if edge.type is RelationType.SUPPORTS and edge.target != claim.id:
            continue
        other = ctx.dataset.claims.get(edge.other(claim.id))
        if other is None or _group(ctx, other.claimant) & group:
            continue
        if _kind(ctx, other.claimant) in (ActorKind.EDITORIAL, ActorKind.UNNAMED):
            continue
        found.append(other)
    return found


def unverified(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """Nobody has checked it yet."""
    if claim.status is Status.UNVERIFIED:
        reviewed = "never reviewed" if not claim.reviews else "reviewed, still unverified"
        yield f"{reviewed}: only {_name(ctx, claim.claimant)}'s word so far"


def single_source(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """One named claimant, one document, nothing independent behind it."""
    if _kind(ctx, claim.claimant) in (ActorKind.EDITORIAL, ActorKind.UNNAMED, None):
        return
    if claim.status in _BACKED | _SETTLED or claim.status is Status.NOT_CHECKABLE:
        return
    if len(claim.documents) == 1 and not _independent_support(ctx, claim):
        yield (f"only {_name(ctx, claim.claimant)} says so, in one document "
               f"({claim.documents[0]}), with no independent support")


def _opponents(ctx: FlagContext, claimant: str) -> set[str]:
    """Actors who have threatened, accused, denied or made demands of the claimant's group."""
    group = _group(ctx, claimant)
    hostile: set[str] = set()
    for member in group:
        for enemy in ctx.hostile_to(member):
            hostile |= _group(ctx, enemy)
    return hostile - group


def interested_party(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """The claimant accuses its own opponent and nothing independent supports it."""
    if claim.kind not in _CHARGES or claim.status in _BACKED | _SETTLED:
        return
    if _kind(ctx, claim.claimant) in (ActorKind.EDITORIAL, ActorKind.UNNAMED, None):
        return
    targets = [a for a in claim.about if _group(ctx, a) & _opponents(ctx, claim.claimant)]
    if targets and not _independent_support(ctx, claim):
        names = ", ".join(_name(ctx, a) for a in targets)
        yield (f"{_name(ctx, claim.claimant)} makes this claim about its opponent {names}, "
               "and nothing independent supports it")


def denied_unresolved(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """Denied by someone, and the verdict is still open."""
    if claim.status in _SETTLED:
        return
    for edge in ctx.index.incoming(claim.id):
        if edge.type in (RelationType.DENIES, RelationType.DISPUTES, RelationType.CONTRADICTS):
            other = ctx.dataset.claims.get(edge.source)
            who = _name(ctx, other.claimant) if other else edge.source
            yield (f"{edge.type.inverse_label} {edge.source} ({who}) and still "
                   f"{claim.status}")


def vague_attribution(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """Attributed to nobody in particular: "it was reported", "was deemed" — by whom?"""
    cues = [m.group(0) for a in claim.appearances for m in _VAGUE.finditer(a.quote)]
    if _kind(ctx, claim.claimant) is ActorKind.UNNAMED or (
            cues and claim.framing in (Framing.REPORTED, Framing.ALLEGED)):
        cue = f"'{cues[0]}'" if cues else "an unnamed source"
        yield f"{cue}: by whom? the document names no source"


def details_withheld(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """Something the claim rests on has not been revealed."""
    for appearance in claim.appearances:
        match = _WITHHELD.search(appearance.quote)
        if match:
            yield f"details withheld: '{appearance.quote}'"
            return
    if claim.kind is ClaimKind.OBSERVATION:
        yield f"an absence is noted: {claim.statement}"


def asserted_but_alleged(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """Stated as fact in the document's own voice while other claims show it is not settled."""
    if claim.framing is not Framing.ASSERTED or claim.status in _BACKED:
        return
    if _kind(ctx, claim.claimant) is not ActorKind.EDITORIAL:
        return
    for edge in ctx.index.edges(claim.id):
        other = ctx.dataset.claims.get(edge.other(claim.id))
        if other is None:
            continue
        if (edge.type in (RelationType.SAME_AS, RelationType.ELABORATES)
                and _kind(ctx, other.claimant) not in (ActorKind.EDITORIAL, None)
                and other.status not in _BACKED):
            yield (f"stated as fact, but {edge.other(claim.id)} shows it is only "
                   f"{_name(ctx, other.claimant)}'s {other.kind} ({other.status})")
        elif edge.target == claim.id and edge.type in _CHALLENGES:
            yield (f"stated as fact, but {edge.label_from(claim.id)} {edge.source}: "
                   f"{other.statement}")


def quote_missing(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """An appearance's quote is no longer in its document."""
    for appearance in claim.appearances:
        text = ctx.dataset.text_of(appearance.document)
        if text is None:
            yield f"document {appearance.document} cannot be read"
        elif not find_quote(text, appearance.quote, prefix=appearance.prefix,
                            suffix=appearance.suffix):
            yield f"quote no longer found in {appearance.document}: '{appearance.quote}'"


def stale_review(ctx: FlagContext, claim: Claim) -> Iterator[str]:
    """The latest review is older than the allowed age."""
    if ctx.stale_after is None or not claim.reviews:
        return
    last = claim.reviews[-1].date.end
    age = (ctx.today - last).days
    if age > ctx.stale_after:
        yield f"last reviewed {last.isoformat()}, {age} days ago (limit {ctx.stale_after})"


RULES: dict[str, Rule] = {
    "unverified": unverified,
    "single-source": single_source,
    "interested-party": interested_party,
    "denied-unresolved": denied_unresolved,
    "vague-attribution": vague_attribution,
    "details-withheld": details_withheld,
    "asserted-but-alleged": asserted_but_alleged,
    "quote-missing": quote_missing,
    "stale-review": stale_review,
}


def find_flags(
    ctx: FlagContext, claims: Iterable[Claim], *, rules: Sequence[str] = ()
) -> list[Finding]:
    """Every finding of the chosen rules (all by default) on ``claims``, claim by claim."""
    chosen = [(name, RULES[name]) for name in chosen_rules(rules)]
    return [Finding(name, claim.id, reason)
            for claim in claims for name, rule in chosen for reason in rule(ctx, claim)]


def chosen_rules(rules: Sequence[str] = ()) -> list[str]:
    """The rules to run, in order (all by default); raise UsageError on an unknown one."""
    for name in rules:
        if name not in RULES:
            raise UsageError(f"--rule: unknown rule '{name}'; {one_of(RULES)}"
                             f"{did_you_mean(name, RULES)}")
    return list(rules or RULES)


def arrange(findings: Sequence[tuple[str, str, str]], claim_ids: Iterable[str], *,
            rules: Sequence[str] = ()) -> list[tuple[str, str, str]]:
    """From every rule's findings on every claim, those ``find_flags`` gives for these.

    ``findings`` are (rule, claim, reason) of all rules over the whole dataset, claim by
    claim in dataset order, as ``find_flags`` gives them; ``claim_ids`` are in dataset
    order too. The result keeps only those claims and the chosen rules, in
    ``find_flags``'s order.
    """
    chosen = chosen_rules(rules)
    wanted = set(claim_ids)
    if chosen == [name for name in RULES if name in chosen]:
        # The chosen rules run in their usual order: keeping findings is enough.
        keep = set(chosen)
        return [f for f in findings if f[1] in wanted and f[0] in keep]
    by_claim: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    order: list[str] = []
    for finding in findings:
        if finding[1] in wanted:
            if finding[1] not in by_claim:
                order.append(finding[1])
            by_claim.setdefault(finding[1], {}).setdefault(finding[0], []).append(finding)
    return [f for claim in order for name in chosen for f in by_claim[claim].get(name, ())]
