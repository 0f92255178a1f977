"""List the chosen rules' findings, claim by claim in folder order.

The index keeps the findings of every rule registered with it (``flags.rules``): listing
reads them. A rule asked each time (``LIVE``) runs now, over the claims in scope.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from claimtrack.csvcell import neutralise_sql
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.flags.context import Finding, FlagContext
from claimtrack.flags.rules import LIVE, RULES

__all__ = ["COLUMNS", "chosen_rules", "find_flags", "iter_flags", "rows"]


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
    for rule, claim_id, reason, _ in rows(ctx, rules=rules):
        yield Finding(rule, claim_id, reason)


COLUMNS = ["rule", "claim", "reason"]
"""What a finding is listed as."""


def rows(ctx: FlagContext, *, rules: Sequence[str] = (), order: Sequence[str] = (),
         limit: int | None = None,
         accepted: Mapping[tuple[str, str], str] | None = None
         ) -> Iterator[tuple[str, str, str, bool]]:
    """``iter_flags`` as (rule, claim, reason, acknowledged) tuples, the fast way to print
    many: in ``order`` (columns, ``-name`` descending) when given, at most ``limit``. A
    finding ``accepted`` (by rule and claim) has its reason begin ``acknowledged (WHY): ``.
    """
    from claimtrack.select import ViewColumn, ordering

    chosen = chosen_rules(rules)
    db = ctx.index.db
    scope, params = ctx.scope()
    _table(db, "chosen", "rule TEXT PRIMARY KEY, number INTEGER",
           [(name, number) for number, name in enumerate(chosen)])
    _table(db, "accepted", "rule TEXT, claim TEXT, reason TEXT, PRIMARY KEY (rule, claim)",
           [(rule, claim, why) for (rule, claim), why in (accepted or {}).items()])
    found = "findings"
    if any(name in LIVE for name in chosen):
        _table(db, "asked", "parent INTEGER, rule TEXT, seq INTEGER, reason TEXT", [])
        for name in chosen:
            if name in LIVE:
                db.executemany("INSERT INTO temp.asked VALUES (?, ?, ?, ?)",
                               ((rid, name, seq, reason)
                                for seq, (rid, reason) in enumerate(LIVE[name](ctx))))
        found = ("(SELECT parent, rule, seq, reason FROM findings UNION ALL "
                 "SELECT parent, rule, seq, reason FROM temp.asked)")
    # Ids are slugs when sound, but a bad one is listed too: neutralise a spreadsheet
    # formula here, as every reason begins with a word of ours.
    shown = {"rule": ViewColumn("rule", "text", "f.rule"),
             "claim": ViewColumn("claim", "text", neutralise_sql("c.id")),
             "reason": ViewColumn("reason", "text", "CASE WHEN k.reason IS NULL THEN f.reason "
                                  "ELSE 'acknowledged (' || k.reason || '): ' || f.reason "
                                  "END")}
    sql = (f"SELECT {', '.join(c.sql for c in shown.values())}, k.reason IS NOT NULL "
           f"FROM claims c JOIN {found} f ON f.parent = c.rid "
           "JOIN temp.chosen n ON n.rule = f.rule "
           "LEFT JOIN temp.accepted k ON k.rule = f.rule AND k.claim = c.id "
           f"WHERE {scope} ORDER BY {ordering(order, shown)}c.file, c.n, n.number, f.seq")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = db.execute(sql, params)
    while batch := cursor.fetchmany(2000):
        for rule, claim, reason, acknowledged in batch:
            yield rule, claim, reason, bool(acknowledged)


def _table(db: sqlite3.Connection, name: str, columns: str, values: list[tuple[Any, ...]]
           ) -> None:
    """A temporary table ``name`` holding just ``values``."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    db.execute(f"DELETE FROM temp.{name}")
    if values:
        db.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES "
                       f"({', '.join('?' * len(values[0]))})", values)


def find_flags(ctx: FlagContext, *, rules: Sequence[str] = ()) -> list[Finding]:
    """``iter_flags`` as a list."""
    return list(iter_flags(ctx, rules=rules))
