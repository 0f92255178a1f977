"""Helpers the tests share: open a folder's index, check a folder, make a broken one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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


def overlay_case(case: Path, claims: Path) -> None:
    """Make ``claims`` (a copy of the valid dossier) the broken case ``case``: its files
    under ``claims/`` laid over it, those listed in ``delete.txt`` taken away."""
    import shutil

    overlay = case / "claims"
    if overlay.exists():
        for source in sorted(overlay.rglob("*")):
            target = claims / source.relative_to(overlay)
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    deletions = case / "delete.txt"
    if deletions.exists():
        for rel in deletions.read_text().split():
            (claims / rel).unlink()


TODAY = dt.date(2026, 1, 1)
"""The date answers are judged by, so that they never depend on the day tests run."""


class Raised(tuple):  # type: ignore[type-arg]
    """An answer that was an exception: (type name, message), compared like any answer."""


def _safely(ask: Callable[[], object]) -> object:
    try:
        return ask()
    except Exception as error:  # an answer too: both indexes must fail alike
        return Raised((type(error).__name__, str(error)))


def index_answers(index: Index, *, today: dt.date = TODAY) -> dict[str, object]:
    """Everything the commands answer from ``index``, by name: check, flags (every rule),
    the rows of every table, every record, sources and timeline. An answer that raised is
    kept as ``Raised``."""
    from claimtrack.flags import FlagContext, find_flags
    from claimtrack.rows import TABLE_NAMES, iter_rows
    from claimtrack.schema import RECORDS
    from claimtrack.select import Query, Selection
    from claimtrack.sources import source_matrix
    from claimtrack.timeline import timeline

    def report() -> object:
        found = check(index, today=today)
        return found.summary, found.problems

    asks: dict[str, Callable[[], object]] = {
        "check": report,
        "load_problems": index.load_problems,
        "flags": lambda: find_flags(FlagContext(index=index, today=today, stale_after=400)),
        "sources": lambda: source_matrix(index, Selection()),
        "sources_by_kind": lambda: source_matrix(index, Selection(), by_kind=True),
        "timeline": lambda: list(timeline(index, Selection())),
        "timeline_occurred": lambda: list(timeline(index, Selection(), by_occurred=True)),
    }
    for table in TABLE_NAMES:
        asks[f"rows:{table}"] = lambda table=table: list(iter_rows(index, Query(view=table)))
    for table in RECORDS:
        asks[f"records:{table}"] = lambda table=table: index.records(table)
    return {name: _safely(ask) for name, ask in asks.items()}


def raised(found: dict[str, object]) -> list[str]:
    """The answers that were exceptions."""
    return [f"{name}: {value}" for name, value in found.items() if isinstance(value, Raised)]


def answers(root: Path, *, cache: bool, today: dt.date = TODAY) -> dict[str, object]:
    """``index_answers`` of the folder from its cached index (brought up to date) or from a
    fresh in-memory one."""
    with Index.open(root, cache=cache) as index:
        return index_answers(index, today=today)


def differences(got: dict[str, object], want: dict[str, object]) -> str:
    """Which answers differ, and the first few items that do: an assertion's message."""
    lines = []
    for name in sorted(set(got) | set(want)):
        a, b = got.get(name), want.get(name)
        if a == b:
            continue
        lines.append(f"{name} differs:")
        if isinstance(a, list) and isinstance(b, list):
            lines += [f"  only in first:  {x!r}" for x in a if x not in b][:5]
            lines += [f"  only in second: {x!r}" for x in b if x not in a][:5]
            if all(x in b for x in a) and all(x in a for x in b):
                lines.append("  same items, another order")
        else:
            lines += [f"  first:  {a!r}"[:2000], f"  second: {b!r}"[:2000]]
    return "\n".join(lines)
