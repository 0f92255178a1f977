"""The flag rules: each a small named function that says, per claim it flags, why.

A rule yields (claim row, reason). Rules that look only at one claim and the actors read
facts worked out when the claim was indexed (``local_facts``) and are asked each time;
``STORED`` rules look across claims, and their findings are kept in the index.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator

from claimtrack.chain import shorten
from claimtrack.dates import PartialDate
from claimtrack.flags.context import (
    BACKED,
    CHALLENGES,
    CHARGES,
    HOSTILE,
    SETTLED,
    FlagContext,
    sql_set,
)
from claimtrack.model import DRAFT_TAG, ActorKind, Claim, ClaimKind, Framing, RelationType, Status
from claimtrack.vague import vague_words

__all__ = ["RULES", "STORED", "Reasons", "Rule", "local_facts"]

Reasons = Iterator[tuple[int, str]]
"""(claim row, reason) of each finding, a claim's reasons in order."""
Rule = Callable[[FlagContext], "Reasons | str"]
"""A rule yields its findings, or (when SQL says it all) returns the SQL that selects
them: ``rid``, an order among the claim's reasons, and the reason."""

_WITHHELD = re.compile(r"\b(?:not|never|yet to)\b(?: been| be| have| has)?\s+(?:publicly\s+)?"
                       r"(?:revealed|stated|disclosed|released|named|identified|specified|"
                       r"explained|made public|confirmed|detailed)\b", re.IGNORECASE)


def _vague(cue: str, quote: str) -> str | None:
    """The words of an appearance that attribute it to nobody in particular: in its cue
    (the reporting words the annotator recorded), else in its quote."""
    return vague_words(cue) or vague_words(quote)


def local_facts(claim: Claim) -> Iterator[tuple[str, str]]:
    """(rule, fact) pairs the rules read later: the first vague cue, a withheld detail,
    whom a hostile claim (an accusation, a threat …) is about."""
    vague = next(filter(None, (_vague(a.cue, a.quote) for a in claim.appearances)), None)
    if vague is not None:
        yield "vague-attribution", vague
    withheld = next((f"details withheld: '{a.quote}'" for a in claim.appearances
                     if _WITHHELD.search(a.quote)), None)
    if withheld is None and claim.kind is ClaimKind.OBSERVATION:
        withheld = f"an absence is noted: {claim.statement}"
    if withheld is not None:
        yield "details-withheld", withheld
    if claim.kind in HOSTILE:
        for target in dict.fromkeys(claim.about):
            yield "hostile-to", target


def _not_in(column: str, values: Iterable[object]) -> str:
    return f"{column} NOT IN {sql_set(values)}"


def _quoted(sql: str) -> str:
    """SQL giving the text of ``sql`` in single quotes, as a reason cites a quote."""
    return f"char(39) || {sql} || char(39)"


_CLAIMANT = "LEFT JOIN actors a ON a.id = c.claimant AND a.live"

_RELAYS = """CASE WHEN EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid)
 AND NOT EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid AND p.via = '[]')
THEN (SELECT group_concat(chain, ' or ') FROM (
  SELECT (SELECT group_concat(name, char(39) || 's report of ') FROM (
            SELECT COALESCE(x.name, j.value) AS name FROM json_each(p.via) j
              LEFT JOIN actors x ON x.id = j.value AND x.live ORDER BY j.key))
         || char(39) || 's report' AS chain, min(p.position) AS first
    FROM appearances p WHERE p.parent = c.rid GROUP BY chain ORDER BY first))
END"""
"""SQL giving, when every appearance of claim ``c`` reaches its claimant through others
(``via``), how: "Unnamed source's report", "Paper's report of Someone's report", several
chains joined by "or"; NULL when some document has it from the claimant directly."""


def unverified(ctx: FlagContext) -> str:
    """Nobody has checked it yet: only the claimant's word, and when every document has
    it through others, whose report of it."""
    name = "COALESCE(a.name, c.claimant) || char(39) || 's word'"
    # A draft nobody has reviewed is described as one, not as "never reviewed" by a
    # person who looked: who drafted it says where it came from.
    draft = f"EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = '{DRAFT_TAG}')"
    return ctx.select(
        f"CASE WHEN c.reviewed IS NULL AND {draft} THEN COALESCE('drafted by ' || "
        "c.drafted_by || ', not reviewed', 'a draft, not reviewed') "
        "WHEN c.reviewed IS NULL THEN 'never reviewed' ELSE 'reviewed, still "
        f"unverified' END || ': ' || COALESCE({name} || ', known only through ' || "
        f"({_RELAYS}), 'only ' || {name} || ' so far')", "c.status = 'unverified'",
        joins=_CLAIMANT)


