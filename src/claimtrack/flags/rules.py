"""The flag rules: each a small named SQL statement saying, per claim it flags, why.

Every rule but ``stale-review`` is registered with the index (``@finding_rule``): its
findings are kept there, worked out when the folder is first read and, after an edit,
again only for the claims whose findings depend on what changed (``depends_on``). What a
rule reads of a claim alone — the reporting words that attribute it to nobody, a detail
withheld, whom a hostile claim targets, the basis it rests on — is found once, when the
claim's file is indexed (``claim_facts``, a record deriver). ``stale-review`` depends on
the day it is asked and runs each time.

The walks across actors are recursive SQL: ``anc`` follows affiliations up the chain, and
the opponents of a claimant are the groups of everyone who accused, threatened, denied or
made demands of a member of its own group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

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
from claimtrack.index import registry
from claimtrack.model import DRAFT_TAG, Claim, ClaimKind, RelationType, Status
from claimtrack.vague import vague_words

__all__ = ["LIVE", "RULES", "Reasons", "claim_facts", "stale_review"]

Reasons = Iterator[tuple[int, str]]
"""(claim row, reason) of each finding of a rule asked each time, a claim's in order."""

_WITHHELD = re.compile(r"\b(?:not|never|yet to)\b(?: been| be| have| has)?\s+(?:publicly\s+)?"
                       r"(?:revealed|stated|disclosed|released|named|identified|specified|"
                       r"explained|made public|confirmed|detailed)\b", re.IGNORECASE)


def _vague(cue: str, quote: str) -> str | None:
    """The words of an appearance that attribute it to nobody in particular: in its cue
    (the reporting words the annotator recorded), else in its quote."""
    return vague_words(cue) or vague_words(quote)


# -- what a claim says on its own, found when its file is indexed ----------------------------

registry.table("facts", "rule TEXT, position INTEGER, value TEXT",
               indexes=["(rule, value)"])


@registry.record_deriver("flag-facts", reads="claims", table="facts")
def claim_facts(claim: Claim, root: Path) -> Iterator[tuple[str, int, str]]:
    """(rule, appearance position or 0, fact) the rules read later: each appearance's
    vague reporting words, a withheld detail, whom a hostile claim (an accusation, a threat
    …) is about, and the basis of an inferred claimant, shortened."""
    for position, appearance in enumerate(claim.appearances, 1):
        vague = _vague(appearance.cue, appearance.quote)
        if vague is not None:
            yield "vague", position, vague
    withheld = next((f"details withheld: '{a.quote}'" for a in claim.appearances
                     if _WITHHELD.search(a.quote)), None)
    if withheld is None and claim.kind is ClaimKind.OBSERVATION:
        withheld = f"an absence is noted: {claim.statement}"
    if withheld is not None:
        yield "details-withheld", 0, withheld
    if claim.kind in HOSTILE:
        for target in dict.fromkeys(claim.about):
            yield "hostile-to", 0, target
    if claim.basis is not None and (claim.basis.quote or claim.basis.reason):
        yield "basis", 0, shorten(claim.basis.quote or claim.basis.reason)


registry.dependency("hostility", """
WITH RECURSIVE pairs(target, enemy) AS (
  SELECT f.value, c.claimant FROM temp.dirty_files d CROSS JOIN facts f ON f.file = d.name
    CROSS JOIN claims c ON c.rid = f.parent WHERE +f.rule = 'hostile-to' AND c.live),
old(target, enemy) AS (
  SELECT f.value, c.claimant FROM temp.old_facts f
    JOIN temp.old_claims c ON c.rid = f.parent AND c.live WHERE f.rule = 'hostile-to'),
accused(id) AS (
  SELECT target FROM (SELECT * FROM pairs EXCEPT SELECT * FROM old)
  UNION SELECT target FROM (SELECT * FROM old EXCEPT SELECT * FROM pairs)
  UNION SELECT f.value FROM temp.changed_claims t CROSS JOIN claims c ON c.id = t.id
    CROSS JOIN facts f ON f.parent = c.rid
   WHERE f.rule = 'hostile-to' AND c.file NOT IN (SELECT name FROM temp.dirty_files)
  UNION SELECT f.value FROM temp.members m CROSS JOIN claims c ON c.claimant = m.id
    CROSS JOIN facts f ON f.parent = c.rid WHERE f.rule = 'hostile-to' AND c.live),
down(id) AS (
  SELECT id FROM accused
  UNION SELECT a.id FROM actors a JOIN down ON a.affiliation = down.id WHERE a.live)
SELECT c.rid FROM down CROSS JOIN claims c ON c.claimant = down.id""")
"""A claimant's opponents change when someone accuses (or stops accusing) a member of its
group, and when an accuser's own group changes: who accuses whom in the dirty files before
and after is compared (a claim of a changed id elsewhere, a duplicate that came back or
went, counts whole), and the claims of the accused, and of every actor affiliated with
one, are judged again."""


