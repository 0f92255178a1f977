"""What the index works out beyond the records, declared by the modules that need it.

The index is the ground floor: it imports nothing above it. Modules above register here
what they want it to keep, and the index asks the registry, never them:

- a **table** of derived rows (``DerivedTable``): rows belong to one record (``parent``)
  of one file (``file``), so a file read again takes its rows with it;
- a **record deriver** (``RecordDeriver``): reads one record when its file is indexed (in
  the worker processes of a first reading too) and gives rows for a derived table — the
  checks inside one record, the facts the flag rules read, a search index;
- a **finding rule** (``FindingRule``): SQL over the index saying, per claim, why it
  needs attention; it declares what its findings depend on (``depends_on``), so that
  after an edit the index judges again exactly the claims a change can concern;
- a **dependency** (``Dependency``) beyond the index's own (``DEPENDENCIES``): SQL giving
  the claims a change concerns in some way only its registrant knows of.

Which modules register is said once, by the package (``claimtrack.DERIVERS``); ``load``
imports them when the index first needs what they register (a warm read needs none of
it). The cache's name holds a digest of their code (``signature``), so an index filled
under other derivers is never read.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "CHANGE_TABLES",
    "DEPENDENCIES",
    "Dependency",
    "DerivedTable",
    "FindingRule",
    "RecordDeriver",
    "dependencies",
    "dependency",
    "finding_rule",
    "finding_rules",
    "load",
    "record_deriver",
    "record_derivers",
    "signature",
    "table",
    "tables",
]

from claimtrack.schema import Value

DEPENDENCIES: dict[str, str] = {
    "claim": "the claim's own record (its file was read again, or a duplicate of its id "
             "came or went)",
    "actors": "an actor the claim names (claimant, about, via): its name, kind or "
              "affiliation",
    "documents": "a document the claim appears in: its voice, publisher, title or text",
    "groups": "the affiliation chain of the claimant or of an actor the claim is about",
    "relations": "a claim related to it either way, concerned by the change in any of the "
                 "ways the other dependencies say",
}
"""What the index itself knows a finding may depend on, by name. Registered dependencies
(``dependency``) add to it."""

CHANGE_TABLES: dict[str, str] = {
    "temp.dirty_files(name)": "the files read again or gone",
    "temp.changed_claims(id)": "ids of claims written or taken away (failed ones too)",
    "temp.changed_actors(id)": "ids of actors whose name, kind or affiliation changed, or "
                               "who came or went",
    "temp.changed_documents(id)": "ids of documents whose voice, publisher, title or text "
                                  "changed, or which came or went",
    "temp.members(id)": "the changed actors and every actor affiliated with one, down the "
                        "chain",
    "temp.old_claims(rid, id, claimant, live)": "the claims the dirty files held, before",
    "temp.old_<table>": "the rows the dirty files held in each derived table, before",
}
"""What a dependency's SQL may read about the change, besides the index as it now is."""


@attrs.frozen
class DerivedTable:
    """A table of rows derived from records: ``parent`` (the record's row) and ``file``
    come first, then ``columns`` (as in CREATE TABLE)."""

    name: str
    columns: str
    indexes: tuple[str, ...] = ()
    """Each an index's column list, e.g. ``"(rule, value)"``."""
    by_parent: bool = True
    """Whether rows are looked up by their record (an index on ``parent``)."""

    def ddl(self) -> list[str]:
        """The CREATE statements of the table and its indexes."""
        found = [f"CREATE TABLE {self.name} (parent INTEGER, file TEXT, {self.columns})",
                 f"CREATE INDEX {self.name}_file ON {self.name} (file)"]
        if self.by_parent:
            found.append(f"CREATE INDEX {self.name}_parent ON {self.name} (parent)")
        found += [f"CREATE INDEX {self.name}_{n} ON {self.name} {columns}"
                  for n, columns in enumerate(self.indexes)]
        return found


@attrs.frozen
class RecordDeriver:
    """Rows for ``table`` from each record of the record table ``reads``."""

    name: str
    reads: str
    table: str
    derive: Callable[[Any, Path], Iterable[tuple[Value, ...]]]
    """(record, claims folder) -> the rows' values after ``parent`` and ``file``."""


@attrs.frozen
class FindingRule:
    """A rule whose findings the index keeps: ``select`` gives, for the claims a scope
    keeps (a condition on ``c``, the claims table), ``rid``, ``seq`` (the order of the
    claim's findings) and ``reason``."""

    name: str
    depends_on: frozenset[str]
    select: Callable[[str], str]


