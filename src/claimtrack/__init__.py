"""claimtrack: track attributed claims — who claimed what, where, and what became of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorKind",
    "Appearance",
    "CheckReport",
    "Claim",
    "ClaimKind",
    "ClaimsNotFoundError",
    "ClaimtrackError",
    "Document",
    "Framing",
    "Index",
    "PartialDate",
    "Problem",
    "Relation",
    "RelationType",
    "Review",
    "Status",
    "UsageError",
    "__version__",
    "check",
    "find_claims_dir",
]

# The public API is imported lazily so that `claimtrack --version` and other light
# commands do not pay for attrs/cattrs/tomllib at start-up.
_WHERE = {
    "Actor": "model", "ActorKind": "model", "Appearance": "model", "Claim": "model",
    "ClaimKind": "model", "Document": "model", "Framing": "model", "Relation": "model",
    "RelationType": "model", "Review": "model", "Status": "model",
    "PartialDate": "dates",
    "Problem": "errors", "ClaimtrackError": "errors", "UsageError": "errors",
    "ClaimsNotFoundError": "errors",
    "Index": "index",
    "CheckReport": "check", "check": "check",
    "find_claims_dir": "find",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"claimtrack.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")


if TYPE_CHECKING:
    from claimtrack.check import CheckReport, check
    from claimtrack.dates import PartialDate
    from claimtrack.errors import ClaimsNotFoundError, ClaimtrackError, Problem, UsageError
    from claimtrack.find import find_claims_dir
    from claimtrack.index import Index
    from claimtrack.model import (
        Actor,
        ActorKind,
        Appearance,
        Claim,
        ClaimKind,
        Document,
        Framing,
        Relation,
        RelationType,
        Review,
        Status,
    )