# -- SQL the rules share ------------------------------------------------------------------


def _not_in(column: str, values: Iterable[object]) -> str:
    return f"{column} NOT IN {sql_set(values)}"


def _quoted(sql: str) -> str:
    """SQL giving the text of ``sql`` in single quotes, as a reason cites a quote."""
    return f"char(39) || {sql} || char(39)"


def _whose(name: str, kind: str) -> str:
    """SQL of what the claim is, as the claimant's: "Ministry's allegation", "Ministry's
    account" (an event or background is no one's "event")."""
    accounts = sql_set((ClaimKind.EVENT, ClaimKind.BACKGROUND))
    return (f"{name} || char(39) || 's ' || CASE WHEN {kind} IN {accounts} THEN 'account' "
            f"ELSE {kind} END")


def _names(ids: str, where: str = "1") -> str:
    """SQL joining, in order, the names (else ids) of the actors in the JSON list ``ids``
    that ``where`` keeps (a condition on ``j.value``)."""
    return (f"(SELECT group_concat(name, ', ') FROM (SELECT COALESCE(x.name, j.value) AS name "
            f"FROM json_each({ids}) j LEFT JOIN actors x ON x.id = j.value AND x.live "
            f"WHERE {where} ORDER BY j.key))")


_ANC = """anc(actor, member) AS (
  SELECT id, affiliation FROM actors WHERE live AND affiliation IS NOT NULL
  UNION SELECT anc.actor, a.affiliation FROM anc JOIN actors a ON a.id = anc.member AND a.live
   WHERE a.affiliation IS NOT NULL)"""
"""Every live actor's affiliations, up the chain (an affiliation that is no live actor
ends it; a cycle is walked once). An actor's group is itself and these."""


def _in_group(member: str, actor: str) -> str:
    """SQL: ``member`` is in ``actor``'s group."""
    return (f"({member} = {actor} OR EXISTS (SELECT 1 FROM anc WHERE anc.actor = {actor} "
            f"AND anc.member = {member}))")


def _share(one: str, other: str) -> str:
    """SQL: the groups of the two actors meet."""
    return (f"({_in_group(one, other)} OR {_in_group(other, one)} OR EXISTS (SELECT 1 FROM "
            f"anc x JOIN anc y ON y.member = x.member WHERE x.actor = {one} "
            f"AND y.actor = {other}))")


def _opponents(claimants: str) -> str:
    """CTEs after ``_ANC``: ``opp(x, m)`` holds, for each claimant ``x`` the query
    ``claimants`` gives, every member ``m`` of the group of an actor who accused,
    threatened, denied or made demands of a member of ``x``'s group (``x``'s own group
    among them: ``_opponent`` leaves it out)."""
    return f"""who(x) AS ({claimants}),
gx(x, t) AS (SELECT x, x FROM who UNION SELECT anc.actor, anc.member FROM anc
  JOIN who ON anc.actor = who.x),
enemy(x, e) AS (SELECT DISTINCT gx.x, h.claimant FROM gx
  JOIN facts f ON f.rule = 'hostile-to' AND f.value = gx.t
  JOIN claims h ON h.rid = f.parent AND h.live),
opp(x, m) AS (SELECT x, e FROM enemy UNION SELECT enemy.x, anc.member FROM enemy
  JOIN anc ON anc.actor = enemy.e)"""