def single_source(ctx: FlagContext) -> Reasons:
    """One named claimant, one document, nothing independent behind it; when the document
    has it only through others, it says whose report."""
    rows = ctx.claims(
        f"c.id, c.claimant, a.name, json_extract(c.documents, '$[0]'), {_RELAYS}",
        "json_array_length(c.documents) = 1 AND a.kind NOT IN ('editorial', 'unnamed') AND "
        + _not_in("c.status", [*BACKED, *SETTLED, Status.NOT_CHECKABLE]),
        joins="JOIN actors a ON a.id = c.claimant AND a.live")
    support = ctx.supporters(row[1] for row in rows)
    for rid, claim_id, claimant, name, document, relays in rows:
        if not ctx.independent(claimant, support.get(claim_id, ())):
            who = f"only {name} says so" if relays is None else \
                f"known only through {relays} of {name}"
            yield rid, f"{who}, in one document ({document}), with no independent support"


def interested_party(ctx: FlagContext) -> Reasons:
    """The claimant accuses its own opponent and nothing independent supports it."""
    rows = ctx.claims("c.id, c.claimant, c.about",
                      f"c.kind IN {sql_set(CHARGES)} AND c.about != '[]' AND "
                      "a.kind NOT IN ('editorial', 'unnamed') AND "
                      + _not_in("c.status", [*BACKED, *SETTLED]),
                      joins="JOIN actors a ON a.id = c.claimant AND a.live")
    candidates = []
    for rid, claim_id, claimant, about in rows:
        opponents = ctx.opponents(claimant)
        if opponents:
            targets = [a for a in json.loads(about) if ctx.group(a) & opponents]
            if targets:
                candidates.append((rid, claim_id, claimant, targets))
    support = ctx.supporters(c[1] for c in candidates)
    for rid, claim_id, claimant, targets in candidates:
        if not ctx.independent(claimant, support.get(claim_id, ())):
            names = ", ".join(ctx.name(a) for a in targets)
            yield rid, (f"{ctx.name(claimant)} makes this claim about its opponent {names}, "
                        "and nothing independent supports it")


def denied_unresolved(ctx: FlagContext) -> Reasons:
    """Denied by someone, and the verdict is still open."""
    labels = " ".join(f"WHEN '{t}' THEN '{t.inverse_label}'" for t in (
        RelationType.DENIES, RelationType.DISPUTES, RelationType.CONTRADICTS))
    yield from ctx.claims(
        f"CASE r.type {labels} END || ' ' || r.claim || ' (' || COALESCE(a.name, o.claimant) "
        "|| ') and still ' || c.status",
        _not_in("c.status", SETTLED) + " AND r.type IN ('denies', 'disputes', 'contradicts')",
        joins="JOIN relations r ON r.target = c.id AND r.live "
        "JOIN claims o ON o.rid = r.parent "
        "LEFT JOIN actors a ON a.id = o.claimant AND a.live",
        order="ORDER BY c.rid, o.file, o.n, r.position")


_HEDGED = (Framing.REPORTED, Framing.ALLEGED)
"""Framings that present a claim as someone's report or allegation."""


