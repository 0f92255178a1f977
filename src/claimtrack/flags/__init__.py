"""What needs a fact-checker's attention: each rule a small named function over the index.

A rule reads the index with SQL and says, for each claim it flags, why (``rules``). What a
rule finds in a claim alone is worked out when the claim's file is indexed
(``local_facts``); the findings of the rules that look across claims are kept in the index
and worked out again only for the claims an edit touches (``findings.refresh``).
"""

from __future__ import annotations

from claimtrack.flags.context import Finding, FlagContext
from claimtrack.flags.findings import chosen_rules, find_flags, iter_flags, refresh
from claimtrack.flags.rules import RULES, STORED, local_facts

__all__ = ["RULES", "STORED", "Finding", "FlagContext", "chosen_rules", "find_flags",
           "iter_flags", "local_facts", "refresh"]