def _opponent(claimant: str, actor: str) -> str:
    """SQL: ``actor``'s group holds an opponent of ``claimant`` (``_opponents``)."""
    return (f"EXISTS (SELECT 1 FROM opp WHERE opp.x = {claimant} AND NOT "
            f"{_in_group('opp.m', claimant)} AND {_in_group('opp.m', actor)})")


def _targets(claimant: str, about: str) -> str:
    """SQL: the names of the actors of ``about`` who are ``claimant``'s opponents."""
    return _names(about, _opponent(claimant, "j.value"))


def _independent(rid: str, claim_id: str, claimant: str) -> str:
    """SQL: a claim that supports or repeats the claim has a claimant outside the
    claimant's group (a document's own voice and an unnamed source do not count)."""
    return f"""EXISTS (SELECT 1 FROM (
  SELECT o.claimant AS s FROM relations r JOIN claims o ON o.live AND o.id = r.target
   WHERE r.parent = {rid} AND r.live AND r.type = 'same_as'
  UNION ALL SELECT o.claimant FROM relations r JOIN claims o ON o.rid = r.parent
   WHERE r.target = {claim_id} AND r.live AND r.type IN ('same_as', 'supports')) sup
 LEFT JOIN actors sa ON sa.id = sup.s AND sa.live
 WHERE (sa.kind IS NULL OR sa.kind NOT IN ('editorial', 'unnamed'))
   AND NOT {_share('sup.s', claimant)})"""


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

_CLAIMANT = "LEFT JOIN actors a ON a.id = c.claimant AND a.live"

_KEPT: list[str] = []


def _rule(name: str, *, depends_on: Iterable[str]
          ) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Register a rule with the index (its findings are kept there) and list it here."""
    _KEPT.append(name)
    return registry.finding_rule(name, depends_on=depends_on)


def _select(scope: str, reason: str, where: str, *, joins: str = "", seq: str = "0") -> str:
    """A rule SQL says all of: ``rid``, ``seq`` and ``reason`` of the live claims in scope
    matching ``where``."""
    return (f"SELECT c.rid AS rid, {seq} AS seq, {reason} AS reason FROM claims c {joins} "
            f"WHERE c.live AND ({scope}) AND ({where})")


# -- the rules, in the order a claim's findings are listed ----------------------------------


@_rule("unverified", depends_on=("claim", "actors"))
def unverified(scope: str) -> str:
    """Nobody has checked it yet: only the claimant's word, and when every document has
    it through others, whose report of it."""
    name = "COALESCE(a.name, c.claimant) || char(39) || 's word'"
    # A draft nobody has reviewed is described as one, not as "never reviewed" by a
    # person who looked: who drafted it says where it came from.
    draft = f"EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = '{DRAFT_TAG}')"
    return _select(
        scope,
        f"CASE WHEN c.reviewed IS NULL AND {draft} THEN COALESCE('drafted by ' || "
        "c.drafted_by || ', not reviewed', 'a draft, not reviewed') "
        "WHEN c.reviewed IS NULL THEN 'never reviewed' ELSE 'reviewed, still "
        f"unverified' END || ': ' || COALESCE({name} || ', known only through ' || "
        f"({_RELAYS}), 'only ' || {name} || ' so far')", "c.status = 'unverified'",
        joins=_CLAIMANT)


@_rule("single-source", depends_on=("claim", "actors", "groups", "relations"))
def single_source(scope: str) -> str:
    """One named claimant, one document, nothing independent behind it; when the document
    has it only through others, it says whose report."""
    settled = _not_in("c.status", [*BACKED, *SETTLED, Status.NOT_CHECKABLE])
    return f"""WITH RECURSIVE {_ANC}
SELECT rid, 0 AS seq, CASE WHEN relays IS NULL THEN 'only ' || name || ' says so'
  ELSE 'known only through ' || relays || ' of ' || name END
  || ', in one document (' || document || '), with no independent support' AS reason
FROM (SELECT c.rid, c.id, c.claimant, a.name, json_extract(c.documents, '$[0]') AS document,
        {_RELAYS} AS relays
      FROM claims c JOIN actors a ON a.id = c.claimant AND a.live
      WHERE c.live AND ({scope}) AND json_array_length(c.documents) = 1
        AND a.kind NOT IN ('editorial', 'unnamed') AND {settled}) c
