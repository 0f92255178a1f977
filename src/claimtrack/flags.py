"""What needs a fact-checker's attention: each rule a small named function over the index.

A rule reads the index with SQL and says, for each claim it flags, why. What a rule finds
in a claim alone (a vague cue in a quote, a withheld detail) is worked out once, when the
claim's file is indexed (``local_facts``), and kept as a fact beside the claim; the rest is
asked of the index each time, so findings are always those of the folder as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.model import ActorKind, Claim, ClaimKind, Framing, RelationType, Status

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["RULES", "Finding", "FlagContext", "chosen_rules", "find_flags", "local_facts"]

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


def _sql_set(values: Iterable[object]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@attrs.frozen
class Finding:
    """One reason a claim needs attention."""

    rule: str
    claim: str
    reason: str


# -- what a claim says on its own (worked out when its file is indexed) ---------------------


def local_facts(claim: Claim) -> Iterator[tuple[str, str]]:
    """(rule, fact) pairs the rules read later: the first vague cue, a withheld detail."""
    for appearance in claim.appearances:
        match = _VAGUE.search(appearance.quote)
        if match:
            yield "vague-attribution", match.group(0)
            break
    for appearance in claim.appearances:
        if _WITHHELD.search(appearance.quote):
            yield "details-withheld", f"details withheld: '{appearance.quote}'"
            return
    if claim.kind is ClaimKind.OBSERVATION:
        yield "details-withheld", f"an absence is noted: {claim.statement}"


# -- the context every rule shares ------------------------------------------------------------


@attrs.define(kw_only=True)
class FlagContext:
    """The index, the date rules judge by, and lookups over actors computed once."""

    index: Index
    today: dt.date
    stale_after: int | None = None
    scope: str = "1"
    """A condition on ``c`` (the claims table) that limits which claims are judged."""
    scope_params: Sequence[object] = ()
    _actors: dict[str, tuple[str, str, str | None]] | None = None
    _hostile: dict[str, set[str]] | None = None

    def _actor_rows(self) -> dict[str, tuple[str, str, str | None]]:
        if self._actors is None:
            self._actors = {i: (name, kind, affiliation) for i, name, kind, affiliation in
                            self.index.rows("SELECT id, name, kind, affiliation FROM actors "
                                            "WHERE live ORDER BY file, n")}
        return self._actors

    def name(self, actor_id: str) -> str:
        """The actor's name, or its id when it is unknown."""
        found = self._actor_rows().get(actor_id)
        return found[0] if found else actor_id

    def kind(self, actor_id: str) -> ActorKind | None:
        """The actor's kind, or None when it is unknown."""
        found = self._actor_rows().get(actor_id)
        return ActorKind(found[1]) if found else None

    def group(self, actor_id: str) -> set[str]:
        """The actor and every actor it is affiliated with, up the chain."""
        seen: set[str] = set()
        current: str | None = actor_id
        actors = self._actor_rows()
        while current and current not in seen:
            seen.add(current)
            found = actors.get(current)
            current = found[2] if found else None
        return seen

    def hostile_to(self, actor_id: str) -> set[str]:
        """Actors who threatened, accused, denied or made demands of ``actor_id``."""
        if self._hostile is None:
            self._hostile = {}
            for target, claimant in self.index.rows(
                    "SELECT j.value, c.claimant FROM claims c, json_each(c.about) j "
                    f"WHERE c.live AND c.about != '[]' AND c.kind IN {_sql_set(_HOSTILE)} "
                    "ORDER BY c.file, c.n"):
                self._hostile.setdefault(target, set()).add(claimant)
        return self._hostile.get(actor_id, set())

    def opponents(self, claimant: str) -> set[str]:
        """Actors who have threatened, accused, denied or made demands of the claimant's
        group."""
        group = self.group(claimant)
        hostile: set[str] = set()
        for member in group:
            for enemy in self.hostile_to(member):
                hostile |= self.group(enemy)
        return hostile - group

    def claims(self, columns: str, where: str, *, joins: str = "", order: str = "",
               params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """``rid, id`` and ``columns`` of the live claims in scope matching ``where``."""
        return self.index.rows(f"SELECT c.rid, c.id, {columns} FROM claims c {joins} "
                               f"WHERE c.live AND ({self.scope}) AND ({where}) {order}",
                               [*self.scope_params, *params])

    def supporters(self, rids: Iterable[int]) -> dict[int, list[str]]:
        """For each claim, the claimants of claims that support or repeat it."""
        import json

        found: dict[int, list[str]] = {}
        wanted = json.dumps(sorted(rids))
        for rid, claimant in self.index.rows(
                "WITH wanted(rid) AS (SELECT CAST(value AS INTEGER) FROM json_each(?)), "
                "ids AS (SELECT c.rid, c.id FROM claims c JOIN wanted USING (rid)) "
                "SELECT ids.rid, o.claimant FROM ids JOIN relations r ON r.live AND "
                "((r.type = 'same_as' AND r.claim = ids.id) OR "
                "(r.type IN ('same_as', 'supports') AND r.target = ids.id)) "
                "JOIN claims o ON o.live AND o.id = CASE WHEN r.claim = ids.id "
                "THEN r.target ELSE r.claim END", (wanted,)):
            found.setdefault(rid, []).append(claimant)
        return found

    def independent(self, claimant: str, supporters: Iterable[str]) -> bool:
        """Whether any supporter stands outside the claimant's group (a document's own voice
        and an unnamed source do not count)."""
        group = self.group(claimant)
        for other in supporters:
            if self.group(other) & group:
                continue
            if self.kind(other) in (ActorKind.EDITORIAL, ActorKind.UNNAMED):
                continue
            return True
        return False


Reasons = Iterator[tuple[int, str]]
"""(claim row, reason) of each finding, in the order the rule finds them."""
Rule = Callable[[FlagContext], Reasons]


def _not_in(column: str, values: Iterable[object]) -> str:
    return f"{column} NOT IN {_sql_set(values)}"


# -- the rules ---------------------------------------------------------------------------------


def unverified(ctx: FlagContext) -> Reasons:
    """Nobody has checked it yet."""
    for rid, _, claimant, reviewed in ctx.claims("c.claimant, c.reviewed",
                                                 "c.status = 'unverified'"):
        when = "never reviewed" if reviewed is None else "reviewed, still unverified"
        yield rid, f"{when}: only {ctx.name(claimant)}'s word so far"


def single_source(ctx: FlagContext) -> Reasons:
    """One named claimant, one document, nothing independent behind it."""
    rows = ctx.claims("c.claimant, json_extract(c.documents, '$[0]')",
                      "json_array_length(c.documents) = 1 AND "
                      + _not_in("c.status", [*_BACKED, *_SETTLED, Status.NOT_CHECKABLE]))
    rows = [r for r in rows if ctx.kind(r[2]) not in
            (ActorKind.EDITORIAL, ActorKind.UNNAMED, None)]
    support = ctx.supporters(r[0] for r in rows)
    for rid, _, claimant, document in rows:
        if not ctx.independent(claimant, support.get(rid, ())):
            yield (rid, f"only {ctx.name(claimant)} says so, in one document ({document}), "
                   "with no independent support")


def interested_party(ctx: FlagContext) -> Reasons:
    """The claimant accuses its own opponent and nothing independent supports it."""
    rows = ctx.claims("c.claimant, c.about",
                      f"c.kind IN {_sql_set(_CHARGES)} AND c.about != '[]' AND "
                      + _not_in("c.status", [*_BACKED, *_SETTLED]))
    candidates = []
    for rid, _, claimant, about in rows:
        if ctx.kind(claimant) in (ActorKind.EDITORIAL, ActorKind.UNNAMED, None):
            continue
        opponents = ctx.opponents(claimant)
        targets = [a for a in json.loads(about) if ctx.group(a) & opponents]
        if targets:
            candidates.append((rid, claimant, targets))
    support = ctx.supporters(rid for rid, _, _ in candidates)
    for rid, claimant, targets in candidates:
        if not ctx.independent(claimant, support.get(rid, ())):
            names = ", ".join(ctx.name(a) for a in targets)
            yield (rid, f"{ctx.name(claimant)} makes this claim about its opponent {names}, "
                   "and nothing independent supports it")


def denied_unresolved(ctx: FlagContext) -> Reasons:
    """Denied by someone, and the verdict is still open."""
    for rid, _, status, kind, source, claimant in ctx.claims(
            "c.status, r.type, r.claim, o.claimant", _not_in("c.status", _SETTLED)
            + " AND r.type IN ('denies', 'disputes', 'contradicts')",
            joins="JOIN relations r ON r.target = c.id AND r.live "
            "JOIN claims o ON o.rid = r.parent",
            order="ORDER BY c.file, c.n, o.file, o.n, r.position"):
        label = RelationType(kind).inverse_label
        yield rid, f"{label} {source} ({ctx.name(claimant)}) and still {status}"


def vague_attribution(ctx: FlagContext) -> Reasons:
    """Attributed to nobody in particular: "it was reported", "was deemed" — by whom?"""
    for rid, _, claimant, framing, cue in ctx.claims(
            "c.claimant, c.framing, f.value", "1",
            joins="LEFT JOIN facts f ON f.parent = c.rid AND f.rule = 'vague-attribution'"):
        vague = cue is not None and framing in (Framing.REPORTED, Framing.ALLEGED)
        if ctx.kind(claimant) is ActorKind.UNNAMED or vague:
            said = f"'{cue}'" if cue is not None else "an unnamed source"
            yield rid, f"{said}: by whom? the document names no source"


def details_withheld(ctx: FlagContext) -> Reasons:
    """Something the claim rests on has not been revealed."""
    for rid, _, reason in ctx.claims(
            "f.value", "1",
            joins="JOIN facts f ON f.parent = c.rid AND f.rule = 'details-withheld'"):
        yield rid, reason


def asserted_but_alleged(ctx: FlagContext) -> Reasons:
    """Stated as fact in the document's own voice while other claims show it is not
    settled."""
    rows = ctx.claims("c.claimant", "c.framing = 'asserted' AND "
                      + _not_in("c.status", _BACKED))
    rows = [r for r in rows if ctx.kind(r[2]) is ActorKind.EDITORIAL]
    wanted = json.dumps([r[0] for r in rows])
    edges: dict[int, list[tuple[str, str, str, str, str, str, str, str]]] = {}
    for rid, direction, kind, source, other, claimant, other_kind, status, statement, *_ in \
            ctx.index.rows(_EDGES, (wanted,)):
        edges.setdefault(rid, []).append(
            (direction, kind, source, other, claimant, other_kind, status, statement))
    for rid, _, _ in rows:
        for direction, kind, source, other, claimant, other_kind, status, statement in \
                edges.get(rid, ()):
            relation = RelationType(kind)
            if (relation in (RelationType.SAME_AS, RelationType.ELABORATES)
                    and ctx.kind(claimant) not in (ActorKind.EDITORIAL, None)
                    and status not in _BACKED):
                yield (rid, f"stated as fact, but {other} shows it is only "
                       f"{ctx.name(claimant)}'s {other_kind} ({status})")
            elif direction == "in" and relation in _CHALLENGES:
                yield (rid, f"stated as fact, but {relation.inverse_label} {source}: "
                       f"{statement}")


_EDGES = """
WITH wanted(rid) AS (SELECT CAST(value AS INTEGER) FROM json_each(?))
SELECT c.rid, 'out', r.type, c.id, o.id, o.claimant, o.kind, o.status, o.statement,
       0, 0, 0, r.position
  FROM wanted JOIN claims c USING (rid)
  JOIN relations r ON r.parent = c.rid
  JOIN claims o ON o.id = r.target AND o.live
UNION ALL
SELECT c.rid, 'in', r.type, o.id, o.id, o.claimant, o.kind, o.status, o.statement,
       1, o.file, o.n, r.position
  FROM wanted JOIN claims c USING (rid)
  JOIN relations r ON r.target = c.id AND r.live
  JOIN claims o ON o.rid = r.parent
ORDER BY 1, 10, 11, 12, 13
"""
"""Every relation of the wanted claims, outgoing (in written order) then incoming (in
folder order): direction, type, source id, other claim's id, claimant, kind, status,
statement."""


def quote_missing(ctx: FlagContext) -> Reasons:
    """An appearance's quote is no longer in its document."""
    for rid, _, document, quote, hits in ctx.claims(
            "p.document, p.quote, p.hits", "p.hits IS NULL OR p.hits < 1",
            joins="JOIN appearances p ON p.parent = c.rid",
            order="ORDER BY c.file, c.n, p.position"):
        if hits is None:
            yield rid, f"document {document} cannot be read"
        else:
            yield rid, f"quote no longer found in {document}: '{quote}'"


def stale_review(ctx: FlagContext) -> Reasons:
    """The latest review is older than the allowed age."""
    if ctx.stale_after is None:
        return
    for rid, _, reviewed in ctx.claims("c.reviewed", "c.reviewed IS NOT NULL"):
        last = PartialDate.parse(reviewed).end
        age = (ctx.today - last).days
        if age > ctx.stale_after:
            yield (rid, f"last reviewed {last.isoformat()}, {age} days ago "
                   f"(limit {ctx.stale_after})")


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


def chosen_rules(rules: Sequence[str] = ()) -> list[str]:
    """The rules to run, in order (all by default); raise UsageError on an unknown one."""
    for name in rules:
        if name not in RULES:
            raise UsageError(f"--rule: unknown rule '{name}'; {one_of(RULES)}"
                             f"{did_you_mean(name, RULES)}")
    return list(rules or RULES)


def find_flags(ctx: FlagContext, *, rules: Sequence[str] = ()) -> list[Finding]:
    """Every finding of the chosen rules (all by default), claim by claim in folder order,
    then in the order the rules are chosen."""
    chosen = chosen_rules(rules)
    found: list[tuple[int, int, str, str]] = []
    for number, name in enumerate(chosen):
        found.extend((rid, number, name, reason) for rid, reason in RULES[name](ctx))
    if not found:
        return []
    order = {rid: (position, claim_id) for position, (rid, claim_id) in enumerate(
        ctx.index.rows("SELECT rid, id FROM claims WHERE live ORDER BY file, n"))}
    found.sort(key=lambda f: (order[f[0]][0], f[1]))
    return [Finding(name, order[rid][1], reason) for rid, _, name, reason in found]
