"""What needs a fact-checker's attention: each rule a small named SQL statement.

The rules register with the index (``rules``): their findings are kept there, worked out
again after an edit only for the claims whose findings depend on what changed, and
listing reads them (``findings``).
"""

from __future__ import annotations

from claimtrack.flags.context import Finding, FlagContext
from claimtrack.flags.findings import chosen_rules, find_flags, iter_flags
from claimtrack.flags.rules import LIVE, RULES

__all__ = ["LIVE", "RULES", "Finding", "FlagContext", "chosen_rules", "find_flags",
           "iter_flags"]