WHERE NOT {_independent('c.rid', 'c.id', 'c.claimant')}"""


@_rule("interested-party",
                       depends_on=("claim", "actors", "groups", "hostility", "relations"))
def interested_party(scope: str) -> str:
    """The claimant accuses its own opponent and nothing independent supports it."""
    candidates = (f"SELECT c.rid, c.id, c.claimant, c.about, a.name FROM claims c "
                  "JOIN actors a ON a.id = c.claimant AND a.live "
                  f"WHERE c.live AND ({scope}) AND c.kind IN {sql_set(CHARGES)} "
                  "AND c.about != '[]' AND a.kind NOT IN ('editorial', 'unnamed') AND "
                  + _not_in("c.status", [*BACKED, *SETTLED]))
    return f"""WITH RECURSIVE {_ANC},
cand(rid, id, claimant, about, name) AS ({candidates}),
{_opponents("SELECT DISTINCT claimant FROM cand")}
SELECT rid, 0 AS seq, name || ' makes this claim about its opponent ' || targets
  || ', and nothing independent supports it' AS reason
FROM (SELECT c.*, {_targets('c.claimant', 'c.about')} AS targets FROM cand c) c
WHERE targets IS NOT NULL AND NOT {_independent('c.rid', 'c.id', 'c.claimant')}"""


@_rule("denied-unresolved", depends_on=("claim", "relations"))
def denied_unresolved(scope: str) -> str:
    """Denied by someone, and the verdict is still open."""
    labels = " ".join(f"WHEN '{t}' THEN '{t.inverse_label}'" for t in (
        RelationType.DENIES, RelationType.DISPUTES, RelationType.CONTRADICTS))
    return _select(
        scope, f"CASE r.type {labels} END || ' ' || r.claim || ' (' || "
        "COALESCE(a.name, o.claimant) || ') and still ' || c.status",
        _not_in("c.status", SETTLED) + " AND r.type IN ('denies', 'disputes', 'contradicts')",
        joins="JOIN relations r ON r.target = c.id AND r.live "
        "JOIN claims o ON o.rid = r.parent LEFT JOIN actors a ON a.id = o.claimant AND a.live",
        seq="row_number() OVER (PARTITION BY c.rid ORDER BY o.file, o.n, r.position)")


@_rule("vague-attribution", depends_on=("claim", "actors"))
def vague_attribution(scope: str) -> str:
    """Attributed to nobody in particular: "it was reported", "was deemed" (in the
    appearance's cue or its quote) — by whom?

    Said once per claim: for an unnamed claimant, or for a named one whose appearance is
    reported or alleged in such words. When the appearance's chain records the nobody as
    an unnamed actor (``via = ["unnamed-source"]``), unnamed-in-chain asks who it is, with
    the same words, and this rule leaves that appearance to it.
    """
    words = ("(SELECT f.value FROM appearances p JOIN facts f ON f.parent = c.rid "
             "AND f.rule = 'vague' AND f.position = p.position WHERE p.parent = c.rid "
             "AND NOT EXISTS (SELECT 1 FROM json_each(p.via) j JOIN actors x "
             "ON x.id = j.value AND x.live AND x.kind = 'unnamed') "
             "AND (a.kind IS 'unnamed' OR p.framing IN ('reported', 'alleged')) "
             "ORDER BY p.position LIMIT 1)")
    return f"""SELECT rid, 0 AS seq, CASE WHEN unnamed
    THEN COALESCE({_quoted('words')}, 'an unnamed source')
      || ': by whom? the document names no source'
    ELSE {_quoted('words')} || ': by whom? the document names ' || name
      || ' but not who relays the claim' END AS reason
FROM (SELECT c.rid, a.kind IS 'unnamed' AS unnamed, COALESCE(a.name, c.claimant) AS name,
        {words} AS words FROM claims c {_CLAIMANT} WHERE c.live AND ({scope})
        AND (a.kind IS 'unnamed' OR EXISTS (SELECT 1 FROM facts v WHERE v.parent = c.rid
             AND v.rule = 'vague')))
WHERE unnamed OR words IS NOT NULL"""


@_rule("details-withheld", depends_on=("claim",))
def details_withheld(scope: str) -> str:
    """Something the claim rests on has not been revealed."""
    return _select(scope, "f.value", "1", joins="JOIN facts f ON f.parent = c.rid "
                   "AND f.rule = 'details-withheld'")


@_rule("relayed-as-fact", depends_on=(
    "claim", "actors", "documents", "groups", "hostility", "relations"))
def relayed_as_fact(scope: str) -> str:
    """A document states as fact, in its own voice, what is another actor's claim: the
    claimant is inferred or reached through others, or the document's own statement is
    only someone's allegation elsewhere (the infobox's and the Plot section's case)."""
    return f"""WITH RECURSIVE {_ANC},
{_opponents(f"SELECT DISTINCT c.claimant FROM claims c WHERE c.live AND ({scope})")}
SELECT rid, row_number() OVER (PARTITION BY rid ORDER BY part, k1, k2, k3, k4) AS seq, reason
FROM ({_relayed(scope)} UNION ALL {_echoed(scope)})"""


def _relayed(scope: str) -> str:
    """Asserted by a document whose passage does not name the claimant, or names it only
    through others; and when the claimant accuses or speaks of its opponents, it says so."""
    name = "COALESCE(ca.name, c.claimant)"
    accusing = sql_set((ClaimKind.ALLEGATION, ClaimKind.ACCUSATION))
    return f"""SELECT rid, 0 AS part, position AS k1, 0 AS k2, 0 AS k3, 0 AS k4,
  document || ' states as fact what is ' || {_whose('name', 'kind')} || ' (' || how
  || CASE WHEN inferred AND basis IS NOT NULL THEN ': ' || basis ELSE '' END || ')'
  || COALESCE('; ' || name || ' is an interested party: ' || CASE WHEN kind IN {accusing}
     THEN 'it accuses its ' ELSE 'the claim is about its ' END || 'opponent'
     || CASE WHEN targets > 1 THEN 's ' ELSE ' ' END || names, '') AS reason
FROM (SELECT c.rid, p.position, c.kind, {name} AS name,
        COALESCE(d.publisher, d.title, p.document) AS document,
        p.attribution = 'inferred' AS inferred,
        CASE WHEN p.attribution = 'inferred' THEN 'the claimant is inferred'
          ELSE 'it reaches the claimant through ' || {_names('p.via')} END AS how,
        (SELECT value FROM facts WHERE parent = c.rid AND rule = 'basis') AS basis,
        {_targets('c.claimant', 'c.about')} AS names,
        (SELECT count(*) FROM json_each(c.about) j
          WHERE {_opponent('c.claimant', 'j.value')}) AS targets
      FROM claims c JOIN appearances p ON p.parent = c.rid
      JOIN documents d ON d.id = p.document AND d.live
      LEFT JOIN actors ca ON ca.id = c.claimant AND ca.live
      WHERE c.live AND ({scope}) AND p.framing = 'asserted'
        AND (p.attribution = 'inferred' OR p.via != '[]') AND c.claimant IS NOT d.voice)"""


def _echoed(scope: str) -> str:
    """Stated as fact in a document's own voice while other claims show it is only some
    actor's allegation, or challenge it."""
    labels = " ".join(f"WHEN '{t}' THEN '{t.inverse_label}'" for t in CHALLENGES)
    repeats = sql_set((RelationType.SAME_AS, RelationType.ELABORATES))
    backed = sql_set(BACKED)
    candidates = ("SELECT c.rid, c.id FROM claims c JOIN actors a ON a.id = c.claimant "
                  f"AND a.live WHERE c.live AND ({scope}) AND a.kind = 'editorial' AND "
                  + _not_in("c.status", BACKED) + " AND EXISTS (SELECT 1 FROM appearances p "
                  "WHERE p.parent = c.rid AND p.framing = 'asserted')")
    other = "o.id, o.claimant, o.kind, o.status, o.statement"
    edges = (f"SELECT e.rid, 0 AS dir, 0 AS f, 0 AS n, r.position, r.type, {other} FROM "
             f"({candidates}) e JOIN relations r ON r.parent = e.rid "
             "JOIN claims o ON o.id = r.target AND o.live "
             f"UNION ALL SELECT e.rid, 1, o.file, o.n, r.position, r.type, {other} FROM "
             f"({candidates}) e JOIN relations r ON r.target = e.id AND r.live "
             "JOIN claims o ON o.rid = r.parent")
    return f"""SELECT rid, 1 AS part, dir AS k1, f AS k2, n AS k3, position AS k4, reason
FROM (SELECT e.rid, e.dir, e.f, e.n, e.position, CASE
  WHEN e.type IN {repeats} AND ok.kind IS NOT NULL AND ok.kind != 'editorial'
       AND e.status NOT IN {backed}
    THEN 'stated as fact, but ' || e.id || ' shows it is only '
      || {_whose('COALESCE(ok.name, e.claimant)', 'e.kind')} || ' (' || e.status || ')'
  WHEN e.dir = 1 AND e.type IN {sql_set(CHALLENGES)}
    THEN 'stated as fact, but ' || CASE e.type {labels} END || ' ' || e.id || ': '
      || e.statement END AS reason
  FROM ({edges}) e LEFT JOIN actors ok ON ok.id = e.claimant AND ok.live)
WHERE reason IS NOT NULL"""


@_rule("inferred-attribution", depends_on=("claim", "actors"))
def inferred_attribution(scope: str) -> str:
    """The claimant is an analyst's inference, waiting for a source that names it."""
    return _select(
        scope, "'no passage names ' || COALESCE(a.name, c.claimant) || ' as the source; "
        "inferred: ' || COALESCE(c.basis_reason, 'no basis given')",
        "EXISTS (SELECT 1 FROM appearances p WHERE p.parent = c.rid "
        "AND p.attribution = 'inferred')", joins=_CLAIMANT)


@_rule("unnamed-in-chain", depends_on=("claim", "actors"))
def unnamed_in_chain(scope: str) -> str:
    """Relayed through a source the document does not name ("it was reported" with the
    claimant named: ``via = ["unnamed-source"]``), citing the document's reporting words;
    vague-attribution says nothing more of that appearance."""
    return _select(
        # The cue is the document's own reporting words: they introduce the outermost link.
        scope, "'relayed through ' || x.name || CASE WHEN j.key = 0 AND p.cue IS NOT NULL "
        f"THEN ' (' || {_quoted('p.cue')} || ')' ELSE '' END || ', whom the document does "
        "not name: who is it?'",
        "1", joins="JOIN appearances p ON p.parent = c.rid, json_each(p.via) j "
        "JOIN actors x ON x.id = j.value AND x.live AND x.kind = 'unnamed'",
        seq="p.position * 1000 + j.key")


@_rule("quote-missing", depends_on=("claim", "documents"))
def quote_missing(scope: str) -> str:
    """An appearance's quote is no longer in its document."""
    return _select(
        scope, "CASE WHEN p.hits IS NULL THEN 'document ' || p.document || ' cannot be read' "
        f"ELSE 'quote no longer found in ' || p.document || ': ' || {_quoted('p.quote')} END",
        # The first condition is appearances_unfound's: the few quotes not found once.
        "(p.hits IS NULL OR p.hits != 1) AND (p.hits IS NULL OR p.hits < 1)",
        joins="JOIN appearances p ON p.parent = c.rid", seq="p.position")


def stale_review(ctx: FlagContext) -> Reasons:
    """The latest review is older than the allowed age (as of the day asked)."""
    if ctx.stale_after is None:
        return
    newest = (ctx.today.toordinal() - ctx.stale_after - 1)
    latest = dt.date.fromordinal(max(1, newest)).isoformat()
    # Any date whose text sorts above the latest allowed day is too recent to be stale.
    # A review of unknown date (NULL) is never stale: its age is unknown.
    scope, params = ctx.scope()
    for rid, reviewed in ctx.index.rows(f"SELECT c.rid, c.reviewed FROM claims c WHERE "
                                        f"({scope}) AND c.reviewed <= ?", [*params, latest]):
        last = PartialDate.parse(reviewed).end
        age = (ctx.today - last).days
        if age > ctx.stale_after:
            yield rid, (f"last reviewed {last.isoformat()}, {age} days ago "
                        f"(limit {ctx.stale_after})")


LIVE = {"stale-review": stale_review}
"""Rules asked each time: their findings depend on the day."""

RULES = (*_KEPT, *LIVE)
"""Every rule by name, in the order findings are listed for a claim."""
