"""Findings grouped by claim: one row a claim, its rules counted and named.

Listed finding by finding, a folder's most common rule (``unverified``) buries the rest;
grouped, each claim is one row saying how many findings it has and which.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["BY_CLAIM_COLUMNS", "by_claim", "rules_except"]

BY_CLAIM_COLUMNS = ["claim", "findings", "rules", "acknowledged"]
"""The columns of ``by_claim``'s rows."""


def by_claim(findings: Iterable[tuple[str, str, bool]]) -> list[dict[str, Any]]:
    """(rule, claim, acknowledged) findings as one row per claim, in the order the claims
    first come: the number of findings, the rules (each once, in order) and those of them
    acknowledged."""
    rows: dict[str, dict[str, Any]] = {}
    for rule, claim, accepted in findings:
        row = rows.setdefault(claim, {"claim": claim, "findings": 0, "rules": [],
                                      "acknowledged": []})
        row["findings"] += 1
        if rule not in row["rules"]:
            row["rules"].append(rule)
        if accepted and rule not in row["acknowledged"]:
            row["acknowledged"].append(rule)
    return [{**row, "rules": tuple(row["rules"]), "acknowledged": tuple(row["acknowledged"])}
            for row in rows.values()]


def rules_except(every: Iterable[str], excluded: Iterable[str]) -> list[str]:
    """The rules of ``every``, in order, but those ``excluded``."""
    left_out = set(excluded)
    return [rule for rule in every if rule not in left_out]