def vague_attribution(ctx: FlagContext) -> Reasons:
    """Attributed to nobody in particular: "it was reported", "was deemed" (in the
    appearance's cue or its quote) — by whom?

    Said once per claim: for an unnamed claimant, or for a named one whose appearance is
    reported or alleged in such words. When the appearance's chain records the nobody as
    an unnamed actor (``via = ["unnamed-source"]``), unnamed-in-chain asks who it is, with
    the same words, and this rule leaves that appearance to it.
    """
    rows = ctx.claims(
        "c.claimant, p.cue, p.quote, p.via, p.framing",
        "c.claimant IN (SELECT id FROM actors WHERE kind = 'unnamed' AND live) OR c.rid IN "
        "(SELECT parent FROM facts WHERE rule = 'vague-attribution')",
        joins="LEFT JOIN appearances p ON p.parent = c.rid", order="ORDER BY c.rid, p.position")
    for rid, group in itertools.groupby(rows, key=lambda row: row[0]):
        appearances = list(group)
        claimant = appearances[0][1]
        unnamed = ctx.kind(claimant) is ActorKind.UNNAMED
        words = None
        for _, _, cue, quote, via, framing in appearances:
            if framing is None:
                continue  # a claim without appearances
            found = _vague(cue or "", quote or "")
            relayed_unnamed = any(ctx.kind(a) is ActorKind.UNNAMED for a in json.loads(via))
            if found and not relayed_unnamed and (unnamed or framing in _HEDGED):
                words = found
                break
        if unnamed:
            said = f"'{words}'" if words else "an unnamed source"
            yield rid, f"{said}: by whom? the document names no source"
        elif words:
            yield rid, (f"'{words}': by whom? the document names {ctx.name(claimant)} but "
                        "not who relays the claim")


def details_withheld(ctx: FlagContext) -> str:
    """Something the claim rests on has not been revealed."""
    return ctx.select("f.value", "1", joins="JOIN facts f ON f.parent = c.rid "
                      "AND f.rule = 'details-withheld'")


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


def relayed_as_fact(ctx: FlagContext) -> Reasons:
    """A document states as fact, in its own voice, what is another actor's claim: the
    claimant is inferred or reached through others, or the document's own statement is
    only someone's allegation elsewhere (the infobox's and the Plot section's case)."""
    yield from _relayed(ctx)
    yield from _echoed(ctx)


def _relayed(ctx: FlagContext) -> Reasons:
    """Asserted by a document whose passage does not name the claimant, or names it only
    through others."""
    rows = ctx.claims(
        "c.claimant, c.kind, c.about, p.attribution, p.via, "
        "COALESCE(d.publisher, d.title, p.document), c.basis_quote, c.basis_reason",
        "p.framing = 'asserted' AND (p.attribution = 'inferred' OR p.via != '[]') "
        "AND c.claimant IS NOT d.voice",
        joins="JOIN appearances p ON p.parent = c.rid "
        "JOIN documents d ON d.id = p.document AND d.live",
        order="ORDER BY c.rid, p.position")
    for rid, claimant, kind, about, attribution, via, document, quote, reason in rows:
        how = ("the claimant is inferred" if attribution == "inferred" else
               "it reaches the claimant through "
               + ", ".join(ctx.name(a) for a in json.loads(via)))
        text = (f"{document} states as fact what is {_whose(ctx.name(claimant), kind)} ({how}"
                + (f": {shorten(quote or reason)})" if attribution == "inferred" and
                   (quote or reason) else ")"))
        opponents = ctx.opponents(claimant)
        targets = [a for a in json.loads(about) if opponents and ctx.group(a) & opponents]
        if targets:
            names = ", ".join(ctx.name(a) for a in targets)
            whom = f"opponent{'s' if len(targets) > 1 else ''} {names}"
            does = (f"it accuses its {whom}" if kind in _ACCUSING else
                    f"the claim is about its {whom}")
            text += f"; {ctx.name(claimant)} is an interested party: {does}"
        yield rid, text


_ACCUSING = (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION)
"""Kinds of claim that accuse whom they are about; the others only speak of them."""

_ACCOUNTS = (ClaimKind.EVENT, ClaimKind.BACKGROUND)
"""Kinds that name what happened rather than an act of speech: an actor's "account"."""


def _whose(name: str, kind: str) -> str:
    """What the claim is, as the claimant's: "Ministry's allegation", "Ministry's account"
    (an event or background is no one's "event")."""
    return f"{name}'s {'account' if kind in _ACCOUNTS else kind}"


