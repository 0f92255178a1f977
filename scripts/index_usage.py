"""Which of the index's SQLite indexes the queries use, shown with EXPLAIN QUERY PLAN.

    python scripts/index_usage.py [--claims 2000] [--show-unused-statements]

Builds a generated folder (benchmarks/generate.py), then runs every golden case of
tests/golden.py (read commands and exports, through the query layer), the edit commands,
a first reading, a reading after a change to one dossier, to actors.toml and to a
document text, in process, with every statement the index runs traced. Each distinct
statement is explained (EXPLAIN QUERY PLAN) on the connection that ran it, before it
closes (its temporary tables still there), and the indexes its plan names are counted.
Prints a Markdown table: each index of ``claimtrack.index.store.ddl()``, how many distinct
statements use it, and one of them; an index no statement uses is a candidate to drop.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import golden  # noqa: E402
from generate import generate  # noqa: E402

from claimtrack.index import store  # noqa: E402

_USING = re.compile(r"USING (?:COVERING )?INDEX (\w+)")
_NAMED = re.compile(r"INDEXED BY (\w+)")


class Tracer:
    """Every statement run on the index's connections, explained before each closes."""

    def __init__(self) -> None:
        self.plans: dict[str, set[str]] = {}
        self.failed: Counter[str] = Counter()

    def install(self) -> None:
        """Trace every connection ``claimtrack.index`` opens from now on."""
        import claimtrack.index as package

        original = store.connect
        tracer = self

        def traced(path: Path | None, *, fresh: bool = False) -> sqlite3.Connection:
            db = original(path, fresh=fresh)
            seen: list[str] = []
            db.set_trace_callback(seen.append)
            _explained[id(db)] = (db, seen)
            return db

        close = package.Index.close

        def explaining(index: package.Index) -> None:
            found = _explained.pop(id(index.db), None)
            if found is not None:
                tracer.explain(*found)
            close(index)

        package.connect = traced  # type: ignore[attr-defined]
        package.Index.close = explaining  # type: ignore[method-assign]
        store.connect = traced  # type: ignore[assignment]

    def explain(self, db: sqlite3.Connection, seen: list[str]) -> None:
        """Explain each statement ``db`` ran (once per distinct text)."""
        db.set_trace_callback(None)
        for statement in dict.fromkeys(seen):
            head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
            if head not in ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE"):
                continue
            key = re.sub(r"'[^']*'|\b\d+\b", "?", statement)
            if key in self.plans:
                continue
            try:
                plan = db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
            except sqlite3.Error as error:
                self.failed[str(error)[:60]] += 1
                continue
            used = {m for row in plan for m in _USING.findall(row[3])}
            used |= set(_NAMED.findall(statement))
            self.plans[key] = used


_explained: dict[int, tuple[sqlite3.Connection, list[str]]] = {}


def _run(root: Path, args: list[str]) -> None:
    golden.run(root, args, cache=True)


def main() -> None:
    """Run the commands, then print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--show-unused-statements", action="store_true")
    args = parser.parse_args()
    tracer = Tracer()
    tracer.install()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
        root = Path(tmp) / "claims"
        generate(root, args.claims, max(1, args.claims // 100), seed=3)
        for folder_args in golden.cases("generated").values():
            _run(root, folder_args)
        for edit in (["review", "claim-3", "--status", "disputed", "--date", "2024-01-01",
                      "--note", "traced", "--by", "desk"],
                     ["link", "claim-4", "supports", "claim-9"],
                     ["accept", "claim-5", "--by", "desk"],
                     ["new-actor", "--name", "Traced Person", "--kind", "person"],
                     ["remove", "claim-11", "--unlink"]):
            _run(root, edit)
        dossier = sorted(root.glob("dossier-*.toml"))[1]
        dossier.write_text(dossier.read_text() + "\n# touched\n")
        _run(root, ["list"])
        actors = root / "actors.toml"
        actors.write_text(actors.read_text().replace('kind = "media"', 'kind = "court"', 1))
        _run(root, ["flags"])
        text = sorted((root / "documents").glob("*.txt"))[0]
        text.write_text(text.read_text() + "A new closing line.\n")
        _run(root, ["check"])
        shutil.rmtree(Path(tmp) / "cache")
        _run(root, ["list"])  # a first reading, traced
    declared = re.findall(r"CREATE INDEX (\w+)", store.ddl())
    uses: dict[str, list[str]] = defaultdict(list)
    for statement, used in tracer.plans.items():
        for name in used:
            uses[name].append(statement)
    print(f"{len(tracer.plans)} distinct statements explained; "
          f"{sum(tracer.failed.values())} could not be (another connection's temp tables)\n")
    print("| index | statements using it | one of them |")
    print("|---|---:|---|")
    for name in declared:
        example = min(uses[name], key=len)[:110].replace("|", "\\|") if uses[name] else ""
        print(f"| `{name}` | {len(uses[name])} | {example} |")
    unused = [name for name in declared if not uses[name]]
    print(f"\nunused: {', '.join(unused) or 'none'}")


if __name__ == "__main__":
    main()
