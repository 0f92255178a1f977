"""Run the chosen rules and list their findings, claim by claim in folder order.

Findings of the ``STORED`` rules are kept in the index's ``findings`` table: ``refresh``
works them out for the claims an edit touched (``sync`` calls it), and listing reads
them. The other rules are quick and run each time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from claimtrack.csvcell import neutralise_sql
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.flags.context import Finding, FlagContext
from claimtrack.flags.rules import RULES, STORED

if TYPE_CHECKING:
    import sqlite3

    from claimtrack.index import Index

__all__ = ["chosen_rules", "find_flags", "iter_flags", "refresh", "rows"]


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
    chosen = chosen_rules(rules)
    for number, claim_id, reason in _rows(ctx, chosen):
        yield Finding(chosen[number], claim_id, reason)


def rows(ctx: FlagContext, *, rules: Sequence[str] = ()) -> Iterator[tuple[str, str, str]]:
    """``iter_flags`` as (rule, claim, reason) tuples: the fast way to print many."""
    chosen = chosen_rules(rules)
    for number, claim_id, reason in _rows(ctx, chosen):
        yield chosen[number], claim_id, reason


def _rows(ctx: FlagContext, chosen: list[str]) -> Iterator[tuple[int, str, str]]:
    db = ctx.index.db
    if ctx.scope_params:
        # Rules SQL says all of run as one statement: the scope becomes a table first.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS scoped (rid INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM scoped")
        db.execute(f"INSERT INTO scoped SELECT c.rid FROM claims c WHERE c.live AND "
                   f"({ctx.scope})", list(ctx.scope_params))
        ctx = attrs.evolve(ctx, scope="c.rid IN (SELECT rid FROM temp.scoped)",
                           scope_params=())
    db.execute("CREATE TEMP TABLE IF NOT EXISTS asked (parent INTEGER, rule INTEGER, "
               "seq INTEGER, reason TEXT)")
    db.execute("DELETE FROM asked")
    parts: list[str] = []
    for number, name in enumerate(chosen):
        if name in STORED:
            parts.append(f"SELECT f.parent AS rid, {number} AS rule, f.seq AS seq, f.reason "
                         f"FROM findings f JOIN claims c ON c.rid = f.parent "
                         f"WHERE f.rule = '{name}' AND c.live AND ({ctx.scope})")
            continue
        found = RULES[name](ctx)
        if isinstance(found, str):
            parts.append(f"SELECT rid, {number} AS rule, seq, reason FROM ({found})")
            continue
        db.executemany("INSERT INTO asked VALUES (?, ?, ?, ?)",
                       ((rid, number, seq, reason) for seq, (rid, reason) in enumerate(found)))
    parts.append("SELECT parent AS rid, rule, seq, reason FROM temp.asked")
    # Ids are slugs when sound, but a bad one is listed too: neutralise a spreadsheet
    # formula here, as every reason begins with a word of ours.
    cursor = db.execute(
        f"SELECT f.rule, {neutralise_sql('c.id')}, f.reason "
        f"FROM ({' UNION ALL '.join(parts)}) f "
        "JOIN claims c ON c.rid = f.rid ORDER BY c.file, c.n, f.rule, f.seq")
    while batch := cursor.fetchmany(2000):
        yield from batch


def find_flags(ctx: FlagContext, *, rules: Sequence[str] = ()) -> list[Finding]:
    """``iter_flags`` as a list."""
    return list(iter_flags(ctx, rules=rules))


def refresh(index: Index, scope: str) -> None:
    """Work the ``STORED`` rules' findings out again for the claims ``scope`` (a condition
    on ``c``) selects, replacing what was kept for them."""
    db: sqlite3.Connection = index.db
    db.execute(f"DELETE FROM findings WHERE parent IN (SELECT c.rid FROM claims c "
               f"WHERE {scope})")
    ctx = FlagContext(index=index, today=dt.date.today(), scope=scope)
    for name in STORED:
        found = RULES[name](ctx)
        assert not isinstance(found, str), "stored rules yield their findings"
        kept = []
        seq: dict[int, int] = {}
        for rid, reason in found:
            seq[rid] = seq.get(rid, -1) + 1
            kept.append((rid, name, seq[rid], reason))
        db.executemany("INSERT INTO findings (parent, rule, seq, reason) VALUES (?, ?, ?, ?)",
                       kept)