def _echoed(ctx: FlagContext) -> Reasons:
    """Stated as fact in a document's own voice while other claims show it is only some
    actor's allegation, or challenge it."""
    rows = ctx.claims("c.rid", "a.kind = 'editorial' AND " + _not_in("c.status", BACKED)
                      + " AND EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid "
                      "AND p.framing = 'asserted')",
                      joins="JOIN actors a ON a.id = c.claimant AND a.live")
    edges: dict[int, list[tuple[str, ...]]] = {}
    for rid, direction, kind, source, other, claimant, other_kind, status, statement, *_ in \
            ctx.index.rows(_EDGES, (json.dumps([r[0] for r in rows]),)):
        edges.setdefault(rid, []).append(
            (direction, kind, source, other, claimant, other_kind, status, statement))
    for (rid, _) in rows:
        for direction, kind, source, other, claimant, other_kind, status, statement in \
                edges.get(rid, ()):
            relation = RelationType(kind)
            if (relation in (RelationType.SAME_AS, RelationType.ELABORATES)
                    and ctx.kind(claimant) not in (ActorKind.EDITORIAL, None)
                    and status not in BACKED):
                yield rid, (f"stated as fact, but {other} shows it is only "
                            f"{_whose(ctx.name(claimant), other_kind)} ({status})")
            elif direction == "in" and relation in CHALLENGES:
                yield rid, (f"stated as fact, but {relation.inverse_label} {source}: "
                            f"{statement}")


def inferred_attribution(ctx: FlagContext) -> str:
    """The claimant is an analyst's inference, waiting for a source that names it."""
    return ctx.select(
        "'no passage names ' || COALESCE(a.name, c.claimant) || ' as the source; inferred: ' "
        "|| COALESCE(c.basis_reason, 'no basis given')",
        "EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid "
        "AND p.attribution = 'inferred')", joins=_CLAIMANT)


def unnamed_in_chain(ctx: FlagContext) -> str:
    """Relayed through a source the document does not name ("it was reported" with the
    claimant named: ``via = ["unnamed-source"]``), citing the document's reporting words;
    vague-attribution says nothing more of that appearance."""
    return ctx.select(
        # The cue is the document's own reporting words: they introduce the outermost link.
        "'relayed through ' || x.name || CASE WHEN j.key = 0 AND p.cue IS NOT NULL THEN "
        f"' (' || {_quoted('p.cue')} || ')' ELSE '' END || ', whom the document does not "
        "name: who is it?'",
        "1", joins="JOIN appearances p ON p.parent = c.rid, json_each(p.via) j "
        "JOIN actors x ON x.id = j.value AND x.live AND x.kind = 'unnamed'",
        order="p.position * 1000 + j.key")


def quote_missing(ctx: FlagContext) -> str:
    """An appearance's quote is no longer in its document."""
    return ctx.select(
        "CASE WHEN p.hits IS NULL THEN 'document ' || p.document || ' cannot be read' "
        f"ELSE 'quote no longer found in ' || p.document || ': ' || {_quoted('p.quote')} END",
        # The first condition is appearances_unfound's: the few quotes not found once.
        "(p.hits IS NULL OR p.hits != 1) AND (p.hits IS NULL OR p.hits < 1)",
        joins="JOIN appearances p ON p.parent = c.rid", order="p.position")


def stale_review(ctx: FlagContext) -> Reasons:
    """The latest review is older than the allowed age."""
    if ctx.stale_after is None:
        return
    newest = (ctx.today.toordinal() - ctx.stale_after - 1)
    latest = dt.date.fromordinal(max(1, newest)).isoformat()
    # Any date whose text sorts above the latest allowed day is too recent to be stale.
    # A review of unknown date (NULL) is never stale: its age is unknown.
    for rid, reviewed in ctx.claims("c.reviewed", "c.reviewed <= ?", params=(latest,)):
        last = PartialDate.parse(reviewed).end
        age = (ctx.today - last).days
        if age > ctx.stale_after:
            yield rid, (f"last reviewed {last.isoformat()}, {age} days ago "
                        f"(limit {ctx.stale_after})")


RULES: dict[str, Rule] = {
    "unverified": unverified,
    "single-source": single_source,
    "interested-party": interested_party,
    "denied-unresolved": denied_unresolved,
    "vague-attribution": vague_attribution,
    "details-withheld": details_withheld,
    "relayed-as-fact": relayed_as_fact,
    "inferred-attribution": inferred_attribution,
    "unnamed-in-chain": unnamed_in_chain,
    "quote-missing": quote_missing,
    "stale-review": stale_review,
}
"""Every rule by name, in the order findings are listed for a claim."""

STORED = ("single-source", "interested-party", "denied-unresolved", "relayed-as-fact")
"""Rules that look across claims: their findings are kept in the index, and worked out
again only for the claims an edit touches. The others read one claim and are quick."""