@attrs.frozen
class Dependency:
    """A way a change can concern a claim: ``select`` (SQL) gives the ``rid`` of each claim
    concerned, reading the index and ``CHANGE_TABLES``."""

    name: str
    select: str


_DEPENDENCIES: dict[str, Dependency] = {}
_TABLES: dict[str, DerivedTable] = {}
_DERIVERS: dict[str, RecordDeriver] = {}
_RULES: dict[str, FindingRule] = {}


def table(name: str, columns: str, *, indexes: Iterable[str] = (), by_parent: bool = True
          ) -> DerivedTable:
    """Register a table of derived rows (again with the same columns: nothing changes)."""
    found = DerivedTable(name, columns, tuple(indexes), by_parent)
    if _TABLES.setdefault(name, found) != found:
        raise ValueError(f"derived table {name} is registered with other columns")
    return found


def record_deriver(name: str, *, reads: str, table: str
                   ) -> Callable[[Callable[[Any, Path], Iterable[tuple[Value, ...]]]],
                                 Callable[[Any, Path], Iterable[tuple[Value, ...]]]]:
    """Register the decorated function as a record deriver: ``fn(record, root)`` gives
    rows for ``table`` from each record of ``reads``."""
    def register(fn: Callable[[Any, Path], Iterable[tuple[Value, ...]]]
                 ) -> Callable[[Any, Path], Iterable[tuple[Value, ...]]]:
        if table not in _TABLES:
            raise ValueError(f"deriver {name}: register table {table} first")
        _DERIVERS[name] = RecordDeriver(name, reads, table, fn)
        return fn
    return register


def finding_rule(name: str, *, depends_on: Iterable[str]
                 ) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Register the decorated function as a rule whose findings the index keeps;
    ``depends_on`` names what they depend on (keys of ``DEPENDENCIES``)."""
    wanted = frozenset(depends_on)
    known = [*DEPENDENCIES, *_DEPENDENCIES]
    if wanted - set(known) or "claim" not in wanted:
        raise ValueError(f"rule {name}: depends_on must name 'claim' and only "
                         f"{', '.join(known)} (got {', '.join(sorted(wanted))})")

    def register(fn: Callable[[str], str]) -> Callable[[str], str]:
        _RULES[name] = FindingRule(name, wanted, fn)
        return fn
    return register


def dependency(name: str, select: str) -> Dependency:
    """Register a way a change can concern a claim (``Dependency``), before the rules
    that name it."""
    if name in DEPENDENCIES:
        raise ValueError(f"dependency {name} is the index's own")
    found = _DEPENDENCIES[name] = Dependency(name, select)
    return found


def dependencies() -> dict[str, Dependency]:
    """The registered dependencies (the index's own are not among them), by name."""
    load()
    return dict(_DEPENDENCIES)


def tables() -> dict[str, DerivedTable]:
    """Every registered derived table, by name."""
    load()
    return dict(_TABLES)


def record_derivers(reads: str | None = None) -> list[RecordDeriver]:
    """The registered record derivers (of one record table), in registration order."""
    load()
    return [d for d in _DERIVERS.values() if reads is None or d.reads == reads]


def finding_rules() -> dict[str, FindingRule]:
    """The registered finding rules, by name, in registration order."""
    load()
    return dict(_RULES)


_PACKAGE = Path(__file__).resolve().parent.parent

_loaded: list[str] = []


def load() -> None:
    """Import the modules the package names as derivers (``claimtrack.DERIVERS``), once."""
    if _loaded:
        return
    _loaded.append("loading")  # a module that registers calls back in: do not recurse
    package = sys.modules.get(__name__.split(".")[0])
    for module in getattr(package, "DERIVERS", ()):
        __import__(module)  # (python -X importtime sees it; importlib's would not be)
    _loaded[0] = "loaded"


def signature() -> str:
    """A digest of the code of the modules that register (``claimtrack.DERIVERS``, with the
    other modules of a subpackage among them): an index filled by other derivers, or other
    code, is never read. Read from the source files, so a warm command need not import
    them."""
    digest = hashlib.sha256()
    package = sys.modules.get(__name__.split(".")[0])
    for module in getattr(package, "DERIVERS", ()):
        parts = module.split(".")[1:]
        source = _PACKAGE.joinpath(*parts).with_suffix(".py")
        files = sorted(source.parent.glob("*.py")) if len(parts) > 1 else [source]
        for path in files:
            digest.update(path.name.encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(module.encode())
    return digest.hexdigest()[:16]
