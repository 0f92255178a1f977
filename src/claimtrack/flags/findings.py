"""List the chosen rules' findings, claim by claim in folder order.

The index keeps the findings of every rule registered with it (``flags.rules``): listing
reads them. A rule asked each time (``LIVE``) runs now, over the claims in scope.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from claimtrack.csvcell import neutralise_sql
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.flags.context import Finding, FlagContext
from claimtrack.flags.rules import LIVE, RULES

__all__ = ["chosen_rules", "find_flags", "iter_flags", "rows"]


def chosen_rules(rules: Sequence[str] = ()) -> list[str]:
    """The rules to run, in order (all by default); raise UsageError on an unknown one."""
    for name in rules:
        if name not in RULES:
            raise UsageError(f"unknown rule '{name}'; {one_of(RULES)}"
                             f"{did_you_mean(name, RULES)}", field="rule")
    return list(rules or RULES)


def iter_flags(ctx: FlagContext, *, rules: Sequence[str] = ()) -> Iterator[Finding]:
    """Every finding of the chosen rules (all by default) on the claims in scope, claim by
    claim in folder order, then in the order the rules are chosen."""
    for rule, claim_id, reason in rows(ctx, rules=rules):
        yield Finding(rule, claim_id, reason)


def rows(ctx: FlagContext, *, rules: Sequence[str] = ()) -> Iterator[tuple[str, str, str]]:
    """``iter_flags`` as (rule, claim, reason) tuples: the fast way to print many."""
    chosen = chosen_rules(rules)
    db = ctx.index.db
    if ctx.scope_params:
        # The scope becomes a table first: the statement below names it more than once.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS scoped (rid INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM scoped")
        db.execute(f"INSERT INTO scoped SELECT c.rid FROM claims c WHERE c.live AND "
                   f"({ctx.scope})", list(ctx.scope_params))
        ctx = attrs.evolve(ctx, scope="c.rid IN (SELECT rid FROM temp.scoped)",
                           scope_params=())
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (rule TEXT PRIMARY KEY, number INTEGER)")
    db.execute("DELETE FROM chosen")
    db.executemany("INSERT OR IGNORE INTO chosen VALUES (?, ?)",
                   ((name, number) for number, name in enumerate(chosen)))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS asked (parent INTEGER, rule TEXT, "
               "seq INTEGER, reason TEXT)")
    db.execute("DELETE FROM asked")
    for name in chosen:
        if name in LIVE:
            db.executemany("INSERT INTO asked VALUES (?, ?, ?, ?)",
                           ((rid, name, seq, reason)
                            for seq, (rid, reason) in enumerate(LIVE[name](ctx))))
    # Ids are slugs when sound, but a bad one is listed too: neutralise a spreadsheet
    # formula here, as every reason begins with a word of ours.
    cursor = db.execute(
        f"SELECT f.rule, {neutralise_sql('c.id')}, f.reason "
        "FROM (SELECT parent, rule, seq, reason FROM findings UNION ALL "
        "SELECT parent, rule, seq, reason FROM temp.asked) f "
        "JOIN temp.chosen k ON k.rule = f.rule JOIN claims c ON c.rid = f.parent "
        f"WHERE c.live AND ({ctx.scope}) ORDER BY c.file, c.n, k.number, f.seq")
    while batch := cursor.fetchmany(2000):
        yield from batch


def find_flags(ctx: FlagContext, *, rules: Sequence[str] = ()) -> list[Finding]:
    """``iter_flags`` as a list."""
    return list(iter_flags(ctx, rules=rules))
