"""Helpers the tests share: open a folder's index, check a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimtrack.check import CheckReport, check
from claimtrack.index import Index


def check_folder(root: Path, *, today: dt.date | None = None,
                 cache: bool = False) -> CheckReport:
    """``check`` of the folder, with its problems' paths as a user sees them."""
    import attrs

    with Index.open(root, cache=cache) as index:
        report = check(index, today=today)
        return attrs.evolve(report, problems=tuple(p.shown(root) for p in report.problems))
