"""A dataset's baseline: findings a person looked at and accepted, kept in the folder.

``claimtrack flags --acknowledge RULE:ID --reason …`` appends an ``[[acknowledged]]`` entry
to the folder's settings file (``claims/claimtrack.toml``) through the edit library,
keeping every comment;
``flags`` then shows the finding as acknowledged and ``--strict`` does not count it, so a
dataset's CI can be strict from its first day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from claimtrack.errors import UsageError, did_you_mean, one_of

if TYPE_CHECKING:
    from claimtrack.edit.session import EditResult
    from claimtrack.index import Index

__all__ = ["Acknowledgement", "acknowledge", "acknowledged", "parse_finding"]


@attrs.frozen
class Acknowledgement:
    """One accepted finding: which rule flagged which claim, why it stands, who and when."""

    rule: str
    claim: str
    reason: str
    by: str = ""
    date: str = ""


def acknowledged(root: Path) -> dict[tuple[str, str], Acknowledgement]:
    """The folder's accepted findings by (rule, claim); none when it records none."""
    from claimtrack.folder import SETTINGS

    try:
        text = (root / SETTINGS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    if "acknowledged" not in text:  # the common case: no baseline, no parse
        return {}
    import tomllib

    try:
        entries = tomllib.loads(text).get("acknowledged", [])
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{root / SETTINGS}: {error}") from None
    found: dict[tuple[str, str], Acknowledgement] = {}
    for number, entry in enumerate(entries if isinstance(entries, list) else []):
        if not (isinstance(entry, dict) and isinstance(entry.get("rule"), str)
                and isinstance(entry.get("claim"), str)):
            raise UsageError(f"{root / SETTINGS}: acknowledged[{number}]: expected rule and "
                             "claim (text)")
        found[(entry["rule"], entry["claim"])] = Acknowledgement(
            entry["rule"], entry["claim"], str(entry.get("reason", "")),
            str(entry.get("by", "")), str(entry.get("date", "")))
    return found


def parse_finding(spec: str) -> tuple[str, str]:
    """``RULE:ID`` as (rule, claim id)."""
    from claimtrack.flags.rules import RULES

    rule, sep, claim = spec.partition(":")
    if not sep or not rule or not claim:
        raise UsageError(f"expected RULE:ID (e.g. single-source:CLAIM-ID), "
                         f"got '{spec}'", field="acknowledge")
    if rule not in RULES:
        raise UsageError(f"unknown rule '{rule}'; {one_of(RULES)}{did_you_mean(rule, RULES)}",
                         field="acknowledge")
    return rule, claim


def acknowledge(index: Index, spec: str, *, reason: str, by: str = "",
                today: dt.date | None = None, dry_run: bool = False) -> EditResult:
    """Record the finding ``RULE:ID`` as accepted, through the edit library (locked,
    atomic, comments kept); refused unless the rule flags the claim now and it is not
    acknowledged yet."""
    from claimtrack.edit import ops
    from claimtrack.edit.session import apply_edit
    from claimtrack.flags.context import FlagContext
    from claimtrack.flags.findings import find_flags
    from claimtrack.folder import SETTINGS, settings_text

    rule, claim = parse_finding(spec)
    if not reason.strip():
        raise UsageError("say why the finding is accepted", field="reason")
    when = today or dt.date.today()

    def flagged_and_new() -> None:
        """Under the lock, with the index up to date: the finding stands and is new."""
        index.claim_rid(claim)
        context = FlagContext(index=index, today=when, ids=[claim])
        if not find_flags(context, rules=[rule]):
            raise UsageError(f"rule {rule} does not flag claim '{claim}'; nothing to "
                             "acknowledge", field="acknowledge")
        if (rule, claim) in acknowledged(index.root):
            raise UsageError(f"{rule}:{claim} is acknowledged already", field="acknowledge")

    record = {"rule": rule, "claim": claim, "reason": reason, "by": by, "date": when}
    return apply_edit(index, index.root / SETTINGS,
                      lambda text: ops.add_record(text or settings_text(), "acknowledged",
                                                  record),
                      dry_run=dry_run, guard=flagged_and_new)
