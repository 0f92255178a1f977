"""claimtrack: track attributed claims — who claimed what, where, and what became of it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from claimtrack._version import __version__

DERIVERS = ("claimtrack.check", "claimtrack.flags.rules")
"""The modules that register what the index works out for them (``claimtrack.index.
registry``): the index imports nothing above it, so the package names them here and the
index's registry imports them before the first index opens."""

# claimtrack's NumPy work (the sentence encoder, spaCy's parser) is many small matrices:
# BLAS threads only contend for the cores. On a busy 2-core machine a warm forward pass of
# one sentence took 0.80 s with OpenBLAS's two threads and 0.13 s with one; a folder's
# claims are embedded by worker processes, one core each. Set before NumPy is imported
# (BLAS reads it once), so here, where every claimtrack import begins; a value the user
# set is kept.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

__all__ = [
    "DERIVERS",
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
